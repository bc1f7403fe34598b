import { Buffer } from 'node:buffer';
import type { ApiResult } from '../../typings/api';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { apiAs, grantSubscription, okAs, outbox, uploadAs } from '../support/api';
import { sdkFor, uniqueEnv } from '../support/cloud';
import { renovationForm } from '../support/renovation';
import { ADMIN_OPENID, ROSTER_CSV, seedCommunity, type SeededCommunity } from '../support/seed';

/**
 * Concurrency: what users do at the same moment. Versioned writes have one winner and every
 * loser is told CONFLICT; numbers stay unique and gap-free; no grant, consent or count is lost;
 * limits hold when the attempts arrive together. (The 500-ticket run is in `npm run bench`.)
 */

jest.setTimeout(120_000);

const env = uniqueEnv('races');
const db = sdkFor(env).database();
let a: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'rc');
});

const repair = (unitId: string, contact: { name: string; phone: string }): NewTicketInput => ({
  kind: 'repair',
  category: 'drain-block',
  description: '厨房下水道堵塞，水排不下去',
  photos: [],
  location: { kind: 'unit', unitId },
  contactName: contact.name,
  contactPhone: contact.phone,
});

/** `count` more residents of the community's first unit, each verified by the desk. */
async function residents(prefix: string, count: number): Promise<string[]> {
  const openids = Array.from({ length: count }, (_unused, i) => `o-${prefix}-${i}`);
  for (const openid of openids) {
    const request = await okAs(env, openid)('binding.request', { unitId: a.units[0].id, relation: 'family', name: '张家人', phone: '13900000000', proofFileIds: [] });
    await okAs(env, a.staff.cs)('binding.review', { id: request.id, version: request.version, decision: 'approve' });
  }
  return openids;
}

