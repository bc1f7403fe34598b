import { z } from 'zod';
import type { FileLoan, FileLoanRequest, LentFile, LoanSubject, Signature } from '../../../../typings/fileLoans';
import { LIMITS, COUNTS } from '../../../../miniprogram/shared/limits';
import { addDays } from '../../../../miniprogram/shared/billing';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { BORROWERS, FILE_KEEPERS, inCommunity, onRecord } from '../access';
import { holdsAny, type Caller } from '../caller';
import { homeFile } from '../communities/unitFile';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, findById, updateVersioned, type Where } from '../db';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import { logAccess } from '../privacy/accessLog';
import type { Route } from '../router';
import { takeDailyNumber } from '../tickets/numbers';
import { atomically } from '../transaction';
import { calendarDate, cursor, id, text, version } from '../validation';
import { fileLoanPolicy, isOverdue, type FileLoanState } from './policy';

/**
 * Seed 001 三(一)2–3, 002 §2 ¶6: the lending list of confidential files (《文件/资料/记录借阅清单》).
 * Staff of a community ask to borrow a home's file (户档案) or company records; the CS manager
 * approves; a government authority's query, registered by the desk with the officer's document it
 * checked, also needs the general manager's consent. The keeper records the hand-out and the
 * return. A lent home's file is read in the app by its borrower until the due date, and every
 * opening is written to the personal-data access log; so is the hand-out of a home's file to an
 * authority, whose officer reads it at the desk.
 */
interface StoredSignature {
  name: string;
  openid: string;
  at: Date;
  note?: string;
}

interface FileLoanDocument extends FileLoanState {
  _id: string;
  number: string;
  subject: LoanSubject;
  purpose: string;
  authority?: FileLoan['authority'];
  borrowerName: string;
  requestedAt: Date;
  managerApproval?: StoredSignature;
  headApproval?: StoredSignature;
  refusal?: StoredSignature;
  lent?: StoredSignature;
  returned?: StoredSignature;
  version: number;
}

const signature = (stored: StoredSignature | undefined): Signature | undefined =>
  stored ? { name: stored.name, at: new Date(stored.at).toISOString(), ...(stored.note ? { note: stored.note } : {}) } : undefined;

function toLoan(doc: FileLoanDocument, viewer: Viewer, now: Date): FileLoan {
  const signatures = { managerApproval: doc.managerApproval, headApproval: doc.headApproval, refusal: doc.refusal, lent: doc.lent, returned: doc.returned };
  return {
    id: doc._id,
    communityId: doc.communityId,
    number: doc.number,
    subject: doc.subject,
    purpose: doc.purpose,
    dueOn: doc.dueOn,
    ...(doc.authority ? { authority: doc.authority } : {}),
    borrowerName: doc.borrowerName,
    requestedAt: new Date(doc.requestedAt).toISOString(),
    status: doc.status,
    ...Object.fromEntries(Object.entries(signatures).flatMap(([key, stored]) => (stored ? [[key, signature(stored)]] : []))),
    overdue: isOverdue(doc, now),
    version: doc.version,
    allowed: allowedActions(fileLoanPolicy, doc, viewer, now),
  };
}

async function loadLoan(loanId: string): Promise<FileLoanDocument> {
  const found = await findById<FileLoanDocument>('fileLoans', loanId);
  if (!found) throw notFound('借阅记录不存在');
  return found;
}

const loans = { policy: fileLoanPolicy, load: loadLoan, versionOf: (doc: FileLoanDocument) => doc.version, stale: '借阅记录已被他人更新，请刷新后重试' };

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

const signed = async (caller: Caller, now: Date, note: string): Promise<StoredSignature> => ({ name: await staffName(caller), openid: caller.openid, at: now, ...(note ? { note } : {}) });

const limits = LIMITS.fileLoan;

const requestInput = z.strictObject({
  communityId: id,
  subject: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('unit'), unitId: id }), z.strictObject({ kind: z.literal('records'), title: text(...limits.recordsTitle) })]),
  purpose: text(...limits.purpose),
  dueOn: calendarDate,
  authority: z
    .strictObject({
      body: text(...limits.body),
      officerName: text(...LIMITS.personName),
      documentType: text(...limits.documentType),
      documentNumber: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9\-()（）]+$/, '证件编号只能包含字母、数字和括号')
        .min(limits.documentNumber[0], `证件编号至少 ${limits.documentNumber[0]} 位`)
        .max(limits.documentNumber[1], `证件编号不能超过 ${limits.documentNumber[1]} 位`),
      checked: z.literal(true, '请先核对查询人出示的合法证件'),
    })
    .optional(),
}) satisfies z.ZodType<FileLoanRequest>;

