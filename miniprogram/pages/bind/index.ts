import type { CommunityListing, ResidentRelation, UnitListing } from '../../../typings/domain';
import { loadable } from '../../behaviors/loadable';
import { call, newRequestId, showError } from '../../services/api';
import { uploadProof } from '../../services/files';
import { switchTab } from '../../services/navigation';
import { bindingView, refreshProfile, type BindingView } from '../../services/session';
import { COUNTS } from '../../shared/limits';
import { MOBILE, checkPersonName } from '../../shared/patterns';

type PickerTarget = '' | 'community' | 'building' | 'unit';

interface Option {
  label: string;
  value: string;
}

/** A chosen proof image as t-upload shows it, plus its cloud file id once uploaded. */
interface ProofFile {
  url: string;
  name: string;
  type: 'image';
  status?: 'loading' | 'done' | 'failed';
  fileID?: string;
}

const MAX_PROOFS = COUNTS.proofs;

const PICKER_TITLES: Record<Exclude<PickerTarget, ''>, string> = {
  community: '选择小区',
  building: '选择楼栋',
  unit: '选择房号',
};

const NAME_MESSAGES = { missing: '请填写姓名', length: '姓名应为 2–20 个字', characters: '姓名只能包含汉字、字母或 ·' };

function checkPhone(phone: string): string {
  if (!phone) return '请填写手机号';
  if (!MOBILE.test(phone)) return '请填写 11 位中国大陆手机号，如 13812345678';
  return '';
}

function roomLabel(unit: UnitListing): string {
  return [unit.unit, unit.room].filter(Boolean).join(' ');
}

