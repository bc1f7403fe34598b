import { cloudEnv } from './config';

App({
  onLaunch() {
    if (!wx.cloud) {
      wx.showModal({ title: '微信版本过低', content: '请升级微信到最新版本后再使用物业客服。', showCancel: false });
      return;
    }
    wx.cloud.init({ env: cloudEnv, traceUser: true });
  },
});
