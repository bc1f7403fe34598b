/**
 * `npm run cloud -- --port <p> --data <dir> [--functions <dir>] [--config <file>]`
 * Runs the local cloud in the foreground; prints its URL when ready; SIGTERM stops it cleanly.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { LocalCloud } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.data/cloud' },
      functions: { type: 'string', default: 'cloudfunctions' },
      config: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  const dataDir = resolve(values.data);
  mkdirSync(dataDir, { recursive: true });
  const cloud = new LocalCloud({
    dataDir,
    functionsDir: resolve(values.functions),
    config: loadConfig(values.config ? resolve(values.config) : undefined),
    host: values.host,
    port,
    log: values.quiet ? undefined : (message) => process.stderr.write(`[cloud] ${message}\n`),
  });
  const url = await cloud.listen();
  process.stdout.write(`${url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    cloud.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[cloud] stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`[cloud] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
