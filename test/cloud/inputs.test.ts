import { Buffer } from 'node:buffer';
import type { ActionName, ApiResult } from '../../typings/api';
import type { DisclosureContent, FeeItem } from '../../typings/disclosure';
import type { NewTicketInput } from '../../typings/tickets';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { apiAs, okAs, uploadAs } from '../support/api';
import { renovationForm } from '../support/renovation';
import { ADMIN_OPENID, ROSTER_CSV, seedCommunity, type SeededCommunity } from '../support/seed';

/**
 * Input the api must refuse with VALIDATION and a sentence a user can act on: never INTERNAL,
 * never stored. Each case is one the fault run found answered INTERNAL or accepted.
 */

jest.setTimeout(90_000);

const env = uniqueEnv('inputs');
let a: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'inp');
});

const refusedAsValidation = (result: ApiResult<unknown>, text?: RegExp): void => {
  expect(result).toMatchObject({ ok: false, code: 'VALIDATION' });
  if (text && !result.ok) expect(result.message).toMatch(text);
};

/** A China calendar date `days` from now. */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

describe('paging cursors', () => {
  const cursorOf = (position: string): string => Buffer.from(position).toString('base64url');
  const crafted = [cursorOf('{"value":"not a date","id":"x"}'), cursorOf('{"value":9e15,"id":"x"}'), cursorOf('{"value":1e999,"id":"x"}'), 'not-base64-json'];

  test('a cursor this api did not write is refused in every paged list', async () => {
    const lists: [string, ActionName, Record<string, unknown>][] = [
      [a.owner, 'ticket.mine', {}],
      [a.staff.cs, 'ticket.inbox', { communityId: a.communityId }],
      [a.staff.cs, 'binding.queue', { communityId: a.communityId }],
      [a.staff.manager, 'accessLog.list', { communityId: a.communityId }],
      [a.staff.cs, 'handover.list', { communityId: a.communityId }],
      [a.staff.cs, 'renovation.queue', { communityId: a.communityId }],
    ];
    for (const [caller, action, input] of lists) {
      for (const cursor of crafted) {
        const answer = await apiAs(env, caller)(action, { ...input, cursor } as never);
        expect({ action, cursor, answer }).toEqual({ action, cursor, answer: { ok: false, code: 'VALIDATION', message: '分页参数不正确，请刷新后重试' } });
      }
    }
  });
});

