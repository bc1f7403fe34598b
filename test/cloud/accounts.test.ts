import ExcelJS from 'exceljs';
import { routes } from '../../cloudfunctions/api/src/routes';
import type { ActionName } from '../../typings/api';
import type { Role } from '../../typings/roles';
import { localCloudUrl, sdkFor, uniqueEnv } from '../support/cloud';
import { apiAs, everyHome, okAs, uploadAs } from '../support/api';
import { ADMIN_OPENID, ROSTER_CSV, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(60_000);

const env = uniqueEnv('accounts');
let a: SeededCommunity;
let b: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'alpha');
  b = await seedCommunity(env, 'beta');
});

describe('role matrix (generated from the route table)', () => {
  const actors = (): Record<string, { openid: string; roles: Role[] }> => ({
    stranger: { openid: a.stranger, roles: [] },
    owner: { openid: a.owner, roles: ['owner'] },
    cs: { openid: a.staff.cs, roles: ['cs'] },
    tech: { openid: a.staff.tech, roles: ['tech'] },
    manager: { openid: a.staff.manager, roles: ['manager'] },
    infokeeper: { openid: a.staff.infokeeper, roles: ['infokeeper'] },
    admin: { openid: ADMIN_OPENID, roles: ['admin'] },
  });
  const actions = Object.keys(routes) as ActionName[];

  // Role-gated actions refuse other roles before reading the input; record actions are decided by their
  // record's policy once the input names one (test/cloud/policy.test.ts).
  test.each(actions)('%s: FORBIDDEN exactly for the roles it does not allow', async (action) => {
    const { access } = routes[action];
    for (const [label, actor] of Object.entries(actors())) {
      const allowed = access.kind === 'anyone' || access.kind === 'record' || actor.roles.some((role) => (access.roles as readonly Role[]).includes(role));
      const result = await apiAs(env, actor.openid)(action, {} as never);
      const forbidden = !result.ok && result.code === 'FORBIDDEN';
      expect({ action, actor: label, forbidden }).toEqual({ action, actor: label, forbidden: !allowed });
    }
  });
});

describe('identity and roles come only from the cloud and the database', () => {
  test('a role or openid smuggled into the request is refused and changes nothing', async () => {
    const before = await okAs(env, ADMIN_OPENID)('directory.communities', {});
    const stranger = apiAs(env, a.stranger);
    const forgedInput = await stranger('community.create', {
      name: '冒名小区',
      address: '某地某路1号',
      phones: { emergency: '028-85550110', service24h: '028-85550000', complaint: '028-85550123' },
      roles: ['admin'],
    } as never);
    expect(forgedInput).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const forgedOpenid = await apiAs(env, a.stranger)('me.profile', { openid: ADMIN_OPENID } as never);
    expect(forgedOpenid).toMatchObject({ ok: false, code: 'VALIDATION' });
    const after = await okAs(env, ADMIN_OPENID)('directory.communities', {});
    expect(after).toEqual(before);
  });
});

describe('cross-community isolation', () => {
  test("staff of one community get nothing of another's, by any action", async () => {
    const pending = await okAs(env, 'o-iso-owner')('binding.request', {
      unitId: a.units[1].id,
      relation: 'owner',
      name: '李娜',
      phone: '13800000002',
      proofFileIds: [],
    });
    const refused = [
      await apiAs(env, b.staff.cs)('binding.queue', { communityId: a.communityId }),
      await apiAs(env, b.staff.cs)('binding.review', { id: pending.id, version: pending.version, decision: 'approve' }),
      await apiAs(env, b.staff.infokeeper)('binding.reveal', { id: pending.id, reason: '核对业主身份' }),
      await apiAs(env, b.staff.manager)('staff.list', { communityId: a.communityId }),
      await apiAs(env, b.staff.manager)('accessLog.list', { communityId: a.communityId }),
    ];
    for (const result of refused) expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const visible = await okAs(env, b.staff.cs)('community.list', {});
    expect(visible.map((community) => community.id)).toEqual([b.communityId]);
    const stillPending = await okAs(env, 'o-iso-owner')('me.profile', {});
    expect(stillPending.bindings[0].status).toBe('pending');
  });
});

