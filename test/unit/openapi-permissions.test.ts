import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * WeChat's cloud refuses an OpenAPI call (-604101) that the function's config.json does not
 * declare under permissions.openapi; the local cloud does too, but only for calls a test makes.
 * This reads every function's source for `openapi.<namespace>.<method>(`, so a new call cannot
 * ship undeclared.
 */
const functionsRoot = join(__dirname, '..', '..', 'cloudfunctions');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

function calledApis(dir: string): Set<string> {
  const apis = new Set<string>();
  for (const file of sourceFiles(dir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bopenapi\s*\.\s*(\w+)\s*\.\s*(\w+)\s*\(/g)) apis.add(`${match[1]}.${match[2]}`);
  }
  return apis;
}

const functions = readdirSync(functionsRoot).filter((name) => existsSync(join(functionsRoot, name, 'src')));

test.each(functions)('%s declares every OpenAPI its code calls', (name) => {
  const config = JSON.parse(readFileSync(join(functionsRoot, name, 'config.json'), 'utf8')) as { permissions?: { openapi?: string[] } };
  const declared = new Set(config.permissions?.openapi ?? []);
  const called = calledApis(join(functionsRoot, name, 'src'));
  expect([...called].filter((api) => !declared.has(api))).toEqual([]);
});

test('the scan finds the calls the api function is known to make', () => {
  expect([...calledApis(join(functionsRoot, 'api', 'src'))].sort()).toEqual(['phonenumber.getPhoneNumber', 'security.msgSecCheck', 'subscribeMessage.send']);
});
