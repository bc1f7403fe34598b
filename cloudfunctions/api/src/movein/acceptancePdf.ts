import type { MoveInRecord } from '../../../../typings/movein';
import { MOVE_IN_DOCUMENT_LABELS, MOVE_IN_STATUS_LABELS } from '../../../../miniprogram/shared/movein';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { COLORS, CONTENT_WIDTH, PAGE, createPdf } from '../documents/pdf';

/**
 * 房屋交付验收记录 on A4 (seed 002 §10 保留完整的房屋交付验收等有效记录): the move-in checklist,
 * every room's items, the defects with the warranty ticket each became, and the owner's
 * confirmation with its time.
 */
export async function acceptancePdf(record: MoveInRecord, communityName: string): Promise<Buffer> {
  const pdf = await createPdf({ title: `房屋交付验收记录 ${record.unitLabel}`, author: communityName });
  const { doc } = pdf;
  const left = PAGE.margin;
  const heading = (title: string): void => {
    pdf.ensureSpace(60);
    doc.moveDown(0.8).fontSize(12).fillColor(COLORS.brand);
    pdf.write(title, left, undefined, { width: CONTENT_WIDTH });
    doc.moveDown(0.2).fontSize(10).fillColor(COLORS.text);
  };
  const line = (text: string): void => {
    pdf.ensureSpace(20);
    pdf.write(text, left, undefined, { width: CONTENT_WIDTH, lineGap: 2 });
  };

  doc.fontSize(18).fillColor(COLORS.text);
  pdf.write('房屋交付验收记录', left, PAGE.margin, { width: CONTENT_WIDTH, align: 'center' });
  doc.moveDown(0.4).fontSize(10).fillColor(COLORS.muted);
  pdf.write(`${communityName} · ${record.unitLabel} · ${MOVE_IN_STATUS_LABELS[record.status]}`, left, undefined, { width: CONTENT_WIDTH, align: 'center' });
  doc.fillColor(COLORS.text);

  heading('一、入住办理');
  line(`业主：${record.ownerName}，登记人：${record.recordedByName}，登记时间：${chinaMinute(record.createdAt)}`);
  line(`已收资料：${record.documents.length ? record.documents.map((code) => MOVE_IN_DOCUMENT_LABELS[code]).join('、') : '（无）'}`);
  line(`已签协议：${record.agreements.length ? record.agreements.map((signature) => `${signature.title}（第 ${signature.version} 版，${chinaMinute(signature.signedAt)} 签署）`).join('；') : '（尚未签署管理规约）'}`);
  line(`钥匙交接：${record.keys.sets} 套${record.keys.note ? `，${record.keys.note}` : ''}`);
  line(`表具读数：水 ${record.meters.water || '—'} 电 ${record.meters.electricity || '—'} 燃气 ${record.meters.gas || '—'}`);

  heading('二、分户验收');
  for (const room of record.rooms) {
    line(`${room.room}：${room.items.map((item) => `${item.name}${item.ok ? '合格' : '有问题'}`).join('，') || '未检查'}`);
  }

  heading(`三、问题记录（${record.defects.length} 项，开发商保修）`);
  if (!record.defects.length) line('验收未发现问题。');
  record.defects.forEach((defect, index) => {
    const ticket = defect.ticket ? `，保修工单 ${defect.ticket.number}（${defect.ticket.status}）` : '，业主确认后转为保修工单';
    line(`${index + 1}. ${defect.room}·${defect.item}：${defect.description}（照片 ${defect.photos.length} 张${ticket}）`);
  });

  heading('四、业主确认');
  line(record.signature ? `业主 ${record.signature.byName} 已于 ${chinaMinute(record.signature.at)} 在小程序中确认本验收记录。` : '业主尚未确认。');
  return pdf.finish(`${communityName} · 房屋交付验收记录 · ${record.unitLabel}`);
}
