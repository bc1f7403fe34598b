import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Page } from '../../../../typings/domain';
import type { Inspection, InspectionCheck, RenovationDetail, RenovationForm, RenovationStatus, RenovationSummary } from '../../../../typings/renovation';
import { RECORDS_DESK, anyone, inCommunity, onRecord } from '../access';
import { asResident, holdsAny, type Caller } from '../caller';
import { command, find, findById, update, type Where } from '../db';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { allowedActions, type Viewer } from '../policy';
import { afterCursor, encodeCursor } from '../paging';
import type { Route } from '../router';
import { loadUnit, unitLabel, type UnitDocument } from '../communities/units';
import type { BindingDocument } from '../residents/bindings';
import { assertOwnFiles, temporaryUrls } from '../files';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { CREDIT_CODE } from '../../../../miniprogram/shared/patterns';
import { MAX_AREA_CENTI, requiredExtinguishers } from '../../../../miniprogram/shared/renovation';
import { pagePath } from '../../../../miniprogram/shared/routes';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { sendStatusMessage } from '../tickets/notify';
import { alertReviewers, dayNumber } from '../alerts/alerts';
import { takeDailyNumber } from '../tickets/numbers';
import { atomically, type Transaction } from '../transaction';
import { requestOf } from '../idempotency';
import { calendarDate, cursor, fileId, id, mobile, publicPhone, text, version } from '../validation';
import { AGREEMENT_VERSION, INSPECTION_CHECKS, TERMS, WORK_ITEMS } from './terms';
import { renovationPolicy } from './policy';

interface InspectionRecord {
  id: string;
  at: Date;
  inspectorOpenid: string;
  inspectorName: string;
  checks: InspectionCheck[];
  photos: string[];
  violation: boolean;
  fixedAt?: Date;
  fixNote?: string;
  fixedByName?: string;
}

export interface RenovationDocument {
  _id: string;
  communityId: string;
  unitId: string;
  unitLabel: string;
  applicantOpenid: string;
  applicantName: string;
  form: RenovationForm;
  extinguishersRequired: number;
  status: RenovationStatus;
  reason: string;
  permitNo?: string;
  revisionCount: number;
  inspections: InspectionRecord[];
  agreementSignedAt: Date;
  submittedAt: Date;
  reviewedBy?: string;
  completedAt?: Date;
  acceptedByName?: string;
  updatedAt: Date;
  version: number;
}

const PAGE_SIZE = 20;
const DOCUMENT_URL_SECONDS = 600;
const STRUCTURAL = new Set(WORK_ITEMS.filter((item) => item.structural).map((item) => item.code));

const formFields = z.strictObject({
  unitId: id,
  contractor: z.strictObject({
    company: text(...LIMITS.renovation.company),
    licenceNo: z.string().trim().toUpperCase().regex(CREDIT_CODE, '请填写 18 位统一社会信用代码'),
    contactName: text(...LIMITS.renovation.contactName),
    contactPhone: z.union([mobile, publicPhone]),
    workers: z.number().int().min(1, '施工人数至少 1 人').max(COUNTS.workers),
  }),
  startDate: calendarDate,
  endDate: calendarDate,
  areaCenti: z.number().int('面积最多两位小数').min(1, '装修面积须大于 0').max(MAX_AREA_CENTI, '装修面积不能超过 1000 m²'),
  workItems: z
    .array(z.string().max(40))
    .min(1, '至少选择一项施工内容')
    .max(WORK_ITEMS.length)
    .refine((codes) => codes.every((code) => WORK_ITEMS.some((item) => item.code === code)), '请从清单中选择施工内容'),
  attachments: z.array(fileId).max(COUNTS.renovationFiles, `图纸照片最多 ${COUNTS.renovationFiles} 张`),
  approvalDocs: z.array(fileId).max(COUNTS.renovationFiles, `批准文件最多 ${COUNTS.renovationFiles} 份`),
  existingBuilding: z.boolean(),
  safetyCommitmentSigned: z.boolean(),
  agreementVersion: z.string().max(20),
  acknowledgedTerms: z.literal(true, { message: '请先阅读并同意禁止行为、注意事项和装饰装修管理服务协议' }),
});

