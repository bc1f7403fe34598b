/**
 * The rules the mini-program checks before a round trip (miniprogram/shared/) are the ones the
 * cloud function's schemas enforce: run both on the same inputs and they must agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mobile, personName, text } from '../../cloudfunctions/api/src/validation';
import { LIMITS, checkText, textLength } from '../../miniprogram/shared/limits';
import { MOBILE, checkPersonName } from '../../miniprogram/shared/patterns';
import { hundredths, lineAmountFen, parseYuan, sumFen, timesFen, yuan } from '../../miniprogram/shared/money';
import { pagePath, pageUrl, type PageQueries } from '../../miniprogram/shared/routes';
import { chinaDate, chinaMinute, chinaWallTimeToIso } from '../../miniprogram/shared/time';

/** Strings whose lengths differ by the way they are counted: code points, UTF-16 units, trimmed or not, a lone surrogate. */
const SAMPLES = [
  '',
  ' ',
  '好',
  '好的',
  '  好的  ',
  '😀',
  '😀😀',
  '😀好',
  '𠀀',
  '𠀀𠀀𠀀',
  'a😀b',
  '修好了👍',
  '\t水管\n',
  '一二三四',
  '一二三四五',
  '😀😀😀😀😀',
  '水'.repeat(500),
  '水'.repeat(501),
  `${'水'.repeat(499)}😀`,
  `${'😀'.repeat(250)}`,
  `${'😀'.repeat(501)}`,
  '\ud83d好好好好',
];

describe('text limits: the page checks count as zod counts (code points of the trimmed text)', () => {
  const limits = [
    ['ticket.description', LIMITS.ticket.description],
    ['ticket.reply', LIMITS.ticket.reply],
    ['ticket.comment', LIMITS.ticket.comment],
    ['ticket.explanation', LIMITS.ticket.explanation],
    ['binding.revealReason', LIMITS.binding.revealReason],
    ['disclosure.question', LIMITS.disclosure.question],
  ] as const;

  test.each(limits)('%s', (_name, limit) => {
    const schema = text(limit[0], limit[1]);
    for (const sample of SAMPLES) {
      expect({ sample, page: checkText(sample, limit, '内容') === undefined }).toEqual({ sample, page: schema.safeParse(sample).success });
    }
  });

  test('an emoji counts once, as the cloud counts it, although it is two UTF-16 units', () => {
    expect(textLength('😀😀')).toBe(2);
    expect(checkText('😀😀', [3, 10], '内容')).toBe('内容至少 3 个字');
    expect(text(3, 10).safeParse('😀😀').success).toBe(false);
    expect(checkText('  好 ', [2, 10], '内容')).toBe('内容至少 2 个字');
  });
});

describe('names and mobile numbers: the page and the cloud accept the same', () => {
  const messages = { missing: 'missing', length: 'length', characters: 'characters' };
  const names = ['张伟', ' 张伟 ', '张', '欧阳·娜娜', 'Li Na', '𠀀𠀀', '𠀀', '张😀', '张3', 'O’Brien', '王'.repeat(20), '王'.repeat(21), `${'王'.repeat(19)}𠀀`, ''];
  test.each(names)('%p', (name) => {
    expect(checkPersonName(name, messages) === '').toBe(personName.safeParse(name).success);
  });

  test.each(['13800000001', '12800000001', '1380000000', '138000000012', '+8613800000001', '19912345678'])('%p', (phone) => {
    expect(MOBILE.test(phone)).toBe(mobile.safeParse(phone).success);
  });
});

