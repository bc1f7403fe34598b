/** The board as its page shows it: WXML cannot format percentages or pick colours from rules. */
import type { Board, Breakdown, Figure, TrendMonth } from '../../../../../typings/board';

export interface FigureCard {
  key: Figure['key'];
  label: string;
  value: string;
  target: string;
  ratio: string;
  /** good / bad / none (nothing counted). */
  tone: 'good' | 'bad' | 'none';
  source: string;
}

export interface BarRow {
  label: string;
  count: number;
  /** Width of the bar, percent of the largest. */
  width: number;
}

export interface BoardView {
  cards: FigureCard[];
  facts: { label: string; value: string }[];
  byKind: BarRow[];
  byCategory: BarRow[];
  byBuilding: BarRow[];
  recurring: { category: string; count: number; buildings: string }[];
  received: number;
  complaints: Board['complaints'];
}

const percent = (value: number | null): string => (value === null ? '暂无' : `${value.toFixed(1)}%`);

function bars(items: Breakdown[], limit = 8): BarRow[] {
  const top = items.slice(0, limit);
  const largest = Math.max(1, ...top.map((item) => item.count));
  return top.map((item) => ({ label: item.label, count: item.count, width: Math.max(4, Math.round((item.count * 100) / largest)) }));
}

const minutes = (value: number | null): string => (value === null ? '暂无' : value < 60 ? `${value} 分钟` : `${(value / 60).toFixed(1)} 小时`);

export function boardView(board: Board): BoardView {
  const { satisfaction: visits, firstResponse, escalations, punctuality, complaints } = board;
  return {
    cards: board.figures.map((figure) => ({
      key: figure.key,
      label: figure.label,
      value: percent(figure.percent),
      target: `目标 ${figure.targetText}`,
      ratio: figure.key === 'rework' ? `返修 ${figure.met} / 完成 ${figure.counted}` : `${figure.met} / ${figure.counted}`,
      tone: figure.onTarget === null ? 'none' : figure.onTarget ? 'good' : 'bad',
      source: figure.source,
    })),
    facts: [
      { label: '受理用时（中位数 / 90%）', value: `${minutes(firstResponse.median)} / ${minutes(firstResponse.p90)}` },
      { label: '回访：满意 / 基本满意 / 不满意', value: `${visits.satisfied} / ${visits.basic} / ${visits.unsatisfied}` },
      { label: '业主评分', value: visits.averageRating === null ? '暂无' : `${visits.averageRating.toFixed(1)} 分（${visits.rated} 人）` },
      { label: '投诉升级：至经理 / 至负责人', value: `${escalations.toManager} / ${escalations.toHead}` },
      { label: '上门：准时 / 早到 / 迟到', value: `${punctuality.onTime} / ${punctuality.early} / ${punctuality.late}` },
      { label: '重大 / 群体 / 反复 / 无效投诉', value: `${complaints.major} / ${complaints.group} / ${complaints.repeat} / ${complaints.invalid}` },
      { label: '未送达的提醒', value: String(board.unreachedAlerts) },
    ],
    byKind: bars(board.volumes.byKind),
    byCategory: bars(board.volumes.byCategory),
    byBuilding: bars(board.volumes.byBuilding),
    recurring: board.recurring.map((item) => ({ category: item.category, count: item.count, buildings: item.buildings.join('、') })),
    received: board.received,
    complaints: board.complaints,
  };
}

export interface TrendRow {
  key: Figure['key'];
  label: string;
  columns: { month: string; text: string; tone: 'good' | 'bad' | 'none' }[];
  /** What the chart draws: the months, the percentages (null without a report), the target. */
  series: { categories: string[]; values: (number | null)[]; target: number };
}

/** Each figure over the last 12 months: the chart's series and the numbers under it (none without a report). */
export function trendRows(trend: TrendMonth[]): TrendRow[] {
  const latest = [...trend].reverse().find((month) => month.figures.length > 0);
  if (!latest) return [];
  return latest.figures.map((figure) => ({
    key: figure.key,
    label: figure.label,
    series: {
      categories: trend.map((month) => `${Number(month.month.slice(5, 7))}月`),
      values: trend.map((month) => month.figures.find((candidate) => candidate.key === figure.key)?.percent ?? null),
      target: Number(/\d+/.exec(figure.targetText)?.[0] ?? 100),
    },
    columns: trend.map((month) => {
      const found = month.figures.find((candidate) => candidate.key === figure.key);
      const percent = found?.percent ?? null;
      return {
        month: `${Number(month.month.slice(5, 7))}月`,
        text: percent === null ? '—' : `${Math.round(percent)}`,
        tone: !found || found.onTarget === null ? 'none' : found.onTarget ? 'good' : 'bad',
      };
    }),
  }));
}
