import { z } from 'zod';
import type { Board } from '../../../../typings/board';
import { MAINTAINERS, inCommunity } from '../access';
import { ALL_COMMUNITIES } from '../caller';
import { excel, sheet } from '../excel';
import { storeExport } from '../files';
import type { Route } from '../router';
import type { TicketDocument } from '../tickets/model';
import { calendarDate, id } from '../validation';
import { CHANNEL_LABELS, SATISFACTION_LABELS, TICKET_KIND_LABELS, TICKET_STATUS_LABELS } from '../../../../miniprogram/shared/labels';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { boardFor } from './board';
import { FIGURE_KEYS, RULES, ticketsBehind, type Period } from './kpi';


const percentText = (value: number | null): string => (value === null ? '暂无' : `${value.toFixed(1)}%`);

/** The board as a workbook: the figures, what is behind each, and every ticket of the period (no owner contacts). */
export async function workbookOf(board: Board, tickets: TicketDocument[], period: Period): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  sheet(
    workbook,
    '指标',
    [
      { header: '指标', key: 'label', width: 28 },
      { header: '目标', key: 'target', width: 10 },
      { header: '达标', key: 'met', width: 8 },
      { header: '计入', key: 'counted', width: 8 },
      { header: '实际', key: 'percent', width: 10 },
      { header: '是否达标', key: 'onTarget', width: 10 },
      { header: '依据', key: 'source', width: 16 },
    ],
    board.figures.map((figure) => ({
      label: figure.label,
      target: figure.targetText,
      met: figure.met,
      counted: figure.counted,
      percent: percentText(figure.percent),
      onTarget: figure.onTarget === null ? '—' : figure.onTarget ? '达标' : '未达标',
      source: figure.source,
    })),
  );
  sheet(
    workbook,
    '服务过程',
    [
      { header: '项目', key: 'item', width: 28 },
      { header: '数值', key: 'value', width: 24 },
    ],
    [
      { item: '统计区间', value: `${board.from} 至 ${board.to}` },
      { item: '受理工单', value: board.received },
      { item: '受理用时中位数（分钟）', value: board.firstResponse.median ?? '暂无' },
      { item: '受理用时 90%（分钟）', value: board.firstResponse.p90 ?? '暂无' },
      { item: '回访 满意 / 基本满意 / 不满意', value: `${board.satisfaction.satisfied} / ${board.satisfaction.basic} / ${board.satisfaction.unsatisfied}` },
      { item: '业主平均评分', value: board.satisfaction.averageRating ?? '暂无' },
      { item: '投诉升级至经理 / 负责人', value: `${board.escalations.toManager} / ${board.escalations.toHead}` },
      { item: '上门 准时 / 早到 / 迟到', value: `${board.punctuality.onTime} / ${board.punctuality.early} / ${board.punctuality.late}` },
      { item: '重大 / 群体 / 反复 / 无效投诉', value: `${board.complaints.major} / ${board.complaints.group} / ${board.complaints.repeat} / ${board.complaints.invalid}` },
      { item: '未送达的提醒', value: board.unreachedAlerts },
      { item: '统计时点', value: chinaMinute(board.computedAt) },
    ],
  );
  sheet(
    workbook,
    '分类统计',
    [
      { header: '维度', key: 'by', width: 10 },
      { header: '项目', key: 'label', width: 28 },
      { header: '数量', key: 'count', width: 8 },
    ],
    [
      ...board.volumes.byKind.map((item) => ({ by: '类型', ...item })),
      ...board.volumes.byChannel.map((item) => ({ by: '渠道', ...item })),
      ...board.volumes.byCommunity.map((item) => ({ by: '小区', ...item })),
      ...board.volumes.byBuilding.map((item) => ({ by: '楼栋', ...item })),
      ...board.volumes.byCategory.map((item) => ({ by: '类别', ...item })),
      ...board.recurring.map((item) => ({ by: '反复问题', label: `${item.category}（${item.buildings.join('、')}）`, count: item.count })),
    ],
  );
  const row = (ticket: TicketDocument) => ({
    number: ticket.number,
    kind: TICKET_KIND_LABELS[ticket.kind],
    category: ticket.category,
    location: ticket.locationLabel,
    channel: CHANNEL_LABELS[ticket.channel],
    status: TICKET_STATUS_LABELS[ticket.status],
    received: chinaMinute(ticket.createdAt),
    accepted: chinaMinute(ticket.acceptedAt),
    feedback: chinaMinute(ticket.feedbackAt),
    resolved: chinaMinute(ticket.resolvedAt),
    visit: ticket.returnVisit ? SATISFACTION_LABELS[ticket.returnVisit.satisfaction] : '',
    rework: ticket.reworkCount,
  });
  const ticketColumns = [
    { header: '编号', key: 'number', width: 18 },
    { header: '类型', key: 'kind', width: 8 },
    { header: '类别', key: 'category', width: 20 },
    { header: '位置', key: 'location', width: 16 },
    { header: '渠道', key: 'channel', width: 8 },
    { header: '状态', key: 'status', width: 8 },
    { header: '收到', key: 'received', width: 17 },
    { header: '受理', key: 'accepted', width: 17 },
    { header: '首次反馈', key: 'feedback', width: 17 },
    { header: '完成', key: 'resolved', width: 17 },
    { header: '回访', key: 'visit', width: 10 },
    { header: '返修次数', key: 'rework', width: 8 },
  ];
  sheet(
    workbook,
    '未达标工单',
    [{ header: '指标', key: 'figure', width: 24 }, ...ticketColumns],
    FIGURE_KEYS.flatMap((key) => ticketsBehind(tickets, key, key === 'rework' ? 'met' : 'missed', period).map((ticket) => ({ figure: RULES[key].label, ...row(ticket) }))),
  );
  sheet(workbook, '工单明细', ticketColumns, [...tickets].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime()).map(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The board of a period as .xlsx, behind a link valid 10 minutes. */
export const exportBoard: Route<'board.export'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: z.union([id, z.literal(ALL_COMMUNITIES)]), from: calendarDate, to: calendarDate }),
  async handle({ communityId, from, to }, { now }) {
    const { board, tickets, period } = await boardFor(communityId, from, to, now);
    const folder = communityId === ALL_COMMUNITIES ? 'company' : communityId;
    const cloudPath = `reports/${folder}/board-${from}-${to}-${now.getTime()}.xlsx`;
    return storeExport(cloudPath, await workbookOf(board, tickets, period));
  },
};
