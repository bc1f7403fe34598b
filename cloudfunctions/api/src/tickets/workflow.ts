import { z } from 'zod';
import type { ChargeItem, TicketDetail } from '../../../../typings/tickets';
import { holdsAny, requireRole, type AccountDocument, type Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { findById } from '../db';
import { AppError, conflict, forbidden, notFound } from '../errors';
import type { Route } from '../router';
import { fileId, instant, text, id, version } from '../validation';
import { logAccess } from '../privacy/accessLog';
import { maskName } from '../privacy/masking';
import { DEFAULT_CATEGORIES } from './catalog';
import { deadlinesAtReceipt, majorNoticeDue } from './deadlines';
import { loadTicket, type TicketDocument } from './model';
import { notifyOwner, notifyRole, notifyStaffMember } from './messages';
import { chinaMinute } from '../time/calendar';
import { describeTicket } from './queries';
import { promisesFor } from './settings';
import { actorOf, transition } from './transition';

const DESK = ['cs', 'manager'] as const;

/** Days after resolution during which "not fixed" reopens the same ticket as rework (返修). */
export function reworkDays(): number {
  const configured = Number(process.env.REWORK_DAYS);
  return Number.isFinite(configured) && configured > 0 ? configured : 7;
}

async function deskTicket(caller: Caller, ticketId: string): Promise<TicketDocument> {
  const ticket = await loadTicket(ticketId);
  await requireRole(caller, DESK, ticket.communityId);
  return ticket;
}

/** The front desk of the ticket's community, or the technician it is assigned to. */
async function workerTicket(caller: Caller, ticketId: string): Promise<TicketDocument> {
  const ticket = await loadTicket(ticketId);
  const grants = await caller.grants();
  if (holdsAny(grants, DESK, ticket.communityId)) return ticket;
  if (holdsAny(grants, ['tech'], ticket.communityId) && ticket.assignee?.openid === caller.openid) return ticket;
  throw forbidden(holdsAny(grants, ['tech'], ticket.communityId) ? '该工单未派给您' : '您没有该小区的相应权限');
}

async function ownerTicket(caller: Caller, ticketId: string): Promise<TicketDocument> {
  const ticket = await loadTicket(ticketId);
  if (!ticket.ownerOpenid || ticket.ownerOpenid !== caller.openid) throw forbidden('只有提交人可以进行此操作');
  return ticket;
}

function requireStatus(ticket: TicketDocument, allowed: TicketDocument['status'][], message: string): void {
  if (!allowed.includes(ticket.status)) throw conflict(message);
}

const done = (ticket: TicketDocument, audience: 'owner' | 'staff', now: Date, caller: Caller): Promise<TicketDetail> =>
  describeTicket(ticket, audience, now, caller.openid);

export const acceptTicket: Route<'ticket.accept'> = {
  roles: DESK,
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now }) {
    const ticket = await deskTicket(caller, input.id);
    requireStatus(ticket, ['submitted'], '该工单已受理');
    const actor = await actorOf(caller, 'staff');
    const next = await transition(ticket, input.version, { status: 'accepted', acceptedAt: now }, { type: 'accepted', text: `${actor.name}已受理`, ownerVisible: true }, actor, now);
    await notifyOwner(next, 'accepted', '已受理', now);
    return done(next, 'staff', now, caller);
  },
};

export const gradeComplaint: Route<'ticket.grade'> = {
  roles: DESK,
  input: z.strictObject({ id, version, grade: z.enum(['general', 'serious', 'major']), group: z.boolean(), repeat: z.boolean() }),
  async handle(input, { caller, now }) {
    const ticket = await deskTicket(caller, input.id);
    if (ticket.kind !== 'complaint') throw new AppError('VALIDATION', '只有投诉需要分级');
    requireStatus(ticket, ['accepted', 'assigned', 'resolved'], '请先受理该投诉');
    const actor = await actorOf(caller, 'staff');
    const labels = { general: '一般', serious: '较重', major: '重大' } as const;
    const flags = [input.group ? '群体投诉' : '', input.repeat ? '反复投诉' : ''].filter(Boolean).join('、');
    const deadlines = input.grade === 'major' && !ticket.deadlines.majorNoticeDue ? { ...ticket.deadlines, majorNoticeDue: majorNoticeDue(now) } : ticket.deadlines;
    const next = await transition(
      ticket,
      input.version,
      { grade: input.grade, flags: { group: input.group, repeat: input.repeat }, deadlines },
      { type: 'graded', text: `定级为${labels[input.grade]}投诉${flags ? `（${flags}）` : ''}`, ownerVisible: false },
      actor,
      now,
    );
    if (input.grade === 'major') await notifyRole(next, 'manager', 'major', '重大投诉', now);
    return done(next, 'staff', now, caller);
  },
};

