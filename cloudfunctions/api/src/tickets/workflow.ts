import { z } from 'zod';
import type { ChargeItem, TicketDetail } from '../../../../typings/tickets';
import { onRecord } from '../access';
import { asResident, holdsAny, type Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { assertOwnFiles } from '../files';
import { AppError, notFound } from '../errors';
import type { Route } from '../router';
import { fileId, instant, text, id, version } from '../validation';
import { logAccess } from '../privacy/accessLog';
import { maskName } from '../privacy/masking';
import { repairCategoriesOf } from './priceList';
import { majorNoticeDue, repairDeadlines } from './deadlines';
import { loadCalendar } from '../time/schedules';
import { ticketRecords, type TicketDocument } from './model';
import { alertRole, alertStaff, notifyOwner } from './messages';
import { CONFIRMATION_SOURCE_LABELS, GRADE_LABELS, SATISFACTION_LABELS } from '../../../../miniprogram/shared/labels';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { sumFen, timesFen, yuanLabel } from '../../../../miniprogram/shared/money';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { describeStep } from './queries';
import { promisesFor } from './settings';
import { actorOf, transition, type Step } from './transition';
import type { Alert } from '../../../../typings/alerts';

/** The ticket as the step left it, for the staff member who took it, with the alerts the step raised. */
async function staffView(step: Step, caller: Caller, now: Date, raised: Alert[] = []): Promise<TicketDetail> {
  return describeStep(step, 'staff', now, await caller.viewer(), raised);
}

async function ownerView(step: Step, caller: Caller, now: Date): Promise<TicketDetail> {
  return describeStep(step, 'owner', now, asResident(caller));
}

export const acceptTicket: Route<'ticket.accept'> = onRecord(ticketRecords, {
  actions: ['accept'],
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now, record: ticket }) {
    const actor = await actorOf(caller, 'staff');
    const { ticket: next, event } = await transition(ticket, input.version, { status: 'accepted', acceptedAt: now }, { type: 'accepted', text: `${actor.name}已受理`, ownerVisible: true }, actor, now);
    // Nothing returns a ticket to 待受理: this step is accepted once.
    await notifyOwner(next, 'accepted', '已受理', now, true);
    return staffView({ ticket: next, event }, caller, now);
  },
});

export const gradeComplaint: Route<'ticket.grade'> = onRecord(ticketRecords, {
  actions: ['grade'],
  input: z.strictObject({ id, version, grade: z.enum(['general', 'serious', 'major']), group: z.boolean(), repeat: z.boolean() }),
  async handle(input, { caller, now, record: ticket }) {
    const actor = await actorOf(caller, 'staff');
    const flags = [input.group ? '群体投诉' : '', input.repeat ? '反复投诉' : ''].filter(Boolean).join('、');
    const deadlines = input.grade === 'major' && !ticket.deadlines.majorNoticeDue ? { ...ticket.deadlines, majorNoticeDue: majorNoticeDue(now, await loadCalendar()) } : ticket.deadlines;
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { grade: input.grade, flags: { group: input.group, repeat: input.repeat }, deadlines },
      { type: 'graded', text: `定级为${GRADE_LABELS[input.grade]}投诉${flags ? `（${flags}）` : ''}`, ownerVisible: false },
      actor,
      now,
    );
    const raised = input.grade === 'major' ? await alertRole(next, 'manager', 'major', 'major', '重大投诉', now) : [];
    return staffView({ ticket: next, event }, caller, now, raised);
  },
});

const technicianInput = z.strictObject({ id, version, technician: z.string().min(1).max(64) });

/** Sends the ticket to a technician of its community, and tells them and the owner. */
async function sendTo(ticket: TicketDocument, technicianOpenid: string, version: number, caller: Caller, now: Date): Promise<TicketDetail> {
  const technician = await caller.accountOf(technicianOpenid);
  if (!technician || !holdsAny(technician.grants, ['tech'], ticket.communityId)) throw notFound('该维修人员不在本小区');
  const actor = await actorOf(caller, 'staff');
  const reassigning = ticket.status === 'assigned';
  const { ticket: next, event } = await transition(
    ticket,
    version,
    { status: 'assigned', assignee: { openid: technician._id, name: technician.staffName } },
    { type: reassigning ? 'reassigned' : 'assigned', text: `${reassigning ? '改派' : '派单'}给维修人员${technician.staffName}`, ownerVisible: true },
    actor,
    now,
  );
  // The owner's message and the technician's alert go out together. A ticket never sent to anyone
  // (a reopened one goes back to its technician) has had no 已派单 message yet.
  const first = ticket.assignee ? undefined : true;
  const [, raised] = await Promise.all([notifyOwner(next, 'assigned', '已派单', now, first), alertStaff(next, 'dispatch', `assigned-${next.version}`, '新派单', now, [technician], true)]);
  return staffView({ ticket: next, event }, caller, now, raised);
}

