import type { NewTicketInput, RepairCategory, TicketCatalog, TicketChannel, TicketKind } from '../../../../../typings/tickets';
import type { UnitListing } from '../../../../../typings/domain';
import { call, messageOf, newRequestId, showError } from '../../../../services/api';
import { KIND_LABELS, priceLabel } from '../../../../pages/ticket/format';
import { initialCommunity, loadScope, type CommunityOption } from '../scope';
import { DESK_ROLES } from '../ticket-views';

type Status = 'loading' | 'ready' | 'error';
type Channel = Exclude<TicketChannel, 'miniprogram'>;
type Place = 'unit' | 'common';

interface Option {
  label: string;
  value: string;
}

/** A room in the picker (`1单元101`), with the full label shown once picked (`1栋1单元101`). */
interface UnitOption extends Option {
  full: string;
}

/** Only the front desk registers requests on an owner's behalf. */

const CHANNEL_OPTIONS: Option[] = [
  { label: '电话', value: 'phone' },
  { label: '来访', value: 'visit' },
  { label: '巡查', value: 'patrol' },
];

const KIND_OPTIONS: Option[] = Object.entries(KIND_LABELS).map(([value, label]) => ({ label, value }));

const PLACE_OPTIONS: Option[] = [
  { label: '住户房屋', value: 'unit' },
  { label: '公共区域', value: 'common' },
];

/** The server's rules, checked here first so the user is told before a round trip. */
const DESCRIPTION = { min: 5, max: 500 };
const PREFERRED_TIME_MAX = 40;
const NAME_PATTERN = /^[\p{Script=Han}A-Za-z·\s]{2,20}$/u;
const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

function repairOption(category: RepairCategory): Option {
  const price = category.charged ? `收费 ${priceLabel(category)}` : priceLabel(category);
  return { label: `${category.name}（${price}）`, value: category.code };
}

function unitOption(unit: UnitListing): UnitOption {
  return { label: unit.unit ? `${unit.unit}${unit.room}` : unit.room, value: unit.id, full: unit.label };
}

/** Repair items with prices; other kinds take the catalog's category names. */
function categoryOptions(kind: TicketKind, catalog: TicketCatalog): Option[] {
  if (kind === 'repair') return catalog.categories.map(repairOption);
  return (kind === 'complaint' ? catalog.complaintCategories : catalog.otherCategories).map((name) => ({ label: name, value: name }));
}

