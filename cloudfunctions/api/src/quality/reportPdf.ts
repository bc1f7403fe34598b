import type { Board, Figure } from '../../../../typings/board';
import type { ReviewStatus } from '../../../../typings/review';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { SATISFACTION_LABELS, TICKET_STATUS_LABELS } from '../../../../miniprogram/shared/labels';
import type { TicketStatus } from '../../../../typings/tickets';
import { bars, donut, lines } from '../documents/charts';
import { COLORS, CONTENT_WIDTH, PAGE, createPdf, type Pdf } from '../documents/pdf';

/**
 * The monthly report as a few A4 pages (seed 002 §4 ¶2 月报): the standards' targets against the
 * month's figures with the counts behind them, charts, the service process, the top recurring
 * issues, the major, group and repeat complaints with their self-inspection, and the manager's comment.
 */

export interface ReportComplaint {
  number: string;
  receivedAt: Date;
  reasons: string[];
  category: string;
  locationLabel: string;
  status: TicketStatus;
  /** The self-inspections that took it up. */
  reviews: { number: string; status: ReviewStatus; measures: string; deadline: string; outcome?: string }[];
}

export interface ReportContent {
  title: string;
  month: string;
  board: Board;
  generatedAt: Date;
  /** Earlier months' figures for the trend (oldest first), this month last. */
  trend: { month: string; figures: Figure[] }[];
  complaints: ReportComplaint[];
  comment?: { text: string; byName: string; at: Date };
}

const monthText = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
const percentText = (figure: Figure): string => (figure.percent === null ? '暂无' : `${figure.percent.toFixed(1)}%`);
const verdict = (figure: Figure): string => (figure.onTarget === null ? '无样本' : figure.onTarget ? '达标' : '未达标');
const verdictColor = (figure: Figure): string => (figure.onTarget === null ? COLORS.muted : figure.onTarget ? COLORS.good : COLORS.bad);
/** The number in a target text (≥ 95% → 95), for the marker on its bar. */
const targetOf = (figure: Figure): number | undefined => {
  const match = /([\d.]+)\s*%/.exec(figure.targetText);
  return match ? Number(match[1]) : undefined;
};

function heading(pdf: Pdf, text: string): void {
  pdf.ensureSpace(60);
  pdf.doc.moveDown(0.8);
  pdf.doc.fontSize(13).fillColor(COLORS.brand);
  pdf.write(text, PAGE.margin, undefined, { width: CONTENT_WIDTH });
  const y = pdf.doc.y + 2;
  pdf.doc.moveTo(PAGE.margin, y).lineTo(PAGE.margin + CONTENT_WIDTH, y).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
  pdf.doc.y = y + 6;
  pdf.doc.fontSize(10).fillColor(COLORS.text);
}

interface Column {
  header: string;
  width: number;
  color?: (row: number) => string;
}

/** A table with a header row; rows wrap within their cells and break across pages. */
function table(pdf: Pdf, columns: Column[], rows: string[][]): void {
  const { doc } = pdf;
  const heightOf = (cells: string[]): number => {
    doc.fontSize(9);
    return Math.max(...cells.map((cell, index) => pdf.heightOf(cell, columns[index].width - 8))) + 8;
  };
  const drawRow = (cells: string[], header: boolean, rowIndex: number): void => {
    const height = heightOf(cells);
    // A header keeps its first row with it on the page.
    pdf.ensureSpace(header && rows.length > 0 ? height + heightOf(rows[0]) : height);
    const top = doc.y;
    if (header) doc.rect(PAGE.margin, top, CONTENT_WIDTH, height).fill('#f2f3f5');
    let x = PAGE.margin;
    cells.forEach((cell, index) => {
      doc.fontSize(9).fillColor(header ? COLORS.muted : (columns[index].color?.(rowIndex) ?? COLORS.text));
      pdf.write(cell, x + 4, top + 4, { width: columns[index].width - 8 });
      x += columns[index].width;
    });
    doc.moveTo(PAGE.margin, top + height).lineTo(PAGE.margin + CONTENT_WIDTH, top + height).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    doc.y = top + height;
  };
  drawRow(columns.map((column) => column.header), true, -1);
  rows.forEach((row, index) => drawRow(row, false, index));
  doc.x = PAGE.margin;
}

function facts(pdf: Pdf, items: [string, string][]): void {
  table(pdf, [{ header: '项目', width: 220 }, { header: '数值', width: CONTENT_WIDTH - 220 }], items.map(([item, value]) => [item, value]));
}

