import type { ActionInput, ActionName, ApiResult } from '../../typings/api';
import type { BillAction, BindingAction, DisclosureAction, RenovationAction, TicketAction } from '../../typings/actions';
import type { DisclosureContent } from '../../typings/disclosure';
import type { RenovationDetail } from '../../typings/renovation';
import { apiAs, okAs } from '../support/api';
import { cloudNow, uniqueEnv } from '../support/cloud';
import { probePolicy } from '../support/policy-probe';
import { renovationFixtures, seedPolicyWorld, ticketFixtures, type PolicyWorld } from '../support/policy-world';
import { ADMIN_OPENID, type SeededCommunity, daysFromToday } from '../support/seed';

// Each probe makes thousands of api calls; on two cores busy with other work one took over 300 s.
// A long limit only delays a failure, never a pass.
jest.setTimeout(900_000);

const env = uniqueEnv('policy');
let world: PolicyWorld;
let a: SeededCommunity;
let otherTech = '';
beforeAll(async () => {
  world = await seedPolicyWorld(env, 'p');
  a = world.a;
  otherTech = world.otherTech;
});
const viewers = (): Record<string, string> => world.viewers();

describe('the ticket policy: what each caller is shown is exactly what the server accepts', () => {
  const versions = new Map<string, number>();

  /** A call the page would make for each action, with input the server accepts when the action is open. */
  async function attempt(openid: string, action: TicketAction, id: string): Promise<ApiResult<unknown>> {
    const call = apiAs(env, openid);
    // Refusals leave the version as it was; every accepted attempt has a fresh ticket of its own.
    const version = versions.get(id) ?? (await okAs(env, a.staff.cs)('ticket.get', { id })).version;
    versions.set(id, version);
    const step = { id, version };
    // The cloud's clock is read only for the attempt that needs it: a visit an hour from its now.
    const visitAt = action === 'schedule' ? new Date(Date.parse((await cloudNow()).now) + 3_600_000).toISOString() : '';
    const inputs: { [K in TicketAction]: [ActionName, object] } = {
      accept: ['ticket.accept', step],
      grade: ['ticket.grade', { ...step, grade: 'general', group: false, repeat: false }],
      notifyDepartments: ['ticket.notifyDepartments', { ...step, departments: '秩序维护部', note: '已通报并安排处理' }],
      assign: ['ticket.assign', { ...step, technician: a.staff.tech }],
      reassign: ['ticket.reassign', { ...step, technician: otherTech }],
      reply: ['ticket.reply', { ...step, text: '您好，我们已收到', ownerVisible: true }],
      note: ['ticket.reply', { ...step, text: '业主白天不在家', ownerVisible: false }],
      schedule: ['ticket.schedule', { ...step, at: visitAt }],
      checkIn: ['ticket.checkIn', step],
      recordWork: ['ticket.recordWork', { ...step, note: '已到场检查阀芯', photos: [] }],
      proposeCharge: ['ticket.proposeCharge', { ...step, items: [{ code: 'faucet', quantity: 1 }] }],
      respondCharge: ['ticket.respondCharge', { ...step, accept: true }],
      resolve: ['ticket.resolve', { ...step, note: '已处理完成' }],
      confirm: ['ticket.confirm', step],
      reopen: ['ticket.reopen', { ...step, reason: '还是在滴水' }],
      rate: ['ticket.rate', { ...step, score: 4, comment: '' }],
      returnVisit: ['ticket.returnVisit', { ...step, satisfaction: 'basic', note: '业主基本满意' }],
      close: ['ticket.close', step],
      judgeValidity: ['ticket.judgeValidity', { ...step, valid: true, reason: '楼上确有夜间施工' }],
      recordConfirmation: ['ticket.recordConfirmation', { ...step, channel: 'phone', answeredBy: '业主本人', said: '水龙头已经不滴水了' }],
      closeUnanswered: ['ticket.closeUnanswered', { ...step, attempts: '12月3日电话未接；12月5日上门无人应答' }],
      closeOutOfScope: ['ticket.closeOutOfScope', { ...step, explanation: '该问题属于燃气公司维护范围，不属于物业服务', channel: '请拨打燃气公司客服电话' }],
      contact: ['ticket.contact', { id }],
    };
    const [name, input] = inputs[action];
    return call(name, input as ActionInput<typeof name>);
  }

  test('every state × caller', async () => {
    const actions = Object.keys(await attemptsTable()) as TicketAction[];
    const fixtures = ticketFixtures(world);
    const { mismatches, checked } = await probePolicy<TicketAction>({
      actions,
      viewers: viewers(),
      fixtures,
      async shown(openid, id) {
        const result = await apiAs(env, openid)('ticket.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      attempt,
      async fingerprint(id) {
        const ticket = await okAs(env, a.staff.cs)('ticket.get', { id });
        return { version: ticket.version, status: ticket.status, events: ticket.events.length };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(fixtures).length * Object.keys(viewers()).length * actions.length);
  });

  /** Every action of the policy, so a new one cannot go unprobed. */
  async function attemptsTable(): Promise<Record<TicketAction, true>> {
    const { ticketPolicy } = await import('../../cloudfunctions/api/src/tickets/policy');
    return Object.fromEntries(Object.keys(ticketPolicy.rules).map((action) => [action, true])) as Record<TicketAction, true>;
  }
});

describe('the renovation policy: what each caller is shown is exactly what the server accepts', () => {
  const cs = () => okAs(env, a.staff.cs);
  const allPassed = (codes: string[]) => codes.map((code) => ({ code, result: 'pass' as const, note: '' }));

  let checkCodes: string[] = [];
  beforeAll(async () => {
    checkCodes = (await cs()('renovation.terms', {})).inspectionChecks.map((check) => check.code);
  });

  test('every state × caller', async () => {
    const { renovationPolicy } = await import('../../cloudfunctions/api/src/renovation/policy');
    const actions = Object.keys(renovationPolicy.rules) as RenovationAction[];
    const fixtures = await renovationFixtures(world);
    // Refusals leave an application as it was; every accepted attempt has a fresh one of its own.
    const details = new Map<string, RenovationDetail>();
    const { mismatches, checked } = await probePolicy<RenovationAction>({
      actions,
      // The requester of the ticket fixtures owns no home in building 9: here only the applicant may resubmit.
      viewers: viewers(),
      fixtures,
      async shown(openid, id) {
        const result = await apiAs(env, openid)('renovation.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      async attempt(openid, action, id) {
        const detail = details.get(id) ?? (await cs()('renovation.get', { id }));
        details.set(id, detail);
        const step = { id, version: detail.version };
        const open = detail.inspections.find((inspection) => inspection.violation && !inspection.fixedAt) ?? detail.inspections[0];
        const call = apiAs(env, openid);
        switch (action) {
          case 'review':
            return call('renovation.review', { ...step, decision: 'approve' });
          case 'inspect':
            return call('renovation.inspect', { ...step, checks: allPassed(checkCodes), photos: [] });
          case 'fixViolation':
            return call('renovation.fixViolation', { ...step, inspectionId: open?.id ?? 'none', note: '已整改完毕' });
          case 'acceptCompletion':
            return call('renovation.accept', { ...step, note: '验收合格' });
          case 'resubmit':
            return call('renovation.resubmit', { ...detail.form, ...step });
        }
      },
      async fingerprint(id) {
        const detail = await cs()('renovation.get', { id });
        return { version: detail.version, status: detail.status };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(fixtures).length * (Object.keys(viewers()).length + 1) * actions.length);
  });
});

describe('the binding policy: what each caller is shown is exactly what the server accepts', () => {
  let applicants = 0;
  const request = async (openid: string, unitId: string): Promise<string> =>
    (await okAs(env, openid)('binding.request', { unitId, relation: 'tenant', name: '赵敏', phone: '13900000009', proofFileIds: [] })).id;
  /** A fresh WeChat user applies for a home; staff may then decide. */
  const fixture =
    (decision?: 'approve' | 'reject') =>
    async () => {
      applicants += 1;
      const applicant = `o-p-tenant-${applicants}`;
      const id = await request(applicant, a.units[2].id);
      if (decision) {
        const [pending] = (await okAs(env, a.staff.manager)('binding.queue', { communityId: a.communityId, status: 'pending' })).items.filter((item) => item.id === id);
        await okAs(env, a.staff.manager)('binding.review', { id, version: pending.version, decision, ...(decision === 'reject' ? { reason: '信息与名册不符' } : {}) });
      }
      return { id, parties: { applicant } };
    };

  async function find(openid: string, id: string) {
    const queue = await apiAs(env, openid)('binding.queue', { communityId: a.communityId });
    const listed = queue.ok ? queue.data.items.find((item) => item.id === id) : undefined;
    if (listed) return listed;
    const profile = await okAs(env, openid)('me.profile', {});
    return profile.bindings.find((binding) => binding.id === id);
  }

  test('every state × caller, including desk staff applying for a home themselves', async () => {
    const { bindingPolicy } = await import('../../cloudfunctions/api/src/residents/policy');
    const actions = Object.keys(bindingPolicy.rules) as BindingAction[];
    let ownHomes = 0;
    const fixtures = {
      pending: fixture(),
      approved: fixture('approve'),
      rejected: fixture('reject'),
      // Separation of duties: a 客服 applying for a home is reviewed by a colleague, never by themselves.
      "the 客服's own request": async () => {
        ownHomes += 1;
        return { id: await request(a.staff.cs, world.spareHomes[ownHomes].id), parties: { applicant: a.staff.cs } };
      },
    };
    const { mismatches, checked } = await probePolicy<BindingAction>({
      actions,
      viewers: viewers(),
      fixtures,
      shown: async (openid, id) => (await find(openid, id))?.allowed,
      attempt(openid, action, id) {
        const call = apiAs(env, openid);
        if (action === 'reveal') return call('binding.reveal', { id, reason: '核对身份信息' });
        return find(a.staff.manager, id).then((binding) => call('binding.review', { id, version: binding?.version ?? 0, decision: 'approve' }));
      },
      fingerprint: async (id) => {
        const binding = await find(a.staff.manager, id);
        return { version: binding?.version, status: binding?.status };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(fixtures).length * (Object.keys(viewers()).length + 1) * actions.length);
  });
});

describe('the bill and disclosure policies: what each caller is shown is exactly what the server accepts', () => {
  const admin = () => okAs(env, ADMIN_OPENID);
  const fees = (priceFen: number): DisclosureContent => ({
    kind: 'fee-standard',
    items: [{ name: '物业服务费', category: 'property', priceFen, unit: 'm2-month', basis: '物业服务合同第五条', note: '' }],
  });
  const draft = (priceFen = 250) => admin()('disclosure.saveDraft', { communityId: a.communityId, title: '收费标准公示', period: '2026年', content: fees(priceFen) });
  const publish = async (id: string, revision: number, correctionNote?: string) =>
    admin()('disclosure.publish', { id, revision, ...(correctionNote ? { correctionNote } : {}) });

  let feeStandardId = '';
  let periods = 0;
  beforeAll(async () => {
    const first = await draft();
    feeStandardId = (await publish(first.id, first.revision)).id;
  });

  test('bills: every state × caller', async () => {
    const { billPolicy } = await import('../../cloudfunctions/api/src/disclosure/policy');
    const actions = Object.keys(billPolicy.rules) as BillAction[];
    /** Each fixture bills a period of its own; the seeded owner's first home is the bill looked at. */
    const fixture =
      (...after: ('publish' | 'pay' | 'payPart' | 'waive')[]) =>
      async (): Promise<string> => {
        periods += 1;
        const period = `20${String(10 + Math.floor(periods / 12)).padStart(2, '0')}-${String((periods % 12) + 1).padStart(2, '0')}`;
        await admin()('bill.generate', { communityId: a.communityId, period, feeDisclosureId: feeStandardId, itemNames: ['物业服务费'] });
        if (after.includes('publish')) await admin()('bill.publish', { communityId: a.communityId, period, dueDate: daysFromToday(30) });
        const id = `${a.communityId}:${period}:${a.units[0].id}`;
        if (after.includes('pay')) await okAs(env, a.staff.cs)('bill.markPaid', { id, version: (await billFor(ADMIN_OPENID, id))!.version, receiptNo: `SJ-${periods}` });
        if (after.includes('payPart')) await okAs(env, a.staff.cs)('bill.markPaid', { id, version: (await billFor(ADMIN_OPENID, id))!.version, receiptNo: `SJ-${periods}`, amountFen: 100 });
        if (after.includes('waive')) await okAs(env, a.staff.manager)('bill.waive', { id, version: (await billFor(ADMIN_OPENID, id))!.version, reason: '经理批准的减免' });
        return id;
      };
    async function billFor(openid: string, id: string) {
      const period = id.split(':')[1];
      // The desk's list comes in pages (50 bills, by id): community a has more homes than that, and
      // where the looked-at home's bill falls depends on the community's id, so read on until it shows.
      let cursor: string | undefined;
      do {
        const listed = await apiAs(env, openid)('bill.list', { communityId: a.communityId, period, ...(cursor ? { cursor } : {}) });
        if (!listed.ok) {
          // Only a caller the desk's list refuses reads their own bills instead; anything else is a failure to see.
          if (listed.code !== 'FORBIDDEN') throw new Error(`bill.list as ${openid}: ${listed.code} ${listed.message}`);
          return (await okAs(env, openid)('bill.mine', {})).find((bill) => bill.id === id);
        }
        const bill = listed.data.items.find((item) => item.id === id);
        if (bill) return bill;
        cursor = listed.data.cursor;
      } while (cursor);
      return undefined;
    }
    const fixtures = {
      draft: fixture(),
      issued: fixture('publish'),
      partial: fixture('publish', 'payPart'),
      paid: fixture('publish', 'pay'),
      waived: fixture('publish', 'waive'),
    };
    const { mismatches, checked } = await probePolicy<BillAction>({
      actions,
      viewers: viewers(),
      fixtures,
      shown: async (openid, id) => (await billFor(openid, id))?.allowed,
      async attempt(openid, action, id) {
        const call = apiAs(env, openid);
        if (action === 'remind') return call('bill.remind', { id, channel: 'phone', deadline: daysFromToday(10) });
        if (action === 'waive') return call('bill.waive', { id, version: (await billFor(ADMIN_OPENID, id))?.version ?? 0, reason: '经理批准的减免' });
        return call('bill.markPaid', { id, version: (await billFor(ADMIN_OPENID, id))?.version ?? 0, receiptNo: 'SJ-2026-0001' });
      },
      fingerprint: async (id) => {
        const bill = await billFor(ADMIN_OPENID, id);
        return { version: bill?.version, status: bill?.status };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(fixtures).length * Object.keys(viewers()).length * actions.length);
  });

  test('disclosures: every state × caller', async () => {
    const { disclosurePolicy } = await import('../../cloudfunctions/api/src/disclosure/policy');
    const actions = Object.keys(disclosurePolicy.rules) as DisclosureAction[];
    /** Which series each fixture's version belongs to, so a version is read from its series' history. */
    const seriesOf = new Map<string, string>();
    const remember = <T extends { id: string; seriesId: string }>(doc: T): T => {
      seriesOf.set(doc.id, doc.seriesId);
      return doc;
    };
    const published = async () => {
      const first = remember(await draft());
      return remember(await publish(first.id, first.revision));
    };
    const correction = async (correcting: string, priceFen: number) =>
      remember(await admin()('disclosure.saveDraft', { communityId: a.communityId, correcting, title: '收费标准公示', period: '2026年', content: fees(priceFen) }));
    const corrected = async (): Promise<{ v1: string; v2: string }> => {
      const v1 = await published();
      const next = await correction(v1.id, 230);
      const v2 = remember(await publish(next.id, next.revision, '物业费按业主大会决议下调'));
      return { v1: v1.id, v2: v2.id };
    };
    const fixtures = {
      draft: async () => remember(await draft()).id,
      published: async () => (await published()).id,
      'published, a correction drafted': async () => {
        const v1 = await published();
        await correction(v1.id, 240);
        return v1.id;
      },
      'superseded by a correction': async () => (await corrected()).v1,
      'the correction': async () => (await corrected()).v2,
    };
    async function versionOf(openid: string, id: string) {
      const drafts = await apiAs(env, openid)('disclosure.drafts', { communityId: a.communityId });
      const asDraft = drafts.ok ? drafts.data.find((doc) => doc.id === id) : undefined;
      if (asDraft) return asDraft;
      const history = await apiAs(env, openid)('disclosure.history', { seriesId: seriesOf.get(id) ?? '' });
      return history.ok ? history.data.find((doc) => doc.id === id) : undefined;
    }
    const { mismatches, checked } = await probePolicy<DisclosureAction>({
      actions,
      viewers: viewers(),
      fixtures,
      shown: async (openid, id) => (await versionOf(openid, id))?.allowed,
      async attempt(openid, action, id) {
        const doc = (await versionOf(ADMIN_OPENID, id))!;
        const call = apiAs(env, openid);
        const fields = { communityId: a.communityId, title: '收费标准公示', period: '2026年', content: fees(260) };
        switch (action) {
          case 'editDraft':
            return call('disclosure.saveDraft', { ...fields, draftId: id, revision: doc.revision });
          case 'publish':
            return call('disclosure.publish', { id, revision: doc.revision, ...(doc.version > 1 ? { correctionNote: '更正物业费标准' } : {}) });
          case 'correct':
            return call('disclosure.saveDraft', { ...fields, correcting: id });
          case 'inquire':
            return call('disclosure.inquire', { disclosureId: id, question: '物业费标准的依据是什么？' });
        }
      },
      fingerprint: async (id) => {
        const doc = await versionOf(ADMIN_OPENID, id);
        const drafts = await okAs(env, ADMIN_OPENID)('disclosure.drafts', { communityId: a.communityId });
        return { revision: doc?.revision, status: doc?.status, drafts: drafts.filter((other) => other.seriesId === doc?.seriesId).length };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(fixtures).length * Object.keys(viewers()).length * actions.length);
  });
});
