import { loadable } from '../../../../behaviors/loadable';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { call, showError } from '../../../../services/api';
import { openExported } from '../../../../services/documents';
import { navigateTo } from '../../../../services/navigation';
import { confirmModal } from '../../../../utils/dialog';
import { moveInView, type MoveInView } from '../../views';

/**
 * An owner's move-in (入住办理) and delivery acceptance: what the desk recorded, the defects with
 * the warranty ticket each became and how far it has got, the confirmation the owner gives once,
 * the A4 record, and the 管理规约 to sign.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    records: [] as MoveInView[],
    busy: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      if (this.data.status === 'ready') void this.load();
    },
    async fetch() {
      const records = await call('movein.mine', {});
      this.setData({ records: records.map(moveInView) });
    },
    async onSign(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const record = this.data.records[event.currentTarget.dataset.index];
      const defects = record.defects.length ? `登记的 ${record.defects.length} 项问题将转为开发商保修工单，您可在此跟进处理进度。` : '验收未登记问题。';
      if (!(await confirmModal('确认交付验收', `请核对 ${record.unitLabel} 的验收记录无误后确认。${defects}确认后记录不能再修改。`, '确认验收'))) return;
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await call('movein.sign', { id: record.id, version: record.version }, { requestId: this.data.requestId });
        this.renewRequest();
        wx.showToast({ title: '已确认验收', icon: 'success' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ busy: false });
      }
      await this.load();
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      if (event.currentTarget.dataset.id) navigateTo('pages/ticket/detail', { id: event.currentTarget.dataset.id });
    },
    onAgreement(event: WechatMiniprogram.BaseEvent<Record<string, never>, { unit: string }>) {
      navigateTo('packages/home/pages/agreement/index', { unitId: event.currentTarget.dataset.unit });
    },
    async onPrint(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      try {
        await openExported(await call('movein.pdf', { id: event.currentTarget.dataset.id }), 'pdf');
      } catch (error) {
        showError(error);
      }
    },
  },
});
