/**
 * Move-in (入住办理, seed 002 §10), the 管理规约 signed per version (002 §6, §10) and the customer
 * file's documents and preferences (001 三(一)1).
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MoveInAction } from '../../typings/actions';
import type { ActionName } from '../../typings/api';
import type { MoveInInput } from '../../typings/movein';
import { ACCEPTANCE_TEMPLATE } from '../../miniprogram/shared/movein';
import { apiAs, okAs, uploadAs, type ApiCaller } from '../support/api';
import { sdkFor, uniqueEnv } from '../support/cloud';
import { renderPdf } from '../support/pdf';
import { probePolicy } from '../support/policy-probe';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(180_000);

const env = uniqueEnv('movein');
let a: SeededCommunity;
let b: SeededCommunity;
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

/** Binds `openid` to a home as its owner, approved by the desk. */
async function bindOwner(s: SeededCommunity, openid: string, unitIndex: number, name: string, phone: string): Promise<string> {
  const binding = await okAs(env, openid)('binding.request', { unitId: s.units[unitIndex].id, relation: 'owner', name, phone, proofFileIds: [] });
  await okAs(env, s.staff.manager)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
  return binding.id;
}

const rooms = ACCEPTANCE_TEMPLATE.map((room) => ({ room: room.room, items: room.items.map((name) => ({ name, ok: !(room.room === '卫生间' && name === '防水') })) }));

const moveInFor = (s: SeededCommunity, unitIndex: number, defects: MoveInInput['defects']): MoveInInput => ({
  communityId: s.communityId,
  unitId: s.units[unitIndex].id,
  documents: ['notice', 'id-copy', 'registration'],
  keys: { sets: 3, note: '入户门钥匙 3 把，信报箱钥匙 1 把' },
  meters: { water: '0.50', electricity: '12', gas: '0' },
  rooms,
  defects,
});

beforeAll(async () => {
  a = await seedCommunity(env, 'mva');
  b = await seedCommunity(env, 'mvb');
});