export const assignTicket: Route<'ticket.assign'> = {
  roles: DESK,
  input: z.strictObject({ id, version, technician: z.string().min(1).max(64) }),
  async handle(input, { caller, now }) {
    const ticket = await deskTicket(caller, input.id);
    requireStatus(ticket, ['accepted', 'assigned'], ticket.status === 'submitted' ? '请先受理该工单' : '该工单已完成，不能再派单');
    if (ticket.status === 'assigned') await requireRole(caller, ['manager'], ticket.communityId);
    const technician = await findById<AccountDocument>('accounts', input.technician);
    if (!technician || !holdsAny(technician.grants, ['tech'], ticket.communityId)) throw notFound('该维修人员不在本小区');
    const actor = await actorOf(caller, 'staff');
    const reassigning = ticket.status === 'assigned';
    const next = await transition(
      ticket,
      input.version,
      { status: 'assigned', assignee: { openid: technician._id, name: technician.staffName } },
      { type: reassigning ? 'reassigned' : 'assigned', text: `${reassigning ? '改派' : '派单'}给维修人员${technician.staffName}`, ownerVisible: true },
      actor,
      now,
    );
    await notifyOwner(next, 'assigned', '已派单', now);
    await notifyStaffMember(next, technician._id, `assigned-${next.version}`, '新派单', now);
    return done(next, 'staff', now, caller);
  },
};

export const replyToTicket: Route<'ticket.reply'> = {
  roles: ['cs', 'manager', 'tech'],
  input: z.strictObject({ id, version, text: text(2, 500), ownerVisible: z.boolean() }),
  async handle(input, { caller, now }) {
    const ticket = await workerTicket(caller, input.id);
    requireStatus(ticket, ['submitted', 'accepted', 'assigned', 'resolved'], '工单已办结');
    await assertSafeText(caller.openid, input.text);
    const actor = await actorOf(caller, 'staff');
    // The first reply the owner sees is the feedback the 2-working-day rule asks for.
    const patch: Partial<TicketDocument> = input.ownerVisible && !ticket.feedbackAt ? { feedbackAt: now } : {};
    const next = await transition(
      ticket,
      input.version,
      patch,
      { type: input.ownerVisible ? 'reply' : 'note', text: input.text, ownerVisible: input.ownerVisible },
      actor,
      now,
    );
    if (input.ownerVisible) await notifyOwner(next, 'replied', '已回复', now);
    return done(next, 'staff', now, caller);
  },
};

export const proposeCharge: Route<'ticket.proposeCharge'> = {
  roles: ['cs', 'manager', 'tech'],
  input: z.strictObject({
    id,
    version,
    items: z.array(z.strictObject({ code: z.string().max(40), quantity: z.number().int().min(1).max(99) })).min(1).max(10),
  }),
  async handle(input, { caller, now }) {
    const ticket = await workerTicket(caller, input.id);
    if (ticket.kind !== 'repair') throw new AppError('VALIDATION', '只有报修可以收费');
    requireStatus(ticket, ['assigned'], '请先派单再报价');
    if (ticket.charge?.status === 'accepted') throw conflict('业主已确认费用');
    const items: ChargeItem[] = input.items.map(({ code, quantity }) => {
      const category = DEFAULT_CATEGORIES.find((item) => item.code === code && item.charged);
      if (!category) throw new AppError('VALIDATION', '收费项目须从价目表中选择');
      return { code, name: category.name, priceFen: category.priceFen, quantity, amountFen: category.priceFen * quantity };
    });
    const totalFen = items.reduce((sum, item) => sum + item.amountFen, 0);
    const actor = await actorOf(caller, 'staff');
    const next = await transition(
      ticket,
      input.version,
      { charge: { items, totalFen, status: 'proposed' } },
      { type: 'charge-proposed', text: `有偿服务报价 ¥${(totalFen / 100).toFixed(2)}，请业主确认`, ownerVisible: true },
      actor,
      now,
    );
    await notifyOwner(next, 'charge', '费用待确认', now);
    return done(next, 'staff', now, caller);
  },
};