/** The subject as the register keeps it: a home of this community by its label, or records by title. */
async function subjectOf(communityId: string, subject: FileLoanRequest['subject']): Promise<LoanSubject> {
  if (subject.kind === 'records') return subject;
  const unit = await loadUnit(subject.unitId);
  if (unit.communityId !== communityId) throw new AppError('VALIDATION', '该房屋不属于本小区');
  return { kind: 'unit', unitId: unit._id, label: unitLabel(unit) };
}

export const requestLoan: Route<'fileLoan.request'> = {
  access: inCommunity(BORROWERS, (input) => input.communityId),
  input: requestInput,
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const today = chinaDate(now);
    if (input.dueOn < today) throw new AppError('VALIDATION', '归还日期不能早于今天');
    if (input.dueOn > addDays(today, COUNTS.loanMaxDays)) throw new AppError('VALIDATION', `借阅期限最长 ${COUNTS.loanMaxDays} 天`);
    const { authority } = input;
    const words = [input.purpose, input.subject.kind === 'records' ? input.subject.title : '', authority ? `${authority.body}\n${authority.documentType}` : ''];
    await assertSafeText(caller.openid, words.filter(Boolean).join('\n'));
    const subject = await subjectOf(input.communityId, input.subject);
    const idempotent = requestOf(request);
    const name = await staffName(caller);
    const viewer = await caller.viewer();
    return atomically(['fileLoans', 'counters', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<FileLoan>(transaction);
      if (earlier) return earlier;
      const doc: FileLoanDocument = {
        _id: idempotent.idFor('l'),
        communityId: input.communityId,
        number: await takeDailyNumber(transaction, input.communityId, 'JY', now),
        subject,
        purpose: input.purpose,
        dueOn: input.dueOn,
        ...(authority ? { authority: { body: authority.body, officerName: authority.officerName, documentType: authority.documentType, documentNumber: authority.documentNumber } } : {}),
        borrowerOpenid: caller.openid,
        borrowerName: name,
        requestedAt: now,
        status: 'requested',
        version: 1,
      };
      await transaction.insert('fileLoans', { ...doc });
      return idempotent.finish(transaction, toLoan(doc, viewer, now));
    });
  },
};

const stepInput = (note: readonly [number, number]) => z.strictObject({ id, version, note: text(...note) });

/** Saves a step and answers the loan as it now is. */
async function saved(doc: FileLoanDocument, expected: number, changes: Partial<FileLoanDocument>, caller: Caller, now: Date): Promise<FileLoan> {
  if (!(await updateVersioned('fileLoans', doc._id, expected, changes as Record<string, unknown>))) throw conflict(loans.stale);
  return toLoan(await loadLoan(doc._id), await caller.viewer(), now);
}

async function checkedNote(caller: Caller, note: string): Promise<void> {
  if (note) await assertSafeText(caller.openid, note);
}

export const approveLoan: Route<'fileLoan.approve'> = onRecord(loans, {
  actions: ['approve'],
  input: stepInput(limits.note),
  async handle(input, { caller, now, record: doc }) {
    await checkedNote(caller, input.note);
    // An authority's query waits for the general manager as well.
    const status = doc.authority && !doc.headApproval ? 'requested' : 'approved';
    return saved(doc, input.version, { managerApproval: await signed(caller, now, input.note), status }, caller, now);
  },
});

export const consentToQuery: Route<'fileLoan.consent'> = onRecord(loans, {
  actions: ['consent'],
  input: stepInput(limits.note),
  async handle(input, { caller, now, record: doc }) {
    await checkedNote(caller, input.note);
    return saved(doc, input.version, { headApproval: await signed(caller, now, input.note), status: doc.managerApproval ? 'approved' : 'requested' }, caller, now);
  },
});

export const refuseLoan: Route<'fileLoan.refuse'> = onRecord(loans, {
  actions: ['refuse'],
  input: stepInput(limits.refusal),
  async handle(input, { caller, now, record: doc }) {
    await checkedNote(caller, input.note);
    return saved(doc, input.version, { refusal: await signed(caller, now, input.note), status: 'refused' }, caller, now);
  },
});

