import type { ActionInput } from '../../../../../typings/api';
import type { StaffRole } from '../../../../../typings/roles';
import type {
  Charge,
  ComplaintGrade,
  RepairCategory,
  Satisfaction,
  TicketChannel,
  TicketDetail,
  TicketKind,
  TicketStatus,
} from '../../../../../typings/tickets';
import { ApiError, call, messageOf, newRequestId, showError } from '../../../../services/api';
import { uploadToCloud } from '../../../../services/files';
import { refreshProfile } from '../../../../services/session';
import { formatDateTime } from '../../../../utils/time';
import { KIND_LABELS, yuan as yuanDigits } from '../../../../pages/ticket/format';
import { DESK_ROLES, GRADE_VIEW, STATUS_VIEW, escalationText } from '../ticket-views';
import { rolesIn } from '../scope';
import { confirmModal } from '../../../../utils/dialog';
import { checkText } from '../../../../utils/text';

type Status = 'loading' | 'ready' | 'error';
type Sheet = '' | 'grade' | 'notice' | 'assign' | 'reply' | 'work' | 'charge' | 'resolve' | 'visit' | 'outOfScope';

const CHANNEL_LABELS: Record<TicketChannel, string> = {
  miniprogram: '小程序',
  phone: '电话',
  visit: '来访',
  patrol: '巡查',
};

const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
};

const CHARGE_STATUS: Record<Charge['status'], { label: string; theme: string }> = {
  proposed: { label: '待业主确认', theme: 'warning' },
  accepted: { label: '业主已同意', theme: 'success' },
  refused: { label: '业主不同意', theme: 'danger' },
};

const GRADE_OPTIONS = Object.entries(GRADE_VIEW).map(([value, view]) => ({ label: view.label, value }));
const SATISFACTION_OPTIONS = Object.entries(SATISFACTION_LABELS).map(([value, label]) => ({ label, value }));

/** The server's text limits, checked here first so the user is told before a round trip. */
const LIMITS = {
  reply: [2, 500],
  work: [2, 500],
  resolve: [2, 500],
  visit: [2, 300],
  explanation: [10, 300],
  channel: [2, 100],
  departments: [2, 100],
  noticeNote: [2, 300],
} as const;
const MAX_WORK_PHOTOS = 9;
/** Visits are agreed at most this far ahead. */
const SCHEDULE_DAYS = 30;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Fen to `¥12.30`, exactly (integer arithmetic, no floating-point rounding). */
function yuan(fen: number): string {
  return `¥${yuanDigits(fen)}`;
}

/** A picked `2026-11-24 10:30` (China wall-clock time) as an ISO instant the server can read. */
function chinaPickToIso(picked: string): string {
  return `${picked.replace(' ', 'T')}:00+08:00`;
}

/** An instant as the picker's China wall-clock string, whatever the phone's zone. */
function chinaPickerValue(ms: number): string {
  return formatDateTime(new Date(ms).toISOString());
}

function punctualityText(checkIn: NonNullable<TicketDetail['checkIn']>): string {
  if (checkIn.punctuality === 'early') return `提前 ${-checkIn.minutesOff} 分钟`;
  if (checkIn.punctuality === 'late') return `迟到 ${checkIn.minutesOff} 分钟`;
  return '准时';
}

interface EventView {
  id: string;
  text: string;
  meta: string;
  internal: boolean;
}

interface ChargeView {
  items: { code: string; name: string; quantityText: string; amountText: string }[];
  totalText: string;
  statusLabel: string;
  statusTheme: string;
}

interface TicketView {
  number: string;
  kind: TicketKind;
  kindLabel: string;
  category: string;
  status: TicketStatus;
  statusLabel: string;
  statusTheme: string;
  nextStep: string;
  locationLabel: string;
  description: string;
  photoUrls: string[];
  channelLabel: string;
  createdAt: string;
  dueText: string;
  overdue: boolean;
  grade: ComplaintGrade | '';
  gradeLabel: string;
  gradeTheme: string;
  group: boolean;
  repeat: boolean;
  escalationText: string;
  assigneeName: string;
  preferredTime: string;
  contactName: string;
  contactPhone: string;
  appointmentText: string;
  checkInText: string;
  checkInTheme: string;
  charge: ChargeView | null;
  returnVisitText: string;
  ratingText: string;
  outOfScope: { explanation: string; channel: string } | null;
  reworkCount: number;
  events: EventView[];
}

