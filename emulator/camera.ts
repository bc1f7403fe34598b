import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, sendJson } from './http';
import { isEnvId } from './openapi/store';
import type { Service, ServiceContext } from './service';

/**
 * What a phone's camera can see: the QR codes printed and posted in the world of an env (a
 * patrol's checkpoints). Development and tests say where codes are posted
 * (`POST /_emulator/camera {env, codes: [{label, value}]}`); the preview's `wx.scanCode` lets the
 * person choose which one to hold the phone over (`GET /client/camera?env=`). Nothing here knows
 * what the codes mean: the product decides that when it reads one.
 */
export interface PostedCode {
  label: string;
  value: string;
}

const MAX_CODES = 500;

function postedCodes(body: Record<string, unknown>): PostedCode[] | undefined {
  const codes = body.codes;
  if (!Array.isArray(codes) || codes.length > MAX_CODES) return undefined;
  const valid = codes.every(
    (code: unknown) =>
      typeof code === 'object' && code !== null && typeof (code as PostedCode).label === 'string' && typeof (code as PostedCode).value === 'string' && (code as PostedCode).value.length <= 2048,
  );
  return valid ? (codes as PostedCode[]).map(({ label, value }) => ({ label, value })) : undefined;
}

export function createCameraService(context: ServiceContext): Service {
  // Kept with the env's data: the codes stay posted when the local cloud restarts.
  const file = join(context.dataDir, 'camera.json');
  const posted = new Map<string, PostedCode[]>(existsSync(file) ? (Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, PostedCode[]>)) : []);
  return {
    routes: [
      {
        method: 'POST',
        prefix: '/_emulator/camera',
        handle: async (req, res) => {
          const body = await readJson(req);
          const env = typeof body.env === 'string' ? body.env : '';
          const codes = postedCodes(body);
          if (!isEnvId(env) || !codes) return sendJson(res, 400, { code: 'INVALID_PARAM', message: `give env and codes: [{label, value}] (at most ${MAX_CODES})` });
          // Posting a code again (a reprinted sheet) replaces it in place.
          const kept = (posted.get(env) ?? []).filter((code) => !codes.some((added) => added.value === code.value));
          posted.set(env, [...kept, ...codes]);
          writeFileSync(file, JSON.stringify(Object.fromEntries(posted)));
          sendJson(res, 200, { env, codes: posted.get(env)!.length });
        },
      },
      {
        method: 'GET',
        prefix: '/client/camera',
        handle: async (_req, res, url) => {
          const env = url.searchParams.get('env') ?? '';
          if (!isEnvId(env)) return sendJson(res, 400, { code: 'INVALID_PARAM', message: `invalid env ${env}` });
          sendJson(res, 200, { codes: posted.get(env) ?? [] });
        },
      },
    ],
  };
}