function checkForm(form: z.infer<typeof formFields>, context: z.RefinementCtx): void {
  if (form.endDate < form.startDate) context.addIssue({ code: 'custom', path: ['endDate'], message: '完工日期不能早于开工日期' });
  // Seed 000 (三) 3: structural changes need the government's approval document.
  if (form.workItems.some((code) => STRUCTURAL.has(code)) && form.approvalDocs.length === 0) {
    context.addIssue({ code: 'custom', path: ['approvalDocs'], message: '涉及拆改房屋结构、增加夹层等影响结构安全的施工，须上传政府相关部门的批准文件' });
  }
  // Seed 000 (三) 1: works on an existing building carry the construction-safety commitment.
  if (form.existingBuilding && !form.safetyCommitmentSigned) {
    context.addIssue({ code: 'custom', path: ['safetyCommitmentSigned'], message: '既有建筑装修改造须签署施工安全告知承诺' });
  }
  if (form.agreementVersion !== AGREEMENT_VERSION) {
    context.addIssue({ code: 'custom', path: ['agreementVersion'], message: '管理服务协议已更新，请重新阅读并签署' });
  }
}

const formSchema = formFields.superRefine(checkForm);
const resubmitSchema = formFields.extend({ id, version }).superRefine(checkForm);

function summaryOf(doc: RenovationDocument, now: Date, viewer: Viewer): RenovationSummary {
  return {
    id: doc._id,
    communityId: doc.communityId,
    unitLabel: doc.unitLabel,
    status: doc.status,
    startDate: doc.form.startDate,
    endDate: doc.form.endDate,
    permitNo: doc.permitNo,
    overdue: doc.status === 'approved' && doc.form.endDate < chinaDate(now),
    openViolations: doc.inspections.filter((inspection) => inspection.violation && !inspection.fixedAt).length,
    submittedAt: new Date(doc.submittedAt).toISOString(),
    allowed: allowedActions(renovationPolicy, doc, viewer, now),
  };
}

function inspectionOf(record: InspectionRecord): Inspection {
  return {
    id: record.id,
    at: new Date(record.at).toISOString(),
    inspectorName: record.inspectorName,
    checks: record.checks,
    photoCount: record.photos.length,
    violation: record.violation,
    fixedAt: record.fixedAt ? new Date(record.fixedAt).toISOString() : undefined,
    fixNote: record.fixNote,
    fixedByName: record.fixedByName,
  };
}

async function detailOf(doc: RenovationDocument, audience: 'owner' | 'staff', now: Date, viewer: Viewer): Promise<RenovationDetail> {
  const unit = audience === 'staff' ? await findById<UnitDocument>('units', doc.unitId) : undefined;
  return {
    ...summaryOf(doc, now, viewer),
    form: doc.form,
    extinguishersRequired: doc.extinguishersRequired,
    revisionCount: doc.revisionCount,
    reason: doc.reason || undefined,
    attachmentUrls: await temporaryUrls(doc.form.attachments, DOCUMENT_URL_SECONDS),
    approvalDocUrls: await temporaryUrls(doc.form.approvalDocs, DOCUMENT_URL_SECONDS),
    inspections: doc.inspections.map(inspectionOf),
    // Lets a reviewer check ownership against the roster without seeing the roster's name.
    rosterMatch: unit ? unit.ownerName === doc.applicantName : undefined,
    agreementSignedAt: new Date(doc.agreementSignedAt).toISOString(),
    completedAt: doc.completedAt ? new Date(doc.completedAt).toISOString() : undefined,
    acceptedByName: doc.acceptedByName,
    version: doc.version,
  };
}

async function loadRenovation(renovationId: string): Promise<RenovationDocument> {
  const found = await findById<RenovationDocument>('renovations', renovationId);
  if (!found) throw notFound('装修申请不存在');
  return found;
}

const renovations = {
  policy: renovationPolicy,
  load: loadRenovation,
  versionOf: (doc: RenovationDocument) => doc.version,
  stale: '申请已被更新，请刷新后重试',
};

async function audienceFor(caller: Caller, doc: RenovationDocument): Promise<'owner' | 'staff'> {
  if (doc.applicantOpenid === caller.openid) return 'owner';
  if (holdsAny(await caller.grants(), [...RECORDS_DESK, 'tech'], doc.communityId)) return 'staff';
  throw forbidden('您无权查看该装修申请');
}

/** Renovation is the owner's: a verified owner of the unit, not family, tenants or others. */
async function verifiedOwner(caller: Caller, unitId: string): Promise<BindingDocument> {
  const [binding] = await find<BindingDocument>('bindings', { openid: caller.openid, unitId, status: 'approved', relation: 'owner' }, { limit: 1 });
  if (!binding) throw forbidden('只有通过认证的业主本人可以为该房屋申请装修');
  return binding;
}

async function snapshot(transaction: Transaction, doc: RenovationDocument, now: Date): Promise<void> {
  await transaction.insert('renovationRevisions', {
    _id: `${doc._id}:${doc.revisionCount}`,
    renovationId: doc._id,
    revision: doc.revisionCount,
    form: doc.form,
    submittedAt: now,
  });
}

