import { z } from 'zod';
import type { RepairCategory, TicketCatalog } from '../../../../typings/tickets';
import type { Route } from '../router';
import { assertCommunity } from '../communities/communities';
import { id } from '../validation';
import { templateIdOf } from '../alerts/templates';
import { phrasesFor } from './settings';
import { anyone } from '../access';
import { repairCategoriesOf } from './priceList';

/** A repair item as built in: what can be reported and how fast; a paid one's price is the published list's. */
export type BuiltInCategory = Omit<RepairCategory, 'priceFen' | 'published'>;

/**
 * The built-in repair items (seed 001 四 维修 1–2): what is free inside the property service and
 * what is a paid service. Paid services are priced only by the community's published fee
 * standard (tickets/priceList.ts), never here.
 */
export const DEFAULT_CATEGORIES: BuiltInCategory[] = [
  { code: 'water-leak', name: '水管漏水', charged: false, unit: '次', urgency: 'urgent' },
  { code: 'power-out', name: '户内停电/跳闸', charged: false, unit: '次', urgency: 'urgent' },
  { code: 'drain-block', name: '下水道堵塞疏通', charged: true, unit: '次', urgency: 'urgent' },
  { code: 'door-lock', name: '门锁维修', charged: true, unit: '把', urgency: 'routine' },
  { code: 'faucet', name: '更换水龙头（不含材料）', charged: true, unit: '个', urgency: 'routine' },
  { code: 'light', name: '更换灯具（不含材料）', charged: true, unit: '盏', urgency: 'routine' },
  { code: 'common-facility', name: '公共设施损坏', charged: false, unit: '次', urgency: 'routine' },
  { code: 'other', name: '其他维修', charged: false, unit: '次', urgency: 'routine' },
];

export const COMPLAINT_CATEGORIES = ['服务态度', '环境卫生', '噪音扰民', '停车管理', '安全秩序', '设施设备', '收费问题', '其他'];
export const GENERAL_CATEGORIES = ['物业服务', '收费标准', '装修手续', '公共设施', '其他'];

export const DEFAULT_COMMON_AREAS = ['小区大门', '地下车库', '电梯', '楼道', '绿化带', '健身区', '儿童游乐区', '垃圾站'];

export function findCategory(code: string): BuiltInCategory | undefined {
  return DEFAULT_CATEGORIES.find((category) => category.code === code);
}

export const getCatalog: Route<'ticket.catalog'> = {
  access: anyone('公示的维修价目'),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }, { now }): Promise<TicketCatalog> {
    // Only whether the community exists matters here: a kept name says so without a read.
    await assertCommunity(communityId, now);
    const [{ categories, source }, phrases] = await Promise.all([repairCategoriesOf(communityId), phrasesFor(communityId)]);
    return {
      categories,
      ...(source ? { priceList: source } : {}),
      complaintCategories: COMPLAINT_CATEGORIES,
      otherCategories: GENERAL_CATEGORIES,
      commonAreas: DEFAULT_COMMON_AREAS,
      phrases,
      templateIds: [templateIdOf('progress')].filter(Boolean),
    };
  },
};