export const assignTicket: Route<'ticket.assign'> = onRecord(ticketRecords, {
  actions: ['assign'],
  input: technicianInput,
  accounts: (input) => [input.technician],
  handle: (input, { caller, now, record: ticket }) => sendTo(ticket, input.technician, input.version, caller, now),
});

export const reassignTicket: Route<'ticket.reassign'> = onRecord(ticketRecords, {
  actions: ['reassign'],
  input: technicianInput,
  accounts: (input) => [input.technician],
  handle: (input, { caller, now, record: ticket }) => sendTo(ticket, input.technician, input.version, caller, now),
});

export const replyToTicket: Route<'ticket.reply'> = onRecord(ticketRecords, {
  actions: ['reply', 'note'],
  pick: (input) => (input.ownerVisible ? 'reply' : 'note'),
  input: z.strictObject({ id, version, text: text(...LIMITS.ticket.reply), ownerVisible: z.boolean() }),
  async handle(input, { caller, now, record: ticket }) {
    await assertSafeText(caller.openid, input.text);
    const actor = await actorOf(caller, 'staff');
    // The first reply the owner sees is the feedback the 2-working-day rule asks for.
    const patch: Partial<TicketDocument> = input.ownerVisible && !ticket.feedbackAt ? { feedbackAt: now } : {};
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      patch,
      { type: input.ownerVisible ? 'reply' : 'note', text: input.text, ownerVisible: input.ownerVisible },
      actor,
      now,
    );
    if (input.ownerVisible) await notifyOwner(next, 'replied', '已回复', now);
    return staffView({ ticket: next, event }, caller, now);
  },
});

export const proposeCharge: Route<'ticket.proposeCharge'> = onRecord(ticketRecords, {
  actions: ['proposeCharge'],
  input: z.strictObject({
    id,
    version,
    items: z.array(z.strictObject({ code: z.string().max(40), quantity: z.number().int().min(1).max(99) })).min(1).max(10),
  }),
  async handle(input, { caller, now, record: ticket }) {
    // Prices from the fee standard in force now; the charge keeps which version that was.
    const { categories, source } = await repairCategoriesOf(ticket.communityId);
    const items: ChargeItem[] = input.items.map(({ code, quantity }) => {
      const category = categories.find((item) => item.code === code && item.charged);
      if (!category) throw new AppError('VALIDATION', '收费项目须从价目表中选择');
      if (!category.published) throw new AppError('VALIDATION', `“${category.name}”的价格尚未在收费标准中公示，不能收费；请先由管理员在信息公示中发布`);
      return { code, name: category.name, priceFen: category.priceFen, quantity, amountFen: timesFen(category.priceFen, quantity) };
    });
    const totalFen = sumFen(items.map((item) => item.amountFen));
    const actor = await actorOf(caller, 'staff');
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { charge: { items, totalFen, status: 'proposed', ...(source ? { priceList: source } : {}) } },
      { type: 'charge-proposed', text: `有偿服务报价 ${yuanLabel(totalFen)}，请业主确认`, ownerVisible: true },
      actor,
      now,
    );
    await notifyOwner(next, 'charge', '费用待确认', now);
    return staffView({ ticket: next, event }, caller, now);
  },
});

export const respondToCharge: Route<'ticket.respondCharge'> = onRecord(ticketRecords, {
  actions: ['respondCharge'],
  input: z.strictObject({ id, version, accept: z.boolean() }),
  async handle(input, { caller, now, record: ticket }) {
    const actor = await actorOf(caller, 'owner');
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      // The policy let this through only with a proposed charge.
      { charge: { ...ticket.charge!, status: input.accept ? 'accepted' : 'refused' } },
      { type: input.accept ? 'charge-accepted' : 'charge-refused', text: input.accept ? '业主已同意费用' : '业主不同意费用', ownerVisible: true },
      actor,
      now,
    );
    return ownerView({ ticket: next, event }, caller, now);
  },
});

