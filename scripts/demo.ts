/**
 * Demo data for `npm start`, written through the api function exactly as users would write it:
 * a community with its roster, one staff member per role, owners in every binding state, tickets
 * in every state (one complaint escalated past its 2-day limit), a disclosure board with a
 * corrected notice, notices for the whole community and for one building (one withdrawn and
 * corrected), bills, and a renovation under way with a violation found on inspection.
 */
import { createWxCloud } from '../emulator/client/node';
import type { ActionInput, ActionName, ActionOutput, ApiResult } from '../typings/api';
import type { NewTicketInput } from '../typings/tickets';
import type { FeeItem } from '../typings/disclosure';
import type { NoticeText } from '../typings/notice';
import { uploadPath } from '../miniprogram/shared/uploads';
import { addDays } from '../miniprogram/shared/billing';
import { chinaDate } from '../miniprogram/shared/time';
import { enterSiteRecords, planSiteRegisters, postedPatrolCodes, walkSiteRegisters } from './demo-site';
import { enterCarePeople, followCareAndVisits } from './demo-care';
import { seedMoveIns } from './demo-movein';
import { planEvents, recordEvents } from './demo-events';

export const DEMO_ENV = 'demo';

export const DEMO_USERS = {
  admin: 'o-demo-admin',
  cs: 'o-demo-cs',
  tech: 'o-demo-tech',
  manager: 'o-demo-manager',
  infokeeper: 'o-demo-infokeeper',
  owner: 'o-demo-owner',
  pendingOwner: 'o-demo-owner-pending',
  tenant: 'o-demo-tenant',
} as const;

const ROSTER = [
  '楼栋,单元,房号,建筑面积,业主姓名,联系电话',
  '1栋,1单元,101,89.50,张伟,13800000001',
  '1栋,1单元,102,120.00,李娜,13800000002',
  '1栋,1单元,201,89.50,王芳,13800000003',
  '1栋,2单元,202,101.25,刘洋,13800000004',
  '2栋,1单元,301,143.80,陈静,13800000005',
  '2栋,1单元,302,76.40,杨磊,13800000006',
  '3栋,,101,56.00,赵敏,13800000007',
].join('\n');

let requestSequence = 0;

function as(baseUrl: string, openid: string) {
  const cloud = createWxCloud({ baseUrl, env: DEMO_ENV, openid: () => openid });
  return async <A extends ActionName>(action: A, input: ActionInput<A>): Promise<ActionOutput<A>> => {
    requestSequence += 1;
    const { result } = await cloud.callFunction({ name: 'api', data: { action, input, requestId: `demo-${Date.now()}-${requestSequence}` } });
    const answer = result as ApiResult<ActionOutput<A>>;
    if (!answer.ok) throw new Error(`demo data: ${action} as ${openid}: ${answer.message}`);
    return answer.data;
  };
}

/** The local cloud's clock (which tests may have moved). */
async function cloudNow(baseUrl: string): Promise<Date> {
  const { now } = (await (await fetch(`${baseUrl}/_emulator/clock`)).json()) as { now: string };
  return new Date(now);
}

/** Today in China on the local cloud's clock. */
async function cloudToday(baseUrl: string): Promise<string> {
  return chinaDate(await cloudNow(baseUrl));
}

