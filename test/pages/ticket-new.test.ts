/// <reference lib="dom" />
import { okAs, outbox } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity, publishRepairPrices } from '../support/seed';


/** The subscribe-message template the local cloud's api function is configured with. */
const TEMPLATE = 'tmpl-ticket-status';
/** The smallest JPEG header, enough for a picked photo. */
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

interface PhotoData {
  status: string;
  fileID?: string;
}

describe('a new request (报事报修)', () => {
  let garden: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    garden = await seedCommunity(uniqueEnv('ticket-new'), 'tnew');
    await publishRepairPrices(garden.env, garden.communityId);
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: garden.env, openid: garden.owner });
    pageId = loadPage('pages/ticket/new');
  }, 90_000);

  async function open(): Promise<Rendered> {
    const page = mount(pageId);
    page.instance.onLoad({});
    await until(() => page.data.status !== 'loading' && !page.data.catalogLoading, 'the form to load');
    return page;
  }

  function toasts(): string[] {
    return wx.ui.filter((record) => record.api === 'showToast').map((record) => String(record.options.title));
  }

  const creations = () => wx.calls.filter((call) => call.action === 'ticket.create');

  function describeProblem(page: Rendered, text: string): void {
    fire(page, '#description', 'change', { value: text });
  }

  test('someone without an approved home is told why and offered 绑定房屋', async () => {
    wx.actAs(garden.stranger);
    try {
      const page = await open();
      expect(page.data.status).toBe('unbound');
      expect(textOf(page)).toContain('报事报修需要先绑定您的房屋');
      fire(page, '#bind-button', 'tap');
      expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: '/pages/bind/index' } });
    } finally {
      wx.actAs(garden.owner);
    }
  });

  test('repair items show the published prices from the cloud; complaints offer their own categories', async () => {
    const catalog = await okAs(garden.env, garden.owner)('ticket.catalog', { communityId: garden.communityId });
    const page = await open();
    expect(page.data.status).toBe('ready');

    const text = textOf(page);
    for (const category of catalog.categories) {
      expect(text).toContain(category.name);
      expect(text).toContain(category.charged ? `¥${(category.priceFen / 100).toFixed(2)}/${category.unit}` : '免费');
    }
    expect(text).toContain('¥80.00/次');

    fire(page, '#kind', 'change', { value: 'complaint', label: '投诉' });
    const complaintText = textOf(page);
    expect(complaintText).toContain('噪音扰民');
    expect(complaintText).toContain('停车管理');
    expect(complaintText).not.toContain('¥80.00/次');
  });

  test('the contact is prefilled from the home, and a 4-character description is refused before anything is sent', async () => {
    const page = await open();
    expect(page.data.contactName).toBe('张伟');
    expect(page.data.contactPhone).toBe('13800000001');
    expect(textOf(page)).toContain(garden.units[0].label);

    const before = wx.calls.length;
    fire(page, '#category', 'change', { value: 'water-leak' });
    describeProblem(page, '水管漏了');
    expect(textOf(page)).toContain('4/500');
    fire(page, '#submit', 'tap');

    expect(toasts().at(-1)).toBe('描述至少 5 个字，请写得具体一些');
    expect(textOf(page)).toContain('描述至少 5 个字');
    expect(wx.calls.length).toBe(before);
    expect(wx.subscriptionRequests).toHaveLength(0);
  });

  test('a photo shows its upload state; a valid request tapped twice asks consent once and creates one ticket, whose number is shown', async () => {
    const owner = okAs(garden.env, garden.owner);
    const before = (await owner('ticket.mine', {})).items.length;
    const page = await open();
    fire(page, '#category', 'change', { value: 'drain-block' });
    describeProblem(page, '厨房下水道堵塞，水排不下去');
    fire(page, '#preferred-time', 'change', { value: '明天上午' });

    // The photo uploads as soon as it is chosen; the form waits for it.
    wx.pauseUploads();
    wx.pickMedia([{ name: 'sink.jpg', bytes: PHOTO }]);
    const photos = page.querySelector('#photos')!;
    (photos.querySelector('#upload')!.instance as unknown as { onAddTap(): void }).onAddTap();
    await until(() => (photos.data.files as PhotoData[]).length === 1, 'the photo to be added');
    expect((photos.data.files as PhotoData[])[0].status).toBe('loading');
    expect(textOf(page)).toContain('上传中');
    fire(page, '#submit', 'tap');
    expect(toasts().at(-1)).toBe('照片正在上传，请稍候再提交');
    expect(creations()).toHaveLength(0);
    wx.resumeUploads();
    await until(() => (photos.data.files as PhotoData[])[0].status === 'done', 'the photo to upload');

    fire(page, '#submit', 'tap');
    fire(page, '#submit', 'tap');
    // Asked within the tap itself, as WeChat requires, and only once.
    expect(wx.subscriptionRequests).toEqual([[TEMPLATE]]);
    await until(() => page.data.result !== null || !page.data.submitting, 'the submission to finish');

    expect(creations()).toHaveLength(1);
    expect(wx.calls.filter((call) => call.action === 'me.subscribe').map((call) => call.input)).toEqual([{ accepted: [TEMPLATE] }]);
    const mine = (await owner('ticket.mine', {})).items;
    expect(mine.length - before).toBe(1);
    const number = mine[0].number;
    expect(number).toMatch(/^BX\d{8}-\d{4}$/);
    const result = textOf(page, '#result');
    expect(result).toContain('提交成功');
    expect(result).toContain(number);
    expect(result).toContain('处理进展会通过微信服务通知告诉您');

    const ticket = await owner('ticket.get', { id: mine[0].id });
    expect(ticket).toMatchObject({ category: '下水道堵塞疏通', preferredTime: '明天上午', contactName: '张伟', locationLabel: garden.units[0].label });
    expect(ticket.photoUrls).toHaveLength(1);

    // The consent was real: the owner's one-time quota lets the cloud tell them it was accepted.
    await okAs(garden.env, garden.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version });
    const sent = (await outbox(garden.env)).filter((message) => message.touser === garden.owner && message.errcode === 0);
    expect(sent.map((message) => message.data.character_string1.value)).toEqual([number]);

    fire(page, '#view-ticket', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'redirectTo', options: { url: `/pages/ticket/detail?id=${ticket.id}` } });
  });

  test('declining messages does not block a request about a common area', async () => {
    wx.answerSubscriptions('reject');
    try {
      const page = await open();
      fire(page, '#kind', 'change', { value: 'consultation', label: '咨询' });
      fire(page, '#category', 'change', { value: '公共设施' });
      describeProblem(page, '小区健身器材什么时候维修好？');
      fire(page, '#location-kind', 'change', { value: 'common' });
      fire(page, '#submit', 'tap');
      expect(toasts().at(-1)).toBe('请选择公共区域');

      fire(page, '#pick-area', 'click');
      expect(page.data.pickerOptions).toEqual(expect.arrayContaining([{ label: '健身区', value: '健身区' }]));
      fire(page, '#picker', 'confirm', { value: ['健身区'], label: ['健身区'] });
      const subscribesBefore = wx.calls.filter((call) => call.action === 'me.subscribe').length;
      fire(page, '#submit', 'tap');
      await until(() => page.data.result !== null || !page.data.submitting, 'the submission to finish');

      const result = textOf(page, '#result');
      expect(result).toMatch(/ZX\d{8}-\d{4}/);
      expect(result).toContain('未开启消息提醒');
      expect(wx.calls.filter((call) => call.action === 'me.subscribe')).toHaveLength(subscribesBefore);
      const [latest] = (await okAs(garden.env, garden.owner)('ticket.mine', {})).items;
      expect(latest).toMatchObject({ kind: 'consultation', category: '公共设施', locationLabel: '公共区域·健身区' });
    } finally {
      wx.answerSubscriptions('accept');
    }
  });
});
