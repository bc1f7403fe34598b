/**
 * The demo's move-in (seed 002 §6, §10; 001 三(一)1): the community's 临时管理规约 replaced by the
 * 管理规约 the owners' assembly adopted, the demo owner having signed both; their home's move-in
 * with the delivery acceptance confirmed and its one defect a warranty ticket the desk accepted;
 * and the preferences the information keeper keeps in the home's file.
 */
import { ACCEPTANCE_TEMPLATE } from '../miniprogram/shared/movein';
import type { UnitListing } from '../typings/domain';
import type { DemoCaller } from './demo-site';

type As = (openid: string) => DemoCaller;

interface Who {
  cs: string;
  manager: string;
  infokeeper: string;
  owner: string;
}

export async function seedMoveIns(as: As, who: Who, communityId: string, units: UnitListing[], defectPhoto: string): Promise<void> {
  const manager = as(who.manager);
  const cs = as(who.cs);
  const owner = as(who.owner);
  const home = units[0].id;

  const provisional = await manager('agreement.publish', {
    communityId,
    kind: 'provisional',
    title: '锦城花园临时管理规约',
    body: '第一条 为维护全体业主的合法权益，保障物业的安全与合理使用，根据《民法典》《物业管理条例》制定本临时管理规约。\n第二条 业主应当按照规划用途使用物业，不得擅自改变房屋结构、外观和用途。\n第三条 业主装饰装修房屋，应当事先告知物业服务企业，并遵守装饰装修管理规定。\n第四条 业主应当按时交纳物业服务费用。',
  });
  await owner('agreement.sign', { unitId: home, agreementId: provisional.id });
  const adopted = await manager('agreement.publish', {
    communityId,
    kind: 'management',
    title: '锦城花园管理规约',
    body: '第一条 本管理规约经锦城花园业主大会表决通过，对全体业主和物业使用人具有约束力。\n第二条 业主应当按照规划用途使用物业，不得擅自改变房屋结构、外观和用途。\n第三条 业主饲养宠物应当遵守有关规定，不得影响他人正常生活。\n第四条 业主应当按时交纳物业服务费用，逾期不交的，业主委员会可督促其限期交纳。',
  });
  await owner('agreement.sign', { unitId: home, agreementId: adopted.id });

  const record = await cs('movein.save', {
    communityId,
    unitId: home,
    documents: ['notice', 'id-copy', 'photo', 'registration', 'service-agreement'],
    keys: { sets: 3, note: '入户门钥匙 3 把，信报箱钥匙 1 把' },
    meters: { water: '2.35', electricity: '18.6', gas: '0.8' },
    rooms: ACCEPTANCE_TEMPLATE.map((room) => ({ room: room.room, items: room.items.map((name) => ({ name, ok: !(room.room === '卫生间' && name === '防水') })) })),
    defects: [{ room: '卫生间', item: '防水', description: '闭水试验后楼下顶板有渗水痕迹', photos: [defectPhoto] }],
  });
  const signed = await owner('movein.sign', { id: record.id, version: record.version });
  const ticketId = signed.defects[0].ticket?.id;
  if (ticketId) {
    const ticket = await cs('ticket.get', { id: ticketId });
    await cs('ticket.accept', { id: ticketId, version: ticket.version });
  }

  const file = await as(who.infokeeper)('unit.file', { unitId: home });
  const resident = file.residents.find((item) => item.relation === 'owner' && item.status === 'approved');
  if (resident) {
    await as(who.infokeeper)('unit.preferences.save', {
      unitId: home,
      bindingId: resident.id,
      version: 0,
      hobbies: '书法、太极拳',
      preferences: '上门前请先电话联系，晚上 8 点后请勿打扰',
      needs: '家中有行动不便的老人，停水停电请提前一天告知',
    });
  }
}
