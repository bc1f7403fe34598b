import { z } from 'zod';
import type { RobotChannel, RobotSettings } from '../../../../typings/alerts';
import { MAINTAINERS, inCommunity } from '../access';
import { loadCommunity } from '../communities/communities';
import { findById, put } from '../db';
import { AppError } from '../errors';
import type { Route } from '../router';
import { id } from '../validation';
import { ROBOT_CHANNEL_LABELS } from '../../../../miniprogram/shared/labels';

/**
 * A second channel the company controls (seed 001 四 维修3, 维修6–7; 000 (二)4): a 企业微信 or
 * 钉钉 group robot per community. A post is tried once; a refusal is recorded with the alert and
 * never blocks the ticket step.
 */

/** The robots' own addresses: anything else is refused when a manager saves it. */
const ROBOT_URLS: Record<RobotChannel, RegExp> = {
  wecom: /^https:\/\/qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?key=[A-Za-z0-9-]{8,64}$/,
  dingtalk: /^https:\/\/oapi\.dingtalk\.com\/robot\/send\?access_token=[A-Za-z0-9]{16,128}$/,
};

export const ROBOT_CHANNELS = Object.keys(ROBOT_URLS) as RobotChannel[];

type StoredRobots = Partial<Record<RobotChannel, string>>;

const settingId = (communityId: string): string => `robots:${communityId}`;

/** The robots as stored: what a manager sees and changes. */
async function storedRobots(communityId: string): Promise<StoredRobots> {
  return (await findById<{ value?: StoredRobots }>('settings', settingId(communityId)))?.value ?? {};
}

/**
 * A community's robots change when a manager sets one up, and every dispatch, escalation and
 * overdue alert asks for them: each instance keeps them for a minute, so an alert costs no read
 * for them. A change is seen at once by the instance that saved it and within a minute by the
 * others (the settings page says so).
 */
const ROBOTS_TTL_MS = 60_000;
const keptRobots = new Map<string, { robots: StoredRobots; until: number }>();

export async function robotsOf(communityId: string, now: Date): Promise<StoredRobots> {
  const kept = keptRobots.get(communityId);
  if (kept && kept.until > now.getTime()) return kept.robots;
  const robots = await storedRobots(communityId);
  keptRobots.set(communityId, { robots, until: now.getTime() + ROBOTS_TTL_MS });
  return robots;
}

/** The key is a secret: a manager sees only that one is set and its last 4 characters. */
function describe(robots: StoredRobots): RobotSettings {
  const view = (url?: string) => ({ configured: Boolean(url), hint: url ? `…${url.slice(-4)}` : '' });
  return { wecom: view(robots.wecom), dingtalk: view(robots.dingtalk) };
}

/**
 * Where a post goes. `ROBOT_WEBHOOK_ORIGIN` (the local cloud's sink in tests and the preview)
 * takes the place of `https://`, so nothing leaves the machine; production leaves it unset.
 */
function targetOf(url: string): string {
  const origin = process.env.ROBOT_WEBHOOK_ORIGIN;
  return origin ? `${origin.replace(/\/$/, '')}/${url.slice('https://'.length)}` : url;
}

function bodyOf(channel: RobotChannel, title: string, lines: string[]): unknown {
  const text = [`**${title}**`, ...lines].join('\n');
  return channel === 'wecom' ? { msgtype: 'markdown', markdown: { content: text } } : { msgtype: 'markdown', markdown: { title, text } };
}

/** How long a post may take: the ticket step waits for it. */
const POST_TIMEOUT_MS = 5000;

/** Posts once; resolves with the robot's refusal or the network error, never throws. */
export async function postToRobot(channel: RobotChannel, url: string, title: string, lines: string[]): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const response = await fetch(targetOf(url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bodyOf(channel, title, lines)),
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    if (!response.ok) return { ok: false, error: `HTTP ${response.status}` };
    const reply = (await response.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (reply.errcode !== 0) return { ok: false, error: `${reply.errcode ?? '无应答'} ${reply.errmsg ?? ''}`.trim() };
    return { ok: true };
  } catch (error) {
    const name = (error as { name?: string }).name;
    return { ok: false, error: name === 'TimeoutError' ? '超时未应答' : '无法连接' };
  }
}

const robotUrl = (channel: RobotChannel) =>
  z
    .string()
    .trim()
    .max(300)
    .refine((value) => value === '' || ROBOT_URLS[channel].test(value), `请粘贴${ROBOT_CHANNEL_LABELS[channel]}机器人的 Webhook 地址（${channel === 'wecom' ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' : 'https://oapi.dingtalk.com/robot/send?access_token=…'}）`);

export const getRobots: Route<'robots.get'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }) {
    return describe(await storedRobots(communityId));
  },
};

/**
 * Sets or clears one channel (an empty URL clears it). A URL is posted a test message first, and
 * one the robot refuses is not saved: a wrong key would otherwise fail silently at the first alert.
 */
export const saveRobot: Route<'robots.save'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.discriminatedUnion('channel', [
    z.strictObject({ communityId: id, channel: z.literal('wecom'), url: robotUrl('wecom') }),
    z.strictObject({ communityId: id, channel: z.literal('dingtalk'), url: robotUrl('dingtalk') }),
  ]),
  async handle({ communityId, channel, url }, { now }) {
    const community = await loadCommunity(communityId);
    if (url) {
      const tried = await postToRobot(channel, url, '物业客服提醒已接入', [`小区：${community.name}`, '派单、投诉升级、重大投诉和超时提醒将发到本群。']);
      if (!tried.ok) throw new AppError('VALIDATION', `${ROBOT_CHANNEL_LABELS[channel]}机器人未接受测试消息（${tried.error}），请核对地址后再保存`);
    }
    const robots = { ...(await storedRobots(communityId)) };
    if (url) robots[channel] = url;
    else delete robots[channel];
    await put('settings', settingId(communityId), { value: robots });
    keptRobots.set(communityId, { robots, until: now.getTime() + ROBOTS_TTL_MS });
    return describe(robots);
  },
};
