import type { UnitListing } from '../../../../../typings/domain';
import type { UnitFile } from '../../../../../typings/unit-file';
import type { PreferencesSummary } from '../../../../../typings/movein';
import { MOVE_IN_STATUS_LABELS } from '../../../../shared/movein';
import { communityScope } from '../../../../behaviors/community-scope';
import { call, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { BILL_STATUS_LABELS, BINDING_STATUS_LABELS, RELATION_LABELS, RENOVATION_STATUS_LABELS, SATISFACTION_LABELS } from '../../../../shared/labels';
import { areaLabel, yuanLabel } from '../../../../shared/money';
import { chinaDate, chinaMinute } from '../../../../shared/time';
import { ticketRow, type TicketRow } from '../../../../pages/ticket/views';

/** The desk that keeps a community's records reads a home's file; the information keeper keeps its personal section. */
const FILE_ROLES = ['cs', 'manager', 'admin', 'infokeeper'] as const;

interface FileView {
  label: string;
  area: string;
  residents: { id: string; line: string; status: string }[];
  tickets: TicketRow[];
  renovations: { id: string; line: string; status: string }[];
  bills: { id: string; line: string; status: string }[];
  visits: { id: string; line: string }[];
  documents: { code: string; label: string; received: boolean }[];
  agreements: { id: string; line: string }[];
  moveIns: { id: string; line: string; status: string }[];
  preferences: PreferencesSummary;
  /** The verified residents preferences may be about. */
  residentOptions: { value: string; label: string }[];
}

function fileView(file: UnitFile): FileView {
  return {
    label: file.unit.label,
    area: areaLabel(file.unit.areaCenti),
    residents: file.residents.map((resident) => ({
      id: resident.id,
      line: `${resident.name}（${RELATION_LABELS[resident.relation]}），${chinaDate(resident.requestedAt)} 申请${resident.reviewedAt ? `，${chinaDate(resident.reviewedAt)} 审核` : ''}`,
      status: BINDING_STATUS_LABELS[resident.status],
    })),
    tickets: file.tickets.map(ticketRow),
    renovations: file.renovations.map((renovation) => ({
      id: renovation.id,
      line: `${renovation.permitNo || '未发许可'} · ${renovation.startDate} 至 ${renovation.endDate} · 巡查 ${renovation.inspections} 次${renovation.openViolations ? `，${renovation.openViolations} 项待整改` : ''}`,
      status: RENOVATION_STATUS_LABELS[renovation.status],
    })),
    bills: file.bills.map((bill) => ({
      id: bill.id,
      line: `${bill.period} ${yuanLabel(bill.totalFen)}${bill.receiptNo ? ` · 收据 ${bill.receiptNo}` : ''}${bill.paidAt ? `（${chinaMinute(bill.paidAt)}）` : ''}`,
      status: BILL_STATUS_LABELS[bill.status],
    })),
    visits: file.visits.map((visit) => ({ id: visit.ticketId, line: `${chinaMinute(visit.at)} ${visit.number}：${SATISFACTION_LABELS[visit.satisfaction]}，${visit.note}` })),
    documents: file.documents,
    agreements: file.agreements.map((signature) => ({ id: signature.id, line: `${signature.title}（第 ${signature.version} 版）${signature.signerName} ${chinaMinute(signature.signedAt)} 签署` })),
    moveIns: file.moveIns.map((row) => ({ id: row.id, line: `${chinaDate(row.createdAt)} 入住登记 · 验收问题 ${row.defects} 项${row.signedAt ? ` · ${chinaDate(row.signedAt)} 业主确认` : ''}`, status: MOVE_IN_STATUS_LABELS[row.status] })),
    preferences: file.preferences,
    residentOptions: file.residents
      .filter((resident) => resident.status === 'approved')
      .map((resident) => ({ value: resident.id, label: `${resident.name}（${RELATION_LABELS[resident.relation]}）` })),
  };
}

/**
 * 户档案 (seed 002 §2 一分钟内取阅): choose a building and a home, or arrive from a ticket, and see the
 * home's residents, requests, renovations, bills and return visits on one page.
 */
Component({
  behaviors: [communityScope],
  data: {
    unitId: '',
    buildings: [] as string[],
    building: '',
    units: [] as UnitListing[],
    file: null as FileView | null,
    /** The desk may start a move-in for the home. */
    canMoveIn: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ communityId: query.communityId ?? '', unitId: query.unitId ?? '' });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope([...FILE_ROLES], '户档案仅对客服、客服经理、管理员和信息专管员开放'))) return;
      this.setData({ canMoveIn: this.rolesHere().some((role) => role === 'cs' || role === 'manager') });
      if (this.data.unitId) {
        const file = await call('unit.file', { unitId: this.data.unitId });
        this.setData({ file: fileView(file), communityId: file.unit.communityId });
        return;
      }
      // The directory lists one building's rooms at a time: the first building until another is chosen.
      const communityId = this.data.communityId;
      const building = this.data.building || (await call('directory.units', { communityId })).buildings[0] || '';
      const { buildings, units } = await call('directory.units', { communityId, ...(building ? { building } : {}) });
      this.setData({ buildings, building, units, file: null });
    },
    communityChanged() {
      this.setData({ unitId: '', building: '', file: null });
      void this.load();
    },
    onBuilding(event: WechatMiniprogram.BaseEvent<Record<string, never>, { building: string }>) {
      this.setData({ building: event.currentTarget.dataset.building });
      void this.load();
    },
    async onUnit(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      try {
        const file = await call('unit.file', { unitId: event.currentTarget.dataset.id });
        this.setData({ unitId: event.currentTarget.dataset.id, file: fileView(file) });
      } catch (error) {
        showError(error);
      }
    },
    onBackToUnits() {
      this.setData({ unitId: '', file: null });
      void this.load();
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
    onOpenMoveIn(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/home/pages/movein/index', { communityId: this.data.communityId, id: event.currentTarget.dataset.id });
    },
    onNewMoveIn() {
      navigateTo('packages/home/pages/movein/index', { communityId: this.data.communityId, unitId: this.data.unitId });
    },
    onPreferences(event: WechatMiniprogram.CustomEvent<PreferencesSummary>) {
      this.setData({ 'file.preferences': event.detail });
    },
    onOpenRenovation(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/renovation/index', { id: event.currentTarget.dataset.id });
    },
  },
});
