/**
 * `npm run restore -- --from <backup.tar.gz | folder> --env <env id> [--local <local cloud URL>]`:
 * loads a backup of the weekly `backup` function into an EMPTY env (refuses any other), through
 * wx-server-sdk. Against the cloud it reads TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY from the
 * environment or deploy.env; `--local` points it at a local cloud (`npm run cloud`, `npm start`).
 */
import { parseArgs } from 'node:util';
import { restore } from './ops/restore';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, env: { type: 'string' }, local: { type: 'string' } } });
  if (!values.from || !values.env) throw new Error('usage: npm run restore -- --from <backup.tar.gz | folder> --env <env id> [--local <local cloud URL>]');
  const result = await restore({ from: values.from, env: values.env, local: values.local, log: (line) => process.stdout.write(`${line}\n`) });
  const total = result.collections.reduce((sum, collection) => sum + collection.documents, 0);
  process.stdout.write(`restored ${total} documents in ${result.collections.length} collections into ${values.env}\n`);
  if (result.fileReferences) {
    process.stdout.write(
      `${result.fileReferences} file references (files.jsonl in the backup) still point to the original env's storage; copy those files if that env is going away.\n`,
    );
  }
}

let finished = false;
// A stream that never ends would otherwise let the process exit quietly with 0, as if it had worked.
process.on('exit', (code) => {
  if (!finished && code === 0) {
    process.stderr.write('restore: stopped before every collection was read\n');
    process.exitCode = 1;
  }
});

main().then(() => (finished = true), (error: unknown) => {
  finished = true;
  process.stderr.write(`restore: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
