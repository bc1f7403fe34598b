import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Disclosure, DisclosureContent, LedgerTotals } from '../../../../typings/disclosure';
import { holdsAny } from '../caller';
import { command, find, findById, insert, update } from '../db';
import { ADMINS, anyone, inCommunity, onRecord } from '../access';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { allowedActions, enforce, type Viewer } from '../policy';
import { disclosurePolicy, type DisclosureState } from './policy';
import type { Route } from '../router';
import { loadCommunity } from '../communities/communities';
import type { BindingDocument } from '../residents/bindings';
import { requestOf } from '../idempotency';
import { atomically } from '../transaction';
import { createInquiry } from '../tickets/intake';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { id, text } from '../validation';
import { contentSchema, differences, totalsOf } from './content';
import { requireMember } from './membership';

export interface DisclosureDocument {
  _id: string;
  seriesId: string;
  communityId: string;
  kind: DisclosureContent['kind'];
  title: string;
  period: string;
  version: number;
  status: 'draft' | 'published';
  content: DisclosureContent;
  totals?: LedgerTotals;
  correctionNote?: string;
  publishedAt?: Date;
  createdBy: string;
  updatedAt: Date;
  revision: number;
}

const newId = (prefix: string): string => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 23)}`;

/** What a version's series says about it: whether it is the newest published one, and whether a correction waits. */
interface SeriesFacts {
  latest: boolean;
  correctionPending: boolean;
}

const stateOf = (doc: DisclosureDocument, facts: SeriesFacts): DisclosureState => ({ communityId: doc.communityId, status: doc.status, ...facts });

function toDisclosure(doc: DisclosureDocument, facts: SeriesFacts, viewer: Viewer, now: Date): Disclosure {
  return {
    id: doc._id,
    seriesId: doc.seriesId,
    communityId: doc.communityId,
    title: doc.title,
    period: doc.period,
    version: doc.version,
    status: doc.status,
    content: doc.content,
    totals: doc.totals,
    correctionNote: doc.correctionNote,
    publishedAt: doc.publishedAt ? new Date(doc.publishedAt).toISOString() : undefined,
    updatedAt: new Date(doc.updatedAt).toISOString(),
    revision: doc.revision,
    allowed: allowedActions(disclosurePolicy, stateOf(doc, facts), viewer, now),
  };
}

/** Drafts carry no series facts their rules read. */
const DRAFT_FACTS: SeriesFacts = { latest: false, correctionPending: false };

export async function loadDisclosure(disclosureId: string): Promise<DisclosureDocument> {
  const found = await findById<DisclosureDocument>('disclosures', disclosureId);
  if (!found) throw notFound('公示不存在');
  return found;
}

async function publishedVersions(seriesId: string): Promise<DisclosureDocument[]> {
  return find<DisclosureDocument>('disclosures', { seriesId, status: 'published' }, { orderBy: [['version', 'desc']], limit: 100 });
}

/** The version of a series in force: the latest published one. */
export async function currentVersion(seriesId: string): Promise<DisclosureDocument | undefined> {
  const [latest] = await find<DisclosureDocument>('disclosures', { seriesId, status: 'published' }, { orderBy: [['version', 'desc']], limit: 1 });
  return latest;
}

async function correctionPending(seriesId: string): Promise<boolean> {
  return (await find<DisclosureDocument>('disclosures', { seriesId, status: 'draft' }, { limit: 1 })).length > 0;
}

/** A version with its series facts, as the policy reads it. */
async function loadState(disclosureId: string): Promise<DisclosureDocument & DisclosureState> {
  const doc = await loadDisclosure(disclosureId);
  if (doc.status === 'draft') return { ...doc, ...DRAFT_FACTS };
  const [latest] = await publishedVersions(doc.seriesId);
  return { ...doc, latest: latest?.version === doc.version, correctionPending: await correctionPending(doc.seriesId) };
}

const disclosures = {
  policy: disclosurePolicy,
  load: loadState,
  versionOf: (doc: DisclosureDocument) => doc.revision,
  stale: '草稿已被他人修改或已发布，请刷新后重试',
};

export const saveDraft: Route<'disclosure.saveDraft'> = {
  access: inCommunity(ADMINS, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    correcting: id.optional(),
    draftId: id.optional(),
    revision: z.number().int().min(0).optional(),
    title: text(...LIMITS.disclosure.title),
    period: text(...LIMITS.disclosure.period),
    content: contentSchema,
  }),
  async handle(input, { caller, now }) {
    await loadCommunity(input.communityId);
    const viewer = await caller.viewer();
    const totals = totalsOf(input.content);
    if (input.draftId) {
      const draft = await loadDisclosure(input.draftId);
      if (draft.communityId !== input.communityId) throw forbidden('公示不属于该小区');
      enforce(disclosurePolicy, 'editDraft', stateOf(draft, DRAFT_FACTS), viewer, now);
      if (draft.kind !== input.content.kind) throw new AppError('VALIDATION', '更正版本须与原公示类型相同');
      const changed = await update(
        'disclosures',
        { _id: draft._id, status: 'draft', revision: input.revision ?? -1 },
        {
          title: input.title,
          period: input.period,
          content: command().set(input.content),
          totals: totals ? command().set(totals) : command().remove(),
          updatedAt: now,
          revision: command().inc(1),
        },
      );
      if (changed !== 1) throw conflict(disclosures.stale);
      return toDisclosure(await loadDisclosure(draft._id), DRAFT_FACTS, viewer, now);
    }
    let seriesId = newId('s');
    let version = 1;
    if (input.correcting) {
      const corrected = await loadDisclosure(input.correcting);
      if (corrected.communityId !== input.communityId) throw notFound('要更正的公示不存在');
      if (corrected.kind !== input.content.kind) throw new AppError('VALIDATION', '更正版本须与原公示类型相同');
      const [latest] = await publishedVersions(corrected.seriesId);
      const facts = { latest: latest?.version === corrected.version, correctionPending: await correctionPending(corrected.seriesId) };
      enforce(disclosurePolicy, 'correct', stateOf(corrected, facts), viewer, now);
      seriesId = corrected.seriesId;
      version = corrected.version + 1;
    }
    const doc: DisclosureDocument = {
      _id: newId('d'),
      seriesId,
      communityId: input.communityId,
      kind: input.content.kind,
      title: input.title,
      period: input.period,
      version,
      status: 'draft',
      content: input.content,
      ...(totals ? { totals } : {}),
      createdBy: caller.openid,
      updatedAt: now,
      revision: 1,
    };
    await insert('disclosures', { ...doc });
    return toDisclosure(doc, DRAFT_FACTS, viewer, now);
  },
};

export const listDrafts: Route<'disclosure.drafts'> = {
  access: inCommunity(ADMINS, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }, { caller, now }) {
    const docs = await find<DisclosureDocument>('disclosures', { communityId, status: 'draft' }, { orderBy: [['updatedAt', 'desc']], limit: 100 });
    const viewer = await caller.viewer();
    return docs.map((doc) => toDisclosure(doc, DRAFT_FACTS, viewer, now));
  },
};

/** A published version never changes again: every later write is refused, by any role. */
export const publish: Route<'disclosure.publish'> = onRecord(disclosures, {
  actions: ['publish'],
  version: (input) => input.revision,
  input: z.strictObject({ id, revision: z.number().int().min(0), correctionNote: text(...LIMITS.disclosure.correctionNote).optional() }),
  async handle({ id: draftId, revision, correctionNote }, { caller, now, record: draft }) {
    const [latest] = await publishedVersions(draft.seriesId);
    const version = (latest?.version ?? 0) + 1;
    // Checked and published in one transaction: of two publishing at once, the one that finds the
    // draft already published is told so (CONFLICT), not asked for a correction note.
    await atomically(['disclosures'], async (transaction) => {
      const current = await transaction.get<DisclosureDocument>('disclosures', draftId);
      if (current?.status !== 'draft' || current.revision !== revision) throw conflict(disclosures.stale);
      if (version > 1 && !correctionNote) throw new AppError('VALIDATION', '发布更正版本须说明更正了什么、为什么更正');
      await transaction.update('disclosures', draftId, {
        status: 'published',
        version,
        publishedAt: now,
        updatedAt: now,
        revision: revision + 1,
        ...(version > 1 ? { correctionNote } : {}),
      });
    });
    return toDisclosure(await loadDisclosure(draftId), { latest: true, correctionPending: false }, await caller.viewer(), now);
  },
});

export const board: Route<'disclosure.board'> = {
  access: anyone('本小区已认证住户与员工'),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }, { caller, now }) {
    await requireMember(caller, communityId);
    const viewer = await caller.viewer();
    const published = await find<DisclosureDocument>('disclosures', { communityId, status: 'published' }, {
      orderBy: [['publishedAt', 'desc']],
      limit: 100,
    });
    const latest = new Map<string, DisclosureDocument>();
    for (const doc of published) {
      const seen = latest.get(doc.seriesId);
      if (!seen || seen.version < doc.version) latest.set(doc.seriesId, doc);
    }
    // Only admins can correct; only they need to know which series has a correction waiting.
    const admin = holdsAny(viewer.grants, ADMINS, communityId);
    const drafts = admin ? await find<DisclosureDocument>('disclosures', { communityId, status: 'draft' }, { limit: 100 }) : [];
    const pending = new Set(drafts.map((draft) => draft.seriesId));
    return [...latest.values()]
      .sort((a, b) => new Date(b.publishedAt ?? 0).getTime() - new Date(a.publishedAt ?? 0).getTime())
      .map((doc) => toDisclosure(doc, { latest: true, correctionPending: pending.has(doc.seriesId) }, viewer, now));
  },
};

export const history: Route<'disclosure.history'> = {
  access: anyone('本小区已认证住户与员工'),
  input: z.strictObject({ seriesId: id }),
  async handle({ seriesId }, { caller, now }) {
    const versions = await publishedVersions(seriesId);
    if (!versions.length) throw notFound('公示不存在');
    await requireMember(caller, versions[0].communityId);
    const viewer = await caller.viewer();
    const pending = holdsAny(viewer.grants, ADMINS, versions[0].communityId) && (await correctionPending(seriesId));
    return versions.map((doc, index) => toDisclosure(doc, { latest: index === 0, correctionPending: pending }, viewer, now));
  },
};

export const diff: Route<'disclosure.diff'> = {
  access: anyone('本小区已认证住户与员工'),
  input: z.strictObject({ seriesId: id, from: z.number().int().min(1), to: z.number().int().min(1) }),
  async handle({ seriesId, from, to }, { caller }) {
    const versions = await publishedVersions(seriesId);
    if (!versions.length) throw notFound('公示不存在');
    await requireMember(caller, versions[0].communityId);
    const before = versions.find((doc) => doc.version === from);
    const after = versions.find((doc) => doc.version === to);
    if (!before || !after) throw notFound('没有这个版本');
    return { seriesId, from, to, changes: differences(before.content, after.content) };
  },
};

const INQUIRY_CATEGORY: Record<DisclosureContent['kind'], string> = {
  'service-standard': '物业服务',
  'fee-standard': '收费标准',
  'common-income': '物业服务',
  'fund-statement': '物业服务',
};

/** Seed 000 (六) 3: an owner's question on a published item is a ticket with the usual deadlines. */
export const inquire: Route<'disclosure.inquire'> = onRecord(disclosures, {
  actions: ['inquire'],
  id: (input) => input.disclosureId,
  input: z.strictObject({ disclosureId: id, question: text(...LIMITS.disclosure.question) }),
  idempotent: 'keyed',
  async handle({ question }, { caller, now, record: doc, request }) {
    const [home] = await find<BindingDocument>('bindings', { openid: caller.openid, communityId: doc.communityId, status: 'approved' }, { limit: 1 });
    if (!home) throw forbidden('请先完成该小区的房屋认证');
    return createInquiry(
      caller,
      {
        communityId: doc.communityId,
        unitId: home.unitId,
        category: INQUIRY_CATEGORY[doc.kind],
        question,
        contactName: home.name,
        contactPhone: home.phone,
        subject: { disclosureId: doc._id, seriesId: doc.seriesId, title: doc.title, version: doc.version },
      },
      now,
      requestOf(request),
    );
  },
});
