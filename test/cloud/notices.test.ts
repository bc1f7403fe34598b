import { join } from 'node:path';
import type { NoticeAction } from '../../typings/actions';
import type { Notice, NoticeText } from '../../typings/notice';
import { apiAs, okAs } from '../support/api';
import { sdkFor, uniqueEnv } from '../support/cloud';
import { renderPdf } from '../support/pdf';
import { probePolicy } from '../support/policy-probe';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

/**
 * Notices on the board (seed 000 (六)2), withdrawn with a reason and kept marked in the history
 * (seed 002 §2 ¶10), printable on A4 in the format of seed 001 三(二).
 */
jest.setTimeout(180_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const env = uniqueEnv('notices');
let a: SeededCommunity;
let b: SeededCommunity;
/** An approved owner of 2栋301 in community a (a.owner lives in 1栋). */
const building2Owner = 'o-nta-owner2';

beforeAll(async () => {
  a = await seedCommunity(env, 'nta');
  b = await seedCommunity(env, 'ntb');
  const binding = await okAs(env, building2Owner)('binding.request', { unitId: a.units[3].id, relation: 'owner', name: '刘洋', phone: '13800000004', proofFileIds: [] });
  await okAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
});

const outage: NoticeText = {
  category: 'outage',
  title: '关于1栋计划停水的通知',
  addressee: '1栋各位业主、住户',
  body: '因二次供水设备年度检修，1栋将于12月5日9:00至15:00停水。\n请各位业主、住户提前做好储水准备，给您带来不便，敬请谅解。',
  issuer: '锦城花园物业服务中心',
  buildings: ['1栋'],
};

type Fields = Partial<NoticeText> & { replaces?: string };

const draft = (fields: Fields = {}, openid = a.staff.cs) => okAs(env, openid)('notice.saveDraft', { communityId: a.communityId, ...outage, ...fields });

async function published(fields: Fields = {}): Promise<Notice> {
  const saved = await draft(fields);
  return okAs(env, a.staff.manager)('notice.publish', { id: saved.id, version: saved.version });
}

test('a notice for 1栋 reaches its residents only; each resident’s first opening counts once', async () => {
  const saved = await draft();
  expect(saved).toMatchObject({ status: 'draft', buildings: ['1栋'], draftedByName: '客服小王', allowed: ['editDraft', 'print'] });
  expect(saved.number).toBeUndefined();
  const notice = await okAs(env, a.staff.manager)('notice.publish', { id: saved.id, version: saved.version });
  const year = notice.publishedAt!.slice(0, 4);
  expect(notice).toMatchObject({ status: 'published', publishedByName: '经理陈', number: expect.stringMatching(new RegExp(`^nta花园物业〔${year}〕\\d+号$`)) });

  // The owner of 2栋 neither sees it on the board nor opens it.
  expect((await okAs(env, building2Owner)('notice.board', { communityId: a.communityId })).map((item) => item.id)).not.toContain(notice.id);
  expect(await apiAs(env, building2Owner)('notice.get', { id: notice.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  // Neither does someone with no home in the community, nor another community's staff.
  expect(await apiAs(env, b.owner)('notice.get', { id: notice.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, b.staff.cs)('notice.board', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

  const readsNow = async () => (await okAs(env, a.staff.manager)('notice.get', { id: notice.id })).reads;
  // 应读: the residents bound in 1栋 (a.owner); the 2栋 owner is not counted.
  expect(await readsNow()).toEqual({ read: 0, expected: 1 });
  const board = await okAs(env, a.owner)('notice.board', { communityId: a.communityId });
  expect(board.map((item) => item.id)).toContain(notice.id);
  const opened = await okAs(env, a.owner)('notice.get', { id: notice.id });
  expect(opened).toMatchObject({ title: outage.title, body: outage.body, number: notice.number, allowed: [], countsAsRead: true });
  expect(opened.reads).toBeUndefined();
  // Opening it counts once its receipt is sent; again, or a retry, adds nothing.
  expect(await readsNow()).toEqual({ read: 0, expected: 1 });
  expect(await okAs(env, a.owner)('notice.read', { id: notice.id })).toEqual({ read: true });
  expect(await readsNow()).toEqual({ read: 1, expected: 1 });
  await okAs(env, a.owner)('notice.read', { id: notice.id });
  await okAs(env, a.owner)('notice.get', { id: notice.id });
  expect(await readsNow()).toEqual({ read: 1, expected: 1 });
  // Staff opening it are not readers, nor is the 2栋 owner or someone from elsewhere: their receipts are refused.
  expect((await okAs(env, a.staff.tech)('notice.get', { id: notice.id })).countsAsRead).toBeUndefined();
  for (const openid of [a.staff.tech, a.staff.manager, building2Owner, b.owner]) {
    expect(await apiAs(env, openid)('notice.read', { id: notice.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  }
  expect(await apiAs(env, a.owner)('notice.read', { id: notice.id, extra: 1 } as never)).toMatchObject({ ok: false, code: 'VALIDATION' });
  const listed = await okAs(env, a.staff.cs)('notice.list', { communityId: a.communityId });
  expect(listed.canDraft).toBe(true);
  expect(listed.items.find((item) => item.id === notice.id)?.reads).toEqual({ read: 1, expected: 1 });
});

test('a notice for the whole community is for every resident, and numbers follow each other per community', async () => {
  const first = await published({ title: '关于开展冬季消防安全检查的通知', category: 'safety', addressee: '各位业主、住户', buildings: [] });
  const second = await published({ title: '关于元旦游园活动的通知', category: 'activity', addressee: '各位业主、住户', buildings: [] });
  const sequence = (notice: Notice) => Number(/〔\d{4}〕(\d+)号$/.exec(notice.number ?? '')?.[1]);
  expect(sequence(second)).toBe(sequence(first) + 1);
  const other = await okAs(env, b.staff.manager)('notice.publish', await (async () => {
    const saved = await okAs(env, b.staff.cs)('notice.saveDraft', { communityId: b.communityId, ...outage, buildings: [] });
    return { id: saved.id, version: saved.version };
  })());
  expect(sequence(other)).toBe(1);
  for (const owner of [a.owner, building2Owner]) {
    expect((await okAs(env, owner)('notice.board', { communityId: a.communityId })).map((item) => item.id)).toEqual(expect.arrayContaining([first.id, second.id]));
  }
  expect((await okAs(env, a.staff.manager)('notice.get', { id: first.id })).reads).toEqual({ read: 0, expected: 2 });
});

test('a home bound before its building was kept on it still counts as a reader of that building; each notice of a page counts its own readers', async () => {
  const forTwo = await published({ title: '关于2栋外墙清洗的通知', addressee: '2栋各位业主、住户', buildings: ['2栋'] });
  const forOne = await published({ title: '关于1栋楼道粉刷的通知', addressee: '1栋各位业主、住户', buildings: ['1栋'] });
  await okAs(env, building2Owner)('notice.read', { id: forTwo.id });
  const readsOf = async () => {
    const listed = await okAs(env, a.staff.cs)('notice.list', { communityId: a.communityId });
    return [forTwo, forOne].map((notice) => listed.items.find((item) => item.id === notice.id)?.reads);
  };
  expect(await readsOf()).toEqual([{ read: 1, expected: 1 }, { read: 0, expected: 1 }]);
  // As an earlier release stored the 2栋 owner's home: without its building.
  const db = sdkFor(env).database({ env });
  const homes = db.collection('bindings').where({ openid: building2Owner, status: 'approved' });
  expect(((await homes.get()) as { data: unknown[] }).data).toHaveLength(1);
  await homes.update({ data: { building: db.command.remove() } });
  expect(((await homes.get()) as { data: { building?: string }[] }).data[0].building).toBeUndefined();
  expect(await readsOf()).toEqual([{ read: 1, expected: 1 }, { read: 0, expected: 1 }]);
});

test('withdrawing needs a reason; the withdrawn notice leaves the board and stays in the history, marked, with its correction', async () => {
  const notice = await published({ title: '关于1栋电梯维保的通知', category: 'maintenance' });
  const manager = apiAs(env, a.staff.manager);
  expect(await manager('notice.withdraw', { id: notice.id, version: notice.version, reason: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect((await okAs(env, a.staff.manager)('notice.get', { id: notice.id })).status).toBe('published');

  const withdrawn = await okAs(env, a.staff.manager)('notice.withdraw', { id: notice.id, version: notice.version, reason: '维保日期有误，改为12月8日' });
  expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawReason: '维保日期有误，改为12月8日', withdrawnByName: '经理陈', number: notice.number, title: notice.title, body: notice.body, allowed: ['correct', 'print'] });
  // Once withdrawn, a notice cannot be published or withdrawn again, nor edited.
  expect(await manager('notice.withdraw', { id: notice.id, version: withdrawn.version, reason: '再次作废' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  expect(await apiAs(env, a.staff.cs)('notice.saveDraft', { communityId: a.communityId, id: notice.id, version: withdrawn.version, ...outage })).toMatchObject({ ok: false, code: 'CONFLICT' });

  const correction = await published({ title: '关于1栋电梯维保的通知（更正）', category: 'maintenance', replaces: notice.id });
  expect(correction.replaces).toEqual({ id: notice.id, number: notice.number });

  const board = await okAs(env, a.owner)('notice.board', { communityId: a.communityId });
  expect(board.map((item) => item.id)).not.toContain(notice.id);
  expect(board.map((item) => item.id)).toContain(correction.id);
  const history = await okAs(env, a.owner)('notice.history', { communityId: a.communityId });
  const old = history.items.find((item) => item.id === notice.id);
  expect(old).toMatchObject({ status: 'withdrawn', withdrawReason: '维保日期有误，改为12月8日', title: notice.title, replacedBy: { id: correction.id, number: correction.number } });
  // The owner may still open it from the history; it reads as withdrawn.
  expect(await okAs(env, a.owner)('notice.get', { id: notice.id })).toMatchObject({ status: 'withdrawn', withdrawReason: '维保日期有误，改为12月8日' });
  // A correction names a withdrawn notice only.
  expect(await apiAs(env, a.staff.cs)('notice.saveDraft', { communityId: a.communityId, ...outage, replaces: correction.id })).toMatchObject({ ok: false, code: 'CONFLICT' });
});

test('technicians, another community’s staff and owners can neither draft, publish nor withdraw; the desk drafts but does not publish', async () => {
  const saved = await draft();
  const live = await published();
  for (const openid of [a.staff.tech, b.staff.manager, b.staff.cs, a.owner]) {
    const call = apiAs(env, openid);
    expect(await call('notice.saveDraft', { communityId: a.communityId, ...outage })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('notice.publish', { id: saved.id, version: saved.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('notice.withdraw', { id: live.id, version: live.version, reason: '无权作废的测试' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('notice.pdf', { id: live.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  }
  expect(await apiAs(env, a.staff.cs)('notice.publish', { id: saved.id, version: saved.version })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '通知须由客服经理或管理员发布' });
  expect(await apiAs(env, a.staff.cs)('notice.withdraw', { id: live.id, version: live.version, reason: '客服不能作废' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  // Nothing changed.
  expect(await okAs(env, a.staff.manager)('notice.get', { id: saved.id })).toMatchObject({ status: 'draft', version: saved.version });
  expect(await okAs(env, a.staff.manager)('notice.get', { id: live.id })).toMatchObject({ status: 'published', version: live.version });
  // A draft is the desk's: owners and technicians are told it does not exist.
  expect(await apiAs(env, a.owner)('notice.get', { id: saved.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(await apiAs(env, a.staff.tech)('notice.get', { id: saved.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
});

test('bad input is refused with a clear message and stores nothing; a stale version is a conflict', async () => {
  const before = (await okAs(env, a.staff.manager)('notice.list', { communityId: a.communityId })).items.length;
  const desk = apiAs(env, a.staff.cs);
  const base = { communityId: a.communityId, ...outage };
  expect(await desk('notice.saveDraft', { ...base, title: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await desk('notice.saveDraft', { ...base, body: '太短' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await desk('notice.saveDraft', { ...base, category: 'party' as 'other' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await desk('notice.saveDraft', { ...base, buildings: ['9栋'] })).toMatchObject({ ok: false, code: 'VALIDATION', message: '本小区没有 9栋' });
  expect(await desk('notice.saveDraft', { ...base, extra: 1 } as typeof base)).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect((await okAs(env, a.staff.manager)('notice.list', { communityId: a.communityId })).items).toHaveLength(before);

  const saved = await draft();
  const edited = await okAs(env, a.staff.cs)('notice.saveDraft', { ...base, id: saved.id, version: saved.version, title: '关于1栋计划停水的通知（修订）' });
  expect(edited).toMatchObject({ id: saved.id, version: saved.version + 1, title: '关于1栋计划停水的通知（修订）' });
  expect(await apiAs(env, a.staff.manager)('notice.publish', { id: saved.id, version: saved.version })).toMatchObject({ ok: false, code: 'CONFLICT' });
  // The same request sent twice creates one draft.
  const requestId = 'notice-retry-0001';
  const once = await apiAs(env, a.staff.cs)('notice.saveDraft', base, requestId);
  const again = await apiAs(env, a.staff.cs)('notice.saveDraft', base, requestId);
  expect(once.ok && again.ok && once.data.id === again.data.id).toBe(true);
});

test('the PDF: A4 in the 001 三(二) layout, Noto Sans SC and LXGW WenKai embedded, the 文号, title, body and 落款 as printed', async () => {
  const title = '关于计划停水的通知';
  const notice = await published({ title, buildings: [] });
  const file = await okAs(env, a.staff.cs)('notice.pdf', { id: notice.id });
  expect(file.fileType).toBe('pdf');
  const response = await fetch(file.url);
  expect(response.ok).toBe(true);
  const pdf = renderPdf(Buffer.from(await response.arrayBuffer()), join(ARTIFACTS, 'notice'), 'notice-published');
  expect(pdf.size.width).toBeCloseTo(595.28, 0);
  expect(pdf.size.height).toBeCloseTo(841.89, 0);
  expect(pdf.images).toHaveLength(pdf.pages);
  const names = pdf.fonts.map((font) => font.name);
  expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^[A-Z]{6}\+NotoSansSC/), expect.stringMatching(/^[A-Z]{6}\+LXGWWenKai/)]));
  expect(pdf.fonts.every((font) => font.embedded && font.subset)).toBe(true);
  const text = pdf.text.replace(/\s+/g, '');
  const [year, month, day] = notice.publishedAt!.slice(0, 10).split('-').map(Number);
  for (const part of [notice.number!, title, '1栋各位业主、住户：', ...outage.body.split('\n'), outage.issuer, `${year}年${month}月`]) {
    expect(text).toContain(part.replace(/\s+/g, ''));
  }
  // The date is the China date it was published on (a day either side of UTC's).
  expect(text).toMatch(new RegExp(`${year}年${month}月(${day}|${day + 1})日`));

  // Measured on the page, in points (1 mm = 72 / 25.4 pt): the margins, the sizes (a Chinese
  // character is as wide as its size), the title centred, the 落款 right-aligned with the 文号.
  const mm = 72 / 25.4;
  const word = (wanted: string) => {
    const found = pdf.words.find((candidate) => candidate.text === wanted);
    if (!found) throw new Error(`${wanted} is not on the page: ${pdf.words.map((candidate) => candidate.text).join(' ')}`);
    return found;
  };
  const number = word(notice.number!);
  expect(Math.abs(number.yMin - 25 * mm)).toBeLessThan(1 * mm);
  const addressee = word('1栋各位业主、住户：');
  expect(Math.abs(addressee.xMin - 28 * mm)).toBeLessThan(1 * mm);
  const heading = word(title);
  expect((heading.xMax - heading.xMin) / Array.from(title).length).toBeCloseTo(16, 1);
  expect(Math.abs((heading.xMin + heading.xMax) / 2 - (addressee.xMin + number.xMax) / 2)).toBeLessThan(1);
  const issuer = word(outage.issuer);
  expect((issuer.xMax - issuer.xMin) / Array.from(outage.issuer).length).toBeCloseTo(14, 1);
  expect(issuer.xMax).toBeCloseTo(number.xMax, 0);
  // The body's paragraphs start two characters in, in 四号.
  const firstLine = pdf.words.find((candidate) => candidate.text.startsWith('因二次供水'))!;
  expect(firstLine.xMin - addressee.xMin).toBeCloseTo(28, 0);

  const withdrawn = await okAs(env, a.staff.manager)('notice.withdraw', { id: notice.id, version: notice.version, reason: '内容有误，另行通知' });
  const marked = renderPdf(Buffer.from(await (await fetch((await okAs(env, a.staff.manager)('notice.pdf', { id: withdrawn.id })).url)).arrayBuffer()), join(ARTIFACTS, 'notice'), 'notice-withdrawn');
  expect(marked.text.replace(/\s+/g, '')).toContain('【已作废】');
  expect(marked.text.replace(/\s+/g, '')).toContain('原因：内容有误，另行通知');
});

test('what each caller is shown is exactly what the server accepts', async () => {
  const { noticePolicy } = await import('../../cloudfunctions/api/src/notices/policy');
  const actions = Object.keys(noticePolicy.rules) as NoticeAction[];
  const viewers = { cs: a.staff.cs, manager: a.staff.manager, tech: a.staff.tech, admin: ADMIN_OPENID, otherManager: b.staff.manager, owner: a.owner };
  const fixtures = {
    draft: async () => (await draft()).id,
    published: async () => (await published()).id,
    withdrawn: async () => {
      const notice = await published();
      return (await okAs(env, a.staff.manager)('notice.withdraw', { id: notice.id, version: notice.version, reason: '测试作废原因' })).id;
    },
  };
  const get = async (id: string) => okAs(env, ADMIN_OPENID)('notice.get', { id });
  const { mismatches, checked } = await probePolicy<NoticeAction>({
    actions,
    viewers,
    fixtures,
    async shown(openid, id) {
      const result = await apiAs(env, openid)('notice.get', { id });
      return result.ok ? result.data.allowed : undefined;
    },
    async attempt(openid, action, id) {
      const { version } = await get(id);
      const call = apiAs(env, openid);
      if (action === 'publish') return call('notice.publish', { id, version });
      if (action === 'withdraw') return call('notice.withdraw', { id, version, reason: '测试作废原因' });
      if (action === 'print') return call('notice.pdf', { id });
      if (action === 'correct') return call('notice.saveDraft', { communityId: a.communityId, ...outage, replaces: id });
      return call('notice.saveDraft', { communityId: a.communityId, id, version, ...outage });
    },
    async fingerprint(id) {
      const notice = await get(id);
      return { version: notice.version, status: notice.status };
    },
  });
  expect(mismatches).toEqual([]);
  expect(checked).toBe(3 * Object.keys(viewers).length * actions.length);
});

test('a member of staff who lives in 1栋 reads its notice as a resident there, and manages it at the desk as staff', async () => {
  const home = a.units.find((unit) => unit.building === '1栋' && unit.id !== a.units[0].id)!;
  const binding = await okAs(env, a.staff.manager)('binding.request', { unitId: home.id, relation: 'owner', name: '陈经理', phone: '13800000009', proofFileIds: [] });
  await okAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
  const notice = await published({ title: '关于1栋消防演练的通知', category: 'safety' });
  const asResident = await okAs(env, a.staff.manager)('notice.get', { id: notice.id });
  expect(asResident).toMatchObject({ countsAsRead: true, allowed: [] });
  expect(asResident.reads).toBeUndefined();
  const atDesk = await okAs(env, a.staff.manager)('notice.get', { id: notice.id, desk: true });
  expect(atDesk.countsAsRead).toBeUndefined();
  expect(atDesk.allowed).toEqual(expect.arrayContaining(['withdraw', 'print']));
  expect(atDesk.reads).toEqual({ read: 0, expected: 2 });
  await okAs(env, a.staff.manager)('notice.read', { id: notice.id });
  expect((await okAs(env, a.staff.manager)('notice.get', { id: notice.id, desk: true })).reads).toEqual({ read: 1, expected: 2 });
  // The desk's view is for the community's staff only.
  expect(await apiAs(env, a.owner)('notice.get', { id: notice.id, desk: true })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  expect(await apiAs(env, b.staff.manager)('notice.get', { id: notice.id, desk: true })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
});