/** Which actions to offer: the server decides in the end; this hides what would only be refused. */
interface Actions {
  accept: boolean;
  grade: boolean;
  notice: boolean;
  assign: boolean;
  reassign: boolean;
  reply: boolean;
  schedule: boolean;
  checkIn: boolean;
  recordWork: boolean;
  charge: boolean;
  resolve: boolean;
  returnVisit: boolean;
  close: boolean;
  outOfScope: boolean;
  any: boolean;
}

interface ChargeLine {
  code: string;
  name: string;
  unit: string;
  priceText: string;
  priceFen: number;
  quantity: number;
}

const NO_ACTIONS: Actions = {
  accept: false,
  grade: false,
  notice: false,
  assign: false,
  reassign: false,
  reply: false,
  schedule: false,
  checkIn: false,
  recordWork: false,
  charge: false,
  resolve: false,
  returnVisit: false,
  close: false,
  outOfScope: false,
  any: false,
};

function toView(ticket: TicketDetail, categories: RepairCategory[]): TicketView {
  const status = STATUS_VIEW[ticket.status];
  const grade = ticket.grade ? GRADE_VIEW[ticket.grade] : undefined;
  const units = new Map(categories.map((category) => [category.code, category.unit]));
  const charge = ticket.charge;
  return {
    number: ticket.number,
    kind: ticket.kind,
    kindLabel: KIND_LABELS[ticket.kind],
    category: ticket.category,
    status: ticket.status,
    statusLabel: status.label,
    statusTheme: status.theme,
    nextStep: ticket.nextStep,
    locationLabel: ticket.locationLabel,
    description: ticket.description,
    photoUrls: ticket.photoUrls,
    channelLabel: CHANNEL_LABELS[ticket.channel],
    createdAt: formatDateTime(ticket.createdAt),
    dueText: ticket.dueAt ? formatDateTime(ticket.dueAt) : '',
    overdue: ticket.overdue,
    grade: ticket.grade ?? '',
    gradeLabel: grade?.label ?? '',
    gradeTheme: grade?.theme ?? 'default',
    group: ticket.flags.group,
    repeat: ticket.flags.repeat,
    escalationText: escalationText(ticket.escalationLevel),
    assigneeName: ticket.assigneeName ?? '',
    preferredTime: ticket.preferredTime ?? '',
    contactName: ticket.contactName,
    contactPhone: ticket.contactPhone,
    appointmentText: ticket.appointmentAt ? formatDateTime(ticket.appointmentAt) : '',
    checkInText: ticket.checkIn ? `${formatDateTime(ticket.checkIn.at)}，${punctualityText(ticket.checkIn)}` : '',
    checkInTheme: ticket.checkIn?.punctuality === 'on-time' ? 'success' : 'warning',
    charge: charge
      ? {
          items: charge.items.map((item) => ({
            code: item.code,
            name: item.name,
            quantityText: `${yuan(item.priceFen)} × ${item.quantity}${units.get(item.code) ?? ''}`,
            amountText: yuan(item.amountFen),
          })),
          totalText: yuan(charge.totalFen),
          statusLabel: CHARGE_STATUS[charge.status].label,
          statusTheme: CHARGE_STATUS[charge.status].theme,
        }
      : null,
    returnVisitText: ticket.returnVisit
      ? `${SATISFACTION_LABELS[ticket.returnVisit.satisfaction]}：${ticket.returnVisit.note}（${formatDateTime(ticket.returnVisit.at)}）`
      : '',
    ratingText: ticket.rating ? `${ticket.rating.score} 星${ticket.rating.comment ? `：${ticket.rating.comment}` : ''}` : '',
    outOfScope: ticket.outOfScope ?? null,
    reworkCount: ticket.reworkCount,
    events: ticket.events.map((event) => ({
      id: event.id,
      text: event.text,
      meta: `${event.actorName} · ${formatDateTime(event.at)}`,
      internal: !event.ownerVisible,
    })),
  };
}

