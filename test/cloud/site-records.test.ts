/**
 * The site's registers: the lending list of confidential files (seed 001 三(一)2–3, 002 §2 ¶6) with
 * the keeper's handover, the contract list with its reminders (002 §2 ¶14), and the shops with
 * their fire checks (002 §8).
 */
import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContractAction, FileLoanAction, ShopAction } from '../../typings/actions';
import type { FileLoanRequest } from '../../typings/fileLoans';
import { apiAs, grantSubscription, okAs, outbox, uploadAs } from '../support/api';
import { clockToChina, uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { probePolicy } from '../support/policy-probe';
import { ADMIN_OPENID, daysFromToday, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(180_000);

const env = uniqueEnv('site-records');
let a: SeededCommunity;
let b: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'sra');
  b = await seedCommunity(env, 'srb');
});

const authority = { body: '成都市公安局高新分局', officerName: '李警官', documentType: '警官证', documentNumber: '510100123456', checked: true as const };

const borrowFile = (openid: string, extra: Partial<FileLoanRequest> = {}) =>
  okAs(env, openid)('fileLoan.request', {
    communityId: a.communityId,
    subject: { kind: 'unit', unitId: a.units[0].id },
    purpose: '核对业主装修申请的历史记录',
    dueOn: daysFromToday(7),
    ...extra,
  });