function figuresSection(pdf: Pdf, board: Board): void {
  heading(pdf, '一、服务标准目标与本月实际');
  table(
    pdf,
    [
      { header: '指标', width: 170 },
      { header: '目标', width: 60 },
      { header: '达标 / 计入', width: 75 },
      { header: '实际', width: 60 },
      { header: '结论', width: 55, color: (row) => verdictColor(board.figures[row]) },
      { header: '依据', width: CONTENT_WIDTH - 420 },
    ],
    board.figures.map((figure) => [figure.label, figure.targetText, `${figure.met} / ${figure.counted}`, percentText(figure), verdict(figure), figure.source]),
  );
  pdf.ensureSpace(board.figures.length * 20 + 40);
  pdf.doc.moveDown(0.6);
  pdf.doc.fontSize(9).fillColor(COLORS.muted);
  pdf.write('各指标实际（竖线为目标）', PAGE.margin, undefined, { width: CONTENT_WIDTH });
  pdf.doc.y = bars(
    pdf,
    PAGE.margin,
    pdf.doc.y + 4,
    CONTENT_WIDTH,
    board.figures.map((figure) => ({ label: figure.label, value: figure.percent, valueText: percentText(figure), color: verdictColor(figure), target: targetOf(figure) })),
    100,
  );
}

function processSection(pdf: Pdf, board: Board): void {
  heading(pdf, '二、服务过程');
  const minutes = (value: number | null): string => (value === null ? '暂无' : `${value} 分钟`);
  facts(pdf, [
    ['受理工单', `${board.received} 件`],
    ['受理用时（中位数 / 90%）', `${minutes(board.firstResponse.median)} / ${minutes(board.firstResponse.p90)}（${board.firstResponse.count} 件）`],
    ['上门 准时 / 早到 / 迟到', `${board.punctuality.onTime} / ${board.punctuality.early} / ${board.punctuality.late}`],
    ['投诉升级至经理 / 负责人', `${board.escalations.toManager} / ${board.escalations.toHead}`],
    ['重大 / 群体 / 反复 / 无效投诉', `${board.complaints.major} / ${board.complaints.group} / ${board.complaints.repeat} / ${board.complaints.invalid}`],
    ['未送达的提醒', `${board.unreachedAlerts} 条`],
  ]);
  const { satisfied, basic, unsatisfied, averageRating, rated } = board.satisfaction;
  pdf.ensureSpace(130);
  pdf.doc.moveDown(0.8);
  pdf.doc.fontSize(9).fillColor(COLORS.muted);
  pdf.write(`回访满意度${averageRating === null ? '' : `（业主评分均分 ${averageRating}，${rated} 件）`}`, PAGE.margin, undefined, { width: CONTENT_WIDTH });
  const top = pdf.doc.y + 8;
  donut(
    pdf,
    PAGE.margin + 55,
    top + 50,
    45,
    [
      { label: SATISFACTION_LABELS.satisfied, value: satisfied, color: COLORS.good },
      { label: SATISFACTION_LABELS.basic, value: basic, color: '#f5ba18' },
      { label: SATISFACTION_LABELS.unsatisfied, value: unsatisfied, color: COLORS.bad },
    ],
    `${satisfied + basic + unsatisfied} 件`,
  );
  pdf.doc.y = top + 110;
}

function trendSection(pdf: Pdf, content: ReportContent): void {
  heading(pdf, '三、近 12 个月趋势');
  pdf.ensureSpace(170);
  const keys = ['complaintFeedback', 'urgentTimely', 'satisfaction'] as const;
  const series = keys.map((key, index) => ({
    label: content.board.figures.find((figure) => figure.key === key)?.label ?? key,
    values: content.trend.map((month) => month.figures.find((figure) => figure.key === key)?.percent ?? null),
    color: COLORS.series[index],
  }));
  const top = pdf.doc.y + 4;
  lines(pdf, PAGE.margin, top, CONTENT_WIDTH, 150, content.trend.map((month) => `${Number(month.month.slice(5, 7))}月`), series);
  pdf.doc.y = top + 160;
  pdf.doc.x = PAGE.margin;
}

