/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

/** The care ledger and owner visits as staff and owners use them (seed 000 (九), (四)). */
jest.setTimeout(120_000);

let seeded: SeededCommunity;
let wx: FakeWx;
const pages: Record<string, string> = {};

beforeAll(async () => {
  seeded = await seedCommunity(uniqueEnv('care-pages'), 'cp');
  wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
  for (const page of ['ledger', 'person', 'visits', 'visit', 'booking']) pages[page] = loadPage(`packages/care/pages/${page}/index`);
  pages.workbench = loadPage('pages/staff/index');
});

async function open(page: string, openid: string, query: Record<string, string>, ready = true): Promise<Mounted> {
  wx.actAs(openid);
  const mounted = mount(pages[page]);
  expect(mounted.querySelector('#loading')).toBeTruthy();
  mounted.instance.onLoad(query);
  await until(() => mounted.data.status !== 'loading', `${page} to load`);
  if (ready) expect(mounted.data.errorMessage).toBe('');
  return mounted;
}

const lastNavigation = (): string => String(wx.ui.filter((ui) => ui.api === 'navigateTo').at(-1)?.options.url ?? '');
const lastToast = (): string => String(wx.ui.filter((ui) => ui.api === 'showToast').at(-1)?.options.title ?? '');

describe('关怀台账 (the care ledger)', () => {
  let personId = '';

  test('the manager enters a person with their consent and chooses who is responsible; the form says what is missing', async () => {
    const ledger = await open('ledger', seeded.staff.manager, { communityId: seeded.communityId, filter: 'all' });
    expect(ledger.querySelector('#empty')).toBeTruthy();
    fire(ledger, '#new-person', 'tap');
    expect(lastNavigation()).toBe(`/packages/care/pages/person/index?communityId=${seeded.communityId}`);

    const form = await open('person', seeded.staff.manager, { communityId: seeded.communityId });
    expect(form.querySelector('#person-form')).toBeTruthy();
    expect((form.data.staff as { label: string }[]).map((member) => member.label).sort()).toEqual(['客服小王', '经理陈'].sort());
    fire(form, '#form-name', 'change', { value: '王秀英' });
    fire(form, '#form-unit', 'change', { unitId: seeded.units[2].id, label: '1栋2单元201' });
    fire(form, '#form-emergency-name', 'change', { value: '王建国' });
    fire(form, '#form-emergency-relation', 'change', { value: '儿子' });
    fire(form, '#form-emergency-phone', 'change', { value: '13900000011' });
    fire(form, '#form-health', 'change', { value: '高血压' });
    const cs = (form.data.staff as { value: string; label: string }[]).find((member) => member.label === '客服小王')!;
    fire(form, '#form-responsible', 'change', { value: cs.value });
    fire(form, '#save-person', 'tap');
    expect(lastToast()).toBe('请先征得本人或监护人同意登记');
    fire(form, '#form-consent', 'change', { checked: true });
    fire(form, '#save-person', 'tap');
    await until(() => form.data.editing === false && Boolean(form.data.person), 'the record to show');
    expect(textOf(form, '#summary')).toContain('王秀英 · 1栋2单元201');
    expect(textOf(form, '#summary')).toContain('紧急联系人：王建国（儿子）13900000011');
    expect(textOf(form, '#summary')).toContain('负责人：客服小王');
    personId = (form.data.person as { id: string }).id;
  });

  test('the workbench counts today’s contact for the responsible staff member, and the count opens today’s list', async () => {
    wx.actAs(seeded.staff.cs);
    const workbench = mount(pages.workbench);
    workbench.instance.onLoad();
    (workbench as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime('show');
    await until(() => workbench.querySelector('#count-careToday') !== undefined, 'the counts');
    expect(textOf(workbench, '#count-careToday')).toMatch(/1\s*今日关怀联系/);
    expect(workbench.querySelector('#count-careOverdue')).toBeUndefined();
    workbench.querySelector('#count-careToday')!.dispatchEvent('tap');
    await until(() => lastNavigation().startsWith('/packages/care/pages/ledger/index'), 'the ledger to open');
    expect(lastNavigation()).toBe(`/packages/care/pages/ledger/index?communityId=${seeded.communityId}&filter=today&mine=1`);
    // From the workbench a manager, too, sees only the people they are responsible for; the ledger itself shows everyone.
    const own = await open('ledger', seeded.staff.manager, { communityId: seeded.communityId, filter: 'today', mine: '1' });
    expect(own.querySelector('#empty')).toBeTruthy();
    const whole = await open('ledger', seeded.staff.manager, { communityId: seeded.communityId, filter: 'today' });
    expect(textOf(whole, `#person-${personId}`)).toContain('负责人客服小王');
  });

  test('the responsible staff member sees today’s contact on the ledger, masked, and records it in a few taps', async () => {
    const ledger = await open('ledger', seeded.staff.cs, { communityId: seeded.communityId, filter: 'today' });
    expect(textOf(ledger, `#person-${personId}`)).toContain('王** · 1栋2单元201');
    expect(textOf(ledger, `#person-${personId}`)).toContain('今日待办');
    expect(textOf(ledger)).not.toContain('王秀英');
    expect(ledger.querySelector('#new-person')).toBeUndefined();
    fire(ledger, `#person-${personId}`, 'tap');
    expect(lastNavigation()).toBe(`/packages/care/pages/person/index?id=${personId}`);

    const record = await open('person', seeded.staff.cs, { id: personId });
    expect(record.querySelector('#action-edit')).toBeUndefined();
    fire(record, '#contact-method', 'change', { value: 'wechat' });
    fire(record, '#action-record', 'tap');
    await until(() => lastToast() === '已登记', 'the contact to be recorded');
    expect(textOf(record, '#contacts')).toMatch(/微信 · 正常 · 客服小王/);
    const log = (await okAs(seeded.env, seeded.staff.manager)('accessLog.list', { communityId: seeded.communityId })).items;
    expect(log[0]).toMatchObject({ actorName: '客服小王', subject: '1栋2单元201 王**' });
  });

  test('an 异常 contact needs its note, alerts the manager, and shows the emergency contact to call', async () => {
    const record = await open('person', seeded.staff.cs, { id: personId });
    fire(record, '#contact-condition', 'change', { value: 'abnormal' });
    expect(textOf(record, '#record-form')).toContain('登记并上报异常');
    fire(record, '#action-record', 'tap');
    expect(lastToast()).toBe('请写明异常情况');
    fire(record, '#contact-note', 'change', { value: '敲门无人应答，电话未接' });
    fire(record, '#action-record', 'tap');
    await until(() => record.querySelector('#emergency') !== undefined, 'the emergency contact');
    expect(textOf(record, '#emergency')).toContain('王建国（儿子）：13900000011');
    expect(wx.ui.filter((ui) => ui.api === 'showModal').at(-1)?.options.title).toBe('已上报客服经理');
    // The manager has not allowed staff alerts yet: the alert waits on their workbench as not reached.
    const unreached = (await okAs(seeded.env, seeded.staff.manager)('alert.unreached', { communityId: seeded.communityId })).items;
    expect(unreached.filter((alert) => alert.kind === 'careAbnormal' && alert.subject.id === personId)).toHaveLength(1);
    fire(record, '#call-emergency', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'makePhoneCall', options: { phoneNumber: '13900000011' } });
  });

  test('a technician cannot open the record, and is told why', async () => {
    const refused = await open('person', seeded.staff.tech, { id: personId }, false);
    expect(refused.querySelector('#error')).toBeTruthy();
    expect(textOf(refused, '#error')).toContain('只有负责人、客服经理和信息专管员可以查看');
    const ledger = await open('ledger', seeded.staff.tech, { communityId: seeded.communityId }, false);
    expect(textOf(ledger, '#error')).toContain('关怀台账仅对本小区的客服、客服经理和信息专管员开放');
  });
});

