/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { loadPage, simulate, untilData } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

type Rendered = ReturnType<typeof simulate.render>;


/** What a TDesign component emits when the user uses it. */
function fire(page: Rendered, selector: string, event: string, detail: Record<string, unknown> = {}): void {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`${selector} is not on the page`);
  node.instance.triggerEvent(event, detail);
}

const memberNames = (page: Rendered): string[] => (page.data.staff as { name: string }[]).map((member) => member.name);

describe('staff and invitations (员工与邀请)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('team-page'), 'tp');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: ADMIN_OPENID });
    pageId = loadPage('packages/staff/pages/team/index');
  }, 60_000);

  async function open(openid: string): Promise<Rendered> {
    wx.actAs(openid);
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));
    page.instance.onLoad({ communityId: seeded.communityId });
    await untilData(page, (data) => data.status !== 'loading' && data.staffLoading === false && data.communityId !== '');
    expect(page.data.status).toBe('ready');
    return page;
  }

  test('lists the community staff with their roles', async () => {
    const page = await open(ADMIN_OPENID);
    expect(memberNames(page)).toEqual(expect.arrayContaining(['客服小王', '维修老李', '经理陈', '专管员周']));
    const cs = page.querySelector(`#member-${seeded.staff.cs}`);
    expect(cs?.dom?.textContent).toContain('客服');
  });

  test('an invite shows a big code that can be copied, and another user can redeem it', async () => {
    const page = await open(ADMIN_OPENID);

    fire(page, '#create-invite', 'tap');
    await untilData(page, () => wx.ui.some((record) => record.options.title === '请至少选择一个角色'));

    fire(page, '#invite-roles', 'change', { value: ['cs', 'infokeeper'] });
    fire(page, '#invite-days', 'change', { value: 3 });
    fire(page, '#create-invite', 'tap');
    await untilData(page, (data) => data.invite !== null);

    const code = (page.data.invite as { code: string }).code;
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(page.querySelector('#invite-code')?.dom?.textContent).toBe(code);
    const inviteText = page.querySelector('#invite')?.dom?.textContent ?? '';
    expect(inviteText).toContain('客服、信息专管员');
    expect(inviteText).toContain(seeded.communityName);
    expect(inviteText).toMatch(/有效期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

    fire(page, '#copy-code', 'tap');
    expect(wx.clipboard[wx.clipboard.length - 1]).toBe(code);

    const profile = await okAs(seeded.env, 'o-tp-newcomer')('invite.redeem', { code, name: '客服小赵' });
    expect(profile.isStaff).toBe(true);
    expect(profile.grants.filter((grant) => grant.communityId === seeded.communityId).map((grant) => grant.role).sort()).toEqual(['cs', 'infokeeper']);

    const again = await open(ADMIN_OPENID);
    expect(memberNames(again)).toContain('客服小赵');
  });

  test('changing roles and revoking ask for confirmation first', async () => {
    const page = await open(ADMIN_OPENID);
    const tech = seeded.staff.tech;

    fire(page, `#edit-${tech}`, 'tap');
    await untilData(page, (data) => data.editVisible === true);
    fire(page, '#edit-roles', 'change', { value: ['tech', 'cs'] });
    let before = wx.ui.length;
    fire(page, '#edit-dialog', 'confirm');
    await untilData(page, (data) => data.editVisible === false);
    expect(wx.ui.slice(before).find((record) => record.api === 'showModal')?.options.title).toBe('修改角色');
    expect(page.querySelector(`#member-${tech}`)?.dom?.textContent).toContain('客服');

    // Cancelling the confirmation leaves the member as they were.
    const callsBefore = wx.calls.length;
    wx.answerModals(false);
    await page.instance.onRevoke({ currentTarget: { dataset: { openid: tech } } });
    expect(wx.calls.slice(callsBefore)).toEqual([]);
    expect(page.querySelector(`#member-${tech}`)).toBeTruthy();

    before = wx.ui.length;
    fire(page, `#revoke-${tech}`, 'tap');
    await untilData(page, (data) => !(data.staff as { openid: string }[]).some((member) => member.openid === tech));
    expect(wx.ui.slice(before).find((record) => record.api === 'showModal')?.options.title).toBe('撤销员工');

    const profile = await okAs(seeded.env, tech)('me.profile', {});
    expect(profile.grants.filter((grant) => grant.communityId === seeded.communityId)).toEqual([]);
  });

  test('a manager sees the staff list but no invite or role controls', async () => {
    const page = await open(seeded.staff.manager);

    expect(memberNames(page)).toContain('客服小王');
    expect(page.querySelector('#invite-form')).toBeUndefined();
    expect(page.querySelector(`#edit-${seeded.staff.cs}`)).toBeUndefined();
    expect(page.querySelector(`#revoke-${seeded.staff.cs}`)).toBeUndefined();
    expect(page.dom?.textContent).toContain('只有管理员可以邀请员工或调整角色');
  });
});