/** The desk is told of each submission (its revision in the key: a resubmission is new work). */
async function alertReviewersOf(renovationId: string, communityId: string, unit: string, revision: number, now: Date): Promise<void> {
  await alertReviewers(
    'renovationReview',
    `${renovationId}:review-${revision}`,
    communityId,
    { type: 'renovation', id: renovationId, number: dayNumber('ZX', now), title: `装修申请·${unit}` },
    pagePath('packages/staff/pages/renovation/index', { id: renovationId }),
    now,
  );
}

async function tellOwner(doc: RenovationDocument, step: string, phrase: string, now: Date): Promise<void> {
  await sendStatusMessage({
    key: `${doc._id}:${doc.applicantOpenid}:${step}`,
    purpose: 'progress',
    subjectId: doc._id,
    touser: doc.applicantOpenid,
    number: doc.permitNo ?? doc._id,
    title: `装修申请·${doc.unitLabel}`,
    phrase,
    at: now,
    page: pagePath('pages/renovation/detail', { id: doc._id }),
  });
}

export const renovationTerms: Route<'renovation.terms'> = {
  access: anyone(),
  input: z.strictObject({}),
  async handle(_input, { now }) {
    return { ...TERMS, today: chinaDate(now) };
  },
};

/** An application in these states is open: a home has at most one. */
const OPEN: RenovationStatus[] = ['submitted', 'needs-more', 'approved'];
const HOME_BUSY = '该房屋已有进行中的装修申请';

/**
 * `counters/renovation-open:<unitId>`: the home's newest application. Claimed in the transaction
 * that stores a new one, so two sent at once (two owners of one home) cannot both pass the check
 * above: the second transaction conflicts, runs again, and finds the first one open. A closed
 * application's claim is simply taken over; nothing has to release it.
 */
async function claimHome(transaction: Transaction, doc: RenovationDocument): Promise<void> {
  const key = `renovation-open:${doc.unitId}`;
  const claim = await transaction.get<{ renovationId: string }>('counters', key);
  if (claim && claim.renovationId !== doc._id) {
    const held = await transaction.get<RenovationDocument>('renovations', claim.renovationId);
    if (held && OPEN.includes(held.status)) throw conflict(HOME_BUSY);
  }
  await transaction.set('counters', key, { renovationId: doc._id });
}

export const apply: Route<'renovation.apply'> = {
  access: anyone('须为该房屋已认证的业主本人（家属、租户不可）'),
  input: formSchema,
  idempotent: true,
  async handle(form, { caller, now, request }) {
    const idempotent = requestOf(request);
    const unit = await loadUnit(form.unitId);
    const binding = await verifiedOwner(caller, unit._id);
    assertOwnFiles(caller, [...form.attachments, ...form.approvalDocs]);
    if (form.startDate < chinaDate(now)) throw new AppError('VALIDATION', '开工日期不能早于今天');
    const open = await find<RenovationDocument>('renovations', { unitId: unit._id, status: command().in(OPEN) }, { limit: 1 });
    if (open.length) throw conflict(HOME_BUSY);
    const doc: RenovationDocument = {
      _id: idempotent.idFor('r'),
      communityId: unit.communityId,
      unitId: unit._id,
      unitLabel: unitLabel(unit),
      applicantOpenid: caller.openid,
      applicantName: binding.name,
      form,
      extinguishersRequired: requiredExtinguishers(form.areaCenti),
      status: 'submitted',
      reason: '',
      revisionCount: 1,
      inspections: [],
      agreementSignedAt: now,
      submittedAt: now,
      updatedAt: now,
      version: 1,
    };
    const detail = await detailOf(doc, 'owner', now, await caller.viewer());
    // The application, its first revision and the request's result: stored together or not at all.
    const stored = await atomically(['renovations', 'renovationRevisions', 'requests', 'counters'], async (transaction) => {
      const earlier = await idempotent.earlier<RenovationDetail>(transaction);
      if (earlier) return earlier;
      await claimHome(transaction, doc);
      await transaction.insert('renovations', { ...doc });
      await snapshot(transaction, doc, now);
      return idempotent.finish(transaction, detail);
    });
    await alertReviewersOf(stored.id, stored.communityId, stored.unitLabel, 1, now);
    return stored;
  },
};

