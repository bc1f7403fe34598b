import type { BillItem, PaymentChannel } from '../../../../typings/disclosure';
import { FEE_UNIT_LABELS, PAYMENT_CHANNEL_LABELS } from '../../../../miniprogram/shared/labels';
import { hundredths, yuan } from '../../../../miniprogram/shared/money';
import { chinaMinute, monthLabel } from '../../../../miniprogram/shared/time';
import { COLORS, CONTENT_WIDTH, PAGE, createPdf } from '../documents/pdf';
import { nzh } from '../lazy';

/**
 * An electronic receipt (电子收据) for one payment of a bill (seed 000 (五) 2 主动出具票据): its
 * number, the community and home paid for, the bill's items, the amount in figures and in capital
 * characters (大写), when and how it was paid — on one A4 page.
 */
export interface ReceiptContent {
  receiptNo: string;
  communityName: string;
  unitLabel: string;
  period: string;
  items: BillItem[];
  totalFen: number;
  amountFen: number;
  /** Paid on the bill so far, this payment included, and what is left. */
  paidFen: number;
  outstandingFen: number;
  channel: PaymentChannel;
  transactionId?: string;
  at: Date;
  refund?: { at: Date; reason: string };
}

/** Amount in capital characters, as receipts write it: `人民币壹佰陆拾伍元伍角捌分`, `人民币壹佰元整`. */
async function capital(fen: number): Promise<string> {
  const words = nzh().cn.toMoney(yuan(fen), { outSymbol: true });
  return /元$/.test(words) ? `${words}整` : words;
}

export async function receiptPdf(receipt: ReceiptContent): Promise<Buffer> {
  const title = '物业服务费电子收据';
  const pdf = await createPdf({ title: `${title} ${receipt.receiptNo}`, author: receipt.communityName });
  const { doc } = pdf;
  const left = PAGE.margin;
  doc.fontSize(20).fillColor(COLORS.text);
  pdf.write(title, left, PAGE.margin, { width: CONTENT_WIDTH, align: 'center' });
  doc.moveDown(0.4).fontSize(10).fillColor(COLORS.muted);
  pdf.write(`收据号 ${receipt.receiptNo}`, left, undefined, { width: CONTENT_WIDTH, align: 'right' });
  doc.moveDown(0.6);

  const facts: [string, string][] = [
    ['收款单位', `${receipt.communityName} 物业服务中心`],
    ['缴费房屋', receipt.unitLabel],
    ['账期', monthLabel(receipt.period)],
    ['收款时间', chinaMinute(receipt.at)],
    ['收款方式', `${PAYMENT_CHANNEL_LABELS[receipt.channel]}${receipt.transactionId ? `（交易单号 ${receipt.transactionId}）` : ''}`],
  ];
  doc.fontSize(11).fillColor(COLORS.text);
  for (const [label, value] of facts) {
    const top = doc.y;
    doc.fillColor(COLORS.muted);
    pdf.write(label, left, top, { width: 90 });
    doc.fillColor(COLORS.text);
    pdf.write(value, left + 90, top, { width: CONTENT_WIDTH - 90 });
    doc.y = Math.max(doc.y, top + 18);
  }

  doc.moveDown(0.8);
  const columns = [
    { header: '收费项目', width: 170 },
    { header: '标准', width: 110 },
    { header: '数量', width: 100 },
    { header: '金额（元）', width: CONTENT_WIDTH - 380 },
  ];
  const row = (cells: string[], header: boolean): void => {
    const top = doc.y;
    if (header) doc.rect(left, top, CONTENT_WIDTH, 22).fill('#f2f3f5');
    let x = left;
    cells.forEach((cell, index) => {
      doc.fontSize(10).fillColor(header ? COLORS.muted : COLORS.text);
      pdf.write(cell, x + 6, top + 6, { width: columns[index].width - 12, align: index === 3 ? 'right' : 'left' });
      x += columns[index].width;
    });
    doc.moveTo(left, top + 22).lineTo(left + CONTENT_WIDTH, top + 22).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    doc.y = top + 22;
  };
  row(columns.map((column) => column.header), true);
  for (const item of receipt.items) {
    row([item.name, `${yuan(item.priceFen)}元/${FEE_UNIT_LABELS[item.unit].per}`, `${hundredths(item.quantityCenti, 'trimmed')}${FEE_UNIT_LABELS[item.unit].quantity}`, yuan(item.amountFen)], false);
  }
  row(['账单合计', '', '', yuan(receipt.totalFen)], false);

  doc.moveDown(1);
  doc.fontSize(13).fillColor(COLORS.text);
  pdf.write(`本次实收 ¥${yuan(receipt.amountFen)}`, left, undefined, { width: CONTENT_WIDTH });
  doc.moveDown(0.2).fontSize(11);
  pdf.write(`大写：${await capital(receipt.amountFen)}`, left, undefined, { width: CONTENT_WIDTH });
  doc.moveDown(0.2).fontSize(10).fillColor(COLORS.muted);
  pdf.write(`本账单已缴 ¥${yuan(receipt.paidFen)}，待缴 ¥${yuan(receipt.outstandingFen)}`, left, undefined, { width: CONTENT_WIDTH });
  if (receipt.refund) {
    doc.moveDown(0.6).fontSize(11).fillColor(COLORS.bad);
    pdf.write(`本笔款项已于 ${chinaMinute(receipt.refund.at)} 退回：${receipt.refund.reason}`, left, undefined, { width: CONTENT_WIDTH });
  }
  doc.moveDown(1.2).fontSize(9).fillColor(COLORS.muted);
  pdf.write('本收据由物业客服系统按实际收款生成，可在小程序“我的账单”中随时查看；如需发票，请联系物业服务中心。', left, undefined, { width: CONTENT_WIDTH });
  return pdf.finish(`${receipt.communityName} · ${title}`);
}