/** A check-in is due when the visit was (re)scheduled after the last check-in. */
function checkInDue(ticket: TicketDetail): boolean {
  if (!ticket.appointmentAt) return false;
  const last = (type: string) => Math.max(0, ...ticket.events.filter((event) => event.type === type).map((event) => Date.parse(event.at)));
  return !ticket.checkIn || last('scheduled') > last('check-in');
}

function actionsFor(ticket: TicketDetail, roles: StaffRole[], assignedToMe: boolean): Actions {
  const desk = roles.some((role) => DESK_ROLES.includes(role));
  const worker = desk || assignedToMe;
  const inProgress = ticket.status === 'accepted' || ticket.status === 'assigned';
  // Visits and work records belong to repairs, or to anything a technician was sent to.
  const onSite = ticket.kind === 'repair' || ticket.status === 'assigned';
  const actions: Actions = {
    accept: desk && ticket.status === 'submitted',
    grade: desk && ticket.kind === 'complaint' && ['accepted', 'assigned', 'resolved'].includes(ticket.status),
    // Seed 002 §4: a major complaint is reported to the departments concerned within 1 working day.
    notice: desk && ticket.grade === 'major' && !ticket.majorNoticeAt && ticket.status !== 'closed',
    assign: desk && ticket.status === 'accepted',
    // Reassigning is the manager's call (the server refuses it to customer service).
    reassign: roles.includes('manager') && ticket.status === 'assigned',
    reply: worker && ticket.status !== 'closed',
    schedule: worker && inProgress && onSite,
    checkIn: assignedToMe && ticket.status === 'assigned' && checkInDue(ticket),
    recordWork: worker && inProgress && onSite,
    charge: worker && ticket.kind === 'repair' && ticket.status === 'assigned' && ticket.charge?.status !== 'accepted',
    resolve: worker && inProgress,
    returnVisit: desk && ticket.status === 'resolved' && !ticket.returnVisit,
    // A complaint is closed only after its return visit (seed 002 §3).
    close: desk && ticket.status === 'resolved' && (ticket.kind !== 'complaint' || !!ticket.returnVisit),
    outOfScope: desk && ['submitted', 'accepted', 'assigned'].includes(ticket.status),
    any: false,
  };
  actions.any = Object.values(actions).some(Boolean);
  return actions;
}

type StepAction =
  | 'ticket.accept'
  | 'ticket.grade'
  | 'ticket.notifyDepartments'
  | 'ticket.assign'
  | 'ticket.reassign'
  | 'ticket.reply'
  | 'ticket.schedule'
  | 'ticket.checkIn'
  | 'ticket.recordWork'
  | 'ticket.proposeCharge'
  | 'ticket.resolve'
  | 'ticket.returnVisit'
  | 'ticket.close'
  | 'ticket.closeOutOfScope';

