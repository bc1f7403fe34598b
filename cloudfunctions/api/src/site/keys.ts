import { z } from 'zod';
import type { KeyLoan, KeyLoanRow, KeyRecord } from '../../../../typings/site';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { DAY_MS } from '../../../../miniprogram/shared/time';
import { TICKET_DESK, TICKET_STAFF, anyone, inCommunity, onRecord } from '../access';
import { asResident, type Caller } from '../caller';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, type Where } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { createOnce, requestOf } from '../idempotency';
import { earliestFirst } from '../paging';
import { allowedActions, enforce, type Viewer } from '../policy';
import type { BindingDocument } from '../residents/bindings';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { cursor, id, instant, text, version } from '../validation';
import { keyPolicy, type KeyState } from './policy';

/**
 * Seed 002 §12: the list of common-area keys (what each opens, where it is kept, how many copies),
 * every lending recorded with who, why and when it is due back, overdue keys listed; and owners'
 * keys left with the desk, lent only once the owner has authorised it in the mini-program.
 */

interface KeyDocument extends Omit<KeyState, 'ownerOpenids'> {
  _id: string;
  name: string;
  opens: string;
  keptAt: string;
  unitId?: string;
  unitLabel?: string;
  authorisation?: { status: 'awaiting' | 'confirmed' | 'declined'; byName?: string; at?: Date };
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

interface LoanDocument {
  _id: string;
  keyId: string;
  keyName: string;
  communityId: string;
  borrowerName: string;
  reason: string;
  lentAt: Date;
  lentBy: string;
  lentByName: string;
  dueAt: Date;
  open: boolean;
  returnedAt?: Date;
  returnedToName?: string;
}

type LoadedKey = KeyDocument & { ownerOpenids: string[] };

/** The verified owners of a home: who may authorise its key and see its loans. */
async function ownersOf(unitId: string | undefined): Promise<string[]> {
  if (!unitId) return [];
  return (await find<BindingDocument>('bindings', { unitId, status: 'approved', relation: 'owner' }, { limit: 20 })).map((binding) => binding.openid);
}

async function loadKey(keyId: string): Promise<LoadedKey> {
  const found = await findById<KeyDocument>('keys', keyId);
  if (!found) throw notFound('钥匙不存在');
  return { ...found, ownerOpenids: await ownersOf(found.unitId) };
}

const openLoansOf = (keyIds: string[]): Promise<LoanDocument[]> =>
  keyIds.length ? find<LoanDocument>('keyLoans', { keyId: command().in(keyIds), open: true }, { orderBy: [['dueAt', 'asc']], limit: 100 }) : Promise.resolve([]);

function toLoan(doc: LoanDocument, now: Date): KeyLoan {
  return {
    id: doc._id,
    borrowerName: doc.borrowerName,
    reason: doc.reason,
    lentAt: new Date(doc.lentAt).toISOString(),
    lentByName: doc.lentByName,
    dueAt: new Date(doc.dueAt).toISOString(),
    ...(doc.returnedAt ? { returnedAt: new Date(doc.returnedAt).toISOString(), returnedToName: doc.returnedToName ?? '' } : {}),
    overdue: doc.open && new Date(doc.dueAt).getTime() < now.getTime(),
  };
}

function toKey(doc: LoadedKey, loans: LoanDocument[], viewer: Viewer, now: Date): KeyRecord {
  return {
    id: doc._id,
    communityId: doc.communityId,
    kind: doc.kind,
    name: doc.name,
    opens: doc.opens,
    keptAt: doc.keptAt,
    copies: doc.copies,
    available: Math.max(0, doc.copies - doc.openLoans),
    ...(doc.unitId ? { unitId: doc.unitId, unitLabel: doc.unitLabel ?? '' } : {}),
    ...(doc.authorisation
      ? { authorisation: { status: doc.authorisation.status, ...(doc.authorisation.at ? { byName: doc.authorisation.byName ?? '', at: new Date(doc.authorisation.at).toISOString() } : {}) } }
      : {}),
    loans: loans.filter((loan) => loan.keyId === doc._id && loan.open).map((loan) => toLoan(loan, now)),
    version: doc.version,
    allowed: allowedActions(keyPolicy, doc, viewer, now),
  };
}

async function keyRecord(keyId: string, caller: Caller, now: Date): Promise<KeyRecord> {
  const doc = await loadKey(keyId);
  return toKey(doc, await openLoansOf([doc._id]), await caller.viewer(), now);
}

const keys = { policy: keyPolicy, load: loadKey, versionOf: (doc: LoadedKey) => doc.version, stale: '钥匙记录已被他人更新，请刷新后重试' };

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

const PAGE_SIZE = 20;

export const listKeys: Route<'key.list'> = {
  access: inCommunity(TICKET_STAFF, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const page = await earliestFirst<KeyDocument, KeyDocument>('keys', { communityId }, 'createdAt', after, PAGE_SIZE, (doc) => doc);
    const loans = await openLoansOf(page.items.map((doc) => doc._id));
    const owners = await Promise.all(page.items.map((doc) => ownersOf(doc.unitId)));
    return { ...page, items: page.items.map((doc, index) => toKey({ ...doc, ownerOpenids: owners[index] }, loans, viewer, now)) };
  },
};

export const saveKey: Route<'key.save'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    id: id.optional(),
    version: version.optional(),
    kind: z.enum(['common', 'owner']),
    name: text(...LIMITS.key.name),
    opens: text(...LIMITS.key.opens),
    keptAt: text(...LIMITS.key.keptAt),
    copies: z.number().int().min(1, '至少 1 把').max(COUNTS.keyCopies, `最多 ${COUNTS.keyCopies} 把`),
    unitId: id.optional(),
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    if ((input.kind === 'owner') !== Boolean(input.unitId)) throw new AppError('VALIDATION', input.kind === 'owner' ? '业主寄存的钥匙须选择房屋' : '公用钥匙不指定房屋');
    const unit = input.unitId ? await loadUnit(input.unitId) : undefined;
    if (unit && unit.communityId !== input.communityId) throw notFound('房屋不存在，请重新选择');
    await assertSafeText(caller.openid, [input.name, input.opens, input.keptAt].join('\n'));
    const fields = { name: input.name, opens: input.opens, keptAt: input.keptAt, copies: input.copies, updatedAt: now };
    const viewer = await caller.viewer();
    if (input.id) {
      const doc = await loadKey(input.id);
      if (doc.communityId !== input.communityId) throw notFound('钥匙不存在');
      enforce(keyPolicy, 'edit', doc, viewer, now);
      if (doc.kind !== input.kind || doc.unitId !== input.unitId) throw new AppError('VALIDATION', '钥匙的类别和房屋登记后不能更改，请另行登记');
      if (input.copies < doc.openLoans) throw new AppError('CONFLICT', `有 ${doc.openLoans} 把尚未归还，数量不能少于借出数`);
      await atomically(['keys'], async (transaction) => {
        const current = await transaction.get<KeyDocument>('keys', doc._id);
        if (!current || current.version !== input.version) throw conflict(keys.stale);
        await transaction.update('keys', doc._id, { ...fields, version: current.version + 1 });
      });
      return keyRecord(doc._id, caller, now);
    }
    const doc: KeyDocument = {
      _id: requestOf(request).idFor('k'),
      communityId: input.communityId,
      kind: input.kind,
      ...fields,
      openLoans: 0,
      ...(unit ? { unitId: unit._id, unitLabel: unitLabel(unit), authorisation: { status: 'awaiting' as const } } : {}),
      createdAt: now,
      version: 1,
    };
    const owners = await ownersOf(doc.unitId);
    return createOnce(requestOf(request), 'keys', { ...doc }, toKey({ ...doc, ownerOpenids: owners }, [], viewer, now));
  },
};

