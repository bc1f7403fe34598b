import { apiAs, okAs } from '../support/api';
import { uniqueEnv } from '../support/cloud';
import { renovationForm } from '../support/renovation';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity, daysFromToday } from '../support/seed';

/** 户档案: one home's residents, requests, renovations, bills and return visits in one call (seed 002 §2 一分钟内取阅). */
jest.setTimeout(60_000);

const env = uniqueEnv('unit-file');
let s: SeededCommunity;
let other: SeededCommunity;
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  s = await seedCommunity(env, 'uf');
  other = await seedCommunity(env, 'ufo');
});

test("a home's file holds its residents, requests, renovations, bills and return visits; names masked; the desk of its community only", async () => {
  const home = s.units[0];
  const cs = okAs(env, s.staff.cs);
  const admin = okAs(env, ADMIN_OPENID);
  await okAs(env, 'o-uf-tenant')('binding.request', { unitId: home.id, relation: 'tenant', name: '赵敏', phone: '13900000009', proofFileIds: [] });
  let complaint = await okAs(env, s.owner)('ticket.create', {
    kind: 'complaint',
    category: '噪音扰民',
    description: '楼上每晚装修到十一点',
    photos: [],
    location: { kind: 'unit', unitId: home.id },
    contactName: '张伟',
    contactPhone: '13800000001',
  });
  complaint = await cs('ticket.accept', { id: complaint.id, version: complaint.version });
  complaint = await cs('ticket.resolve', { id: complaint.id, version: complaint.version, note: '已协调' });
  complaint = await cs('ticket.returnVisit', { id: complaint.id, version: complaint.version, satisfaction: 'satisfied', note: '电话回访，业主满意' });
  const renovation = await okAs(env, s.owner)('renovation.apply', renovationForm({ unitId: home.id, startDate: inDays(3), endDate: inDays(60), agreementVersion: '2026-01' }));
  const draft = await admin('disclosure.saveDraft', {
    communityId: s.communityId,
    title: '收费标准',
    period: '2026年',
    content: { kind: 'fee-standard', items: [{ name: '物业服务费', category: 'property', priceFen: 250, unit: 'm2-month', basis: '物业服务合同', note: '' }] },
  });
  const fees = await admin('disclosure.publish', { id: draft.id, revision: draft.revision });
  await admin('bill.generate', { communityId: s.communityId, period: '2026-09', feeDisclosureId: fees.id, itemNames: ['物业服务费'] });
  await admin('bill.publish', { communityId: s.communityId, period: '2026-09', dueDate: daysFromToday(30) });
  // A draft of a later month is not the owner's bill yet.
  await admin('bill.generate', { communityId: s.communityId, period: '2026-10', feeDisclosureId: fees.id, itemNames: ['物业服务费'] });

  const file = await cs('unit.file', { unitId: home.id });
  expect(file.unit).toMatchObject({ id: home.id, label: home.label });
  expect(file.residents.map(({ name, relation, status }) => ({ name, relation, status }))).toEqual([
    { name: '赵*', relation: 'tenant', status: 'pending' },
    { name: '张*', relation: 'owner', status: 'approved' },
  ]);
  expect(file.tickets.map((ticket) => ticket.id)).toEqual([complaint.id]);
  expect(file.renovations).toEqual([expect.objectContaining({ id: renovation.id, status: 'submitted', inspections: 0 })]);
  expect(file.bills.map((bill) => ({ period: bill.period, status: bill.status }))).toEqual([{ period: '2026-09', status: 'issued' }]);
  expect(file.visits).toEqual([expect.objectContaining({ ticketId: complaint.id, satisfaction: 'satisfied', note: '电话回访，业主满意' })]);
  expect(JSON.stringify(file)).not.toContain('13800000001');

  expect(await apiAs(env, s.staff.tech)('unit.file', { unitId: home.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, other.staff.cs)('unit.file', { unitId: home.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, s.owner)('unit.file', { unitId: home.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, s.staff.cs)('unit.file', { unitId: 'u-missing' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
});
