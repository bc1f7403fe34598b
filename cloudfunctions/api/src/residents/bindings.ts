import { z } from 'zod';
import { alertReviewers, dayNumber } from '../alerts/alerts';
import { pagePath } from '../../../../miniprogram/shared/routes';
import type { Binding, BindingStatus, Page } from '../../../../typings/domain';
import { assertOwnFiles, temporaryUrls } from '../files';
import { command, count, find, findById, type Where } from '../db';
import { afterCursor, encodeCursor } from '../paging';
import { AppError, conflict, notFound } from '../errors';
import { RECORDS_DESK, anyone, inCommunity, onRecord } from '../access';
import { allowedActions, type Viewer } from '../policy';
import { bindingPolicy } from './policy';
import type { Route } from '../router';
import { communityNames, loadCommunity } from '../communities/communities';
import { loadUnit, unitLabel, type UnitDocument } from '../communities/units';
import { changeAccountIn, withGrant } from '../accounts/accounts';
import { createOnce, requestOf } from '../idempotency';
import { atomically } from '../transaction';
import { maskName, maskPhone } from '../privacy/masking';
import { logAccess } from '../privacy/accessLog';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { cursor, fileId, id, mobile, personName, text, version } from '../validation';

export interface BindingDocument {
  _id: string;
  openid: string;
  communityId: string;
  unitId: string;
  unitLabel: string;
  /** The home's building, copied when requested: notices reach residents by building. */
  building?: string;
  relation: Binding['relation'];
  /** A tenant marked, when approved, as paying the home's bills. */
  payer?: boolean;
  /**
   * On an owner's binding: a tenant of the home is its approved payer, so the owner's bill list
   * offers no payment. Kept with the approvals and deletions that change it, so the owner's list
   * needs no read of the home's other residents; a payment itself is checked against them (payersOf).
   * Absent on owners approved before it was kept: their list asks payersOf.
   */
  tenantPays?: boolean;
  status: BindingStatus;
  name: string;
  phone: string;
  proofFileIds: string[];
  reason: string;
  createdAt: Date;
  updatedAt: Date;
  reviewedBy?: string;
  reviewedAt?: Date;
  version: number;
}

const QUEUE_READERS = [...RECORDS_DESK, 'infokeeper'] as const;
const MAX_OPEN_REQUESTS = 5;
const PAGE_SIZE = 20;

async function communityName(communityId: string): Promise<string> {
  return (await loadCommunity(communityId)).name;
}

function view(doc: BindingDocument, communityNameValue: string, audience: 'self' | 'staff', viewer: Viewer, now: Date, unit?: UnitDocument): Binding {
  const base: Binding = {
    id: doc._id,
    communityId: doc.communityId,
    communityName: communityNameValue,
    unitId: doc.unitId,
    unitLabel: doc.unitLabel,
    relation: doc.relation,
    payer: doc.payer === true,
    status: doc.status,
    name: audience === 'self' ? doc.name : maskName(doc.name),
    phone: audience === 'self' ? doc.phone : maskPhone(doc.phone),
    proofCount: doc.proofFileIds.length,
    reason: doc.reason || undefined,
    createdAt: new Date(doc.createdAt).toISOString(),
    reviewedAt: doc.reviewedAt ? new Date(doc.reviewedAt).toISOString() : undefined,
    version: doc.version,
    allowed: allowedActions(bindingPolicy, doc, viewer, now),
  };
  if (audience === 'staff' && unit) {
    // Lets a reviewer approve without seeing either value in full.
    base.rosterMatch = { name: unit.ownerName === doc.name, phone: unit.ownerPhone === doc.phone };
  }
  return base;
}

/** The caller's own bindings, in full (it is their own data). */
export async function ownBindings(viewer: Viewer, now: Date): Promise<Binding[]> {
  const docs = await find<BindingDocument>('bindings', { openid: viewer.openid }, { orderBy: [['createdAt', 'desc']], limit: 50 });
  const names = await communityNames(
    docs.map((doc) => doc.communityId),
    now,
  );
  return docs.map((doc) => view(doc, names.get(doc.communityId) ?? '', 'self', viewer, now));
}

