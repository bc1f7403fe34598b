import { call, newRequestId, showError } from '../../services/api';
import { switchTab } from '../../services/navigation';
import { storeProfile } from '../../services/session';
import { checkPersonName } from '../../shared/patterns';

/** Invite codes are 8 letters and digits, read aloud and typed by hand; case does not matter. */
const CODE = /^[A-Z0-9]{8}$/;
const NAME_MESSAGES = { missing: '请填写您的姓名或称呼', length: '姓名或称呼应为 2–20 个字', characters: '姓名只能包含汉字、字母或 ·' };

function checkCode(code: string): string {
  if (!code) return '请填写邀请码';
  if (!CODE.test(code)) return '邀请码是 8 位字母和数字';
  return '';
}

Component({
  data: {
    code: '',
    name: '',
    codeError: '',
    nameError: '',
    submitting: false,
    /** Set on load and kept across retries: a timed-out redemption is not redeemed twice. */
    requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // A shared link may carry the code, e.g. pages/invite/index?code=ABCD1234.
      this.setData({ requestId: newRequestId(), code: (query.code ?? '').trim().toUpperCase() });
    },
    onCodeChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: event.detail.value.trim().toUpperCase(), codeError: '' });
    },
    onNameChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: event.detail.value, nameError: '' });
    },
    async onRedeem() {
      if (this.data.submitting) return;
      const name = this.data.name.trim();
      const codeError = checkCode(this.data.code);
      const nameError = checkPersonName(name, NAME_MESSAGES);
      this.setData({ codeError, nameError });
      if (codeError || nameError) {
        wx.showToast({ title: codeError || nameError, icon: 'none', duration: 2500 });
        return;
      }
      this.setData({ submitting: true });
      try {
        const profile = await call('invite.redeem', { code: this.data.code, name }, { requestId: this.data.requestId });
        storeProfile(profile);
        wx.showToast({ title: '已加入，工作台已开通', icon: 'success', duration: 2000 });
        switchTab('pages/staff/index');
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
