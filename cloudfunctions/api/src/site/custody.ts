import { z } from 'zod';
import type { CustodyItem } from '../../../../typings/site';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { DAY_MS } from '../../../../miniprogram/shared/time';
import { RECORDS_DESK, TICKET_DESK, anyone, inCommunity, onRecord } from '../access';
import { asResident, type Caller } from '../caller';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, updateVersioned } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import type { BindingDocument } from '../residents/bindings';
import type { Route } from '../router';
import { takeDailyNumber } from '../tickets/numbers';
import { atomically } from '../transaction';
import { cursor, id, text, version } from '../validation';
import { custodyPolicy, type CustodyState } from './policy';

/**
 * 收交记录 (seed 002 §7¶3, §13): what the desk receives for a resident — a parcel, documents, an
 * item, cash — is numbered with who brought it, for whom and who received it; it is given back
 * against a record: the resident confirming in the mini-program at the desk, or the desk recording
 * whom it handed it to.
 */

interface CustodyDocument extends Omit<CustodyState, 'residentOpenids'> {
  _id: string;
  number: string;
  kind: CustodyItem['kind'];
  description: string;
  amountFen?: number;
  fromName: string;
  unitId: string;
  unitLabel: string;
  forName: string;
  receivedBy: string;
  receivedByName: string;
  receivedAt: Date;
  collected?: { toName: string; how: 'owner' | 'desk'; byName: string; at: Date; openid?: string };
  version: number;
}

type LoadedCustody = CustodyDocument & { residentOpenids: string[] };

const residentsOf = async (unitId: string): Promise<BindingDocument[]> => find<BindingDocument>('bindings', { unitId, status: 'approved' }, { limit: 20 });

async function loadCustody(custodyId: string): Promise<LoadedCustody> {
  const found = await findById<CustodyDocument>('custody', custodyId);
  if (!found) throw notFound('代收记录不存在');
  return { ...found, residentOpenids: (await residentsOf(found.unitId)).map((binding) => binding.openid) };
}

function toCustody(doc: LoadedCustody, viewer: Viewer, now: Date): CustodyItem {
  return {
    id: doc._id,
    communityId: doc.communityId,
    number: doc.number,
    kind: doc.kind,
    description: doc.description,
    ...(doc.amountFen !== undefined ? { amountFen: doc.amountFen } : {}),
    fromName: doc.fromName,
    unitId: doc.unitId,
    unitLabel: doc.unitLabel,
    forName: doc.forName,
    receivedByName: doc.receivedByName,
    receivedAt: new Date(doc.receivedAt).toISOString(),
    status: doc.status,
    ...(doc.collected ? { collected: { toName: doc.collected.toName, how: doc.collected.how, byName: doc.collected.byName, at: new Date(doc.collected.at).toISOString() } } : {}),
    version: doc.version,
    allowed: allowedActions(custodyPolicy, doc, viewer, now),
  };
}

const records = { policy: custodyPolicy, load: loadCustody, versionOf: (doc: LoadedCustody) => doc.version, stale: '代收记录已被他人更新，请刷新后重试' };

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

/** Cash is counted in fen and capped: the desk does not hold large sums. */
const MAX_CASH_FEN = 5_000_000;

