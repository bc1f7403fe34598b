/**
 * `npm test`: everything that needs no WeChat account, in order — build, type checks, lint,
 * then jest (unit, cloud against a fresh local cloud, pages in miniprogram-simulate).
 * Ends with one line `N passed, N failed` counted from jest's results.
 */
import { spawnSync } from 'node:child_process';
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

const gates: [string, string, string[]][] = [
  ['build', process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build.ts')]],
  ['type check (cloud, local cloud, tests)', bin('tsc'), ['-p', 'tsconfig.json']],
  ['type check (mini-program)', bin('tsc'), ['-p', join('miniprogram', 'tsconfig.json')]],
  ['lint', bin('eslint'), ['.']],
];
const failedGates = gates.filter(([title, command, args]) => !run(title, command, args)).map(([title]) => title);

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
