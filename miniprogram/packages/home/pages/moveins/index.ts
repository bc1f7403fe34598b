import type { Page } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { moveInRow } from '../../views';

type Row = ReturnType<typeof moveInRow>;

/**
 * 入住办理 (seed 002 §10): the community's move-ins, newest first — the desk opens a new one or
 * continues one the owner has not confirmed yet; the manager reads them all, and the community's
 * 管理规约 versions are a tap away.
 */
Component({
  behaviors: [communityScope, pagedList<Row>()],
  data: {
    canRecord: false,
  },
  methods: {
    onShow() {
      if (this.data.status === 'ready') this.reloadList();
    },
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '入住办理仅对客服、客服经理和管理员开放'))) return;
      this.setData({ canRecord: this.rolesHere().some((role) => role === 'cs' || role === 'manager') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const page = await call('movein.list', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(moveInRow), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
    onNew() {
      navigateTo('packages/home/pages/movein/index', { communityId: this.data.communityId });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/home/pages/movein/index', { communityId: this.data.communityId, id: event.currentTarget.dataset.id });
    },
    onAgreements() {
      navigateTo('packages/home/pages/agreements/index', { communityId: this.data.communityId });
    },
  },
});
