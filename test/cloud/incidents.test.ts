import type { IncidentAction } from '../../typings/actions';
import { apiAs, okAs } from '../support/api';
import { uniqueEnv } from '../support/cloud';
import { probePolicy } from '../support/policy-probe';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

/** Seed 002 §3 ¶11–13: the register of quality incidents, analysed by the desk and signed off by the manager. */
jest.setTimeout(120_000);

const env = uniqueEnv('incidents');
let a: SeededCommunity;
let b: SeededCommunity;
let ticketNumber = '';

beforeAll(async () => {
  a = await seedCommunity(env, 'qia');
  b = await seedCommunity(env, 'qib');
  const ticket = await okAs(env, a.owner)('ticket.create', {
    kind: 'complaint',
    category: '服务态度',
    description: '维修师傅上门时态度恶劣',
    photos: [],
    location: { kind: 'unit', unitId: a.units[0].id },
    contactName: '张伟',
    contactPhone: '13800000001',
  });
  ticketNumber = ticket.number;
});

const analysis = { cause: '新入职维修人员未经服务礼仪培训即上岗', responsibility: '工程部主管未安排岗前培训', corrective: '已向业主当面致歉并重新安排上门', preventive: '新员工上岗前须完成服务礼仪培训并考核' };

const record = (openid = a.staff.cs) =>
  okAs(env, openid)('incident.record', { communityId: a.communityId, title: '维修人员服务态度投诉', occurredOn: '2026-11-30', description: '业主投诉维修人员上门时态度恶劣，与业主发生争执', ticketNumbers: [ticketNumber] });

test('recorded with its tickets, analysed, then signed off by the manager; signed, it no longer changes', async () => {
  let incident = await record();
  expect(incident).toMatchObject({ status: 'open', number: expect.stringMatching(/^SG\d{8}-\d{4}$/), tickets: [{ number: ticketNumber }], recordedByName: '客服小王' });
  expect(incident.allowed).toEqual(['analyse']);
  const early = await apiAs(env, a.staff.manager)('incident.signOff', { id: incident.id, version: incident.version, note: '' });
  expect(early).toMatchObject({ ok: false, code: 'CONFLICT', message: '请先写明原因、责任、纠正措施和预防措施' });
  incident = await okAs(env, a.staff.cs)('incident.analyse', { id: incident.id, version: incident.version, ...analysis, ticketNumbers: [ticketNumber] });
  expect(await apiAs(env, a.staff.cs)('incident.signOff', { id: incident.id, version: incident.version, note: '' })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '只有客服经理可以签认' });
  incident = await okAs(env, a.staff.manager)('incident.signOff', { id: incident.id, version: incident.version, note: '同意，下月复查培训记录' });
  expect(incident).toMatchObject({ status: 'signed', signedByName: '经理陈', signOffNote: '同意，下月复查培训记录', allowed: [] });
  expect(await apiAs(env, a.staff.cs)('incident.analyse', { id: incident.id, version: incident.version, ...analysis, ticketNumbers: [] })).toMatchObject({ ok: false, code: 'CONFLICT' });

  const listed = await okAs(env, a.staff.manager)('incident.list', { communityId: a.communityId, status: 'signed' });
  expect(listed.items.map((item) => item.id)).toContain(incident.id);
});

test('bad input is refused with a clear message and stores nothing; other communities and technicians are refused', async () => {
  const before = (await okAs(env, a.staff.manager)('incident.list', { communityId: a.communityId })).items.length;
  const desk = apiAs(env, a.staff.cs);
  const base = { communityId: a.communityId, title: '停电未及时通知', occurredOn: '2026-11-30', description: '计划停电未提前通知业主', ticketNumbers: [] as string[] };
  expect(await desk('incident.record', { ...base, title: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await desk('incident.record', { ...base, occurredOn: '2026-02-30' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await desk('incident.record', { ...base, ticketNumbers: ['BX20000101-0001'] })).toMatchObject({ ok: false, code: 'VALIDATION', message: '本小区没有编号为 BX20000101-0001 的工单' });
  expect(await apiAs(env, a.staff.tech)('incident.record', base)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, b.staff.cs)('incident.record', base)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, b.staff.manager)('incident.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect((await okAs(env, a.staff.manager)('incident.list', { communityId: a.communityId })).items).toHaveLength(before);
});

test('what each caller is shown is exactly what the server accepts', async () => {
  const { incidentPolicy } = await import('../../cloudfunctions/api/src/quality/policy');
  const actions = Object.keys(incidentPolicy.rules) as IncidentAction[];
  const viewers = { cs: a.staff.cs, manager: a.staff.manager, tech: a.staff.tech, admin: ADMIN_OPENID, otherCs: b.staff.cs, owner: a.owner };
  const fixtures = {
    recorded: async () => (await record()).id,
    analysed: async () => {
      const incident = await record();
      return (await okAs(env, a.staff.cs)('incident.analyse', { id: incident.id, version: incident.version, ...analysis, ticketNumbers: [] })).id;
    },
    signed: async () => {
      const incident = await record();
      const analysed = await okAs(env, a.staff.cs)('incident.analyse', { id: incident.id, version: incident.version, ...analysis, ticketNumbers: [] });
      return (await okAs(env, a.staff.manager)('incident.signOff', { id: analysed.id, version: analysed.version, note: '' })).id;
    },
  };
  const get = async (id: string) => okAs(env, a.staff.manager)('incident.get', { id });
  const { mismatches, checked } = await probePolicy<IncidentAction>({
    actions,
    viewers,
    fixtures,
    async shown(openid, id) {
      const result = await apiAs(env, openid)('incident.get', { id });
      return result.ok ? result.data.allowed : undefined;
    },
    async attempt(openid, action, id) {
      const { version } = await get(id);
      if (action === 'signOff') return apiAs(env, openid)('incident.signOff', { id, version, note: '' });
      return apiAs(env, openid)('incident.analyse', { id, version, ...analysis, ticketNumbers: [] });
    },
    async fingerprint(id) {
      const incident = await get(id);
      return { version: incident.version, status: incident.status };
    },
  });
  expect(mismatches).toEqual([]);
  expect(checked).toBe(3 * Object.keys(viewers).length * actions.length);
});
