import { z } from 'zod';
import type { CareContact, CareContactResult, CareFilter, CarePerson, CareRow, CarePersonInput } from '../../../../typings/care';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { addDays } from '../../../../miniprogram/shared/billing';
import { CARE_CONDITION_LABELS, CARE_METHOD_LABELS } from '../../../../miniprogram/shared/labels';
import { pagePath } from '../../../../miniprogram/shared/routes';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { inCommunity, onRecord } from '../access';
import { roleHolders } from '../accounts/holders';
import { raiseAlert } from '../alerts/alerts';
import { holdsAny, type AccountDocument, type Caller } from '../caller';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, type Where } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { createOnce, requestOf } from '../idempotency';
import { earliestFirst } from '../paging';
import { allowedActions, enforce, type Viewer } from '../policy';
import { logAccess } from '../privacy/accessLog';
import { maskName } from '../privacy/masking';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { cursor, id, mobile, personName, text, version } from '../validation';
import { carePolicy, type CareState } from './policy';

/**
 * Seed 000 (九): the ledger (台账) of elderly people living alone or with no family near, disabled
 * people and households in hardship, each with the staff member responsible for them and a
 * contact plan — 每日联系、每周看望 by default. Each contact is recorded in a few taps; what is due
 * today is on the responsible person's workbench, a contact not recorded by the end of its day is
 * on the manager's, and an abnormal contact alerts the manager at once and shows the emergency
 * contact. The record holds health notes and phones: only its responsible staff, the manager and
 * the information keeper read it, and every reading is written to the access log.
 */

