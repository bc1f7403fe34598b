import type { Page } from '../../../typings/domain';
import { loadable } from '../../behaviors/loadable';
import { pagedList } from '../../behaviors/paged-list';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { ticketRow, type TicketRow } from './views';

Component({
  behaviors: [loadable, pagedList<TicketRow>()],
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      // Back from a detail page: the owner may have confirmed or accepted something there.
      if (this.data.status === 'ready') void this.load();
    },
    async fetch() {
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<TicketRow>> {
      const page = await call('ticket.mine', cursor ? { cursor } : {});
      return { items: page.items.map(ticketRow), cursor: page.cursor };
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('pages/ticket/detail', { id: event.currentTarget.dataset.id });
    },
    onNew() {
      navigateTo('pages/ticket/new');
    },
  },
});