export const resolveTicket: Route<'ticket.resolve'> = onRecord(ticketRecords, {
  actions: ['resolve'],
  input: z.strictObject({ id, version, note: text(...LIMITS.ticket.resolveNote) }),
  async handle(input, { caller, now, record: ticket }) {
    await assertSafeText(caller.openid, input.note);
    const actor = await actorOf(caller, 'staff');
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { status: 'resolved', resolvedAt: now, confirmedByOwner: false, ...(ticket.feedbackAt ? {} : { feedbackAt: now }) },
      { type: 'resolved', text: `处理完成：${input.note}`, ownerVisible: true },
      actor,
      now,
    );
    await notifyOwner(next, `resolved-${next.reworkCount}`, '已完成', now);
    return staffView({ ticket: next, event }, caller, now);
  },
});

export const confirmTicket: Route<'ticket.confirm'> = onRecord(ticketRecords, {
  actions: ['confirm'],
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now, record: ticket }) {
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { confirmedByOwner: true, confirmation: { source: 'owner', at: now } },
      { type: 'confirmed', text: '业主确认已解决', ownerVisible: true },
      await actorOf(caller, 'owner'),
      now,
    );
    return ownerView({ ticket: next, event }, caller, now);
  },
});

/** Seed 002 §3: the desk judges whether a complaint is valid (有效投诉), with the reason; a later judgement replaces it. */
export const judgeValidity: Route<'ticket.judgeValidity'> = onRecord(ticketRecords, {
  actions: ['judgeValidity'],
  input: z.strictObject({ id, version, valid: z.boolean(), reason: text(...LIMITS.ticket.validityReason) }),
  async handle(input, { caller, now, record: ticket }) {
    await assertSafeText(caller.openid, input.reason);
    const actor = await actorOf(caller, 'staff');
    const verdict = input.valid ? '有效投诉' : '无效投诉';
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { validity: { valid: input.valid, reason: input.reason, byName: actor.name, at: now } },
      { type: 'validity', text: `${ticket.validity ? '改判为' : '判定为'}${verdict}：${input.reason}`, ownerVisible: false },
      actor,
      now,
    );
    return staffView({ ticket: next, event }, caller, now);
  },
});

/** The desk records a confirmation the owner gave by phone, intercom or on a visit: who answered, what they said. */
export const recordConfirmation: Route<'ticket.recordConfirmation'> = onRecord(ticketRecords, {
  actions: ['recordConfirmation'],
  input: z.strictObject({
    id,
    version,
    channel: z.enum(['phone', 'intercom', 'visit']),
    answeredBy: text(...LIMITS.ticket.answeredBy),
    said: text(...LIMITS.ticket.confirmationSaid),
  }),
  async handle(input, { caller, now, record: ticket }) {
    await assertSafeText(caller.openid, `${input.answeredBy}\n${input.said}`);
    const actor = await actorOf(caller, 'staff');
    const how = CONFIRMATION_SOURCE_LABELS[input.channel];
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { confirmedByOwner: true, confirmation: { source: input.channel, answeredBy: input.answeredBy, said: input.said, recordedBy: actor.name, at: now } },
      { type: 'confirmed', text: `业主确认已解决（${how}，${input.answeredBy}）：${input.said}`, ownerVisible: true },
      actor,
      now,
    );
    return staffView({ ticket: next, event }, caller, now);
  },
});

export const reopenTicket: Route<'ticket.reopen'> = onRecord(ticketRecords, {
  actions: ['reopen'],
  input: z.strictObject({ id, version, reason: text(...LIMITS.ticket.reopenReason) }),
  async handle(input, { caller, now, record: ticket }) {
    await assertSafeText(caller.openid, input.reason);
    const deadlines =
      ticket.kind === 'repair'
        ? { ...ticket.deadlines, ...repairDeadlines(now, ticket.urgency, await promisesFor(ticket.communityId)) }
        : ticket.deadlines;
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { status: ticket.assignee ? 'assigned' : 'accepted', reworkCount: ticket.reworkCount + 1, confirmedByOwner: false, deadlines },
      { type: 'reopened', text: `业主反馈问题未解决：${input.reason}（返修）`, ownerVisible: true },
      await actorOf(caller, 'owner'),
      now,
      ['resolvedAt', 'closedAt', 'confirmation', 'unanswered'],
    );
    await alertRole(next, 'cs', 'rework', `reopened-${next.reworkCount}`, '返修', now);
    return ownerView({ ticket: next, event }, caller, now);
  },
});

