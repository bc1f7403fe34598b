/**
 * `npm start`: builds the functions and the mini-program, then runs the local cloud on
 * 127.0.0.1 (port 4300, or $PORT) with its data in .data/cloud and demo data in the `demo` env,
 * and the browser preview of the mini-program on port 4400 (or $PREVIEW_PORT), until Ctrl-C;
 * it prints how long starting took.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../emulator/config';
import { LocalCloud } from '../emulator/server';
import { buildFunctions, buildMiniprogram, packMiniprogramNpm } from './builder';
import { functionsRoot, root } from './paths';
import { DEMO_ENV, DEMO_USER_LABELS, DEMO_USERS, seedDemo } from './demo';
import { automatorEndpoint } from '../preview/automator';
import { startPreview } from '../preview/server';

async function main(): Promise<void> {
  const started = Date.now();
  await buildFunctions();
  await packMiniprogramNpm();
  await buildMiniprogram();
  const dataDir = join(root, '.data', 'cloud');
  mkdirSync(dataDir, { recursive: true });
  const cloud = new LocalCloud({
    dataDir,
    functionsDir: functionsRoot,
    config: loadConfig(join(root, 'config', 'local-cloud.json'), { indexes: join(root, 'config', 'indexes.json') }),
    port: Number(process.env.PORT ?? 4300),
    log: (message) => process.stderr.write(`[cloud] ${message}\n`),
  });
  const url = await cloud.listen();
  const seeded = await seedDemo(url);
  const preview = await startPreview({ port: Number(process.env.PREVIEW_PORT ?? 4400), cloudUrl: url, env: DEMO_ENV, users: DEMO_USER_LABELS });
  process.stdout.write(
    [
      `就绪 / ready in ${((Date.now() - started) / 1000).toFixed(1)} s (build, local cloud, demo data, preview)`,
      `本地云 / local cloud: ${url}`,
      `  data:      ${dataDir}`,
      `  functions: ${functionsRoot}`,
      `  demo env:  ${DEMO_ENV}${seeded ? ' (demo data created)' : ''} — users ${Object.values(DEMO_USERS).join(', ')}`,
      `手机预览 / preview — open in a browser, pick a demo user at the top: ${preview.url}/?openid=${DEMO_USERS.owner}&env=${DEMO_ENV}`,
      `  automate it: open ${preview.url}/?openid=${DEMO_USERS.owner}&env=${DEMO_ENV}&automator=1, then automator.connect({ wsEndpoint: '${automatorEndpoint(preview.url)}' })`,
      `  connect a Node process: TCB_CONTEXT_CNFG='{"URL":"${url}/admin"}' TENCENTCLOUD_SECRETID=local TENCENTCLOUD_SECRETKEY=local TENCENTCLOUD_RUNENV=SCF`,
      '按 Ctrl-C 停止 / press Ctrl-C to stop',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    Promise.all([preview.close(), cloud.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