async function advanceClock(baseUrl: string, hours: number): Promise<void> {
  await fetch(`${baseUrl}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: hours * 3_600_000 }),
  });
}

/** The demo community's 企业微信 group robot; its posts show in the preview's 群消息 panel. */
export const DEMO_WECOM_ROBOT = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-jincheng-garden-robot';

/** How the preview's user switcher names each demo user. */
export const DEMO_USER_LABELS: { openid: string; label: string }[] = [
  { openid: DEMO_USERS.owner, label: '业主（已认证）' },
  { openid: DEMO_USERS.pendingOwner, label: '业主（待审核）' },
  { openid: DEMO_USERS.tenant, label: '租户' },
  { openid: DEMO_USERS.cs, label: '客服' },
  { openid: DEMO_USERS.tech, label: '维修' },
  { openid: DEMO_USERS.manager, label: '经理' },
  { openid: DEMO_USERS.infokeeper, label: '信息管理员' },
  { openid: DEMO_USERS.admin, label: '管理员' },
];

/** Seeds the demo env once; a later start finds the community and leaves everything as it is. */
/** A small striped image standing in for a photo taken on site. */
const DEMO_PHOTO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAkCAYAAADPRbkKAAAB40lEQVR4AX3B0YkjBhQEwb4XUkd3QfjbYXVK9gpWIIQ0VX/+/efvfwwqS8WislQsKssxqCwVi8pSsagsFccXKkvForJULCpLxcPxgcpSsagsFYvKUvF0vFFZKhaVpWJRWSpeHS9UlopFZalYVJaKd8cvlaViUVkqFpWl4pPjh8pSsagsFYvKUvHNqSwVi8pSsagsFcsxVCwqS8WislQsKscXFYvKUrGoLBWLysPxQcWislQsKkvFovJ0vKlYVJaKRWWpWFReHS8qFpWlYlFZKhaVd8evikVlqVhUlopF5ZPjR8WislQsKkvFovLNVSwqS8WislQsKssxqCwVi8pSsagsFccXKkvForJULCpLxcPxgcpSsagsFYvKUvF0vFFZKhaVpWJRWSpeHS9UlopFZalYVJaKd8cvlaViUVkqFpWl4pPjh8pSsagsFYvKUvHNqSwVi8pSsagsFcsxVCwqS8WislQsKscXFYvKUrGoLBWLysPxQcWislQsKkvFovJ0vKlYVJaKRWWpWFReHS8qFpWlYlFZKhaVd8evikVlqVhUlopF5ZPjR8WislQsKkvFovLNVSwqS8WislQsKssxqCwVi8pSsagsFccXKkvForJULCpLxcPxgcpSsagsFYvKUvH0PxI8RIb+o6x5AAAAAElFTkSuQmCC';

/** Paid repairs as a community publishes them (明码标价): each priced item's code is a repair item of the catalogue. */
export const REPAIR_PRICES: FeeItem[] = [
  { name: '下水道堵塞疏通', category: 'paid-service', priceFen: 8000, unit: 'time', basis: '物业服务合同附件二', note: '户内管道', code: 'drain-block', urgency: 'urgent' },
  { name: '门锁维修', category: 'paid-service', priceFen: 5000, unit: 'time', basis: '物业服务合同附件二', note: '不含锁芯', code: 'door-lock', urgency: 'routine' },
  { name: '更换水龙头（不含材料）', category: 'paid-service', priceFen: 3000, unit: 'time', basis: '物业服务合同附件二', note: '', code: 'faucet', urgency: 'routine' },
  { name: '更换灯具（不含材料）', category: 'paid-service', priceFen: 2000, unit: 'time', basis: '物业服务合同附件二', note: '', code: 'light', urgency: 'routine' },
];

export async function seedDemo(baseUrl: string): Promise<boolean> {
  const admin = as(baseUrl, DEMO_USERS.admin);
  if ((await admin('directory.communities', {})).length) return false;

  const community = await admin('community.create', {
    name: '锦城花园',
    address: '成都市高新区天府大道北段 1700 号',
    phones: { emergency: '028-85550110', service24h: '028-85550000', complaint: '028-85550123' },
  });
  const upload = createWxCloud({ baseUrl, env: DEMO_ENV, openid: () => DEMO_USERS.admin });
  const { fileID } = await upload.uploadFile({ cloudPath: uploadPath(DEMO_USERS.admin, 'rosters/demo.csv'), fileContent: new Uint8Array(Buffer.from(ROSTER, 'utf8')) });
  await admin('roster.import', { communityId: community.id, fileID });

  const staffNames = { cs: '客服小王', tech: '维修老李', manager: '经理陈', infokeeper: '专管员周' } as const;
  for (const role of ['cs', 'tech', 'manager', 'infokeeper'] as const) {
    const invite = await admin('invite.create', { roles: [role], communityIds: [community.id] });
    await as(baseUrl, DEMO_USERS[role])('invite.redeem', { code: invite.code, name: staffNames[role] });
  }

  const { buildings } = await admin('directory.units', { communityId: community.id });
  const units = (await Promise.all(buildings.map((building) => admin('directory.units', { communityId: community.id, building })))).flatMap((directory) => directory.units);
  // The paid repairs' price list, published on the disclosure board: charges take their prices from it.
  const prices = await admin('disclosure.saveDraft', { communityId: community.id, title: '有偿维修服务价目表', period: '2026年', content: { kind: 'fee-standard', items: REPAIR_PRICES } });
  await admin('disclosure.publish', { id: prices.id, revision: prices.revision });
  const cs = as(baseUrl, DEMO_USERS.cs);
  const owner = as(baseUrl, DEMO_USERS.owner);
  const home = await owner('binding.request', { unitId: units[0].id, relation: 'owner', name: '张伟', phone: '13800000001', proofFileIds: [] });
  await cs('binding.review', { id: home.id, version: home.version, decision: 'approve' });
  await as(baseUrl, DEMO_USERS.pendingOwner)('binding.request', { unitId: units[1].id, relation: 'owner', name: '李娜', phone: '13800000002', proofFileIds: [] });
  const tenant = await as(baseUrl, DEMO_USERS.tenant)('binding.request', { unitId: units[2].id, relation: 'tenant', name: '孙小美', phone: '13900000008', proofFileIds: [] });
  await cs('binding.review', { id: tenant.id, version: tenant.version, decision: 'reject', reason: '请上传租赁合同作为证明材料' });

  const base = { photos: [], location: { kind: 'unit' as const, unitId: units[0].id }, contactName: '张伟', contactPhone: '13800000001' };
  const ticket = (input: Partial<NewTicketInput> & Pick<NewTicketInput, 'kind' | 'category' | 'description'>): NewTicketInput => ({ ...base, ...input });

  // The fee standards, published and then corrected.
  const propertyFee = { name: '物业服务费', category: 'property' as const, priceFen: 250, unit: 'm2-month' as const, basis: '前期物业服务合同第五条', note: '' };
  const parkingFee = { name: '车位管理费', category: 'parking' as const, priceFen: 15000, unit: 'space-month' as const, basis: '成发改价格〔2023〕12号', note: '地下车位' };
  const feeDraft = await admin('disclosure.saveDraft', {
    communityId: community.id,
    title: '2026年收费标准公示',
    period: '2026年',
    content: { kind: 'fee-standard', items: [propertyFee, parkingFee] },
  });
  const fees = await admin('disclosure.publish', { id: feeDraft.id, revision: feeDraft.revision });
  const correction = await admin('disclosure.saveDraft', {
    communityId: community.id,
    correcting: fees.id,
    title: '2026年收费标准公示',
    period: '2026年',
    content: { kind: 'fee-standard', items: [{ ...propertyFee, priceFen: 230 }, parkingFee, { name: '装修垃圾清运费', category: 'paid-service', priceFen: 30000, unit: 'time', basis: '物业服务合同附件二', note: '每套一次' }] },
  });
  const corrected = await admin('disclosure.publish', { id: correction.id, revision: correction.revision, correctionNote: '物业服务费按业主大会决议下调为 2.30 元/㎡·月；补列装修垃圾清运费' });
  // October's property fee, due today and unpaid: two days on (below) every home is in arrears (欠费催缴),
  // and the demo owner can pay it with 微信支付.
  await admin('bill.generate', { communityId: community.id, period: '2026-10', feeDisclosureId: corrected.id, itemNames: ['物业服务费'] });
  await admin('bill.publish', { communityId: community.id, period: '2026-10', dueDate: await cloudToday(baseUrl) });

  // An old complaint nobody resolved: the clock moves past its 2-day limit and the timer escalates it.
  await owner('ticket.create', ticket({ kind: 'complaint', category: '噪音扰民', description: '楼上每晚十一点后仍在装修，噪音很大' }));
  await planSiteRegisters((openid) => as(baseUrl, openid), DEMO_USERS, community.id, units, await cloudNow(baseUrl));
  await enterCarePeople((openid) => as(baseUrl, openid), DEMO_USERS, community.id, units);
  await planEvents((openid) => as(baseUrl, openid), DEMO_USERS, community.id, units, await cloudNow(baseUrl));
  // The printed codes are posted at their points: the preview's 扫一扫 can be held over them.
  await fetch(`${baseUrl}/_emulator/camera`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ env: DEMO_ENV, codes: await postedPatrolCodes((openid) => as(baseUrl, openid), DEMO_USERS, community.id) }),
  });
  await advanceClock(baseUrl, 49);
  await walkSiteRegisters((openid) => as(baseUrl, openid), DEMO_USERS, community.id);
  await followCareAndVisits((openid) => as(baseUrl, openid), DEMO_USERS, community.id, units, await cloudNow(baseUrl));
  const eventPhoto = await createWxCloud({ baseUrl, env: DEMO_ENV, openid: () => DEMO_USERS.cs }).uploadFile({
    cloudPath: uploadPath(DEMO_USERS.cs, 'activities/demo-visit.png'),
    fileContent: new Uint8Array(Buffer.from(DEMO_PHOTO_PNG, 'base64')),
  });
  await recordEvents((openid) => as(baseUrl, openid), DEMO_USERS, community.id, eventPhoto.fileID);

  await owner('ticket.create', ticket({ kind: 'repair', category: 'water-leak', description: '卫生间水管接口漏水，地面有积水', preferredTime: '今天下午' }));
  const graded = await owner('ticket.create', ticket({ kind: 'complaint', category: '停车管理', description: '地下车库有车辆长期占用消防通道' }));
  const accepted = await cs('ticket.accept', { id: graded.id, version: graded.version });
  await cs('ticket.grade', { id: accepted.id, version: accepted.version, grade: 'serious', group: true, repeat: false });

  const tech = as(baseUrl, DEMO_USERS.tech);
  const charged = await owner('ticket.create', ticket({ kind: 'repair', category: 'drain-block', description: '厨房下水道堵塞，水排不下去' }));
  let step = await cs('ticket.accept', { id: charged.id, version: charged.version });
  step = await cs('ticket.assign', { id: step.id, version: step.version, technician: DEMO_USERS.tech });
  await tech('ticket.proposeCharge', { id: step.id, version: step.version, items: [{ code: 'drain-block', quantity: 1 }] });
  // The manager connects the team's 企业微信 group (the local cloud's webhook sink stands in for it):
  // the alerts above reached nobody (未送达); from here on dispatches and escalations reach the group.
  await as(baseUrl, DEMO_USERS.manager)('robots.save', { communityId: community.id, channel: 'wecom', url: DEMO_WECOM_ROBOT });

  const fixed = await owner('ticket.create', ticket({ kind: 'repair', category: 'light', description: '客厅吸顶灯不亮，已更换灯泡仍不亮' }));
  step = await cs('ticket.accept', { id: fixed.id, version: fixed.version });
  step = await cs('ticket.assign', { id: step.id, version: step.version, technician: DEMO_USERS.tech });
  await tech('ticket.resolve', { id: step.id, version: step.version, note: '更换了灯具镇流器，已恢复照明' });

  const done = await owner('ticket.create', ticket({ kind: 'complaint', category: '环境卫生', description: '2 栋门口垃圾桶两天没有清运' }));
  step = await cs('ticket.accept', { id: done.id, version: done.version });
  step = await cs('ticket.reply', { id: step.id, version: step.version, text: '您好！感谢您的反馈，保洁已于今天上午清运完毕。', ownerVisible: true });
  step = await cs('ticket.resolve', { id: step.id, version: step.version, note: '垃圾已清运，并增加 2 栋清运频次' });
  step = await cs('ticket.returnVisit', { id: step.id, version: step.version, satisfaction: 'satisfied', note: '业主表示满意' });
  step = await cs('ticket.recordConfirmation', { id: step.id, version: step.version, channel: 'phone', answeredBy: '业主本人', said: '垃圾已经清走了，谢谢' });
  await cs('ticket.close', { id: step.id, version: step.version });

  // A quality incident the desk recorded and analysed, waiting for the manager's sign-off; a call and a duty event of the shift.
  const incident = await cs('incident.record', {
    communityId: community.id,
    title: '垃圾清运延误两天',
    occurredOn: new Date(Date.now() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10),
    description: '2 栋门口垃圾桶连续两天未清运，业主投诉',
    ticketNumbers: [step.number],
  });
  await cs('incident.analyse', {
    id: incident.id,
    version: incident.version,
    cause: '保洁外包单位临时减员，未通知物业',
    responsibility: '保洁主管未每日核查清运记录',
    corrective: '当天加派人员清运，并向业主致歉',
    preventive: '每日清运记录拍照上传，主管每日核查',
    ticketNumbers: [step.number],
  });
  await cs('desk.logCall', { communityId: community.id, callerName: '王女士', unitLabel: '3栋2单元502', topic: '咨询明天停水时间', outcome: '已告知明早 8 点恢复供水' });
  await cs('desk.logDuty', { communityId: community.id, event: '22:10 地下车库 B2 积水，已通知工程部值班人员', reportedTo: '经理陈' });

  await owner('ticket.create', ticket({ kind: 'consultation', category: '收费标准', description: '请问车位管理费的收费标准是多少？' }));

  // Notices on the board: the desk drafts, the manager publishes. A lift notice for 1栋 withdrawn for
  // a wrong date and corrected; a water stop for 1栋, which the owner has read; a fire-safety check for everyone.
  const manager = as(baseUrl, DEMO_USERS.manager);
  const issuer = '锦城花园物业服务中心';
  const notice = async (text: Omit<NoticeText, 'issuer'>, replaces?: string) => {
    const draft = await cs('notice.saveDraft', { communityId: community.id, ...text, issuer, ...(replaces ? { replaces } : {}) });
    return manager('notice.publish', { id: draft.id, version: draft.version });
  };
  const lift = {
    category: 'maintenance' as const,
    title: '关于1栋电梯年度维保的通知',
    addressee: '1栋各位业主、住户',
    body: '为保障电梯运行安全，1栋两部电梯将于12月9日8:30至17:30轮流停运维保，每次停运一部。\n维保期间请各位业主、住户耐心等候，老人和儿童乘梯请有人陪同。给您带来不便，敬请谅解。',
    buildings: ['1栋'],
  };
  const wrongDate = await notice({ ...lift, body: lift.body.replace('12月9日', '12月6日') });
  await manager('notice.withdraw', { id: wrongDate.id, version: wrongDate.version, reason: '维保单位改期，维保日期由12月6日改为12月9日' });
  await notice({ ...lift, title: '关于1栋电梯年度维保的通知（更正）' }, wrongDate.id);
  const water = await notice({
    category: 'outage',
    title: '关于1栋计划停水的通知',
    addressee: '1栋各位业主、住户',
    body: '因二次供水设备年度检修，1栋将于12月12日9:00至15:00停水。\n请各位业主、住户提前做好储水准备，停水期间请关闭家中水龙头。如有疑问，请致电物业服务中心 028-85550000。',
    buildings: ['1栋'],
  });
  await owner('notice.get', { id: water.id });
  await notice({
    category: 'safety',
    title: '关于开展冬季消防安全检查的通知',
    addressee: '各位业主、住户',
    body: '冬季天干物燥，为消除火灾隐患，物业服务中心将于12月15日至19日对各楼栋消防通道、消防设施进行检查。\n请各位业主、住户清理楼道内堆放的杂物，电动自行车请勿进入楼道充电。感谢您的支持与配合。',
    buildings: [],
  });

  // The disclosure board: a service standard and a statement (the fee standards were published first).
  const standards = await admin('disclosure.saveDraft', {
    communityId: community.id,
    title: '物业服务标准',
    period: '2026年',
    content: {
      kind: 'service-standard',
      items: [
        { item: '客服', standard: '服务中心 8:00–20:00 接待，24 小时服务电话有人接听' },
        { item: '报修', standard: '急修 30 分钟内响应、4 小时内完成；零修 2 小时内响应、48 小时内完成' },
        { item: '投诉', standard: '2 个工作日内反馈处理意见，有效投诉 100% 回访' },
      ],
    },
  });
  await admin('disclosure.publish', { id: standards.id, revision: standards.revision });
  const income = await admin('disclosure.saveDraft', {
    communityId: community.id,
    title: '共有部分经营收益收支情况',
    period: '2026年第三季度',
    content: {
      kind: 'common-income',
      entries: [
        { date: '2026-07-05', direction: 'income', category: '电梯广告', amountFen: 1200000, note: '7–9 月' },
        { date: '2026-08-01', direction: 'income', category: '地面停车', amountFen: 860050, note: '临时停车' },
        { date: '2026-09-15', direction: 'expense', category: '公共设施维修', amountFen: 350050, note: '2 栋单元门禁' },
      ],
    },
  });
  await admin('disclosure.publish', { id: income.id, revision: income.revision });

  // Bills for November from the corrected fee standard; the demo owner has paid.
  await admin('bill.generate', { communityId: community.id, period: '2026-11', feeDisclosureId: corrected.id, itemNames: ['物业服务费'] });
  await admin('bill.publish', { communityId: community.id, period: '2026-11', dueDate: addDays(await cloudToday(baseUrl), 15) });
  const bill = (await owner('bill.mine', {})).find((item) => item.period === '2026-11')!;
  await cs('bill.markPaid', { id: bill.id, version: bill.version, receiptNo: 'SJ-2026-11-0001' });

  // A renovation under way: approved, with one violation found on inspection.
  const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const terms = await owner('renovation.terms', {});
  let renovation = await owner('renovation.apply', {
    unitId: units[0].id,
    contractor: { company: '成都安居装饰工程有限公司', licenceNo: '91510100MA6C8X7B1Q', contactName: '周工', contactPhone: '13912345678', workers: 4 },
    startDate: day(5),
    endDate: day(65),
    areaCenti: 8950,
    workItems: ['floor-wall', 'plumbing-electric', 'kitchen-bath'],
    attachments: [],
    approvalDocs: [],
    existingBuilding: false,
    safetyCommitmentSigned: false,
    agreementVersion: terms.agreementVersion,
    acknowledgedTerms: true,
  });
  renovation = await cs('renovation.review', { id: renovation.id, version: renovation.version, decision: 'approve' });
  // A failed check is recorded with a photo of the site (the demo's is a plain 48×36 image).
  const site = createWxCloud({ baseUrl, env: DEMO_ENV, openid: () => DEMO_USERS.cs });
  const photo = await site.uploadFile({ cloudPath: uploadPath(DEMO_USERS.cs, 'renovations/inspections/demo-balcony.png'), fileContent: new Uint8Array(Buffer.from(DEMO_PHOTO_PNG, 'base64')) });
  await cs('renovation.inspect', {
    id: renovation.id,
    version: renovation.version,
    checks: terms.inspectionChecks.map((check) => ({ code: check.code, result: check.code === 'balcony' ? 'fail' : 'pass', note: check.code === 'balcony' ? '阳台堆放油漆桶，已要求当日清理' : '' })),
    photos: [photo.fileID],
  });
  const scan = await createWxCloud({ baseUrl, env: DEMO_ENV, openid: () => DEMO_USERS.manager }).uploadFile({
    cloudPath: uploadPath(DEMO_USERS.manager, 'contracts/demo-cleaning.png'),
    fileContent: new Uint8Array(Buffer.from(DEMO_PHOTO_PNG, 'base64')),
  });
  await enterSiteRecords((openid) => as(baseUrl, openid), DEMO_USERS, community.id, units[0].id, await cloudToday(baseUrl), [scan.fileID]);
  const defectPhoto = await site.uploadFile({ cloudPath: uploadPath(DEMO_USERS.cs, 'moveins/demo-bathroom.png'), fileContent: new Uint8Array(Buffer.from(DEMO_PHOTO_PNG, 'base64')) });
  await seedMoveIns((openid) => as(baseUrl, openid), { cs: DEMO_USERS.cs, manager: DEMO_USERS.manager, infokeeper: DEMO_USERS.infokeeper, owner: DEMO_USERS.owner }, community.id, units, defectPhoto.fileID);
  return true;
}

