import { Buffer } from 'node:buffer';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { okAs, uploadAs } from './api';
import { cloudNow } from './cloud';
import { renovationForm } from './renovation';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity, publishRepairPrices } from './seed';

/**
 * The world the policy checks run in: two communities, a second technician, a neighbour, and a
 * building of homes bound to a few owners, with every state of a ticket and of a renovation built
 * through the api as users would reach it. Shared by the server-side probe (test/cloud/policy)
 * and the page-side one (test/pages/policy-buttons), so both speak of the same records.
 */
export interface PolicyWorld {
  env: string;
  a: SeededCommunity;
  b: SeededCommunity;
  /** A second technician of community a: never the assignee in these fixtures. */
  otherTech: string;
  /** An approved owner of another home in community a. */
  neighbour: string;
  /** Homes nobody is bound to yet. */
  spareHomes: { id: string }[];
  /** A home of building 9 not used by another fixture yet, and the owner bound to it. */
  freeHome(): { unitId: string; owner: string };
  /** label → OPENID of everyone who looks at a record. */
  viewers(): Record<string, string>;
}

/** A record in a state, and who plays its relations (its applicant) when not the same caller for every copy. */
export type Fixture = () => Promise<string | { id: string; parties: Record<string, string> }>;

/** Owners of building 9: no owner may submit more than a handful of applications in ten minutes. */
const APPLICANTS = ['applicant-a', 'applicant-b', 'applicant-c'];

export async function seedPolicyWorld(env: string, prefix: string): Promise<PolicyWorld> {
  const a = await seedCommunity(env, `${prefix}a`);
  const b = await seedCommunity(env, `${prefix}b`);
  await publishRepairPrices(env, a.communityId);
  const otherTech = `o-${prefix}-tech2`;
  const neighbour = `o-${prefix}-neighbour`;
  const admin = okAs(env, ADMIN_OPENID);
  const invite = await admin('invite.create', { roles: ['tech'], communityIds: [a.communityId] });
  await okAs(env, otherTech)('invite.redeem', { code: invite.code, name: '维修小赵' });
  const binding = await okAs(env, neighbour)('binding.request', { unitId: a.units[1].id, relation: 'owner', name: '李娜', phone: '13800000002', proofFileIds: [] });
  await okAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });

  const rows = Array.from({ length: 48 }, (_, index) => `9栋,1单元,${1001 + index},101.00,张伟,13800000001`);
  const fileID = await uploadAs(env, ADMIN_OPENID, `rosters/${prefix}-9.csv`, new Uint8Array(Buffer.from(['楼栋,单元,房号,建筑面积,业主姓名,联系电话', ...rows].join('\n'), 'utf8')));
  await admin('roster.import', { communityId: a.communityId, fileID });
  const units = (await admin('directory.units', { communityId: a.communityId, building: '9栋' })).units;
  const applicants = APPLICANTS.map((name) => `o-${prefix}-${name}`);
  const homes = units.slice(0, 42).map((unit, index) => ({ unitId: unit.id, owner: applicants[index % applicants.length] }));
  for (const home of homes) {
    const request = await okAs(env, home.owner)('binding.request', { unitId: home.unitId, relation: 'owner', name: '张伟', phone: '13800000001', proofFileIds: [] });
    await okAs(env, a.staff.manager)('binding.review', { id: request.id, version: request.version, decision: 'approve' });
  }
  let nextHome = 0;
  return {
    env,
    a,
    b,
    otherTech,
    neighbour,
    spareHomes: units.slice(42),
    freeHome() {
      const home = homes[nextHome];
      nextHome += 1;
      if (!home) throw new Error('the fixtures need more homes in building 9');
      return home;
    },
    viewers: () => ({
      requester: a.owner,
      neighbour,
      cs: a.staff.cs,
      manager: a.staff.manager,
      assignee: a.staff.tech,
      otherTech,
      admin: ADMIN_OPENID,
      infokeeper: a.staff.infokeeper,
      otherCommunityCs: b.staff.cs,
      stranger: a.stranger,
    }),
  };
}

