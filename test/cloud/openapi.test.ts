import { cloudNow, localCloudUrl, sdkFor, uniqueEnv } from '../support/cloud';
import { killableCloud } from '../support/local-cloud';

const env = uniqueEnv('openapi');
const cloud = sdkFor(env);

const statusTemplate = 'tmpl-test-status';
const validStatusData = {
  character_string1: { value: 'T20261001-0001' },
  thing2: { value: '厨房水管漏水' },
  phrase3: { value: '处理中' },
  time4: { value: '2026年10月1日 15:01' },
};

interface SdkError {
  errCode: number;
  errMsg: string;
}

interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string | null;
  data: unknown;
  errcode: number;
  errmsg: string;
  msgid?: number;
  sentAt: string;
}

/** The user's answer in the subscription dialog, as the mini-program's `wx.requestSubscribeMessage` gives it. */
async function subscribe(
  openid: string,
  tmplIds: unknown,
  decisions?: Record<string, string>,
  baseUrl = localCloudUrl(),
): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/client/requestSubscribeMessage?env=${env}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, tmplIds, decisions }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

function send(message: Record<string, unknown>): Promise<Record<string, unknown>> {
  return cloud.openapi.subscribeMessage.send(message) as Promise<Record<string, unknown>>;
}

async function refusal(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to be refused');
}