/** The longest a key may be out: keys come back the same day or within the month. */
const MAX_LOAN_MS = 31 * DAY_MS;

export const lendKey: Route<'key.lend'> = onRecord(keys, {
  actions: ['lend'],
  input: z.strictObject({ id, version, borrowerName: text(...LIMITS.key.borrower), reason: text(...LIMITS.key.reason), dueAt: instant }),
  idempotent: true,
  async handle(input, { caller, now, request, record: doc }) {
    const dueAt = new Date(input.dueAt);
    if (dueAt.getTime() <= now.getTime() || dueAt.getTime() > now.getTime() + MAX_LOAN_MS) throw new AppError('VALIDATION', '归还时间须在现在之后、31 天以内');
    await assertSafeText(caller.openid, `${input.borrowerName}\n${input.reason}`);
    const idempotent = requestOf(request);
    const name = await staffName(caller);
    await atomically(['keys', 'keyLoans', 'requests'], async (transaction) => {
      if (await idempotent.earlier(transaction)) return;
      const current = await transaction.get<KeyDocument>('keys', doc._id);
      if (!current || current.version !== input.version) throw conflict(keys.stale);
      if (current.openLoans >= current.copies) throw conflict('该钥匙已全部借出');
      const loan: LoanDocument = {
        _id: idempotent.idFor('l'),
        keyId: doc._id,
        keyName: doc.name,
        communityId: doc.communityId,
        borrowerName: input.borrowerName,
        reason: input.reason,
        lentAt: now,
        lentBy: caller.openid,
        lentByName: name,
        dueAt,
        open: true,
      };
      await transaction.insert('keyLoans', { ...loan });
      await transaction.update('keys', doc._id, { openLoans: current.openLoans + 1, version: current.version + 1, updatedAt: now });
      await idempotent.finish(transaction, { loanId: loan._id });
    });
    return keyRecord(doc._id, caller, now);
  },
});

