import type { NoticeText } from '../../../../typings/notice';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { COLORS, PAGE, createPdf } from '../documents/pdf';

/**
 * A notice on A4 for the notice boards, in the format of seed 001 三(二): portrait A4, top margin
 * (天头) 25 mm and left margin (订口) 28 mm; the right margin leaves the 156 mm text block of
 * GB/T 9704. The 文号 in 五号 (10.5 pt) 黑体, the title in 三号 (16 pt) 黑体 centred with double
 * spacing, the addressee in 四号 (14 pt) 楷体 加粗, the body in 四号楷体 at 1.5 line spacing, and the
 * 落款 (issuer and date) on the right. 黑体 is Noto Sans SC, 楷体 LXGW WenKai. All text is black
 * (三(二) 2 6)) but the 作废 mark of a withdrawn notice (seed 002 §2 ¶5).
 */
const MM = 72 / 25.4;
export const NOTICE_MARGINS = { top: 25 * MM, left: 28 * MM, right: 26 * MM, bottom: 25 * MM };

/** Official documents are printed in black. */
const INK = '#000000';

const SIZES = { number: 10.5, title: 16, body: 14, note: 10.5 } as const;

export interface NoticePrint {
  communityName: string;
  /** The 文号; a draft has none yet. */
  number?: string;
  /** The date signed under the issuer: when it was published. */
  date: Date;
  withdrawn?: { at: Date; reason: string };
}

const chineseDate = (at: Date): string => {
  const [year, month, day] = chinaDate(at).split('-').map(Number);
  return `${year}年${month}月${day}日`;
};

export async function noticePdf(notice: NoticeText, print: NoticePrint): Promise<Buffer> {
  const pdf = await createPdf({ title: notice.title, author: notice.issuer, families: ['kai'], margins: NOTICE_MARGINS });
  const { doc } = pdf;
  const left = NOTICE_MARGINS.left;
  const width = PAGE.width - NOTICE_MARGINS.left - NOTICE_MARGINS.right;
  const top = NOTICE_MARGINS.top;

  pdf.family('sans');
  doc.fontSize(SIZES.number).fillColor(INK);
  pdf.write(print.number ?? '（草稿，发布时编号）', left, top, { width, align: 'right' });
  doc.moveDown(0.3);
  const rule = doc.y;
  doc.moveTo(left, rule).lineTo(left + width, rule).lineWidth(1).strokeColor(COLORS.bad).stroke();
  doc.y = rule + 6;

  if (print.withdrawn) {
    // Seed 002 §2 ¶5: a withdrawn document is marked as such wherever it is kept.
    doc.fontSize(SIZES.note).fillColor(COLORS.bad);
    pdf.write(`【已作废】本通知已于${chineseDate(print.withdrawn.at)}作废。原因：${print.withdrawn.reason}`, left, undefined, { width });
  }

  doc.moveDown(0.8).fontSize(SIZES.title).fillColor(INK);
  // 三号黑体 with double line spacing.
  pdf.write(notice.title, left, undefined, { width, align: 'center', lineGap: SIZES.title });
  doc.moveDown(0.6);

  pdf.family('kai');
  doc.fontSize(SIZES.body).fillColor(INK);
  // 1.5 times the font's single line height.
  const lineGap = doc.currentLineHeight(true) * 0.5;
  doc.lineWidth(0.35).strokeColor(INK);
  pdf.write(`${notice.addressee.replace(/[：:]$/, '')}：`, left, undefined, { width, lineGap, stroke: true, fill: true });
  for (const paragraph of notice.body.split(/\n+/).map((line) => line.trim()).filter(Boolean)) {
    pdf.write(paragraph, left, undefined, { width, lineGap, indent: SIZES.body * 2 });
  }

  doc.moveDown(1.5);
  pdf.ensureSpace(SIZES.body * 4);
  pdf.write(notice.issuer, left, undefined, { width, align: 'right', lineGap });
  pdf.write(chineseDate(print.date), left, undefined, { width, align: 'right', lineGap });

  doc.moveDown(1);
  pdf.family('sans');
  doc.fontSize(SIZES.note).fillColor(INK);
  pdf.write(`发布范围：${notice.buildings.length ? notice.buildings.join('、') : `${print.communityName}全体业主、住户`}`, left, undefined, { width });
  return pdf.finish(`${print.communityName} · ${print.number ?? '通知草稿'}`, INK);
}