describe('管理规约: versioned texts an owner signs', () => {
  test('the signed version stays recorded when the text changes; the new version is signed anew; nobody signs twice', async () => {
    const manager = okAs(env, a.staff.manager);
    const v1 = await manager('agreement.publish', { communityId: a.communityId, kind: 'provisional', title: '临时管理规约', body: '第一条 业主应当遵守本临时管理规约，爱护共用部位和共用设施设备。' });
    expect(v1).toMatchObject({ version: 1, kind: 'provisional', publishedByName: '经理陈' });

    let mine = await okAs(env, a.owner)('agreement.forUnit', { unitId: a.units[0].id });
    expect(mine).toMatchObject({ current: { id: v1.id, version: 1 }, signatures: [], signedCurrent: false, canSign: true });
    const requestId = 'sign-agreement-0001';
    const signed = await apiAs(env, a.owner)('agreement.sign', { unitId: a.units[0].id, agreementId: v1.id }, requestId);
    const retried = await apiAs(env, a.owner)('agreement.sign', { unitId: a.units[0].id, agreementId: v1.id }, requestId);
    expect(retried).toEqual(signed);
    expect(signed.ok && signed.data.signatures).toEqual([expect.objectContaining({ version: 1, title: '临时管理规约', signerName: '张伟' })]);
    expect(await apiAs(env, a.owner)('agreement.sign', { unitId: a.units[0].id, agreementId: v1.id })).toMatchObject({ ok: false, code: 'CONFLICT', message: '您已签署该版本的管理规约' });

    const v2 = await manager('agreement.publish', { communityId: a.communityId, kind: 'management', title: '管理规约', body: '第一条 本管理规约经业主大会表决通过，对全体业主具有约束力。' });
    expect(v2.version).toBe(2);
    mine = await okAs(env, a.owner)('agreement.forUnit', { unitId: a.units[0].id });
    expect(mine).toMatchObject({ current: { id: v2.id, version: 2 }, signedCurrent: false, canSign: true });
    // What was signed is still the first version, with its own title.
    expect(mine.signatures.map((signature) => [signature.version, signature.title])).toEqual([[1, '临时管理规约']]);
    expect(await apiAs(env, a.owner)('agreement.sign', { unitId: a.units[0].id, agreementId: v1.id })).toMatchObject({ ok: false, code: 'CONFLICT', message: '管理规约已更新，请阅读新版本后再签署' });
    mine = await okAs(env, a.owner)('agreement.sign', { unitId: a.units[0].id, agreementId: v2.id });
    expect(mine.signatures.map((signature) => signature.version)).toEqual([2, 1]);
    expect(mine).toMatchObject({ signedCurrent: true, canSign: false });

    const versions = await okAs(env, a.staff.cs)('agreement.versions', { communityId: a.communityId });
    expect(versions.items.map((version) => [version.version, version.body])).toEqual([
      [2, v2.body],
      [1, v1.body],
    ]);
    // The desk sees the signatures, names masked.
    expect((await okAs(env, a.staff.cs)('agreement.forUnit', { unitId: a.units[0].id })).signatures.map((signature) => signature.signerName)).toEqual(['张*', '张*']);
  });

  test('an owner cannot sign for a home they are not verified for; a tenant reads but cannot sign; only managers publish', async () => {
    await okAs(env, a.staff.manager)('agreement.publish', { communityId: a.communityId, kind: 'management', title: '管理规约', body: '第一条 本管理规约经业主大会表决通过，对全体业主具有约束力。第三版。' });
    const { current } = await okAs(env, a.owner)('agreement.forUnit', { unitId: a.units[0].id });
    expect(await apiAs(env, a.owner)('agreement.sign', { unitId: a.units[1].id, agreementId: current!.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.stranger)('agreement.sign', { unitId: a.units[0].id, agreementId: current!.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.stranger)('agreement.forUnit', { unitId: a.units[0].id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const tenant = 'o-mva-tenant';
    const binding = await okAs(env, tenant)('binding.request', { unitId: a.units[0].id, relation: 'tenant', name: '王芳', phone: '13800000003', proofFileIds: [] });
    await okAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    expect((await okAs(env, tenant)('agreement.forUnit', { unitId: a.units[0].id })).canSign).toBe(false);
    expect(await apiAs(env, tenant)('agreement.sign', { unitId: a.units[0].id, agreementId: current!.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    for (const openid of [a.staff.cs, a.staff.tech, a.staff.infokeeper, b.staff.manager, a.owner]) {
      expect(await apiAs(env, openid)('agreement.publish', { communityId: a.communityId, kind: 'management', title: '管理规约', body: '第一条 不应发布的版本，不应发布的版本。' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect((await okAs(env, a.staff.manager)('agreement.versions', { communityId: a.communityId })).items[0].version).toBe(3);
  });
});

describe('move-in and delivery acceptance', () => {
  test('the desk records a move-in with a defect; the owner signs once and the defect becomes one warranty repair ticket the desk works as usual', async () => {
    const photo = await uploadAs(env, a.staff.cs, 'moveins/leak.jpg', PHOTO);
    const cs = okAs(env, a.staff.cs);
    const record = await cs('movein.save', moveInFor(a, 0, [{ room: '卫生间', item: '防水', description: '闭水试验后楼下顶板渗水', photos: [photo] }]));
    expect(record).toMatchObject({ status: 'open', ownerName: '张*', recordedByName: '客服小王', allowed: ['view', 'edit', 'print'] });
    expect(record.defects).toEqual([expect.objectContaining({ room: '卫生间', item: '防水', photoUrls: [expect.any(String)] })]);
    expect(record.defects[0].ticket).toBeUndefined();
    expect(await apiAs(env, a.staff.cs)('movein.save', moveInFor(a, 0, []))).toMatchObject({ ok: false, code: 'CONFLICT' });

    const owner = okAs(env, a.owner);
    const [mine] = await owner('movein.mine', {});
    expect(mine).toMatchObject({ id: record.id, ownerName: '张伟', allowed: ['view', 'sign', 'print'] });
    const ticketsBefore = (await owner('ticket.mine', {})).items.length;

    const requestId = 'sign-acceptance-0001';
    const signed = await apiAs(env, a.owner)('movein.sign', { id: record.id, version: mine.version }, requestId);
    const retried = await apiAs(env, a.owner)('movein.sign', { id: record.id, version: mine.version }, requestId);
    expect(signed.ok).toBe(true);
    expect(retried).toEqual(signed);
    expect(await apiAs(env, a.owner)('movein.sign', { id: record.id, version: mine.version })).toMatchObject({ ok: false, code: 'CONFLICT' });
    const after = await owner('movein.get', { id: record.id });
    expect(await apiAs(env, a.owner)('movein.sign', { id: record.id, version: after.version })).toMatchObject({ ok: false, code: 'CONFLICT', message: '验收已确认过，不能重复签署' });
    expect(after).toMatchObject({ status: 'signed', signature: { method: 'miniprogram', byName: '张伟' }, allowed: ['view', 'print'] });

    const tickets = (await owner('ticket.mine', {})).items;
    expect(tickets).toHaveLength(ticketsBefore + 1);
    const ticket = tickets.find((item) => item.id === after.defects[0].ticket?.id)!;
    expect(ticket).toMatchObject({ kind: 'repair', status: 'submitted', warranty: true, unitId: a.units[0].id });
    expect(ticket.summary).toMatch(/^【开发商保修】卫生间·防水/);
    expect(after.defects[0].ticket).toMatchObject({ number: ticket.number, status: '待受理' });

    // The desk works it as any ticket; the owner follows it from the move-in record.
    const staffView = await cs('ticket.get', { id: ticket.id });
    expect(staffView).toMatchObject({ warranty: true, photoUrls: [expect.any(String)] });
    await cs('ticket.accept', { id: ticket.id, version: staffView.version });
    expect((await owner('movein.get', { id: record.id })).defects[0].ticket?.status).not.toBe('待受理');

    expect(await apiAs(env, a.staff.cs)('movein.save', { ...moveInFor(a, 0, []), id: record.id, version: after.version })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('the acceptance record prints on A4 with the rooms, the defect and its ticket, and the confirmation', async () => {
    const [record] = await okAs(env, a.owner)('movein.mine', {});
    const printed = await okAs(env, a.staff.manager)('movein.pdf', { id: record.id });
    const bytes = Buffer.from(await (await fetch(printed.url)).arrayBuffer());
    const dir = mkdtempSync(join(tmpdir(), 'movein-pdf-'));
    try {
      const pdf = renderPdf(bytes, dir, 'acceptance');
      expect([Math.round(pdf.size.width), Math.round(pdf.size.height)]).toEqual([595, 842]);
      const text = pdf.text.replace(/\s+/g, '');
      expect(text).toContain('房屋交付验收记录');
      expect(text).toContain('卫生间：');
      expect(text).toContain(`保修工单${record.defects[0].ticket!.number}`);
      expect(text).toContain('业主张*已于');
      expect(pdf.fonts.every((font) => font.embedded)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a defect is edited until signing; its photos must be the recorder’s own; a home without a verified owner cannot move in', async () => {
    const foreign = await uploadAs(env, 'o-mva-someone', 'moveins/other.jpg', PHOTO);
    expect(await apiAs(env, a.staff.cs)('movein.save', moveInFor(a, 1, []))).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('还没有已认证的业主') });
    await bindOwner(a, 'o-mva-owner2', 1, '李娜', '13800000002');
    expect(await apiAs(env, a.staff.cs)('movein.save', moveInFor(a, 1, [{ room: '客厅', item: '墙面', description: '墙面开裂', photos: [foreign] }]))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    let record = await okAs(env, a.staff.cs)('movein.save', moveInFor(a, 1, [{ room: '客厅', item: '墙面', description: '墙面开裂', photos: [] }]));
    record = await okAs(env, a.staff.manager)('movein.save', { ...moveInFor(a, 1, [{ id: record.defects[0].id, room: '客厅', item: '墙面', description: '墙面开裂，宽约 1 毫米', photos: [] }, { room: '厨房', item: '烟道', description: '烟道止回阀缺失', photos: [] }]), id: record.id, version: record.version });
    expect(record.defects.map((defect) => defect.item)).toEqual(['墙面', '烟道']);
    expect(record.defects[0].description).toBe('墙面开裂，宽约 1 毫米');
    expect(await apiAs(env, a.staff.cs)('movein.save', { ...moveInFor(a, 1, []), id: record.id, version: record.version - 1 })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('role and community isolation of every move-in action', async () => {
    const [record] = await okAs(env, a.owner)('movein.mine', {});
    const open = (await okAs(env, a.staff.manager)('movein.list', { communityId: a.communityId })).items.find((row) => row.status === 'open')!;
    expect(open.ownerName).toBe('李*');
    const refusals: [string, ActionName, unknown][] = [
      ['tech', 'movein.list', { communityId: a.communityId }],
      ['other-cs', 'movein.list', { communityId: a.communityId }],
      ['owner', 'movein.list', { communityId: a.communityId }],
      ['tech', 'movein.save', moveInFor(a, 2, [])],
      ['infokeeper', 'movein.save', moveInFor(a, 2, [])],
      ['other-cs', 'movein.save', moveInFor(a, 2, [])],
      ['owner', 'movein.save', moveInFor(a, 2, [])],
      ['other-cs', 'movein.get', { id: record.id }],
      ['tech', 'movein.get', { id: record.id }],
      ['stranger', 'movein.get', { id: record.id }],
      ['owner', 'movein.get', { id: open.id }],
      ['other-cs', 'movein.pdf', { id: record.id }],
      ['stranger', 'movein.pdf', { id: record.id }],
      ['cs', 'movein.sign', { id: open.id, version: 2 }],
      ['manager', 'movein.sign', { id: open.id, version: 2 }],
      ['owner', 'movein.sign', { id: open.id, version: 2 }],
      ['other-cs', 'agreement.versions', { communityId: a.communityId }],
      ['owner', 'agreement.versions', { communityId: a.communityId }],
      ['other-cs', 'agreement.forUnit', { unitId: a.units[0].id }],
      ['other-manager', 'agreement.publish', { communityId: a.communityId, kind: 'management', title: '管理规约', body: '第一条 不应发布的版本，不应发布的版本。' }],
      ['other-infokeeper', 'unit.preferences.save', { unitId: a.units[0].id, bindingId: 'x', version: 0, hobbies: '书法', preferences: '', needs: '' }],
      ['cs', 'unit.preferences.save', { unitId: a.units[0].id, bindingId: 'x', version: 0, hobbies: '书法', preferences: '', needs: '' }],
      ['manager', 'unit.preferences.reveal', { unitId: a.units[0].id, reason: '核对住户需求' }],
      ['other-infokeeper', 'unit.preferences.reveal', { unitId: a.units[0].id, reason: '核对住户需求' }],
      ['owner', 'unit.preferences.reveal', { unitId: a.units[0].id, reason: '核对住户需求' }],
    ];
    const who: Record<string, string> = {
      tech: a.staff.tech,
      cs: a.staff.cs,
      manager: a.staff.manager,
      infokeeper: a.staff.infokeeper,
      owner: a.owner,
      stranger: a.stranger,
      'other-cs': b.staff.cs,
      'other-manager': b.staff.manager,
      'other-infokeeper': b.staff.infokeeper,
    };
    const answers = await Promise.all(refusals.map(([role, action, input]) => (apiAs(env, who[role]) as (action: ActionName, input: unknown) => ReturnType<ApiCaller>)(action, input)));
    const wrong = refusals.map(([role, action], index) => [role, action, answers[index].ok ? 'ok' : answers[index].code]).filter(([, , code]) => code !== 'FORBIDDEN');
    expect(wrong).toEqual([]);
    // Nothing was created or changed by the refused calls.
    expect((await okAs(env, a.staff.manager)('movein.list', { communityId: a.communityId })).items).toHaveLength(2);
    expect((await okAs(env, a.staff.cs)('unit.file', { unitId: a.units[0].id })).preferences.recorded).toBe(false);
  });
});

describe('the move-in policy', () => {
  test('every caller is shown exactly the move-in actions the server accepts, open and signed', async () => {
    // A building of homes, each with its own verified owner's binding, one per fixture built.
    const rows = Array.from({ length: 26 }, (_, index) => `8栋,1单元,${801 + index},95.00,赵强,13800000009`);
    const roster = await uploadAs(env, ADMIN_OPENID, 'rosters/mva-8.csv', new Uint8Array(Buffer.from(['楼栋,单元,房号,建筑面积,业主姓名,联系电话', ...rows].join('\n'), 'utf8')));
    await okAs(env, ADMIN_OPENID)('roster.import', { communityId: a.communityId, fileID: roster });
    const units = (await okAs(env, ADMIN_OPENID)('directory.units', { communityId: a.communityId, building: '8栋' })).units;
    const homes: { unitId: string; owner: string }[] = [];
    for (const [index, unit] of units.entries()) {
      const owner = `o-mva-probe-${index % 2}`;
      const request = await okAs(env, owner)('binding.request', { unitId: unit.id, relation: 'owner', name: '赵强', phone: '13800000009', proofFileIds: [] });
      await okAs(env, a.staff.manager)('binding.review', { id: request.id, version: request.version, decision: 'approve' });
      homes.push({ unitId: unit.id, owner });
    }
    const unitOf = new Map<string, string>();
    const build = async (signed: boolean) => {
      const home = homes.shift();
      if (!home) throw new Error('no home left for another fixture');
      const record = await okAs(env, a.staff.cs)('movein.save', { ...moveInFor(a, 0, [{ room: '厨房', item: '烟道', description: '烟道止回阀缺失', photos: [] }]), unitId: home.unitId });
      if (signed) await okAs(env, home.owner)('movein.sign', { id: record.id, version: record.version });
      unitOf.set(record.id, home.unitId);
      return { id: record.id, parties: { owner: home.owner } };
    };
    const manager = okAs(env, a.staff.manager);
    const { mismatches, checked } = await probePolicy<MoveInAction>({
      actions: ['view', 'edit', 'sign', 'print'],
      viewers: { cs: a.staff.cs, manager: a.staff.manager, tech: a.staff.tech, infokeeper: a.staff.infokeeper, admin: ADMIN_OPENID, stranger: a.stranger, 'other owner': a.owner, 'other cs': b.staff.cs },
      fixtures: { open: () => build(false), signed: () => build(true) },
      async shown(openid, moveInId) {
        const seen = await apiAs(env, openid)('movein.get', { id: moveInId });
        return seen.ok ? seen.data.allowed : undefined;
      },
      async attempt(openid, action, moveInId) {
        const { version } = await manager('movein.get', { id: moveInId });
        const as = apiAs(env, openid);
        if (action === 'view') return as('movein.get', { id: moveInId });
        if (action === 'edit') return as('movein.save', { ...moveInFor(a, 0, []), unitId: unitOf.get(moveInId)!, id: moveInId, version });
        if (action === 'sign') return as('movein.sign', { id: moveInId, version });
        return as('movein.pdf', { id: moveInId });
      },
      async fingerprint(moveInId) {
        const record = await manager('movein.get', { id: moveInId });
        return { status: record.status, version: record.version, defects: record.defects.map((defect) => [defect.id, defect.ticket?.id ?? '']) };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(2 * 9 * 4);
  });
});

describe('the resident file: documents, agreements, move-in and preferences', () => {
  test('the file lists the documents received, the signed agreement versions and the move-in; preferences are masked for all but the information keeper, whose readings are logged', async () => {
    const keeper = okAs(env, a.staff.infokeeper);
    let file = await keeper('unit.file', { unitId: a.units[0].id });
    expect(file.documents.filter((document) => document.received).map((document) => document.label)).toEqual(['入伙通知书', '业主身份证复印件', '住户登记表（含家庭成员）']);
    expect(file.agreements.map((signature) => signature.version)).toEqual([2, 1]);
    expect(file.moveIns).toEqual([expect.objectContaining({ status: 'signed', defects: 1, ownerName: '张*' })]);
    expect(file.preferences).toEqual({ recorded: false, version: 0, canKeep: true });

    const ownerBinding = file.residents.find((resident) => resident.relation === 'owner')!;
    const saved = await keeper('unit.preferences.save', { unitId: a.units[0].id, bindingId: ownerBinding.id, version: 0, hobbies: '书法、太极拳', preferences: '上门前请先电话联系，不喜欢晚上 8 点后打扰', needs: '家中有行动不便的老人，停电停水请提前告知' });
    expect(saved).toMatchObject({ recorded: true, residentName: '张*', version: 1, canKeep: true });
    expect(await apiAs(env, a.staff.infokeeper)('unit.preferences.save', { unitId: a.units[0].id, bindingId: ownerBinding.id, version: 0, hobbies: '书法', preferences: '', needs: '' })).toMatchObject({ ok: false, code: 'CONFLICT' });

    // The desk sees that they are kept, for whom, masked, and nothing of what they say.
    file = await okAs(env, a.staff.cs)('unit.file', { unitId: a.units[0].id });
    expect(file.preferences).toEqual({ recorded: true, residentName: '张*', updatedAt: expect.any(String), version: 1, canKeep: false });
    expect(JSON.stringify(file)).not.toContain('太极拳');
    expect(await apiAs(env, a.staff.cs)('unit.preferences.reveal', { unitId: a.units[0].id, reason: '上门维修前了解住户需求' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const logBefore = (await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId })).items.length;
    const revealed = await keeper('unit.preferences.reveal', { unitId: a.units[0].id, reason: '上门维修前了解住户需求' });
    expect(revealed).toMatchObject({ residentName: '张伟', hobbies: '书法、太极拳', version: 1 });
    const log = (await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId })).items;
    expect(log).toHaveLength(logBefore + 1);
    expect(log[0]).toMatchObject({ actorName: '专管员周', kind: 'view', subject: '1栋1单元101 张*', fields: ['客户个性资料'], reason: '上门维修前了解住户需求' });
  });

  test("the owner's export holds the move-in, the signed agreements and the preferences; deletion removes the preferences and the names, keeping the signed records", async () => {
    const leaving = 'o-mvb-leaving';
    await bindOwner(b, leaving, 2, '王芳', '13800000003');
    await okAs(env, b.staff.manager)('agreement.publish', { communityId: b.communityId, kind: 'provisional', title: '临时管理规约', body: '第一条 业主应当遵守本临时管理规约，爱护共用部位和共用设施设备。' });
    const { current } = await okAs(env, leaving)('agreement.forUnit', { unitId: b.units[2].id });
    await okAs(env, leaving)('agreement.sign', { unitId: b.units[2].id, agreementId: current!.id });
    const record = await okAs(env, b.staff.cs)('movein.save', moveInFor(b, 2, []));
    await okAs(env, leaving)('movein.sign', { id: record.id, version: record.version });
    const file = await okAs(env, b.staff.infokeeper)('unit.file', { unitId: b.units[2].id });
    const bindingId = file.residents.find((resident) => resident.relation === 'owner' && resident.status === 'approved')!.id;
    await okAs(env, b.staff.infokeeper)('unit.preferences.save', { unitId: b.units[2].id, bindingId, version: 0, hobbies: '钓鱼', preferences: '', needs: '听力不好，请发短信联系' });

    const exported = await okAs(env, leaving)('me.export', {});
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(exported.url)).arrayBuffer());
    const sheet = (name: string): string => JSON.stringify(workbook.getWorksheet(name)?.getSheetValues() ?? null);
    expect(sheet('入住与交付验收')).toContain('王芳');
    expect(sheet('入住与交付验收')).toContain('业主已确认');
    expect(sheet('管理规约签署')).toContain('临时管理规约');
    expect(sheet('个性资料')).toContain('听力不好，请发短信联系');

    await okAs(env, leaving)('me.delete', { confirm: '删除我的个人信息' });
    const after = await okAs(env, b.staff.infokeeper)('unit.file', { unitId: b.units[2].id });
    expect(after.preferences.recorded).toBe(false);
    expect(after.agreements.map((signature) => signature.version)).toEqual([1]);
    // As stored: the signed version and its time stay, no longer saying who signed.
    const db = sdkFor(env).database();
    const [signature] = ((await db.collection('agreementSignatures').where({ unitId: b.units[2].id }).get()) as unknown as { data: { signerOpenid: string; signerName: string; version: number }[] }).data;
    expect(signature).toMatchObject({ signerOpenid: '', signerName: '（已删除）', version: 1 });
    const stored = ((await db.collection('moveIns').doc(record.id).get()) as unknown as { data: { ownerOpenid: string; ownerName: string; ownerPhone: string; signature: { byOpenid: string; byName: string } } }).data;
    expect(stored).toMatchObject({ ownerOpenid: '', ownerName: '（已删除）', ownerPhone: '', signature: { byOpenid: '', byName: '（已删除）' } });
    const kept = await okAs(env, b.staff.manager)('movein.get', { id: record.id });
    expect(kept).toMatchObject({ status: 'signed' });
    expect(JSON.stringify(kept)).not.toContain('王芳');
    expect(kept.ownerName).toBe('（****');
  });
});