export const recordCustody: Route<'custody.record'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    kind: z.enum(['parcel', 'document', 'item', 'cash']),
    description: text(...LIMITS.custody.description),
    amountFen: z.number().int().min(1, '金额须大于 0').max(MAX_CASH_FEN, '现金金额过大，请交财务处理').optional(),
    fromName: text(...LIMITS.custody.fromName),
    unitId: id,
    forName: text(...LIMITS.custody.forName),
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    if ((input.kind === 'cash') !== (input.amountFen !== undefined)) throw new AppError('VALIDATION', input.kind === 'cash' ? '现金须填写金额' : '只有现金填写金额');
    const unit = await loadUnit(input.unitId);
    if (unit.communityId !== input.communityId) throw notFound('房屋不存在，请重新选择');
    await assertSafeText(caller.openid, [input.description, input.fromName, input.forName].join('\n'));
    const idempotent = requestOf(request);
    const name = await staffName(caller);
    const viewer = await caller.viewer();
    const residents = (await residentsOf(unit._id)).map((binding) => binding.openid);
    return atomically(['custody', 'counters', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<CustodyItem>(transaction);
      if (earlier) return earlier;
      const doc: CustodyDocument = {
        _id: idempotent.idFor('d'),
        communityId: input.communityId,
        number: await takeDailyNumber(transaction, input.communityId, 'DS', now),
        kind: input.kind,
        description: input.description,
        ...(input.amountFen !== undefined ? { amountFen: input.amountFen } : {}),
        fromName: input.fromName,
        unitId: unit._id,
        unitLabel: unitLabel(unit),
        forName: input.forName,
        receivedBy: caller.openid,
        receivedByName: name,
        receivedAt: now,
        status: 'held',
        version: 1,
      };
      await transaction.insert('custody', { ...doc });
      return idempotent.finish(transaction, toCustody({ ...doc, residentOpenids: residents }, viewer, now));
    });
  },
};

export const listCustody: Route<'custody.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, status: z.enum(['held', 'collected']).optional(), cursor }),
  async handle({ communityId, status, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    // Staff act on it as the desk: the residents' relation never applies to them here.
    return newestFirst<CustodyDocument, CustodyItem>('custody', { communityId, ...(status ? { status } : {}) }, 'receivedAt', after, 20, (doc) =>
      toCustody({ ...doc, residentOpenids: [] }, viewer, now),
    );
  },
};

export const handOverCustody: Route<'custody.handOver'> = onRecord(records, {
  actions: ['handOver'],
  input: z.strictObject({ id, version, toName: text(...LIMITS.custody.toName) }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, input.toName);
    const collected = { toName: input.toName, how: 'desk', byName: await staffName(caller), at: now };
    if (!(await updateVersioned('custody', doc._id, input.version, { status: 'collected', collected }))) throw conflict(records.stale);
    return toCustody(await loadCustody(doc._id), await caller.viewer(), now);
  },
});

/** How long a collected item stays on the resident's list. */
const COLLECTED_SHOWN_MS = 30 * DAY_MS;

export const myCustody: Route<'custody.mine'> = {
  access: anyone('住户本人：其已认证房屋的代收物品'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const homes = await find<BindingDocument>('bindings', { openid: caller.openid, status: 'approved' }, { limit: 20 });
    if (!homes.length) return [];
    const _ = command();
    const docs = await find<CustodyDocument>(
      'custody',
      _.and([{ unitId: _.in(homes.map((home) => home.unitId)) }, _.or([{ status: 'held' }, { 'collected.at': _.gte(new Date(now.getTime() - COLLECTED_SHOWN_MS)) }])]) as unknown as Record<string, unknown>,
      { orderBy: [['receivedAt', 'desc']], limit: 50 },
    );
    const viewer = asResident(caller);
    return docs.map((doc) => toCustody({ ...doc, residentOpenids: [caller.openid] }, viewer, now));
  },
};

export const confirmCustody: Route<'custody.confirm'> = onRecord(records, {
  actions: ['confirm'],
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now, record: doc }) {
    const binding = (await find<BindingDocument>('bindings', { openid: caller.openid, unitId: doc.unitId, status: 'approved' }, { limit: 1 }))[0];
    const name = binding?.name ?? '住户';
    const collected = { toName: name, how: 'owner', byName: name, at: now, openid: caller.openid };
    if (!(await updateVersioned('custody', doc._id, input.version, { status: 'collected', collected }))) throw conflict(records.stale);
    return toCustody(await loadCustody(doc._id), await caller.viewer(), now);
  },
});
