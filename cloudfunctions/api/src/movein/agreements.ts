import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AgreementForUnit, AgreementSignature, AgreementVersion, AgreementKind } from '../../../../typings/movein';
import { MOVE_IN_LIMITS } from '../../../../miniprogram/shared/movein';
import { MAINTAINERS, RECORDS_DESK, anyone, inCommunity } from '../access';
import type { Caller } from '../caller';
import { holdsAny } from '../caller';
import { loadCommunity } from '../communities/communities';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { find, findJoined, type SortOrder } from '../db';
import { conflict, forbidden } from '../errors';
import { requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import { maskName } from '../privacy/masking';
import type { BindingDocument } from '../residents/bindings';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { cursor, id, text } from '../validation';

/**
 * Seed 002 §6 (所有住宅类项目与业主签订临时管理规约) and §10 (保存各种已签有效协议，含管理规约): a
 * community's agreement is published by its manager as numbered versions that are never edited;
 * a verified owner signs the current version for their home in the mini-program, and the version
 * signed and the time stay recorded however the text changes later.
 */

export interface AgreementDocument {
  _id: string;
  communityId: string;
  kind: AgreementKind;
  version: number;
  title: string;
  body: string;
  publishedAt: Date;
  publishedBy: string;
  publishedByName: string;
}

export interface SignatureDocument {
  _id: string;
  agreementId: string;
  communityId: string;
  kind: AgreementKind;
  title: string;
  version: number;
  unitId: string;
  unitLabel: string;
  signerOpenid: string;
  signerName: string;
  signedAt: Date;
}

const toVersion = (doc: AgreementDocument): AgreementVersion => ({
  id: doc._id,
  communityId: doc.communityId,
  kind: doc.kind,
  version: doc.version,
  title: doc.title,
  body: doc.body,
  publishedAt: new Date(doc.publishedAt).toISOString(),
  publishedByName: doc.publishedByName,
});

/** A signature as `viewerOpenid` sees it: their own name in full, anyone else's masked. */
export const toSignature = (doc: SignatureDocument, viewerOpenid: string): AgreementSignature => ({
  id: doc._id,
  agreementId: doc.agreementId,
  kind: doc.kind,
  title: doc.title,
  version: doc.version,
  unitId: doc.unitId,
  unitLabel: doc.unitLabel,
  signerName: doc.signerOpenid === viewerOpenid ? doc.signerName : maskName(doc.signerName),
  signedAt: new Date(doc.signedAt).toISOString(),
});

/** A community's agreement in force: its latest version. */
const LATEST: SortOrder = ['version', 'desc'];

export async function currentAgreement(communityId: string): Promise<AgreementDocument | undefined> {
  return (await find<AgreementDocument>('agreements', { communityId }, { orderBy: [LATEST], limit: 1 }))[0];
}

/** A home's signatures, newest first. */
export function signaturesOf(unitId: string): Promise<SignatureDocument[]> {
  return find<SignatureDocument>('agreementSignatures', { unitId }, { orderBy: [['signedAt', 'desc']], limit: 50 });
}

/** The caller's approved bindings to a home (any relation), the owner's first. */
async function bindingsTo(openid: string, unitId: string): Promise<BindingDocument[]> {
  const found = await find<BindingDocument>('bindings', { openid, unitId, status: 'approved' }, { limit: 5 });
  return found.sort((a, b) => Number(b.relation === 'owner') - Number(a.relation === 'owner'));
}

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

export const publishAgreement: Route<'agreement.publish'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    kind: z.enum(['management', 'provisional']),
    title: text(...MOVE_IN_LIMITS.agreementTitle),
    body: text(...MOVE_IN_LIMITS.agreementBody),
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    await loadCommunity(input.communityId);
    await assertSafeText(caller.openid, `${input.title}\n${input.body}`);
    const idempotent = requestOf(request);
    const latest = await currentAgreement(input.communityId);
    const version = (latest?.version ?? 0) + 1;
    const doc: AgreementDocument = {
      // One id per (community, version): two managers publishing at once cannot both be version n.
      _id: `ag${createHash('sha256').update(`${input.communityId}\u0000${version}`).digest('hex').slice(0, 23)}`,
      communityId: input.communityId,
      kind: input.kind,
      version,
      title: input.title,
      body: input.body,
      publishedAt: now,
      publishedBy: caller.openid,
      publishedByName: await staffName(caller),
    };
    return atomically(['agreements', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<AgreementVersion>(transaction);
      if (earlier) return earlier;
      if (await transaction.get('agreements', doc._id)) throw conflict('规约刚刚发布了新版本，请刷新后再发布');
      await transaction.insert('agreements', { ...doc });
      return idempotent.finish(transaction, toVersion(doc));
    });
  },
};

