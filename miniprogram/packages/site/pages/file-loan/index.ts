import type { FileLoanAction } from '../../../../../typings/actions';
import type { FileLoan, Signature } from '../../../../../typings/fileLoans';
import type { UnitFile } from '../../../../../typings/unit-file';
import { versionedStep } from '../../../../behaviors/versioned-step';
import { call, showError } from '../../../../services/api';
import { BILL_STATUS_LABELS, RELATION_LABELS, TICKET_STATUS_LABELS } from '../../../../shared/labels';
import { yuanLabel } from '../../../../shared/money';
import { LIMITS, checkText } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';
import { loanStatusLabel } from '../file-loans/rows';

type Step = Exclude<FileLoanAction, 'read'>;

/** Each step's action, what the user is asked before it and what they are told after. */
const STEPS: Record<Step, { action: `fileLoan.${Step}`; title: string; content: string; done: string }> = {
  approve: { action: 'fileLoan.approve', title: '审批借阅', content: '同意借阅该文件？', done: '已审批' },
  consent: { action: 'fileLoan.consent', title: '总经理同意查询', content: '已核对查询单位和证件，同意提供查询？', done: '已同意' },
  refuse: { action: 'fileLoan.refuse', title: '不批准', content: '不批准该借阅？不批准后不能再借出。', done: '已不批准' },
  lend: { action: 'fileLoan.lend', title: '登记借出', content: '确认已将文件交给借阅人？', done: '已登记借出' },
  return: { action: 'fileLoan.return', title: '登记归还', content: '确认文件已完整归还？', done: '已登记归还' },
};

/** The lent home's file as lines to read: nothing on it can be acted on from here. */
const fileView = (file: UnitFile) => ({
  label: file.unit.label,
  residents: file.residents.map((resident) => `${resident.name} · ${RELATION_LABELS[resident.relation]}`),
  tickets: file.tickets.map((ticket) => `${ticket.number} ${ticket.category} · ${TICKET_STATUS_LABELS[ticket.status]}`),
  bills: file.bills.map((bill) => `${bill.period} ${yuanLabel(bill.totalFen)} · ${BILL_STATUS_LABELS[bill.status]}`),
  renovations: file.renovations.map((renovation) => `${renovation.startDate} 至 ${renovation.endDate}${renovation.permitNo ? ` · 许可证 ${renovation.permitNo}` : ''}`),
});

const signed = (label: string, signature: Signature | undefined): string => (signature ? `${label}：${signature.name} ${chinaMinute(signature.at)}${signature.note ? `（${signature.note}）` : ''}` : '');

/**
 * One loan of the register: its approvals, the keeper's hand-out and return; the borrower opens a
 * lent home's file here, read-only, and each opening is logged. Buttons are what the server allows.
 */
Component({
  behaviors: [versionedStep],
  data: {
    loan: null as (FileLoan & { statusLabel: string; subjectText: string; trail: string[] }) | null,
    can: {} as Partial<Record<FileLoanAction, boolean>>,
    note: '',
    limits: LIMITS.fileLoan,
    file: null as { label: string; residents: string[]; tickets: string[]; bills: string[]; renovations: string[] } | null,
    reading: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.openRecord(query.id, '没有指定借阅记录');
    },
    async fetch() {
      this.showRecord(await call('fileLoan.get', { id: this.data.recordId }));
    },
    showRecord(record: { version: number }) {
      const loan = record as FileLoan;
      const trail = [signed('客服经理审批', loan.managerApproval), signed('总经理同意', loan.headApproval), signed('不批准', loan.refusal), signed('借出', loan.lent), signed('归还', loan.returned)].filter(Boolean);
      this.setData({
        version: loan.version,
        loan: { ...loan, statusLabel: loanStatusLabel(loan), subjectText: loan.subject.kind === 'unit' ? `户档案 ${loan.subject.label}` : loan.subject.title, trail },
        can: canOf(loan.allowed),
        note: '',
        ...(loan.allowed.includes('read') ? {} : { file: null }),
      });
    },
    conflictNotice(message: string) {
      return { title: '借阅已更新', content: `${message}。页面已显示最新状态，请核对后再操作。` };
    },
    onNote(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: event.detail.value });
    },
    async onStep(event: WechatMiniprogram.BaseEvent<Record<string, never>, { step: Step }>) {
      const step = STEPS[event.currentTarget.dataset.step];
      const note = this.data.note.trim();
      const problem = event.currentTarget.dataset.step === 'refuse' ? checkText(note, this.data.limits.refusal, '不批准的原因') : checkText(note, this.data.limits.note, '备注');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (!(await confirmModal(step.title, step.content, '确定'))) return;
      await this.step(step.action, { note }, { done: step.done, name: event.currentTarget.dataset.step });
    },
    /** The borrower opens the lent home's file; the cloud logs every opening. */
    async onRead() {
      this.setData({ reading: true });
      try {
        const { loan, file } = await call('fileLoan.read', { id: this.data.recordId });
        this.showRecord(loan);
        this.setData({ file: fileView(file) });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ reading: false });
      }
    },
  },
});
