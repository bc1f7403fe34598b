/**
 * The workbench entries of the site's registers (seed 001 三(一), 五; 002 §2, §7, §8, §12, §13):
 * patrols and their work orders, keys, items received, notices, file lending, contracts, shops.
 */
import type { EntryRule } from './entries';

export const REGISTER_RULES: EntryRule[] = [
  {
    key: 'patrol',
    title: '园区巡视',
    icon: 'location',
    roles: ['cs', 'tech', 'manager', 'admin'],
    page: 'packages/site/pages/patrol/index',
    perCommunity: true,
    description: (roles) => (roles.includes('manager') || roles.includes('admin') ? '巡视路线和二维码，每轮签到情况和漏巡' : '到巡视点扫码签到，逐项检查，发现问题当场报修'),
  },
  {
    key: 'work-orders',
    title: '内部工作联系单',
    icon: 'file-paste',
    roles: ['cs', 'tech', 'manager', 'admin'],
    page: 'packages/site/pages/work-orders/index',
    perCommunity: true,
    description: () => '巡视发现、交给各部门处理的事项',
  },
  {
    key: 'keys',
    title: '钥匙管理',
    icon: 'lock-on',
    roles: ['cs', 'tech', 'manager', 'admin'],
    page: 'packages/site/pages/keys/index',
    perCommunity: true,
    description: (roles) => (roles.includes('cs') || roles.includes('manager') ? '公用钥匙清单、业主寄存钥匙，借用和归还登记' : '公用钥匙清单和借出情况'),
  },
  {
    key: 'custody',
    title: '代收代管',
    icon: 'inbox',
    roles: ['cs', 'manager', 'admin'],
    page: 'packages/site/pages/custody/index',
    perCommunity: true,
    description: () => '为住户代收的快递、文件、物品和现金，领取记录',
  },
  {
    key: 'notices',
    title: '通知公告',
    icon: 'notification',
    roles: ['cs', 'manager', 'admin'],
    page: 'packages/site/pages/notices/index',
    perCommunity: true,
    description: (roles) => (roles.includes('manager') || roles.includes('admin') ? '停水停电、维修、活动通知：发布、作废、已读统计和 A4 打印' : '起草停水停电、维修、活动通知，查看已读和 A4 打印'),
  },
  {
    key: 'file-loans',
    title: '文件借阅',
    icon: 'folder',
    roles: ['cs', 'manager', 'infokeeper', 'admin'],
    page: 'packages/site/pages/file-loans/index',
    perCommunity: true,
    description: (roles) =>
      roles.some((role) => role === 'manager' || role === 'infokeeper' || role === 'admin') ? '借阅审批、借出归还、逾期未还和档案交接' : '申请借阅户档案或资料，登记政府机关查询',
  },
  {
    key: 'contracts',
    title: '合同清单',
    icon: 'file',
    roles: ['manager', 'infokeeper', 'admin'],
    page: 'packages/site/pages/contracts/index',
    perCommunity: true,
    description: () => '合同对方、内容、期限和金额，到期前提醒续签',
  },
  {
    key: 'shops',
    title: '商铺管理',
    icon: 'shop',
    roles: ['cs', 'manager', 'admin'],
    page: 'packages/site/pages/shops/index',
    perCommunity: true,
    description: () => '商铺登记、证照有效期和定期消防检查',
  },
  {
    key: 'movein',
    title: '入住办理',
    icon: 'home',
    roles: ['cs', 'manager', 'admin'],
    page: 'packages/home/pages/moveins/index',
    perCommunity: true,
    description: () => '入住资料、钥匙和表具交接，分户验收和问题转保修，管理规约版本',
  },
];
