import type { TicketAction } from '../../../../typings/actions';
import type { TicketKind, TicketStatus } from '../../../../typings/tickets';
import { holdsAny } from '../caller';
import type { Guard, Policy, Rule } from '../policy';
import type { TicketDocument } from './model';

/** Days after resolution during which "not fixed" reopens the same ticket as rework (返修). */
export function reworkDays(): number {
  const configured = Number(process.env.REWORK_DAYS);
  return Number.isFinite(configured) && configured > 0 ? configured : 7;
}

type Relation = 'requester' | 'assignee';
type TicketRule = Rule<TicketDocument, TicketStatus, Relation>;

const DESK = ['cs', 'manager'] as const;
const WORKERS = [...DESK, 'assignee'] as const;
const OPEN: TicketStatus[] = ['submitted', 'accepted', 'assigned', 'resolved'];
const IN_PROGRESS: TicketStatus[] = ['accepted', 'assigned'];
const DONE: TicketStatus[] = ['resolved', 'closed'];

const only = (kinds: TicketKind[], refuse: string): Guard<TicketDocument> => ({ refuse, blocks: (ticket) => !kinds.includes(ticket.kind) });

/** Visits and work records belong to repairs, or to anything a technician was sent to. */
const onSite: Guard<TicketDocument> = {
  refuse: '只有报修或已派单的工单需要上门维修',
  blocks: (ticket) => ticket.kind !== 'repair' && ticket.status !== 'assigned',
};

/** A visit agreed after the last check-in (or none yet) is still to be checked in to. */
const checkInDue: Guard<TicketDocument> = {
  refuse: '本次上门已签到；改约时间后可再次签到',
  blocks: (ticket) => {
    if (!ticket.checkIn) return false;
    return !ticket.visitScheduledAt || new Date(ticket.visitScheduledAt).getTime() <= new Date(ticket.checkIn.at).getTime();
  },
};

const requesterOnly = '只有提交人可以进行此操作';

/** Within the rework window (返修期) after resolution: the owner may still say it is not fixed. */
const reworkWindowOpen = (ticket: TicketDocument, now: Date): boolean =>
  Boolean(ticket.resolvedAt) && now.getTime() - new Date(ticket.resolvedAt!).getTime() <= reworkDays() * 86_400_000;

const alreadyConfirmed: Guard<TicketDocument> = { refuse: '业主已确认处理结果', blocks: (ticket) => ticket.confirmedByOwner };

