import ExcelJS from 'exceljs';
import { apiAs, grantSubscription, okAs, outbox, uploadAs } from '../support/api';
import { sdkFor, uniqueEnv } from '../support/cloud';
import { renovationForm } from '../support/renovation';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity, daysFromToday } from '../support/seed';

/**
 * An owner's personal data, whole (seed 000 (七) 1): the export covers everything the service holds
 * about them and says what deletion keeps; deletion leaves their name and WeChat id nowhere but in
 * records kept for the company's accounts, which hold no name. Bill reminders go to the payer only.
 */
jest.setTimeout(120_000);

const env = uniqueEnv('personal-data');
const TEMPLATE = 'tmpl-ticket-status';
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const PERIOD = '2026-10';
let s: SeededCommunity;
const leaving = 'o-pd-leaving';
const tenant = 'o-pd-tenant';
const family = 'o-pd-family';

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

async function bind(openid: string, unitId: string, relation: 'owner' | 'tenant' | 'family', name: string, phone: string, proofFileIds: string[] = []): Promise<string> {
  const request = await okAs(env, openid)('binding.request', { unitId, relation, name, phone, proofFileIds });
  await okAs(env, s.staff.cs)('binding.review', { id: request.id, version: request.version, decision: 'approve' });
  return request.id;
}

beforeAll(async () => {
  s = await seedCommunity(env, 'pd');
  const admin = okAs(env, ADMIN_OPENID);
  const draft = await admin('disclosure.saveDraft', {
    communityId: s.communityId,
    title: '2026年物业服务收费标准',
    period: '2026年',
    content: { kind: 'fee-standard', items: [{ name: '物业服务费', category: 'property', priceFen: 250, unit: 'm2-month', basis: '物业服务合同第五条', note: '' }] },
  });
  const fees = await admin('disclosure.publish', { id: draft.id, revision: draft.revision });
  await admin('bill.generate', { communityId: s.communityId, period: PERIOD, feeDisclosureId: fees.id, itemNames: ['物业服务费'] });
  await admin('bill.publish', { communityId: s.communityId, period: PERIOD, dueDate: daysFromToday(30) });
});

const workbookAt = async (url: string): Promise<ExcelJS.Workbook> => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await (await fetch(url)).arrayBuffer());
  return workbook;
};
const sheetText = (workbook: ExcelJS.Workbook, name: string): string => JSON.stringify(workbook.getWorksheet(name)?.getSheetValues() ?? null);

test('the export covers renovations, bills and receipts, who viewed the data, and the uploaded files, and says what deletion keeps; deletion leaves no name or id in renovations', async () => {
  const home = s.units[3];
  const proof = await uploadAs(env, leaving, 'proofs/deed.jpg', PHOTO);
  const bindingId = await bind(leaving, home.id, 'owner', '刘洋', '13800000004', [proof]);
  const photo = await uploadAs(env, leaving, 'tickets/leak.jpg', PHOTO);
  const ticket = await okAs(env, leaving)('ticket.create', {
    kind: 'repair',
    category: 'faucet',
    description: '厨房水龙头一直滴水',
    photos: [photo],
    location: { kind: 'unit', unitId: home.id },
    contactName: '刘洋',
    contactPhone: '13800000004',
  });
  const renovation = await okAs(env, leaving)('renovation.apply', renovationForm({ unitId: home.id, startDate: inDays(3), endDate: inDays(60), agreementVersion: '2026-01' }));
  const billId = `${s.communityId}:${PERIOD}:${home.id}`;
  const bill = (await okAs(env, leaving)('bill.mine', {})).find((item) => item.id === billId)!;
  await okAs(env, s.staff.cs)('bill.markPaid', { id: billId, version: bill.version, receiptNo: 'SJ-2026-10-0042' });
  await okAs(env, s.staff.infokeeper)('binding.reveal', { id: bindingId, reason: '核对产权人身份信息' });

  const exported = await okAs(env, leaving)('me.export', {});
  const workbook = await workbookAt(exported.url);
  expect(sheetText(workbook, '装修申请')).toContain('刘洋');
  expect(sheetText(workbook, '装修申请')).toContain('成都安居装饰工程有限公司');
  expect(sheetText(workbook, '账单与收据')).toContain('SJ-2026-10-0042');
  expect(sheetText(workbook, '个人信息访问记录')).toContain('核对产权人身份信息');
  expect(sheetText(workbook, '上传的文件')).toContain(proof);
  expect(sheetText(workbook, '上传的文件')).toContain(photo);
  expect(sheetText(workbook, '删除时的处理')).toContain('申请人姓名改为“已删除”');

  const deleted = await okAs(env, leaving)('me.delete', { confirm: '删除我的个人信息' });
  expect(deleted).toMatchObject({ bindingsRemoved: 1, filesRemoved: 2, ticketsAnonymized: 1, renovationsAnonymized: 1 });
  // Nothing the service keeps names them or links to their WeChat account.
  const db = sdkFor(env).database();
  const stored = async (collection: string, id: string): Promise<unknown[]> => ((await db.collection(collection).where({ _id: id }).get()) as { data: unknown[] }).data;
  const kept = await stored('renovations', renovation.id);
  expect(kept).toHaveLength(1);
  expect(JSON.stringify(kept)).not.toContain(leaving);
  expect(JSON.stringify(kept)).not.toContain('刘洋');
  expect(JSON.stringify(kept)).toContain('（已删除）');
  const keptTicket = await okAs(env, s.staff.cs)('ticket.get', { id: ticket.id });
  expect(keptTicket.photoUrls).toEqual([]);
  expect(JSON.stringify(await stored('tickets', ticket.id))).not.toContain(leaving);
  // Its timeline still shows who submitted it as the role, never the account.
  expect(keptTicket.events.map((event) => [event.type, event.actorName])).toEqual([['submitted', '业主']]);
  expect(JSON.stringify(keptTicket.events)).not.toContain(leaving);
  // The files themselves are gone.
  const { fileList } = (await sdkFor(env).getTempFileURL({ fileList: [proof, photo] })) as { fileList: { tempFileURL: string }[] };
  expect(fileList.every((file) => !file.tempFileURL)).toBe(true);
});