export const returnKey: Route<'key.return'> = onRecord(keys, {
  actions: ['return'],
  input: z.strictObject({ id, version: version.optional(), loanId: id }),
  async handle(input, { caller, now, record: doc }) {
    const name = await staffName(caller);
    await atomically(['keys', 'keyLoans'], async (transaction) => {
      const current = await transaction.get<KeyDocument>('keys', doc._id);
      const loan = await transaction.get<LoanDocument>('keyLoans', input.loanId);
      if (!current || (input.version !== undefined && current.version !== input.version)) throw conflict(keys.stale);
      if (!loan || loan.keyId !== doc._id) throw notFound('借用记录不存在');
      if (!loan.open) throw conflict('这次借用已登记归还');
      await transaction.update('keyLoans', loan._id, { open: false, returnedAt: now, returnedToName: name });
      await transaction.update('keys', doc._id, { openLoans: Math.max(0, current.openLoans - 1), version: current.version + 1, updatedAt: now });
    });
    return keyRecord(doc._id, caller, now);
  },
});

/** Keys out now in a community, the one due back first at the top (so overdue ones lead). */
export const listKeyLoans: Route<'key.loans'> = {
  access: inCommunity(TICKET_STAFF, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }, { now }) {
    return earliestFirst<LoanDocument, KeyLoanRow>('keyLoans', { communityId, open: true }, 'dueAt', after, PAGE_SIZE, (doc) => ({
      ...toLoan(doc, now),
      keyId: doc.keyId,
      keyName: doc.keyName,
      communityId: doc.communityId,
    }));
  },
};

/** Overdue keys of a community, for the workbench. */
export const overdueKeysWhere = (communityId: string, now: Date): Where => ({ communityId, open: true, dueAt: command().lt(now) });

export const myKeys: Route<'key.mine'> = {
  access: anyone('业主本人：其已认证房屋寄存的钥匙'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const homes = await find<BindingDocument>('bindings', { openid: caller.openid, status: 'approved', relation: 'owner' }, { limit: 20 });
    if (!homes.length) return [];
    const docs = await find<KeyDocument>('keys', { unitId: command().in(homes.map((home) => home.unitId)) }, { limit: 50 });
    // Only a key with copies out has open loans (lending and returning keep the count with the loan).
    const loans = await openLoansOf(docs.filter((doc) => doc.openLoans > 0).map((doc) => doc._id));
    // Each key is of a home the caller verifiably owns: the policy reads no other owner of it, and no role on their own list.
    const viewer = asResident(caller);
    return docs.map((doc) => toKey({ ...doc, ownerOpenids: [caller.openid] }, loans, viewer, now));
  },
};

export const authoriseKey: Route<'key.authorise'> = onRecord(keys, {
  actions: ['authorise'],
  input: z.strictObject({ id, version, accept: z.boolean() }),
  async handle(input, { caller, now, record: doc }) {
    const binding = (await find<BindingDocument>('bindings', { openid: caller.openid, unitId: doc.unitId, status: 'approved' }, { limit: 1 }))[0];
    await atomically(['keys'], async (transaction) => {
      const current = await transaction.get<KeyDocument>('keys', doc._id);
      if (!current || current.version !== input.version) throw conflict(keys.stale);
      await transaction.update('keys', doc._id, {
        authorisation: { status: input.accept ? 'confirmed' : 'declined', byName: binding?.name ?? '业主', at: now },
        version: current.version + 1,
        updatedAt: now,
      });
    });
    return keyRecord(doc._id, caller, now);
  },
});
