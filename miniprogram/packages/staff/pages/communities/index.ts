import type { Community } from '../../../../../typings/domain';
import { loadable } from '../../../../behaviors/loadable';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';

Component({
  behaviors: [loadable],
  data: {
    communities: [] as Community[],
  },
  methods: {
    /** Reloads on every show, so a community saved on the edit page appears on return. */
    onShow() {
      void this.load();
    },
    async fetch() {
      this.setData({ communities: await call('community.list', {}) });
    },
    onCreate() {
      navigateTo('packages/staff/pages/communities/edit');
    },
    onEdit(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/communities/edit', { id: event.currentTarget.dataset.id });
    },
  },
});
