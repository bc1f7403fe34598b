/**
 * One price list (seed 000 (五)1, 001 四 维修1, 002 §7¶5 明码标价): paid repairs are priced by the
 * community's published fee standard. The catalogue and a charge read the version in force; a
 * charge keeps the version it used, so a later correction changes no charge already proposed; a
 * community that has published no price cannot charge.
 */
import type { FeeItem } from '../../typings/disclosure';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { REPAIR_PRICES } from '../../scripts/demo';
import { apiAs, okAs } from '../support/api';
import { uniqueEnv } from '../support/cloud';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(60_000);

const env = uniqueEnv('prices');
let priced: SeededCommunity;
let unpriced: SeededCommunity;

const drainRepair = (unitId: string): NewTicketInput => ({
  kind: 'repair',
  category: 'drain-block',
  description: '厨房下水道堵塞，水排不下去',
  photos: [],
  location: { kind: 'unit', unitId },
  contactName: '张伟',
  contactPhone: '13800000001',
});

/** A drain repair taken by the desk and assigned, ready to be quoted. */
async function readyForQuote(c: SeededCommunity): Promise<TicketDetail> {
  const created = await okAs(env, c.owner)('ticket.create', drainRepair(c.units[0].id));
  const accepted = await okAs(env, c.staff.cs)('ticket.accept', { id: created.id, version: created.version });
  return okAs(env, c.staff.cs)('ticket.assign', { id: accepted.id, version: accepted.version, technician: c.staff.tech });
}

const withPrice = (items: FeeItem[], code: string, priceFen: number): FeeItem[] => items.map((item) => (item.code === code ? { ...item, priceFen } : item));

beforeAll(async () => {
  priced = await seedCommunity(env, 'prc');
  unpriced = await seedCommunity(env, 'prn');
});

test('the catalogue prices paid repairs from the published standard; a charge uses that price and survives a later correction', async () => {
  const admin = okAs(env, ADMIN_OPENID);
  const draft = await admin('disclosure.saveDraft', { communityId: priced.communityId, title: '有偿维修服务价目表', period: '2026年', content: { kind: 'fee-standard', items: REPAIR_PRICES } });
  const v1 = await admin('disclosure.publish', { id: draft.id, revision: draft.revision });

  const catalog = await okAs(env, priced.owner)('ticket.catalog', { communityId: priced.communityId });
  expect(catalog.priceList).toEqual({ disclosureId: v1.id, title: '有偿维修服务价目表', version: 1 });
  expect(catalog.categories.find((category) => category.code === 'drain-block')).toMatchObject({ charged: true, published: true, priceFen: 8000, unit: '次', urgency: 'urgent' });
  expect(catalog.categories.find((category) => category.code === 'water-leak')).toMatchObject({ charged: false, published: true });

  const first = await readyForQuote(priced);
  const quoted = await okAs(env, priced.staff.tech)('ticket.proposeCharge', { id: first.id, version: first.version, items: [{ code: 'drain-block', quantity: 2 }] });
  expect(quoted.charge).toEqual({
    items: [{ code: 'drain-block', name: '下水道堵塞疏通', priceFen: 8000, quantity: 2, amountFen: 16000 }],
    totalFen: 16000,
    status: 'proposed',
    priceList: { disclosureId: v1.id, title: '有偿维修服务价目表', version: 1 },
  });

  // The standard is corrected: 疏通 now ¥95, with a new paid service.
  const extra: FeeItem = { name: '空调清洗', category: 'paid-service', priceFen: 12000, unit: 'time', basis: '物业服务合同附件二', note: '挂机', code: 'aircon-clean', urgency: 'routine' };
  const correction = await admin('disclosure.saveDraft', {
    communityId: priced.communityId,
    correcting: v1.id,
    title: '有偿维修服务价目表',
    period: '2026年',
    content: { kind: 'fee-standard', items: [...withPrice(REPAIR_PRICES, 'drain-block', 9500), extra] },
  });
  const v2 = await admin('disclosure.publish', { id: correction.id, revision: correction.revision, correctionNote: '疏通费调整为 95 元；新增空调清洗' });
  const after = await okAs(env, priced.owner)('ticket.catalog', { communityId: priced.communityId });
  expect(after.priceList).toMatchObject({ disclosureId: v2.id, version: 2 });
  expect(after.categories.find((category) => category.code === 'drain-block')?.priceFen).toBe(9500);
  expect(after.categories.find((category) => category.code === 'aircon-clean')).toMatchObject({ name: '空调清洗', charged: true, published: true, priceFen: 12000 });

  // The charge already proposed keeps its price and version; a new one uses the correction.
  const earlier = await okAs(env, priced.owner)('ticket.get', { id: first.id });
  expect(earlier.charge).toMatchObject({ totalFen: 16000, priceList: { version: 1 } });
  const second = await readyForQuote(priced);
  const requoted = await okAs(env, priced.staff.tech)('ticket.proposeCharge', { id: second.id, version: second.version, items: [{ code: 'drain-block', quantity: 1 }, { code: 'aircon-clean', quantity: 1 }] });
  expect(requoted.charge).toMatchObject({ totalFen: 21500, priceList: { disclosureId: v2.id, version: 2 } });
});

test('a community that has published no prices lists paid repairs as 价格待公示 and cannot charge them', async () => {
  const catalog = await okAs(env, unpriced.owner)('ticket.catalog', { communityId: unpriced.communityId });
  expect(catalog.priceList).toBeUndefined();
  expect(catalog.categories.find((category) => category.code === 'drain-block')).toMatchObject({ charged: true, published: false, priceFen: 0 });
  const ticket = await readyForQuote(unpriced);
  const refused = await apiAs(env, unpriced.staff.tech)('ticket.proposeCharge', { id: ticket.id, version: ticket.version, items: [{ code: 'drain-block', quantity: 1 }] });
  expect(refused).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('尚未在收费标准中公示') });
  expect((await okAs(env, unpriced.owner)('ticket.get', { id: ticket.id })).charge).toBeUndefined();
});

test('a repair code only on a paid service, and never twice', async () => {
  const admin = apiAs(env, ADMIN_OPENID);
  const propertyWithCode: FeeItem = { name: '物业服务费', category: 'property', priceFen: 250, unit: 'm2-month', basis: '物业服务合同', note: '', code: 'faucet' };
  expect(await admin('disclosure.saveDraft', { communityId: unpriced.communityId, title: '收费标准', period: '2026年', content: { kind: 'fee-standard', items: [propertyWithCode] } })).toMatchObject({ ok: false, code: 'VALIDATION' });
  const twice = [REPAIR_PRICES[0], { ...REPAIR_PRICES[1], code: REPAIR_PRICES[0].code }];
  expect(await admin('disclosure.saveDraft', { communityId: unpriced.communityId, title: '收费标准', period: '2026年', content: { kind: 'fee-standard', items: twice } })).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('项目代码不能重复') });
});
