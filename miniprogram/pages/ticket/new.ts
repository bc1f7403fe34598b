import type { Binding } from '../../../typings/domain';
import type { NewTicketInput, TicketCatalog, TicketKind } from '../../../typings/tickets';
import { call, messageOf, newRequestId, showError } from '../../services/api';
import { uploadTicketPhoto } from '../../services/files';
import { getProfile, refreshProfile } from '../../services/session';
import { KIND_LABELS, priceLabel } from './format';

type Status = 'loading' | 'ready' | 'error' | 'unbound';
type OwnerKind = Exclude<TicketKind, 'inquiry'>;
type LocationKind = 'unit' | 'common';
type PickerTarget = '' | 'home' | 'area';

/** An approved home: where a request may be placed, and whose contact details prefill the form. */
interface Home {
  unitId: string;
  communityId: string;
  label: string;
  name: string;
  phone: string;
}

interface CategoryOption {
  value: string;
  label: string;
  /** The published price for repairs (`免费`, `¥80.00/次`); empty for other kinds. */
  price: string;
  charged: boolean;
}

interface Option {
  label: string;
  value: string;
}

/** A chosen photo as t-upload shows it, plus its cloud file id once uploaded. */
interface Photo {
  url: string;
  name: string;
  type: 'image';
  status: 'loading' | 'done' | 'failed';
  percent: number;
  fileID?: string;
}

interface Submitted {
  id: string;
  number: string;
  title: string;
  nextStep: string;
  /** Whether status changes will reach the owner as WeChat messages (they accepted and it was recorded). */
  notified: boolean;
}

/** The cloud's limits (cloudfunctions/api/src/tickets/intake.ts). */
const MAX_PHOTOS = 9;
const DESCRIPTION_MIN = 5;
const DESCRIPTION_MAX = 500;
const PREFERRED_TIME_MAX = 40;
/** WeChat shows at most 3 templates in one subscription dialog. */
const MAX_TEMPLATES = 3;
const MOBILE = /^1[3-9]\d{9}$/;
/** Han characters (incl. rare ones outside the BMP), Latin letters, the middle dot and spaces, as the cloud accepts. */
const NAME_CHARACTERS = /^(?:[\u3400-\u9fff\uf900-\ufaffA-Za-z·\s]|[\ud840-\ud8bf][\udc00-\udfff])+$/;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const VISIT_DAYS = 7;

const KIND_OPTIONS: { value: OwnerKind; label: string }[] = (['repair', 'complaint', 'consultation', 'suggestion'] as const).map((value) => ({
  value,
  label: KIND_LABELS[value],
}));

const DESCRIPTION_HINTS: Record<OwnerKind, string> = {
  repair: '请描述故障的位置和现象，例如：厨房水槽下方水管漏水，已关闭总阀',
  complaint: '请描述发生的时间、地点和经过，我们会在 2 个工作日内给您答复',
  consultation: '请写下您想咨询的问题',
  suggestion: '请写下您的意见或建议',
};

function homesOf(bindings: Binding[]): Home[] {
  return bindings
    .filter((binding) => binding.status === 'approved')
    .map((binding) => ({
      unitId: binding.unitId,
      communityId: binding.communityId,
      label: `${binding.communityName} ${binding.unitLabel}`,
      name: binding.name,
      phone: binding.phone,
    }));
}

function categoriesFor(kind: OwnerKind, catalog: TicketCatalog | null): CategoryOption[] {
  if (kind === 'repair') {
    return (catalog?.categories ?? []).map((category) => ({
      value: category.code,
      label: category.name,
      price: priceLabel(category),
      charged: category.charged,
    }));
  }
  const names = (kind === 'complaint' ? catalog?.complaintCategories : catalog?.otherCategories) ?? [];
  return names.map((name) => ({ value: name, label: name, price: '', charged: false }));
}