const rules: Record<TicketAction, TicketRule> = {
  accept: { from: ['submitted'], by: DESK, wrongStatus: '该工单已受理' },
  grade: { from: ['accepted', 'assigned', 'resolved'], by: DESK, unless: [only(['complaint'], '只有投诉需要分级')], wrongStatus: '请先受理该投诉' },
  // Seed 002 §4: a major complaint is reported to the departments concerned within 1 working day.
  notifyDepartments: {
    from: ['accepted', 'assigned', 'resolved'],
    by: DESK,
    unless: [
      { refuse: '只有重大投诉需要通报相关部门', blocks: (ticket) => ticket.grade !== 'major' },
      { refuse: '已通报过相关部门', blocks: (ticket) => Boolean(ticket.majorNoticeAt) },
    ],
  },
  // Seed 002 §3: whether a complaint is valid (有效投诉) is judged and recorded with its reason; it may be revised until closed.
  judgeValidity: {
    from: ['accepted', 'assigned', 'resolved'],
    by: DESK,
    unless: [only(['complaint'], '只有投诉需要判定是否有效')],
    wrongStatus: '请先受理该投诉',
  },
  assign: { from: ['accepted'], by: DESK, wrongStatus: '只有已受理、尚未派单的工单可以派单' },
  // Reassigning is the manager's call.
  reassign: { from: ['assigned'], by: ['manager'], wrongStatus: '只有已派单的工单可以改派' },
  reply: { from: OPEN, by: WORKERS, wrongStatus: '工单已办结' },
  note: { from: OPEN, by: WORKERS, wrongStatus: '工单已办结' },
  schedule: { from: IN_PROGRESS, by: WORKERS, unless: [onSite], wrongStatus: '该工单当前不能预约' },
  // Seed 002 §7: arrival is measured against the agreed time.
  checkIn: {
    from: ['assigned'],
    by: ['assignee'],
    unless: [{ refuse: '请先与业主约定上门时间', blocks: (ticket) => !ticket.appointmentAt }, checkInDue],
    wrongStatus: '该工单当前不需要上门',
  },
  recordWork: { from: IN_PROGRESS, by: WORKERS, unless: [onSite], wrongStatus: '该工单当前不能记录维修' },
  proposeCharge: {
    from: ['assigned'],
    by: WORKERS,
    unless: [only(['repair'], '只有报修可以收费'), { refuse: '业主已确认费用', blocks: (ticket) => ticket.charge?.status === 'accepted' }],
    wrongStatus: '请先派单再报价',
  },
  respondCharge: {
    from: ['assigned'],
    by: ['requester'],
    unless: [{ refuse: '没有待确认的费用', blocks: (ticket) => ticket.charge?.status !== 'proposed' }],
    forbidden: requesterOnly,
    wrongStatus: '没有待确认的费用',
  },
  resolve: {
    from: IN_PROGRESS,
    by: WORKERS,
    // The owner sees and accepts a charge before paid work starts.
    unless: [{ refuse: '业主尚未确认费用，不能开始有偿维修', blocks: (ticket) => ticket.charge?.status === 'proposed' }],
    wrongStatus: '该工单已处理',
  },
  confirm: {
    from: ['resolved'],
    by: ['requester'],
    unless: [{ refuse: '处理结果已确认', blocks: (ticket) => ticket.confirmedByOwner }],
    forbidden: requesterOnly,
    wrongStatus: '工单尚未处理完成',
  },
  // Seed 001 四 维修4: the owner's confirmation, given by phone, intercom or on a visit, recorded by the desk.
  recordConfirmation: { from: ['resolved'], by: DESK, unless: [alreadyConfirmed], wrongStatus: '处理完成后才能记录业主确认' },
  reopen: {
    from: DONE,
    by: ['requester'],
    unless: [
      {
        refuse: `已超过 ${reworkDays()} 天，请重新提交报修`,
        blocks: (ticket, _viewer, now) => !reworkWindowOpen(ticket, now),
      },
    ],
    forbidden: requesterOnly,
    wrongStatus: '工单尚未处理完成',
  },
  rate: {
    from: DONE,
    by: ['requester'],
    unless: [
      { refuse: '非物业服务范围的工单无需评价', blocks: (ticket) => Boolean(ticket.outOfScope) },
      { refuse: '您已评价过该工单', blocks: (ticket) => Boolean(ticket.rating) },
    ],
    forbidden: requesterOnly,
    wrongStatus: '处理完成后才能评价',
  },
  returnVisit: {
    from: ['resolved'],
    by: DESK,
    unless: [{ refuse: '该工单已回访', blocks: (ticket) => Boolean(ticket.returnVisit) }],
    wrongStatus: '处理完成后才能回访',
  },
  // Seed 002 §3: every valid complaint gets its return visit before it is closed.
  // Seed 001 四 维修4: closed once the owner confirms (in the mini-program or as recorded by the desk).
  close: {
    from: ['resolved'],
    by: DESK,
    unless: [
      // Seed 002 §3: every valid complaint is visited; one judged invalid is not.
      { refuse: '投诉须先回访再办结', blocks: (ticket) => ticket.kind === 'complaint' && ticket.validity?.valid !== false && !ticket.returnVisit },
      {
        refuse: '业主尚未确认处理结果：请等业主在小程序中确认，或记录业主通过电话、对讲、上门给出的确认；返修期满仍未回复的，可按“业主未回复”办结',
        blocks: (ticket) => !ticket.confirmedByOwner,
      },
    ],
    wrongStatus: '处理完成后才能办结',
  },
  // The owner cannot be reached: once the rework window has passed, closed with the attempts listed.
  closeUnanswered: {
    from: ['resolved'],
    by: DESK,
    unless: [
      { refuse: '业主已确认处理结果，请直接办结', blocks: (ticket) => ticket.confirmedByOwner },
      { refuse: `处理完成后 ${reworkDays()} 天内请继续联系业主；期满仍未回复，才能按“业主未回复”办结`, blocks: (ticket, _viewer, now) => reworkWindowOpen(ticket, now) },
    ],
    wrongStatus: '处理完成后才能办结',
  },
  // Seed 000 (一) 3: outside the remit, close with an explanation and the right channel instead of working it.
  closeOutOfScope: { from: ['submitted', 'accepted', 'assigned'], by: DESK, wrongStatus: '该工单已处理或已办结' },
  contact: {
    from: ['submitted', 'accepted', 'assigned', 'resolved', 'closed'],
    by: WORKERS,
    unless: [{ refuse: '业主已删除个人信息，无法查看联系方式', code: 'NOT_FOUND', blocks: (ticket) => !ticket.contactPhone }],
  },
};

export const ticketPolicy: Policy<TicketDocument, TicketStatus, TicketAction, Relation> = {
  title: '工单',
  statuses: { submitted: '待受理', accepted: '已受理', assigned: '已派单', resolved: '已处理', closed: '已办结' },
  relations: {
    requester: { label: '提交人（业主）', holds: (ticket, viewer) => Boolean(ticket.ownerOpenid) && ticket.ownerOpenid === viewer.openid },
    assignee: {
      label: '被派单的维修人员',
      holds: (ticket, viewer) => ticket.assignee?.openid === viewer.openid && holdsAny(viewer.grants, ['tech'], ticket.communityId),
    },
  },
  statusOf: (ticket) => ticket.status,
  communityOf: (ticket) => ticket.communityId,
  rules,
  forbidden: (ticket, viewer) => (holdsAny(viewer.grants, ['tech'], ticket.communityId) ? '该工单未派给您' : '您没有该小区的相应权限'),
  wrongStatus: '工单当前状态不能进行此操作，请刷新',
};
