/**
 * The product's end-to-end scenarios, written with miniprogram-automator's API and run on the
 * preview in Debian's Chromium against a local cloud of their own with the demo data. They run on
 * the preview only: they act as several users at once and move the cloud's clock, which one
 * DevTools window signed in as one WeChat account against the real cloud cannot do.
 * Each step leaves a screenshot in test-artifacts/<scenario>/.
 */
import type { Browser } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../preview/server';
import { DEMO_ENV, DEMO_USER_LABELS, DEMO_USERS, seedDemo } from '../../scripts/demo';
import { apiAs, everyHome, okAs } from '../support/api';
import { renovationForm } from '../support/renovation';
import { describeInBrowser, launchChromium } from '../support/browser';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { previewPhones } from '../support/automator';
import { Scenario, dataUntil, pageAt, tap, type, until, type Phones } from '../support/scenario';

/** A 1×1 PNG, as a photo picked from the album. */
const PHOTO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

interface TicketView {
  id: string;
  number: string;
  status: string;
  escalationText?: string;
}

describeInBrowser('scenarios in the preview (miniprogram-automator)', () => {
  let cloud: RunningCloud;
  let preview: RunningPreview;
  let browser: Browser;
  let phones: Phones;
  /** A second community with a customer-service member of its own. */
  const otherCs = 'o-e2e-other-cs';
  let otherCommunityId = '';
  /** An owner of another home of the demo community, verified, with no renovation yet (the demo owner's is under way). */
  const renovatingOwner = 'o-e2e-renovating-owner';

  beforeAll(async () => {
    cloud = await startLocalCloud();
    await seedDemo(cloud.url);
    const admin = okAs(DEMO_ENV, DEMO_USERS.admin, cloud.url);
    const other = await admin('community.create', { name: '翠湖苑', address: '成都市武侯区翠湖路 8 号', phones: { emergency: '028-86660110', service24h: '028-86660000', complaint: '028-86660123' } });
    otherCommunityId = other.id;
    const invite = await admin('invite.create', { roles: ['cs'], communityIds: [other.id] });
    await okAs(DEMO_ENV, otherCs, cloud.url)('invite.redeem', { code: invite.code, name: '客服小赵' });
    const community = (await admin('directory.communities', {})).find((candidate) => candidate.name === '锦城花园')!;
    const home = (await everyHome(admin, community.id)).find((unit) => unit.room === '202');
    if (!home) throw new Error('the demo roster has no unit 202');
    const binding = await okAs(DEMO_ENV, renovatingOwner, cloud.url)('binding.request', { unitId: home.id, relation: 'owner', name: '刘洋', phone: '13800000004', proofFileIds: [] });
    await okAs(DEMO_ENV, DEMO_USERS.cs, cloud.url)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    preview = await startPreview({ port: 0, cloudUrl: cloud.url, env: DEMO_ENV, users: DEMO_USER_LABELS });
    browser = await launchChromium();
    phones = previewPhones({ browser, preview, cloudUrl: cloud.url, env: DEMO_ENV });
  }, 180_000);

  afterAll(async () => {
    await phones?.close();
    await browser?.close();
    await preview?.close();
    await cloud?.stop();
  });

  /** The owner's new-ticket form: a kind, the first item of it, a description; returns the ticket as the result card shows it. */
  async function fileTicket(scenario: Scenario, kindLabel: string, description: string, withPhoto: boolean): Promise<{ id: string; number: string }> {
    const owner = await phones.as(DEMO_USERS.owner);
    const app = owner.miniProgram;
    const page = await scenario.step('owner opens 报事报修', owner, async () => {
      const opened = (await app.reLaunch('/pages/ticket/new'))!;
      await dataUntil<string>(opened, 'status', (status) => status === 'ready', 'the form to load');
      return opened;
    });
    await scenario.step(`owner chooses ${kindLabel} and the first item`, owner, async () => {
      if (kindLabel !== '报修') {
        const tabs = await page.$$('#kind >>> .t-tabs__item');
        let found = false;
        for (const item of tabs) if ((await item.text()).includes(kindLabel)) {
          await item.tap();
          found = true;
          break;
        }
        if (!found) throw new Error(`no ${kindLabel} tab`);
      }
      await dataUntil<boolean>(page, 'catalogLoading', (loading) => loading === false);
      await tap(page, '#category t-radio');
      await dataUntil<string>(page, 'category', (category) => category !== '');
    });
    await scenario.step('owner describes the problem', owner, async () => {
      await type(page, '#description', description);
      await dataUntil<number>(page, 'descriptionLength', (length) => length === description.length);
    });
    if (withPhoto) {
      await scenario.step('owner adds a photo', owner, async () => {
        await app.mockWxMethod('chooseMedia', { type: 'image', tempFiles: [{ tempFilePath: PHOTO, size: 68, fileType: 'image', width: 1, height: 1 }] });
        await tap(page, '#photos >>> .t-upload__add-icon');
        await dataUntil<string[]>(page, 'photoIds', (ids) => ids.length === 1 && ids[0] !== '', 'the photo to upload');
        await app.restoreWxMethod('chooseMedia');
      });
    }
    return scenario.step('owner submits and allows progress notifications', owner, async () => {
      await tap(page, '#submit');
      await until(() => owner.screenText(), (text) => text.includes('申请向你发送'), 'the subscription prompt');
      await app.native().authorizeAllow();
      const result = await dataUntil<{ id: string; number: string; notified: boolean } | null>(page, 'result', (value) => Boolean(value?.number), 'the result card');
      expect(result!.notified).toBe(true);
      expect(await owner.screenText()).toContain(result!.number);
      return { id: result!.id, number: result!.number };
    });
  }

  /**
   * What the phone shows, answering WeChat's subscription prompt with 允许 when it is up: the page
   * asks from the tap when the server says the owner's progress messages are running low, which
   * depends on whether its consent state had loaded before the tap.
   */
  const allowingPrompt = (phone: Awaited<ReturnType<Phones['as']>>) => async (): Promise<string> => {
    const text = await phone.screenText();
    if (text.includes('申请向你发送')) await phone.miniProgram.native().authorizeAllow();
    return text;
  };

  test('an owner reports a repair with a photo; staff accept, assign and resolve it; the owner is notified, confirms and rates', async () => {
    const scenario = new Scenario('repair-with-photo');
    const ticket = await fileTicket(scenario, '报修', '卫生间水龙头一直滴水，关不紧', true);

    const cs = await phones.as(DEMO_USERS.cs);
    const staffPage = await scenario.step('客服 opens the ticket and accepts it', cs, async () => {
      const page = (await cs.miniProgram.reLaunch(`/packages/staff/pages/ticket/index?id=${ticket.id}`))!;
      await dataUntil<TicketView | null>(page, 'ticket', (view) => view?.number === ticket.number);
      expect((await page.data('ticket.photoUrls')) as string[]).toHaveLength(1);
      await tap(page, '#action-accept');
      await dataUntil<string>(page, 'ticket.status', (status) => status === 'accepted', 'the ticket to be accepted');
      return page;
    });
    await scenario.step('客服 assigns 维修老李', cs, async () => {
      await tap(staffPage, '#action-assign');
      const options = await dataUntil<{ label: string; value: string }[]>(staffPage, 'technicians', (list) => list.length > 0);
      const index = options.findIndex((option) => option.value === DEMO_USERS.tech);
      const radios = await until(() => staffPage.$$('#technician >>> t-radio') as Promise<{ tap(): Promise<void> }[]>, (list) => list.length > index, 'the technicians');
      await radios[index].tap();
      await tap(staffPage, '#assign-sheet >>> #submit-assign');
      await dataUntil<string>(staffPage, 'ticket.status', (status) => status === 'assigned', 'the ticket to be assigned');
    });

    const tech = await phones.as(DEMO_USERS.tech);
    await scenario.step('维修 resolves it with a note', tech, async () => {
      const page = (await tech.miniProgram.reLaunch(`/packages/staff/pages/ticket/index?id=${ticket.id}`))!;
      await dataUntil<TicketView | null>(page, 'ticket', (view) => view?.number === ticket.number);
      await tap(page, '#action-resolve');
      await type(page, '#resolve-sheet >>> #resolve-note', '已更换水龙头阀芯，试水无渗漏');
      await tap(page, '#resolve-sheet >>> #submit-resolve');
      await dataUntil<string>(page, 'ticket.status', (status) => status === 'resolved', 'the ticket to be resolved');
    });

    const owner = await phones.as(DEMO_USERS.owner);
    await scenario.step('the owner sees the notification and the resolved status', owner, async () => {
      const notices = await until(() => owner.notifications(), (list) => list.some((text) => text.includes(ticket.number)), 'a notification naming the ticket');
      expect(notices.find((text) => text.includes(ticket.number))).toMatch(/服务进度通知/);
      const page = (await owner.miniProgram.reLaunch(`/pages/ticket/detail?id=${ticket.id}`))!;
      await dataUntil<boolean | undefined>(page, 'can.confirm', Boolean, 'the confirm card');
      expect(await owner.screenText()).toContain('已更换水龙头阀芯');
    });
    await scenario.step('the owner confirms the repair', owner, async () => {
      const page = await pageAt(owner.miniProgram, 'pages/ticket/detail');
      await tap(page, '#action-confirm');
      await until(allowingPrompt(owner), (text) => text.includes('确认问题已经解决'), 'the confirmation dialog');
      await owner.miniProgram.native().confirmModal();
      await dataUntil<boolean | undefined>(page, 'can.rate', Boolean, 'the rating card');
    });
    await scenario.step('the owner rates five stars', owner, async () => {
      const page = await pageAt(owner.miniProgram, 'pages/ticket/detail');
      const rate = await page.$('#score');
      await rate!.trigger('change', { value: 5 });
      await tap(page, '#action-rate');
      await until(allowingPrompt(owner), (text) => text.includes('您的评价是 5 星'), 'the rating confirmation');
      await owner.miniProgram.native().confirmModal();
      await dataUntil<{ rating?: { score: number } } | null>(page, 'ticket', (view) => view?.rating?.score === 5, 'the rating to be saved');
    });
  }, 240_000);

  test('a complaint nobody handles escalates to the manager when the clock passes 2 days', async () => {
    const scenario = new Scenario('complaint-escalation');
    const ticket = await fileTicket(scenario, '投诉', '单元门门禁坏了三天，陌生人随意进出', false);
    const manager = await phones.as(DEMO_USERS.manager);
    await scenario.step('the manager sees it not yet escalated', manager, async () => {
      const page = (await manager.miniProgram.reLaunch(`/packages/staff/pages/ticket/index?id=${ticket.id}`))!;
      const view = await dataUntil<TicketView | null>(page, 'ticket', (value) => value?.number === ticket.number);
      expect(view!.escalationText ?? '').toBe('');
    });
    await phones.advanceClock(49);
    await scenario.step('two days later the manager sees 已升级至经理', manager, async () => {
      const page = (await manager.miniProgram.reLaunch(`/packages/staff/pages/ticket/index?id=${ticket.id}`))!;
      await dataUntil<TicketView | null>(page, 'ticket', (value) => value?.escalationText === '已升级至经理', 'the escalation mark');
      expect(await manager.screenText()).toContain('已升级至经理');
    });
  }, 240_000);

  test('the manager allows work alerts on the 工作台; a complaint left 2 days reaches the manager’s phone, the badge and the group', async () => {
    const scenario = new Scenario('alerts-reach-people');
    const manager = await phones.as(DEMO_USERS.manager);
    await scenario.step('the manager opens the 工作台 and taps 允许 on the prompt for work alerts', manager, async () => {
      const page = (await manager.miniProgram.reLaunch('/pages/staff/index'))!;
      await dataUntil<string>(page, 'consentText', (text) => text.includes('投诉升级提醒还剩 0 次'), 'the consent notice');
      // Each 允许 is one message of each template WeChat's dialog asks for (three at most, those running
      // lowest first); other complaints of the demo may escalate at the same moment, so two are granted.
      const escalationLeft = async (): Promise<number> =>
        (await okAs(DEMO_ENV, DEMO_USERS.manager, cloud.url)('me.subscriptions', {})).templates.find((template) => template.purpose === 'escalation')?.remaining ?? 0;
      for (let round = 0; round < 4 && (await escalationLeft()) < 2; round += 1) {
        const shown = (await page.data('consentText')) as string;
        await tap(page, '#allow-alerts');
        await until(() => manager.screenText(), (text) => text.includes('申请向你发送'), 'WeChat’s subscription prompt');
        await manager.miniProgram.native().authorizeAllow();
        await dataUntil<string>(page, 'consentText', (text) => text !== shown, 'the notice to count the grant');
      }
      expect(await escalationLeft()).toBeGreaterThanOrEqual(2);
    });
    const before = (await manager.groupPosts()).length;
    const owner = okAs(DEMO_ENV, DEMO_USERS.owner, cloud.url);
    const home = (await owner('me.profile', {})).bindings.find((binding) => binding.status === 'approved')!;
    const complaint = await owner('ticket.create', {
      kind: 'complaint',
      category: '设施设备',
      description: '3 栋电梯按钮失灵两天了，老人上下楼很困难',
      photos: [],
      location: { kind: 'unit', unitId: home.unitId },
      contactName: '张伟',
      contactPhone: '13800000001',
    });
    await phones.advanceClock(49);
    await scenario.step('two days later the manager’s phone shows the banner and the 工作台 badge', manager, async () => {
      const notices = await until(() => manager.notifications(), (list) => list.some((text) => text.includes(complaint.number)), 'the escalation banner');
      expect(notices.find((text) => text.includes(complaint.number))).toMatch(/投诉升级/);
      const page = (await manager.miniProgram.reLaunch('/pages/staff/index'))!;
      const counts = await dataUntil<{ key: string; count: number }[]>(page, 'counts', (list) => (list.find((count) => count.key === 'escalated')?.count ?? 0) > 0, 'the escalated count');
      const waiting = await until(() => manager.tabBarText(), (text) => /工作台/.test(text) && /\d/.test(text), 'the badge on 工作台');
      expect(Number(waiting.match(/\d+/)![0])).toBeGreaterThanOrEqual(counts.find((count) => count.key === 'escalated')!.count);
    });
    await scenario.step('the group panel shows the escalation post', manager, async () => {
      // The same complaint may also be posted as 工单超时 by the timer: look for its escalation post.
      const isEscalation = (text: string): boolean => text.includes(complaint.number) && text.includes('【投诉升级】');
      const posts = await until(() => manager.groupPosts(), (list) => list.length > before && list.some(isEscalation), 'the group post');
      const post = posts.find(isEscalation)!;
      expect(post).toContain('企业微信群');
      expect(post).toContain('【投诉升级】');
      expect(post).not.toContain('13800000001');
    });
  }, 240_000);

  test('the manager opens 管理看板, taps a figure and sees exactly the tickets behind it', async () => {
    const scenario = new Scenario('management-board');
    const manager = await phones.as(DEMO_USERS.manager);
    const board = await scenario.step('the manager opens 管理看板 on this month', manager, async () => {
      const page = (await manager.miniProgram.reLaunch(`/packages/staff/pages/board/index`))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the board');
      const text = await manager.screenText();
      expect(text).toContain('投诉 2 个工作日内反馈');
      expect(text).toContain('目标 100%');
      // The trend chart is drawn on its canvas by uCharts.
      await until(() => manager.canvasInk(), (ink) => ink > 500, 'the trend chart to be drawn');
      return page;
    });
    await scenario.step('the trend of the last 12 months, drawn as a chart', manager, async () => {
      await manager.miniProgram.pageScrollTo(640);
      expect(await manager.screenText()).toContain('近 12 个月');
    });
    await manager.miniProgram.pageScrollTo(0);
    const cards = (await board.data('board.cards')) as { key: string; ratio: string; label: string }[];
    // A figure below its target: its drill-down opens on the tickets that missed it.
    const card = cards.find((candidate) => {
      const [met, counted] = candidate.ratio.split(' / ').map(Number);
      return candidate.key !== 'rework' && met < counted;
    });
    if (!card) throw new Error('the demo month has no figure below its target');
    const [met, counted] = card.ratio.split(' / ').map(Number);
    await scenario.step(`tapping ${card.label} lists the tickets that missed it`, manager, async () => {
      await tap(board, `#figure-${card.key}`);
      const drill = await pageAt(manager.miniProgram, 'packages/staff/pages/board-tickets/index');
      await dataUntil<string>(drill, 'status', (status) => status === 'ready', 'the drill-down');
      expect(await drill.data('total')).toBe(counted - met);
      const items = (await drill.data('items')) as { number: string }[];
      expect(items).toHaveLength(counted - met);
      const text = await manager.screenText();
      for (const item of items) expect(text).toContain(item.number);
    });
  }, 240_000);

  test('a staff member of another community sees none of this community\u2019s tickets', async () => {
    const scenario = new Scenario('other-community');
    const mine = await okAs(DEMO_ENV, DEMO_USERS.owner, cloud.url)('ticket.mine', {});
    expect(mine.items.length).toBeGreaterThan(0);
    const stranger = await phones.as(otherCs);
    await scenario.step('their inbox is empty', stranger, async () => {
      const page = (await stranger.miniProgram.reLaunch(`/packages/staff/pages/inbox/index?communityId=${otherCommunityId}`))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the inbox to load');
      expect((await page.data('items')) as unknown[]).toEqual([]);
      const text = await stranger.screenText();
      for (const item of mine.items) expect(text).not.toContain(item.number);
    });
    await scenario.step('opening a ticket of the other community by its id is refused', stranger, async () => {
      const page = (await stranger.miniProgram.reLaunch(`/packages/staff/pages/ticket/index?id=${mine.items[0].id}`))!;
      await dataUntil<string>(page, 'status', (status) => status === 'error', 'the refusal');
      const text = await stranger.screenText();
      expect(text).not.toContain(mine.items[0].number);
      expect(text).not.toContain(mine.items[0].summary);
    });
  }, 240_000);

  test('an owner reads a corrected disclosure: the current version, its correction note, the earlier version and the difference', async () => {
    const scenario = new Scenario('corrected-disclosure');
    const owner = await phones.as(DEMO_USERS.owner);
    const board = await scenario.step('owner opens the disclosure board', owner, async () => {
      const page = (await owner.miniProgram.reLaunch('/pages/disclosure/index'))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the board to load');
      return page;
    });
    const corrected = await scenario.step('owner opens the corrected notice', owner, async () => {
      const sections = (await board.data('sections')) as { notices: { id: string; version: number; title: string }[] }[];
      const notice = sections.flatMap((section) => section.notices).find((candidate) => candidate.version > 1);
      if (!notice) throw new Error('the board shows no corrected notice');
      await tap(board, `#notice-${notice.id}`);
      const page = await pageAt(owner.miniProgram, 'pages/disclosure/detail');
      await dataUntil<{ corrected?: boolean } | null>(page, 'notice', (value) => Boolean(value?.corrected), 'the notice to load');
      expect(await owner.screenText()).toContain(`第${notice.version}版`);
      return { page, version: notice.version };
    });
    await scenario.step('owner opens the first version from the history', owner, async () => {
      await tap(corrected.page, '#open-version-1');
      await dataUntil<boolean>(corrected.page, 'isCurrent', (isCurrent) => isCurrent === false, 'the earlier version');
      expect(await owner.screenText()).toContain('查看当前版本');
    });
    await scenario.step('owner compares it with the current version', owner, async () => {
      await tap(corrected.page, '#compare-1');
      await dataUntil<unknown>(corrected.page, 'diff', (diff) => Boolean(diff), 'the difference');
      expect(await corrected.page.$('#diff')).not.toBeNull();
    });
  }, 240_000);

  test('a structural renovation cannot be sent until its approval document is uploaded; then 客服 sees the document', async () => {
    const scenario = new Scenario('structural-renovation');
    const owner = await phones.as(renovatingOwner);
    const app = owner.miniProgram;
    const page = await scenario.step('owner opens 装修申请', owner, async () => {
      const opened = (await app.reLaunch('/pages/renovation/apply'))!;
      await dataUntil<string>(opened, 'status', (status) => status === 'ready', 'the form to load');
      expect(await opened.data('homeLabel')).toContain('202');
      return opened;
    });
    await scenario.step('owner fills in the contractor and the area', owner, async () => {
      await type(page, '#company', '成都匠心装饰工程有限公司');
      await type(page, '#licence', '91510100MA6C8X7B1Q');
      await type(page, '#contact-name', '吴工');
      await type(page, '#contact-phone', '13912340000');
      await type(page, '#workers', '5');
      await type(page, '#area', '101.25');
      // 101.25 m² counts as three 50 m² lots.
      await until(() => owner.screenText(), (text) => /施工现场须配备\s*3\s*个 2 公斤干粉灭火器/.test(text), 'the extinguisher count');
    });
    await scenario.step('owner picks the start and end dates', owner, async () => {
      for (const cell of ['#start-date', '#end-date']) {
        await tap(page, cell);
        await dataUntil<string>(page, 'dateTarget', (target) => target !== '', 'the date picker');
        await tap(page, '#date-picker >>> .t-picker__confirm');
        await dataUntil<string>(page, 'dateTarget', (target) => target === '', 'the date picker to close');
      }
      // The picker opens on the cloud's today (the demo's clock runs two days ahead of the phone's).
      const { today } = await okAs(DEMO_ENV, renovatingOwner, cloud.url)('renovation.terms', {});
      expect(await page.data('startDate')).toBe(today);
      expect(await page.data('endDate')).toBe(today);
    });
    await scenario.step('owner ticks 拆改房屋结构 and is told to upload the approval document first', owner, async () => {
      const items = await until(() => page.$$('#work-items >>> t-checkbox'), (list) => list.length > 0, 'the work items');
      let ticked = false;
      for (const item of items) if ((await item.text()).includes('拆改房屋结构')) {
        await item.tap();
        ticked = true;
        break;
      }
      if (!ticked) throw new Error('no 拆改房屋结构 item');
      await dataUntil<boolean>(page, 'structuralChecked', (checked) => checked, 'the approval section');
      await tap(page, '#submit');
      await until(() => owner.screenText(), (text) => text.includes('须先上传政府有关部门的批准文件才能提交'), 'the reason it cannot be sent');
      // Nothing was sent, and the cloud would refuse it as well.
      expect(await okAs(DEMO_ENV, renovatingOwner, cloud.url)('renovation.mine', {})).toEqual([]);
      const terms = await okAs(DEMO_ENV, renovatingOwner, cloud.url)('renovation.terms', {});
      const refused = await apiAs(DEMO_ENV, renovatingOwner, cloud.url)(
        'renovation.apply',
        renovationForm({
          unitId: (await page.data('homes[0].unitId')) as string,
          startDate: (await page.data('startDate')) as string,
          endDate: (await page.data('endDate')) as string,
          agreementVersion: terms.agreementVersion,
          workItems: ['structure'],
        }),
      );
      expect(refused.ok).toBe(false);
      expect(refused.ok ? '' : refused.message).toContain('批准文件');
    });
    await scenario.step('owner uploads the approval document', owner, async () => {
      await app.mockWxMethod('chooseMedia', { type: 'image', tempFiles: [{ tempFilePath: PHOTO, size: 68, fileType: 'image', width: 1, height: 1 }] });
      await tap(page, '#approval-docs >>> .t-upload__add-icon');
      await dataUntil<string[]>(page, 'files.approvalDocs', (ids) => ids.length === 1 && ids[0] !== '', 'the document to upload');
      await app.restoreWxMethod('chooseMedia');
      await dataUntil<string>(page, 'blockReason', (reason) => !reason.includes('批准文件'), 'the block to lift');
    });
    await scenario.step('owner reads the terms and agrees', owner, async () => {
      await tap(page, '#open-terms');
      await dataUntil<boolean>(page, 'termsVisible', (visible) => visible);
      await tap(page, '#terms-read');
      await dataUntil<boolean>(page, 'termsRead', (read) => read);
      const agree = await until(() => page.$('#agree'), (found) => found !== null, 'the agreement box');
      await agree!.tap();
      await dataUntil<string>(page, 'blockReason', (reason) => reason === '', 'the form to be complete');
    });
    const detail = await scenario.step('owner submits and confirms', owner, async () => {
      await tap(page, '#submit');
      await until(() => owner.screenText(), (text) => text.includes('确认提交吗'), 'the confirmation dialog');
      expect(await owner.screenText()).toContain('施工现场须配备 3 个 2 公斤干粉灭火器');
      await app.native().confirmModal();
      const shown = await pageAt(app, 'pages/renovation/detail');
      await dataUntil<{ status?: string; approvalDocCount?: number } | null>(shown, 'detail', (view) => view?.status === 'submitted' && view.approvalDocCount === 1, 'the submitted application');
      expect(await owner.screenText()).toContain('待审核');
      const [mine] = await okAs(DEMO_ENV, renovatingOwner, cloud.url)('renovation.mine', {});
      return mine;
    });
    const cs = await phones.as(DEMO_USERS.cs);
    await scenario.step('客服 opens the application and sees the approval document', cs, async () => {
      const staffPage = (await cs.miniProgram.reLaunch(`/packages/staff/pages/renovation/index?id=${detail.id}`))!;
      await dataUntil<{ approvalDocCount?: number } | null>(staffPage, 'renovation', (view) => view?.approvalDocCount === 1, 'the application');
      const text = await cs.screenText();
      expect(text).toContain('涉及结构变动');
      expect(text).toContain('已上传 1 份');
    });
  }, 240_000);
  test('an owner pays an overdue bill on WeChat’s pay sheet and sees its receipt; the clerk’s arrears list no longer lists the home', async () => {
    const scenario = new Scenario('wechat-pay');
    const cs = await phones.as(DEMO_USERS.cs);
    const owner = await phones.as(DEMO_USERS.owner);
    const home = (await okAs(DEMO_ENV, DEMO_USERS.owner, cloud.url)('bill.mine', {})).find((bill) => bill.period === '2026-10')!;
    await scenario.step('the clerk’s 欠费催缴 lists the demo owner’s home, October overdue', cs, async () => {
      const page = (await cs.miniProgram.reLaunch('/packages/staff/pages/arrears/index'))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the arrears');
      const text = await cs.screenText();
      expect(text).toContain('户逾期未缴');
      expect(text).toContain(home.unitLabel);
    });
    const billPage = await scenario.step('the owner opens 我的账单: October is overdue, with 微信支付', owner, async () => {
      const page = (await owner.miniProgram.reLaunch('/pages/bill/index'))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the bills');
      const text = await owner.screenText();
      expect(text).toMatch(/已逾期 \d+ 天/);
      expect(text).toContain(`微信支付 ¥${(home.outstandingFen / 100).toFixed(2)}`);
      return page;
    });
    await scenario.step('WeChat’s pay sheet shows the amount; 支付', owner, async () => {
      const row = ((await billPage.data('bills')) as { id: string }[]).findIndex((bill) => bill.id === home.id);
      await tap(billPage, `#wxpay-${row}`);
      await owner.tapSheetItem(`支付 ¥${(home.outstandingFen / 100).toFixed(2)}`);
    });
    await scenario.step('the bill is paid once the payment notice arrived, with its electronic receipt number', owner, async () => {
      // The page asks the server for about 10 s after the sheet closed (each ask a cloud call), then
      // shows the bill as paid, or says the result is still being confirmed: WeChat's notice can
      // outlast its asking on a busy machine (a cold start of the notice function). Then the owner
      // reopens 我的账单 once the notice arrived, as the page tells them to.
      await dataUntil<string>(billPage, 'payingId', (id) => id === '', 'the page to finish asking about the payment', 120_000);
      if ((await owner.screenText()).includes('支付结果确认中')) {
        const paid = (bills: { id: string; status: string }[]) => bills.find((bill) => bill.id === home.id)?.status === 'paid';
        await until(() => okAs(DEMO_ENV, DEMO_USERS.owner, cloud.url)('bill.mine', {}), paid, 'WeChat’s payment notice to reach the server', 120_000);
        const page = (await owner.miniProgram.reLaunch('/pages/bill/index'))!;
        await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the bills');
      }
      await until(() => owner.screenText(), (text) => /微信支付缴费 ¥[\d.]+，收据号 SJ\d{8}-\d{4}/.test(text), 'the receipt on the bill').catch(async (error: Error) => {
        // Whether WeChat Pay took the money tells a page that missed it from a payment that did not happen.
        const { orders } = (await (await fetch(`${cloud.url}/_emulator/pay/orders?env=${DEMO_ENV}`)).json()) as { orders: { outTradeNo: string; state: string }[] };
        throw new Error(`${error.message}\nWeChat Pay's last orders: ${JSON.stringify(orders.slice(-3))}`);
      });
      expect(await owner.screenText()).toContain('电子收据');
    });
    await scenario.step('the clerk’s arrears list no longer lists the home', cs, async () => {
      const page = (await cs.miniProgram.reLaunch('/packages/staff/pages/arrears/index'))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the arrears');
      const rows = (await page.data('items')) as { unitId: string }[];
      expect(rows.map((row) => row.unitId)).not.toContain(home.unitId);
      expect(rows.length).toBeGreaterThan(0);
    });
  }, 240_000);

  test('a patrol signs in at two checkpoints by scanning their codes, reports damage on the spot, and the repair ticket is in the desk’s inbox', async () => {
    const scenario = new Scenario('patrol');
    const tech = await phones.as(DEMO_USERS.tech);
    const cs = await phones.as(DEMO_USERS.cs);
    const community = (await okAs(DEMO_ENV, DEMO_USERS.tech, cloud.url)('directory.communities', {})).find((candidate) => candidate.name === '锦城花园')!;
    const site = (await okAs(DEMO_ENV, DEMO_USERS.tech, cloud.url)('patrol.routes', { communityId: community.id })).find((round) => round.route.kind === 'site')!.route;
    const page = await scenario.step('the technician opens 园区巡视 and starts the site route', tech, async () => {
      const routes = (await tech.miniProgram.reLaunch(`/packages/site/pages/patrol/index?communityId=${community.id}`))!;
      await dataUntil<string>(routes, 'status', (status) => status === 'ready', 'the routes');
      expect(await tech.screenText()).toContain('园区巡视 A 线');
      await tap(routes, `#walk-${site.id}`);
      const walking = await pageAt(tech.miniProgram, 'packages/site/pages/patrol-check/index');
      await dataUntil<string>(walking, 'status', (status) => status === 'ready', 'the round');
      return walking;
    });
    /** Holds the phone over a posted code, then answers each item: all 正常 but those listed as problems. */
    const checkPoint = async (label: string, problems: Record<number, string>) => {
      await tap(page, '#scan');
      await tech.tapSheetItem(`园区巡视 A 线 · ${label}`);
      await dataUntil<{ name: string } | null>(page, 'point', (point) => point?.name === label, 'the checklist');
      const items = ((await page.data('point')) as { items: string[] }).items;
      for (let index = 0; index < items.length; index += 1) {
        const choices = await page.$$(`#verdict-${index} >>> t-radio`);
        await choices[problems[index] ? 1 : 0].tap();
        if (problems[index]) await type(page, `#note-${index}`, problems[index]);
      }
      await dataUntil<string[]>(page, 'verdicts', (verdicts) => verdicts.every(Boolean), 'every item answered');
    };
    await scenario.step('scan 儿童游乐区: every item checked, all in order', tech, async () => {
      await checkPoint('儿童游乐区', {});
      await tap(page, '#submit');
      await until(() => tech.screenText(), (text) => /儿童游乐区 · 维修老李/.test(text), 'the visit in the round');
    });
    const number = await scenario.step('scan 地下车库入口: a broken manhole cover, reported as a repair on the spot', tech, async () => {
      await checkPoint('地下车库入口', { 1: '车库入口雨水井盖破损' });
      const categories = await page.$$('#finding-category >>> t-radio');
      for (const category of categories) if ((await category.text()).includes('公共设施损坏')) await category.tap();
      await dataUntil<string>(page, 'category', (category) => category === 'common-facility');
      await type(page, '#finding-description', '地下车库入口雨水井盖破损，车辆通行有危险');
      await tap(page, '#submit');
      const text = await until(() => tech.screenText(), (screen) => /地下车库入口 · 维修老李 · BX\d{8}-\d{4}/.test(screen), 'the ticket number in the round');
      return /BX\d{8}-\d{4}/.exec(text.slice(text.indexOf('地下车库入口 · 维修老李')))![0];
    });
    await scenario.step('customer service finds the patrol’s ticket waiting in the inbox', cs, async () => {
      const inbox = (await cs.miniProgram.reLaunch(`/packages/staff/pages/inbox/index?communityId=${community.id}`))!;
      await dataUntil<string>(inbox, 'status', (status) => status === 'ready', 'the inbox');
      await until(() => cs.screenText(), (text) => text.includes(number), 'the ticket in the inbox');
      expect(await cs.screenText()).toContain('园区巡视 A 线·地下车库入口');
    });
  }, 240_000);
  test('客服 records a move-in with one defect; the owner signs the 管理规约 and the acceptance, and sees the defect become a warranty ticket', async () => {
    const scenario = new Scenario('movein');
    const cs = await phones.as(DEMO_USERS.cs);
    const owner = await phones.as(renovatingOwner);
    const desk = okAs(DEMO_ENV, DEMO_USERS.cs, cloud.url);
    const community = (await desk('directory.communities', {})).find((candidate) => candidate.name === '锦城花园')!;
    const home = (await everyHome(desk, community.id)).find((unit) => unit.room === '202')!;
    const form = await scenario.step('客服 opens 办理入住 for the home from its file', cs, async () => {
      const page = (await cs.miniProgram.reLaunch(`/packages/home/pages/movein/index?communityId=${community.id}&unitId=${home.id}`))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the form');
      expect(await cs.screenText()).toContain(home.label);
      return page;
    });
    await scenario.step('客服 ticks the documents received and marks the bathroom’s waterproofing as a problem', cs, async () => {
      const boxes = await form.$$('#documents >>> t-checkbox');
      await boxes[0].tap();
      await dataUntil<string[]>(form, 'documents', (documents) => documents.length === 1, 'the document ticked');
      await tap(form, '#item-4-2');
      await dataUntil<{ items: { ok: boolean }[] }[]>(form, 'rooms', (rooms) => rooms[4].items[2].ok === false, 'the item marked');
    });
    await scenario.step('客服 records the defect with a photo', cs, async () => {
      await tap(form, '#add-defect');
      await dataUntil<boolean>(form, 'defectOpen', (open) => open, 'the defect form');
      for (const radio of await form.$$('#defect-room >>> t-radio')) if ((await radio.text()).includes('卫生间')) await radio.tap();
      await dataUntil<{ room: string }>(form, 'defect', (defect) => defect.room === '卫生间', 'the room chosen');
      await type(form, '#defect-item', '防水');
      await type(form, '#defect-description', '闭水试验后楼下顶板渗水');
      await cs.miniProgram.mockWxMethod('chooseMedia', { type: 'image', tempFiles: [{ tempFilePath: PHOTO, size: 68, fileType: 'image', width: 1, height: 1 }] });
      await tap(form, '#defect-photos >>> .t-upload__add-icon');
      await dataUntil<{ photos: string[]; uploads: string }>(form, 'defect', (defect) => defect.photos.length === 1 && defect.uploads === 'done', 'the photo to upload');
      await cs.miniProgram.restoreWxMethod('chooseMedia');
      await tap(form, '#confirm-defect');
      await dataUntil<unknown[]>(form, 'defects', (defects) => defects.length === 1, 'the defect listed');
    });
    const moveInId = await scenario.step('客服 saves; the record waits for the owner', cs, async () => {
      await tap(form, '#save');
      await until(() => cs.screenText(), (text) => text.includes('等待业主在小程序中确认验收'), 'the saved record');
      const [row] = (await desk('movein.list', { communityId: community.id })).items;
      expect(row).toMatchObject({ unitId: home.id, status: 'open', defects: 1 });
      return row.id;
    });
    await scenario.step('the owner reads and signs the 管理规约', owner, async () => {
      const page = (await owner.miniProgram.reLaunch(`/packages/home/pages/agreement/index?unitId=${home.id}`))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the agreement');
      expect(await owner.screenText()).toContain('锦城花园管理规约');
      await tap(page, '#sign');
      await until(() => owner.screenText(), (text) => text.includes('同意遵守并签署'), 'the confirmation dialog');
      await owner.miniProgram.native().confirmModal();
      await dataUntil<boolean>(page, 'signedCurrent', Boolean, 'the signature');
      expect(await owner.screenText()).toContain('您已签署本版本');
    });
    const defect = await scenario.step('the owner confirms the acceptance; the defect becomes a warranty ticket', owner, async () => {
      const page = (await owner.miniProgram.reLaunch('/packages/home/pages/my-movein/index'))!;
      await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the move-in record');
      expect(await owner.screenText()).toContain('闭水试验后楼下顶板渗水');
      await tap(page, `#sign-${moveInId}`);
      await until(() => owner.screenText(), (text) => text.includes('确认后记录不能再修改'), 'the confirmation dialog');
      await owner.miniProgram.native().confirmModal();
      const text = await until(() => owner.screenText(), (screen) => /保修工单 BX\d{8}-\d{4} · 待受理/.test(screen), 'the warranty ticket');
      expect(text).toContain('业主已确认');
      const [record] = (await page.data('records')) as { defects: { id: string; ticketId: string }[] }[];
      return { id: record.defects[0].id, ticketId: record.defects[0].ticketId, number: /BX\d{8}-\d{4}/.exec(text)![0] };
    });
    await scenario.step('the owner opens the ticket, marked 开发商保修', owner, async () => {
      const page = await pageAt(owner.miniProgram, 'packages/home/pages/my-movein/index');
      await tap(page, `#defect-${defect.id}`);
      const detail = await pageAt(owner.miniProgram, 'pages/ticket/detail');
      await dataUntil<{ number: string } | null>(detail, 'ticket', (view) => view?.number === defect.number, 'the ticket');
      const text = await owner.screenText();
      expect(text).toContain('开发商保修');
      expect(text).toContain('【开发商保修】卫生间·防水');
    });
    await scenario.step('客服 finds the warranty ticket in the inbox, to work as usual', cs, async () => {
      const inbox = (await cs.miniProgram.reLaunch(`/packages/staff/pages/inbox/index?communityId=${community.id}`))!;
      await dataUntil<string>(inbox, 'status', (status) => status === 'ready', 'the inbox');
      await until(() => cs.screenText(), (text) => text.includes(defect.number), 'the ticket in the inbox');
      expect(await cs.screenText()).toContain('开发商保修');
    });
  }, 240_000);

  test('a survey is sent to the owners, two owners answer it anonymously, and the results show their answers in totals', async () => {
    const scenario = new Scenario('survey');
    const manager = await phones.as(DEMO_USERS.manager);
    const community = (await okAs(DEMO_ENV, DEMO_USERS.manager, cloud.url)('directory.communities', {})).find((candidate) => candidate.name === '锦城花园')!;
    const draft = await okAs(DEMO_ENV, DEMO_USERS.manager, cloud.url)('survey.save', {
      communityId: community.id,
      title: '保洁服务专项调查',
      intro: '请告诉我们您对小区保洁的看法。',
      questions: [
        { id: 'q1', kind: 'single', title: '您对小区保洁是否满意', options: ['满意', '一般', '不满意'], required: true },
        { id: 'q2', kind: 'text', title: '您对保洁的建议', options: [], required: false },
      ],
    });
    await scenario.step('the manager opens the draft questionnaire and sends it to the owners', manager, async () => {
      const editor = (await manager.miniProgram.reLaunch(`/packages/events/pages/survey-edit/index?id=${draft.id}`))!;
      await dataUntil<string>(editor, 'status', (status) => status === 'ready', 'the questionnaire');
      expect(((await editor.data('questions')) as { title: string }[]).map((question) => question.title)).toEqual(['您对小区保洁是否满意', '您对保洁的建议']);
      await tap(editor, '#send-survey');
      await manager.miniProgram.native().confirmModal();
      const results = await pageAt(manager.miniProgram, 'packages/events/pages/survey-results/index');
      await dataUntil<string>(results, 'status', (status) => status === 'ready', 'the results');
      await until(() => manager.screenText(), (text) => text.includes('已收回 0 份'), 'the survey sent');
    });
    const answers: [string, string, number, string][] = [
      ['the demo owner', DEMO_USERS.owner, 0, '楼道每天拖地很干净'],
      ['the owner of 202', renovatingOwner, 1, '垃圾桶周边希望每天消毒'],
    ];
    for (const [label, openid, choice, text] of answers) {
      const owner = await phones.as(openid);
      await scenario.step(`${label} finds the survey in 社区活动 and answers it`, owner, async () => {
        const board = (await owner.miniProgram.reLaunch('/packages/events/pages/events/index'))!;
        await dataUntil<string>(board, 'status', (status) => status === 'ready', 'the activities');
        expect(await owner.screenText()).toContain('保洁服务专项调查');
        await tap(board, `#answer-${draft.id}`);
        const page = await pageAt(owner.miniProgram, 'packages/events/pages/answer/index');
        await dataUntil<string>(page, 'status', (status) => status === 'ready', 'the questionnaire');
        expect(await owner.screenText()).toContain('匿名填写');
        const radios = await page.$$('#q1-single >>> t-radio');
        await radios[choice].tap();
        await dataUntil<{ single: string }[]>(page, 'drafts', (drafts) => drafts[0]?.single === String(choice), 'the choice');
        await type(page, '#q2-text', text);
        await tap(page, '#submit');
        await owner.miniProgram.native().confirmModal();
        await until(() => owner.screenText(), (screen) => screen.includes('已提交') && !screen.includes('匿名填写：'), 'back in 社区活动, answered');
      });
    }
    await scenario.step('the manager reads the results: two answers, counted per choice and building, the suggestions without names', manager, async () => {
      const results = (await manager.miniProgram.reLaunch(`/packages/events/pages/survey-results/index?id=${draft.id}`))!;
      await dataUntil<string>(results, 'status', (status) => status === 'ready', 'the results');
      const text = await manager.screenText();
      expect(text).toContain('已收回 2 份');
      expect(text).toContain('满意：1 人');
      expect(text).toContain('一般：1 人');
      expect(text).toContain('不满意：0 人');
      expect(text).toContain('1栋');
      expect(text).toContain('楼道每天拖地很干净');
      expect(text).toContain('垃圾桶周边希望每天消毒');
      for (const name of ['张伟', '刘洋']) expect(text).not.toContain(name);
    });
    // A second answer from the same owner is refused.
    expect(await apiAs(DEMO_ENV, DEMO_USERS.owner, cloud.url)('survey.answer', { id: draft.id, answers: [{ questionId: 'q1', choices: [2] }] })).toMatchObject({ ok: false, code: 'CONFLICT' });
  }, 240_000);
});