interface CarePersonDocument extends CareState {
  _id: string;
  name: string;
  category: CarePerson['category'];
  livingSituation: CarePerson['livingSituation'];
  /** '' when the person's home is not one of the roster's. */
  unitId: string;
  unitLabel: string;
  address: string;
  /** '' when they have no phone of their own. */
  phone: string;
  emergencyContact: CarePerson['emergencyContact'];
  healthNotes: string;
  consent: { by: 'self' | 'guardian'; recordedAt: Date; recordedByName: string };
  responsibleName: string;
  plan: CarePerson['plan'];
  createdOn: string;
  lastContactOn?: string;
  lastVisitOn?: string;
  contactDueOn: string;
  visitDueOn: string;
  /** China midnight of the earlier of the two due days: what the lists sort and filter on. */
  dueAt: Date;
  lastContact?: { at: Date; method: CareContact['method']; condition: CareContact['condition'] };
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

interface CareContactDocument {
  _id: string;
  personId: string;
  communityId: string;
  at: Date;
  method: CareContact['method'];
  condition: CareContact['condition'];
  note: string;
  by: string;
  byName: string;
}

/** China midnight starting `date`. */
const dayStart = (date: string): Date => new Date(`${date}T00:00:00+08:00`);

/** The next days due, from the last contact and visit (or the day the person was entered). */
function dueDays(doc: Pick<CarePersonDocument, 'plan' | 'createdOn' | 'lastContactOn' | 'lastVisitOn'>): Pick<CarePersonDocument, 'contactDueOn' | 'visitDueOn' | 'dueAt'> {
  const contactDueOn = doc.lastContactOn ? addDays(doc.lastContactOn, doc.plan.contactEveryDays) : doc.createdOn;
  const visitDueOn = addDays(doc.lastVisitOn ?? doc.createdOn, doc.plan.visitEveryDays);
  return { contactDueOn, visitDueOn, dueAt: dayStart(contactDueOn < visitDueOn ? contactDueOn : visitDueOn) };
}

function toRow(doc: CarePersonDocument, now: Date): CareRow {
  const today = dayStart(chinaDate(now)).getTime();
  const dueAt = new Date(doc.dueAt).getTime();
  return {
    id: doc._id,
    communityId: doc.communityId,
    maskedName: maskName(doc.name),
    category: doc.category,
    unitLabel: doc.unitLabel,
    responsibleName: doc.responsibleName,
    contactDueOn: doc.contactDueOn,
    visitDueOn: doc.visitDueOn,
    due: dueAt <= today,
    overdue: dueAt < today,
    ...(doc.lastContact ? { lastContact: { at: new Date(doc.lastContact.at).toISOString(), method: doc.lastContact.method, condition: doc.lastContact.condition } } : {}),
  };
}

const toContact = (doc: CareContactDocument): CareContact => ({ id: doc._id, at: new Date(doc.at).toISOString(), method: doc.method, condition: doc.condition, note: doc.note, byName: doc.byName });

const CONTACTS_SHOWN = 20;

async function toPerson(doc: CarePersonDocument, viewer: Viewer, now: Date): Promise<CarePerson> {
  const contacts = await find<CareContactDocument>('careContacts', { personId: doc._id }, { orderBy: [['at', 'desc']], limit: CONTACTS_SHOWN });
  return {
    ...toRow(doc, now),
    name: doc.name,
    livingSituation: doc.livingSituation,
    ...(doc.unitId ? { unitId: doc.unitId } : {}),
    address: doc.address,
    ...(doc.phone ? { phone: doc.phone } : {}),
    emergencyContact: doc.emergencyContact,
    healthNotes: doc.healthNotes,
    consent: { by: doc.consent.by, recordedAt: new Date(doc.consent.recordedAt).toISOString(), recordedByName: doc.consent.recordedByName },
    plan: doc.plan,
    responsibleOpenid: doc.responsibleOpenid,
    contacts: contacts.map(toContact),
    version: doc.version,
    allowed: allowedActions(carePolicy, doc, viewer, now),
  };
}

async function loadPerson(personId: string): Promise<CarePersonDocument> {
  const found = await findById<CarePersonDocument>('carePeople', personId);
  if (!found) throw notFound('关怀对象不存在');
  return found;
}

const people = { policy: carePolicy, load: loadPerson, versionOf: (doc: CarePersonDocument) => doc.version, stale: '关怀档案已被他人更新，请刷新后重试' };

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

/** Who reads whose record, for the access log (the subject masked, as the log's labels are). */
async function logView(doc: CarePersonDocument, caller: Caller, reason: string, now: Date): Promise<void> {
  await logAccess({
    communityId: doc.communityId,
    actorOpenid: caller.openid,
    actorName: await staffName(caller),
    kind: 'view',
    subject: `${doc.unitLabel ? `${doc.unitLabel} ` : ''}${maskName(doc.name)}`,
    fields: ['关怀档案', '紧急联系人', '健康备注'],
    reason,
    at: now,
  });
}

/** The ledger's lists: everyone due or overdue on a day is found by `dueAt` alone. */
export function careWhere(communityId: string, filter: CareFilter, now: Date, responsibleOpenid?: string): Where {
  const _ = command();
  const today = dayStart(chinaDate(now));
  const mine = responsibleOpenid ? { responsibleOpenid } : {};
  if (filter === 'today') return { communityId, ...mine, dueAt: _.lte(today) };
  if (filter === 'overdue') return { communityId, ...mine, dueAt: _.lt(today) };
  return { communityId, ...mine };
}

const PAGE_SIZE = 20;

export const listCare: Route<'care.list'> = {
  access: inCommunity(['cs', 'manager', 'infokeeper'], (input) => input.communityId),
  input: z.strictObject({ communityId: id, filter: z.enum(['all', 'today', 'overdue']), mine: z.boolean().optional(), cursor }),
  async handle({ communityId, filter, mine, cursor: after }, { caller, now }) {
    // Customer service see the people they are responsible for; the manager and the keeper the whole ledger.
    const whole = holdsAny(await caller.grants(), ['manager', 'infokeeper'], communityId);
    const where = careWhere(communityId, filter, now, mine || !whole ? caller.openid : undefined);
    return earliestFirst<CarePersonDocument, CareRow>('carePeople', where, 'dueAt', after, PAGE_SIZE, (doc) => toRow(doc, now));
  },
};

export const getCare: Route<'care.get'> = onRecord(people, {
  actions: ['view'],
  input: z.strictObject({ id }),
  async handle(_input, { caller, now, record: doc }) {
    await logView(doc, caller, '查看关怀档案', now);
    return toPerson(doc, await caller.viewer(), now);
  },
});

const personInput = z.strictObject({
  communityId: id,
  id: id.optional(),
  version: version.optional(),
  name: personName,
  category: z.enum(['emptyNest', 'aloneElderly', 'disabled', 'hardship']),
  livingSituation: z.enum(['alone', 'withSpouse', 'withFamily', 'other']),
  unitId: id.optional(),
  address: text(...LIMITS.care.address),
  phone: mobile.optional(),
  emergencyContact: z.strictObject({ name: personName, relation: text(...LIMITS.care.relation), phone: mobile }),
  healthNotes: text(...LIMITS.care.healthNotes),
  consent: z.strictObject({ given: z.literal(true, '须先征得本人或监护人同意登记'), by: z.enum(['self', 'guardian']) }),
  responsibleOpenid: z.string().min(1).max(64),
  plan: z.strictObject({
    contactEveryDays: z.number().int().min(1, '至少每天').max(COUNTS.careContactMaxDays, `联系间隔不能超过 ${COUNTS.careContactMaxDays} 天`),
    visitEveryDays: z.number().int().min(1, '至少每天').max(COUNTS.careVisitMaxDays, `看望间隔不能超过 ${COUNTS.careVisitMaxDays} 天`),
  }),
}) satisfies z.ZodType<CarePersonInput>;

/** The responsible staff member: customer service (or the manager) of the community. */
async function responsibleOf(openid: string, communityId: string): Promise<AccountDocument> {
  const holders = [...(await roleHolders({ communityId }, 'cs')), ...(await roleHolders({ communityId }, 'manager'))];
  const found = holders.find((holder) => holder._id === openid);
  if (!found) throw new AppError('VALIDATION', '负责人须是本小区的客服或客服经理');
  return found;
}

export const saveCare: Route<'care.save'> = {
  access: inCommunity(['manager'], (input) => input.communityId),
  input: personInput,
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const unit = input.unitId ? await loadUnit(input.unitId) : undefined;
    if (unit && unit.communityId !== input.communityId) throw notFound('房屋不存在，请重新选择');
    const responsible = await responsibleOf(input.responsibleOpenid, input.communityId);
    await assertSafeText(caller.openid, [input.address, input.emergencyContact.relation, input.healthNotes].join('\n'));
    const viewer = await caller.viewer();
    const fields = {
      name: input.name,
      category: input.category,
      livingSituation: input.livingSituation,
      unitLabel: unit ? unitLabel(unit) : '',
      address: input.address,
      emergencyContact: input.emergencyContact,
      healthNotes: input.healthNotes,
      responsibleOpenid: responsible._id,
      responsibleName: responsible.staffName || '客服',
      plan: input.plan,
      updatedAt: now,
    };
    if (input.id) {
      const doc = await loadPerson(input.id);
      if (doc.communityId !== input.communityId) throw notFound('关怀对象不存在');
      enforce(carePolicy, 'edit', doc, viewer, now);
      await atomically(['carePeople'], async (transaction) => {
        const current = await transaction.get<CarePersonDocument>('carePeople', doc._id);
        if (!current || current.version !== input.version) throw conflict(people.stale);
        await transaction.update('carePeople', doc._id, {
          ...fields,
          unitId: unit?._id ?? '',
          phone: input.phone ?? '',
          ...dueDays({ ...current, plan: input.plan }),
          version: current.version + 1,
        });
      });
      const saved = await loadPerson(doc._id);
      await logView(saved, caller, '修改关怀档案', now);
      return toPerson(saved, viewer, now);
    }
    const createdOn = chinaDate(now);
    const doc: CarePersonDocument = {
      _id: requestOf(request).idFor('cp'),
      communityId: input.communityId,
      ...fields,
      unitId: unit?._id ?? '',
      phone: input.phone ?? '',
      consent: { by: input.consent.by, recordedAt: now, recordedByName: await staffName(caller) },
      createdOn,
      ...dueDays({ plan: input.plan, createdOn }),
      createdAt: now,
      version: 1,
    };
    return createOnce(requestOf(request), 'carePeople', { ...doc }, await toPerson(doc, viewer, now));
  },
};

