import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenovationForm } from '../../typings/renovation';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { sdkFor, uniqueEnv } from '../support/cloud';
import { apiAs, grantSubscription, okAs, outbox, uploadAs } from '../support/api';
import { renovationForm } from '../support/renovation';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(90_000);

const env = uniqueEnv('renovation');
let a: SeededCommunity;
let b: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'rna');
  b = await seedCommunity(env, 'rnb');
});

/** A start date safely in the future of the local cloud's clock. */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

const form = (unitId: string, extra: Partial<RenovationForm> = {}): RenovationForm =>
  renovationForm({ unitId, startDate: inDays(3), endDate: inDays(60), agreementVersion: '2026-01', workItems: ['floor-wall', 'plumbing-electric'], ...extra });

describe('renovation applications', () => {
  test('the extinguisher count follows the floor area; bad areas are refused', async () => {
    const owner = apiAs(env, a.owner);
    const zero = await owner('renovation.apply', form(a.units[0].id, { areaCenti: 0 }));
    expect(zero).toMatchObject({ ok: false, code: 'VALIDATION' });
    const fraction = await owner('renovation.apply', form(a.units[0].id, { areaCenti: 100.5 }));
    expect(fraction).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await okAs(env, a.owner)('renovation.mine', {})).toEqual([]);
  });

  test('structural work without the government approval document is refused by the server, not only the form', async () => {
    const refused = await apiAs(env, a.owner)('renovation.apply', form(a.units[0].id, { workItems: ['structure', 'floor-wall'] }));
    expect(refused).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(!refused.ok && refused.message).toContain('批准文件');
    const noCommitment = await apiAs(env, a.owner)('renovation.apply', form(a.units[0].id, { existingBuilding: true }));
    expect(!noCommitment.ok && noCommitment.message).toContain('施工安全告知承诺');
    const unsigned = await apiAs(env, a.owner)('renovation.apply', { ...form(a.units[0].id), acknowledgedTerms: false } as unknown as RenovationForm);
    expect(unsigned).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await okAs(env, a.owner)('renovation.mine', {})).toEqual([]);
  });

  test('a family member, an unverified owner, a stranger and another community are refused', async () => {
    const family = await okAs(env, 'o-rn-family')('binding.request', { unitId: a.units[0].id, relation: 'family', name: '张小伟', phone: '13700001111', proofFileIds: [] });
    await okAs(env, a.staff.cs)('binding.review', { id: family.id, version: family.version, decision: 'approve' });
    expect(await apiAs(env, 'o-rn-family')('renovation.apply', form(a.units[0].id))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await okAs(env, 'o-rn-pending')('binding.request', { unitId: a.units[1].id, relation: 'owner', name: '李娜', phone: '13800000002', proofFileIds: [] });
    expect(await apiAs(env, 'o-rn-pending')('renovation.apply', form(a.units[1].id))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.stranger)('renovation.apply', form(a.units[0].id))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.owner)('renovation.apply', form(a.units[0].id))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('apply → ask for more → resubmit (both versions kept) → approve with a permit → violation and fix → acceptance', async () => {
    await grantSubscription(env, a.owner, 'tmpl-ticket-status', 3);
    const approval = await uploadAs(env, a.owner, 'renovation/approval.pdf', new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    let detail = await okAs(env, a.owner)('renovation.apply', form(a.units[0].id, { workItems: ['structure'], approvalDocs: [approval], existingBuilding: true, safetyCommitmentSigned: true }));
    expect(detail).toMatchObject({ status: 'submitted', extinguishersRequired: 3, revisionCount: 1 });
    expect(await apiAs(env, a.owner)('renovation.apply', form(a.units[0].id))).toMatchObject({ ok: false, code: 'CONFLICT' });

    const cs = okAs(env, a.staff.cs);
    const queue = await cs('renovation.queue', { communityId: a.communityId, status: 'submitted' });
    expect(queue.items.map((item) => item.id)).toContain(detail.id);
    expect(await apiAs(env, b.staff.cs)('renovation.get', { id: detail.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.cs)('renovation.review', { id: detail.id, version: detail.version, decision: 'approve' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const staffView = await cs('renovation.get', { id: detail.id });
    expect(staffView.rosterMatch).toBe(true);
    detail = await cs('renovation.review', { id: detail.id, version: staffView.version, decision: 'more', reason: '请补充施工图纸' });
    expect((await okAs(env, a.owner)('renovation.get', { id: detail.id }))).toMatchObject({ status: 'needs-more', reason: '请补充施工图纸' });

    const drawing = await uploadAs(env, a.owner, 'renovation/plan.jpg', new Uint8Array([0xff, 0xd8, 0xff]));
    const resubmitted = await okAs(env, a.owner)('renovation.resubmit', {
      ...form(a.units[0].id, { workItems: ['structure'], approvalDocs: [approval], attachments: [drawing], existingBuilding: true, safetyCommitmentSigned: true, areaCenti: 5000 }),
      id: detail.id,
      version: detail.version,
    });
    expect(resubmitted).toMatchObject({ status: 'submitted', revisionCount: 2, extinguishersRequired: 1 });
    const forReview = await cs('renovation.get', { id: detail.id });
    expect(forReview.approvalDocUrls).toHaveLength(1);
    expect(Buffer.from(await (await fetch(forReview.approvalDocUrls[0])).arrayBuffer())).toEqual(Buffer.from([0x25, 0x50, 0x44, 0x46]));
    expect(forReview.attachmentUrls).toHaveLength(1);
    const stored = (await sdkFor(env).database().collection('renovationRevisions').where({ renovationId: detail.id }).get()) as unknown as { data: { revision: number; form: RenovationForm }[] };
    expect(stored.data.map((revision) => [revision.revision, revision.form.areaCenti]).sort()).toEqual([
      [1, 10100],
      [2, 5000],
    ]);

    detail = await cs('renovation.review', { id: detail.id, version: resubmitted.version, decision: 'approve' });
    expect(detail.permitNo).toMatch(/^XK\d{8}-\d{4}$/);

    const terms = await okAs(env, a.owner)('renovation.terms', {});
    const checks = terms.inspectionChecks.map((check) => ({ code: check.code, result: check.code === 'wiring' ? ('fail' as const) : ('pass' as const), note: check.code === 'wiring' ? '客厅乱拉临时电线' : '' }));
    const photo = await uploadAs(env, a.staff.cs, 'renovations/inspections/wiring.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    detail = await cs('renovation.inspect', { id: detail.id, version: detail.version, checks, photos: [photo] });
    expect(detail.inspections[0]).toMatchObject({ violation: true, inspectorName: '客服小王' });
    expect((await okAs(env, a.owner)('renovation.get', { id: detail.id })).openViolations).toBe(1);
    expect(await apiAs(env, a.staff.cs)('renovation.accept', { id: detail.id, version: detail.version, note: '验收' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    const toOwner = (await outbox(env)).filter((message) => message.touser === a.owner && message.errcode === 0).map((message) => message.data.phrase3.value);
    expect(toOwner).toEqual(['需补充', '已批准', '需整改']);

    detail = await cs('renovation.fixViolation', { id: detail.id, version: detail.version, inspectionId: detail.inspections[0].id, note: '已改为套管布线' });
    expect(detail.openViolations).toBe(0);
    expect(detail.inspections[0]).toMatchObject({ fixNote: '已改为套管布线', fixedByName: '客服小王' });
    detail = await cs('renovation.accept', { id: detail.id, version: detail.version, note: '竣工验收合格' });
    expect(detail).toMatchObject({ status: 'completed', acceptedByName: '客服小王' });
    expect((await okAs(env, a.owner)('renovation.mine', {}))[0]).toMatchObject({ status: 'completed', permitNo: detail.permitNo });
  });
});

describe('an approved renovation past its end date (on a local cloud of its own: the test moves its clock)', () => {
  let cloud: RunningCloud;
  let own: SeededCommunity;
  const ownEnv = uniqueEnv('renovation-overdue');

  beforeAll(async () => {
    cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'renovation-overdue-')) });
    own = await seedCommunity(ownEnv, 'rno', cloud.url);
  });
  afterAll(async () => {
    await cloud.stop();
    rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  test('is flagged overdue for the owner and in the staff queue until it is accepted', async () => {
    let detail = await okAs(ownEnv, own.owner, cloud.url)('renovation.apply', form(own.units[0].id, { startDate: inDays(1), endDate: inDays(2) }));
    detail = await okAs(ownEnv, own.staff.cs, cloud.url)('renovation.review', { id: detail.id, version: detail.version, decision: 'approve' });
    expect(detail.overdue).toBe(false);

    const moved = await fetch(`${cloud.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 4 * 86_400_000 }),
    });
    expect(moved.ok).toBe(true);
    expect((await okAs(ownEnv, own.owner, cloud.url)('renovation.mine', {}))[0]).toMatchObject({ status: 'approved', overdue: true });
    const queue = await okAs(ownEnv, own.staff.cs, cloud.url)('renovation.queue', { communityId: own.communityId, status: 'approved' });
    expect(queue.items[0]).toMatchObject({ id: detail.id, overdue: true });

    const accepted = await okAs(ownEnv, own.staff.cs, cloud.url)('renovation.accept', { id: detail.id, version: detail.version, note: '延期后竣工，验收合格' });
    expect(accepted).toMatchObject({ status: 'completed', overdue: false });
  });
});