describe('money and hundredths: integers only', () => {
  test('fen read as yuan', () => {
    expect(yuan(8000)).toBe('80.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(-1050)).toBe('-10.50');
  });

  test('typed yuan read as fen, without floating point', () => {
    expect(parseYuan('0.1')).toEqual({ fen: 10 });
    expect(parseYuan('¥1,200.50')).toEqual({ fen: 120050 });
    expect(parseYuan('.05')).toEqual({ fen: 5 });
    expect(parseYuan('2.505')).toEqual({ error: '金额最多两位小数（到分）：2.505' });
    expect(parseYuan('-2')).toEqual({ error: '“-2”不是有效的金额，如 2.50' });
    expect(parseYuan('')).toEqual({ error: '请填写金额' });
  });

  test('hundredths in each style', () => {
    expect([hundredths(8950, 'fixed'), hundredths(8950, 'short'), hundredths(8950, 'trimmed')]).toEqual(['89.50', '89.50', '89.5']);
    expect([hundredths(100, 'fixed'), hundredths(100, 'short'), hundredths(100, 'trimmed')]).toEqual(['1.00', '1', '1']);
  });

  test('line amounts round half up per line; sums and products stay exact or refuse', () => {
    expect(lineAmountFen(250, 8950)).toBe(22375);
    expect(lineAmountFen(333, 150)).toBe(500);
    expect(sumFen([10, 20])).toBe(30);
    expect(timesFen(4000, 2)).toBe(8000);
    expect(() => timesFen(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});

describe('China time, whatever the zone this runs in', () => {
  test('an instant near midnight UTC is the next day in China', () => {
    expect(chinaDate('2026-11-23T16:30:00Z')).toBe('2026-11-24');
    expect(chinaMinute(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24 00:30');
    expect(chinaMinute(undefined)).toBe('');
    expect(Date.parse(chinaWallTimeToIso('2026-11-24 00:30'))).toBe(Date.parse('2026-11-23T16:30:00Z'));
  });
});

describe('the page table', () => {
  interface AppJson {
    pages: string[];
    subPackages: { root: string; pages: string[] }[];
  }

  test('names every page of app.json, and only those', () => {
    const app = JSON.parse(readFileSync(join(__dirname, '..', '..', 'miniprogram', 'app.json'), 'utf8')) as AppJson;
    const pages = [...app.pages, ...app.subPackages.flatMap((pkg) => pkg.pages.map((page) => `${pkg.root}/${page}`))].sort();
    // A record of every page in the table: the compiler refuses the test if the table gains or loses one.
    const table: Record<keyof PageQueries, true> = {
      'pages/home/index': true,
      'pages/mine/index': true,
      'pages/staff/index': true,
      'pages/bind/index': true,
      'pages/invite/index': true,
      'pages/privacy/index': true,
      'pages/ticket/new': true,
      'pages/ticket/list': true,
      'pages/ticket/detail': true,
      'pages/disclosure/index': true,
      'pages/disclosure/detail': true,
      'pages/notice/detail': true,
      'pages/notice/history': true,
      'pages/bill/index': true,
      'pages/renovation/apply': true,
      'pages/renovation/list': true,
      'pages/renovation/detail': true,
      'packages/staff/pages/bindings/index': true,
      'packages/staff/pages/communities/index': true,
      'packages/staff/pages/communities/edit': true,
      'packages/staff/pages/roster/index': true,
      'packages/staff/pages/team/index': true,
      'packages/staff/pages/access-log/index': true,
      'packages/staff/pages/inbox/index': true,
      'packages/staff/pages/ticket/index': true,
      'packages/staff/pages/register/index': true,
      'packages/staff/pages/handover/index': true,
      'packages/staff/pages/service-settings/index': true,
      'packages/staff/pages/disclosure-edit/index': true,
      'packages/staff/pages/bills/index': true,
      'packages/staff/pages/arrears/index': true,
      'packages/staff/pages/renovations/index': true,
      'packages/staff/pages/renovation/index': true,
      'packages/staff/pages/calendar/index': true,
      'packages/staff/pages/backups/index': true,
      'packages/staff/pages/role-log/index': true,
      'packages/staff/pages/desk-log/index': true,
      'packages/staff/pages/unit-file/index': true,
      'packages/staff/pages/incidents/index': true,
      'packages/staff/pages/incident/index': true,
      'packages/staff/pages/alerts/index': true,
      'packages/staff/pages/board/index': true,
      'packages/staff/pages/board-tickets/index': true,
      'packages/staff/pages/review/index': true,
      'pages/items/index': true,
      'packages/site/pages/patrol/index': true,
      'packages/site/pages/patrol-check/index': true,
      'packages/site/pages/patrol-route/index': true,
      'packages/site/pages/work-orders/index': true,
      'packages/site/pages/keys/index': true,
      'packages/site/pages/custody/index': true,
      'packages/site/pages/file-loans/index': true,
      'packages/site/pages/file-loan/index': true,
      'packages/site/pages/keeper-handovers/index': true,
      'packages/site/pages/contracts/index': true,
      'packages/site/pages/contract/index': true,
      'packages/site/pages/shops/index': true,
      'packages/site/pages/shop/index': true,
      'packages/site/pages/notices/index': true,
      'packages/site/pages/notices/notice': true,
      'packages/care/pages/ledger/index': true,
      'packages/care/pages/person/index': true,
      'packages/care/pages/visits/index': true,
      'packages/care/pages/visit/index': true,
      'packages/care/pages/booking/index': true,
      'packages/home/pages/moveins/index': true,
      'packages/home/pages/movein/index': true,
      'packages/home/pages/agreements/index': true,
      'packages/home/pages/my-movein/index': true,
      'packages/home/pages/agreement/index': true,
      'packages/events/pages/events/index': true,
      'packages/events/pages/answer/index': true,
      'packages/events/pages/activities/index': true,
      'packages/events/pages/activity/index': true,
      'packages/events/pages/meetings/index': true,
      'packages/events/pages/meeting/index': true,
      'packages/events/pages/surveys/index': true,
      'packages/events/pages/survey-edit/index': true,
      'packages/events/pages/survey-results/index': true,
    };
    expect(Object.keys(table).sort()).toEqual(pages);
  });

  test('builds URLs from typed queries, leaving out what is not given', () => {
    expect(pageUrl('pages/ticket/detail', { id: 't1' })).toBe('/pages/ticket/detail?id=t1');
    expect(pageUrl('pages/disclosure/detail', { seriesId: 's 1', version: '2' })).toBe('/pages/disclosure/detail?seriesId=s%201&version=2');
    expect(pageUrl('packages/staff/pages/inbox/index', { communityId: '' })).toBe('/packages/staff/pages/inbox/index');
    expect(pagePath('pages/bill/index')).toBe('pages/bill/index');
  });
});
