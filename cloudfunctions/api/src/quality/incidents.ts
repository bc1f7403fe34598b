import { z } from 'zod';
import type { Incident } from '../../../../typings/incident';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { RECORDS_DESK, TICKET_DESK, inCommunity, onRecord } from '../access';
import type { Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, updateVersioned } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import type { Route } from '../router';
import type { TicketDocument } from '../tickets/model';
import { takeDailyNumber } from '../tickets/numbers';
import { atomically } from '../transaction';
import { calendarDate, cursor, id, text, version } from '../validation';
import { incidentPolicy, type IncidentState } from './policy';

/**
 * Seed 002 §3 ¶11–13: the register of service-quality incidents (质量事故). The desk records what
 * happened and the tickets it concerns, writes the cause, who was responsible, what was corrected
 * and what will prevent it, and the manager signs it off; signed, it no longer changes.
 */
interface IncidentDocument extends IncidentState {
  _id: string;
  number: string;
  title: string;
  occurredOn: string;
  description: string;
  tickets: { id: string; number: string }[];
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
  signedByName?: string;
  signedAt?: Date;
  signOffNote?: string;
  version: number;
}

function toIncident(doc: IncidentDocument, viewer: Viewer, now: Date): Incident {
  return {
    id: doc._id,
    communityId: doc.communityId,
    number: doc.number,
    title: doc.title,
    occurredOn: doc.occurredOn,
    description: doc.description,
    cause: doc.cause,
    responsibility: doc.responsibility,
    corrective: doc.corrective,
    preventive: doc.preventive,
    tickets: doc.tickets,
    status: doc.status,
    recordedByName: doc.recordedByName,
    recordedAt: new Date(doc.recordedAt).toISOString(),
    ...(doc.signedAt ? { signedByName: doc.signedByName, signedAt: new Date(doc.signedAt).toISOString(), signOffNote: doc.signOffNote ?? '' } : {}),
    version: doc.version,
    allowed: allowedActions(incidentPolicy, doc, viewer, now),
  };
}

async function loadIncident(incidentId: string): Promise<IncidentDocument> {
  const found = await findById<IncidentDocument>('incidents', incidentId);
  if (!found) throw notFound('事故记录不存在');
  return found;
}

const incidents = { policy: incidentPolicy, load: loadIncident, versionOf: (doc: IncidentDocument) => doc.version, stale: '事故记录已被他人更新，请刷新后重试' };

const ticketNumbers = z
  .array(
    z
      .string()
      .trim()
      .transform((value) => value.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}\d{8}-\d{4}$/, '工单编号格式如 BX20261123-0007')),
  )
  .max(20, '最多关联 20 张工单');

/** The tickets an incident names, which must be this community's. */
async function linkedTickets(communityId: string, numbers: string[]): Promise<IncidentDocument['tickets']> {
  const wanted = [...new Set(numbers)];
  if (!wanted.length) return [];
  const found = await find<TicketDocument>('tickets', { communityId, number: command().in(wanted) }, { limit: 20 });
  const missing = wanted.find((number) => !found.some((ticket) => ticket.number === number));
  if (missing) throw new AppError('VALIDATION', `本小区没有编号为 ${missing} 的工单`);
  return wanted.map((number) => ({ id: found.find((ticket) => ticket.number === number)!._id, number }));
}

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

export const recordIncident: Route<'incident.record'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    title: text(...LIMITS.incident.title),
    occurredOn: calendarDate,
    description: text(...LIMITS.incident.description),
    ticketNumbers,
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    await assertSafeText(caller.openid, `${input.title}\n${input.description}`);
    const tickets = await linkedTickets(input.communityId, input.ticketNumbers);
    const idempotent = requestOf(request);
    const name = await staffName(caller);
    const viewer = await caller.viewer();
    return atomically(['incidents', 'counters', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<Incident>(transaction);
      if (earlier) return earlier;
      const doc: IncidentDocument = {
        _id: idempotent.idFor('q'),
        communityId: input.communityId,
        number: await takeDailyNumber(transaction, input.communityId, 'SG', now),
        title: input.title,
        occurredOn: input.occurredOn,
        description: input.description,
        tickets,
        cause: '',
        responsibility: '',
        corrective: '',
        preventive: '',
        status: 'open',
        recordedBy: caller.openid,
        recordedByName: name,
        recordedAt: now,
        version: 1,
      };
      await transaction.insert('incidents', { ...doc });
      return idempotent.finish(transaction, toIncident(doc, viewer, now));
    });
  },
};

const analysisText = text(...LIMITS.incident.analysis);

export const analyseIncident: Route<'incident.analyse'> = onRecord(incidents, {
  actions: ['analyse'],
  input: z.strictObject({ id, version, cause: analysisText, responsibility: analysisText, corrective: analysisText, preventive: analysisText, ticketNumbers }),
  async handle(input, { caller, now, record: doc }) {
    const { cause, responsibility, corrective, preventive } = input;
    await assertSafeText(caller.openid, [cause, responsibility, corrective, preventive].join('\n'));
    const tickets = await linkedTickets(doc.communityId, input.ticketNumbers);
    if (!(await updateVersioned('incidents', doc._id, input.version, { cause, responsibility, corrective, preventive, tickets }))) throw conflict(incidents.stale);
    return toIncident(await loadIncident(doc._id), await caller.viewer(), now);
  },
});

export const signOffIncident: Route<'incident.signOff'> = onRecord(incidents, {
  actions: ['signOff'],
  input: z.strictObject({ id, version, note: text(...LIMITS.incident.signOffNote) }),
  async handle(input, { caller, now, record: doc }) {
    if (input.note) await assertSafeText(caller.openid, input.note);
    const signed = await updateVersioned('incidents', doc._id, input.version, { status: 'signed', signedByName: await staffName(caller), signedAt: now, signOffNote: input.note });
    if (!signed) throw conflict(incidents.stale);
    return toIncident(await loadIncident(doc._id), await caller.viewer(), now);
  },
});

const PAGE_SIZE = 20;

export const listIncidents: Route<'incident.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, status: z.enum(['open', 'signed']).optional(), cursor }),
  async handle({ communityId, status, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    return newestFirst<IncidentDocument, Incident>('incidents', { communityId, ...(status ? { status } : {}) }, 'recordedAt', after, PAGE_SIZE, (doc) => toIncident(doc, viewer, now));
  },
};

export const getIncident: Route<'incident.get'> = {
  access: inCommunity(RECORDS_DESK, async (input) => (await loadIncident(input.id)).communityId),
  input: z.strictObject({ id }),
  async handle({ id: incidentId }, { caller, now }) {
    return toIncident(await loadIncident(incidentId), await caller.viewer(), now);
  },
};