describe('dates', () => {
  test('a renovation from 2027-02-30 is refused: the day does not exist', async () => {
    const answer = await apiAs(env, a.owner)('renovation.apply', renovationForm({ unitId: a.units[0].id, startDate: '2027-02-30', endDate: '2027-03-30', agreementVersion: '2026-01' }));
    refusedAsValidation(answer, /存在的日期/);
    expect(await okAs(env, a.owner)('renovation.mine', {})).toEqual([]);
  });

  test('a ledger entry dated 2026-02-31 is refused', async () => {
    const content: DisclosureContent = {
      kind: 'common-income',
      entries: [{ date: '2026-02-31', direction: 'income', category: '广告位租金', amountFen: 120000, note: '' }],
    };
    const answer = await apiAs(env, ADMIN_OPENID)('disclosure.saveDraft', { communityId: a.communityId, title: '共有部分经营收益', period: '2026年2月', content });
    refusedAsValidation(answer, /存在的日期/);
  });

  test('a visit at 9999-12-31 is refused, and one beyond the next 90 days too', async () => {
    const repair: NewTicketInput = {
      kind: 'repair',
      category: 'drain-block',
      description: '厨房下水道堵塞，水排不下去',
      photos: [],
      location: { kind: 'unit', unitId: a.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    };
    const created = await okAs(env, a.owner)('ticket.create', repair);
    const accepted = await okAs(env, a.staff.cs)('ticket.accept', { id: created.id, version: created.version });
    const schedule = (at: string) => apiAs(env, a.staff.cs)('ticket.schedule', { id: accepted.id, version: accepted.version, at });
    refusedAsValidation(await schedule('9999-12-31T10:00:00+08:00'), /2000 年至 2099 年/);
    refusedAsValidation(await schedule(`${inDays(120)}T10:00:00+08:00`), /90 天/);
    expect(await schedule(`${inDays(2)}T10:00:00+08:00`)).toMatchObject({ ok: true });
  });
});

describe('sizes', () => {
  test('an inspection records at most one row per checklist item', async () => {
    const owner = okAs(env, a.owner);
    const cs = okAs(env, a.staff.cs);
    const applied = await owner('renovation.apply', renovationForm({ unitId: a.units[0].id, startDate: inDays(3), endDate: inDays(60), agreementVersion: '2026-01' }));
    const approved = await cs('renovation.review', { id: applied.id, version: applied.version, decision: 'approve' });
    const note = '现场检查记录'.repeat(30);
    const flood = Array.from({ length: 5000 }, () => ({ code: 'wiring', result: 'fail' as const, note }));
    const answer = await apiAs(env, a.staff.cs)('renovation.inspect', { id: approved.id, version: approved.version, checks: flood, photos: [] });
    refusedAsValidation(answer, /检查项最多 8 项/);
    const twice = await apiAs(env, a.staff.cs)('renovation.inspect', {
      id: approved.id,
      version: approved.version,
      checks: [
        { code: 'wiring', result: 'pass' as const, note: '' },
        { code: 'wiring', result: 'pass' as const, note: '' },
      ],
      photos: [],
    });
    refusedAsValidation(twice, /不能重复/);
    // Seed 002 §11 逐项: a partial checklist is refused, naming how many items there are.
    const partial = await apiAs(env, a.staff.cs)('renovation.inspect', { id: approved.id, version: approved.version, checks: [{ code: 'wiring', result: 'pass', note: '' }], photos: [] });
    refusedAsValidation(partial, /请逐项记录检查清单的全部 8 项/);
    const terms = await owner('renovation.terms', {});
    const every = terms.inspectionChecks.map((check) => ({ code: check.code, result: check.code === 'wiring' ? ('fail' as const) : ('na' as const), note: check.code === 'wiring' ? '乱拉临时电线' : '' }));
    // A failed item needs a photo of the site.
    const unphotographed = await apiAs(env, a.staff.cs)('renovation.inspect', { id: approved.id, version: approved.version, checks: every, photos: [] });
    refusedAsValidation(unphotographed, /请拍照留存/);
    expect((await cs('renovation.get', { id: approved.id })).inspections).toHaveLength(0);
    const photo = await uploadAs(env, a.staff.cs, 'renovations/inspections/wiring.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    const inspected = await cs('renovation.inspect', { id: approved.id, version: approved.version, checks: every, photos: [photo] });
    expect(inspected.inspections).toHaveLength(1);
    expect(inspected.inspections[0]).toMatchObject({ violation: true, photoCount: 1 });
    expect(inspected.inspections[0].checks.filter((check) => check.result === 'na')).toHaveLength(7);
  });

  test('data nested 100,000 levels deep is refused before anything reads it', async () => {
    const nested = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const response = await fetch(`${localCloudUrl()}/admin?env=${env}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'functions.invokeFunction', function_name: 'api', request_data: `{"action":"ticket.create","input":${nested}}` }),
    });
    const reply = (await response.json()) as { data: { response_data: string } };
    expect(JSON.parse(reply.data.response_data)).toEqual({ ok: false, code: 'VALIDATION', message: '输入有误：内容层级过深' });
  });
});

describe('bills', () => {
  const admin = (): ReturnType<typeof okAs> => okAs(env, ADMIN_OPENID);
  const fee = (priceFen: number): FeeItem => ({ name: '物业服务费', category: 'property', priceFen, unit: 'm2-month', basis: '物业服务合同第五条', note: '' });

  async function publishFees(items: FeeItem[], correcting?: string, correctionNote?: string) {
    const draft = await admin()('disclosure.saveDraft', { communityId: a.communityId, correcting, title: '收费标准公示', period: '2026年', content: { kind: 'fee-standard', items } });
    return admin()('disclosure.publish', { id: draft.id, revision: draft.revision, correctionNote });
  }

  test('a superseded version of a corrected fee standard cannot bill; the version in force can', async () => {
    const v1 = await publishFees([fee(250)]);
    const v2 = await publishFees([fee(230)], v1.id, '物业费按业主大会决议下调');
    const old = await apiAs(env, ADMIN_OPENID)('bill.generate', { communityId: a.communityId, period: '2026-11', feeDisclosureId: v1.id, itemNames: ['物业服务费'] });
    refusedAsValidation(old, /已更正为第 2 版/);
    expect(await admin()('bill.generate', { communityId: a.communityId, period: '2026-11', feeDisclosureId: v2.id, itemNames: ['物业服务费'] })).toEqual({ created: 4, replaced: 0 });
  });

  test('the largest price on a 9,999 m² unit is refused with the item and the unit named, not INTERNAL', async () => {
    const roster = `${ROSTER_CSV}\n9栋,,901,9999.00,赵大,13800000009`;
    const fileID = await uploadAs(env, ADMIN_OPENID, 'rosters/inp-big.csv', new Uint8Array(Buffer.from(roster, 'utf8')));
    await admin()('roster.import', { communityId: a.communityId, fileID });
    const fees = await publishFees([{ ...fee(10_000_000_000), name: '整层包租费' }]);
    const answer = await apiAs(env, ADMIN_OPENID)('bill.generate', { communityId: a.communityId, period: '2026-12', feeDisclosureId: fees.id, itemNames: ['整层包租费'] });
    refusedAsValidation(answer, /“整层包租费”对.*超过单张账单上限/);
    expect(await admin()('bill.list', { communityId: a.communityId, period: '2026-12' })).toMatchObject({ items: [] });
  });
});
