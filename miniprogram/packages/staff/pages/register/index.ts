import type { NewTicketInput, RepairCategory, TicketCatalog, TicketChannel, TicketKind } from '../../../../../typings/tickets';
import type { UnitListing } from '../../../../../typings/domain';
import { DESK_ROLES, communityScope } from '../../../../behaviors/community-scope';
import { call, newRequestId, showError } from '../../../../services/api';
import { redirectTo } from '../../../../services/navigation';
import { CHANNEL_LABELS, TICKET_KIND_LABELS } from '../../../../shared/labels';
import { LIMITS, textLength } from '../../../../shared/limits';
import { MOBILE, checkPersonName } from '../../../../shared/patterns';
import { repairPrice } from '../../../../pages/ticket/views';
import { whileBusy } from '../../../../utils/busy';

type Channel = Exclude<TicketChannel, 'miniprogram'>;
type Place = 'unit' | 'common';
type FieldPicker = '' | 'building' | 'unit' | 'area' | 'category';

interface Option {
  label: string;
  value: string;
}

/** A room in the picker (`1单元101`), with the full label shown once picked (`1栋1单元101`). */
interface UnitOption extends Option {
  full: string;
}

const CHANNEL_OPTIONS: Option[] = (['phone', 'visit', 'patrol'] as const).map((value) => ({ label: CHANNEL_LABELS[value], value }));
const KIND_OPTIONS: Option[] = Object.entries(TICKET_KIND_LABELS).map(([value, label]) => ({ label, value }));
const PLACE_OPTIONS: Option[] = [
  { label: '住户房屋', value: 'unit' },
  { label: '公共区域', value: 'common' },
];

const [DESCRIPTION_MIN, DESCRIPTION_MAX] = LIMITS.ticket.description;
const NAME_REFUSAL = '请填写联系人姓名（2–20 个字）';

const asOptions = (values: string[]): Option[] => values.map((value) => ({ label: value, value }));

function repairOption(category: RepairCategory): Option {
  const price = repairPrice(category);
  return { label: `${category.name}（${category.charged ? `收费 ${price}` : price}）`, value: category.code };
}

function unitOption(unit: UnitListing): UnitOption {
  return { label: unit.unit ? `${unit.unit}${unit.room}` : unit.room, value: unit.id, full: unit.label };
}

/** Repair items with prices; other kinds take the catalog's category names. */
function categoryOptions(kind: TicketKind, catalog: TicketCatalog): Option[] {
  if (kind === 'repair') return catalog.categories.map(repairOption);
  return asOptions(kind === 'complaint' ? catalog.complaintCategories : catalog.otherCategories);
}

/** Where and what, which depend on the community's buildings and catalog. */
const NO_PLACE = { building: '', unitId: '', unitLabel: '', units: [] as UnitOption[], area: '', category: '', categoryLabel: '' };
/** A fresh form (the channel and the kind of place stay for the next caller). */
const BLANK = { ...NO_PLACE, description: '', preferredTime: '', contactName: '', contactPhone: '' };

