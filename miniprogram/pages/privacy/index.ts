import { switchTab } from '../../services/navigation';

/** 隐私说明: what we collect about owners, why, who sees it, how long we keep it, and their rights. */
Component({
  methods: {
    onOpenContract() {
      wx.openPrivacyContract({
        fail: () => wx.showToast({ title: '暂时无法打开微信隐私保护指引，请稍后再试', icon: 'none', duration: 3000 }),
      });
    },
    onOpenMine() {
      switchTab('pages/mine/index');
    },
  },
});
