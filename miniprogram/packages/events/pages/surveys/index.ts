import type { Page } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { surveyRow } from '../../views';

type Row = ReturnType<typeof surveyRow>;

/**
 * 顾客意见调查 (seed 002 §6, at least once a year): the community's questionnaires, newest first.
 * A draft opens in the editor, a sent one in its results.
 */
Component({
  behaviors: [communityScope, pagedList<Row>()],
  data: { canWrite: false },
  methods: {
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '意见调查仅对本小区的客服、客服经理和管理员开放'))) return;
      this.setData({ canWrite: this.rolesHere().some((role) => role === 'manager' || role === 'admin') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const page = await call('survey.list', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(surveyRow), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
    onNew() {
      navigateTo('packages/events/pages/survey-edit/index', { communityId: this.data.communityId });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const survey = this.data.items[event.currentTarget.dataset.index];
      if (survey.status === 'draft') navigateTo('packages/events/pages/survey-edit/index', { id: survey.id });
      else navigateTo('packages/events/pages/survey-results/index', { id: survey.id });
    },
  },
});
