import type { ShopFilter } from '../../../../../typings/contracts';
import type { Page } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { LIMITS } from '../../../../shared/limits';
import { whileBusy } from '../../../../utils/busy';
import { emptyShop, shopFieldsOf, shopState } from './draft';
import { freshRequest } from '../../../../behaviors/fresh-request';

interface ShopRow {
  id: string;
  title: string;
  tenant: string;
  checkText: string;
  label: string;
  theme: string;
  licenceWarning: string;
}

/**
 * 商铺管理 (seed 002 §8): the community's shops with their papers, the fire check due soonest
 * first; a new shop is registered with its licences and how often its fire facilities are checked.
 */
Component({
  behaviors: [communityScope, pagedList<ShopRow>(), freshRequest],
  data: {
    filter: 'all' as ShopFilter,
    formOpen: false,
    draft: emptyShop(),
    limits: LIMITS.shop,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ communityId: query.communityId ?? '', filter: query.filter === 'due' ? 'due' : 'all' });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '商铺管理仅对客服、客服经理和管理员开放'))) return;
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<ShopRow>> {
      const page = await call('shop.list', { communityId: this.data.communityId, filter: this.data.filter, ...(cursor ? { cursor } : {}) });
      return {
        items: page.items.map((shop) => ({ id: shop.id, title: shop.name, tenant: `${shop.tenant} · ${shop.business}`, ...shopState(shop) })),
        cursor: page.cursor,
      };
    },
    communityChanged() {
      this.reloadList();
    },
    communityLocked() {
      return this.data.formOpen;
    },
    onFilter(event: WechatMiniprogram.BaseEvent<Record<string, never>, { filter: ShopFilter }>) {
      this.setData({ filter: event.currentTarget.dataset.filter });
      this.reloadList();
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [`draft.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    async onCreate() {
      const checked = shopFieldsOf(this.data.draft);
      if ('problem' in checked) {
        wx.showToast({ title: checked.problem, icon: 'none' });
        return;
      }
      const { communityId, requestId } = this.data;
      await whileBusy(this, 'saving', async () => {
        try {
          await call('shop.create', { communityId, ...checked.fields }, { requestId });
          this.setData({ formOpen: false, draft: emptyShop(), requestId: newRequestId() });
          wx.showToast({ title: '已登记商铺', icon: 'success' });
          this.reloadList();
        } catch (error) {
          showError(error);
        }
      });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/site/pages/shop/index', { id: event.currentTarget.dataset.id });
    },
  },
});
