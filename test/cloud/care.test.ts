/**
 * Special-group care (seed 000 (九)) and owner visits (seed 000 (四)): the care ledger with its
 * contact plan, overdue contacts and abnormal-contact alerts; the monthly visit plan, the booking
 * with the owner, the interview record, its requests made tickets, and the monthly archive.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionName } from '../../typings/api';
import type { CareAction, VisitAction } from '../../typings/actions';
import type { CarePersonInput } from '../../typings/care';
import { apiAs, grantSubscription, okAs, outbox } from '../support/api';
import { clockToChina, uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { probePolicy } from '../support/policy-probe';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(180_000);

const env = uniqueEnv('care');
const ESCALATION_TEMPLATE = 'tmpl-staff-escalation';
const STATUS_TEMPLATE = 'tmpl-ticket-status';
let cloud: RunningCloud;
let a: SeededCommunity;
let b: SeededCommunity;
const as = (openid: string) => okAs(env, openid, cloud.url);
const ask = (openid: string) => apiAs(env, openid, cloud.url);
const clockTo = (wall: string): Promise<void> => clockToChina(cloud.url, wall);
const countOf = async (openid: string, key: string): Promise<number | undefined> =>
  (await as(openid)('staff.workload', {})).communities.find((community) => community.communityId === a.communityId)?.counts.find((count) => count.key === key)?.count;

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'care-')) });
  a = await seedCommunity(env, 'cra', cloud.url);
  b = await seedCommunity(env, 'crb', cloud.url);
  await clockTo('2027-03-01T09:00:00');
  await grantSubscription(env, a.staff.manager, ESCALATION_TEMPLATE, 5, cloud.url);
  await grantSubscription(env, a.owner, STATUS_TEMPLATE, 5, cloud.url);
});
afterAll(async () => {
  await cloud.stop();
  rmSync(cloud.dataDir, { recursive: true, force: true });
});

const person = (extra: Partial<CarePersonInput> = {}): CarePersonInput => ({
  communityId: a.communityId,
  name: '王秀英',
  category: 'aloneElderly',
  livingSituation: 'alone',
  unitId: a.units[2].id,
  address: '1栋2单元201',
  emergencyContact: { name: '王建国', relation: '儿子', phone: '13900000011' },
  healthNotes: '高血压，按时服药',
  consent: { given: true, by: 'self' },
  responsibleOpenid: a.staff.cs,
  plan: { contactEveryDays: 1, visitEveryDays: 7 },
  ...extra,
});

describe('the care ledger (特殊群体台账)', () => {
  test('only the responsible staff, the manager and the information keeper read a record; every view is in the access log', async () => {
    const saved = await as(a.staff.manager)('care.save', person());
    expect(saved).toMatchObject({ maskedName: '王**', name: '王秀英', unitLabel: '1栋2单元201', responsibleName: '客服小王', due: true, overdue: false, plan: { contactEveryDays: 1, visitEveryDays: 7 } });
    expect(await ask(a.staff.manager)('care.save', { ...person(), consent: { given: false as unknown as true, by: 'self' } })).toMatchObject({ ok: false, code: 'VALIDATION' });
    // Nobody but the desk is made responsible.
    expect(await ask(a.staff.manager)('care.save', person({ responsibleOpenid: a.staff.tech }))).toMatchObject({ ok: false, code: 'VALIDATION', message: '负责人须是本小区的客服或客服经理' });

    const logBefore = (await as(a.staff.manager)('accessLog.list', { communityId: a.communityId })).items.length;
    const read = await as(a.staff.cs)('care.get', { id: saved.id });
    expect(read).toMatchObject({ name: '王秀英', emergencyContact: { phone: '13900000011' }, healthNotes: '高血压，按时服药', allowed: ['view', 'record'] });
    expect((await as(a.staff.manager)('care.get', { id: saved.id })).allowed).toEqual(['view', 'edit', 'record']);
    expect((await as(a.staff.infokeeper)('care.get', { id: saved.id })).allowed).toEqual(['view']);
    for (const outsider of [a.staff.tech, b.staff.manager, b.staff.cs, a.owner, a.stranger]) {
      expect(await ask(outsider)('care.get', { id: saved.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    const log = (await as(a.staff.manager)('accessLog.list', { communityId: a.communityId })).items;
    expect(log).toHaveLength(logBefore + 3);
    expect(log.slice(0, 3).map((entry) => entry.actorName).sort()).toEqual(['专管员周', '客服小王', '经理陈'].sort());
    expect(log[0]).toMatchObject({ kind: 'view', subject: '1栋2单元201 王**', fields: ['关怀档案', '紧急联系人', '健康备注'] });

    // Another desk member not responsible for her sees neither her record nor her row.
    const colleague = await as(a.staff.manager)('care.save', person({ name: '李桂兰', responsibleOpenid: a.staff.manager }));
    const csRows = (await as(a.staff.cs)('care.list', { communityId: a.communityId, filter: 'all' })).items.map((row) => row.id);
    expect(csRows).toContain(saved.id);
    expect(csRows).not.toContain(colleague.id);
    expect(await ask(a.staff.cs)('care.get', { id: colleague.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const whole = (await as(a.staff.infokeeper)('care.list', { communityId: a.communityId, filter: 'all' })).items;
    expect(whole.map((row) => row.id)).toEqual(expect.arrayContaining([saved.id, colleague.id]));
    expect(JSON.stringify(whole)).not.toContain('13900000011');
    expect(JSON.stringify(whole)).not.toContain('王秀英');
  });

  test('a daily contact not recorded by the end of the next day is overdue on the manager’s list and workbench, until it is recorded', async () => {
    const saved = await as(a.staff.manager)('care.save', person({ name: '赵德明', category: 'emptyNest', livingSituation: 'withSpouse' }));
    const recorded = await as(a.staff.cs)('care.record', { id: saved.id, method: 'phone', condition: 'normal', note: '' });
    expect(recorded).toMatchObject({ alerted: false, person: { contactDueOn: '2027-03-02', lastContact: { method: 'phone', condition: 'normal' } } });
    expect(recorded.emergencyContact).toBeUndefined();

    await clockTo('2027-03-02T20:00:00');
    const today = (await as(a.staff.cs)('care.list', { communityId: a.communityId, filter: 'today' })).items;
    expect(today.find((row) => row.id === saved.id)).toMatchObject({ due: true, overdue: false });
    expect(await countOf(a.staff.cs, 'careToday')).toBeGreaterThanOrEqual(1);
    expect((await as(a.staff.manager)('care.list', { communityId: a.communityId, filter: 'overdue' })).items.map((row) => row.id)).not.toContain(saved.id);
    expect(await countOf(a.staff.cs, 'careOverdue')).toBeUndefined();

    await clockTo('2027-03-03T00:05:00');
    const overdue = (await as(a.staff.manager)('care.list', { communityId: a.communityId, filter: 'overdue' })).items;
    expect(overdue.find((row) => row.id === saved.id)).toMatchObject({ overdue: true, contactDueOn: '2027-03-02', responsibleName: '客服小王' });
    const overdueCount = await countOf(a.staff.manager, 'careOverdue');
    expect(overdueCount).toBe(overdue.length);

    await as(a.staff.cs)('care.record', { id: saved.id, method: 'visit', condition: 'normal', note: '上门看望，精神很好' });
    expect((await as(a.staff.manager)('care.list', { communityId: a.communityId, filter: 'overdue' })).items.map((row) => row.id)).not.toContain(saved.id);
    expect(await countOf(a.staff.manager, 'careOverdue')).toBe(overdueCount! - 1);
    const record = await as(a.staff.manager)('care.get', { id: saved.id });
    expect(record).toMatchObject({ contactDueOn: '2027-03-04', visitDueOn: '2027-03-10' });
    expect(record.contacts.map((contact) => contact.method)).toEqual(['visit', 'phone']);
  });

  test('an 异常 record alerts the manager at once, once even when retried, and shows the emergency contact to the staff member', async () => {
    const saved = await as(a.staff.manager)('care.save', person({ name: '孙玉珍', category: 'disabled' }));
    expect(await ask(a.staff.cs)('care.record', { id: saved.id, method: 'phone', condition: 'abnormal', note: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    const sentBefore = (await outbox(env, cloud.url)).filter((message) => message.templateId === ESCALATION_TEMPLATE && message.touser === a.staff.manager).length;
    const requestId = 'care-abnormal-retry-1';
    const first = await ask(a.staff.cs)('care.record', { id: saved.id, method: 'phone', condition: 'abnormal', note: '电话无人接听，邻居说两天没见到' }, requestId);
    const retried = await ask(a.staff.cs)('care.record', { id: saved.id, method: 'phone', condition: 'abnormal', note: '电话无人接听，邻居说两天没见到' }, requestId);
    expect(first).toMatchObject({ ok: true, data: { alerted: true, emergencyContact: { name: '王建国', relation: '儿子', phone: '13900000011' } } });
    expect(retried).toEqual(first);
    const sent = (await outbox(env, cloud.url)).filter((message) => message.templateId === ESCALATION_TEMPLATE && message.touser === a.staff.manager && message.errcode === 0);
    expect(sent).toHaveLength(sentBefore + 1);
    expect(sent[sent.length - 1].data.phrase3.value).toBe('情况异常');
    expect(sent[sent.length - 1].page).toBe(`packages/care/pages/person/index?id=${saved.id}`);
    expect((await as(a.staff.manager)('care.get', { id: saved.id })).contacts).toHaveLength(1);
  });

  test('each care action refuses other roles and other communities', async () => {
    const saved = await as(a.staff.manager)('care.save', person({ name: '周淑华' }));
    const attempts: [ActionName, Record<string, unknown>][] = [
      ['care.list', { communityId: a.communityId, filter: 'all' }],
      ['care.get', { id: saved.id }],
      ['care.save', { ...person(), id: saved.id, version: saved.version }],
      ['care.record', { id: saved.id, method: 'phone', condition: 'normal', note: '' }],
    ];
    for (const [action, input] of attempts) {
      for (const outsider of [a.staff.tech, b.staff.manager, b.staff.cs, b.staff.infokeeper, a.owner, a.stranger]) {
        const answer = await ask(outsider)(action, input as never);
        expect({ action, outsider, answer }).toMatchObject({ answer: { ok: false, code: 'FORBIDDEN' } });
      }
    }
    // The desk and the keeper read the ledger but do not keep it; the keeper records no contact.
    expect(await ask(a.staff.cs)('care.save', person())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.staff.infokeeper)('care.record', { id: saved.id, method: 'phone', condition: 'normal', note: '' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await as(a.staff.manager)('care.get', { id: saved.id })).version).toBe(saved.version);
  });
});

describe('owner visits (业主上门拜访)', () => {
  const MONTH = '2027-03';
  const plan = (unitIndex = 0) => as(a.staff.manager)('visit.create', { communityId: a.communityId, month: MONTH, unitId: a.units[unitIndex].id, visitorOpenid: a.staff.cs });

  test('the owner receives the proposed time and answers it; a counter-proposal changes the booking, which the visitor accepts', async () => {
    let visit = await plan();
    expect(visit).toMatchObject({ status: 'planned', unitLabel: '1栋1单元101', visitorName: '客服小王', allowed: ['propose'] });
    expect(await countOf(a.staff.cs, 'visitsToBook')).toBeGreaterThanOrEqual(1);
    visit = await as(a.staff.cs)('visit.propose', { id: visit.id, version: visit.version, at: '2027-03-05T10:00:00+08:00' });
    expect(visit).toMatchObject({ status: 'proposed', proposedAt: '2027-03-05T02:00:00.000Z', proposedBy: 'staff' });
    const told = (await outbox(env, cloud.url)).filter((message) => message.touser === a.owner && message.templateId === STATUS_TEMPLATE && message.page === 'packages/care/pages/booking/index');
    expect(told).toHaveLength(1);
    expect(told[0].data.phrase3.value).toBe('待确认');

    const [mine] = await as(a.owner)('visit.mine', {});
    expect(mine).toMatchObject({ id: visit.id, status: 'proposed', allowed: ['answer'] });
    expect(await ask(a.staff.cs)('visit.answer', { id: visit.id, version: visit.version, accept: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.owner)('visit.answer', { id: visit.id, version: visit.version, accept: false })).toMatchObject({ ok: false, code: 'VALIDATION', message: '请选择您方便的时间' });
    visit = await as(a.owner)('visit.answer', { id: visit.id, version: visit.version, accept: false, at: '2027-03-06T15:00:00+08:00' });
    expect(visit).toMatchObject({ status: 'countered', proposedAt: '2027-03-06T07:00:00.000Z', proposedBy: 'owner', allowed: [] });
    expect((await as(a.staff.cs)('visit.get', { id: visit.id })).allowed).toEqual(['propose', 'accept']);
    visit = await as(a.staff.cs)('visit.accept', { id: visit.id, version: visit.version });
    expect(visit).toMatchObject({ status: 'booked', bookedAt: '2027-03-06T07:00:00.000Z' });
    expect((await as(a.owner)('visit.mine', {}))[0]).toMatchObject({ status: 'booked', bookedAt: '2027-03-06T07:00:00.000Z', allowed: [] });
  });

  test('a request of the interview becomes a ticket once, registered as a visit (来访) and linked to the visit', async () => {
    let visit = await plan(0);
    visit = await as(a.staff.cs)('visit.propose', { id: visit.id, version: visit.version, at: '2027-03-08T10:00:00+08:00' });
    visit = await as(a.owner)('visit.answer', { id: visit.id, version: visit.version, accept: true });
    expect(await ask(a.staff.cs)('visit.ticket', { id: visit.id, index: 0, kind: 'repair' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    visit = await as(a.staff.cs)('visit.record', {
      id: visit.id,
      version: visit.version,
      intervieweeName: '张伟',
      intervieweePhone: '13800000001',
      topics: '物业服务满意度、停车、绿化',
      opinions: '总体满意，希望晚上车库照明更好',
      requests: ['地下车库B区照明灯坏了三盏', '希望增设快递柜'],
    });
    expect(visit).toMatchObject({ status: 'done', interview: { recordedByName: '客服小王', requests: [{ text: '地下车库B区照明灯坏了三盏' }, { text: '希望增设快递柜' }] }, allowed: ['ticket'] });

    const requestId = 'visit-ticket-request-0';
    const first = await ask(a.staff.cs)('visit.ticket', { id: visit.id, index: 0, kind: 'repair' }, requestId);
    const retried = await ask(a.staff.cs)('visit.ticket', { id: visit.id, index: 0, kind: 'repair' }, requestId);
    if (!first.ok || !retried.ok) throw new Error(JSON.stringify(first));
    expect(retried.data.id).toBe(first.data.id);
    expect(first.data).toMatchObject({ channel: 'visit', kind: 'repair' });
    expect(first.data.description).toContain('地下车库B区照明灯坏了三盏');
    expect(await ask(a.staff.manager)('visit.ticket', { id: visit.id, index: 0, kind: 'repair' })).toMatchObject({ ok: false, code: 'CONFLICT', message: '该诉求已转为工单' });
    const linked = await as(a.staff.cs)('visit.get', { id: visit.id });
    expect(linked.interview?.requests[0]).toMatchObject({ ticketId: first.data.id, ticketNumber: first.data.number });
    const inbox = (await as(a.staff.cs)('ticket.inbox', { communityId: a.communityId })).items.filter((ticket) => ticket.id === first.data.id);
    expect(inbox).toHaveLength(1);

    const second = await as(a.staff.cs)('visit.ticket', { id: visit.id, index: 1, kind: 'suggestion' });
    expect(second.kind).toBe('suggestion');
    expect((await as(a.staff.cs)('visit.get', { id: visit.id })).allowed).toEqual([]);
  });

  test('the monthly archive .xlsx holds the month’s visits and interviews, and only its manager exports it', async () => {
    const later = await as(a.staff.manager)('visit.create', { communityId: a.communityId, month: '2027-04', unitId: a.units[3].id, visitorOpenid: a.staff.manager });
    const exported = await as(a.staff.manager)('visit.archive', { communityId: a.communityId, month: MONTH });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(exported.url)).arrayBuffer());
    const rows = (name: string) => {
      const values: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row, index) => {
        if (index > 1) values.push((row.values as unknown[]).slice(1));
      });
      return values;
    };
    const planned = rows('拜访计划');
    expect(planned.length).toBe((await as(a.staff.manager)('visit.plan', { communityId: a.communityId, month: MONTH })).items.length);
    expect(planned.map((row) => row[0])).not.toContain(later.unitLabel);
    expect(planned).toContainEqual(['1栋1单元101', '客服小王', '已拜访', '2027-03-08 10:00']);
    const interviews = rows('访谈记录');
    expect(interviews).toHaveLength(1);
    expect(interviews[0].slice(0, 4)).toEqual(['1栋1单元101', '张伟', '138****0001', '物业服务满意度、停车、绿化']);
    expect(String(interviews[0][5])).toMatch(/地下车库B区照明灯坏了三盏（工单 .+）；希望增设快递柜（工单 .+）/);
    expect(await ask(a.staff.cs)('visit.archive', { communityId: a.communityId, month: MONTH })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(b.staff.manager)('visit.archive', { communityId: a.communityId, month: MONTH })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('each visit action refuses other roles and other communities', async () => {
    const visit = await plan(1);
    const attempts: [ActionName, Record<string, unknown>][] = [
      ['visit.plan', { communityId: a.communityId, month: MONTH }],
      ['visit.get', { id: visit.id }],
      ['visit.create', { communityId: a.communityId, month: MONTH, unitId: a.units[1].id, visitorOpenid: a.staff.cs }],
      ['visit.propose', { id: visit.id, version: visit.version, at: '2027-03-20T10:00:00+08:00' }],
      ['visit.answer', { id: visit.id, version: visit.version, accept: true }],
      ['visit.accept', { id: visit.id, version: visit.version }],
      ['visit.record', { id: visit.id, version: visit.version, intervieweeName: '李娜', intervieweePhone: '13800000002', topics: '物业服务', opinions: '', requests: [] }],
      ['visit.ticket', { id: visit.id, index: 0, kind: 'repair' }],
      ['visit.archive', { communityId: a.communityId, month: MONTH }],
    ];
    for (const [action, input] of attempts) {
      for (const outsider of [a.staff.tech, b.staff.manager, b.staff.cs, a.stranger]) {
        const answer = await ask(outsider)(action, input as never);
        expect({ action, outsider, answer }).toMatchObject({ answer: { ok: false, code: 'FORBIDDEN' } });
      }
    }
    // The desk member not chosen as visitor cannot book it; nor can an owner of another home answer it.
    expect(await ask(a.staff.cs)('visit.create', { communityId: a.communityId, month: MONTH, unitId: a.units[1].id, visitorOpenid: a.staff.cs })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await as(a.stranger)('visit.mine', {})).toEqual([]);
    expect((await as(a.staff.manager)('visit.get', { id: visit.id })).version).toBe(visit.version);
  });
});

describe('what each caller is shown is what the server accepts', () => {
  const viewers = () => ({
    responsible: a.staff.cs,
    manager: a.staff.manager,
    infokeeper: a.staff.infokeeper,
    tech: a.staff.tech,
    owner: a.owner,
    otherCommunityManager: b.staff.manager,
    stranger: a.stranger,
  });

  test('a person of the care ledger, for every caller', async () => {
    const actions: CareAction[] = ['view', 'edit', 'record'];
    const { mismatches, checked } = await probePolicy<CareAction>({
      actions,
      viewers: viewers(),
      fixtures: { active: async () => (await as(a.staff.manager)('care.save', person({ name: '钱桂芳' }))).id },
      async shown(openid, id) {
        const result = await ask(openid)('care.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      async attempt(openid, action, id) {
        if (action === 'view') return ask(openid)('care.get', { id });
        if (action === 'record') return ask(openid)('care.record', { id, method: 'phone', condition: 'normal', note: '' });
        const { version } = await as(a.staff.manager)('care.get', { id });
        return ask(openid)('care.save', { ...person({ name: '钱桂芳' }), id, version, healthNotes: '糖尿病' });
      },
      async fingerprint(id) {
        const record = await as(a.staff.manager)('care.get', { id });
        return { version: record.version, contacts: record.contacts.length };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(viewers()).length * actions.length);
  });

  test('an owner visit in each state, for every caller', async () => {
    const actions: VisitAction[] = ['propose', 'answer', 'accept', 'record', 'ticket'];
    const manager = as(a.staff.manager);
    const interview = { intervieweeName: '张伟', intervieweePhone: '13800000001', topics: '物业服务满意度', opinions: '', requests: ['楼道灯不亮'] };
    type Step = (visit: { id: string; version: number }) => Promise<{ id: string; version: number }>;
    const propose: Step = (visit) => as(a.staff.cs)('visit.propose', { ...visit, at: '2027-03-20T10:00:00+08:00' });
    const counter: Step = (visit) => as(a.owner)('visit.answer', { ...visit, accept: false, at: '2027-03-21T15:00:00+08:00' });
    const accept: Step = (visit) => as(a.owner)('visit.answer', { ...visit, accept: true });
    const record: Step = (visit) => as(a.staff.cs)('visit.record', { ...visit, ...interview });
    const ticketed: Step = async (visit) => {
      await as(a.staff.cs)('visit.ticket', { id: visit.id, index: 0, kind: 'repair' });
      return as(a.staff.cs)('visit.get', { id: visit.id });
    };
    const fixture =
      (...steps: Step[]) =>
      async () => {
        let visit: { id: string; version: number } = await manager('visit.create', { communityId: a.communityId, month: '2027-03', unitId: a.units[0].id, visitorOpenid: a.staff.cs });
        for (const step of steps) visit = await step({ id: visit.id, version: visit.version });
        return visit.id;
      };
    const fixtures = {
      planned: fixture(),
      proposed: fixture(propose),
      countered: fixture(propose, counter),
      booked: fixture(propose, accept),
      done: fixture(propose, accept, record),
      'done, its request a ticket': fixture(propose, accept, record, ticketed),
    };
    const { mismatches, checked } = await probePolicy<VisitAction>({
      actions,
      viewers: viewers(),
      fixtures,
      async shown(openid, id) {
        if (openid === a.owner) return (await as(a.owner)('visit.mine', {})).find((visit) => visit.id === id)?.allowed ?? [];
        const result = await ask(openid)('visit.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      async attempt(openid, action, id) {
        const { version } = await manager('visit.get', { id });
        if (action === 'propose') return ask(openid)('visit.propose', { id, version, at: '2027-03-22T10:00:00+08:00' });
        if (action === 'answer') return ask(openid)('visit.answer', { id, version, accept: true });
        if (action === 'accept') return ask(openid)('visit.accept', { id, version });
        if (action === 'record') return ask(openid)('visit.record', { id, version, ...interview });
        return ask(openid)('visit.ticket', { id, index: 0, kind: 'suggestion' });
      },
      async fingerprint(id) {
        const visit = await manager('visit.get', { id });
        return { version: visit.version, status: visit.status, requests: visit.interview?.requests };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(fixtures).length * Object.keys(viewers()).length * actions.length);
  });
});

describe("the owner's own data", () => {
  test('the owner’s export lists the visits to their home; deleting their data removes them as the interviewee, and the visit record stays', async () => {
    const exported = await as(a.owner)('me.export', {});
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(exported.url)).arrayBuffer());
    const visits = JSON.stringify(workbook.getWorksheet('上门拜访')?.getSheetValues() ?? null);
    expect(visits).toContain('1栋1单元101');
    expect(visits).toContain('13800000001');
    expect(visits).toContain('地下车库B区照明灯坏了三盏');

    await as(a.owner)('me.delete', { confirm: '删除我的个人信息' });
    const kept = (await as(a.staff.manager)('visit.plan', { communityId: a.communityId, month: '2027-03' })).items.filter((visit) => visit.interview?.topics === '物业服务满意度、停车、绿化');
    expect(kept).toHaveLength(1);
    expect(kept[0].interview).toMatchObject({ intervieweeName: '（已删除）', intervieweePhone: '', topics: '物业服务满意度、停车、绿化' });
  });
});