describe('unit binding and review', () => {
  test('the same request id creates one binding; a second request for the same home is refused', async () => {
    const owner = apiAs(env, 'o-double-tap');
    const input = { unitId: a.units[2].id, relation: 'family' as const, name: '王小芳', phone: '13900000009', proofFileIds: [] };
    const [first, second] = await Promise.all([owner('binding.request', input, 'req-double-1'), owner('binding.request', input, 'req-double-1')]);
    const settledResults = [first, second];
    const created = settledResults.filter((result) => result.ok);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const retry = await owner('binding.request', input, 'req-double-1');
    expect(retry.ok && created[0].ok && retry.data.id === created[0].data.id).toBe(true);
    expect(await owner('binding.request', input, 'req-double-2')).toMatchObject({ ok: false, code: 'CONFLICT' });
    const profile = await okAs(env, 'o-double-tap')('me.profile', {});
    expect(profile.bindings).toHaveLength(1);
  });

  test('two reviewers at once: one decides, the other is told it was handled', async () => {
    const pending = await okAs(env, 'o-race-owner')('binding.request', {
      unitId: a.units[3].id,
      relation: 'tenant',
      name: '赵六',
      phone: '13700000007',
      proofFileIds: [],
    });
    const reviews = await Promise.all([
      apiAs(env, a.staff.cs)('binding.review', { id: pending.id, version: pending.version, decision: 'approve' }),
      apiAs(env, a.staff.manager)('binding.review', { id: pending.id, version: pending.version, decision: 'reject', reason: '信息不符' }),
    ]);
    expect(reviews.filter((review) => review.ok)).toHaveLength(1);
    expect(reviews.filter((review) => !review.ok && review.code === 'CONFLICT')).toHaveLength(1);
  });

  test('a rejection needs a reason, and the owner sees it', async () => {
    const pending = await okAs(env, 'o-reject-owner')('binding.request', {
      unitId: a.units[1].id,
      relation: 'owner',
      name: '钱七',
      phone: '13600000006',
      proofFileIds: [],
    });
    const noReason = await apiAs(env, a.staff.cs)('binding.review', { id: pending.id, version: pending.version, decision: 'reject' });
    expect(noReason).toMatchObject({ ok: false, code: 'VALIDATION' });
    await okAs(env, a.staff.cs)('binding.review', { id: pending.id, version: pending.version, decision: 'reject', reason: '姓名与房屋名册不符' });
    const profile = await okAs(env, 'o-reject-owner')('me.profile', {});
    expect(profile.bindings[0]).toMatchObject({ status: 'rejected', reason: '姓名与房屋名册不符' });
  });
});