/** What the form still needs, as the sentence shown to the user; undefined when it can be sent. */
function problemOf(form: {
  place: Place;
  unitId: string;
  area: string;
  category: string;
  description: string;
  contactName: string;
  contactPhone: string;
}): string | undefined {
  if (form.place === 'unit' && !form.unitId) return '请选择楼栋和房号';
  if (form.place === 'common' && !form.area) return '请选择公共区域';
  if (!form.category) return '请选择类别';
  const length = Array.from(form.description.trim()).length;
  if (length < DESCRIPTION.min) return `问题描述至少 ${DESCRIPTION.min} 个字`;
  if (length > DESCRIPTION.max) return `问题描述不能超过 ${DESCRIPTION.max} 个字`;
  if (!NAME_PATTERN.test(form.contactName.trim())) return '请填写联系人姓名（2–20 个字）';
  if (!MOBILE_PATTERN.test(form.contactPhone.trim())) return '请填写 11 位手机号码';
  return undefined;
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communities: [] as CommunityOption[],
    communityId: '',
    communityName: '',
    communityPickerVisible: false,

    channelOptions: CHANNEL_OPTIONS,
    kindOptions: KIND_OPTIONS,
    placeOptions: PLACE_OPTIONS,
    catalog: null as TicketCatalog | null,
    commonAreas: [] as Option[],
    buildings: [] as Option[],
    units: [] as UnitOption[],
    categories: [] as Option[],
    unitsLoading: false,

    channel: 'phone' as Channel,
    kind: 'repair' as TicketKind,
    place: 'unit' as Place,
    building: '',
    unitId: '',
    unitLabel: '',
    area: '',
    category: '',
    categoryLabel: '',
    description: '',
    preferredTime: '',
    contactName: '',
    contactPhone: '',
    descriptionMax: DESCRIPTION.max,
    preferredTimeMax: PREFERRED_TIME_MAX,

    /** Which picker is open: building, unit, area or category. */
    picker: '',
    submitting: false,
    /** One id per request being registered: a retry after a timeout returns the first ticket. */
    requestId: '',
    registered: null as { id: string; number: string; locationLabel: string } | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ requestId: newRequestId() });
      this.start(query.communityId);
    },
    onRetry() {
      this.start(this.data.communityId || undefined);
    },
    async start(requested: string | undefined) {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { communities } = await loadScope(DESK_ROLES);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '只有客服和客服经理可以登记来电来访' });
          return;
        }
        this.setData({ communities });
        await this.useCommunity(community);
        this.setData({ status: 'ready' });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    /** Loads what the form offers for one community: repair items, common areas, buildings. */
    async useCommunity(community: CommunityOption) {
      const [catalog, directory] = await Promise.all([
        call('ticket.catalog', { communityId: community.value }),
        call('directory.units', { communityId: community.value }),
      ]);
      this.setData({
        communityId: community.value,
        communityName: community.label,
        catalog,
        commonAreas: catalog.commonAreas.map((area) => ({ label: area, value: area })),
        buildings: directory.buildings.map((building) => ({ label: building, value: building })),
        categories: categoryOptions(this.data.kind, catalog),
        building: '',
        unitId: '',
        unitLabel: '',
        units: [],
        area: '',
        category: '',
        categoryLabel: '',
      });
    },
    onOpenCommunityPicker() {
      if (this.data.communities.length > 1) this.setData({ communityPickerVisible: true });
    },
    onCommunityPickerClose() {
      this.setData({ communityPickerVisible: false });
    },
    async onCommunityPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ communityPickerVisible: false });
      const community = this.data.communities.find((c) => c.value === event.detail.value[0]);
      if (!community || community.value === this.data.communityId) return;
      this.setData({ status: 'loading' });
      try {
        await this.useCommunity(community);
        this.setData({ status: 'ready' });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },

    onChannelChange(event: WechatMiniprogram.CustomEvent<{ value: Channel }>) {
      this.setData({ channel: event.detail.value });
    },
    onKindChange(event: WechatMiniprogram.CustomEvent<{ value: TicketKind }>) {
      const kind = event.detail.value;
      const catalog = this.data.catalog;
      this.setData({ kind, categories: catalog ? categoryOptions(kind, catalog) : [], category: '', categoryLabel: '' });
    },
    onPlaceChange(event: WechatMiniprogram.CustomEvent<{ value: Place }>) {
      this.setData({ place: event.detail.value });
    },

    onOpenPicker(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { picker: string }>) {
      const picker = event.currentTarget.dataset.picker;
      if (picker === 'unit' && !this.data.building) {
        wx.showToast({ title: '请先选择楼栋', icon: 'none' });
        return;
      }
      this.setData({ picker });
    },
    onPickerClose() {
      this.setData({ picker: '' });
    },
    onBuildingPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const building = event.detail.value[0] ?? '';
      this.setData({ picker: '' });
      if (building && building !== this.data.building) this.loadUnits(building);
    },
    async loadUnits(building: string) {
      this.setData({ building, unitId: '', unitLabel: '', units: [], unitsLoading: true });
      try {
        const { units } = await call('directory.units', { communityId: this.data.communityId, building });
        if (building !== this.data.building) return;
        this.setData({ units: units.map(unitOption) });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ unitsLoading: false });
      }
    },
    onUnitPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const unitId = event.detail.value[0] ?? '';
      const unit = this.data.units.find((option) => option.value === unitId);
      this.setData({ picker: '', unitId: unit ? unitId : '', unitLabel: unit?.full ?? '' });
    },
    onAreaPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ picker: '', area: event.detail.value[0] ?? '' });
    },
    onCategoryPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const category = this.data.categories.find((option) => option.value === event.detail.value[0]);
      this.setData({ picker: '', category: category?.value ?? '', categoryLabel: category?.label ?? '' });
    },

    onDescriptionInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ description: event.detail.value });
    },
    onPreferredTimeInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ preferredTime: event.detail.value });
    },
    onContactNameInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactName: event.detail.value });
    },
    onContactPhoneInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactPhone: event.detail.value });
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const { place, unitId, area, category, description, contactName, contactPhone, communityId, kind, channel } = this.data;
      const problem = problemOf({ place, unitId, area, category, description, contactName, contactPhone });
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
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
      this.setData({ submitting: true });
      try {
        const ticket = await call('ticket.register', input, { requestId: this.data.requestId });
        this.setData({ registered: { id: ticket.id, number: ticket.number, locationLabel: ticket.locationLabel } });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ submitting: false });
      }
    },
    onOpenRegistered() {
      const registered = this.data.registered;
      if (registered) wx.redirectTo({ url: `/packages/staff/pages/ticket/index?id=${encodeURIComponent(registered.id)}` });
    },
    onCopyNumber() {
      const number = this.data.registered?.number;
      if (number) wx.setClipboardData({ data: number, fail: () => wx.showToast({ title: '复制失败，请长按编号手动复制', icon: 'none' }) });
    },
    /** A fresh form (and request id) for the next caller; the channel and location kind stay. */
    onRegisterAnother() {
      this.setData({
        registered: null,
        requestId: newRequestId(),
        building: '',
        unitId: '',
        unitLabel: '',
        units: [],
        area: '',
        category: '',
        categoryLabel: '',
        description: '',
        preferredTime: '',
        contactName: '',
        contactPhone: '',
      });
    },
  },
});