export const respondToCharge: Route<'ticket.respondCharge'> = {
  roles: 'anyone',
  input: z.strictObject({ id, version, accept: z.boolean() }),
  async handle(input, { caller, now }) {
    const ticket = await ownerTicket(caller, input.id);
    if (ticket.charge?.status !== 'proposed') throw conflict('没有待确认的费用');
    const actor = await actorOf(caller, 'owner');
    const next = await transition(
      ticket,
      input.version,
      { charge: { ...ticket.charge, status: input.accept ? 'accepted' : 'refused' } },
      { type: input.accept ? 'charge-accepted' : 'charge-refused', text: input.accept ? '业主已同意费用' : '业主不同意费用', ownerVisible: true },
      actor,
      now,
    );
    return done(next, 'owner', now, caller);
  },
};

export const resolveTicket: Route<'ticket.resolve'> = {
  roles: ['cs', 'manager', 'tech'],
  input: z.strictObject({ id, version, note: text(2, 500) }),
  async handle(input, { caller, now }) {
    const ticket = await workerTicket(caller, input.id);
    requireStatus(ticket, ['accepted', 'assigned'], ticket.status === 'submitted' ? '请先受理该工单' : '该工单已处理');
    if (ticket.charge?.status === 'proposed') throw conflict('业主尚未确认费用，不能开始有偿维修');
    await assertSafeText(caller.openid, input.note);
    const actor = await actorOf(caller, 'staff');
    const next = await transition(
      ticket,
      input.version,
      { status: 'resolved', resolvedAt: now, confirmedByOwner: false, ...(ticket.feedbackAt ? {} : { feedbackAt: now }) },
      { type: 'resolved', text: `处理完成：${input.note}`, ownerVisible: true },
      actor,
      now,
    );
    await notifyOwner(next, `resolved-${next.reworkCount}`, '已完成', now);
    return done(next, 'staff', now, caller);
  },
};

export const confirmTicket: Route<'ticket.confirm'> = {
  roles: 'anyone',
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now }) {
    const ticket = await ownerTicket(caller, input.id);
    requireStatus(ticket, ['resolved'], '工单尚未处理完成');
    const next = await transition(ticket, input.version, { confirmedByOwner: true }, { type: 'confirmed', text: '业主确认已解决', ownerVisible: true }, await actorOf(caller, 'owner'), now);
    return done(next, 'owner', now, caller);
  },
};

export const reopenTicket: Route<'ticket.reopen'> = {
  roles: 'anyone',
  input: z.strictObject({ id, version, reason: text(2, 200) }),
  async handle(input, { caller, now }) {
    const ticket = await ownerTicket(caller, input.id);
    requireStatus(ticket, ['resolved', 'closed'], '工单尚未处理完成');
    const resolvedAt = ticket.resolvedAt ? new Date(ticket.resolvedAt).getTime() : 0;
    if (now.getTime() - resolvedAt > reworkDays() * 86_400_000) {
      throw new AppError('CONFLICT', `已超过 ${reworkDays()} 天，请重新提交报修`);
    }
    await assertSafeText(caller.openid, input.reason);
    const deadlines =
      ticket.kind === 'repair'
        ? { ...ticket.deadlines, ...deadlinesAtReceipt('repair', now, ticket.urgency, await promisesFor(ticket.communityId)) }
        : ticket.deadlines;
    const next = await transition(
      ticket,
      input.version,
      { status: ticket.assignee ? 'assigned' : 'accepted', reworkCount: ticket.reworkCount + 1, confirmedByOwner: false, deadlines },
      { type: 'reopened', text: `业主反馈问题未解决：${input.reason}（返修）`, ownerVisible: true },
      await actorOf(caller, 'owner'),
      now,
      ['resolvedAt', 'closedAt'],
    );
    await notifyRole(next, 'cs', `reopened-${next.reworkCount}`, '返修', now);
    return done(next, 'owner', now, caller);
  },
};

