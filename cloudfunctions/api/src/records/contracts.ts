import { z } from 'zod';
import type { Contract, ContractDetail, ContractFields, ContractTerm } from '../../../../typings/contracts';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { pagePath } from '../../../../miniprogram/shared/routes';
import { FILE_KEEPERS, inCommunity, onRecord } from '../access';
import { roleHolders } from '../accounts/holders';
import { raiseAlert } from '../alerts/alerts';
import type { Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, update, updateVersioned, type Where } from '../db';
import { EXPORT_LINK_SECONDS, assertOwnFiles, temporaryUrls } from '../files';
import { conflict, notFound } from '../errors';
import { requestOf } from '../idempotency';
import { earliestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import type { Route } from '../router';
import { takeDailyNumber } from '../tickets/numbers';
import { atomically } from '../transaction';
import { calendarDate, cursor, fileId, id, text, version } from '../validation';
import { assertOrder, daysFromToday, daysLeft, startOf, today } from './dates';
import { contractPolicy, type ContractState } from './policy';

/**
 * Seed 002 §2 ¶14 (设置合同清单，并注明合同有效期限): the contract list of a community — the other
 * party, what it is for, its term, its amount and the signed copy — with reminders to the managers
 * 60 and 30 days before a contract ends, and the contracts ending within 30 days or ended counted
 * on their workbench.
 */
interface ContractDocument extends ContractState, ContractFields {
  _id: string;
  number: string;
  /** The end date's first instant: the list's sort key. */
  endsAt: Date;
  /** The nearest reminder sent for the current end date: 60, 30, or 0 for none yet. */
  remindedDays: 0 | 30 | 60;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
  ended?: { name: string; note: string; at: Date };
  version: number;
}

/** How near the end a contract is when it is reminded of and counted as expiring. */
const EXPIRING_DAYS = 60;
const DUE_DAYS = 30;

const termOf = (left: number): ContractTerm => (left < 0 ? 'expired' : left <= EXPIRING_DAYS ? 'expiring' : 'valid');

function toContract(doc: ContractDocument, viewer: Viewer, now: Date): Contract {
  const left = daysLeft(now, doc.endOn);
  return {
    id: doc._id,
    communityId: doc.communityId,
    number: doc.number,
    party: doc.party,
    subject: doc.subject,
    startOn: doc.startOn,
    endOn: doc.endOn,
    amountFen: doc.amountFen,
    fileIds: doc.fileIds,
    status: doc.status,
    term: termOf(left),
    daysLeft: left,
    recordedByName: doc.recordedByName,
    recordedAt: new Date(doc.recordedAt).toISOString(),
    ...(doc.ended ? { ended: { name: doc.ended.name, note: doc.ended.note, at: new Date(doc.ended.at).toISOString() } } : {}),
    version: doc.version,
    allowed: allowedActions(contractPolicy, doc, viewer, now),
  };
}

async function loadContract(contractId: string): Promise<ContractDocument> {
  const found = await findById<ContractDocument>('contracts', contractId);
  if (!found) throw notFound('合同不存在');
  return found;
}

const contracts = { policy: contractPolicy, load: loadContract, versionOf: (doc: ContractDocument) => doc.version, stale: '合同已被他人更新，请刷新后重试' };

const limits = LIMITS.contract;
const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

const fields = {
  party: text(...limits.party),
  subject: text(...limits.subject),
  startOn: calendarDate,
  endOn: calendarDate,
  amountFen: z.number().int('金额须精确到分').min(0, '金额不能为负').max(100_000_000_000, '金额过大'),
  fileIds: z.array(fileId).max(COUNTS.contractFiles, `最多附 ${COUNTS.contractFiles} 个文件`),
};

async function checkFields(caller: Caller, input: ContractFields, keptFiles: readonly string[]): Promise<void> {
  assertOrder(input.startOn, input.endOn, '合同结束日期不能早于开始日期');
  // Files already attached were checked when they were attached, perhaps by someone else.
  assertOwnFiles(
    caller,
    input.fileIds.filter((file) => !keptFiles.includes(file)),
  );
  await assertSafeText(caller.openid, `${input.party}\n${input.subject}`);
}

const contractFields = (input: ContractFields): ContractFields => ({
  party: input.party,
  subject: input.subject,
  startOn: input.startOn,
  endOn: input.endOn,
  amountFen: input.amountFen,
  fileIds: [...new Set(input.fileIds)],
});

export const createContract: Route<'contract.create'> = {
  access: inCommunity(FILE_KEEPERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, ...fields }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    await checkFields(caller, input, []);
    const idempotent = requestOf(request);
    const name = await staffName(caller);
    const viewer = await caller.viewer();
    return atomically(['contracts', 'counters', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<Contract>(transaction);
      if (earlier) return earlier;
      const doc: ContractDocument = {
        _id: idempotent.idFor('c'),
        communityId: input.communityId,
        number: await takeDailyNumber(transaction, input.communityId, 'HT', now),
        ...contractFields(input),
        endsAt: startOf(input.endOn),
        remindedDays: 0,
        status: 'active',
        recordedBy: caller.openid,
        recordedByName: name,
        recordedAt: now,
        version: 1,
      };
      await transaction.insert('contracts', { ...doc });
      return idempotent.finish(transaction, toContract(doc, viewer, now));
    });
  },
};

