import type { Community } from '../../../../../typings/domain';
import type { CommunityInput } from '../../../../../typings/api';
import { loadable } from '../../../../behaviors/loadable';
import { ApiError, call, messageOf, newRequestId } from '../../../../services/api';
import { navigateBack } from '../../../../services/navigation';
import { LIMITS, fitsText } from '../../../../shared/limits';
type Field = 'name' | 'address' | 'emergency' | 'service24h' | 'complaint';
type Form = Record<Field, string>;

const EMPTY_FORM: Form = { name: '', address: '', emergency: '', service24h: '', complaint: '' };

const PHONE_LABELS: Record<'emergency' | 'service24h' | 'complaint', string> = {
  emergency: '应急电话',
  service24h: '24小时服务电话',
  complaint: '投诉电话',
};

/** Mobile, landline with area code (e.g. 028-85550000) or 400/800; the server has the final word. */
const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|[48]00-?\d{3}-?\d{4})$/;

function formOf(community: Community): Form {
  return {
    name: community.name,
    address: community.address,
    emergency: community.phones.emergency,
    service24h: community.phones.service24h,
    complaint: community.phones.complaint,
  };
}

/** The same limits as the server, so most mistakes are caught before sending. */
function check(form: Form): Partial<Form> {
  const errors: Partial<Form> = {};
  const { name, address } = LIMITS.community;
  if (!form.name.trim()) errors.name = '请填写小区名称';
  else if (!fitsText(form.name, name)) errors.name = `小区名称为 ${name[0]}–${name[1]} 个字`;
  if (!form.address.trim()) errors.address = '请填写小区地址';
  else if (!fitsText(form.address, address)) errors.address = `地址为 ${address[0]}–${address[1]} 个字`;
  for (const field of Object.keys(PHONE_LABELS) as (keyof typeof PHONE_LABELS)[]) {
    const phone = form[field].trim();
    if (!phone) errors[field] = `请填写${PHONE_LABELS[field]}`;
    else if (!PHONE_PATTERN.test(phone.replace(/\s+/g, ''))) errors[field] = `${PHONE_LABELS[field]}格式不正确，如 028-85550000 或 13800000000`;
  }
  return errors;
}

function inputOf(form: Form): CommunityInput {
  return {
    name: form.name.trim(),
    address: form.address.trim(),
    phones: { emergency: form.emergency.trim(), service24h: form.service24h.trim(), complaint: form.complaint.trim() },
  };
}

Component({
  behaviors: [loadable],
  data: {
    id: '',
    version: 0,
    form: { ...EMPTY_FORM },
    errors: {} as Partial<Form>,
    /** A refusal from the server, kept on screen (a toast disappears). */
    formError: '',
    saving: false,
    /** One id per creation, reused if the user retries after a timeout, so no duplicate is made. */
    requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const id = query.id ?? '';
      this.setData({ id, requestId: newRequestId() });
      if (id) void this.load();
      else this.setData({ status: 'ready' });
    },
    /** The community as it is now; the form starts over from it. */
    async fetch() {
      const community = await call('community.get', { id: this.data.id });
      this.setData({ version: community.version, form: formOf(community), errors: {}, formError: '' });
    },
    onFieldChange(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: Field }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '', formError: '' });
    },
    async onSave() {
      if (this.data.saving) return;
      const errors = check(this.data.form);
      if (Object.keys(errors).length > 0) {
        this.setData({ errors });
        wx.showToast({ title: Object.values(errors)[0] ?? '请检查填写的内容', icon: 'none' });
        return;
      }
      this.setData({ saving: true, errors: {}, formError: '' });
      try {
        const input = inputOf(this.data.form);
        if (this.data.id) {
          await call('community.update', { ...input, id: this.data.id, version: this.data.version });
        } else {
          await call('community.create', input, { requestId: this.data.requestId });
        }
        wx.showToast({ title: '已保存', icon: 'success' });
        navigateBack();
      } catch (error) {
        if (this.data.id && error instanceof ApiError && error.code === 'CONFLICT') {
          wx.showModal({
            title: '信息已被修改',
            content: '这个小区的信息刚被其他管理员修改过，已为您载入最新内容，请核对后重新修改。',
            showCancel: false,
            confirmText: '知道了',
          });
          this.setData({ status: 'loading' });
          void this.load();
        } else {
          this.setData({ formError: messageOf(error) });
          wx.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
        }
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
