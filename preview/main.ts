/**
 * `tsx preview/main.ts --cloud http://127.0.0.1:4300 [--port 4400] [--env demo]`: serves the
 * browser preview of build/miniprogram until Ctrl-C; open the printed URL (`?openid=` picks the user).
 */
import { DEMO_USER_LABELS } from '../scripts/demo';
import { automatorEndpoint } from './automator';
import { startPreview } from './server';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const started = Date.now();
  const preview = await startPreview({
    port: Number(arg('port', '4400')),
    cloudUrl: arg('cloud', 'http://127.0.0.1:4300'),
    env: arg('env', 'demo'),
    users: DEMO_USER_LABELS,
  });
  process.stdout.write(
    [
      `预览 / preview: ${preview.url}/?openid=o-demo-owner  (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  automate it: open ${preview.url}/?openid=o-demo-owner&automator=1, then automator.connect({ wsEndpoint: '${automatorEndpoint(preview.url)}' })`,
      '',
    ].join('\n'),
  );
  const stop = (): void => void preview.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