export async function loadBinding(bindingId: string): Promise<BindingDocument> {
  const found = await findById<BindingDocument>('bindings', bindingId);
  if (!found) throw notFound('认证申请不存在');
  return found;
}

const bindings = {
  policy: bindingPolicy,
  load: loadBinding,
  versionOf: (doc: BindingDocument) => doc.version,
  stale: '该申请已被他人处理，请刷新',
};

export const requestBinding: Route<'binding.request'> = {
  access: anyone('为自己申请认证'),
  input: z.strictObject({
    unitId: id,
    relation: z.enum(['owner', 'family', 'tenant']),
    name: personName,
    phone: mobile,
    proofFileIds: z.array(fileId).max(COUNTS.proofs, `证明材料最多 ${COUNTS.proofs} 张`),
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const idempotent = requestOf(request);
    const unit = await loadUnit(input.unitId);
    const _ = command();
    const open = await find<BindingDocument>('bindings', { openid: caller.openid, unitId: unit._id, status: _.in(['pending', 'approved']) }, { limit: 1 });
    if (open.length) {
      throw conflict(open[0].status === 'approved' ? '您已绑定该房屋' : '该房屋的认证申请正在审核中，请耐心等待');
    }
    const pending = await count('bindings', { openid: caller.openid, status: 'pending' });
    if (pending >= MAX_OPEN_REQUESTS) throw new AppError('RATE_LIMITED', `最多同时提交 ${MAX_OPEN_REQUESTS} 个认证申请`);
    assertOwnFiles(caller, input.proofFileIds);
    const doc: BindingDocument = {
      _id: idempotent.idFor('b'),
      openid: caller.openid,
      communityId: unit.communityId,
      unitId: unit._id,
      unitLabel: unitLabel(unit),
      building: unit.building,
      relation: input.relation,
      status: 'pending',
      name: input.name,
      phone: input.phone,
      proofFileIds: input.proofFileIds,
      reason: '',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const created = await createOnce(idempotent, 'bindings', { ...doc }, view(doc, await communityName(unit.communityId), 'self', await caller.viewer(), now));
    // A retried request returns the first one's binding: alerted once, under its id.
    await alertReviewers(
      'bindingReview',
      `${created.id}:review`,
      unit.communityId,
      { type: 'binding', id: created.id, number: dayNumber('RZ', now), title: `住户认证·${doc.unitLabel}` },
      pagePath('packages/staff/pages/bindings/index', { communityId: unit.communityId }),
      now,
    );
    return created;
  },
};

export const bindingQueue: Route<'binding.queue'> = {
  access: inCommunity(QUEUE_READERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional(), cursor }),
  async handle({ communityId, status, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const _ = command();
    const base = { communityId, ...(status ? { status } : {}) };
    const where = after ? (_.and([base, afterCursor('createdAt', 'desc', after)]) as unknown as Where) : base;
    const docs = await find<BindingDocument>('bindings', where, {
      orderBy: [
        ['createdAt', 'desc'],
        ['_id', 'desc'],
      ],
      limit: PAGE_SIZE,
    });
    const name = await communityName(communityId);
    const units = new Map<string, UnitDocument | undefined>();
    for (const doc of docs) {
      if (!units.has(doc.unitId)) units.set(doc.unitId, await findById<UnitDocument>('units', doc.unitId));
    }
    const page: Page<Binding> = { items: docs.map((doc) => view(doc, name, 'staff', viewer, now, units.get(doc.unitId))) };
    const last = docs[docs.length - 1];
    if (docs.length === PAGE_SIZE) page.cursor = encodeCursor(new Date(last.createdAt), last._id);
    return page;
  },
};

/** The approved residents of a home matching `where` (its owners, its paying tenant). */
export function residentsOf(unitId: string, where: Partial<Pick<BindingDocument, 'relation' | 'payer'>>): Promise<BindingDocument[]> {
  return find<BindingDocument>('bindings', { unitId, status: 'approved', ...where }, { limit: 20 });
}

export const reviewBinding: Route<'binding.review'> = onRecord(bindings, {
  actions: ['review'],
  input: z
    .strictObject({ id, version, decision: z.enum(['approve', 'reject']), reason: text(...LIMITS.binding.rejectReason).optional(), payer: z.boolean().optional() })
    .refine((input) => input.decision === 'approve' || Boolean(input.reason), { message: '不通过时请填写原因', path: ['reason'] })
    .refine((input) => !input.payer || input.decision === 'approve', { message: '只有通过认证时才能设为缴费人', path: ['payer'] }),
  async handle({ id: bindingId, version: expected, decision, reason, payer }, { caller, now, record: doc }) {
    // The owner pays unless a tenant is marked as the payer; family members never are.
    if (payer && doc.relation !== 'tenant') throw new AppError('VALIDATION', '只有租户可以设为缴费人，业主本来就是缴费人');
    const status: BindingStatus = decision === 'approve' ? 'approved' : 'rejected';
    const approved = status === 'approved';
    // The home's owners stop being offered its bills once a tenant pays them; an owner approved later learns it here.
    const owners = approved && payer ? await residentsOf(doc.unitId, { relation: 'owner' }) : [];
    const tenantPays = approved && doc.relation === 'owner' && (await residentsOf(doc.unitId, { relation: 'tenant', payer: true })).length > 0;
    // The decision and the owner role it grants are stored together; the account change is the
    // one that cannot lose a grant made meanwhile (accounts.ts).
    await atomically(['bindings', 'accounts'], async (transaction) => {
      const current = await transaction.get<BindingDocument>('bindings', bindingId);
      if (current?.version !== expected || current.status !== 'pending') throw conflict('该申请已被他人处理，请刷新');
      await transaction.update('bindings', bindingId, {
        status,
        reason: reason ?? '',
        reviewedBy: caller.openid,
        reviewedAt: now,
        ...(payer ? { payer: true } : {}),
        ...(approved && doc.relation === 'owner' ? { tenantPays } : {}),
        updatedAt: now,
        version: expected + 1,
      });
      for (const owner of owners) await transaction.update('bindings', owner._id, { tenantPays: true });
      if (status === 'approved') {
        await changeAccountIn(transaction, doc.openid, now, (account) => ({
          ...account,
          grants: withGrant(account.grants, { role: 'owner', communityId: doc.communityId }),
        }));
      }
    });
    const unit = await loadUnit(doc.unitId).catch(() => undefined);
    return view(await loadBinding(bindingId), await communityName(doc.communityId), 'staff', await caller.viewer(), now, unit);
  },
});

/** Proof images are private files: shown only through short-lived URLs to the information keeper. */
const PROOF_URL_SECONDS = 300;

export const revealBinding: Route<'binding.reveal'> = onRecord(bindings, {
  actions: ['reveal'],
  input: z.strictObject({ id, reason: text(...LIMITS.binding.revealReason) }),
  async handle({ reason }, { caller, now, record: doc }) {
    const account = await caller.account();
    const proofUrls = await temporaryUrls(doc.proofFileIds, PROOF_URL_SECONDS);
    await logAccess({
      communityId: doc.communityId,
      actorOpenid: caller.openid,
      actorName: account?.staffName ?? '',
      kind: 'view',
      subject: `${doc.unitLabel} ${maskName(doc.name)}`,
      subjectOpenid: doc.openid,
      fields: ['姓名', '电话', ...(doc.proofFileIds.length ? ['证明材料'] : [])],
      reason,
      at: now,
    });
    return { name: doc.name, phone: doc.phone, proofUrls };
  },
});