/** The answers' codes, counted: `{ ok: 7, CONFLICT: 3 }`. */
function tally(results: ApiResult<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key = result.ok ? 'ok' : result.code;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Numbers like BX20261123-0007, grouped by prefix and day: each group must be 1…n exactly. */
function expectGapFree(numbers: string[]): void {
  const groups = new Map<string, number[]>();
  for (const number of numbers) {
    const [, day, sequence] = /^([A-Z]{2}\d{8})-(\d{4})$/.exec(number) ?? [];
    expect(day).toBeDefined();
    groups.set(day, [...(groups.get(day) ?? []), Number(sequence)]);
  }
  for (const sequences of groups.values()) {
    expect(sequences.sort((x, y) => x - y)).toEqual(Array.from({ length: sequences.length }, (_unused, i) => i + 1));
  }
}

async function eventsOf(ticketId: string): Promise<{ type: string }[]> {
  const { data } = (await db.collection('ticketEvents').where({ ticketId }).limit(100).get()) as unknown as { data: { type: string }[] };
  return data;
}

describe('ticket and permit numbers', () => {
  test('100 tickets at once from 20 owners: none fails, each shows its submitted step, numbers unique and gap-free', async () => {
    const owners = await residents('rc-n', 20);
    const results = await Promise.all(
      owners.flatMap((owner) => Array.from({ length: 5 }, () => apiAs(env, owner)('ticket.create', repair(a.units[0].id, { name: '张家人', phone: '13900000000' })))),
    );
    expect(tally(results)).toEqual({ ok: 100 });
    const tickets = results.map((result) => (result as { data: TicketDetail }).data);
    expect(new Set(tickets.map((ticket) => ticket.id)).size).toBe(100);
    expectGapFree(tickets.map((ticket) => ticket.number));
    // Each answer shows its first step with the number its ticket was stored with (the ticket is its own first step).
    for (const ticket of tickets) expect(ticket.events.map((event) => [event.type, event.text])).toEqual([['submitted', `报修已提交，编号 ${ticket.number}`]]);
    const { total } = (await db
      .collection('tickets')
      .where({ _id: db.command.in(tickets.map((ticket) => ticket.id)) })
      .count()) as { total: number };
    expect(total).toBe(100);
  });

  test('renovations approved at once get unique, gap-free permit numbers', async () => {
    const rows = Array.from({ length: 8 }, (_unused, i) => `5栋,,5${String(i).padStart(2, '0')},88.00,赵${'一二三四五六七八'[i]},1380000${String(1000 + i)}`);
    const fileID = await uploadAs(env, ADMIN_OPENID, 'rosters/rc-more.csv', new Uint8Array(Buffer.from(`${ROSTER_CSV}\n${rows.join('\n')}`, 'utf8')));
    await okAs(env, ADMIN_OPENID)('roster.import', { communityId: a.communityId, fileID });
    const fives = (await okAs(env, ADMIN_OPENID)('directory.units', { communityId: a.communityId, building: '5栋' })).units;
    expect(fives).toHaveLength(8);
    const start = new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 60 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const applications = [];
    for (const [i, unit] of fives.entries()) {
      const owner = `o-rc-renovator-${i}`;
      const binding = await okAs(env, owner)('binding.request', { unitId: unit.id, relation: 'owner', name: `赵${'一二三四五六七八'[i]}`, phone: `1380000${1000 + i}`, proofFileIds: [] });
      await okAs(env, a.staff.manager)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
      applications.push(await okAs(env, owner)('renovation.apply', renovationForm({ unitId: unit.id, startDate: start, endDate: end, agreementVersion: '2026-01' })));
    }
    const reviews = await Promise.all(
      applications.map((application) => apiAs(env, a.staff.cs)('renovation.review', { id: application.id, version: application.version, decision: 'approve' })),
    );
    expect(tally(reviews)).toEqual({ ok: 8 });
    const permits = reviews.map((review) => (review as { data: { permitNo?: string } }).data.permitNo ?? '');
    expect(permits.every((permit) => permit.startsWith('XK'))).toBe(true);
    expectGapFree(permits);
  });

  test('owners of one home applying for its renovation at once: one application is open, the others are told so; once it is closed the home can apply again', async () => {
    const home = a.units[1];
    const owners = ['李娜', '李娜的丈夫', '李娜的母亲', '李娜的父亲'].map((name, i) => ({ openid: `o-rc-coowner-${i}`, name }));
    for (const owner of owners) {
      const binding = await okAs(env, owner.openid)('binding.request', { unitId: home.id, relation: 'owner', name: owner.name, phone: '13800000002', proofFileIds: [] });
      await okAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    }
    const start = new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 60 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const form = renovationForm({ unitId: home.id, startDate: start, endDate: end, agreementVersion: '2026-01' });
    // Side by side, on instances the file's 100-ticket burst left warm (alone, with one instance,
    // the applications would queue and could not race).
    const answers = await Promise.all(owners.map((owner) => apiAs(env, owner.openid)('renovation.apply', form)));
    expect(tally(answers)).toEqual({ ok: 1, CONFLICT: owners.length - 1 });
    for (const answer of answers) if (!answer.ok) expect(answer.message).toBe('该房屋已有进行中的装修申请');
    const winner = (answers.find((answer) => answer.ok) as { data: { id: string; version: number; unitLabel: string } }).data;
    const waiting = (await okAs(env, a.staff.cs)('renovation.queue', { communityId: a.communityId, status: 'submitted' })).items;
    expect(waiting.filter((item) => item.unitLabel === winner.unitLabel).map((item) => item.id)).toEqual([winner.id]);

    // Turned down: the home is free again, for any of its owners.
    await okAs(env, a.staff.cs)('renovation.review', { id: winner.id, version: winner.version, decision: 'reject', reason: '图纸缺少承重墙标注' });
    const loser = owners[answers.findIndex((answer) => !answer.ok)];
    expect(await apiAs(env, loser.openid)('renovation.apply', form)).toMatchObject({ ok: true, data: { status: 'submitted' } });
  });
});

describe('versioned writes: one winner, every loser told CONFLICT, one event', () => {
  const N = 8;

  test('ticket steps (accept, reply, assign) raced by several staff', async () => {
    const ticket = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id, { name: '张伟', phone: '13800000001' }));
    const desk = [a.staff.cs, a.staff.manager];
    const accepts = await Promise.all(Array.from({ length: N }, (_unused, i) => apiAs(env, desk[i % 2])('ticket.accept', { id: ticket.id, version: ticket.version })));
    expect(tally(accepts)).toEqual({ ok: 1, CONFLICT: N - 1 });
    const accepted = (accepts.find((result) => result.ok) as { data: TicketDetail }).data;
    const replies = await Promise.all(
      Array.from({ length: N }, (_unused, i) => apiAs(env, desk[i % 2])('ticket.reply', { id: ticket.id, version: accepted.version, text: `回复第 ${i} 条`, ownerVisible: true })),
    );
    expect(tally(replies)).toEqual({ ok: 1, CONFLICT: N - 1 });
    const replied = (replies.find((result) => result.ok) as { data: TicketDetail }).data;
    const assigns = await Promise.all(
      Array.from({ length: N }, (_unused, i) => apiAs(env, desk[i % 2])('ticket.assign', { id: ticket.id, version: replied.version, technician: a.staff.tech })),
    );
    expect(tally(assigns)).toEqual({ ok: 1, CONFLICT: N - 1 });
    // One stored event per step that landed (the first step, 已提交, is the ticket itself).
    expect((await eventsOf(ticket.id)).map((event) => event.type).sort()).toEqual(['accepted', 'assigned', 'reply']);
  });

  test('a step cut short after its first write shows nowhere, is finished by the next step tried on the ticket (which is refused), and is never lost or doubled', async () => {
    const cs = okAs(env, a.staff.cs);
    const done = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id, { name: '张伟', phone: '13800000001' }));
    const cut = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id, { name: '张伟', phone: '13800000001' }));
    await cs('ticket.accept', { id: done.id, version: done.version });
    // A step writes its event first, then the ticket. What an accept cut short between the two
    // leaves is the event alone: here the event of a real accept, as it would be for the other ticket.
    const { data: written } = (await db.collection('ticketEvents').where({ ticketId: done.id, type: 'accepted' }).get()) as unknown as { data: Record<string, unknown>[] };
    expect(written).toHaveLength(1);
    const { _id: writtenId, ...event } = written[0];
    expect(writtenId).toBe(`${done.id}-v2`);
    await db.collection('ticketEvents').add({ data: { ...event, _id: `${cut.id}-v2`, ticketId: cut.id, claim: 'cut-short' } });

    const before = await cs('ticket.get', { id: cut.id });
    expect({ status: before.status, version: before.version, timeline: before.events.map((step) => step.type) }).toEqual({ status: 'submitted', version: 1, timeline: ['submitted'] });
    expect((await okAs(env, a.owner)('ticket.get', { id: cut.id })).events.map((step) => step.type)).toEqual(['submitted']);

    // The desk, seeing the ticket still waiting, accepts it: the step that was cut short lands first.
    const retried = await apiAs(env, a.staff.manager)('ticket.accept', { id: cut.id, version: before.version });
    expect(retried).toMatchObject({ ok: false, code: 'CONFLICT' });
    const after = await cs('ticket.get', { id: cut.id });
    expect({ status: after.status, version: after.version, timeline: after.events.map((step) => step.type) }).toEqual({ status: 'accepted', version: 2, timeline: ['submitted', 'accepted'] });
    const assigned = await cs('ticket.assign', { id: cut.id, version: after.version, technician: a.staff.tech });
    // The step answers what it added to the timeline the desk saw.
    expect({ since: assigned.since, timeline: assigned.events.map((step) => step.type) }).toEqual({ since: 2, timeline: ['assigned'] });
    expect((await cs('ticket.get', { id: cut.id })).events.map((step) => step.type)).toEqual(['submitted', 'accepted', 'assigned']);
    expect((await eventsOf(cut.id)).map((step) => step.type).sort()).toEqual(['accepted', 'assigned']);
  });

  test('a binding decision, a community edit, one name created at once, and a disclosure publication', async () => {
    const request = await okAs(env, 'o-rc-binder')('binding.request', { unitId: a.units[1].id, relation: 'tenant', name: '李租客', phone: '13700002222', proofFileIds: [] });
    const decisions = await Promise.all(
      Array.from({ length: N }, (_unused, i) =>
        apiAs(env, i % 2 ? a.staff.cs : a.staff.manager)('binding.review', { id: request.id, version: request.version, decision: i % 3 ? 'approve' : 'reject', reason: '材料不符' }),
      ),
    );
    expect(tally(decisions)).toEqual({ ok: 1, CONFLICT: N - 1 });

    const community = await okAs(env, ADMIN_OPENID)('community.get', { id: a.communityId });
    const edits = await Promise.all(
      Array.from({ length: N }, (_unused, i) =>
        apiAs(env, ADMIN_OPENID)('community.update', { id: a.communityId, version: community.version, name: `${community.name}${i}`, address: community.address, phones: community.phones }),
      ),
    );
    expect(tally(edits)).toEqual({ ok: 1, CONFLICT: N - 1 });

    // One name, created at once: one community has it; the others are told so.
    const phones = { emergency: '028-85550110', service24h: '028-85550000', complaint: '028-85550123' };
    const creations = await Promise.all(Array.from({ length: N }, () => apiAs(env, ADMIN_OPENID)('community.create', { name: '同时新建花园', address: '成都市高新区某路1号', phones })));
    expect(tally(creations)).toEqual({ ok: 1, CONFLICT: N - 1 });
    expect(new Set(creations.filter((result) => !result.ok).map((result) => (result as { message: string }).message))).toEqual(new Set(['已有名为“同时新建花园”的小区']));
    expect((await okAs(env, ADMIN_OPENID)('community.list', {})).filter((listed) => listed.name === '同时新建花园')).toHaveLength(1);

    const draft = await okAs(env, ADMIN_OPENID)('disclosure.saveDraft', {
      communityId: a.communityId,
      title: '服务标准公示',
      period: '2026年',
      content: { kind: 'service-standard', items: [{ item: '客服接待', standard: '工作日 8:30–17:30 有人值守' }] },
    });
    const publications = await Promise.all(Array.from({ length: N }, () => apiAs(env, ADMIN_OPENID)('disclosure.publish', { id: draft.id, revision: draft.revision })));
    expect(tally(publications)).toEqual({ ok: 1, CONFLICT: N - 1 });
  });
});

