import { readBody, sendJson } from './http';
import type { Service, ServiceContext } from './service';

/**
 * A sink for the group robots (企业微信, 钉钉) a function posts alerts to, so tests and the
 * preview never leave the machine. The function is pointed here by ROBOT_WEBHOOK_ORIGIN
 * (`{localCloud}/_emulator/webhook`): `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K`
 * arrives as `/_emulator/webhook/qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K`.
 *
 * Every post is kept with the robot's answer. A robot can be told to refuse (as WeChat Work does
 * for a removed robot, errcode 93000) or to fail with HTTP 500, by its key or access token.
 */
export interface WebhookPost {
  /** The robot's own address, as the manager entered it. */
  url: string;
  /** The key or access token that names the robot. */
  robot: string;
  body: unknown;
  at: string;
  answer: { status: number; errcode?: number; errmsg?: string };
}

type Failure = 'refuse' | 'error';

const PREFIX = '/_emulator/webhook/';
const MAX_POSTS = 1000;

export function createWebhookService(context: ServiceContext): Service {
  const posts: WebhookPost[] = [];
  const failures = new Map<string, Failure>();
  return {
    routes: [
      {
        method: 'POST',
        prefix: PREFIX,
        handle: async (req, res, url) => {
          const robot = url.searchParams.get('key') ?? url.searchParams.get('access_token') ?? '';
          const raw = (await readBody(req)).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(raw);
          } catch {
            body = raw;
          }
          const failure = failures.get(robot);
          const answer: WebhookPost['answer'] =
            failure === 'error'
              ? { status: 500 }
              : failure === 'refuse'
                ? { status: 200, errcode: 93000, errmsg: 'invalid webhook url' }
                : !body || typeof body !== 'object'
                  ? { status: 200, errcode: 40008, errmsg: 'invalid message type' }
                  : { status: 200, errcode: 0, errmsg: 'ok' };
          posts.push({ url: `https://${url.pathname.slice(PREFIX.length)}${url.search}`, robot, body, at: context.clock.now().toISOString(), answer });
          if (posts.length > MAX_POSTS) posts.splice(0, posts.length - MAX_POSTS);
          if (answer.status !== 200) return sendJson(res, answer.status, { message: 'robot unavailable' });
          sendJson(res, 200, { errcode: answer.errcode, errmsg: answer.errmsg });
        },
      },
      {
        // GET /_emulator/webhook-posts[?robot=K]: what reached the groups, oldest first.
        method: 'GET',
        prefix: '/_emulator/webhook-posts',
        handle: async (_req, res, url) => {
          const robot = url.searchParams.get('robot');
          sendJson(res, 200, { posts: robot ? posts.filter((post) => post.robot === robot) : posts });
        },
      },
      {
        // POST /_emulator/webhook-failures {robot, mode: 'refuse' | 'error' | 'ok'}
        method: 'POST',
        prefix: '/_emulator/webhook-failures',
        handle: async (req, res) => {
          const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { robot?: unknown; mode?: unknown };
          if (typeof body.robot !== 'string' || !['refuse', 'error', 'ok'].includes(String(body.mode))) {
            return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'give robot (its key) and mode: refuse, error or ok' });
          }
          if (body.mode === 'ok') failures.delete(body.robot);
          else failures.set(body.robot, body.mode as Failure);
          sendJson(res, 200, { robot: body.robot, mode: body.mode });
        },
      },
    ],
  };
}
