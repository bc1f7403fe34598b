import type { Page, RoleChange } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { ROLE_LABELS } from '../../../../shared/labels';
import { chinaMinute } from '../../../../shared/time';

interface ChangeView {
  id: string;
  name: string;
  change: string;
  by: string;
  at: string;
}

const HOW_LABELS: Record<RoleChange['how'], string> = { invite: '使用邀请码加入', roles: '调整角色' };

function toView(change: RoleChange): ChangeView {
  const labels = (roles: RoleChange['added']) => roles.map((role) => ROLE_LABELS[role]).join('、');
  return {
    id: change.id,
    name: change.name || '未填写姓名',
    change: [change.added.length ? `增加 ${labels(change.added)}` : '', change.removed.length ? `撤销 ${labels(change.removed)}` : ''].filter(Boolean).join('；') || '其他小区的角色',
    by: `${change.byName}（${HOW_LABELS[change.how]}）`,
    at: chinaMinute(change.at),
  };
}

/** 角色变更记录: who changed whose staff roles in the community, and when. Read-only, for admins. */
Component({
  behaviors: [communityScope, pagedList<ChangeView>()],
  methods: {
    async fetch() {
      if (await this.openScope(['admin'], '角色变更记录仅对管理员开放')) await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<ChangeView>> {
      const page = await call('staff.roleChanges', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toView), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
  },
});