describe('file lending (文件/资料/记录借阅)', () => {
  test("an ordinary loan needs only the CS manager's approval; lent, the borrower reads the home's file, each opening logged, until it is returned", async () => {
    let loan = await borrowFile(a.staff.cs);
    expect(loan).toMatchObject({ status: 'requested', number: expect.stringMatching(/^JY\d{8}-\d{4}$/), subject: { kind: 'unit', label: '1栋1单元101' }, borrowerName: '客服小王', allowed: [] });
    expect((await okAs(env, a.staff.manager)('fileLoan.get', { id: loan.id })).allowed).toEqual(['approve', 'refuse']);
    expect(await apiAs(env, a.staff.infokeeper)('fileLoan.lend', { id: loan.id, version: loan.version, note: '' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await apiAs(env, a.staff.cs)('fileLoan.approve', { id: loan.id, version: loan.version, note: '' })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '借阅须经客服经理审批' });

    loan = await okAs(env, a.staff.manager)('fileLoan.approve', { id: loan.id, version: loan.version, note: '同意' });
    expect(loan).toMatchObject({ status: 'approved', managerApproval: { name: '经理陈', note: '同意' } });
    expect(await apiAs(env, a.staff.cs)('fileLoan.read', { id: loan.id })).toMatchObject({ ok: false, code: 'CONFLICT', message: '档案尚未借出或已归还' });
    loan = await okAs(env, a.staff.infokeeper)('fileLoan.lend', { id: loan.id, version: loan.version, note: '原件一册' });
    expect(loan).toMatchObject({ status: 'lent', lent: { name: '专管员周' }, overdue: false });
    expect((await okAs(env, a.staff.cs)('fileLoan.get', { id: loan.id })).allowed).toEqual(['read']);

    const before = (await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId })).items.length;
    const lent = await okAs(env, a.staff.cs)('fileLoan.read', { id: loan.id });
    expect(lent.file.unit.label).toBe('1栋1单元101');
    expect(lent.file.residents.map((resident) => resident.name)).toEqual(['张*']);
    await okAs(env, a.staff.cs)('fileLoan.read', { id: loan.id });
    const log = (await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId })).items;
    expect(log).toHaveLength(before + 2);
    expect(log[0]).toMatchObject({ actorName: '客服小王', kind: 'view', subject: '1栋1单元101', fields: ['户档案'] });
    expect(log[0].reason).toContain(loan.number);
    // Nobody else reads it through this loan, not even its approver.
    expect(await apiAs(env, a.staff.manager)('fileLoan.read', { id: loan.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    loan = await okAs(env, a.staff.infokeeper)('fileLoan.return', { id: loan.id, version: loan.version, note: '完好' });
    expect(loan).toMatchObject({ status: 'returned', returned: { name: '专管员周', note: '完好' }, allowed: [] });
    expect(await apiAs(env, a.staff.cs)('fileLoan.read', { id: loan.id })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test("an authority's query is refused without the general manager's consent: it cannot be lent; with it, the hand-out is logged", async () => {
    const desk = okAs(env, a.staff.cs);
    expect(await apiAs(env, a.staff.cs)('fileLoan.request', { communityId: a.communityId, subject: { kind: 'unit', unitId: a.units[0].id }, purpose: '协助调查案件', dueOn: daysFromToday(0), authority: { ...authority, checked: false as unknown as true } })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    let query = await desk('fileLoan.request', { communityId: a.communityId, subject: { kind: 'unit', unitId: a.units[0].id }, purpose: '协助调查案件，查询住户登记信息', dueOn: daysFromToday(0), authority });
    expect(query.authority).toEqual({ body: '成都市公安局高新分局', officerName: '李警官', documentType: '警官证', documentNumber: '510100123456' });
    query = await okAs(env, a.staff.manager)('fileLoan.approve', { id: query.id, version: query.version, note: '' });
    expect(query.status).toBe('requested');
    expect((await okAs(env, a.staff.infokeeper)('fileLoan.get', { id: query.id })).allowed).toEqual([]);
    expect(await apiAs(env, a.staff.infokeeper)('fileLoan.lend', { id: query.id, version: query.version, note: '' })).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('总经理同意') });
    // The manager cannot stand in for the general manager.
    expect(await apiAs(env, a.staff.manager)('fileLoan.consent', { id: query.id, version: query.version, note: '' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await okAs(env, ADMIN_OPENID)('fileLoan.get', { id: query.id })).allowed).toEqual(['consent', 'refuse']);
    query = await okAs(env, ADMIN_OPENID)('fileLoan.consent', { id: query.id, version: query.version, note: '同意查询，仅限登记信息' });
    expect(query).toMatchObject({ status: 'approved', headApproval: { note: '同意查询，仅限登记信息' } });
    query = await okAs(env, a.staff.infokeeper)('fileLoan.lend', { id: query.id, version: query.version, note: '当场查阅' });
    expect(query.status).toBe('lent');
    const [entry] = (await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId })).items;
    expect(entry).toMatchObject({ actorName: '专管员周', kind: 'view', subject: '1栋1单元101' });
    expect(entry.reason).toContain('成都市公安局高新分局');
    expect(entry.reason).toContain('510100123456');

    // An ordinary loan has no consent to give.
    const ordinary = await borrowFile(a.staff.manager);
    expect(await apiAs(env, ADMIN_OPENID)('fileLoan.consent', { id: ordinary.id, version: ordinary.version, note: '' })).toMatchObject({ ok: false, code: 'CONFLICT', message: '只有政府机关查询须经总经理同意' });
    // Nor does a manager approve a loan of their own.
    expect(await apiAs(env, a.staff.manager)('fileLoan.approve', { id: ordinary.id, version: ordinary.version, note: '' })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '不能审批自己的借阅' });
  });

  test("company records are lent too; the register is its keepers' and each borrower's own; another community's manager cannot approve; bad input changes nothing", async () => {
    const records = await okAs(env, a.staff.infokeeper)('fileLoan.request', { communityId: a.communityId, subject: { kind: 'records', title: '2026年度消防设施维保记录' }, purpose: '迎接消防检查核对记录', dueOn: daysFromToday(3) });
    expect(records.subject).toEqual({ kind: 'records', title: '2026年度消防设施维保记录' });
    const mine = await borrowFile(a.staff.cs);

    expect(await apiAs(env, a.staff.tech)('fileLoan.list', { communityId: a.communityId, filter: 'all' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.staff.tech)('fileLoan.get', { id: mine.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.manager)('fileLoan.approve', { id: mine.id, version: mine.version, note: '' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.manager)('fileLoan.list', { communityId: a.communityId, filter: 'all' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.staff.cs)('fileLoan.get', { id: records.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const asCs = (await okAs(env, a.staff.cs)('fileLoan.list', { communityId: a.communityId, filter: 'all' })).items;
    expect(asCs.every((loan) => loan.borrowerName === '客服小王')).toBe(true);
    const register = (await okAs(env, a.staff.infokeeper)('fileLoan.list', { communityId: a.communityId, filter: 'open' })).items;
    expect(register.map((loan) => loan.id)).toEqual(expect.arrayContaining([records.id, mine.id]));

    const before = (await okAs(env, a.staff.manager)('fileLoan.list', { communityId: a.communityId, filter: 'all' })).items.length;
    const ask = apiAs(env, a.staff.cs);
    const base = { communityId: a.communityId, subject: { kind: 'unit' as const, unitId: a.units[0].id }, purpose: '核对业主信息', dueOn: daysFromToday(3) };
    expect(await ask('fileLoan.request', { ...base, dueOn: daysFromToday(-1) })).toMatchObject({ ok: false, code: 'VALIDATION', message: '归还日期不能早于今天' });
    expect(await ask('fileLoan.request', { ...base, dueOn: daysFromToday(120) })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await ask('fileLoan.request', { ...base, purpose: '查' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await ask('fileLoan.request', { ...base, subject: { kind: 'unit', unitId: b.units[0].id } })).toMatchObject({ ok: false, code: 'VALIDATION', message: '该房屋不属于本小区' });
    expect(await apiAs(env, a.staff.tech)('fileLoan.request', base)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.cs)('fileLoan.request', base)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await okAs(env, a.staff.manager)('fileLoan.list', { communityId: a.communityId, filter: 'all' })).items).toHaveLength(before);
  });

  test('when the file keeper changes, the outgoing keeper lists the important files and only the incoming keeper acknowledges them', async () => {
    const invite = await okAs(env, ADMIN_OPENID)('invite.create', { roles: ['infokeeper'], communityIds: [a.communityId] });
    const incoming = 'o-sra-infokeeper-2';
    await okAs(env, incoming)('invite.redeem', { code: invite.code, name: '专管员吴' });

    expect(await okAs(env, a.staff.infokeeper)('keeperHandover.keepers', { communityId: a.communityId })).toEqual([{ openid: incoming, name: '专管员吴' }]);
    const items = [
      { title: '业主档案 1–3 栋', note: '共 12 盒' },
      { title: '物业服务合同原件', note: '' },
    ];
    expect(await apiAs(env, a.staff.infokeeper)('keeperHandover.create', { communityId: a.communityId, incomingOpenid: a.staff.cs, items, note: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, a.staff.infokeeper)('keeperHandover.create', { communityId: a.communityId, incomingOpenid: incoming, items: [], note: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, a.staff.cs)('keeperHandover.create', { communityId: a.communityId, incomingOpenid: incoming, items, note: '' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    let handover = await okAs(env, a.staff.infokeeper)('keeperHandover.create', { communityId: a.communityId, incomingOpenid: incoming, items, note: '钥匙一并交接' });
    expect(handover).toMatchObject({ status: 'open', outgoingName: '专管员周', incomingName: '专管员吴', items, allowed: [] });
    expect(await apiAs(env, a.staff.infokeeper)('keeperHandover.acknowledge', { id: handover.id, version: handover.version, note: '' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    handover = await okAs(env, incoming)('keeperHandover.acknowledge', { id: handover.id, version: handover.version, note: '已清点无误' });
    expect(handover).toMatchObject({ status: 'acknowledged', acknowledged: { name: '专管员吴', note: '已清点无误' }, allowed: [] });
    const listed = (await okAs(env, a.staff.manager)('keeperHandover.list', { communityId: a.communityId })).items;
    expect(listed[0]).toMatchObject({ id: handover.id, status: 'acknowledged' });
    expect(await apiAs(env, a.staff.tech)('keeperHandover.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('contracts (合同清单) and shops (商铺)', () => {
  test('a contract is listed with its term and signed copy; only one’s own uploads attach; only managers end it', async () => {
    const scan = await uploadAs(env, a.staff.manager, 'contracts/cleaning.pdf', new Uint8Array(Buffer.from('%PDF-1.4 contract')));
    const theirs = await uploadAs(env, a.staff.cs, 'contracts/other.pdf', new Uint8Array(Buffer.from('%PDF-1.4 other')));
    const fields = { party: '成都洁净保洁服务有限公司', subject: '小区公共区域保洁外包', startOn: daysFromToday(-300), endOn: daysFromToday(65), amountFen: 36_000_000, fileIds: [scan] };
    const desk = apiAs(env, a.staff.manager);
    expect(await desk('contract.create', { communityId: a.communityId, ...fields, fileIds: [theirs] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await desk('contract.create', { communityId: a.communityId, ...fields, endOn: daysFromToday(-301) })).toMatchObject({ ok: false, code: 'VALIDATION', message: '合同结束日期不能早于开始日期' });
    expect(await desk('contract.create', { communityId: a.communityId, ...fields, amountFen: 12.5 })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, a.staff.cs)('contract.create', { communityId: a.communityId, ...fields })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.manager)('contract.create', { communityId: a.communityId, ...fields })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const contract = await okAs(env, a.staff.manager)('contract.create', { communityId: a.communityId, ...fields });
    expect(contract).toMatchObject({ number: expect.stringMatching(/^HT\d{8}-\d{4}$/), status: 'active', term: 'valid', daysLeft: 65, amountFen: 36_000_000, allowed: ['update', 'end'] });
    const detail = await okAs(env, a.staff.infokeeper)('contract.get', { id: contract.id });
    expect(detail.files).toEqual([{ fileID: scan, url: expect.stringMatching(/^http/) }]);
    expect(detail.allowed).toEqual(['update']);
    // The keeper renews it keeping the manager's scan: files already attached stay acceptable.
    const renewed = await okAs(env, a.staff.infokeeper)('contract.update', { id: contract.id, version: contract.version, ...fields, endOn: daysFromToday(20) });
    expect(renewed).toMatchObject({ term: 'expiring', daysLeft: 20, fileIds: [scan] });
    expect((await okAs(env, a.staff.manager)('contract.list', { communityId: a.communityId, filter: 'due' })).items.map((item) => item.id)).toEqual([contract.id]);
    expect(await apiAs(env, a.staff.infokeeper)('contract.end', { id: contract.id, version: renewed.version, note: '不再续签' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const ended = await okAs(env, a.staff.manager)('contract.end', { id: contract.id, version: renewed.version, note: '不再续签，已另行招标' });
    expect(ended).toMatchObject({ status: 'ended', ended: { name: '经理陈', note: '不再续签，已另行招标' }, allowed: [] });
    expect((await okAs(env, a.staff.manager)('contract.list', { communityId: a.communityId, filter: 'due' })).items).toEqual([]);
    expect(await apiAs(env, a.staff.tech)('contract.list', { communityId: a.communityId, filter: 'all' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('a shop with an expired licence shows it; a failed fire check needs its follow-up, and a refused check changes nothing', async () => {
    const shop = await okAs(env, a.staff.cs)('shop.create', {
      communityId: a.communityId,
      name: '邻里便利店',
      tenant: '王小明',
      business: '日用百货零售',
      licences: [
        { name: '营业执照', number: '91510100MA0000001X', expiresOn: daysFromToday(400) },
        { name: '食品经营许可证', number: 'JY15101000000001', expiresOn: daysFromToday(-2) },
      ],
      fireCheckEveryDays: 30,
    });
    expect(shop).toMatchObject({ status: 'open', nextCheckOn: daysFromToday(30), checkDue: false, expiredLicences: ['食品经营许可证'], allowed: ['update', 'recordCheck'] });
    const check = { id: shop.id, version: shop.version, checkedOn: daysFromToday(0), items: ['灭火器', '疏散通道'], result: 'fail' as const, note: '' };
    expect(await apiAs(env, a.staff.cs)('shop.recordCheck', { ...check, followUp: '' })).toMatchObject({ ok: false, code: 'VALIDATION', message: '检查不合格，请写明整改要求和复查安排' });
    expect(await apiAs(env, a.staff.cs)('shop.recordCheck', { ...check, followUp: '限期整改', items: ['喷淋'] as unknown as string[] })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, a.staff.cs)('shop.recordCheck', { ...check, checkedOn: daysFromToday(2), followUp: '限期三日内整改' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, a.staff.tech)('shop.recordCheck', { ...check, followUp: '限期三日内整改' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.manager)('shop.recordCheck', { ...check, followUp: '限期三日内整改' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await okAs(env, a.staff.cs)('shop.get', { id: shop.id })).checks).toEqual([]);

    const detail = await okAs(env, a.staff.cs)('shop.recordCheck', { ...check, followUp: '灭火器过期，限三日内更换后复查' });
    expect(detail.checks).toEqual([expect.objectContaining({ result: 'fail', followUp: '灭火器过期，限三日内更换后复查', checkedByName: '客服小王', items: ['灭火器', '疏散通道'] })]);
    expect(detail).toMatchObject({ lastCheck: { checkedOn: daysFromToday(0), result: 'fail' }, nextCheckOn: daysFromToday(30) });
    expect(await apiAs(env, a.staff.tech)('shop.list', { communityId: a.communityId, filter: 'all' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.staff.cs)('shop.close', { id: shop.id, version: detail.version, note: '租约到期撤场' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('what each caller is shown is exactly what the server accepts', () => {
  const viewers = () => ({ cs: a.staff.cs, manager: a.staff.manager, admin: ADMIN_OPENID, infokeeper: a.staff.infokeeper, tech: a.staff.tech, otherManager: b.staff.manager });

  test('file loans, in every state, for every caller (a manager approves no loan of their own)', async () => {
    const { fileLoanPolicy } = await import('../../cloudfunctions/api/src/records/policy');
    const actions = Object.keys(fileLoanPolicy.rules) as FileLoanAction[];
    const get = (id: string) => okAs(env, a.staff.manager)('fileLoan.get', { id });
    const step = async (openid: string, action: Exclude<FileLoanAction, 'read'>, id: string) => {
      const { version } = await get(id);
      return okAs(env, openid)(`fileLoan.${action}`, { id, version, note: action === 'refuse' ? '不同意借阅' : '' });
    };
    const query = () => borrowFile(a.staff.cs, { authority, dueOn: daysFromToday(0) });
    const fixtures = {
      requested: async () => (await borrowFile(a.staff.cs)).id,
      approved: async () => (await step(a.staff.manager, 'approve', (await borrowFile(a.staff.cs)).id)).id,
      lent: async () => (await step(a.staff.infokeeper, 'lend', (await step(a.staff.manager, 'approve', (await borrowFile(a.staff.cs)).id)).id)).id,
      returned: async () => {
        const lent = await step(a.staff.infokeeper, 'lend', (await step(a.staff.manager, 'approve', (await borrowFile(a.staff.cs)).id)).id);
        return (await step(a.staff.infokeeper, 'return', lent.id)).id;
      },
      refused: async () => (await step(a.staff.manager, 'refuse', (await borrowFile(a.staff.cs)).id)).id,
      managersOwn: async () => (await borrowFile(a.staff.manager)).id,
      queryRequested: async () => (await query()).id,
      queryApprovedByManager: async () => (await step(a.staff.manager, 'approve', (await query()).id)).id,
      queryConsented: async () => (await step(ADMIN_OPENID, 'consent', (await step(a.staff.manager, 'approve', (await query()).id)).id)).id,
    };
    const { mismatches, checked } = await probePolicy<FileLoanAction>({
      actions,
      viewers: viewers(),
      fixtures,
      async shown(openid, id) {
        const result = await apiAs(env, openid)('fileLoan.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      async attempt(openid, action, id) {
        if (action === 'read') return apiAs(env, openid)('fileLoan.read', { id });
        const { version } = await get(id);
        return apiAs(env, openid)(`fileLoan.${action}`, { id, version, note: action === 'refuse' ? '不同意借阅' : '' });
      },
      async fingerprint(id) {
        const loan = await get(id);
        return { version: loan.version, status: loan.status };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(fixtures).length * Object.keys(viewers()).length * actions.length);
  });

  test('contracts and shops, open and closed, for every caller', async () => {
    const { contractPolicy, shopPolicy } = await import('../../cloudfunctions/api/src/records/policy');
    const fields = { party: '蜀都物业管理咨询有限公司', subject: '年度消防设施检测', startOn: daysFromToday(-10), endOn: daysFromToday(355), amountFen: 800_000, fileIds: [] as string[] };
    const contract = () => okAs(env, a.staff.manager)('contract.create', { communityId: a.communityId, ...fields });
    const contractActions = Object.keys(contractPolicy.rules) as ContractAction[];
    const getContract = (id: string) => okAs(env, a.staff.manager)('contract.get', { id });
    const contracts = await probePolicy<ContractAction>({
      actions: contractActions,
      viewers: viewers(),
      fixtures: {
        active: async () => (await contract()).id,
        ended: async () => {
          const made = await contract();
          return (await okAs(env, a.staff.manager)('contract.end', { id: made.id, version: made.version, note: '提前终止合同' })).id;
        },
      },
      async shown(openid, id) {
        const result = await apiAs(env, openid)('contract.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      async attempt(openid, action, id) {
        const { version } = await getContract(id);
        return action === 'end' ? apiAs(env, openid)('contract.end', { id, version, note: '提前终止合同' }) : apiAs(env, openid)('contract.update', { id, version, ...fields, amountFen: 900_000 });
      },
      async fingerprint(id) {
        const found = await getContract(id);
        return { version: found.version, status: found.status };
      },
    });
    expect(contracts.mismatches).toEqual([]);

    const shopFields = { name: '街角花店', tenant: '林芳', business: '鲜花零售', licences: [], fireCheckEveryDays: 30 };
    const shop = () => okAs(env, a.staff.cs)('shop.create', { communityId: a.communityId, ...shopFields });
    const shopActions = Object.keys(shopPolicy.rules) as ShopAction[];
    const getShop = (id: string) => okAs(env, a.staff.manager)('shop.get', { id });
    const shops = await probePolicy<ShopAction>({
      actions: shopActions,
      viewers: viewers(),
      fixtures: {
        open: async () => (await shop()).id,
        closed: async () => {
          const made = await shop();
          return (await okAs(env, a.staff.manager)('shop.close', { id: made.id, version: made.version, note: '租约到期撤场' })).id;
        },
      },
      async shown(openid, id) {
        const result = await apiAs(env, openid)('shop.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      async attempt(openid, action, id) {
        const { version } = await getShop(id);
        if (action === 'close') return apiAs(env, openid)('shop.close', { id, version, note: '租约到期撤场' });
        if (action === 'recordCheck') return apiAs(env, openid)('shop.recordCheck', { id, version, checkedOn: daysFromToday(0), items: ['灭火器'], result: 'pass', followUp: '', note: '' });
        return apiAs(env, openid)('shop.update', { id, version, ...shopFields, fireCheckEveryDays: 15 });
      },
      async fingerprint(id) {
        const found = await getShop(id);
        return { version: found.version, status: found.status };
      },
    });
    expect(shops.mismatches).toEqual([]);
    expect(contracts.checked + shops.checked).toBe(2 * 6 * contractActions.length + 2 * 6 * shopActions.length);
  });
});

describe('on a local cloud of its own (the test moves its clock)', () => {
  let cloud: RunningCloud;
  let s: SeededCommunity;
  const ownEnv = uniqueEnv('site-clock');
  const CONTRACT_TEMPLATE = 'tmpl-staff-contract';
  const as = (openid: string) => okAs(ownEnv, openid, cloud.url);
  const clockTo = (wall: string): Promise<void> => clockToChina(cloud.url, wall);
  const countOf = async (openid: string, key: string): Promise<number | undefined> =>
    (await as(openid)('staff.workload', {})).communities.find((community) => community.communityId === s.communityId)?.counts.find((count) => count.key === key)?.count;
  const remindersOf = async (number: string): Promise<string[]> =>
    (await outbox(ownEnv, cloud.url)).filter((message) => message.templateId === CONTRACT_TEMPLATE && message.errcode === 0 && message.data.character_string1.value === number).map((message) => message.touser);

  beforeAll(async () => {
    cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'site-clock-')) });
    s = await seedCommunity(ownEnv, 'sck', cloud.url);
    await clockTo('2027-03-01T09:00:00');
    await grantSubscription(ownEnv, s.staff.manager, CONTRACT_TEMPLATE, 5, cloud.url);
  });
  afterAll(async () => {
    await cloud.stop();
    rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  test('a contract is reminded of once 60 days ahead and once 30 days ahead; the workbench counts it from 30 days', async () => {
    const manager = as(s.staff.manager);
    const yearly = await manager('contract.create', { communityId: s.communityId, party: '成都安居电梯维保有限公司', subject: '电梯维护保养', startOn: '2026-05-16', endOn: '2027-05-15', amountFen: 4_800_000, fileIds: [] });
    const soon = await manager('contract.create', { communityId: s.communityId, party: '蓉城绿化工程有限公司', subject: '绿化养护', startOn: '2026-03-21', endOn: '2027-03-20', amountFen: 1_200_000, fileIds: [] });
    expect(await countOf(s.staff.manager, 'contracts')).toBe(1);
    expect(await countOf(s.staff.cs, 'contracts')).toBeUndefined();

    // Two timer runs: the contract ending in 19 days is reminded of once, the other not yet.
    await clockTo('2027-03-01T09:05:00');
    await clockTo('2027-03-01T09:10:00');
    expect(await remindersOf(soon.number)).toEqual([s.staff.manager]);
    expect(await remindersOf(yearly.number)).toEqual([]);

    await clockTo('2027-03-16T09:00:00');
    await clockTo('2027-03-16T09:05:00');
    expect(await remindersOf(yearly.number)).toEqual([s.staff.manager]);
    expect(await countOf(s.staff.manager, 'contracts')).toBe(1);

    await clockTo('2027-04-15T09:00:00');
    await clockTo('2027-04-15T09:05:00');
    expect(await remindersOf(yearly.number)).toEqual([s.staff.manager, s.staff.manager]);
    expect(await remindersOf(soon.number)).toEqual([s.staff.manager]);
    // The one past its end stays counted until it is renewed or ended.
    expect(await countOf(s.staff.manager, 'contracts')).toBe(2);
    const listed = (await manager('contract.list', { communityId: s.communityId, filter: 'due' })).items;
    expect(listed.map((contract) => [contract.number, contract.term])).toEqual([
      [soon.number, 'expired'],
      [yearly.number, 'expiring'],
    ]);
  });

  test('a fire check falls due N days after the last one and shows on the workbench; recorded, it is no longer due', async () => {
    const cs = as(s.staff.cs);
    const shop = await cs('shop.create', { communityId: s.communityId, name: '川味小馆', tenant: '赵大厨', business: '餐饮', licences: [], fireCheckEveryDays: 14 });
    const due = async (): Promise<string[]> => (await cs('shop.list', { communityId: s.communityId, filter: 'due' })).items.map((item) => item.id);
    expect(await due()).toEqual([]);
    const before = (await countOf(s.staff.cs, 'fireChecks')) ?? 0;

    await clockTo('2027-05-01T09:00:00');
    expect(await due()).toEqual([shop.id]);
    expect(await countOf(s.staff.cs, 'fireChecks')).toBe(before + 1);
    const seen = await cs('shop.get', { id: shop.id });
    expect(seen).toMatchObject({ checkDue: true, checkOverdue: true });

    const checked = await cs('shop.recordCheck', { id: shop.id, version: seen.version, checkedOn: '2027-05-01', items: ['灭火器', '消火栓', '应急照明'], result: 'pass', followUp: '', note: '' });
    expect(checked).toMatchObject({ checkDue: false, nextCheckOn: '2027-05-15', lastCheck: { result: 'pass' } });
    expect(await due()).toEqual([]);
    expect(await countOf(s.staff.cs, 'fireChecks')).toBe(before);
  });

  test('a loan past its due date is listed as overdue and can no longer be read', async () => {
    await clockTo('2027-06-01T09:00:00');
    let loan = await as(s.staff.cs)('fileLoan.request', { communityId: s.communityId, subject: { kind: 'unit', unitId: s.units[1].id }, purpose: '核对房屋面积登记', dueOn: '2027-06-03' });
    loan = await as(s.staff.manager)('fileLoan.approve', { id: loan.id, version: loan.version, note: '' });
    loan = await as(s.staff.infokeeper)('fileLoan.lend', { id: loan.id, version: loan.version, note: '' });
    const overdue = async (): Promise<string[]> => (await as(s.staff.infokeeper)('fileLoan.list', { communityId: s.communityId, filter: 'overdue' })).items.map((item) => item.id);
    await clockTo('2027-06-03T20:00:00');
    expect(await overdue()).toEqual([]);
    expect(await countOf(s.staff.infokeeper, 'overdueLoans')).toBe(0);

    await clockTo('2027-06-04T09:00:00');
    expect(await overdue()).toEqual([loan.id]);
    expect(await countOf(s.staff.infokeeper, 'overdueLoans')).toBe(1);
    expect((await as(s.staff.cs)('fileLoan.get', { id: loan.id })).overdue).toBe(true);
    expect(await apiAs(ownEnv, s.staff.cs, cloud.url)('fileLoan.read', { id: loan.id })).toMatchObject({ ok: false, code: 'CONFLICT', message: '借阅已到期，请归还档案' });
    await as(s.staff.infokeeper)('fileLoan.return', { id: loan.id, version: loan.version, note: '逾期一天归还' });
    expect(await overdue()).toEqual([]);
  });
});
