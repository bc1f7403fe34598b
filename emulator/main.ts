/**
 * `npm run cloud -- --port <p> --data <dir> [--functions <dir>] [--config <file>] [--indexes <file>] [--strict-indexes]`
 * Runs the local cloud in the foreground; prints its URL when ready; SIGTERM stops it cleanly.
 * Without --config it reads the project's config/local-cloud.json (admins, risky words, templates);
 * without --indexes the project's config/indexes.json. Strict indexes (unindexed queries on large
 * declared collections fail) with --strict-indexes or LOCAL_CLOUD_STRICT_INDEXES=1.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
      indexes: { type: 'string' },
      'strict-indexes': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  const dataDir = resolve(values.data);
  const configPath = values.config ? resolve(values.config) : projectFile('local-cloud.json');
  const indexesPath = values.indexes ? resolve(values.indexes) : projectFile('indexes.json');
  const strictIndexes = values['strict-indexes'] || process.env.LOCAL_CLOUD_STRICT_INDEXES === '1' ? true : undefined;
  mkdirSync(dataDir, { recursive: true });
  const cloud = new LocalCloud({
    dataDir,
    functionsDir: resolve(values.functions),
    config: loadConfig(configPath, { indexes: indexesPath, strictIndexes }),
    host: values.host,
    port,
    log: values.quiet ? undefined : (message) => process.stderr.write(`[cloud] ${message}\n`),
  });
  const url = await cloud.listen();
  if (!values.quiet) process.stderr.write(`[cloud] configuration: ${configPath ?? 'built-in defaults'}\n`);
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

/** A file of the project's own configuration, found from this file so any working directory works. */
function projectFile(name: string): string | undefined {
  const path = join(__dirname, '..', 'config', name);
  return existsSync(path) ? path : undefined;
}

main().catch((error: unknown) => {
  process.stderr.write(`[cloud] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
