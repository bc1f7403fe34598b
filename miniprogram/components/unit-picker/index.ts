/**
 * A home of one community chosen by building, then room, from the community's directory (no
 * personal data). The form hears `change` with the unit's id and label (`1栋1单元101`).
 */
import { call, showError } from '../../services/api';

interface Option {
  label: string;
  value: string;
}

Component({
  options: { virtualHost: true },
  properties: {
    communityId: { type: String, value: '' },
    /** Prefixes the cells' ids, so two pickers on a page stay apart. */
    prefix: { type: String, value: 'home' },
  },
  data: {
    buildings: [] as Option[],
    units: [] as (Option & { full: string })[],
    building: '',
    unitId: '',
    label: '',
    picker: '' as '' | 'building' | 'unit',
    loading: false,
  },
  observers: {
    communityId(communityId: string) {
      this.setData({ buildings: [], units: [], building: '', unitId: '', label: '' });
      if (communityId) void this.load();
    },
  },
  methods: {
    async load(building?: string) {
      this.setData({ loading: true });
      try {
        const directory = await call('directory.units', { communityId: this.data.communityId, ...(building ? { building } : {}) });
        this.setData({
          buildings: directory.buildings.map((name) => ({ label: name, value: name })),
          ...(building ? { units: directory.units.map((unit) => ({ label: unit.unit ? `${unit.unit}${unit.room}` : unit.room, value: unit.id, full: unit.label })) } : {}),
        });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ loading: false });
      }
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { picker: 'building' | 'unit' }>) {
      const picker = event.currentTarget.dataset.picker;
      if (picker === 'unit' && !this.data.building) {
        wx.showToast({ title: '请先选择楼栋', icon: 'none' });
        return;
      }
      this.setData({ picker });
    },
    onClose() {
      this.setData({ picker: '' });
    },
    async onBuilding(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const building = String(event.detail.value[0] ?? '');
      this.setData({ picker: '', building, unitId: '', label: '', units: [] });
      this.triggerEvent('change', { unitId: '', label: '' });
      await this.load(building);
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const unitId = String(event.detail.value[0] ?? '');
      const unit = this.data.units.find((option) => option.value === unitId);
      this.setData({ picker: '', unitId, label: unit?.full ?? '' });
      this.triggerEvent('change', { unitId, label: unit?.full ?? '' });
    },
    /** Clears the choice after the form was sent. */
    reset() {
      this.setData({ building: '', unitId: '', label: '', units: [] });
    },
  },
});