export const resubmit: Route<'renovation.resubmit'> = onRecord(renovations, {
  actions: ['resubmit'],
  input: resubmitSchema,
  idempotent: true,
  async handle(input, { caller, now, record: doc, request }) {
    const idempotent = requestOf(request);
    const { id: renovationId, version: expected, ...form } = input;
    if (form.unitId !== doc.unitId) throw new AppError('VALIDATION', '不能更换房屋，请重新申请');
    await verifiedOwner(caller, doc.unitId);
    assertOwnFiles(caller, [...form.attachments, ...form.approvalDocs]);
    const viewer = await caller.viewer();
    const resubmitted = await atomically(['renovations', 'renovationRevisions', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<RenovationDetail>(transaction);
      if (earlier) return earlier;
      const current = await transaction.get<RenovationDocument>('renovations', renovationId);
      if (current?.version !== expected || current.status !== 'needs-more') throw conflict('申请已被更新，请刷新后重试');
      const next: RenovationDocument = {
        ...current,
        form,
        extinguishersRequired: requiredExtinguishers(form.areaCenti),
        status: 'submitted',
        reason: '',
        revisionCount: current.revisionCount + 1,
        agreementSignedAt: now,
        submittedAt: now,
        updatedAt: now,
        version: expected + 1,
      };
      const { _id, ...fields } = next;
      await transaction.set('renovations', _id, fields);
      await snapshot(transaction, next, now);
      return idempotent.finish(transaction, await detailOf(next, 'owner', now, viewer));
    });
    await alertReviewersOf(resubmitted.id, doc.communityId, doc.unitLabel, resubmitted.revisionCount, now);
    return resubmitted;
  },
});

export const myRenovations: Route<'renovation.mine'> = {
  access: anyone('只含本人的申请'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const docs = await find<RenovationDocument>('renovations', { applicantOpenid: caller.openid }, { orderBy: [['submittedAt', 'desc']], limit: 50 });
    const viewer = asResident(caller);
    return docs.map((doc) => summaryOf(doc, now, viewer));
  },
};

export const getRenovation: Route<'renovation.get'> = {
  access: anyone('申请人；本小区的客服、客服经理、管理员、维修'),
  input: z.strictObject({ id }),
  async handle({ id: renovationId }, { caller, now }) {
    const doc = await loadRenovation(renovationId);
    return detailOf(doc, await audienceFor(caller, doc), now, await caller.viewer());
  },
};

export const renovationQueue: Route<'renovation.queue'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, status: z.enum(['submitted', 'needs-more', 'approved', 'rejected', 'completed']).optional(), cursor }),
  async handle({ communityId, status, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const base = { communityId, ...(status ? { status } : {}) };
    const where = after ? (command().and([base, afterCursor('submittedAt', 'desc', after)]) as unknown as Where) : base;
    const docs = await find<RenovationDocument>('renovations', where, {
      orderBy: [
        ['submittedAt', 'desc'],
        ['_id', 'desc'],
      ],
      limit: PAGE_SIZE,
    });
    const page: Page<RenovationSummary> = { items: docs.map((doc) => summaryOf(doc, now, viewer)) };
    const last = docs[docs.length - 1];
    if (docs.length === PAGE_SIZE) page.cursor = encodeCursor(new Date(last.submittedAt), last._id);
    return page;
  },
};

async function staffName(caller: Caller): Promise<string> {
  return (await caller.account())?.staffName || '物业人员';
}

export const reviewRenovation: Route<'renovation.review'> = onRecord(renovations, {
  actions: ['review'],
  input: z
    .strictObject({ id, version, decision: z.enum(['approve', 'reject', 'more']), reason: text(...LIMITS.renovation.reviewReason).optional() })
    .refine((input) => input.decision === 'approve' || Boolean(input.reason), { message: '驳回或要求补充时请说明原因', path: ['reason'] }),
  async handle({ id: renovationId, version: expected, decision, reason }, { caller, now, record: doc }) {
    const status: RenovationStatus = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'needs-more';
    // The permit number is taken in the transaction that approves: a refused approval takes none.
    await atomically(['renovations', 'counters'], async (transaction) => {
      const current = await transaction.get<RenovationDocument>('renovations', renovationId);
      if (current?.version !== expected || current.status !== 'submitted') throw conflict('该申请已被他人处理，请刷新');
      const permitNo = decision === 'approve' ? await takeDailyNumber(transaction, doc.communityId, 'XK', now) : undefined;
      await transaction.update('renovations', renovationId, {
        status,
        reason: reason ?? '',
        ...(permitNo ? { permitNo } : {}),
        reviewedBy: caller.openid,
        updatedAt: now,
        version: expected + 1,
      });
    });
    const next = await loadRenovation(renovationId);
    const phrase = { approved: '已批准', rejected: '未通过', 'needs-more': '需补充' } as const;
    await tellOwner(next, `review-${next.revisionCount}`, phrase[status as keyof typeof phrase], now);
    return detailOf(next, 'staff', now, await caller.viewer());
  },
});

