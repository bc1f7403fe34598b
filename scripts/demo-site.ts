/**
 * The demo's site registers (seed 001 五; 002 §7¶3, §12, §13): patrol routes set up two days ago
 * (so the rounds not walked since show as missed), today's round half walked with a broken lamp
 * reported as a ticket and litter sent to the cleaners, keys with one overdue, and a parcel and
 * an owner's key waiting for the demo owner.
 */
import type { ActionInput, ActionName, ActionOutput } from '../typings/api';
import type { UnitListing } from '../typings/domain';
import { addDays } from '../miniprogram/shared/billing';

export type DemoCaller = <A extends ActionName>(action: A, input: ActionInput<A>) => Promise<ActionOutput<A>>;
type As = (openid: string) => DemoCaller;

interface Who {
  cs: string;
  tech: string;
  manager: string;
}

/** Before the demo's clock moves on two days: routes, a key lent until later that day, items received. */
export async function planSiteRegisters(as: As, who: Who, communityId: string, units: UnitListing[], now: Date): Promise<void> {
  const manager = as(who.manager);
  const cs = as(who.cs);
  await manager('patrol.saveRoute', {
    communityId,
    name: '园区巡视 A 线',
    kind: 'site',
    checkpoints: [
      { name: '东门岗', items: ['治安隐患', '消防设施完好、通道畅通', '照明灯、装饰灯齐全'] },
      { name: '儿童游乐区', items: ['儿童游乐设施完好、无安全隐患', '地面干净、无垃圾'] },
      { name: '地下车库入口', items: ['防盗设施完好', '雨水、污水井盖完好'] },
    ],
  });
  await manager('patrol.saveRoute', {
    communityId,
    name: '清洁巡查',
    kind: 'cleaning',
    checkpoints: [
      { name: '1栋大堂', items: ['地面干净、无垃圾', '墙面、扶手、标识无污渍'] },
      { name: '垃圾收集点', items: ['垃圾桶已清运、无异味'] },
    ],
  });
  const vacant = units[units.length - 1];
  await manager('patrol.saveRoute', { communityId, name: '空置房巡查', kind: 'vacant', unitId: vacant.id, checkpoints: [{ name: '入户门及室内', items: ['门窗完好并已关闭', '无渗漏水', '水、电、气已关闭'] }] });

  const pump = await cs('key.save', { communityId, kind: 'common', name: '2栋水泵房', opens: '2栋负一层水泵房门', keptAt: '服务中心钥匙柜 A2', copies: 1 });
  await cs('key.lend', { id: pump.id, version: pump.version, borrowerName: '维修老李', reason: '检修二次供水水泵', dueAt: new Date(now.getTime() + 3 * 3_600_000).toISOString() });
  await cs('key.save', { communityId, kind: 'common', name: '1栋配电房', opens: '1栋负一层配电房门', keptAt: '服务中心钥匙柜 A3', copies: 2 });
  await cs('key.save', { communityId, kind: 'owner', unitId: units[0].id, name: '入户门钥匙', opens: `${units[0].label} 入户门`, keptAt: '服务中心保险柜', copies: 1 });

  await cs('custody.record', { communityId, kind: 'parcel', description: '顺丰快递一件（中号纸箱）', fromName: '顺丰快递员', unitId: units[0].id, forName: '张伟' });
  const cash = await cs('custody.record', { communityId, kind: 'cash', amountFen: 50_000, description: '代收装修押金', fromName: '成都安居装饰工程有限公司', unitId: units[1].id, forName: '李娜' });
  await cs('custody.handOver', { id: cash.id, version: cash.version, toName: '李娜' });
}

