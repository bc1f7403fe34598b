/**
 * Move-in and delivery acceptance rules both sides need: the documents received, the rooms and
 * items checked, labels and input limits.
 */
import type { AgreementKind, MoveInDocument, MoveInStatus } from '../../typings/movein';

export const AGREEMENT_KIND_LABELS: Record<AgreementKind, string> = { management: '管理规约', provisional: '临时管理规约' };

export const MOVE_IN_STATUS_LABELS: Record<MoveInStatus, string> = { open: '待业主确认', signed: '业主已确认' };

/** Seed 001 三(一)1 1): the basic-data documents the desk collects at move-in (业主公约 is the signed 管理规约). */
export const MOVE_IN_DOCUMENTS: { code: MoveInDocument; label: string }[] = [
  { code: 'notice', label: '入伙通知书' },
  { code: 'proxy', label: '业主委托书（委托办理时）' },
  { code: 'id-copy', label: '业主身份证复印件' },
  { code: 'photo', label: '照片' },
  { code: 'registration', label: '住户登记表（含家庭成员）' },
  { code: 'service-agreement', label: '前期物业服务协议' },
];

export const MOVE_IN_DOCUMENT_LABELS = Object.fromEntries(MOVE_IN_DOCUMENTS.map((document) => [document.code, document.label])) as Record<MoveInDocument, string>;

/** The rooms and items a delivery acceptance goes through (房屋交付验收). */
export const ACCEPTANCE_TEMPLATE: { room: string; items: string[] }[] = [
  { room: '入户门', items: ['门体与门锁', '猫眼与门铃'] },
  { room: '客厅', items: ['墙面', '地面', '门窗', '开关插座'] },
  { room: '卧室', items: ['墙面', '地面', '门窗', '开关插座'] },
  { room: '厨房', items: ['墙地面', '给排水', '燃气接口', '烟道'] },
  { room: '卫生间', items: ['墙地面', '给排水', '防水', '地漏'] },
  { room: '阳台', items: ['栏杆', '地面', '排水'] },
];

export const MOVE_IN_LIMITS = {
  agreementTitle: [2, 40],
  agreementBody: [20, 8000],
  defectItem: [1, 20],
  defectDescription: [2, 200],
  keysNote: [0, 100],
  meter: [0, 12],
  preference: [0, 300],
  revealReason: [4, 100],
} as const;

export const MOVE_IN_COUNTS = {
  /** Key sets handed over at most. */
  keySets: 20,
  defects: 30,
  defectPhotos: 6,
  rooms: 20,
  itemsPerRoom: 12,
} as const;

/** A meter reading as written on the form: digits with at most two decimals. */
export const METER_READING = /^(\d{1,9}(\.\d{1,2})?)?$/;