export const rateTicket: Route<'ticket.rate'> = onRecord(ticketRecords, {
  actions: ['rate'],
  input: z.strictObject({ id, version, score: z.number().int().min(1).max(5), comment: text(...LIMITS.ticket.comment) }),
  async handle(input, { caller, now, record: ticket }) {
    if (input.comment) await assertSafeText(caller.openid, input.comment);
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { rating: { score: input.score, comment: input.comment } },
      { type: 'rated', text: `业主评价 ${input.score} 星${input.comment ? `：${input.comment}` : ''}`, ownerVisible: true },
      await actorOf(caller, 'owner'),
      now,
    );
    return ownerView({ ticket: next, event }, caller, now);
  },
});

export const returnVisit: Route<'ticket.returnVisit'> = onRecord(ticketRecords, {
  actions: ['returnVisit'],
  input: z.strictObject({ id, version, satisfaction: z.enum(['satisfied', 'basic', 'unsatisfied']), note: text(...LIMITS.ticket.visitNote) }),
  async handle(input, { caller, now, record: ticket }) {
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { returnVisit: { satisfaction: input.satisfaction, note: input.note, at: now, by: caller.openid } },
      { type: 'return-visit', text: `回访：${SATISFACTION_LABELS[input.satisfaction]}。${input.note}`, ownerVisible: false },
      await actorOf(caller, 'staff'),
      now,
    );
    return staffView({ ticket: next, event }, caller, now);
  },
});

export const closeTicket: Route<'ticket.close'> = onRecord(ticketRecords, {
  actions: ['close'],
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now, record: ticket }) {
    const { ticket: next, event } = await transition(ticket, input.version, { status: 'closed', closedAt: now }, { type: 'closed', text: '工单已办结', ownerVisible: true }, await actorOf(caller, 'staff'), now);
    await notifyOwner(next, 'closed', '已办结', now);
    return staffView({ ticket: next, event }, caller, now);
  },
});