/** After: this half day's rounds begun, one point with damage reported on the spot (the site's other two points wait). */
export async function walkSiteRegisters(as: As, who: Who, communityId: string): Promise<void> {
  const tech = as(who.tech);
  const rounds = await tech('patrol.routes', { communityId });
  const site = rounds.find((round) => round.route.kind === 'site')!.route;
  const cleaning = rounds.find((round) => round.route.kind === 'cleaning')!.route;
  const ok = (count: number) => Array.from({ length: count }, () => ({ ok: true, note: '' }));
  await tech('patrol.check', {
    routeId: site.id,
    code: site.checkpoints[0].code,
    answers: [{ ok: true, note: '' }, { ok: true, note: '' }, { ok: false, note: '东门两盏路灯不亮' }],
    photos: [],
    finding: { kind: 'ticket', category: 'common-facility', description: '东门两盏路灯不亮，夜间通行不便' },
  });
  await tech('patrol.check', { routeId: cleaning.id, code: cleaning.checkpoints[0].code, answers: ok(2), photos: [] });
  await tech('patrol.check', {
    routeId: cleaning.id,
    code: cleaning.checkpoints[1].code,
    answers: [{ ok: false, note: '垃圾桶满溢，有异味' }],
    photos: [],
    finding: { kind: 'workOrder', department: 'cleaning', description: '垃圾收集点垃圾桶满溢，请安排清运并冲洗' },
  });
}

/** The codes printed for every route, as posted at their points: what the preview's camera can see. */
export async function postedPatrolCodes(as: As, who: Who, communityId: string): Promise<{ label: string; value: string }[]> {
  const rounds = await as(who.manager)('patrol.routes', { communityId });
  return rounds.flatMap(({ route }) => route.checkpoints.map((point) => ({ label: `${route.unitLabel ?? route.name} · ${point.name}`, value: point.code })));
}

/**
 * The site's registers: a home's file lent to customer service, a police query approved by the
 * manager and waiting for the general manager, two contracts (one ending in 20 days), and two shops
 * (one with an expired licence and its fire check overdue).
 */
export async function enterSiteRecords(as: As, who: Who & { infokeeper: string }, communityId: string, unitId: string, today: string, contractScans: string[]): Promise<void> {
  const cs = as(who.cs);
  const manager = as(who.manager);
  const keeper = as(who.infokeeper);

  let loan = await cs('fileLoan.request', { communityId, subject: { kind: 'unit', unitId }, purpose: '核对业主历年报修和装修记录', dueOn: addDays(today, 7) });
  loan = await manager('fileLoan.approve', { id: loan.id, version: loan.version, note: '同意，用后及时归还' });
  await keeper('fileLoan.lend', { id: loan.id, version: loan.version, note: '原件一册' });
  const query = await cs('fileLoan.request', {
    communityId,
    subject: { kind: 'unit', unitId },
    purpose: '协助调查一起盗窃案件，查询住户登记信息',
    dueOn: today,
    authority: { body: '成都市公安局高新分局', officerName: '李建国', documentType: '警官证', documentNumber: '510100123456', checked: true },
  });
  await manager('fileLoan.approve', { id: query.id, version: query.version, note: '证件已核对' });

  await manager('contract.create', { communityId, party: '成都洁净保洁服务有限公司', subject: '小区公共区域保洁外包', startOn: addDays(today, -65), endOn: addDays(today, 300), amountFen: 36_000_000, fileIds: contractScans });
  await manager('contract.create', { communityId, party: '蓉城绿化工程有限公司', subject: '小区绿化养护', startOn: addDays(today, -345), endOn: addDays(today, 20), amountFen: 12_000_000, fileIds: [] });

  const licence = (name: string, number: string, days: number) => ({ name, number, expiresOn: addDays(today, days) });
  await cs('shop.create', { communityId, name: '邻里便利店', tenant: '王小明', business: '日用百货零售', licences: [licence('营业执照', '91510100MA0000001X', 900)], fireCheckEveryDays: 30 });
  const restaurant = await cs('shop.create', {
    communityId,
    name: '川味小馆',
    tenant: '赵大厨',
    business: '餐饮',
    licences: [licence('营业执照', '91510100MA0000002Y', 700), licence('食品经营许可证', 'JY15101000000001', -3)],
    fireCheckEveryDays: 30,
  });
  // Its last check was 35 days ago: the next one is 5 days overdue.
  await cs('shop.recordCheck', { id: restaurant.id, version: restaurant.version, checkedOn: addDays(today, -35), items: ['灭火器', '消火栓', '疏散通道'], result: 'pass', followUp: '', note: '' });
}
