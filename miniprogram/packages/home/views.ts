/** Move-in records and agreements as the pages show them. */
import type { MoveInAction } from '../../../typings/actions';
import type { AgreementSignature, AgreementVersion, MoveInRecord, MoveInRow } from '../../../typings/movein';
import { AGREEMENT_KIND_LABELS, MOVE_IN_DOCUMENT_LABELS, MOVE_IN_STATUS_LABELS } from '../../shared/movein';
import { chinaMinute } from '../../shared/time';

export interface DefectView {
  id: string;
  title: string;
  description: string;
  photoUrls: string[];
  ticketId: string;
  ticketLine: string;
}

export interface MoveInView {
  id: string;
  version: number;
  unitId: string;
  unitLabel: string;
  status: MoveInRecord['status'];
  statusLabel: string;
  ownerName: string;
  recordedLine: string;
  documentsLine: string;
  agreementsLine: string;
  keysLine: string;
  metersLine: string;
  rooms: { room: string; line: string; problems: number }[];
  defects: DefectView[];
  signedLine: string;
  can: Record<MoveInAction, boolean>;
}

export const signatureLine = (signature: AgreementSignature): string =>
  `${signature.title}（第 ${signature.version} 版）${signature.signerName} ${chinaMinute(signature.signedAt)} 签署`;

export function moveInView(record: MoveInRecord): MoveInView {
  const can = { view: false, edit: false, sign: false, print: false };
  for (const action of record.allowed) can[action] = true;
  return {
    id: record.id,
    version: record.version,
    unitId: record.unitId,
    unitLabel: record.unitLabel,
    status: record.status,
    statusLabel: MOVE_IN_STATUS_LABELS[record.status],
    ownerName: record.ownerName,
    recordedLine: `${record.recordedByName} ${chinaMinute(record.createdAt)} 登记`,
    documentsLine: record.documents.length ? record.documents.map((code) => MOVE_IN_DOCUMENT_LABELS[code]).join('、') : '尚未收取',
    agreementsLine: record.agreements.length ? record.agreements.map(signatureLine).join('；') : '尚未签署管理规约',
    keysLine: `${record.keys.sets} 套${record.keys.note ? `，${record.keys.note}` : ''}`,
    metersLine: `水 ${record.meters.water || '—'}，电 ${record.meters.electricity || '—'}，燃气 ${record.meters.gas || '—'}`,
    rooms: record.rooms.map((room) => ({
      room: room.room,
      line: room.items.map((item) => `${item.name}${item.ok ? '✓' : '✗'}`).join(' '),
      problems: room.items.filter((item) => !item.ok).length,
    })),
    defects: record.defects.map((defect) => ({
      id: defect.id,
      title: `${defect.room}·${defect.item}`,
      description: defect.description,
      photoUrls: defect.photoUrls,
      ticketId: defect.ticket?.id ?? '',
      ticketLine: defect.ticket ? `保修工单 ${defect.ticket.number} · ${defect.ticket.status}：${defect.ticket.nextStep}` : '业主确认验收后转为开发商保修工单',
    })),
    signedLine: record.signature ? `业主 ${record.signature.byName} 已于 ${chinaMinute(record.signature.at)} 在小程序中确认` : '等待业主在小程序中确认验收',
    can,
  };
}

export const moveInRow = (row: MoveInRow) => ({
  id: row.id,
  unitLabel: row.unitLabel,
  ownerName: row.ownerName,
  status: row.status,
  statusLabel: MOVE_IN_STATUS_LABELS[row.status],
  line: `${chinaMinute(row.createdAt)} 登记 · 问题 ${row.defects} 项${row.signedAt ? ` · ${chinaMinute(row.signedAt)} 确认` : ''}`,
});

export const agreementView = (version: AgreementVersion) => ({
  id: version.id,
  title: version.title,
  heading: `${version.title}（${AGREEMENT_KIND_LABELS[version.kind]}，第 ${version.version} 版）`,
  body: version.body,
  publishedLine: `${version.publishedByName} ${chinaMinute(version.publishedAt)} 发布`,
});