type StepExtra<A extends StepAction> = Omit<ActionInput<A>, 'id' | 'version'>;

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    ticketId: '',
    version: 0,
    ticket: null as TicketView | null,
    roles: [] as StaffRole[],
    assignedToMe: false,
    actions: NO_ACTIONS,
    /** Why 处理完成 is held back, if it is. */
    resolveHint: '',
    canRevealContact: false,
    contact: null as { name: string; phone: string } | null,
    revealing: false,
    categories: [] as RepairCategory[],
    phrases: [] as string[],
    technicians: [] as { label: string; value: string }[],
    techniciansError: '',
    busy: false,

    sheet: '' as Sheet,
    gradeOptions: GRADE_OPTIONS,
    gradeValue: 'general',
    gradeGroup: false,
    gradeRepeat: false,
    technician: '',
    replyOwnerVisible: true,
    replyText: '',
    workNote: '',
    workFiles: [] as { url: string }[],
    workPhotoMax: MAX_WORK_PHOTOS,
    chargeLines: [] as ChargeLine[],
    chargeTotalText: yuan(0),
    resolveNote: '',
    satisfactionOptions: SATISFACTION_OPTIONS,
    satisfaction: 'satisfied',
    visitNote: '',
    explanation: '',
    outChannel: '',
    departments: '',
    noticeNote: '',
    limits: LIMITS,

    schedulePickerVisible: false,
    scheduleValue: '',
    scheduleStart: '',
    scheduleEnd: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ ticketId: query.id ?? '' });
      this.load();
    },
    onRetry() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().finally(() => wx.stopPullDownRefresh());
    },
    /** Loads the ticket, the caller's roles in its community and what the forms need. */
    async load() {
      if (!this.data.ticketId) {
        this.setData({ status: 'error', errorMessage: '没有指定工单' });
        return;
      }
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const [ticket, profile] = await Promise.all([call('ticket.get', { id: this.data.ticketId }), refreshProfile()]);
        const catalog = this.data.categories.length > 0 ? null : await call('ticket.catalog', { communityId: ticket.communityId });
        if (catalog) this.setData({ categories: catalog.categories, phrases: catalog.phrases });
        const roles = rolesIn(profile, ticket.communityId);
        const desk = roles.some((role) => DESK_ROLES.includes(role));
        const assignedToMe = roles.includes('tech') && ticket.assignedToMe;
        this.setData({ status: 'ready', canRevealContact: desk || assignedToMe });
        this.apply(ticket, roles, assignedToMe);
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    apply(ticket: TicketDetail, roles: StaffRole[], assignedToMe: boolean) {
      const actions = actionsFor(ticket, roles, assignedToMe);
      this.setData({
        version: ticket.version,
        ticket: toView(ticket, this.data.categories),
        actions,
        resolveHint: actions.resolve && ticket.charge?.status === 'proposed' ? '业主尚未确认费用，确认后才能开始有偿维修并处理完成' : '',
        roles,
        assignedToMe,
      });
      if ((actions.assign || actions.reassign) && this.data.technicians.length === 0) this.loadTechnicians(ticket.communityId);
    },
    async loadTechnicians(communityId: string) {
      try {
        const technicians = await call('staff.technicians', { communityId });
        this.setData({
          technicians: technicians.map((tech) => ({ label: tech.name || '未填写姓名', value: tech.openid })),
          techniciansError: technicians.length === 0 ? '本小区还没有维修人员，请联系管理员邀请' : '',
        });
      } catch (error) {
        this.setData({ technicians: [], techniciansError: `无法加载维修人员名单：${messageOf(error)}` });
      }
    },

    /**
     * Sends one step with the version the user saw. A CONFLICT means the ticket changed meanwhile
     * (a colleague acted, or its status no longer allows the step): the user is told and sees the
     * ticket as it is now.
     */
    async step<A extends StepAction>(action: A, extra: StepExtra<A>, done: string): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true });
      try {
        const input = { id: this.data.ticketId, version: this.data.version, ...extra } as ActionInput<A>;
        const ticket = await call(action, input, { requestId: newRequestId() });
        this.apply(ticket, this.data.roles, this.data.assignedToMe);
        this.setData({ sheet: '' });
        wx.showToast({ title: done, icon: 'success' });
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          wx.showModal({
            title: '工单状态已变化',
            content: `${error.message}。页面已刷新为最新内容，请确认后再操作。`,
            showCancel: false,
            confirmText: '知道了',
          });
          this.setData({ sheet: '' });
          await this.load();
        } else {
          showError(error);
        }
        return false;
      } finally {
        this.setData({ busy: false });
      }
    },

    onAccept() {
      this.step('ticket.accept', {}, '已受理');
    },
    async onClose() {
      const confirmed = await confirmModal('办结工单', '办结后工单不能再处理或回复。确认办结？', '办结');
      if (confirmed) await this.step('ticket.close', {}, '已办结');
    },
    async onCheckIn() {
      if (await this.step('ticket.checkIn', {}, '已签到')) {
        const text = this.data.ticket?.checkInText;
        if (text) wx.showModal({ title: '到场签到', content: `签到时间 ${text}`, showCancel: false, confirmText: '知道了' });
      }
    },

    openSheet(sheet: Sheet, patch: Record<string, unknown> = {}) {
      if (this.data.busy) return;
      this.setData({ sheet, ...patch });
    },
    onSheetVisibleChange(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.setData({ sheet: '' });
    },
    onSheetCancel() {
      this.setData({ sheet: '' });
    },

    onGrade() {
      const ticket = this.data.ticket;
      this.openSheet('grade', { gradeValue: ticket?.grade || 'general', gradeGroup: ticket?.group ?? false, gradeRepeat: ticket?.repeat ?? false });
    },
    onGradeValue(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ gradeValue: event.detail.value });
    },
    onGradeGroup(event: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ gradeGroup: event.detail.value });
    },
    onGradeRepeat(event: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ gradeRepeat: event.detail.value });
    },
    onGradeSubmit() {
      const { gradeValue, gradeGroup, gradeRepeat } = this.data;
      this.step('ticket.grade', { grade: gradeValue as ComplaintGrade, group: gradeGroup, repeat: gradeRepeat }, '已定级');
    },

    onNotice() {
      this.openSheet('notice', { departments: '', noticeNote: '' });
    },
    onDepartmentsInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ departments: event.detail.value });
    },
    onNoticeNoteInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ noticeNote: event.detail.value });
    },
    onNoticeSubmit() {
      const problem = checkText(this.data.departments, LIMITS.departments, '通报部门') ?? checkText(this.data.noticeNote, LIMITS.noticeNote, '通报情况');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      this.step('ticket.notifyDepartments', { departments: this.data.departments.trim(), note: this.data.noticeNote.trim() }, '已记录通报');
    },

    onAssign() {
      this.openSheet('assign', { technician: '' });
    },
    onTechnicianChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ technician: event.detail.value });
    },
    onAssignSubmit() {
      if (!this.data.technician) {
        wx.showToast({ title: '请选择维修人员', icon: 'none' });
        return;
      }
      const reassign = this.data.actions.reassign;
      this.step(reassign ? 'ticket.reassign' : 'ticket.assign', { technician: this.data.technician }, reassign ? '已改派' : '已派单');
    },

    onReply() {
      this.openSheet('reply', { replyOwnerVisible: true, replyText: '' });
    },
    onNote() {
      this.openSheet('reply', { replyOwnerVisible: false, replyText: '' });
    },
    onPhrase(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { phrase: string }>) {
      const text = this.data.replyText;
      this.setData({ replyText: `${text}${event.currentTarget.dataset.phrase}` });
    },
    onReplyInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ replyText: event.detail.value });
    },
    onReplySubmit() {
      const { replyText, replyOwnerVisible } = this.data;
      const problem = checkText(replyText, LIMITS.reply, replyOwnerVisible ? '回复内容' : '备注内容');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      this.step('ticket.reply', { text: replyText.trim(), ownerVisible: replyOwnerVisible }, replyOwnerVisible ? '已回复业主' : '已添加备注');
    },

    onSchedule() {
      if (this.data.busy) return;
      const now = Date.now();
      // The next full hour from now, in China time, is the usual first choice.
      const nextHour = Math.ceil((now + CHINA_OFFSET_MS) / 3_600_000) * 3_600_000 - CHINA_OFFSET_MS;
      this.setData({
        schedulePickerVisible: true,
        scheduleStart: chinaPickerValue(now),
        scheduleEnd: chinaPickerValue(now + SCHEDULE_DAYS * 86_400_000),
        scheduleValue: chinaPickerValue(nextHour),
      });
    },
    onScheduleCancel() {
      this.setData({ schedulePickerVisible: false });
    },
    onScheduleConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const picked = String(event.detail.value);
      this.setData({ schedulePickerVisible: false, scheduleValue: picked });
      this.step('ticket.schedule', { at: chinaPickToIso(picked) }, '已约定上门时间');
    },

    onRecordWork() {
      this.openSheet('work', { workNote: '', workFiles: [] });
    },
    onWorkInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ workNote: event.detail.value });
    },
    onWorkPhotosAdd(event: WechatMiniprogram.CustomEvent<{ files: { url: string }[] }>) {
      const added = event.detail.files.map((file) => ({ url: file.url }));
      this.setData({ workFiles: [...this.data.workFiles, ...added].slice(0, MAX_WORK_PHOTOS) });
    },
    onWorkPhotoRemove(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ workFiles: this.data.workFiles.filter((_, index) => index !== event.detail.index) });
    },
    async onWorkSubmit() {
      const problem = checkText(this.data.workNote, LIMITS.work, '维修记录');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (this.data.busy) return;
      let photos: string[];
      this.setData({ busy: true });
      wx.showLoading({ title: '正在上传照片', mask: true });
      try {
        photos = await Promise.all(this.data.workFiles.map((file) => uploadToCloud(`tickets/work/${newRequestId()}.jpg`, file.url)));
      } catch (error) {
        showError(error);
        return;
      } finally {
        wx.hideLoading();
        this.setData({ busy: false });
      }
      await this.step('ticket.recordWork', { note: this.data.workNote.trim(), photos }, '已记录');
    },

    onCharge() {
      const chargeLines: ChargeLine[] = this.data.categories
        .filter((category) => category.charged)
        .map((category) => ({
          code: category.code,
          name: category.name,
          unit: category.unit,
          priceFen: category.priceFen,
          priceText: `${yuan(category.priceFen)}/${category.unit}`,
          quantity: 0,
        }));
      this.openSheet('charge', { chargeLines, chargeTotalText: yuan(0) });
    },
    onChargeQuantity(event: WechatMiniprogram.CustomEvent<{ value: number | string }, Record<string, never>, { code: string }>) {
      const code = event.currentTarget.dataset.code;
      const quantity = Math.max(0, Math.floor(Number(event.detail.value) || 0));
      const chargeLines = this.data.chargeLines.map((line) => (line.code === code ? { ...line, quantity } : line));
      const totalFen = chargeLines.reduce((sum, line) => sum + line.priceFen * line.quantity, 0);
      this.setData({ chargeLines, chargeTotalText: yuan(totalFen) });
    },
    async onChargeSubmit() {
      const items = this.data.chargeLines.filter((line) => line.quantity > 0);
      if (items.length === 0) {
        wx.showToast({ title: '请选择收费项目和数量', icon: 'none' });
        return;
      }
      const lines = items.map((line) => `${line.name} ${line.quantity}${line.unit}`).join('、');
      const confirmed = await confirmModal(
        '向业主报价',
        `${lines}，合计 ${this.data.chargeTotalText}。业主同意后才能开始有偿维修，确认报价？`,
        '确认报价',
      );
      if (!confirmed) return;
      await this.step('ticket.proposeCharge', { items: items.map((line) => ({ code: line.code, quantity: line.quantity })) }, '已报价');
    },

    onResolve() {
      if (this.data.resolveHint) {
        wx.showToast({ title: '业主尚未确认费用', icon: 'none' });
        return;
      }
      this.openSheet('resolve', { resolveNote: '' });
    },
    onResolveInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ resolveNote: event.detail.value });
    },
    onResolveSubmit() {
      const problem = checkText(this.data.resolveNote, LIMITS.resolve, '处理结果');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      this.step('ticket.resolve', { note: this.data.resolveNote.trim() }, '已处理完成');
    },

    onReturnVisit() {
      this.openSheet('visit', { satisfaction: 'satisfied', visitNote: '' });
    },
    onSatisfactionChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ satisfaction: event.detail.value });
    },
    onVisitInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ visitNote: event.detail.value });
    },
    onVisitSubmit() {
      const problem = checkText(this.data.visitNote, LIMITS.visit, '回访记录');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      this.step('ticket.returnVisit', { satisfaction: this.data.satisfaction as Satisfaction, note: this.data.visitNote.trim() }, '已记录回访');
    },

    onOutOfScope() {
      this.openSheet('outOfScope', { explanation: '', outChannel: '' });
    },
    onExplanationInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ explanation: event.detail.value });
    },
    onOutChannelInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ outChannel: event.detail.value });
    },
    async onOutOfScopeSubmit() {
      const problem = checkText(this.data.explanation, LIMITS.explanation, '说明') ?? checkText(this.data.outChannel, LIMITS.channel, '建议渠道');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const confirmed = await confirmModal('非物业服务范围', '工单将以“非物业服务范围”办结，业主会看到您的说明和建议渠道。确认办结？', '确认办结');
      if (!confirmed) return;
      await this.step('ticket.closeOutOfScope', { explanation: this.data.explanation.trim(), channel: this.data.outChannel.trim() }, '已办结');
    },

    /** Shows the full phone to staff working the ticket; the server logs every such view. */
    async onRevealContact() {
      if (this.data.revealing) return;
      this.setData({ revealing: true });
      try {
        const contact = await call('ticket.contact', { id: this.data.ticketId });
        this.setData({ contact });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ revealing: false });
      }
    },
    onCallContact() {
      const phone = this.data.contact?.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },
    onPreviewPhoto(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.previewImage({ urls: this.data.ticket?.photoUrls ?? [], current: event.currentTarget.dataset.url });
    },
  },
});