export const rateTicket: Route<'ticket.rate'> = {
  roles: 'anyone',
  input: z.strictObject({ id, version, score: z.number().int().min(1).max(5), comment: text(0, 200) }),
  async handle(input, { caller, now }) {
    const ticket = await ownerTicket(caller, input.id);
    requireStatus(ticket, ['resolved', 'closed'], '处理完成后才能评价');
    if (ticket.rating) throw conflict('您已评价过该工单');
    if (input.comment) await assertSafeText(caller.openid, input.comment);
    const next = await transition(
      ticket,
      input.version,
      { rating: { score: input.score, comment: input.comment } },
      { type: 'rated', text: `业主评价 ${input.score} 星${input.comment ? `：${input.comment}` : ''}`, ownerVisible: true },
      await actorOf(caller, 'owner'),
      now,
    );
    return done(next, 'owner', now, caller);
  },
};

export const returnVisit: Route<'ticket.returnVisit'> = {
  roles: DESK,
  input: z.strictObject({ id, version, satisfaction: z.enum(['satisfied', 'basic', 'unsatisfied']), note: text(2, 300) }),
  async handle(input, { caller, now }) {
    const ticket = await deskTicket(caller, input.id);
    requireStatus(ticket, ['resolved'], '处理完成后才能回访');
    const labels = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } as const;
    const next = await transition(
      ticket,
      input.version,
      { returnVisit: { satisfaction: input.satisfaction, note: input.note, at: now, by: caller.openid } },
      { type: 'return-visit', text: `回访：${labels[input.satisfaction]}。${input.note}`, ownerVisible: false },
      await actorOf(caller, 'staff'),
      now,
    );
    return done(next, 'staff', now, caller);
  },
};

export const closeTicket: Route<'ticket.close'> = {
  roles: DESK,
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now }) {
    const ticket = await deskTicket(caller, input.id);
    requireStatus(ticket, ['resolved'], '处理完成后才能办结');
    if (ticket.kind === 'complaint' && !ticket.returnVisit) throw conflict('投诉须先回访再办结');
    const next = await transition(ticket, input.version, { status: 'closed', closedAt: now }, { type: 'closed', text: '工单已办结', ownerVisible: true }, await actorOf(caller, 'staff'), now);
    return done(next, 'staff', now, caller);
  },
};

/** A visit is agreed for the coming weeks, not for some far-off year. */
const VISIT_HORIZON_DAYS = 90;

