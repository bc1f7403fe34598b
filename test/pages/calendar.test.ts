/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(60_000);

/** `2月6日` for a date of `year` whose weekday is Saturday or Sunday, the `nth` such in February. */
function februaryWeekend(year: number, nth: number): { date: string; written: string } {
  const days = Array.from({ length: 28 }, (_, index) => index + 1).filter((day) => [0, 6].includes(new Date(Date.UTC(year, 1, day)).getUTCDay()));
  const day = days[nth];
  return { date: `${year}-02-${String(day).padStart(2, '0')}`, written: `2月${day}日` };
}

describe('holiday schedules (节假日安排)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;
  let next = 0;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('calendar-page'), 'hp');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: ADMIN_OPENID });
    pageId = loadPage('packages/staff/pages/calendar/index');
    next = Number((await okAs(seeded.env, ADMIN_OPENID)('calendar.overview', {})).today.slice(0, 4)) + 1;
  });

  async function open(openid: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({});
    await until(() => page.data.status !== 'loading', 'the schedules');
    expect(page.data.errorMessage).toBe('');
    return page;
  }

  const saves = (): number => wx.calls.filter((call) => call.action === 'calendar.saveYear').length;

  test("an admin enters next year's schedule pasted from the notice; a wrong paste or a weekday 调休 is refused and nothing is saved", async () => {
    const page = await open(ADMIN_OPENID);
    expect(textOf(page, `#source-${next}`)).toContain('暂无官方安排');
    // With no schedule the page lists the statutory holidays it counts meanwhile.
    expect(textOf(page, `#year-${next}`)).toContain('元旦 1月1日');

    fire(page, `#action-editYear-${next}`, 'tap');
    await until(() => page.data.editing === next, 'the entry sheet');

    fire(page, '#holidays', 'change', { value: '2月30日' });
    await until(() => page.querySelector('#holidays-error') !== undefined, 'the paste to be read');
    expect(textOf(page, '#holidays-error')).toBe('“2月30日”不是存在的日期');
    fire(page, '#save', 'tap');
    await until(() => wx.ui.some((ui) => ui.api === 'showToast' && String(ui.options.title).includes('不是存在的日期')), 'the refusal');
    expect(saves()).toBe(0);

    fire(page, '#holidays', 'change', { value: '一、元旦：1月1日放假，共1天。\n二、春节：2月5日至11日放假调休，共7天。' });
    await until(() => page.querySelector('#holidays-summary') !== undefined, 'the paste to be read');
    expect(textOf(page, '#holidays-summary')).toContain('共 8 天');
    fire(page, '#note', 'change', { value: `国务院办公厅关于${next}年部分节假日安排的通知` });

    // A weekday is no make-up workday: the function says so and nothing changes.
    const weekday = [1, 2, 3].map((day) => ({ day, weekday: new Date(Date.UTC(next, 2, day)).getUTCDay() })).find((item) => item.weekday >= 1 && item.weekday <= 5)!;
    fire(page, '#workdays', 'change', { value: `3月${weekday.day}日` });
    fire(page, '#save', 'tap');
    await until(() => wx.ui.some((ui) => ui.api === 'showToast' && String(ui.options.title).includes('本来就是工作日')), 'the refusal');
    expect(page.data.editing).toBe(next);

    const saturday = februaryWeekend(next, 4);
    fire(page, '#workdays', 'change', { value: `${saturday.written}上班` });
    wx.answerModals(true);
    fire(page, '#save', 'tap');
    await until(() => page.data.editing === 0 && textOf(page, `#source-${next}`).includes('已录入官方安排'), 'the saved schedule');

    const modal = wx.ui.filter((ui) => ui.api === 'showModal').pop();
    expect(modal?.options.content).toContain('已设定的期限不会改变');
    expect(textOf(page, `#holidays-${next}`)).toContain('2月5日');
    expect(textOf(page, `#holidays-${next}`)).toContain('共 7 天');
    expect(textOf(page, `#workdays-${next}`)).toContain(saturday.written);
    expect(textOf(page, `#year-${next}`)).toContain(`依据：国务院办公厅关于${next}年部分节假日安排的通知`);

    const stored = (await okAs(seeded.env, ADMIN_OPENID)('calendar.overview', {})).years.find((year) => year.year === next);
    expect(stored).toMatchObject({ source: 'table', workdays: [saturday.date], version: 1 });
    expect(stored?.holidays).toHaveLength(8);
  });

  test('a manager reads the schedules but cannot enter one; the page says where each year comes from', async () => {
    const page = await open(seeded.staff.manager);
    expect(page.querySelector(`#action-editYear-${next}`)).toBeUndefined();
    expect(page.querySelector(`#action-editYear-${next - 1}`)).toBeUndefined();
    expect(textOf(page, `#source-${next - 1}`)).toMatch(/内置日历|已录入官方安排|暂无官方安排/);
  });

  test('an owner is told the page is not for them', async () => {
    wx.actAs(seeded.owner);
    const page = mount(pageId);
    page.instance.onLoad({});
    await until(() => page.data.status !== 'loading', 'the page');
    expect(page.data.status).toBe('error');
    expect(textOf(page, '#error')).toContain('权限');
  });
});