async function view<T>(path: string, baseUrl: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function outboxFor(touser: string, baseUrl = localCloudUrl()): Promise<OutboxMessage[]> {
  const { messages } = await view<{ messages: OutboxMessage[] }>(`/_emulator/outbox?env=${env}`, baseUrl);
  return messages.filter((message) => message.touser === touser);
}

async function quotaOf(openid: string, baseUrl = localCloudUrl()): Promise<Record<string, number>> {
  const { remaining } = await view<{ remaining: Record<string, number> }>(`/_emulator/subscriptions?env=${env}&openid=${openid}`, baseUrl);
  return remaining;
}

describe('subscribe messages through cloud.openapi', () => {
  test('a message the user accepted is sent once and lands in the outbox', async () => {
    const touser = 'o-accepting-owner';
    expect(await subscribe(touser, [statusTemplate])).toEqual({ errMsg: 'requestSubscribeMessage:ok', [statusTemplate]: 'accept' });
    expect(await quotaOf(touser)).toEqual({ [statusTemplate]: 1 });

    const before = Date.parse((await cloudNow()).now);
    const sent = await send({
      touser,
      templateId: statusTemplate,
      page: 'pages/ticket/detail?id=T20261001-0001',
      data: validStatusData,
      miniprogramState: 'developer',
      lang: 'zh_CN',
    });
    expect(sent).toMatchObject({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    expect(typeof sent.msgid).toBe('number');

    const [message] = await outboxFor(touser);
    expect(message).toMatchObject({
      touser,
      templateId: statusTemplate,
      page: 'pages/ticket/detail?id=T20261001-0001',
      data: validStatusData,
      errcode: 0,
      errmsg: 'ok',
      msgid: sent.msgid,
    });
    // Stamped by the cloud's clock (which other test files may move forward meanwhile).
    const after = Date.parse((await cloudNow()).now);
    expect(Date.parse(message.sentAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(message.sentAt)).toBeLessThanOrEqual(after);

    const again = await refusal(send({ touser, templateId: statusTemplate, data: validStatusData }));
    expect(again.errCode).toBe(43101);
    expect(again.errMsg).toMatch(/^openapi\.subscribeMessage\.send:fail user refuse to accept the msg/);
    expect(await quotaOf(touser)).toEqual({ [statusTemplate]: 0 });
  });

  test('each acceptance allows one message; a rejection allows none', async () => {
    const touser = 'o-twice-owner';
    await subscribe(touser, [statusTemplate]);
    const answer = await subscribe(touser, [statusTemplate, 'tmpl-test-reminder'], { 'tmpl-test-reminder': 'reject' });
    expect(answer).toEqual({ errMsg: 'requestSubscribeMessage:ok', [statusTemplate]: 'accept', 'tmpl-test-reminder': 'reject' });
    expect(await quotaOf(touser)).toEqual({ [statusTemplate]: 2 });

    await send({ touser, templateId: statusTemplate, data: validStatusData });
    await send({ touser, templateId: statusTemplate, data: validStatusData });
    expect((await refusal(send({ touser, templateId: statusTemplate, data: validStatusData }))).errCode).toBe(43101);
    const reminder = { thing1: { value: '物业费缴纳' }, date2: { value: '2026-10-08' } };
    expect((await refusal(send({ touser, templateId: 'tmpl-test-reminder', data: reminder }))).errCode).toBe(43101);
  });

  test('values breaking the platform’s field rules are refused with 47003 and spend no quota', async () => {
    const touser = 'o-careless-owner';
    await subscribe(touser, [statusTemplate]);
    const cases: [Record<string, { value: string }>, RegExp][] = [
      [{ ...validStatusData, thing2: { value: '这是一条超过二十个字符的非常长的工单标题啊' } }, /data\.thing2\.value/],
      [{ ...validStatusData, phrase3: { value: '处理中1' } }, /data\.phrase3\.value/],
      [{ ...validStatusData, phrase3: { value: '正在派单处理中' } }, /data\.phrase3\.value/],
      [{ ...validStatusData, time4: { value: '25:00' } }, /data\.time4\.value/],
      [{ ...validStatusData, character_string1: { value: '工单 1' } }, /data\.character_string1\.value/],
      [{ ...validStatusData, time4: { value: '' } }, /data\.time4\.value is empty/],
      [{ character_string1: validStatusData.character_string1, thing2: validStatusData.thing2, phrase3: validStatusData.phrase3 }, /data\.time4\.value is empty/],
      [{ ...validStatusData, thing9: { value: 'extra' } }, /data\.thing9/],
    ];
    expect([...'这是一条超过二十个字符的非常长的工单标题啊'].length).toBe(21);
    for (const [data, message] of cases) {
      const error = await refusal(send({ touser, templateId: statusTemplate, data }));
      expect(error.errCode).toBe(47003);
      expect(error.errMsg).toMatch(/^openapi\.subscribeMessage\.send:fail argument invalid! /);
      expect(error.errMsg).toMatch(message);
    }
    expect(await quotaOf(touser)).toEqual({ [statusTemplate]: 1 });
    const exactly20 = '这是一条刚好二十个字符的工单标题内容啊啊';
    expect([...exactly20].length).toBe(20);
    await expect(send({ touser, templateId: statusTemplate, data: { ...validStatusData, thing2: { value: exactly20 } } })).resolves.toMatchObject({
      errCode: 0,
    });
  });

  test('every field kind follows its rule', async () => {
    const touser = 'o-kinds-owner';
    const valid = {
      number1: { value: '339208499.50' },
      letter2: { value: 'ABCxyz' },
      symbol3: { value: '#-+' },
      amount4: { value: '¥100.00' },
      phone_number5: { value: '+86-0766-66888866' },
      car_number6: { value: '粤A8Z888挂' },
      name7: { value: '欧阳娜娜' },
      date8: { value: '2019年10月1日 15:01 ~ 2019年10月2日' },
    };
    await subscribe(touser, ['tmpl-test-kinds']);
    await expect(send({ touser, templateId: 'tmpl-test-kinds', data: valid })).resolves.toMatchObject({ errCode: 0 });
    const invalid: Record<string, string> = {
      number1: '12a',
      letter2: 'abc1',
      symbol3: '######',
      amount4: '¥12345678901',
      phone_number5: '+86 0766 66888866 0',
      car_number6: '粤A8Z888挂挂',
      name7: '这个名字有十一个汉字长啊',
      date8: '2019年2月30日',
    };
    for (const [key, value] of Object.entries(invalid)) {
      const error = await refusal(send({ touser, templateId: 'tmpl-test-kinds', data: { ...valid, [key]: { value } } }));
      expect(error.errCode).toBe(47003);
      expect(error.errMsg).toContain(`data.${key}.value`);
    }
  });

  test('an unknown template and a malformed recipient are refused', async () => {
    const unknown = await refusal(send({ touser: 'o-someone', templateId: 'tmpl-missing', data: validStatusData }));
    expect(unknown.errCode).toBe(40037);
    expect(unknown.errMsg).toMatch(/invalid template_id/);
    for (const touser of ['', 'not an openid!', undefined]) {
      const error = await refusal(send({ touser, templateId: statusTemplate, data: validStatusData }));
      expect(error.errCode).toBe(40003);
      expect(error.errMsg).toMatch(/invalid openid/);
    }
  });

  test('refused sends are kept in the outbox with their errcode, newest last', async () => {
    const touser = 'o-outbox-owner';
    await refusal(send({ touser, templateId: 'tmpl-missing', data: validStatusData }));
    await refusal(send({ touser, templateId: statusTemplate, data: { ...validStatusData, phrase3: { value: 'done' } } }));
    await refusal(send({ touser, templateId: statusTemplate, data: validStatusData }));
    await subscribe(touser, [statusTemplate]);
    await send({ touser, templateId: statusTemplate, data: validStatusData });

    const messages = await outboxFor(touser);
    expect(messages.map((m) => [m.templateId, m.errcode])).toEqual([
      ['tmpl-missing', 40037],
      [statusTemplate, 47003],
      [statusTemplate, 43101],
      [statusTemplate, 0],
    ]);
    expect(messages[1].errmsg).toMatch(/^argument invalid! data\.phrase3\.value/);
    expect(messages.filter((m) => m.msgid !== undefined)).toHaveLength(1);
  });

  test('the subscription dialog refuses what WeChat refuses', async () => {
    expect(await subscribe('o-dialog', ['tmpl-missing'])).toMatchObject({ errCode: 20001, errMsg: expect.stringMatching(/^requestSubscribeMessage:fail/) });
    expect(await subscribe('o-dialog', [])).toMatchObject({ errCode: 10001 });
    expect(await subscribe('o-dialog', [statusTemplate, 'tmpl-test-reminder', 'tmpl-test-kinds', 'tmpl-extra'])).toMatchObject({
      errCode: 20003,
    });
    expect(await subscribe('o-dialog', [42])).toMatchObject({ errCode: 10004 });
    expect(await quotaOf('o-dialog')).toEqual({});
  });
});

describe('content security through cloud.openapi', () => {
  function check(content: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return cloud.openapi.security.msgSecCheck({ content, version: 2, scene: 1, openid: 'o-writer', ...extra }) as Promise<
      Record<string, unknown>
    >;
  }

  test('ordinary text passes', async () => {
    const result = await check('楼道灯坏了，麻烦尽快维修，谢谢！');
    expect(result).toMatchObject({ errCode: 0, errMsg: 'openapi.security.msgSecCheck:ok', result: { suggest: 'pass', label: 100 } });
    expect(typeof result.traceId).toBe('string');
  });

  test('text with a configured risky word is risky, naming the word', async () => {
    const result = await check('这里有一个违禁测试词出现在投诉内容中');
    expect(result.result).toEqual({ suggest: 'risky', label: 21000 });
    expect(result.detail).toEqual(expect.arrayContaining([expect.objectContaining({ strategy: 'keyword', keyword: '违禁测试词', suggest: 'risky' })]));
  });

  test('bad arguments are refused as WeChat refuses them', async () => {
    expect((await refusal(check('正常内容', { version: 1 }))).errCode).toBe(47003);
    expect((await refusal(check('正常内容', { scene: 9 }))).errCode).toBe(40129);
    expect((await refusal(check('正常内容', { openid: '' }))).errCode).toBe(40003);
    const tooLong = await refusal(check('字'.repeat(2501)));
    expect(tooLong.errCode).toBe(47003);
    await expect(check('字'.repeat(2500))).resolves.toMatchObject({ errCode: 0 });
  });
});

test('an OpenAPI the local cloud does not emulate fails loudly as invalid parameters', async () => {
  const error = await refusal(cloud.openapi.wxacode.getUnlimited({ scene: 'a=1' }) as Promise<unknown>);
  expect(error.errCode).toBe(-501007);
  expect(error.errMsg).toMatch(/wxacode\.getUnlimited is not emulated/);
});

/** This block runs a local cloud of its own: the shared one must not be killed. */
describe('after the local cloud is killed', () => {
  const cloudUnderTest = killableCloud('openapi');

  test('quotas and the outbox keep every acknowledged change', async () => {
    const touser = 'o-durable-owner';
    await subscribe(touser, [statusTemplate], undefined, cloudUnderTest.current().url);
    await subscribe(touser, [statusTemplate], undefined, cloudUnderTest.current().url);
    const sent = await send({ touser, templateId: statusTemplate, data: validStatusData });
    await refusal(send({ touser, templateId: 'tmpl-missing', data: validStatusData }));

    await cloudUnderTest.killAndRestart();

    expect(await quotaOf(touser, cloudUnderTest.current().url)).toEqual({ [statusTemplate]: 1 });
    expect((await outboxFor(touser, cloudUnderTest.current().url)).map((m) => [m.errcode, m.msgid])).toEqual([
      [0, sent.msgid],
      [40037, undefined],
    ]);
    await expect(send({ touser, templateId: statusTemplate, data: validStatusData })).resolves.toMatchObject({ errCode: 0 });
  });
});
