import type { AccessKind, AccessLogEntry, Page } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { chinaMinute } from '../../../../shared/time';

interface EntryView {
  id: string;
  actor: string;
  kind: AccessKind;
  subject: string;
  fields: string;
  reason: string;
  at: string;
}

function toView(entry: AccessLogEntry): EntryView {
  return {
    id: entry.id,
    actor: entry.actorName || '未填写姓名的用户',
    kind: entry.kind,
    subject: entry.subject,
    fields: entry.fields.join('、'),
    reason: entry.reason || '未填写',
    at: chinaMinute(entry.at),
  };
}

/** Read-only by design: the log has no edit or delete action anywhere, here or on the server. */
Component({
  behaviors: [communityScope, pagedList<EntryView>()],
  methods: {
    async fetch() {
      if (await this.openScope(['manager', 'admin'], '您没有可查阅访问记录的小区')) await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<EntryView>> {
      const page = await call('accessLog.list', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toView), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
  },
});