describe('owners’ personal data', () => {
  let bindingId: string;
  let proofFileId: string;
  const owner = 'o-privacy-owner';

  beforeAll(async () => {
    proofFileId = await uploadAs(env, owner, 'proofs/deed.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const binding = await okAs(env, owner)('binding.request', {
      unitId: a.units[0].id,
      relation: 'owner',
      name: '张伟',
      phone: '13800000001',
      proofFileIds: [proofFileId],
    });
    bindingId = binding.id;
  });

  test('staff see names and phones masked, with a roster match instead of the values', async () => {
    const queue = await okAs(env, a.staff.cs)('binding.queue', { communityId: a.communityId, status: 'pending' });
    const item = queue.items.find((binding) => binding.id === bindingId);
    expect(item).toMatchObject({ name: '张*', phone: '138****0001', proofCount: 1, rosterMatch: { name: true, phone: true } });
    expect(JSON.stringify(queue)).not.toContain('13800000001');
    expect(JSON.stringify(queue)).not.toContain(proofFileId);
  });

  test('only the information keeper reveals, with a reason, and every reveal is logged', async () => {
    expect(await apiAs(env, a.staff.cs)('binding.reveal', { id: bindingId, reason: '核对身份' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.staff.infokeeper)('binding.reveal', { id: bindingId, reason: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    const revealed = await okAs(env, a.staff.infokeeper)('binding.reveal', { id: bindingId, reason: '核对产权证明' });
    expect(revealed).toMatchObject({ name: '张伟', phone: '13800000001' });
    expect(revealed.proofUrls).toHaveLength(1);
    const image = await fetch(revealed.proofUrls[0]);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));

    const log = await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId });
    expect(log.items[0]).toMatchObject({ actorOpenid: a.staff.infokeeper, actorName: '专管员周', kind: 'view', reason: '核对产权证明' });
    expect(log.items[0].subject).toContain('张*');
    expect(await apiAs(env, a.staff.cs)('accessLog.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('the access log pages through every entry once, newest first', async () => {
    for (let i = 0; i < 35; i += 1) await okAs(env, a.staff.infokeeper)('binding.reveal', { id: bindingId, reason: `核对第 ${i} 次` });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(36);
    const first = await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId });
    expect(first.items[0].reason).toBe('核对第 34 次');
  });

  test('an owner exports a readable file of their data, and the export is logged', async () => {
    const exported = await okAs(env, owner)('me.export', {});
    const response = await fetch(exported.url);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const homes = workbook.getWorksheet('房屋认证');
    const values = JSON.stringify(homes?.getSheetValues());
    expect(values).toContain('张伟');
    expect(values).toContain('13800000001');
    const log = await okAs(env, ADMIN_OPENID)('accessLog.list', { communityId: a.communityId });
    expect(log.items.some((entry) => entry.kind === 'export' && entry.actorOpenid === owner)).toBe(true);
  });

  test('an owner deletes their data: bindings, proof images and the owner role are gone, the deletion is logged', async () => {
    const wrong = await apiAs(env, owner)('me.delete', { confirm: '好的' } as never);
    expect(wrong).toMatchObject({ ok: false, code: 'VALIDATION' });
    const result = await okAs(env, owner)('me.delete', { confirm: '删除我的个人信息' });
    expect(result).toEqual({ bindingsRemoved: 1, filesRemoved: 1, ticketsAnonymized: 0, renovationsAnonymized: 0 });
    const profile = await okAs(env, owner)('me.profile', {});
    expect(profile.bindings).toEqual([]);
    const cloud = sdkFor(env);
    const urls = (await cloud.getTempFileURL({ fileList: [proofFileId] })) as { fileList: { status: number }[] };
    expect(urls.fileList[0].status).toBe(-503003);
    const log = await okAs(env, ADMIN_OPENID)('accessLog.list', { communityId: a.communityId });
    expect(log.items.some((entry) => entry.kind === 'delete' && entry.actorOpenid === owner)).toBe(true);
  });
});