/** Every state a ticket reaches, each built anew by its function. */
export function ticketFixtures(world: PolicyWorld): Record<string, Fixture> {
  const { env, a } = world;
  const owner = () => okAs(env, a.owner);
  const cs = () => okAs(env, a.staff.cs);
  const repair = (): NewTicketInput => ({
    kind: 'repair',
    category: 'faucet',
    description: '厨房水龙头关不紧，一直滴水',
    photos: [],
    location: { kind: 'unit', unitId: a.units[0].id },
    contactName: '张伟',
    contactPhone: '13800000001',
  });
  const complaint = (): NewTicketInput => ({ ...repair(), kind: 'complaint', category: '噪音扰民', description: '楼上每晚装修到十一点，噪音很大' });
  const consultation = (): NewTicketInput => ({ ...repair(), kind: 'consultation', category: '物业服务', description: '请问小区快递柜在哪里' });

  type Step = (ticket: TicketDetail) => Promise<TicketDetail>;
  const at = (ticket: TicketDetail) => ({ id: ticket.id, version: ticket.version });
  const accept: Step = (t) => cs()('ticket.accept', at(t));
  const assign: Step = (t) => cs()('ticket.assign', { ...at(t), technician: a.staff.tech });
  const schedule: Step = async (t) => cs()('ticket.schedule', { ...at(t), at: new Date(Date.parse((await cloudNow()).now) + 7_200_000).toISOString() });
  const propose: Step = (t) => cs()('ticket.proposeCharge', { ...at(t), items: [{ code: 'faucet', quantity: 1 }] });
  const agree: Step = (t) => owner()('ticket.respondCharge', { ...at(t), accept: true });
  const resolve: Step = (t) => cs()('ticket.resolve', { ...at(t), note: '已更换阀芯，不再滴水' });
  const confirm: Step = (t) => owner()('ticket.confirm', at(t));
  const rate: Step = (t) => owner()('ticket.rate', { ...at(t), score: 5, comment: '' });
  const visit: Step = (t) => cs()('ticket.returnVisit', { ...at(t), satisfaction: 'satisfied', note: '业主表示满意' });
  const close: Step = (t) => cs()('ticket.close', at(t));
  const judgeInvalid: Step = (t) => cs()('ticket.judgeValidity', { ...at(t), valid: false, reason: '经核实为重复提交' });
  const confirmByPhone: Step = (t) => cs()('ticket.recordConfirmation', { ...at(t), channel: 'phone', answeredBy: '业主本人', said: '已经不漏了，谢谢' });
  const gradeMajor: Step = (t) => cs()('ticket.grade', { ...at(t), grade: 'major', group: true, repeat: false });
  const outOfScope: Step = (t) =>
    cs()('ticket.closeOutOfScope', { ...at(t), explanation: '该问题属于市政供水管网维护范围，不属于物业服务', channel: '请拨打12345市民热线' });

  // Registered by the desk for the owner (as a phone call would be): the owner follows it in the
  // mini-program all the same, and the many fixtures stay within what one owner may submit.
  const fixture =
    (input: () => NewTicketInput, ...steps: Step[]): Fixture =>
    async () => {
      let ticket = await cs()('ticket.register', { ...input(), channel: 'phone' });
      for (const step of steps) ticket = await step(ticket);
      return ticket.id;
    };

  return {
    'repair submitted': fixture(repair),
    'repair accepted': fixture(repair, accept),
    'repair assigned': fixture(repair, accept, assign),
    'repair assigned, visit agreed': fixture(repair, accept, assign, schedule),
    'repair assigned, charge proposed': fixture(repair, accept, assign, propose),
    'repair assigned, charge accepted': fixture(repair, accept, assign, propose, agree),
    'repair resolved': fixture(repair, accept, assign, resolve),
    'repair resolved, confirmed': fixture(repair, accept, assign, resolve, confirm),
    'repair closed': fixture(repair, accept, assign, resolve, confirm, close),
    'repair closed, rated': fixture(repair, accept, assign, resolve, confirm, close, rate),
    'major complaint accepted': fixture(complaint, accept, gradeMajor),
    'complaint resolved': fixture(complaint, accept, resolve),
    'complaint resolved, visited': fixture(complaint, accept, resolve, visit),
    'complaint resolved, visited, confirmed by phone': fixture(complaint, accept, resolve, visit, confirmByPhone),
    'complaint closed': fixture(complaint, accept, resolve, visit, confirmByPhone, close),
    'invalid complaint resolved, confirmed by phone': fixture(complaint, accept, judgeInvalid, resolve, confirmByPhone),
    'consultation accepted': fixture(consultation, accept),
    'consultation closed as out of scope': fixture(consultation, outOfScope),
  };
}

/** Every state a renovation application reaches; each takes a home of its own, its owner the applicant. */
export async function renovationFixtures(world: PolicyWorld): Promise<Record<string, Fixture>> {
  const { env, a } = world;
  const cs = () => okAs(env, a.staff.cs);
  /** A start date safely after the local cloud's today. */
  const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const form = (unitId: string) => renovationForm({ unitId, startDate: inDays(3), endDate: inDays(60), agreementVersion: '2026-01' });
  const checkCodes = (await cs()('renovation.terms', {})).inspectionChecks.map((check) => check.code);

  type Step = (id: string, version: number) => Promise<{ id: string; version: number }>;
  const review =
    (decision: 'approve' | 'reject' | 'more'): Step =>
    (id, version) =>
      cs()('renovation.review', { id, version, decision, ...(decision === 'approve' ? {} : { reason: '请补充施工图纸' }) });
  const photo = await uploadAs(env, a.staff.cs, 'renovations/inspections/fire.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
  const violation: Step = (id, version) =>
    cs()('renovation.inspect', {
      id,
      version,
      checks: checkCodes.map((code, index) => ({ code, result: index === 0 ? 'fail' : 'pass', note: index === 0 ? '现场有明火作业' : '' })),
      photos: [photo],
    });
  const fix: Step = async (id, version) => {
    const detail = await cs()('renovation.get', { id });
    return cs()('renovation.fixViolation', { id, version, inspectionId: detail.inspections[0].id, note: '已停止明火作业' });
  };
  const accept: Step = (id, version) => cs()('renovation.accept', { id, version, note: '验收合格' });

  const fixture =
    (...steps: Step[]): Fixture =>
    async () => {
      const home = world.freeHome();
      let detail: { id: string; version: number } = await okAs(env, home.owner)('renovation.apply', form(home.unitId));
      for (const step of steps) detail = await step(detail.id, detail.version);
      return { id: detail.id, parties: { applicant: home.owner } };
    };
  return {
    submitted: fixture(),
    'needs more': fixture(review('more')),
    approved: fixture(review('approve')),
    'approved, open violation': fixture(review('approve'), violation),
    'approved, violation fixed': fixture(review('approve'), violation, fix),
    rejected: fixture(review('reject')),
    completed: fixture(review('approve'), accept),
  };
}
