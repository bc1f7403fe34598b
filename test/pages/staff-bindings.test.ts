/// <reference lib="dom" />
import type { Binding } from '../../typings/domain';
import { okAs, uploadAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { loadPage, simulate, untilData } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

type Rendered = ReturnType<typeof simulate.render>;

/** Polls (bounded) until the page reaches a state; page calls go through the local cloud. */

/** What a TDesign component emits when the user uses it (a tap, a confirm, typed text). */
function fire(page: Rendered, selector: string, event: string, detail: Record<string, unknown> = {}): void {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`${selector} is not on the page`);
  node.instance.triggerEvent(event, detail);
}

const textOf = (page: Rendered): string => page.dom?.textContent ?? '';

describe('binding review queue (住户认证审核)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;
  /** 李娜 asks to be recognised as the owner of 1栋1单元102, with one proof image. */
  let withProof: Binding;
  /** 王芳 asks for 1栋2单元201 without proof. */
  let withoutProof: Binding;
  /** 刘洋 asks for 2栋301; a manager decides it while the page is open. */
  let decidedElsewhere: Binding;
  const applicants = { withProof: 'o-sb-applicant-1', withoutProof: 'o-sb-applicant-2', decidedElsewhere: 'o-sb-applicant-3' };

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('staff-bindings'), 'sb');
    const proof = await uploadAs(seeded.env, applicants.withProof, 'proofs/deed.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    withProof = await okAs(seeded.env, applicants.withProof)('binding.request', {
      unitId: seeded.units[1].id,
      relation: 'owner',
      name: '李娜',
      phone: '13800000002',
      proofFileIds: [proof],
    });
    withoutProof = await okAs(seeded.env, applicants.withoutProof)('binding.request', {
      unitId: seeded.units[2].id,
      relation: 'family',
      name: '王小芳',
      phone: '13800000003',
      proofFileIds: [],
    });
    decidedElsewhere = await okAs(seeded.env, applicants.decidedElsewhere)('binding.request', {
      unitId: seeded.units[3].id,
      relation: 'tenant',
      name: '刘洋',
      phone: '13800000004',
      proofFileIds: [],
    });
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
    pageId = loadPage('packages/staff/pages/bindings/index');
  }, 60_000);

  async function open(openid: string): Promise<Rendered> {
    wx.actAs(openid);
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));
    page.instance.onLoad({ communityId: seeded.communityId });
    await untilData(page, (data) => data.status !== 'loading');
    expect(page.data.status).toBe('ready');
    return page;
  }

  test('a customer-service member sees pending requests masked, with the roster check, and no reveal action', async () => {
    const page = await open(seeded.staff.cs);
    const text = textOf(page);

    expect(page.querySelector(`#binding-${withProof.id}`)).toBeTruthy();
    expect(text).toContain('1栋1单元102');
    expect(text).toContain('李*');
    expect(text).toContain('138****0002');
    expect(text).not.toContain('李娜');
    expect(text).not.toContain('13800000002');
    expect(text).toContain('与名册一致');
    // 王小芳 is not the roster's 王芳: the reviewer learns it without seeing either name.
    expect(page.querySelector(`#binding-${withoutProof.id}`)?.dom?.textContent).toContain('与名册不一致');
    expect(text).toContain('1 份');

    expect(page.querySelector(`#approve-${withProof.id}`)).toBeTruthy();
    expect(page.querySelector(`#action-reveal-${withProof.id}`)).toBeUndefined();
    expect(text).not.toContain('查看完整信息');
  });

  test('approving asks for confirmation, and the owner then sees the binding approved', async () => {
    const page = await open(seeded.staff.cs);
    const before = wx.ui.length;

    fire(page, `#approve-${withProof.id}`, 'tap');
    await untilData(page, (data) => !(data.items as { id: string }[]).some((item) => item.id === withProof.id));

    const shown = wx.ui.slice(before);
    expect(shown.find((record) => record.api === 'showModal')?.options.title).toBe('通过认证');
    expect(shown.find((record) => record.api === 'showToast')?.options.title).toBe('已通过认证');
    const profile = await okAs(seeded.env, applicants.withProof)('me.profile', {});
    expect(profile.bindings.find((binding) => binding.id === withProof.id)?.status).toBe('approved');
  });

  test('a tenant can be approved as the payer of the home\'s bills; owners and family members are not offered it', async () => {
    const tenantRequest = await okAs(seeded.env, 'o-sb-tenant-payer')('binding.request', { unitId: seeded.units[0].id, relation: 'tenant', name: '钱进', phone: '13900000012', proofFileIds: [] });
    const page = await open(seeded.staff.cs);
    expect(page.querySelector(`#approve-payer-${tenantRequest.id}`)).toBeTruthy();
    expect(page.querySelector(`#approve-payer-${withoutProof.id}`)).toBeUndefined();
    const before = wx.ui.length;
    fire(page, `#approve-payer-${tenantRequest.id}`, 'tap');
    await untilData(page, (data) => !(data.items as { id: string }[]).some((item) => item.id === tenantRequest.id));
    expect(String(wx.ui.slice(before).find((record) => record.api === 'showModal')?.options.content)).toContain('缴费提醒将发给该租户');
    const approved = await okAs(seeded.env, seeded.staff.cs)('binding.queue', { communityId: seeded.communityId, status: 'approved' });
    expect(approved.items.find((item) => item.id === tenantRequest.id)).toMatchObject({ payer: true });
  });

  test('a rejection without a reason is refused before any call; with a reason the owner sees it', async () => {
    const page = await open(seeded.staff.cs);

    fire(page, `#reject-${withoutProof.id}`, 'tap');
    await untilData(page, (data) => data.rejectVisible === true);
    const before = wx.ui.length;
    const callsBefore = wx.calls.length;
    fire(page, '#reject-dialog', 'confirm');
    await untilData(page, () => wx.ui.length > before);

    expect(wx.ui[wx.ui.length - 1]).toMatchObject({ api: 'showToast', options: { title: '请选择或填写不通过的原因' } });
    expect(wx.calls.slice(callsBefore)).toEqual([]);
    expect(page.data.rejectVisible).toBe(true);
    const stillPending = await okAs(seeded.env, seeded.staff.cs)('binding.queue', { communityId: seeded.communityId, status: 'pending' });
    expect(stillPending.items.find((item) => item.id === withoutProof.id)).toMatchObject({ status: 'pending', version: withoutProof.version });

    fire(page, '.dialog__reason', 'click');
    expect(page.data.rejectReason).toBe('姓名与房屋名册不一致');
    fire(page, '#reject-reason', 'change', { value: '姓名与房屋名册不一致，请按房产证填写' });
    fire(page, '#reject-dialog', 'confirm');
    await untilData(page, (data) => data.rejectVisible === false);

    const profile = await okAs(seeded.env, applicants.withoutProof)('me.profile', {});
    expect(profile.bindings.find((binding) => binding.id === withoutProof.id)).toMatchObject({
      status: 'rejected',
      reason: '姓名与房屋名册不一致，请按房产证填写',
    });
  });

  test('when a colleague decided first, the reviewer is told and the list is refreshed', async () => {
    const page = await open(seeded.staff.cs);
    await okAs(seeded.env, seeded.staff.manager)('binding.review', { id: decidedElsewhere.id, version: decidedElsewhere.version, decision: 'approve' });
    const before = wx.ui.length;

    fire(page, `#approve-${decidedElsewhere.id}`, 'tap');
    await untilData(page, () => wx.ui.slice(before).some((record) => record.api === 'showModal' && record.options.title === '已被处理'));
    await untilData(page, (data) => data.status === 'ready' && !(data.items as { id: string }[]).some((item) => item.id === decidedElsewhere.id));
  });

  test('the information keeper gives a reason, then sees the full name, phone and proof; the view is logged', async () => {
    const waiting = await okAs(seeded.env, 'o-sb-applicant-4')('binding.request', {
      unitId: seeded.units[0].id,
      relation: 'family',
      name: '陈小静',
      phone: '13800000005',
      proofFileIds: [],
    });
    const page = await open(seeded.staff.infokeeper);
    // The keeper reads the queue but does not decide.
    expect(page.querySelector(`#binding-${waiting.id}`)).toBeTruthy();
    expect(page.querySelector(`#approve-${waiting.id}`)).toBeUndefined();
    expect(page.querySelector(`#action-reveal-${waiting.id}`)).toBeTruthy();

    fire(page, '#filters', 'change', { value: 'approved' });
    await untilData(page, (data) => data.status === 'ready' && (data.items as { id: string }[]).some((item) => item.id === withProof.id));
    expect(page.querySelector(`#approve-${withProof.id}`)).toBeUndefined();

    fire(page, `#action-reveal-${withProof.id}`, 'tap');
    await untilData(page, (data) => data.revealVisible === true);

    const before = wx.ui.length;
    const callsBefore = wx.calls.length;
    fire(page, '#reveal-dialog', 'confirm');
    await untilData(page, () => wx.ui.length > before);
    expect(wx.ui[wx.ui.length - 1]).toMatchObject({ api: 'showToast', options: { title: '请填写查看原因，查看会被记录' } });
    expect(wx.calls.slice(callsBefore)).toEqual([]);
    expect(page.data.revealed).toBeNull();

    fire(page, '#reveal-reason', 'change', { value: '电话回访核实业主身份' });
    fire(page, '#reveal-dialog', 'confirm');
    await untilData(page, (data) => data.revealed !== null);

    const revealed = page.querySelector(`#revealed-${withProof.id}`);
    const revealedText = revealed?.dom?.textContent ?? '';
    expect(revealedText).toContain('李娜');
    expect(revealedText).toContain('13800000002');
    expect(revealedText).toContain('已记入个人信息访问记录');
    const images = page.querySelectorAll(`#revealed-${withProof.id} .binding__proof`);
    expect(images).toHaveLength(1);
    expect(images[0].data.src).toMatch(/^https?:\/\//);

    const log = await okAs(seeded.env, seeded.staff.manager)('accessLog.list', { communityId: seeded.communityId });
    expect(log.items[0]).toMatchObject({ actorOpenid: seeded.staff.infokeeper, kind: 'view', reason: '电话回访核实业主身份' });
    expect(log.items[0].fields).toEqual(expect.arrayContaining(['姓名', '电话', '证明材料']));
  });
});
