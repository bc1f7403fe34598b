import { z } from 'zod';
import type { RepairCategory, TicketCatalog } from '../../../../typings/tickets';
import type { Route } from '../router';
import { loadCommunity } from '../communities/communities';
import { id } from '../validation';
import { templateIds } from './notify';

/**
 * Default repair items and published prices (明码标价, seed 000 (五) 1 and 001 四 维修 1–2): what is
 * free inside the property service and what is a paid service. Prices in fen.
 */
export const DEFAULT_CATEGORIES: RepairCategory[] = [
  { code: 'water-leak', name: '水管漏水', charged: false, priceFen: 0, unit: '次', urgency: 'urgent' },
  { code: 'power-out', name: '户内停电/跳闸', charged: false, priceFen: 0, unit: '次', urgency: 'urgent' },
  { code: 'drain-block', name: '下水道堵塞疏通', charged: true, priceFen: 8000, unit: '次', urgency: 'urgent' },
  { code: 'door-lock', name: '门锁维修', charged: true, priceFen: 5000, unit: '把', urgency: 'routine' },
  { code: 'faucet', name: '更换水龙头（不含材料）', charged: true, priceFen: 3000, unit: '个', urgency: 'routine' },
  { code: 'light', name: '更换灯具（不含材料）', charged: true, priceFen: 2000, unit: '盏', urgency: 'routine' },
  { code: 'common-facility', name: '公共设施损坏', charged: false, priceFen: 0, unit: '次', urgency: 'routine' },
  { code: 'other', name: '其他维修', charged: false, priceFen: 0, unit: '次', urgency: 'routine' },
];

export const COMPLAINT_CATEGORIES = ['服务态度', '环境卫生', '噪音扰民', '停车管理', '安全秩序', '设施设备', '收费问题', '其他'];
export const GENERAL_CATEGORIES = ['物业服务', '收费标准', '装修手续', '公共设施', '其他'];

export const DEFAULT_COMMON_AREAS = ['小区大门', '地下车库', '电梯', '楼道', '绿化带', '健身区', '儿童游乐区', '垃圾站'];

/** Courteous standard phrases from seed 001 二 (文明用语). */
export const DEFAULT_PHRASES = [
  '您好！感谢您的反馈，我们已收到并会尽快为您处理。',
  '对不起，给您带来不便，请原谅。',
  '请您协助我们的工作好吗？我们会尽快给您答复。',
  '好的，我明白了，这是我们应该做的。',
  '非常感谢您的耐心等待，问题已处理完毕，请您确认。',
  '您还有其他需要吗？',
];

export function findCategory(code: string): RepairCategory | undefined {
  return DEFAULT_CATEGORIES.find((category) => category.code === code);
}

export const getCatalog: Route<'ticket.catalog'> = {
  roles: 'anyone',
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }): Promise<TicketCatalog> {
    await loadCommunity(communityId);
    return { categories: DEFAULT_CATEGORIES, commonAreas: DEFAULT_COMMON_AREAS, phrases: DEFAULT_PHRASES, templateIds: templateIds() };
  },
};