export const lendFile: Route<'fileLoan.lend'> = onRecord(loans, {
  actions: ['lend'],
  input: stepInput(limits.note),
  async handle(input, { caller, now, record: doc }) {
    await checkedNote(caller, input.note);
    const loan = await saved(doc, input.version, { lent: await signed(caller, now, input.note), status: 'lent' }, caller, now);
    // The officer reads the home's file at the desk: the hand-out is that view.
    if (doc.authority && doc.subject.kind === 'unit') {
      await logAccess({
        communityId: doc.communityId,
        actorOpenid: caller.openid,
        actorName: await staffName(caller),
        kind: 'view',
        subject: doc.subject.label,
        fields: ['户档案'],
        reason: `${doc.number} ${doc.authority.body}查询（${doc.authority.documentType} ${doc.authority.documentNumber}）：${doc.purpose}`,
        at: now,
      });
    }
    return loan;
  },
});

export const returnFile: Route<'fileLoan.return'> = onRecord(loans, {
  actions: ['return'],
  input: stepInput(limits.note),
  async handle(input, { caller, now, record: doc }) {
    await checkedNote(caller, input.note);
    return saved(doc, input.version, { returned: await signed(caller, now, input.note), status: 'returned' }, caller, now);
  },
});

/** The borrower opens the lent home's file, read-only; each opening is an entry of the access log. */
export const readLentFile: Route<'fileLoan.read'> = onRecord(loans, {
  actions: ['read'],
  input: z.strictObject({ id }),
  async handle(_input, { caller, now, record: doc }): Promise<LentFile> {
    if (doc.subject.kind !== 'unit') throw notFound('借阅的不是户档案');
    const viewer = await caller.viewer();
    const file = await homeFile(doc.subject.unitId, viewer, now);
    await logAccess({
      communityId: doc.communityId,
      actorOpenid: caller.openid,
      actorName: doc.borrowerName,
      kind: 'view',
      subject: doc.subject.label,
      fields: ['户档案'],
      reason: `借阅 ${doc.number}：${doc.purpose}`,
      at: now,
    });
    return { loan: toLoan(doc, viewer, now), file };
  },
});

const PAGE_SIZE = 20;

/** Lent and not back by the due date (the register's 逾期 filter and the workbench's count). */
export const overdueLoansWhere = (communityId: string, now: Date): Where => ({ communityId, status: 'lent', dueOn: command().lt(chinaDate(now)) });

/** Loans waiting for this approver: the CS manager's approval, or the general manager's consent to a query. */
export function loansAwaitingWhere(communityId: string, approver: 'manager' | 'admin'): Where {
  const _ = command();
  return approver === 'manager'
    ? { communityId, status: 'requested', managerApproval: _.exists(false) }
    : { communityId, status: 'requested', 'authority.body': _.exists(true), headApproval: _.exists(false) };
}

/** Whether the caller keeps this community's files (reads the whole register) rather than borrowing. */
const keepsFiles = (viewer: Viewer, communityId: string): boolean => holdsAny(viewer.grants, FILE_KEEPERS, communityId);

export const listLoans: Route<'fileLoan.list'> = {
  access: inCommunity([...BORROWERS, 'admin'], (input) => input.communityId),
  input: z.strictObject({ communityId: id, filter: z.enum(['open', 'overdue', 'all']), cursor }),
  async handle({ communityId, filter, cursor: after }, { caller, now }) {
    const _ = command();
    const viewer = await caller.viewer();
    const where: Where = { communityId };
    // Customer service, who keeps no files, sees the loans they asked for.
    if (!keepsFiles(viewer, communityId)) where.borrowerOpenid = caller.openid;
    if (filter === 'open') where.status = _.in(['requested', 'approved', 'lent']);
    if (filter === 'overdue') Object.assign(where, overdueLoansWhere(communityId, now));
    return newestFirst<FileLoanDocument, FileLoan>('fileLoans', where, 'requestedAt', after, PAGE_SIZE, (doc) => toLoan(doc, viewer, now));
  },
};

export const getLoan: Route<'fileLoan.get'> = {
  access: inCommunity([...BORROWERS, 'admin'], async (input) => (await loadLoan(input.id)).communityId),
  input: z.strictObject({ id }),
  async handle({ id: loanId }, { caller, now }) {
    const doc = await loadLoan(loanId);
    const viewer = await caller.viewer();
    if (!keepsFiles(viewer, doc.communityId) && doc.borrowerOpenid !== caller.openid) throw forbidden('您没有该小区档案借阅的权限');
    return toLoan(doc, viewer, now);
  },
};