Component({
  behaviors: [loadable],
  data: {
    communities: [] as CommunityListing[],
    communityId: '',
    communityName: '',
    buildings: [] as string[],
    building: '',
    units: [] as UnitListing[],
    unitId: '',
    unitLabel: '',
    directoryLoading: false,
    picker: '' as PickerTarget,
    pickerTitle: '',
    pickerOptions: [] as Option[],
    pickerValue: [] as string[],
    relation: 'owner' as ResidentRelation,
    relationOptions: [
      { label: '业主', value: 'owner' },
      { label: '家属', value: 'family' },
      { label: '租户', value: 'tenant' },
    ],
    name: '',
    phone: '',
    unitError: '',
    nameError: '',
    phoneError: '',
    phoneLoading: false,
    proofs: [] as ProofFile[],
    maxProofs: MAX_PROOFS,
    submitting: false,
    submitText: '提交认证',
    /** One id per filled-in form (set on load): a retry after a timeout cannot create a second binding. */
    requestId: '',
    result: null as BindingView | null,
  },
  methods: {
    onLoad() {
      this.setData({ requestId: newRequestId() });
      void this.load();
    },
    async fetch() {
      const communities = await call('directory.communities', {});
      this.setData({ status: 'ready', communities });
      if (communities.length === 1) await this.chooseCommunity(communities[0].id);
    },

    onPickCommunity() {
      this.openPicker(
        'community',
        this.data.communities.map((community) => ({ label: community.name, value: community.id })),
        this.data.communityId,
      );
    },
    onPickBuilding() {
      if (!this.data.communityId) return this.hint('请先选择小区');
      if (this.data.directoryLoading) return this.hint('正在加载楼栋，请稍候');
      if (!this.data.buildings.length) return this.hint('该小区暂无可选楼栋，请联系物业');
      this.openPicker(
        'building',
        this.data.buildings.map((building) => ({ label: building, value: building })),
        this.data.building,
      );
    },
    onPickUnit() {
      if (!this.data.building) return this.hint(this.data.communityId ? '请先选择楼栋' : '请先选择小区');
      if (this.data.directoryLoading) return this.hint('正在加载房号，请稍候');
      if (!this.data.units.length) return this.hint('该楼栋暂无可选房号，请联系物业');
      this.openPicker(
        'unit',
        this.data.units.map((unit) => ({ label: roomLabel(unit), value: unit.id })),
        this.data.unitId,
      );
    },
    openPicker(target: Exclude<PickerTarget, ''>, options: Option[], current: string) {
      this.setData({
        picker: target,
        pickerTitle: PICKER_TITLES[target],
        pickerOptions: options,
        pickerValue: [current || options[0]?.value || ''],
      });
    },
    onPickerConfirm(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const target = this.data.picker;
      const value = event.detail.value[0] ?? '';
      this.setData({ picker: '' });
      if (!value) return;
      if (target === 'community' && value !== this.data.communityId) this.chooseCommunity(value);
      if (target === 'building' && value !== this.data.building) this.chooseBuilding(value);
      if (target === 'unit') {
        const unit = this.data.units.find((candidate) => candidate.id === value);
        if (unit) this.setData({ unitId: unit.id, unitLabel: unit.label, unitError: '' });
      }
    },
    onPickerClose(event: WechatMiniprogram.CustomEvent<{ trigger?: string }>) {
      // Fired on cancel, overlay and (before) confirm; the confirm handler needs to know which picker it was.
      if (event.detail.trigger !== 'confirm-btn') this.setData({ picker: '' });
    },
    async chooseCommunity(communityId: string) {
      const community = this.data.communities.find((candidate) => candidate.id === communityId);
      this.setData({
        communityId,
        communityName: community?.name ?? '',
        buildings: [],
        building: '',
        units: [],
        unitId: '',
        unitLabel: '',
        directoryLoading: true,
      });
      try {
        const { buildings } = await call('directory.units', { communityId });
        if (this.data.communityId !== communityId) return;
        this.setData({ buildings, directoryLoading: false });
        if (buildings.length === 1) await this.chooseBuilding(buildings[0]);
      } catch (error) {
        this.setData({ directoryLoading: false });
        showError(error);
      }
    },
    async chooseBuilding(building: string) {
      const { communityId } = this.data;
      this.setData({ building, units: [], unitId: '', unitLabel: '', directoryLoading: true });
      try {
        const { units } = await call('directory.units', { communityId, building });
        if (this.data.communityId !== communityId || this.data.building !== building) return;
        this.setData({ units, directoryLoading: false });
      } catch (error) {
        this.setData({ directoryLoading: false });
        showError(error);
      }
    },

    onRelationChange(event: WechatMiniprogram.CustomEvent<{ value: ResidentRelation }>) {
      this.setData({ relation: event.detail.value });
    },
    onNameChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: event.detail.value, nameError: '' });
    },
    onPhoneChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ phone: event.detail.value.trim(), phoneError: '' });
    },
    /** WeChat's phone-number button gives a one-time code; the cloud turns it into the number. */
    async onGetPhoneNumber(event: WechatMiniprogram.CustomEvent<{ code?: string; errMsg?: string }>) {
      const { code } = event.detail;
      if (!code) return this.hint('未获取到微信手机号，请手动填写');
      this.setData({ phoneLoading: true });
      try {
        const { phone } = await call('me.phoneFromCode', { code });
        this.setData({ phone, phoneError: '' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ phoneLoading: false });
      }
    },

    onProofAdd(event: WechatMiniprogram.CustomEvent<{ files: { url: string; name: string }[] }>) {
      const added = event.detail.files.map((file): ProofFile => ({ url: file.url, name: file.name, type: 'image' }));
      this.setData({ proofs: [...this.data.proofs, ...added].slice(0, MAX_PROOFS) });
    },
    onProofRemove(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ proofs: this.data.proofs.filter((_, index) => index !== event.detail.index) });
    },
    onProofFail(event: WechatMiniprogram.CustomEvent<{ errMsg?: string }>) {
      const reason = event.detail.errMsg ?? '';
      if (/cancel/.test(reason)) return;
      this.hint(/privacy|auth/i.test(reason) ? '需要您同意隐私保护指引后才能选择图片' : '未能选择图片，请重试');
    },

    /** Refuses an incomplete form with the first problem, before anything is sent. */
    validate(): boolean {
      const unitError = this.data.unitId ? '' : '请选择小区、楼栋和房号';
      const nameError = checkPersonName(this.data.name, NAME_MESSAGES);
      const phoneError = checkPhone(this.data.phone);
      this.setData({ unitError, nameError, phoneError });
      const first = unitError || nameError || phoneError;
      if (first) this.hint(first);
      return !first;
    },
    async onSubmit() {
      if (this.data.submitting || !this.validate()) return;
      this.setData({ submitting: true });
      try {
        const proofFileIds = await this.uploadProofs();
        const binding = await call(
          'binding.request',
          {
            unitId: this.data.unitId,
            relation: this.data.relation,
            name: this.data.name.trim(),
            phone: this.data.phone,
            proofFileIds,
          },
          { requestId: this.data.requestId },
        );
        this.setData({ result: bindingView(binding) });
        // Home and 我的 list the new binding; if this refresh fails they reload on their next show.
        refreshProfile().catch(showError);
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ submitting: false, submitText: '提交认证' });
      }
    },
    /** Uploads the proofs not uploaded yet (a retry keeps the ones already in the cloud). */
    async uploadProofs(): Promise<string[]> {
      const total = this.data.proofs.length;
      for (let index = 0; index < total; index += 1) {
        if (this.data.proofs[index].fileID) continue;
        this.setData({ submitText: `正在上传凭证 ${index + 1}/${total}`, [`proofs[${index}].status`]: 'loading' });
        try {
          const fileID = await uploadProof(this.data.proofs[index].url);
          this.setData({ [`proofs[${index}].status`]: 'done', [`proofs[${index}].fileID`]: fileID });
        } catch (error) {
          this.setData({ [`proofs[${index}].status`]: 'failed' });
          throw error;
        }
      }
      this.setData({ submitText: '正在提交…' });
      return this.data.proofs.map((proof) => proof.fileID ?? '');
    },

    onViewMine() {
      switchTab('pages/mine/index');
    },
    /** Another unit: a fresh form with a fresh request id; the contact details stay. */
    onBindAnother() {
      this.setData({
        result: null,
        unitId: '',
        unitLabel: '',
        proofs: [],
        requestId: newRequestId(),
      });
    },
    hint(message: string) {
      wx.showToast({ title: message, icon: 'none', duration: 2500 });
    },
  },
});