describe('accounts and consents', () => {
  test('an invitation redeemed while the same person’s binding is approved keeps both grants (10 trials)', async () => {
    for (let trial = 0; trial < 10; trial += 1) {
      const person = `o-rc-both-${trial}`;
      const invite = await okAs(env, ADMIN_OPENID)('invite.create', { roles: ['tech'], communityIds: [a.communityId] });
      const binding = await okAs(env, person)('binding.request', { unitId: a.units[2].id, relation: 'tenant', name: '王租客', phone: '13700003333', proofFileIds: [] });
      const [redeemed, reviewed] = await Promise.all([
        apiAs(env, person)('invite.redeem', { code: invite.code, name: '维修小王' }),
        apiAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' }),
      ]);
      expect([redeemed.ok, reviewed.ok]).toEqual([true, true]);
      const grants = (await okAs(env, person)('me.profile', {})).grants.map((grant) => grant.role).sort();
      expect({ trial, grants }).toEqual({ trial, grants: ['owner', 'tech'] });
    }
  });

  test('a revocation racing an approval stays revoked, and the approval’s owner role stays (10 trials)', async () => {
    for (let trial = 0; trial < 10; trial += 1) {
      const person = `o-rc-revoked-${trial}`;
      const invite = await okAs(env, ADMIN_OPENID)('invite.create', { roles: ['cs'], communityIds: [a.communityId] });
      await okAs(env, person)('invite.redeem', { code: invite.code, name: '临时客服' });
      const binding = await okAs(env, person)('binding.request', { unitId: a.units[3].id, relation: 'tenant', name: '刘租客', phone: '13700004444', proofFileIds: [] });
      const [revoked, reviewed] = await Promise.all([
        apiAs(env, ADMIN_OPENID)('staff.setRoles', { openid: person, communityId: a.communityId, roles: [] }),
        apiAs(env, a.staff.manager)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' }),
      ]);
      expect([revoked.ok, reviewed.ok]).toEqual([true, true]);
      const grants = (await okAs(env, person)('me.profile', {})).grants.map((grant) => grant.role);
      expect({ trial, grants }).toEqual({ trial, grants: ['owner'] });
    }
  });

  test('twenty subscription consents given at once are all counted', async () => {
    const owner = 'o-rc-consenting';
    const results = await Promise.all(Array.from({ length: 20 }, () => apiAs(env, owner)('me.subscribe', { accepted: ['tmpl-ticket-status'] })));
    expect(tally(results)).toEqual({ ok: 20 });
    const { data } = (await db.collection('subscriptions').doc(`${owner}:tmpl-ticket-status`).get()) as unknown as { data: { remaining: number } };
    expect(data.remaining).toBe(20);
  });

  test('the last message of the quota is spent once when six steps want it at once', async () => {
    const [owner] = await residents('rc-quota', 1);
    await grantSubscription(env, owner, 'tmpl-ticket-status', 1);
    const tickets = await Promise.all([1, 2, 3, 4, 5, 6].map(() => okAs(env, owner)('ticket.create', repair(a.units[0].id, { name: '张家人', phone: '13900000000' }))));
    const accepted = await Promise.all(tickets.map((ticket) => apiAs(env, a.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version })));
    expect(tally(accepted)).toEqual({ ok: 6 });
    // One was sent; the others were not even tried (WeChat would refuse it: the user granted one).
    expect((await outbox(env)).filter((message) => message.touser === owner)).toEqual([expect.objectContaining({ errcode: 0 })]);
  });
});

