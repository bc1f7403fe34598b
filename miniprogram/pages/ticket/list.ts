import type { Page } from '../../../typings/domain';
import { reloadedOnReturn } from '../../behaviors/loadable';
import { pagedList } from '../../behaviors/paged-list';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { ticketRow, type TicketRow } from './views';

Component({
  behaviors: [reloadedOnReturn, pagedList<TicketRow>()],
  methods: {
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