/**
 * One contact recorded. A visit (上门) is a contact too. An abnormal one alerts the community's
 * managers at once — once, keyed by the contact, however often the call is retried — and the
 * answer carries the emergency contact to call next.
 */
export const recordCare: Route<'care.record'> = onRecord(people, {
  actions: ['record'],
  input: z.strictObject({
    id,
    method: z.enum(['phone', 'wechat', 'visit']),
    condition: z.enum(['normal', 'abnormal']),
    note: text(...LIMITS.care.note),
  }),
  idempotent: true,
  async handle(input, { caller, now, request, record: doc }) {
    if (input.condition === 'abnormal' && !input.note) throw new AppError('VALIDATION', '情况异常时请写明异常情况');
    if (input.note) await assertSafeText(caller.openid, input.note);
    const idempotent = requestOf(request);
    const byName = await staffName(caller);
    const contactId = idempotent.idFor('cc');
    const today = chinaDate(now);
    await atomically(['carePeople', 'careContacts'], async (transaction) => {
      if (await transaction.get<CareContactDocument>('careContacts', contactId)) return;
      const current = await transaction.get<CarePersonDocument>('carePeople', doc._id);
      if (!current) throw notFound('关怀对象不存在');
      const contact: CareContactDocument = { _id: contactId, personId: doc._id, communityId: doc.communityId, at: now, method: input.method, condition: input.condition, note: input.note, by: caller.openid, byName };
      await transaction.insert('careContacts', { ...contact });
      const lastVisitOn = input.method === 'visit' ? today : current.lastVisitOn;
      await transaction.update('carePeople', doc._id, {
        lastContactOn: today,
        ...(lastVisitOn ? { lastVisitOn } : {}),
        ...dueDays({ plan: current.plan, createdOn: current.createdOn, lastContactOn: today, lastVisitOn }),
        lastContact: { at: now, method: input.method, condition: input.condition },
        version: current.version + 1,
        updatedAt: now,
      });
    });
    let alerted = false;
    if (input.condition === 'abnormal') {
      const raised = await raiseAlert({
        key: `care:${contactId}`,
        kind: 'careAbnormal',
        communityId: doc.communityId,
        subject: { type: 'care', id: doc._id, number: contactId.slice(0, 20), title: `${doc.unitLabel || '关怀对象'} ${maskName(doc.name)}情况异常` },
        phrase: '情况异常',
        lines: [`${CARE_METHOD_LABELS[input.method]}联系：${CARE_CONDITION_LABELS[input.condition]}`, `登记人：${byName}`],
        recipients: await roleHolders(doc, 'manager'),
        page: pagePath('packages/care/pages/person/index', { id: doc._id }),
        now,
      });
      alerted = raised !== undefined;
    }
    const saved = await loadPerson(doc._id);
    const result: CareContactResult = {
      person: await toPerson(saved, await caller.viewer(), now),
      alerted,
      ...(input.condition === 'abnormal' ? { emergencyContact: saved.emergencyContact } : {}),
    };
    return result;
  },
});