describe('rate limits hold when attempts arrive together', () => {
  test('thirty invite-code guesses at once: ten are looked up, twenty are refused with when to retry', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_unused, i) => apiAs(env, 'o-rc-guesser')('invite.redeem', { code: `ZZZZ${String(2222 + i).slice(-4)}`, name: '猜码人' })),
    );
    expect(tally(guesses)).toEqual({ NOT_FOUND: 10, RATE_LIMITED: 20 });
    const refused = guesses.find((guess) => !guess.ok && guess.code === 'RATE_LIMITED');
    expect(!refused?.ok && refused?.message).toMatch(/^邀请码尝试次数过多，请 \d+ (分钟|秒)后（\d\d:\d\d 以后）再试$/);
  });

  test('a desk limit counted in blocks: one after another at most a hundred contact views go through (a block lost with an ended instance at most refuses early), and a flood at once never more', async () => {
    const ticket = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id, { name: '张伟', phone: '13800000001' }));
    const views = [];
    for (let i = 0; i < 105; i += 1) views.push(await apiAs(env, a.staff.cs)('ticket.contact', { id: ticket.id }));
    // Never more than the limit, and once refused, refused. An instance the local cloud ends to make
    // room elsewhere (a busy machine, other test files' functions) takes its unused block with it:
    // the desk is then refused up to that block early, never later.
    const firstRefused = views.findIndex((view) => !view.ok);
    expect(firstRefused).toBeGreaterThanOrEqual(90);
    expect(firstRefused).toBeLessThanOrEqual(100);
    expect(views.slice(firstRefused).every((view) => !view.ok && view.code === 'RATE_LIMITED')).toBe(true);
    // Another member of the desk, all at once: however the attempts spread over instances, at most the limit.
    const flood = tally(await Promise.all(Array.from({ length: 130 }, () => apiAs(env, a.staff.manager)('ticket.contact', { id: ticket.id }))));
    expect(flood.ok).toBeLessThanOrEqual(100);
    expect(flood.RATE_LIMITED).toBeGreaterThanOrEqual(30);
    expect((flood.ok ?? 0) + flood.RATE_LIMITED).toBe(130);
  });

  test('one owner’s flood of forty tickets: thirty are accepted, the rest refused with when to retry', async () => {
    const [owner] = await residents('rc-flood', 1);
    const results = await Promise.all(Array.from({ length: 40 }, () => apiAs(env, owner)('ticket.create', repair(a.units[0].id, { name: '张家人', phone: '13900000000' }))));
    expect(tally(results)).toEqual({ ok: 30, RATE_LIMITED: 10 });
    const refused = results.find((result) => !result.ok);
    expect(!refused?.ok && refused?.message).toMatch(/^提交过于频繁，请 \d+ 分钟后（\d\d:\d\d 以后）再试$/);
    // Another owner is not held back by it.
    expect(await apiAs(env, a.owner)('ticket.create', repair(a.units[0].id, { name: '张伟', phone: '13800000001' }))).toMatchObject({ ok: true });
  });
});