/** Desk staff of the community, or the technician the ticket is assigned to (for visit steps). */
export const scheduleVisit: Route<'ticket.schedule'> = {
  roles: ['cs', 'manager', 'tech'],
  input: z.strictObject({ id, version, at: instant }),
  async handle(input, { caller, now }) {
    const ticket = await workerTicket(caller, input.id);
    requireStatus(ticket, ['accepted', 'assigned'], '该工单当前不能预约');
    const at = new Date(input.at);
    if (at.getTime() < now.getTime() - 60_000) throw new AppError('VALIDATION', '上门时间不能早于现在');
    if (at.getTime() > now.getTime() + VISIT_HORIZON_DAYS * 86_400_000) throw new AppError('VALIDATION', `上门时间须在 ${VISIT_HORIZON_DAYS} 天之内`);
    const next = await transition(
      ticket,
      input.version,
      { appointmentAt: at },
      { type: 'scheduled', text: `约定上门时间：${chinaMinute(at)}`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    return done(next, 'staff', now, caller);
  },
};

/** Seed 002 §7: no more than 5 minutes early, no more than 2 minutes late; every arrival is recorded. */
export const checkIn: Route<'ticket.checkIn'> = {
  roles: ['tech'],
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now }) {
    const ticket = await loadTicket(input.id);
    await requireRole(caller, ['tech'], ticket.communityId);
    if (ticket.assignee?.openid !== caller.openid) throw forbidden('该工单未派给您');
    requireStatus(ticket, ['assigned'], '该工单当前不需要上门');
    if (!ticket.appointmentAt) throw conflict('请先与业主约定上门时间');
    const minutesOff = Math.round((now.getTime() - new Date(ticket.appointmentAt).getTime()) / 60_000);
    const punctuality = minutesOff < -5 ? 'early' : minutesOff > 2 ? 'late' : 'on-time';
    const said = { 'on-time': '准时', early: `提前 ${-minutesOff} 分钟`, late: `迟到 ${minutesOff} 分钟` }[punctuality];
    const next = await transition(
      ticket,
      input.version,
      { checkIn: { at: now, punctuality, minutesOff } },
      { type: 'check-in', text: `维修人员已到场（${said}）`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    return done(next, 'staff', now, caller);
  },
};

export const recordWork: Route<'ticket.recordWork'> = {
  roles: ['cs', 'manager', 'tech'],
  input: z.strictObject({ id, version, note: text(2, 500), photos: z.array(fileId).max(9, '最多上传 9 张照片') }),
  async handle(input, { caller, now }) {
    const ticket = await workerTicket(caller, input.id);
    requireStatus(ticket, ['accepted', 'assigned'], '该工单当前不能记录维修');
    await assertSafeText(caller.openid, input.note);
    const next = await transition(
      ticket,
      input.version,
      { workPhotos: [...(ticket.workPhotos ?? []), ...input.photos] },
      { type: 'work', text: `维修记录：${input.note}${input.photos.length ? `（照片 ${input.photos.length} 张）` : ''}`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    return done(next, 'staff', now, caller);
  },
};

/** Seed 000 (一) 3: outside the remit, close only with an explanation and the right channel. */
export const closeOutOfScope: Route<'ticket.closeOutOfScope'> = {
  roles: DESK,
  input: z.strictObject({ id, version, explanation: text(10, 300), channel: text(2, 100) }),
  async handle(input, { caller, now }) {
    const ticket = await deskTicket(caller, input.id);
    requireStatus(ticket, ['submitted', 'accepted', 'assigned', 'resolved'], '工单已办结');
    await assertSafeText(caller.openid, `${input.explanation}\n${input.channel}`);
    const next = await transition(
      ticket,
      input.version,
      { status: 'closed', closedAt: now, outOfScope: { explanation: input.explanation, channel: input.channel }, ...(ticket.feedbackAt ? {} : { feedbackAt: now }) },
      { type: 'out-of-scope', text: `不属于物业服务范围：${input.explanation}。建议您：${input.channel}`, ownerVisible: true },
      await actorOf(caller, 'staff'),
      now,
    );
    await notifyOwner(next, 'closed', '已办结', now);
    return done(next, 'staff', now, caller);
  },
};

/** The contact phone is masked for staff; working the ticket, they may see it, and that view is logged. */
export const revealContact: Route<'ticket.contact'> = {
  roles: ['cs', 'manager', 'tech'],
  input: z.strictObject({ id }),
  async handle(input, { caller, now }) {
    const ticket = await workerTicket(caller, input.id);
    if (!ticket.contactPhone) throw notFound('业主已删除个人信息，无法查看联系方式');
    await logAccess({
      communityId: ticket.communityId,
      actorOpenid: caller.openid,
      actorName: (await caller.account())?.staffName ?? '',
      kind: 'view',
      subject: `${ticket.locationLabel} ${maskName(ticket.contactName)}`,
      fields: ['联系电话'],
      reason: `联系业主处理工单 ${ticket.number}`,
      at: now,
    });
    return { name: ticket.contactName, phone: ticket.contactPhone };
  },
};

/** Seed 002 §4: a major complaint is reported to the departments concerned within 1 working day. */
export const notifyDepartments: Route<'ticket.notifyDepartments'> = {
  roles: DESK,
  input: z.strictObject({ id, version, departments: text(2, 100), note: text(2, 300) }),
  async handle(input, { caller, now }) {
    const ticket = await deskTicket(caller, input.id);
    if (ticket.grade !== 'major') throw new AppError('VALIDATION', '只有重大投诉需要通报相关部门');
    if (ticket.majorNoticeAt) throw conflict('已通报过相关部门');
    const next = await transition(
      ticket,
      input.version,
      { majorNoticeAt: now },
      { type: 'departments-notified', text: `已通报${input.departments}：${input.note}`, ownerVisible: false },
      await actorOf(caller, 'staff'),
      now,
    );
    return done(next, 'staff', now, caller);
  },
};