/** The front desk registers requests that came by phone, at the desk or on patrol, for the unit's residents. */
Component({
  behaviors: [communityScope],
  data: {
    channelOptions: CHANNEL_OPTIONS,
    kindOptions: KIND_OPTIONS,
    placeOptions: PLACE_OPTIONS,
    catalog: null as TicketCatalog | null,
    commonAreas: [] as Option[],
    buildings: [] as Option[],
    categories: [] as Option[],
    unitsLoading: false,
    channel: 'phone' as Channel,
    kind: 'repair' as TicketKind,
    place: 'unit' as Place,
    ...BLANK,
    descriptionMax: DESCRIPTION_MAX,
    preferredTimeMax: LIMITS.ticket.preferredTime[1],
    picker: '' as FieldPicker,
    submitting: false,
    /** One id per request being registered: a retry after a timeout returns the first ticket. */
    requestId: '',
    registered: null as { id: string; number: string; locationLabel: string } | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ requestId: newRequestId(), communityId: query.communityId ?? '' });
      void this.load();
    },
    /** What the form offers for the community: repair items, common areas, buildings. */
    async fetch() {
      if (!(await this.openScope(DESK_ROLES, '只有客服和客服经理可以登记来电来访'))) return;
      const communityId = this.data.communityId;
      const [catalog, directory] = await Promise.all([call('ticket.catalog', { communityId }), call('directory.units', { communityId })]);
      this.setData({
        ...NO_PLACE,
        catalog,
        commonAreas: asOptions(catalog.commonAreas),
        buildings: asOptions(directory.buildings),
        categories: categoryOptions(this.data.kind, catalog),
      });
    },
    communityChanged() {
      this.setData({ status: 'loading' });
      void this.load();
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    onKindChange(event: WechatMiniprogram.CustomEvent<{ value: TicketKind }>) {
      const kind = event.detail.value;
      const catalog = this.data.catalog;
      this.setData({ kind, categories: catalog ? categoryOptions(kind, catalog) : [], category: '', categoryLabel: '' });
    },

    onOpenField(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { picker: FieldPicker }>) {
      const picker = event.currentTarget.dataset.picker;
      if (picker === 'unit' && !this.data.building) wx.showToast({ title: '请先选择楼栋', icon: 'none' });
      else this.setData({ picker });
    },
    onFieldPickerClose() {
      this.setData({ picker: '' });
    },
    onBuildingPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const building = event.detail.value[0] ?? '';
      this.setData({ picker: '' });
      if (building && building !== this.data.building) void this.loadUnits(building);
    },
    async loadUnits(building: string) {
      this.setData({ building, unitId: '', unitLabel: '', units: [], unitsLoading: true });
      try {
        const { units } = await call('directory.units', { communityId: this.data.communityId, building });
        if (building === this.data.building) this.setData({ units: units.map(unitOption) });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ unitsLoading: false });
      }
    },
    onUnitPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const unit = this.data.units.find((option) => option.value === event.detail.value[0]);
      this.setData({ picker: '', unitId: unit?.value ?? '', unitLabel: unit?.full ?? '' });
    },
    onAreaPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ picker: '', area: event.detail.value[0] ?? '' });
    },
    onCategoryPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const category = this.data.categories.find((option) => option.value === event.detail.value[0]);
      this.setData({ picker: '', category: category?.value ?? '', categoryLabel: category?.label ?? '' });
    },

    /** What the form still needs, as the sentence shown to the user; '' when it can be sent. */
    problem(): string {
      const d = this.data;
      if (d.place === 'unit' && !d.unitId) return '请选择楼栋和房号';
      if (d.place === 'common' && !d.area) return '请选择公共区域';
      if (!d.category) return '请选择类别';
      const length = textLength(d.description);
      if (length < DESCRIPTION_MIN) return `问题描述至少 ${DESCRIPTION_MIN} 个字`;
      if (length > DESCRIPTION_MAX) return `问题描述不能超过 ${DESCRIPTION_MAX} 个字`;
      const name = checkPersonName(d.contactName, { missing: NAME_REFUSAL, length: NAME_REFUSAL, characters: NAME_REFUSAL });
      return name || (MOBILE.test(d.contactPhone.trim()) ? '' : '请填写 11 位手机号码');
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const problem = this.problem();
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const { place, unitId, area, category, description, contactName, contactPhone, communityId, kind, channel } = this.data;
      const preferredTime = this.data.preferredTime.trim();
      const input: NewTicketInput & { channel: Channel } = {
        kind,
        category,
        description: description.trim(),
        photos: [],
        location: place === 'unit' ? { kind: 'unit', unitId } : { kind: 'common', communityId, area },
        ...(kind === 'repair' && preferredTime ? { preferredTime } : {}),
        contactName: contactName.trim(),
        contactPhone: contactPhone.trim(),
        channel,
      };
      await whileBusy(this, 'submitting', async () => {
        const ticket = await call('ticket.register', input, { requestId: this.data.requestId });
        this.setData({ registered: { id: ticket.id, number: ticket.number, locationLabel: ticket.locationLabel } });
      });
    },
    onOpenRegistered() {
      const registered = this.data.registered;
      if (registered) redirectTo('packages/staff/pages/ticket/index', { id: registered.id });
    },
    onCopyNumber() {
      const number = this.data.registered?.number;
      if (number) wx.setClipboardData({ data: number, fail: () => wx.showToast({ title: '复制失败，请长按编号手动复制', icon: 'none' }) });
    },
    /** A fresh form (and request id) for the next caller; the channel and location kind stay. */
    onRegisterAnother() {
      this.setData({ ...BLANK, registered: null, requestId: newRequestId() });
    },
  },
});
