import type { FigureKey, FigurePart } from '../../../../../typings/board';
import type { Page } from '../../../../../typings/domain';
import { pagedList } from '../../../../behaviors/paged-list';
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

/** The tickets behind one figure of the board, by the rule that counted them (docs/kpi.md), oldest first. */
Component({
  behaviors: [pagedList<TicketRow>()],
  data: {
    query: { communityId: '', from: '', to: '', figure: '' as FigureKey | '' },
    part: 'missed' as FigurePart,
    parts: PARTS,
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
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<TicketRow>> {
      const { communityId, from, to, figure } = this.data.query;
      if (!figure) return { items: [] };
      const found = await call('board.tickets', { communityId, from, to, figure, part: this.data.part, ...(cursor ? { cursor } : {}) });
      if (!cursor) this.setData({ total: found.total });
      return { items: found.items.map(ticketRow), cursor: found.cursor };
    },
    onPart(event: WechatMiniprogram.CustomEvent<{ value: FigurePart }>) {
      this.setData({ part: event.detail.value });
      this.reloadList();
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
  },
});
