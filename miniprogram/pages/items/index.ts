import { loadable } from '../../behaviors/loadable';
import { call, showError } from '../../services/api';
import { confirmModal } from '../../utils/dialog';
import { custodyRow, ownerKeyRow } from './views';

/**
 * A resident's side of the desk's registers (seed 002 §7¶3, §12, §13): parcels and items the desk
 * holds for their homes, collected by confirming here at the desk; an owner's keys left with the
 * desk, authorised (or not) here, with who borrowed them and when.
 */
Component({
  behaviors: [loadable],
  data: {
    items: [] as ReturnType<typeof custodyRow>[],
    keys: [] as ReturnType<typeof ownerKeyRow>[],
    busy: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async fetch() {
      const [items, keys] = await Promise.all([call('custody.mine', {}), call('key.mine', {})]);
      this.setData({ items: items.map(custodyRow), keys: keys.map(ownerKeyRow) });
    },
    async step(work: () => Promise<unknown>, done: string) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await work();
        wx.showToast({ title: done, icon: 'success' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ busy: false });
      }
      await this.load();
    },
    async onCollect(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      if (!(await confirmModal('确认领取', `请在服务中心当面核对「${item.description}」后再确认。确认后记为您已领取，不能撤回。`, '确认领取'))) return;
      await this.step(() => call('custody.confirm', { id: item.id, version: item.version }), '已确认领取');
    },
    async onAuthorise(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number; accept: boolean }>) {
      const { index, accept } = event.currentTarget.dataset;
      const key = this.data.keys[index];
      const question = accept
        ? `同意物业服务中心保管「${key.name}」，并在登记借用后用于入户维修等事项吗？每次借用您都可在此查看。`
        : `不同意物业保管「${key.name}」吗？服务中心会与您联系退还钥匙。`;
      if (!(await confirmModal(accept ? '授权保管钥匙' : '不同意保管', question, accept ? '同意' : '不同意'))) return;
      await this.step(() => call('key.authorise', { id: key.id, version: key.version, accept }), accept ? '已授权' : '已答复');
    },
  },
});