/** After the rework window, an owner who never answered: closed with the desk's contact attempts on record. */
export const closeUnanswered: Route<'ticket.closeUnanswered'> = onRecord(ticketRecords, {
  actions: ['closeUnanswered'],
  input: z.strictObject({ id, version, attempts: text(...LIMITS.ticket.unansweredAttempts) }),
  async handle(input, { caller, now, record: ticket }) {
    await assertSafeText(caller.openid, input.attempts);
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { status: 'closed', closedAt: now, unanswered: { attempts: input.attempts, at: now } },
      { type: 'closed', text: `业主未回复，工单办结。联系记录：${input.attempts}`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    await notifyOwner(next, 'closed', '已办结', now);
    return staffView({ ticket: next, event }, caller, now);
  },
});

/** A visit is agreed for the coming weeks, not for some far-off year. */
const VISIT_HORIZON_DAYS = 90;

/** Desk staff of the community, or the technician the ticket is assigned to (for visit steps). */
export const scheduleVisit: Route<'ticket.schedule'> = onRecord(ticketRecords, {
  actions: ['schedule'],
  input: z.strictObject({ id, version, at: instant }),
  async handle(input, { caller, now, record: ticket }) {
    const at = new Date(input.at);
    if (at.getTime() < now.getTime() - 60_000) throw new AppError('VALIDATION', '上门时间不能早于现在');
    if (at.getTime() > now.getTime() + VISIT_HORIZON_DAYS * 86_400_000) throw new AppError('VALIDATION', `上门时间须在 ${VISIT_HORIZON_DAYS} 天之内`);
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { appointmentAt: at, visitScheduledAt: now },
      { type: 'scheduled', text: `约定上门时间：${chinaMinute(at)}`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    // Each agreed (or changed) time is news to the owner.
    await notifyOwner(next, `scheduled-${now.getTime()}`, '已约上门', now);
    return staffView({ ticket: next, event }, caller, now);
  },
});

/** Seed 002 §7: no more than 5 minutes early, no more than 2 minutes late; every arrival is recorded. */
export const checkIn: Route<'ticket.checkIn'> = onRecord(ticketRecords, {
  actions: ['checkIn'],
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now, record: ticket }) {
    // The policy let this through only with an agreed time.
    const minutesOff = Math.round((now.getTime() - new Date(ticket.appointmentAt!).getTime()) / 60_000);
    const punctuality = minutesOff < -5 ? 'early' : minutesOff > 2 ? 'late' : 'on-time';
    const said = { 'on-time': '准时', early: `提前 ${-minutesOff} 分钟`, late: `迟到 ${minutesOff} 分钟` }[punctuality];
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { checkIn: { at: now, punctuality, minutesOff } },
      { type: 'check-in', text: `维修人员已到场（${said}）`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    return staffView({ ticket: next, event }, caller, now);
  },
});

export const recordWork: Route<'ticket.recordWork'> = onRecord(ticketRecords, {
  actions: ['recordWork'],
  input: z.strictObject({ id, version, note: text(...LIMITS.ticket.workNote), photos: z.array(fileId).max(COUNTS.workPhotos, `最多上传 ${COUNTS.workPhotos} 张照片`) }),
  async handle(input, { caller, now, record: ticket }) {
    assertOwnFiles(caller, input.photos);
    await assertSafeText(caller.openid, input.note);
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { workPhotos: [...(ticket.workPhotos ?? []), ...input.photos] },
      { type: 'work', text: `维修记录：${input.note}${input.photos.length ? `（照片 ${input.photos.length} 张）` : ''}`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    return staffView({ ticket: next, event }, caller, now);
  },
});

/** Seed 000 (一) 3: outside the remit, close only with an explanation and the right channel. */
export const closeOutOfScope: Route<'ticket.closeOutOfScope'> = onRecord(ticketRecords, {
  actions: ['closeOutOfScope'],
  input: z.strictObject({ id, version, explanation: text(...LIMITS.ticket.explanation), channel: text(...LIMITS.ticket.channel) }),
  async handle(input, { caller, now, record: ticket }) {
    await assertSafeText(caller.openid, `${input.explanation}\n${input.channel}`);
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { status: 'closed', closedAt: now, outOfScope: { explanation: input.explanation, channel: input.channel }, ...(ticket.feedbackAt ? {} : { feedbackAt: now }) },
      { type: 'out-of-scope', text: `不属于物业服务范围：${input.explanation}。建议您：${input.channel}`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    await notifyOwner(next, 'closed', '已办结', now);
    return staffView({ ticket: next, event }, caller, now);
  },
});

/** The contact phone is masked for staff; working the ticket, they may see it, and that view is logged. */
export const revealContact: Route<'ticket.contact'> = onRecord(ticketRecords, {
  actions: ['contact'],
  input: z.strictObject({ id }),
  async handle(_input, { caller, now, record: ticket }) {
    await logAccess({
      communityId: ticket.communityId,
      actorOpenid: caller.openid,
      actorName: (await caller.account())?.staffName ?? '',
      kind: 'view',
      subject: `${ticket.locationLabel} ${maskName(ticket.contactName)}`,
      ...(ticket.ownerOpenid ? { subjectOpenid: ticket.ownerOpenid } : {}),
      fields: ['联系电话'],
      reason: `联系业主处理工单 ${ticket.number}`,
      at: now,
    });
    return { name: ticket.contactName, phone: ticket.contactPhone };
  },
});

/** Seed 002 §4: a major complaint is reported to the departments concerned within 1 working day. */
export const notifyDepartments: Route<'ticket.notifyDepartments'> = onRecord(ticketRecords, {
  actions: ['notifyDepartments'],
  input: z.strictObject({ id, version, departments: text(...LIMITS.ticket.departments), note: text(...LIMITS.ticket.noticeNote) }),
  async handle(input, { caller, now, record: ticket }) {
    const { ticket: next, event } = await transition(
      ticket,
      input.version,
      { majorNoticeAt: now },
      { type: 'departments-notified', text: `已通报${input.departments}：${input.note}`, ownerVisible: false },
      await actorOf(caller, 'staff'),
      now,
    );
    return staffView({ ticket: next, event }, caller, now);
  },
});
