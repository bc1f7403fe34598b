import type { AgreementKind } from '../../../../../typings/movein';
import type { Page } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { checkText } from '../../../../shared/limits';
import { AGREEMENT_KIND_LABELS, MOVE_IN_LIMITS } from '../../../../shared/movein';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';
import { agreementView } from '../../views';

type Row = ReturnType<typeof agreementView>;

const BLANK = { kind: 'provisional' as AgreementKind, title: '临时管理规约', body: '' };

/**
 * 管理规约 / 临时管理规约 (seed 002 §6, §10): the community's versions, newest first. The manager
 * publishes a changed text as a new version; owners sign the current one in the mini-program, and
 * what each signed stays recorded.
 */
Component({
  behaviors: [communityScope, pagedList<Row>(), freshRequest],
  data: {
    canPublish: false,
    formOpen: false,
    form: { ...BLANK },
    kindOptions: Object.entries(AGREEMENT_KIND_LABELS).map(([value, label]) => ({ value, label })),
    limits: MOVE_IN_LIMITS,
    saving: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '管理规约仅对客服、客服经理和管理员开放'))) return;
      this.setData({ canPublish: this.rolesHere().some((role) => role === 'manager' || role === 'admin') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const page = await call('agreement.versions', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(agreementView), cursor: page.cursor };
    },
    communityChanged() {
      this.setData({ formOpen: false });
      this.reloadList();
    },
    onToggleForm() {
      const latest = this.data.items[0];
      // A new version starts from the current text: most changes are to a clause or two.
      this.setData({ formOpen: !this.data.formOpen, form: latest ? { kind: BLANK.kind, title: latest.title, body: latest.body } : { ...BLANK } });
    },
    onForm(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof typeof BLANK }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    async onPublish() {
      const { form, communityId, requestId } = this.data;
      const problem = checkText(form.title, MOVE_IN_LIMITS.agreementTitle, '标题') ?? checkText(form.body, MOVE_IN_LIMITS.agreementBody, '规约正文');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (!(await confirmModal('发布新版本', '发布后业主须阅读并签署新版本；已签署的旧版本仍记录在案。发布后不能修改，只能再发布新版本。', '发布'))) return;
      await whileBusy(this, 'saving', async () => {
        const published = await call('agreement.publish', { communityId, kind: form.kind, title: form.title.trim(), body: form.body.trim() }, { requestId });
        wx.showToast({ title: `已发布第 ${published.version} 版`, icon: 'success' });
        this.renewRequest();
        this.setData({ formOpen: false, form: { ...BLANK } });
        this.reloadList();
      });
    },
  },
});