export const listAgreements: Route<'agreement.versions'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }) {
    return newestFirst<AgreementDocument, AgreementVersion>('agreements', { communityId }, 'publishedAt', after, 10, toVersion);
  },
};

async function unitPlace(unitId: string): Promise<{ communityId: string; label: string }> {
  const unit = await loadUnit(unitId);
  return { communityId: unit.communityId, label: unitLabel(unit) };
}

async function agreementForUnit(unitId: string, caller: Caller): Promise<AgreementForUnit> {
  // A resident's own binding names the home and its community; the desk (no binding) reads the home.
  const homes = await bindingsTo(caller.openid, unitId);
  const home = homes[0] ? { communityId: homes[0].communityId, label: homes[0].unitLabel } : await unitPlace(unitId);
  if (!homes.length && !holdsAny(await caller.grants(), RECORDS_DESK, home.communityId)) throw forbidden('请先完成该房屋的认证');
  // The current text with the home's signatures joined to it: one request.
  const [current] = await findJoined<AgreementDocument & { signed: SignatureDocument[] }>(
    'agreements',
    { communityId: home.communityId },
    1,
    [{ as: 'signed', from: 'agreementSignatures', where: { unitId }, orderBy: ['signedAt', 'desc'], limit: 50 }],
    LATEST,
  );
  const signatures = current?.signed ?? [];
  const signedCurrent = Boolean(current && signatures.some((doc) => doc.agreementId === current._id && doc.signerOpenid === caller.openid));
  return {
    unitId,
    unitLabel: home.label,
    ...(current ? { current: toVersion(current) } : {}),
    signatures: signatures.map((doc) => toSignature(doc, caller.openid)),
    signedCurrent,
    canSign: Boolean(current) && !signedCurrent && homes[0]?.relation === 'owner',
  };
}

/** The current text for a home and what was signed for it: its verified residents and the desk read it. */
export const unitAgreement: Route<'agreement.forUnit'> = {
  access: anyone('本人已认证的房屋，或本小区客服'),
  input: z.strictObject({ unitId: id }),
  async handle({ unitId }, { caller }) {
    return agreementForUnit(unitId, caller);
  },
};

export const signAgreement: Route<'agreement.sign'> = {
  access: anyone('须为该房屋的已认证业主'),
  input: z.strictObject({ unitId: id, agreementId: id }),
  idempotent: true,
  async handle({ unitId, agreementId }, { caller, now, request }) {
    const unit = await loadUnit(unitId);
    const owner = (await bindingsTo(caller.openid, unitId)).find((binding) => binding.relation === 'owner');
    if (!owner) throw forbidden('只有该房屋的已认证业主可以签署管理规约');
    const current = await currentAgreement(unit.communityId);
    if (!current || current._id !== agreementId) throw conflict('管理规约已更新，请阅读新版本后再签署');
    const idempotent = requestOf(request);
    const doc: SignatureDocument = {
      _id: `sg${createHash('sha256').update(`${agreementId}\u0000${unitId}\u0000${caller.openid}`).digest('hex').slice(0, 23)}`,
      agreementId,
      communityId: unit.communityId,
      kind: current.kind,
      title: current.title,
      version: current.version,
      unitId,
      unitLabel: unitLabel(unit),
      signerOpenid: caller.openid,
      signerName: owner.name,
      signedAt: now,
    };
    const before = await agreementForUnit(unitId, caller);
    // The answer as it stands once signed, stored with the signature: a retry gets it, not a refusal.
    const after: AgreementForUnit = { ...before, signatures: [toSignature(doc, caller.openid), ...before.signatures], signedCurrent: true, canSign: false };
    return atomically(['agreementSignatures', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<AgreementForUnit>(transaction);
      if (earlier) return earlier;
      if (await transaction.get('agreementSignatures', doc._id)) throw conflict('您已签署该版本的管理规约');
      await transaction.insert('agreementSignatures', { ...doc });
      return idempotent.finish(transaction, after);
    });
  },
};
