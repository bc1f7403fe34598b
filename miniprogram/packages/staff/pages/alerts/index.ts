import type { Alert, RobotChannel, RobotSettings } from '../../../../../typings/alerts';
import type { Page } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { refreshWorkload } from '../../../../services/workload';
import { ROBOT_CHANNEL_LABELS } from '../../../../shared/labels';
import { confirmModal } from '../../../../utils/dialog';
import { whileBusy } from '../../../../utils/busy';

const FOLLOW_UP_MIN = 2;

/**
 * 提醒与群机器人 (seed 001 四 维修3, 维修6–7; 000 (二)4): the alerts that reached nobody, until a
 * manager records how they followed each up, and the community's group robots that every
 * dispatch, escalation, major complaint and overdue ticket is also posted to.
 */
Component({
  behaviors: [communityScope, pagedList<Alert>()],
  data: {
    robots: null as RobotSettings | null,
    drafts: { wecom: '', dingtalk: '' } as Record<RobotChannel, string>,
    /** Each channel as its cell says it: 未接入, or 已接入 with the address's last characters. */
    channels: [] as { value: RobotChannel; label: string; status: string; configured: boolean }[],
    savingRobot: false,
    followUp: null as { id: string; note: string } | null,
    followingUp: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['manager', 'admin'], '提醒与群机器人仅对客服经理和管理员开放'))) return;
      const [robots] = await Promise.all([call('robots.get', { communityId: this.data.communityId }), this.firstPage()]);
      this.showRobots(robots);
    },
    showRobots(robots: RobotSettings) {
      const channels = (['wecom', 'dingtalk'] as RobotChannel[]).map((value) => ({
        value,
        label: ROBOT_CHANNEL_LABELS[value],
        configured: robots[value].configured,
        status: robots[value].configured ? `已接入（地址结尾 ${robots[value].hint}）` : '未接入',
      }));
      this.setData({ robots, channels });
    },
    async fetchPage(cursor?: string): Promise<Page<Alert>> {
      return call('alert.unreached', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
    },
    communityChanged() {
      this.setData({ status: 'loading', drafts: { wecom: '', dingtalk: '' } });
      void this.load();
    },
    onOpenAlert(event: WechatMiniprogram.CustomEvent<{ id: string }>) {
      const alert = this.data.items.find((item) => item.id === event.detail.id);
      if (alert?.subject.type === 'ticket') navigateTo('packages/staff/pages/ticket/index', { id: alert.subject.id });
      else if (alert?.subject.type === 'renovation') navigateTo('packages/staff/pages/renovation/index', { id: alert.subject.id });
      else if (alert?.subject.type === 'care') navigateTo('packages/care/pages/person/index', { id: alert.subject.id });
      else if (alert) navigateTo('packages/staff/pages/bindings/index', { communityId: alert.communityId });
    },
    onFollowUp(event: WechatMiniprogram.CustomEvent<{ id: string }>) {
      this.setData({ followUp: { id: event.detail.id, note: '' } });
    },
    onFollowUpInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      if (this.data.followUp) this.setData({ 'followUp.note': event.detail.value });
    },
    onFollowUpCancel() {
      this.setData({ followUp: null });
    },
    async onFollowUpConfirm() {
      const followUp = this.data.followUp;
      if (!followUp || this.data.followingUp) return;
      const note = followUp.note.trim();
      if (note.length < FOLLOW_UP_MIN) {
        wx.showToast({ title: '请写明如何跟进，如：已电话通知王师傅', icon: 'none' });
        return;
      }
      await whileBusy(this, 'followingUp', async () => {
        await call('alert.acknowledge', { id: followUp.id, note });
        this.setData({ followUp: null });
        wx.showToast({ title: '已记录跟进', icon: 'success' });
        this.reloadList();
        refreshWorkload().catch(() => undefined);
      });
    },
    onRobotInput(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { channel: RobotChannel }>) {
      this.setData({ [`drafts.${event.currentTarget.dataset.channel}`]: event.detail.value });
    },
    /** Saving posts a test message to the group; the robot must accept it. */
    async onSaveRobot(event: WechatMiniprogram.BaseEvent<Record<string, never>, { channel: RobotChannel }>) {
      const channel = event.currentTarget.dataset.channel;
      const url = this.data.drafts[channel].trim();
      if (!url) {
        wx.showToast({ title: '请粘贴机器人的 Webhook 地址', icon: 'none' });
        return;
      }
      await this.saveRobot(channel, url, '已保存，群里已收到测试消息');
    },
    async onClearRobot(event: WechatMiniprogram.BaseEvent<Record<string, never>, { channel: RobotChannel }>) {
      const channel = event.currentTarget.dataset.channel;
      const label = ROBOT_CHANNEL_LABELS[channel];
      if (await confirmModal(`停用${label}机器人`, `停用后（1 分钟内生效）提醒不再发到${label}，只通过微信通知个人。`, '停用', '#d54941')) await this.saveRobot(channel, '', '已停用');
    },
    async saveRobot(channel: RobotChannel, url: string, done: string) {
      if (this.data.savingRobot) return;
      this.setData({ savingRobot: true });
      try {
        const robots = await call('robots.save', { communityId: this.data.communityId, channel, url });
        this.showRobots(robots);
        this.setData({ [`drafts.${channel}`]: '' });
        wx.showToast({ title: done, icon: 'success' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ savingRobot: false });
      }
    },
  },
});
