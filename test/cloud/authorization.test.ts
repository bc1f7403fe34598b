import type { NewTicketInput } from '../../typings/tickets';
import { createWxCloud } from '../../emulator/client/node';
import { apiAs, okAs, uploadAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(90_000);

const env = uniqueEnv('authz');
let a: SeededCommunity;
let b: SeededCommunity;
/** An admin of community b only (not a deployment admin). */
const adminOfB = 'o-az-admin-b';

beforeAll(async () => {
  a = await seedCommunity(env, 'aza');
  b = await seedCommunity(env, 'azb');
  const invite = await okAs(env, ADMIN_OPENID)('invite.create', { roles: ['admin'], communityIds: [b.communityId] });
  await okAs(env, adminOfB)('invite.redeem', { code: invite.code, name: '乙区管理员' });
});

describe('staff act only where they hold their roles', () => {
  test("an admin of another community cannot change this community's name, address or phones", async () => {
    const before = await okAs(env, a.owner)('community.get', { id: a.communityId });
    const attempt = await apiAs(env, adminOfB)('community.update', {
      id: a.communityId,
      version: before.version,
      name: '被改名的小区',
      address: '某地某路1号',
      phones: { emergency: '028-85559999', service24h: '028-85559999', complaint: '028-85559999' },
    });
    expect(attempt).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await okAs(env, a.owner)('community.get', { id: a.communityId })).toEqual(before);

    const own = await okAs(env, adminOfB)('community.get', { id: b.communityId });
    const renamed = await okAs(env, adminOfB)('community.update', { id: b.communityId, version: own.version, name: '乙区花园', address: own.address, phones: own.phones });
    expect(renamed.name).toBe('乙区花园');
    // Another community's name is refused, and nothing changes.
    const clash = await apiAs(env, adminOfB)('community.update', { id: b.communityId, version: renamed.version, name: a.communityName, address: own.address, phones: own.phones });
    expect(clash).toMatchObject({ ok: false, code: 'CONFLICT', message: `已有名为“${a.communityName}”的小区` });
    expect(await okAs(env, adminOfB)('community.get', { id: b.communityId })).toEqual(renamed);
  });

  test('only the deployment admins add communities', async () => {
    const input = { name: '新建小区', address: '成都市武侯区某路2号', phones: { emergency: '028-85550110', service24h: '028-85550000', complaint: '028-85550123' } };
    expect(await apiAs(env, adminOfB)('community.create', input)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await okAs(env, adminOfB)('community.list', {})).map((community) => community.id)).toEqual([b.communityId]);
  });

  test('a role cannot be granted in a community that does not exist', async () => {
    const refused = await apiAs(env, ADMIN_OPENID)('staff.setRoles', { openid: a.staff.tech, communityId: 'c-no-such-place', roles: ['manager'] });
    expect(refused).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const profile = await okAs(env, a.staff.tech)('me.profile', {});
    expect(profile.grants.map((grant) => grant.communityId)).toEqual([a.communityId]);
  });
});

describe('separation of duties', () => {
  test("desk staff cannot approve their own binding, so they cannot make themselves a home's owner; a colleague can", async () => {
    const request = await okAs(env, a.staff.cs)('binding.request', { unitId: a.units[3].id, relation: 'owner', name: '刘洋', phone: '13800000004', proofFileIds: [] });
    const [queued] = (await okAs(env, a.staff.manager)('binding.queue', { communityId: a.communityId, status: 'pending' })).items.filter((item) => item.id === request.id);
    expect(queued.allowed).toEqual(['review']);
    const self = await apiAs(env, a.staff.cs)('binding.review', { id: request.id, version: request.version, decision: 'approve' });
    expect(self).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await okAs(env, a.staff.cs)('bill.mine', {})).length).toBe(0);
    expect((await okAs(env, a.staff.cs)('me.profile', {})).bindings[0]).toMatchObject({ status: 'pending', allowed: [] });

    const approved = await okAs(env, a.staff.manager)('binding.review', { id: request.id, version: request.version, decision: 'approve' });
    expect(approved.status).toBe('approved');
  });
});

describe('a race is lost with CONFLICT, whoever loses it', () => {
  test('thirty desk staff assigning the same ticket at once: one wins, every other is told it changed', async () => {
    const input: NewTicketInput = {
      kind: 'repair',
      category: 'light',
      description: '客厅吸顶灯不亮了',
      photos: [],
      location: { kind: 'unit', unitId: a.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    };
    let ticket = await okAs(env, a.owner)('ticket.create', input);
    ticket = await okAs(env, a.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version });
    const desk = [a.staff.cs, a.staff.manager];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) => apiAs(env, desk[index % 2])('ticket.assign', { id: ticket.id, version: ticket.version, technician: a.staff.tech })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual(Array(29).fill('CONFLICT'));
    const events = (await okAs(env, a.staff.cs)('ticket.get', { id: ticket.id })).events.filter((event) => event.type === 'assigned');
    expect(events).toHaveLength(1);
  });
});

describe("nobody can use someone else's file", () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);

  test("an owner cannot attach another resident's private proof to a ticket or a binding, and so never gets a link to it", async () => {
    const victim = 'o-az-victim';
    const proof = await uploadAs(env, victim, 'proofs/deed.jpg', jpeg);
    const before = await okAs(env, a.owner)('ticket.mine', {});
    const ticket = await apiAs(env, a.owner)('ticket.create', {
      kind: 'repair',
      category: 'light',
      description: '客厅吸顶灯不亮了，请来看看',
      photos: [proof],
      location: { kind: 'unit', unitId: a.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    });
    expect(ticket).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await okAs(env, a.owner)('ticket.mine', {})).items).toHaveLength(before.items.length);

    const binding = await apiAs(env, a.stranger)('binding.request', { unitId: a.units[2].id, relation: 'tenant', name: '王芳', phone: '13800000003', proofFileIds: [proof] });
    expect(binding).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await okAs(env, a.stranger)('me.profile', {})).bindings).toEqual([]);

    const own = await uploadAs(env, a.owner, 'tickets/lamp.jpg', jpeg);
    const accepted = await okAs(env, a.owner)('ticket.create', {
      kind: 'repair',
      category: 'light',
      description: '客厅吸顶灯不亮了，请来看看',
      photos: [own],
      location: { kind: 'unit', unitId: a.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    });
    expect(accepted.photoUrls).toHaveLength(1);
  });

  test("an upload cannot replace another user's file in storage; one's own can be replaced", async () => {
    const victimsFile = await uploadAs(env, 'o-az-victim2', 'proofs/original.jpg', jpeg);
    const path = victimsFile.slice(victimsFile.indexOf('/', 'cloud://'.length) + 1);
    const attacker = createWxCloud({ baseUrl: localCloudUrl(), env, openid: () => 'o-az-attacker' });
    await expect(attacker.uploadFile({ cloudPath: path, fileContent: new Uint8Array([1, 2, 3]) })).rejects.toMatchObject({ errCode: -503002 });
    const again = await uploadAs(env, 'o-az-victim2', 'proofs/original.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xd9]));
    expect(again).toBe(victimsFile);
  });
});
