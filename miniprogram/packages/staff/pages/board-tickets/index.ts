import type { FigureKey, FigurePart } from '../../../../../typings/board';
import { loadable } from '../../../../behaviors/loadable';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { ticketRow, type TicketRow } from '../../../../pages/ticket/views';

const PARTS: { value: FigurePart; label: string }[] = [
  { value: 'missed', label: '未达标' },
  { value: 'met', label: '达标' },
  { value: 'counted', label: '全部' },
];
/** For 返修率 the tickets that count against it are the reopened ones. */
const REWORK_PARTS: { value: FigurePart; label: string }[] = [
  { value: 'met', label: '返修' },
  { value: 'missed', label: '未返修' },
  { value: 'counted', label: '全部' },
];

/** The tickets behind one figure of the board, by the rule that counted them (docs/kpi.md). */
Component({
  behaviors: [loadable],
  data: {
    query: { communityId: '', from: '', to: '', figure: '' as FigureKey | '' },
    part: 'missed' as FigurePart,
    parts: PARTS,
    items: [] as TicketRow[],
    total: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const figure = (query.figure ?? '') as FigureKey | '';
      this.setData({
        query: { communityId: query.communityId ?? '', from: query.from ?? '', to: query.to ?? '', figure },
        part: (query.part as FigurePart | undefined) ?? 'missed',
        parts: figure === 'rework' ? REWORK_PARTS : PARTS,
      });
      if (figure && query.communityId) void this.load();
      else this.fail('没有指定要查看的指标');
    },
    async fetch() {
      const { communityId, from, to, figure } = this.data.query;
      if (!figure) return;
      const found = await call('board.tickets', { communityId, from, to, figure, part: this.data.part });
      this.setData({ items: found.items.map(ticketRow), total: found.total });
    },
    onPart(event: WechatMiniprogram.CustomEvent<{ value: FigurePart }>) {
      this.setData({ part: event.detail.value });
      void this.load();
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
  },
});
