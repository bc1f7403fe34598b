import type { Invite, StaffMember } from '../../../../../typings/domain';
import type { StaffRole } from '../../../../../typings/roles';
import { STAFF_ROLES, communityScope, isStaffRole, type CommunityOption } from '../../../../behaviors/community-scope';
import { call, messageOf, newRequestId } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { getProfile } from '../../../../services/session';
import { ROLE_LABELS } from '../../../../shared/labels';
import { chinaMinute } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';

interface StaffRow {
  openid: string;
  name: string;
  roleText: string;
  roleLabels: string[];
  roles: StaffRole[];
  isSelf: boolean;
}

interface InviteView {
  code: string;
  roleText: string;
  communityText: string;
  expiresAt: string;
}

const ROLE_OPTIONS = STAFF_ROLES.map((role) => ({ label: ROLE_LABELS[role], value: role }));
const DEFAULT_DAYS = 7;

function staffRoles(values: readonly string[]): StaffRole[] {
  return STAFF_ROLES.filter((role) => values.includes(role));
}

function roleText(roles: readonly string[]): string {
  return roles
    .filter(isStaffRole)
    .map((role) => ROLE_LABELS[role])
    .join('、');
}

function toRow(member: StaffMember, self: string): StaffRow {
  const roles = staffRoles(member.roles.filter(isStaffRole));
  return {
    openid: member.openid,
    name: member.name || '未填写姓名',
    roleText: roleText(roles),
    roleLabels: roles.map((role) => ROLE_LABELS[role]),
    roles,
    isSelf: member.openid === self,
  };
}

Component({
  behaviors: [communityScope],
  data: {
    self: '',
    /** Communities where the caller is admin (invites may be created for them). */
    adminCommunities: [] as CommunityOption[],
    isAdmin: false,
    staff: [] as StaffRow[],
    staffLoading: false,
    staffError: '',

    roleOptions: ROLE_OPTIONS,
    inviteRoles: [] as string[],
    inviteCommunityIds: [] as string[],
    inviteDays: DEFAULT_DAYS,
    creating: false,
    invite: null as InviteView | null,
    /** One id per invite the admin means to create; a retry after a timeout reuses it. */
    inviteRequestId: '',

    editVisible: false,
    editOpenid: '',
    editName: '',
    editRoles: [] as string[],
    saving: false,
  },
  methods: {
    onRoleLog() {
      navigateTo('packages/staff/pages/role-log/index', { communityId: this.data.communityId });
    },
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ inviteRequestId: newRequestId(), communityId: query.communityId ?? '' });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope(['admin', 'manager'], '您没有可管理员工的小区'))) return;
      const adminCommunities = this.data.communities.filter((c) => this.rolesHere(c.value).includes('admin'));
      this.setData({ self: (await getProfile()).openid, adminCommunities });
      this.communityChanged();
    },
    communityChanged() {
      const isAdmin = this.rolesHere().includes('admin');
      this.setData({ isAdmin, inviteCommunityIds: isAdmin ? [this.data.communityId] : [] });
      void this.loadStaff();
    },
    async loadStaff() {
      this.setData({ staffLoading: true, staffError: '' });
      try {
        const members = await call('staff.list', { communityId: this.data.communityId });
        this.setData({ staff: members.map((member) => toRow(member, this.data.self)) });
      } catch (error) {
        this.setData({ staff: [], staffError: messageOf(error) });
      } finally {
        this.setData({ staffLoading: false });
      }
    },

    onInviteRolesChange(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ inviteRoles: event.detail.value });
    },
    onInviteCommunitiesChange(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ inviteCommunityIds: event.detail.value });
    },
    onInviteDaysChange(event: WechatMiniprogram.CustomEvent<{ value: number | string }>) {
      this.setData({ inviteDays: Number(event.detail.value) });
    },
    async onCreateInvite() {
      if (this.data.creating) return;
      const roles = staffRoles(this.data.inviteRoles);
      const communityIds = this.data.inviteCommunityIds;
      if (roles.length === 0) {
        wx.showToast({ title: '请至少选择一个角色', icon: 'none' });
        return;
      }
      if (communityIds.length === 0) {
        wx.showToast({ title: '请至少选择一个小区', icon: 'none' });
        return;
      }
      if (
        roles.includes('admin') &&
        !(await confirmModal('邀请管理员', '管理员可以管理小区信息、房屋名册和员工角色。确认生成管理员邀请码？', '生成'))
      ) {
        return;
      }
      await whileBusy(this, 'creating', async () => {
        const invite: Invite = await call(
          'invite.create',
          { roles, communityIds, expiresInDays: this.data.inviteDays },
          { requestId: this.data.inviteRequestId },
        );
        const names = new Map(this.data.adminCommunities.map((c) => [c.value, c.label]));
        this.setData({
          invite: {
            code: invite.code,
            roleText: roleText(invite.roles),
            communityText: invite.communityIds.map((id) => names.get(id) ?? id).join('、'),
            expiresAt: chinaMinute(invite.expiresAt),
          },
          inviteRequestId: newRequestId(),
        });
      });
    },
    onCopyCode() {
      const code = this.data.invite?.code;
      if (!code) return;
      wx.setClipboardData({
        data: code,
        fail: () => wx.showToast({ title: '复制失败，请长按邀请码手动复制', icon: 'none' }),
      });
    },
    onNewInvite() {
      this.setData({ invite: null, inviteRoles: [] });
    },

    onEditRoles(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { openid: string }>) {
      const member = this.data.staff.find((row) => row.openid === event.currentTarget.dataset.openid);
      if (!member) return;
      this.setData({ editVisible: true, editOpenid: member.openid, editName: member.name, editRoles: [...member.roles] });
    },
    onEditRolesChange(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ editRoles: event.detail.value });
    },
    onEditCancel() {
      this.setData({ editVisible: false });
    },
    async onEditConfirm() {
      const roles = staffRoles(this.data.editRoles);
      const name = this.data.editName;
      const confirmed =
        roles.length === 0
          ? await confirmModal('撤销员工', `${name}将失去在${this.data.communityName}的全部权限，工作台中不再显示本小区。确认撤销？`, '撤销')
          : await confirmModal('修改角色', `将${name}在${this.data.communityName}的角色改为：${roleText(roles)}？`, '确认修改');
      if (confirmed) await this.setRoles(this.data.editOpenid, roles);
    },
    async onRevoke(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { openid: string }>) {
      const member = this.data.staff.find((row) => row.openid === event.currentTarget.dataset.openid);
      if (!member || this.data.saving) return;
      const confirmed = await confirmModal(
        '撤销员工',
        `${member.name}将失去在${this.data.communityName}的全部权限（${member.roleText}），工作台中不再显示本小区。确认撤销？`,
        '撤销',
      );
      if (confirmed) await this.setRoles(member.openid, []);
    },
    /** Replaces a member's roles in this community; no roles revokes them. */
    async setRoles(openid: string, roles: StaffRole[]) {
      await whileBusy(this, 'saving', async () => {
        const member = await call('staff.setRoles', { openid, communityId: this.data.communityId, roles });
        const row = toRow(member, this.data.self);
        const staff =
          row.roles.length === 0
            ? this.data.staff.filter((other) => other.openid !== openid)
            : this.data.staff.map((other) => (other.openid === openid ? row : other));
        this.setData({ staff, editVisible: false });
        wx.showToast({ title: roles.length === 0 ? '已撤销' : '角色已更新', icon: 'success' });
      });
    },
  },
});