export const updateContract: Route<'contract.update'> = onRecord(contracts, {
  actions: ['update'],
  input: z.strictObject({ id, version, ...fields }),
  async handle(input, { caller, now, record: doc }) {
    await checkFields(caller, input, doc.fileIds);
    // A new end date (a renewal) is reminded of afresh.
    const reminders = input.endOn === doc.endOn ? {} : { remindedDays: 0 };
    if (!(await updateVersioned('contracts', doc._id, input.version, { ...contractFields(input), endsAt: startOf(input.endOn), ...reminders }))) throw conflict(contracts.stale);
    return toContract(await loadContract(doc._id), await caller.viewer(), now);
  },
});

export const endContract: Route<'contract.end'> = onRecord(contracts, {
  actions: ['end'],
  input: z.strictObject({ id, version, note: text(...limits.endNote) }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, input.note);
    const ended = { name: await staffName(caller), note: input.note, at: now };
    if (!(await updateVersioned('contracts', doc._id, input.version, { status: 'ended', ended }))) throw conflict(contracts.stale);
    return toContract(await loadContract(doc._id), await caller.viewer(), now);
  },
});

/** In force and ending within 30 days, or past its end: what the managers' workbench counts. */
export const contractsDueWhere = (communityId: string, now: Date): Where => ({ communityId, status: 'active', endOn: command().lte(daysFromToday(now, DUE_DAYS)) });

export const listContracts: Route<'contract.list'> = {
  access: inCommunity(FILE_KEEPERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, filter: z.enum(['all', 'due']), cursor }),
  async handle({ communityId, filter, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const where = filter === 'due' ? contractsDueWhere(communityId, now) : { communityId };
    return earliestFirst<ContractDocument, Contract>('contracts', where, 'endsAt', after, 20, (doc) => toContract(doc, viewer, now));
  },
};

export const getContract: Route<'contract.get'> = {
  access: inCommunity(FILE_KEEPERS, async (input) => (await loadContract(input.id)).communityId),
  input: z.strictObject({ id }),
  async handle({ id: contractId }, { caller, now }): Promise<ContractDetail> {
    const doc = await loadContract(contractId);
    const urls = await temporaryUrls(doc.fileIds, EXPORT_LINK_SECONDS);
    return { ...toContract(doc, await caller.viewer(), now), files: doc.fileIds.map((fileID, index) => ({ fileID, url: urls[index] ?? '' })) };
  },
};

const BATCH = 50;

/**
 * The timer's part: each contract in force is reminded of once 60 days before its end and once 30
 * days before, to the community's managers. The alert's key names the end date, so a retried run
 * sends nothing twice, and `remindedDays` keeps later runs from looking at it again.
 */
export async function remindExpiringContracts(now: Date): Promise<number> {
  const _ = command();
  const within = (days: number) => _.and([_.gte(today(now)), _.lte(daysFromToday(now, days))]);
  // Not reminded yet and within 60 days, or reminded at 60 and now within 30.
  const due = _.or([
    { remindedDays: 0, endOn: within(EXPIRING_DAYS) },
    { remindedDays: EXPIRING_DAYS, endOn: within(DUE_DAYS) },
  ]) as unknown as Where;
  const candidates = await find<ContractDocument>('contracts', _.and([{ status: 'active' }, due]) as unknown as Where, { orderBy: [['endsAt', 'asc']], limit: BATCH });
  let reminded = 0;
  for (const doc of candidates) {
    const days = daysLeft(now, doc.endOn) <= DUE_DAYS ? DUE_DAYS : EXPIRING_DAYS;
    await raiseAlert({
      key: `${doc._id}:expiry-${days}-${doc.endOn}`,
      kind: days === DUE_DAYS ? 'contractExpiry30' : 'contractExpiry60',
      communityId: doc.communityId,
      subject: { type: 'contract', id: doc._id, number: doc.number, title: `${doc.party}·${doc.subject}` },
      phrase: '即将到期',
      lines: [`到期日：${doc.endOn}`],
      recipients: await roleHolders(doc, 'manager'),
      page: pagePath('packages/site/pages/contracts/index', { communityId: doc.communityId }),
      now,
    });
    await update('contracts', { _id: doc._id, endOn: doc.endOn }, { remindedDays: days });
    reminded += 1;
  }
  return reminded;
}
