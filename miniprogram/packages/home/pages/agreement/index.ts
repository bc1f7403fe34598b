import type { AgreementForUnit } from '../../../../../typings/movein';
import { loadable } from '../../../../behaviors/loadable';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { call, showError } from '../../../../services/api';
import { profileWithHomes, type Home } from '../../../../services/session';
import { confirmModal } from '../../../../utils/dialog';
import { agreementView, signatureLine } from '../../views';

/**
 * 管理规约 / 临时管理规约 (seed 002 §6, §10): the current version of the home's community, read and
 * signed here by a verified owner; what was signed for the home, version by version, stays listed.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    homes: [] as Home[],
    unitId: '',
    current: null as ReturnType<typeof agreementView> | null,
    signatures: [] as string[],
    signedCurrent: false,
    canSign: false,
    busy: false,
  },
  methods: {
    onLoad(query: { unitId?: string } = {}) {
      this.setData({ unitId: query.unitId ?? '' });
      void this.load();
    },
    async fetch() {
      const { homes } = await profileWithHomes();
      if (!homes.length) {
        this.fail('请先在“我的”中绑定并通过房屋认证');
        return;
      }
      const unitId = homes.some((home) => home.unitId === this.data.unitId) ? this.data.unitId : homes[0].unitId;
      this.show(await call('agreement.forUnit', { unitId }), homes);
    },
    show(agreement: AgreementForUnit, homes?: Home[]) {
      this.setData({
        homes: homes ?? this.data.homes,
        unitId: agreement.unitId,
        current: agreement.current ? agreementView(agreement.current) : null,
        signatures: agreement.signatures.map(signatureLine),
        signedCurrent: agreement.signedCurrent,
        canSign: agreement.canSign,
      });
    },
    onHome(event: WechatMiniprogram.BaseEvent<Record<string, never>, { unit: string }>) {
      this.setData({ unitId: event.currentTarget.dataset.unit });
      void this.load();
    },
    async onSign() {
      const { current, unitId, requestId } = this.data;
      if (!current || this.data.busy) return;
      if (!(await confirmModal('签署管理规约', `您已阅读《${current.title}》全文，同意遵守并签署吗？签署的版本和时间将记入房屋档案。`, '同意并签署'))) return;
      this.setData({ busy: true });
      try {
        this.show(await call('agreement.sign', { unitId, agreementId: current.id }, { requestId }));
        this.renewRequest();
        wx.showToast({ title: '已签署', icon: 'success' });
      } catch (error) {
        showError(error);
        await this.load();
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
