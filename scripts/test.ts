/**
 * `npm test`: everything that needs no WeChat account, in order — build, type checks, lint,
 * then jest (unit, cloud against a fresh local cloud, pages in miniprogram-simulate).
 * Ends with one line `N passed, N failed` counted from jest's results.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './paths';

interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numFailedTestSuites: number;
  numRuntimeErrorTestSuites: number;
}

function run(title: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const jestArgs = process.argv.slice(2);
const resultsFile = join(root, 'build', 'jest-results.json');
mkdirSync(join(root, 'build'), { recursive: true });

/** Runs a check with its output held, so that checks running at once print one after another. */
function check(title: string, command: string, args: string[]): Promise<boolean> {
  return new Promise((resolveCheck) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (status) => {
      process.stdout.write(`\n▶ ${title}\n${Buffer.concat(output).toString('utf8')}`);
      resolveCheck(status === 0);
    });
  });
}

type Gate = [string, string, string[]];
const build: Gate = ['build', process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build.ts')]];
// The checks read only the sources, two at a time on two cores: the type check of the cloud side
// alone takes as long as the other two together.
const checks: Gate[][] = [
  [['type check (cloud, local cloud, tests)', bin('tsc'), ['-p', 'tsconfig.json']]],
  [
    ['type check (mini-program)', bin('tsc'), ['-p', join('miniprogram', 'tsconfig.json')]],
    ['lint', bin('eslint'), ['.']],
  ],
];
async function main(): Promise<void> {
  const failedGates = run(...build) ? [] : [build[0]];
  const lanes = await Promise.all(
    checks.map(async (lane) => {
      const failed: string[] = [];
      for (const [title, command, args] of lane) if (!(await check(title, command, args))) failed.push(title);
      return failed;
    }),
  );
  failedGates.push(...lanes.flat());

  const jestOk = run('jest', bin('jest'), ['--json', `--outputFile=${resultsFile}`, ...jestArgs]);
  let results: JestResults | undefined;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
  } catch {
    results = undefined;
  }

  for (const title of failedGates) process.stdout.write(`✗ ${title} failed\n`);
  const passed = results?.numPassedTests ?? 0;
  const failed = (results?.numFailedTests ?? 0) + (results?.numRuntimeErrorTestSuites ?? 0) + failedGates.length;
  const skipped = results?.numPendingTests ?? 0;
  process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exit(jestOk && failedGates.length === 0 && results ? 0 : 1);
}

void main();