function volumeSection(pdf: Pdf, board: Board): void {
  heading(pdf, '四、受理量与反复出现的问题');
  const groups: [string, Board['volumes']['byKind']][] = [
    ['按类型', board.volumes.byKind],
    ['按渠道', board.volumes.byChannel],
    ['按类别（前 8）', board.volumes.byCategory.slice(0, 8)],
    ['按楼栋（前 8）', board.volumes.byBuilding.slice(0, 8)],
  ];
  for (const [title, items] of groups) {
    if (items.length === 0) continue;
    pdf.ensureSpace(items.length * 20 + 24);
    pdf.doc.fontSize(9).fillColor(COLORS.muted);
    pdf.write(title, PAGE.margin, undefined, { width: CONTENT_WIDTH });
    const max = Math.max(...items.map((item) => item.count));
    pdf.doc.y = bars(pdf, PAGE.margin, pdf.doc.y + 2, CONTENT_WIDTH, items.map((item, index) => ({ label: item.label, value: item.count, valueText: `${item.count} 件`, color: COLORS.series[index % COLORS.series.length] })), max);
  }
  pdf.doc.moveDown(0.4);
  pdf.ensureSpace(80);
  pdf.doc.fontSize(9).fillColor(COLORS.muted);
  pdf.write('反复出现的问题（本月出现 2 次及以上的类别）', PAGE.margin, undefined, { width: CONTENT_WIDTH });
  pdf.doc.moveDown(0.3);
  if (board.recurring.length === 0) {
    pdf.doc.fontSize(10).fillColor(COLORS.text);
    pdf.write('无。', PAGE.margin, undefined, { width: CONTENT_WIDTH });
    return;
  }
  table(
    pdf,
    [{ header: '类别', width: 160 }, { header: '次数', width: 60 }, { header: '涉及楼栋', width: CONTENT_WIDTH - 220 }],
    board.recurring.map((item) => [item.category, `${item.count}`, item.buildings.join('、')]),
  );
}

function complaintsSection(pdf: Pdf, complaints: ReportComplaint[]): void {
  heading(pdf, '五、重大、群体、反复投诉及自查整改');
  if (complaints.length === 0) {
    pdf.doc.fontSize(10).fillColor(COLORS.text);
    pdf.write('本月没有重大、群体或反复投诉。', PAGE.margin, undefined, { width: CONTENT_WIDTH });
    return;
  }
  const followUp = (complaint: ReportComplaint): string =>
    complaint.reviews.length === 0
      ? '尚未开展自查'
      : complaint.reviews
          .map((review) => `${review.number}（${review.status === 'done' ? '已完成' : `进行中，期限 ${review.deadline}`}）：${review.outcome || review.measures || '措施待填写'}`)
          .join('\n');
  table(
    pdf,
    [
      { header: '工单', width: 95 },
      { header: '性质', width: 55 },
      { header: '类别 / 位置', width: 120 },
      { header: '状态', width: 50 },
      { header: '自查整改', width: CONTENT_WIDTH - 320 },
    ],
    complaints.map((complaint) => [
      `${complaint.number}\n${chinaMinute(complaint.receivedAt)}`,
      complaint.reasons.join('、'),
      `${complaint.category}\n${complaint.locationLabel}`,
      TICKET_STATUS_LABELS[complaint.status],
      followUp(complaint),
    ]),
  );
}

function commentSection(pdf: Pdf, comment: ReportContent['comment']): void {
  heading(pdf, '六、经理评语');
  pdf.doc.fontSize(10).fillColor(comment ? COLORS.text : COLORS.muted);
  pdf.write(comment ? comment.text : '尚未填写。', PAGE.margin, undefined, { width: CONTENT_WIDTH });
  if (comment) {
    pdf.doc.moveDown(0.3).fontSize(9).fillColor(COLORS.muted);
    pdf.write(`${comment.byName} · ${chinaMinute(comment.at)}`, PAGE.margin, undefined, { width: CONTENT_WIDTH, align: 'right' });
  }
}

/** The report's PDF. */
export async function reportPdf(content: ReportContent): Promise<Buffer> {
  const title = `${content.title} 物业服务月报 ${monthText(content.month)}`;
  const pdf = await createPdf({ title, author: '物业客服' });
  pdf.doc.fontSize(18).fillColor(COLORS.text);
  pdf.write(title, PAGE.margin, PAGE.margin, { width: CONTENT_WIDTH });
  pdf.doc.moveDown(0.3).fontSize(9).fillColor(COLORS.muted);
  pdf.write(`统计区间 ${content.board.from} 至 ${content.board.to} · 受理 ${content.board.received} 件 · 生成于 ${chinaMinute(content.generatedAt)}`, PAGE.margin, undefined, { width: CONTENT_WIDTH });
  figuresSection(pdf, content.board);
  processSection(pdf, content.board);
  trendSection(pdf, content);
  volumeSection(pdf, content.board);
  complaintsSection(pdf, content.complaints);
  commentSection(pdf, content.comment);
  return pdf.finish(title);
}
