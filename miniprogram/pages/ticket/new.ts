import type { NewTicketInput, TicketCatalog } from '../../../typings/tickets';
import { loadable } from '../../behaviors/loadable';
import { uploadProblem, type UploadChange, type UploadState } from '../../components/cloud-upload/state';
import { call, messageOf, newRequestId, showError } from '../../services/api';
import { navigateTo, redirectTo } from '../../services/navigation';
import { profileWithHomes, type Home } from '../../services/session';
import { askSubscription, recordSubscription } from '../../services/subscriptions';
import { TICKET_KIND_LABELS } from '../../shared/labels';
import { COUNTS, textLength } from '../../shared/limits';
import { checkPersonName } from '../../shared/patterns';
import {
  DESCRIPTION_HINTS,
  DESCRIPTION_MAX,
  KIND_OPTIONS,
  NAME_MESSAGES,
  PREFERRED_TIME_MAX,
  VISIT_PERIODS,
  categoriesFor,
  checkDescription,
  checkPhone,
  visitDays,
  type CategoryOption,
  type Option,
  type OwnerKind,
} from './form';
type LocationKind = 'unit' | 'common';
type PickerTarget = '' | 'home' | 'area';

interface Submitted {
  id: string;
  number: string;
  title: string;
  nextStep: string;
  /** Whether status changes will reach the owner as WeChat messages (they accepted and it was recorded). */
  notified: boolean;
}