const CHECK_CODES = new Set(INSPECTION_CHECKS.map((check) => check.code));

/** Seed 002 §11: inspections during the works; any failed check is a violation the owner is told of. */
export const inspect: Route<'renovation.inspect'> = onRecord(renovations, {
  actions: ['inspect'],
  input: z.strictObject({
    id,
    version,
    checks: z
      .array(z.strictObject({ code: z.string().max(40), result: z.enum(['pass', 'fail', 'na']), note: text(...LIMITS.renovation.checkNote) }))
      // One row per item of the checklist: an inspection record cannot grow beyond it.
      .max(INSPECTION_CHECKS.length, `检查项最多 ${INSPECTION_CHECKS.length} 项`)
      .refine((checks) => new Set(checks.map((check) => check.code)).size === checks.length, '检查项不能重复')
      .refine((checks) => checks.every((check) => CHECK_CODES.has(check.code)), '检查项须来自检查清单')
      // Seed 002 §11 逐项: every item of the list is recorded, none left out.
      .refine((checks) => checks.length === INSPECTION_CHECKS.length, `请逐项记录检查清单的全部 ${INSPECTION_CHECKS.length} 项（合格、不合格或不适用）`)
      .refine((checks) => checks.every((check) => check.result !== 'fail' || check.note.length >= 2), '不合格项请写明情况'),
    photos: z.array(fileId).max(COUNTS.inspectionPhotos),
  }),
  async handle({ id: renovationId, version: expected, checks, photos }, { caller, now }) {
    if (checks.some((check) => check.result === 'fail') && photos.length === 0) throw new AppError('VALIDATION', '有不合格项时请拍照留存现场情况');
    assertOwnFiles(caller, photos);
    const record: InspectionRecord = {
      id: randomUUID().replace(/-/g, '').slice(0, 16),
      at: now,
      inspectorOpenid: caller.openid,
      inspectorName: await staffName(caller),
      checks,
      photos,
      violation: checks.some((check) => check.result === 'fail'),
    };
    const changed = await update('renovations', { _id: renovationId, version: expected }, { inspections: command().push([record]), updatedAt: now, version: command().inc(1) });
    if (changed !== 1) throw conflict('申请已被更新，请刷新后重试');
    const next = await loadRenovation(renovationId);
    if (record.violation) await tellOwner(next, `violation-${record.id}`, '需整改', now);
    return detailOf(next, 'staff', now, await caller.viewer());
  },
});

export const fixViolation: Route<'renovation.fixViolation'> = onRecord(renovations, {
  actions: ['fixViolation'],
  input: z.strictObject({ id, version, inspectionId: z.string().min(1).max(32), note: text(...LIMITS.renovation.fixNote) }),
  async handle({ id: renovationId, version: expected, inspectionId, note }, { caller, now, record: doc }) {
    const index = doc.inspections.findIndex((inspection) => inspection.id === inspectionId);
    if (index < 0) throw notFound('巡查记录不存在');
    const inspection = doc.inspections[index];
    if (!inspection.violation || inspection.fixedAt) throw conflict('该巡查没有待整改的违规');
    const changed = await update(
      'renovations',
      { _id: renovationId, version: expected },
      {
        [`inspections.${index}.fixedAt`]: now,
        [`inspections.${index}.fixNote`]: note,
        [`inspections.${index}.fixedByName`]: await staffName(caller),
        updatedAt: now,
        version: command().inc(1),
      },
    );
    if (changed !== 1) throw conflict('申请已被更新，请刷新后重试');
    return detailOf(await loadRenovation(renovationId), 'staff', now, await caller.viewer());
  },
});

/** Completion acceptance (验收) closes the application; open violations must be fixed first. */
export const acceptCompletion: Route<'renovation.accept'> = onRecord(renovations, {
  actions: ['acceptCompletion'],
  input: z.strictObject({ id, version, note: text(...LIMITS.renovation.acceptNote) }),
  async handle({ id: renovationId, version: expected, note }, { caller, now }) {
    const changed = await update(
      'renovations',
      { _id: renovationId, version: expected, status: 'approved' },
      { status: 'completed', completedAt: now, acceptedByName: await staffName(caller), reason: note, updatedAt: now, version: command().inc(1) },
    );
    if (changed !== 1) throw conflict('申请已被更新，请刷新后重试');
    const next = await loadRenovation(renovationId);
    await tellOwner(next, 'completed', '已验收', now);
    return detailOf(next, 'staff', now, await caller.viewer());
  },
});