test('a bill reminder reaches the payer (the owner), not the tenant or the family living there', async () => {
  const home = s.units[2];
  await bind(s.stranger, home.id, 'owner', '王芳', '13800000003');
  await bind(tenant, home.id, 'tenant', '赵敏', '13900000009');
  await bind(family, home.id, 'family', '王小明', '13900000010');
  for (const openid of [s.stranger, tenant, family]) await grantSubscription(env, openid, TEMPLATE);
  const billId = `${s.communityId}:${PERIOD}:${home.id}`;
  const before = (await outbox(env)).length;
  const reminded = await apiAs(env, s.staff.cs)('bill.remind', { id: billId, channel: 'message', deadline: daysFromToday(10) });
  expect(reminded).toMatchObject({ ok: true, data: { reached: 1 } });
  const sent = (await outbox(env)).slice(before).filter((message) => message.errcode === 0);
  expect(sent.map((message) => message.touser)).toEqual([s.stranger]);
});

test('a tenant approved as the payer gets the reminders instead of the owner; only a tenant can be the payer', async () => {
  const home = s.units[1];
  await bind('o-pd-owner-2', home.id, 'owner', '孙丽', '13800000005');
  const familyRequest = await okAs(env, 'o-pd-family-2')('binding.request', { unitId: home.id, relation: 'family', name: '孙小丽', phone: '13900000011', proofFileIds: [] });
  expect(await apiAs(env, s.staff.cs)('binding.review', { id: familyRequest.id, version: familyRequest.version, decision: 'approve', payer: true })).toMatchObject({
    ok: false,
    code: 'VALIDATION',
    message: '只有租户可以设为缴费人，业主本来就是缴费人',
  });
  const tenantRequest = await okAs(env, 'o-pd-tenant-2')('binding.request', { unitId: home.id, relation: 'tenant', name: '钱进', phone: '13900000012', proofFileIds: [] });
  const approved = await okAs(env, s.staff.cs)('binding.review', { id: tenantRequest.id, version: tenantRequest.version, decision: 'approve', payer: true });
  expect(approved).toMatchObject({ relation: 'tenant', status: 'approved', payer: true });
  for (const openid of ['o-pd-owner-2', 'o-pd-tenant-2']) await grantSubscription(env, openid, TEMPLATE);
  const before = (await outbox(env)).length;
  expect(await apiAs(env, s.staff.cs)('bill.remind', { id: `${s.communityId}:${PERIOD}:${home.id}`, channel: 'message', deadline: daysFromToday(10) })).toMatchObject({ ok: true, data: { reached: 1 } });
  const sent = (await outbox(env)).slice(before).filter((message) => message.errcode === 0);
  expect(sent.map((message) => message.touser)).toEqual(['o-pd-tenant-2']);
  // The family member's request is still pending: the refusal changed nothing.
  const queue = await okAs(env, s.staff.cs)('binding.queue', { communityId: s.communityId, status: 'pending' });
  expect(queue.items.find((item) => item.id === familyRequest.id)).toMatchObject({ status: 'pending', payer: false });
});
