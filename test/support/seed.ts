import { Buffer } from 'node:buffer';
import { addDays } from '../../miniprogram/shared/billing';
import { chinaDate } from '../../miniprogram/shared/time';
import type { UnitListing } from '../../typings/domain';
import { everyHome, okAs, uploadAs } from './api';

/** The deployment admin, configured for the api function in config/local-cloud.json (ADMIN_OPENIDS). */
export const ADMIN_OPENID = 'o-demo-admin';

export interface SeededCommunity {
  env: string;
  communityId: string;
  communityName: string;
  /** Units from the roster, in roster order. */
  units: UnitListing[];
  /** Staff of this community, one per role. */
  staff: { cs: string; tech: string; manager: string; infokeeper: string };
  /** An owner whose binding to `units[0]` was approved. */
  owner: string;
  /** A WeChat user with no account. */
  stranger: string;
}

/** The roster every seeded community gets: building, unit, room, area, owner name, phone. */
export const ROSTER_CSV = [
  '楼栋,单元,房号,建筑面积,业主姓名,联系电话',
  '1栋,1单元,101,89.50,张伟,13800000001',
  '1栋,1单元,102,120.00,李娜,13800000002',
  '1栋,2单元,201,101.25,王芳,13800000003',
  '2栋,,301,56.00,刘洋,13800000004',
].join('\n');

/**
 * A community with a roster, one staff member per role and one approved owner, built only
 * through the api function (as an admin, staff and owners would).
 */
export async function seedCommunity(env: string, prefix = 'seed', baseUrl?: string): Promise<SeededCommunity> {
  const admin = okAs(env, ADMIN_OPENID, baseUrl);
  const community = await admin('community.create', {
    name: `${prefix}花园`,
    address: '成都市高新区天府大道100号',
    phones: { emergency: '028-85550110', service24h: '028-85550000', complaint: '028-85550123' },
  });
  const fileID = await uploadAs(env, ADMIN_OPENID, `rosters/${prefix}.csv`, new Uint8Array(Buffer.from(ROSTER_CSV, 'utf8')), baseUrl);
  await admin('roster.import', { communityId: community.id, fileID });

  const staff = {
    cs: `o-${prefix}-cs`,
    tech: `o-${prefix}-tech`,
    manager: `o-${prefix}-manager`,
    infokeeper: `o-${prefix}-infokeeper`,
  };
  const names = { cs: '客服小王', tech: '维修老李', manager: '经理陈', infokeeper: '专管员周' };
  for (const role of ['cs', 'tech', 'manager', 'infokeeper'] as const) {
    const invite = await admin('invite.create', { roles: [role], communityIds: [community.id] });
    await okAs(env, staff[role], baseUrl)('invite.redeem', { code: invite.code, name: names[role] });
  }

  const units = await everyHome(okAs(env, ADMIN_OPENID, baseUrl), community.id);
  const owner = `o-${prefix}-owner`;
  const binding = await okAs(env, owner, baseUrl)('binding.request', {
    unitId: units[0].id,
    relation: 'owner',
    name: '张伟',
    phone: '13800000001',
    proofFileIds: [],
  });
  await okAs(env, staff.cs, baseUrl)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });

  return {
    env,
    communityId: community.id,
    communityName: community.name,
    units,
    staff,
    owner,
    stranger: `o-${prefix}-stranger`,
  };
}

/** A China date `days` from today (real time): due dates and reminder deadlines. */
export function daysFromToday(days: number): string {
  return addDays(chinaDate(Date.now()), days);
}

/** Publishes the paid repairs' price list (the demo's) on a community's disclosure board, as its admin would. */
export async function publishRepairPrices(env: string, communityId: string, baseUrl?: string): Promise<string> {
  const { REPAIR_PRICES } = await import('../../scripts/demo');
  const admin = okAs(env, ADMIN_OPENID, baseUrl);
  const draft = await admin('disclosure.saveDraft', { communityId, title: '有偿维修服务价目表', period: '2026年', content: { kind: 'fee-standard', items: REPAIR_PRICES } });
  return (await admin('disclosure.publish', { id: draft.id, revision: draft.revision })).id;
}

/** Publishes a fee standard with the property fee at ¥2.50/㎡·月 and returns its id, for bills to be generated from. */
export async function publishPropertyFee(env: string, communityId: string, baseUrl?: string): Promise<string> {
  const admin = okAs(env, ADMIN_OPENID, baseUrl);
  const draft = await admin('disclosure.saveDraft', {
    communityId,
    title: '物业服务收费标准',
    period: '年度',
    content: { kind: 'fee-standard', items: [{ name: '物业服务费', category: 'property', priceFen: 250, unit: 'm2-month', basis: '物业服务合同第五条', note: '' }] },
  });
  return (await admin('disclosure.publish', { id: draft.id, revision: draft.revision })).id;
}