describe('上门拜访 (owner visits)', () => {
  let visitId = '';

  test('the manager adds a home to this month’s plan with its visitor', async () => {
    const plan = await open('visits', seeded.staff.manager, { communityId: seeded.communityId });
    expect(plan.querySelector('#empty')).toBeTruthy();
    fire(plan, '#new-visit', 'tap');
    await until(() => plan.data.formOpen === true, 'the form');
    fire(plan, '#save-visit', 'tap');
    expect(lastToast()).toBe('请选择房屋');
    fire(plan, '#visit-unit', 'change', { unitId: seeded.units[0].id, label: '1栋1单元101' });
    const cs = (plan.data.visitors as { value: string; label: string }[]).find((member) => member.label === '客服小王')!;
    fire(plan, '#visit-visitor', 'change', { value: cs.value });
    fire(plan, '#save-visit', 'tap');
    await until(() => (plan.data.items as unknown[]).length === 1, 'the plan to list it');
    visitId = (plan.data.items as { id: string }[])[0].id;
    expect(textOf(plan, `#visit-${visitId}`)).toContain('1栋1单元101');
    expect(textOf(plan, `#visit-${visitId}`)).toContain('待预约');
    expect(textOf(plan, `#visit-${visitId}`)).toContain('客服小王');
    const desk = await open('visits', seeded.staff.cs, { communityId: seeded.communityId });
    expect(desk.querySelector('#new-visit')).toBeUndefined();
    expect(desk.querySelector('#export')).toBeUndefined();
  });

  test('the visitor proposes a time; the owner asks for another on the booking page; the visitor accepts it', async () => {
    let visit = await open('visit', seeded.staff.cs, { id: visitId });
    expect(visit.querySelector('#action-record')).toBeUndefined();
    fire(visit, '#action-propose', 'tap');
    await until(() => (visit.data.visit as { status: string }).status === 'proposed', 'the proposal');
    expect(textOf(visit, '#proposed')).toContain('已向业主提出');

    const booking = await open('booking', seeded.owner, {});
    expect(textOf(booking, `#visit-${visitId}`)).toContain('物业提出的时间');
    fire(booking, `#counter-${visitId}`, 'tap');
    await until(() => booking.querySelector('#counter-form') !== undefined, 'the choice of times');
    const slots = booking.data.slots as { value: string; label: string }[];
    fire(booking, '#counter-slot', 'change', { value: slots[4].value });
    fire(booking, '#send-counter', 'tap');
    await until(() => textOf(booking, `#visit-${visitId}`).includes('等待物业确认'), 'the counter-proposal');
    expect(booking.querySelector(`#accept-${visitId}`)).toBeUndefined();

    visit = await open('visit', seeded.staff.cs, { id: visitId });
    expect(textOf(visit, '#proposed')).toContain('业主希望改到');
    fire(visit, '#action-accept', 'tap');
    await until(() => (visit.data.visit as { status: string }).status === 'booked', 'the booking');
    expect(textOf(visit, '#booked')).toContain(slots[4].label.split(' ').at(-1)!);
    const again = await open('booking', seeded.owner, {});
    expect(textOf(again, `#visit-${visitId}`)).toContain('约定时间');
  });

  test('after the visit the interview is recorded, and a request becomes a ticket in one tap', async () => {
    const visit = await open('visit', seeded.staff.cs, { id: visitId });
    fire(visit, '#interviewee-name', 'change', { value: '张伟' });
    fire(visit, '#interviewee-phone', 'change', { value: '13800000001' });
    fire(visit, '#action-record', 'tap');
    expect(lastToast()).toBe('请填写访谈主题');
    fire(visit, '#interview-topics', 'change', { value: '物业服务满意度、停车' });
    fire(visit, '#interview-request-0', 'change', { value: '地下车库照明灯坏了' });
    wx.answerModals(true);
    fire(visit, '#action-record', 'tap');
    await until(() => (visit.data.visit as { status: string }).status === 'done', 'the interview record');
    expect(textOf(visit, '#interview')).toContain('诉求 1：地下车库照明灯坏了');
    fire(visit, '#action-ticket-0', 'tap');
    await until(() => textOf(visit, '#request-0').includes('已转工单'), 'the ticket');
    expect(visit.querySelector('#action-ticket-0')).toBeUndefined();
    const number = textOf(visit, '#request-0').match(/已转工单 (\S+)）/)![1];
    const inbox = (await okAs(seeded.env, seeded.staff.cs)('ticket.inbox', { communityId: seeded.communityId })).items;
    expect(inbox.find((ticket) => ticket.number === number)).toBeTruthy();
  });
});