/** The next days in China time as the visit-time picker offers them: `今天 11月23日`, `11月24日 周二`. */
function visitDays(now: number): Option[] {
  return Array.from({ length: VISIT_DAYS }, (_, offset) => {
    const day = new Date(now + CHINA_OFFSET_MS + offset * DAY_MS);
    const value = `${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
    const prefix = offset === 0 ? '今天' : offset === 1 ? '明天' : WEEKDAYS[day.getUTCDay()];
    return { label: `${prefix} ${value}`, value };
  });
}

const VISIT_PERIODS: Option[] = [
  { label: '上午（8:00–12:00）', value: '上午' },
  { label: '下午（12:00–18:00）', value: '下午' },
  { label: '晚上（18:00–20:00）', value: '晚上' },
];

function checkName(name: string): string {
  const length = [...name.trim()].length;
  if (length === 0) return '请填写联系人';
  if (length < 2 || length > 20) return '联系人姓名应为 2–20 个字';
  if (!NAME_CHARACTERS.test(name.trim())) return '联系人姓名只能包含汉字、字母或 ·';
  return '';
}

function checkPhone(phone: string): string {
  if (!phone) return '请填写联系电话';
  if (!MOBILE.test(phone)) return '请填写 11 位中国大陆手机号，如 13812345678';
  return '';
}

/** The cloud counts characters as JavaScript does, after trimming. */
function checkDescription(description: string): string {
  const length = description.trim().length;
  if (length === 0) return '请描述您遇到的情况';
  if (length < DESCRIPTION_MIN) return `描述至少 ${DESCRIPTION_MIN} 个字，请写得具体一些`;
  if (length > DESCRIPTION_MAX) return `描述不能超过 ${DESCRIPTION_MAX} 个字`;
  return '';
}

/**
 * Asks WeChat for consent to send status messages. WeChat shows the dialog only when this runs in
 * the call stack of a tap, so it is called before anything is awaited. Resolves with the accepted
 * template ids; a refusal or an error resolves with none, since consent never blocks a request.
 */
function askSubscription(templateIds: string[]): Promise<string[]> {
  const tmplIds = templateIds.slice(0, MAX_TEMPLATES);
  if (!tmplIds.length) return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (result) => resolve(tmplIds.filter((id) => result[id] === 'accept')),
      fail: () => resolve([]),
    });
  });
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
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
    photos: [] as Photo[],
    maxPhotos: MAX_PHOTOS,
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
      this.start();
    },
    onRetry() {
      this.start();
    },
    async start() {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        let profile = await getProfile();
        // A binding approved since the profile was cached would otherwise still read as pending.
        if (!homesOf(profile.bindings).length) profile = await refreshProfile();
        const homes = homesOf(profile.bindings);
        if (!homes.length) {
          this.setData({ status: 'unbound', pendingReview: profile.bindings.some((binding) => binding.status === 'pending') });
          return;
        }
        this.setData({ homes });
        await this.chooseHome(0);
        this.setData({ status: 'ready' });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
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
        if (this.data.homes[this.data.homeIndex]?.communityId === communityId) this.showCatalog(catalog);
      } catch (error) {
        this.setData({ catalog: null, categories: categoriesFor(this.data.kind, null), category: '', catalogError: messageOf(error) });
      } finally {
        this.setData({ catalogLoading: false });
      }
    },
    onRetryCatalog() {
      this.loadCatalog(this.data.homes[this.data.homeIndex].communityId);
    },
    showCatalog(catalog: TicketCatalog) {
      const categories = categoriesFor(this.data.kind, catalog);
      const keep = categories.some((option) => option.value === this.data.category);
      this.setData({ catalog, categories, category: keep ? this.data.category : '' });
    },

    setKind(kind: OwnerKind) {
      this.setData({
        kind,
        categories: categoriesFor(kind, this.data.catalog),
        category: '',
        categoryError: '',
        descriptionHint: DESCRIPTION_HINTS[kind],
      });
    },
    onKindChange(event: WechatMiniprogram.CustomEvent<{ value: OwnerKind }>) {
      if (event.detail.value !== this.data.kind) this.setKind(event.detail.value);
    },
    onCategoryChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ category: event.detail.value, categoryError: '' });
    },
    onDescriptionChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const description = event.detail.value;
      this.setData({ description, descriptionLength: description.trim().length, descriptionError: '' });
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
      if (target === 'home' && Number(value) !== this.data.homeIndex) this.chooseHome(Number(value));
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

    /** Photos upload as soon as they are chosen, each showing its own progress. */
    onPhotoAdd(event: WechatMiniprogram.CustomEvent<{ files: { url: string; name: string }[] }>) {
      const room = MAX_PHOTOS - this.data.photos.length;
      const added = event.detail.files
        .slice(0, room)
        .map((file): Photo => ({ url: file.url, name: file.name, type: 'image', status: 'loading', percent: 0 }));
      this.setData({ photos: [...this.data.photos, ...added] });
      for (const photo of added) this.uploadPhoto(photo.url);
    },
    async uploadPhoto(url: string) {
      this.patchPhoto(url, { status: 'loading', percent: 0 });
      try {
        const fileID = await uploadTicketPhoto(url, (percent) => this.patchPhoto(url, { percent }));
        this.patchPhoto(url, { status: 'done', percent: 100, fileID });
      } catch (error) {
        // A photo removed while it uploaded no longer matters.
        if (this.patchPhoto(url, { status: 'failed' })) showError(error);
      }
    },
    /** Updates the photo with this temporary path, if it is still in the form; says whether it was. */
    patchPhoto(url: string, patch: Partial<Photo>): boolean {
      const index = this.data.photos.findIndex((photo) => photo.url === url);
      if (index < 0) return false;
      this.setData({ [`photos[${index}]`]: { ...this.data.photos[index], ...patch } });
      return true;
    },
    onPhotoRemove(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ photos: this.data.photos.filter((_, index) => index !== event.detail.index) });
    },
    /** Tapping a photo that failed to upload tries again. */
    onPhotoClick(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const photo = this.data.photos[event.detail.index];
      if (photo?.status === 'failed') this.uploadPhoto(photo.url);
    },
    onPhotoFail(event: WechatMiniprogram.CustomEvent<{ errMsg?: string }>) {
      const reason = event.detail.errMsg ?? '';
      if (/cancel/.test(reason)) return;
      this.hint(/privacy|auth/i.test(reason) ? '需要您同意隐私保护指引后才能选择图片' : '未能选择图片，请重试');
    },

    /** Refuses an incomplete form with the first problem, before anything is sent. */
    validate(): boolean {
      const categoryError = this.data.category ? '' : '请选择类别';
      const descriptionError = checkDescription(this.data.description);
      const areaError = this.data.locationKind === 'common' && !this.data.area ? '请选择公共区域' : '';
      const nameError = checkName(this.data.contactName);
      const phoneError = checkPhone(this.data.contactPhone);
      const timeError =
        this.data.kind === 'repair' && this.data.preferredTime.trim().length > PREFERRED_TIME_MAX ? `期望上门时间不能超过 ${PREFERRED_TIME_MAX} 个字` : '';
      const photoError = this.data.photos.some((photo) => photo.status === 'loading')
        ? '照片正在上传，请稍候再提交'
        : this.data.photos.some((photo) => photo.status === 'failed')
          ? '有照片上传失败，请点击该照片重试或删除'
          : '';
      this.setData({ categoryError, descriptionError, areaError, nameError, phoneError });
      const first = categoryError || descriptionError || photoError || areaError || timeError || nameError || phoneError;
      if (first) this.hint(first);
      return !first;
    },
    input(): NewTicketInput {
      const home = this.data.homes[this.data.homeIndex];
      const preferredTime = this.data.kind === 'repair' ? this.data.preferredTime.trim() : '';
      return {
        kind: this.data.kind,
        category: this.data.category,
        description: this.data.description.trim(),
        photos: this.data.photos.map((photo) => photo.fileID ?? ''),
        location:
          this.data.locationKind === 'unit'
            ? { kind: 'unit', unitId: home.unitId }
            : { kind: 'common', communityId: home.communityId, area: this.data.area },
        ...(preferredTime ? { preferredTime } : {}),
        contactName: this.data.contactName.trim(),
        contactPhone: this.data.contactPhone,
      };
    },
    onSubmit() {
      if (this.data.submitting || this.data.status !== 'ready' || !this.validate()) return;
      this.setData({ submitting: true, submitText: '正在提交…' });
      this.submit(askSubscription(this.data.catalog?.templateIds ?? []));
    },
    async submit(consent: Promise<string[]>) {
      try {
        const accepted = await consent;
        let notified = false;
        if (accepted.length) {
          try {
            notified = (await call('me.subscribe', { accepted })).granted > 0;
          } catch {
            // Not recording consent only means no messages; the request still goes in, and the result says so.
          }
        }
        const ticket = await call('ticket.create', this.input(), { requestId: this.data.requestId });
        this.setData({
          result: {
            id: ticket.id,
            number: ticket.number,
            title: `${KIND_LABELS[ticket.kind]} · ${ticket.category}`,
            nextStep: ticket.nextStep,
            notified,
          },
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
      if (id) wx.redirectTo({ url: `/pages/ticket/detail?id=${id}` });
    },
    onViewList() {
      wx.redirectTo({ url: '/pages/ticket/list' });
    },
    onBind() {
      wx.navigateTo({ url: '/pages/bind/index' });
    },
    hint(message: string) {
      wx.showToast({ title: message, icon: 'none', duration: 2500 });
    },
  },
});