describe('roster import', () => {
  const importAs = async (name: string, bytes: Uint8Array) => {
    const fileID = await uploadAs(env, ADMIN_OPENID, `rosters/${name}`, bytes);
    return apiAs(env, ADMIN_OPENID)('roster.import', { communityId: b.communityId, fileID });
  };

  test('good rows import, bad rows come back with their row numbers and reasons', async () => {
    const csv = [
      '楼栋,单元,房号,建筑面积,业主姓名,联系电话',
      '5栋,1单元,501,88.8,孙一,13811112222',
      '5栋,1单元,502,,孙二,13811113333',
      '5栋,1单元,501,90,孙三,13811114444',
      '5栋,1单元,503,70.5,孙四,12345',
      '5栋,1单元,504,70.555,孙五,13811115555',
    ].join('\r\n');
    const result = await importAs('mixed.csv', new TextEncoder().encode(csv));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.created).toBe(1);
    expect(result.data.rejected).toEqual([
      { row: 3, reason: '缺少建筑面积' },
      { row: 4, reason: '与第 2 行是同一房屋' },
      { row: 5, reason: expect.stringContaining('联系电话') },
      { row: 6, reason: expect.stringContaining('建筑面积') },
    ]);
    const units = await okAs(env, b.owner)('directory.units', { communityId: b.communityId, building: '5栋' });
    expect(units.units.map((unit) => unit.label)).toEqual(['5栋1单元501']);
  });

  test('re-importing the same roster changes nothing; an .xlsx and a GBK CSV import too', async () => {
    const again = await importAs('again.csv', new TextEncoder().encode(ROSTER_CSV));
    expect(again).toMatchObject({ ok: true, data: { created: 0, updated: 0, rejected: [] } });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(['楼栋', '单元', '房号', '建筑面积（㎡）', '业主姓名', '联系电话']);
    sheet.addRow(['6栋', '', '601', 120.5, '周八', '13822223333']);
    const xlsx = await importAs('roster.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(xlsx).toMatchObject({ ok: true, data: { created: 1, rejected: [] } });

    const gbk = Buffer.from('c2a5b6b02cb5a5d4aa2cb7bfbac52cbda8d6fec3e6bbfd2cd2b5d6f7d0d5c3fb2cc1aacfb5b5e7bbb00d0a37b6b02c2c3730312c36302c' + 'cee2beb52c3133383333333334343434', 'hex');
    const fromGbk = await importAs('gbk.csv', gbk);
    expect(fromGbk).toMatchObject({ ok: true, data: { created: 1, rejected: [] } });
    const units = await okAs(env, b.owner)('directory.units', { communityId: b.communityId, building: '7栋' });
    expect(units.units.map((unit) => unit.label)).toEqual(['7栋701']);
  });

  test('a file that is not a roster is refused with a clear message and imports nothing', async () => {
    const before = await everyHome(okAs(env, b.owner), b.communityId);
    const garbage = await importAs('broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]));
    expect(garbage).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(!garbage.ok && garbage.message).toContain('无法读取文件');
    const noColumns = await importAs('columns.csv', new TextEncoder().encode('楼栋,房号\n1栋,101'));
    expect(!noColumns.ok && noColumns.message).toContain('缺少列：建筑面积、业主姓名、联系电话');
    expect(await everyHome(okAs(env, b.owner), b.communityId)).toEqual(before);
  });
});

describe('the directory of homes', () => {
  test('lists the buildings, and the rooms of the one building asked for, without personal data', async () => {
    const owner = okAs(env, a.owner);
    const whole = await owner('directory.units', { communityId: a.communityId });
    expect(whole.buildings).toEqual(['1栋', '2栋']);
    expect(whole.units).toEqual([]);
    const first = await owner('directory.units', { communityId: a.communityId, building: '1栋' });
    expect(first.units.map((unit) => unit.label)).toEqual(['1栋1单元101', '1栋1单元102', '1栋2单元201']);
    expect(JSON.stringify(first)).not.toMatch(/张伟|138000/);
    expect((await owner('directory.units', { communityId: a.communityId, building: '9号楼' })).units).toEqual([]);
    expect(await owner('directory.unit', { communityId: a.communityId, unitId: a.units[3].id })).toEqual(a.units[3]);
  });

  test('a home asked for in another community, or bad input, is refused', async () => {
    const owner = apiAs(env, a.owner);
    expect(await owner('directory.unit', { communityId: b.communityId, unitId: a.units[0].id })).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '房屋不存在，请重新选择' });
    expect(await owner('directory.unit', { communityId: a.communityId, unitId: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await owner('directory.units', { communityId: a.communityId, building: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  test('buildings added by a later roster come in natural order; a community whose buildings were never kept has them read from its homes once', async () => {
    const community = await okAs(env, ADMIN_OPENID)('community.create', {
      name: '目录测试小区',
      address: '成都市武侯区测试路1号',
      phones: { emergency: '028-85550110', service24h: '028-85550000', complaint: '028-85550123' },
    });
    const importRows = async (name: string, rows: string[]) => {
      const fileID = await uploadAs(env, ADMIN_OPENID, `rosters/${name}`, new TextEncoder().encode(['楼栋,单元,房号,建筑面积,业主姓名,联系电话', ...rows].join('\n')));
      return okAs(env, ADMIN_OPENID)('roster.import', { communityId: community.id, fileID });
    };
    const listed = () => okAs(env, a.owner)('directory.units', { communityId: community.id });
    expect(await listed()).toEqual({ buildings: [], units: [] });
    await importRows('d1.csv', ['10栋,,1001,90,赵一,13800001001', '2栋,,201,90,赵二,13800001002']);
    await importRows('d2.csv', ['9栋,,901,90,赵三,13800001003', '2栋,,202,90,赵四,13800001004']);
    expect((await listed()).buildings).toEqual(['2栋', '9栋', '10栋']);

    // As a community imported before its buildings were kept.
    const db = sdkFor(env).database({ env });
    const communities = db.collection('communities');
    const stored = async () => ((await communities.doc(community.id).get()) as { data: { buildings?: string[] } }).data;
    await communities.doc(community.id).update({ data: { buildings: db.command.remove() } });
    expect(await stored()).not.toHaveProperty('buildings');
    expect((await listed()).buildings).toEqual(['2栋', '9栋', '10栋']);
    expect((await stored()).buildings?.sort()).toEqual(['10栋', '2栋', '9栋']);
    expect((await okAs(env, a.owner)('directory.units', { communityId: community.id, building: '2栋' })).units.map((unit) => unit.room)).toEqual(['201', '202']);
  });
});

describe('staff invitations and roles', () => {
  test('an invite code works once; a guessed code is rate limited', async () => {
    const invite = await okAs(env, ADMIN_OPENID)('invite.create', { roles: ['tech'], communityIds: [a.communityId] });
    expect(invite.code).toMatch(/^[A-Z2-9]{8}$/);
    await okAs(env, 'o-new-tech')('invite.redeem', { code: invite.code.toLowerCase(), name: '维修小赵' });
    expect(await apiAs(env, 'o-other')('invite.redeem', { code: invite.code, name: '路人甲' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    const staff = await okAs(env, a.staff.manager)('staff.list', { communityId: a.communityId });
    expect(staff.find((member) => member.openid === 'o-new-tech')).toEqual({ openid: 'o-new-tech', name: '维修小赵', roles: ['tech'] });

    const guesser = apiAs(env, 'o-guesser');
    const answers = [];
    for (let i = 0; i < 11; i += 1) answers.push(await guesser('invite.redeem', { code: `ZZZZZZ${String(i).padStart(2, '2')}`.slice(0, 8), name: '猜码人' }));
    expect(answers.slice(0, 10).every((answer) => !answer.ok && answer.code === 'NOT_FOUND')).toBe(true);
    expect(answers[10]).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });

  test('an admin changes and revokes roles; a revoked member loses the staff tab', async () => {
    const invite = await okAs(env, ADMIN_OPENID)('invite.create', { roles: ['cs'], communityIds: [a.communityId] });
    await okAs(env, 'o-temp-cs')('invite.redeem', { code: invite.code, name: '临时客服' });
    const changed = await okAs(env, ADMIN_OPENID)('staff.setRoles', { openid: 'o-temp-cs', communityId: a.communityId, roles: ['cs', 'manager'] });
    expect(changed.roles.sort()).toEqual(['cs', 'manager']);
    await okAs(env, ADMIN_OPENID)('staff.setRoles', { openid: 'o-temp-cs', communityId: a.communityId, roles: [] });
    const profile = await okAs(env, 'o-temp-cs')('me.profile', {});
    expect(profile.isStaff).toBe(false);
    expect(await apiAs(env, 'o-temp-cs')('binding.queue', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('the phone-number button code becomes the number, once', async () => {
    const issue = await fetch(`${localCloudUrl()}/client/phoneNumberCode?env=${env}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: a.owner, phoneNumber: '13912345678' }),
    });
    const { code } = (await issue.json()) as { code: string };
    expect(await okAs(env, a.owner)('me.phoneFromCode', { code })).toEqual({ phone: '13912345678' });
    expect(await apiAs(env, a.owner)('me.phoneFromCode', { code })).toMatchObject({ ok: false, code: 'VALIDATION' });
  });
});