Component({
  behaviors: [loadable],
  data: {
    /** Some binding is waiting for review: the unbound view says so. */
    pendingReview: false,
    homes: [] as Home[],
    homeIndex: 0,
    homeLabel: '',
    catalogLoading: false,
    catalogError: '',
    catalog: null as TicketCatalog | null,
    kinds: KIND_OPTIONS,
    kind: 'repair' as OwnerKind,
    categories: [] as CategoryOption[],
    category: '',
    categoryError: '',
    description: '',
    descriptionLength: 0,
    descriptionMax: DESCRIPTION_MAX,
    descriptionHint: DESCRIPTION_HINTS.repair,
    descriptionError: '',
    photoIds: [] as string[],
    photoState: 'done' as UploadState,
    maxPhotos: COUNTS.ticketPhotos,
    locationKind: 'unit' as LocationKind,
    locationOptions: [
      { label: '房屋内', value: 'unit' },
      { label: '公共区域', value: 'common' },
    ],
    area: '',
    areaError: '',
    preferredTime: '',
    preferredTimeMax: PREFERRED_TIME_MAX,
    visitPickerVisible: false,
    visitDays: [] as Option[],
    visitPeriods: VISIT_PERIODS,
    visitValue: [] as string[],
    contactName: '',
    contactPhone: '',
    /** Once the owner edits the contact, choosing another home no longer overwrites it. */
    contactEdited: false,
    nameError: '',
    phoneError: '',
    picker: '' as PickerTarget,
    pickerTitle: '',
    pickerOptions: [] as Option[],
    pickerValue: [] as string[],
    submitting: false,
    submitText: '提交',
    /** One id per filled-in form: a double tap or a retry after a timeout creates one ticket. */
    requestId: '',
    result: null as Submitted | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const kind = KIND_OPTIONS.find((option) => option.value === query.kind)?.value;
      if (kind) this.setKind(kind);
      this.setData({ requestId: newRequestId() });
      void this.load();
    },
    async fetch() {
      const { profile, homes } = await profileWithHomes();
      if (!homes.length) {
        this.setData({ status: 'unbound', pendingReview: profile.bindings.some((binding) => binding.status === 'pending') });
        return;
      }
      this.setData({ homes });
      await this.chooseHome(0);
    },
    /** Places the request at one of the owner's homes; its community's catalog gives categories and areas. */
    async chooseHome(index: number) {
      const home = this.data.homes[index];
      const previous = this.data.homes[this.data.homeIndex];
      const contact = this.data.contactEdited ? {} : { contactName: home.name, contactPhone: home.phone, nameError: '', phoneError: '' };
      this.setData({ homeIndex: index, homeLabel: home.label, ...contact });
      if (this.data.catalog && previous?.communityId === home.communityId) return;
      this.setData({ area: '' });
      await this.loadCatalog(home.communityId);
    },
    async loadCatalog(communityId: string) {
      this.setData({ catalogLoading: true, catalogError: '' });
      try {
        const catalog = await call('ticket.catalog', { communityId });
        if (this.data.homes[this.data.homeIndex]?.communityId !== communityId) return;
        const categories = categoriesFor(this.data.kind, catalog);
        const keep = categories.some((option) => option.value === this.data.category);
        this.setData({ catalog, categories, category: keep ? this.data.category : '' });
      } catch (error) {
        this.setData({ catalog: null, categories: categoriesFor(this.data.kind, null), category: '', catalogError: messageOf(error) });
      } finally {
        this.setData({ catalogLoading: false });
      }
    },
    onRetryCatalog() {
      void this.loadCatalog(this.data.homes[this.data.homeIndex].communityId);
    },

    setKind(kind: OwnerKind) {
      this.setData({ kind, categories: categoriesFor(kind, this.data.catalog), category: '', categoryError: '', descriptionHint: DESCRIPTION_HINTS[kind] });
    },
    onKindChange(event: WechatMiniprogram.CustomEvent<{ value: OwnerKind }>) {
      if (event.detail.value !== this.data.kind) this.setKind(event.detail.value);
    },
    onCategoryChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ category: event.detail.value, categoryError: '' });
    },
    onDescriptionChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const description = event.detail.value;
      this.setData({ description, descriptionLength: textLength(description), descriptionError: '' });
    },
    onPhotos(event: WechatMiniprogram.CustomEvent<UploadChange>) {
      this.setData({ photoIds: event.detail.fileIDs, photoState: event.detail.state });
    },

    onPickHome() {
      if (this.data.homes.length < 2) return;
      this.openPicker(
        'home',
        '选择房屋',
        this.data.homes.map((home, index) => ({ label: home.label, value: String(index) })),
        String(this.data.homeIndex),
      );
    },
    onLocationKindChange(event: WechatMiniprogram.CustomEvent<{ value: LocationKind }>) {
      this.setData({ locationKind: event.detail.value, areaError: '' });
    },
    onPickArea() {
      const areas = this.data.catalog?.commonAreas ?? [];
      if (!areas.length) {
        if (this.data.catalogLoading) return this.hint('正在加载公共区域，请稍候');
        return this.hint(this.data.catalogError ? '公共区域未能加载，请点击“重新加载”' : '该小区暂无可选的公共区域');
      }
      this.openPicker(
        'area',
        '选择公共区域',
        areas.map((area) => ({ label: area, value: area })),
        this.data.area,
      );
    },
    openPicker(target: Exclude<PickerTarget, ''>, title: string, options: Option[], current: string) {
      this.setData({ picker: target, pickerTitle: title, pickerOptions: options, pickerValue: [current || options[0]?.value || ''] });
    },
    onPickerConfirm(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const target = this.data.picker;
      const value = event.detail.value[0] ?? '';
      this.setData({ picker: '' });
      if (!value) return;
      if (target === 'home' && Number(value) !== this.data.homeIndex) void this.chooseHome(Number(value));
      if (target === 'area') this.setData({ area: value, areaError: '' });
    },
    onPickerClose(event: WechatMiniprogram.CustomEvent<{ trigger?: string }>) {
      // Fired on cancel, overlay and (before) confirm; the confirm handler needs to know which picker it was.
      if (event.detail.trigger !== 'confirm-btn') this.setData({ picker: '' });
    },

    onPreferredTimeChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ preferredTime: event.detail.value });
    },
    onPickVisitTime() {
      const days = visitDays(Date.now());
      this.setData({ visitPickerVisible: true, visitDays: days, visitValue: [days[1].value, VISIT_PERIODS[0].value] });
    },
    onVisitTimeConfirm(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const [day, period] = event.detail.value;
      this.setData({ visitPickerVisible: false });
      if (day && period) this.setData({ preferredTime: `${day} ${period}` });
    },
    onVisitTimeClose() {
      this.setData({ visitPickerVisible: false });
    },

    onContactNameChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactName: event.detail.value, contactEdited: true, nameError: '' });
    },
    onContactPhoneChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactPhone: event.detail.value.trim(), contactEdited: true, phoneError: '' });
    },

    /** Refuses an incomplete form with the first problem, before anything is sent. */
    validate(): boolean {
      const d = this.data;
      const categoryError = d.category ? '' : '请选择类别';
      const descriptionError = checkDescription(d.description);
      const areaError = d.locationKind === 'common' && !d.area ? '请选择公共区域' : '';
      const nameError = checkPersonName(d.contactName, NAME_MESSAGES);
      const phoneError = checkPhone(d.contactPhone);
      const timeError = d.kind === 'repair' && textLength(d.preferredTime) > PREFERRED_TIME_MAX ? `期望上门时间不能超过 ${PREFERRED_TIME_MAX} 个字` : '';
      const photoError = uploadProblem(d.photoState, '照片') ?? '';
      this.setData({ categoryError, descriptionError, areaError, nameError, phoneError });
      const first = categoryError || descriptionError || photoError || areaError || timeError || nameError || phoneError;
      if (first) this.hint(first);
      return !first;
    },
    input(): NewTicketInput {
      const d = this.data;
      const home = d.homes[d.homeIndex];
      const preferredTime = d.kind === 'repair' ? d.preferredTime.trim() : '';
      return {
        kind: d.kind,
        category: d.category,
        description: d.description.trim(),
        photos: d.photoIds,
        location: d.locationKind === 'unit' ? { kind: 'unit', unitId: home.unitId } : { kind: 'common', communityId: home.communityId, area: d.area },
        ...(preferredTime ? { preferredTime } : {}),
        contactName: d.contactName.trim(),
        contactPhone: d.contactPhone,
      };
    },
    onSubmit() {
      if (this.data.submitting || this.data.status !== 'ready' || !this.validate()) return;
      this.setData({ submitting: true, submitText: '正在提交…' });
      void this.submit(askSubscription(this.data.catalog?.templateIds ?? []));
    },
    async submit(consent: Promise<string[]>) {
      try {
        const notified = await recordSubscription(await consent);
        const ticket = await call('ticket.create', this.input(), { requestId: this.data.requestId });
        this.setData({
          result: { id: ticket.id, number: ticket.number, title: `${TICKET_KIND_LABELS[ticket.kind]} · ${ticket.category}`, nextStep: ticket.nextStep, notified },
        });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ submitting: false, submitText: '提交' });
      }
    },

    onCopyNumber() {
      const number = this.data.result?.number;
      if (number) wx.setClipboardData({ data: number });
    },
    onViewTicket() {
      const id = this.data.result?.id;
      if (id) redirectTo('pages/ticket/detail', { id });
    },
    onViewList() {
      redirectTo('pages/ticket/list');
    },
    onBind() {
      navigateTo('pages/bind/index');
    },
    hint(message: string) {
      wx.showToast({ title: message, icon: 'none', duration: 2500 });
    },
  },
});
