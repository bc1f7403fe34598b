/**
 * The api function as the cloud starts it: one index.js under 600 KiB, and none of the packages kept
 * in lib/ for documents and imports is read at start (the cloud tests of PDFs, exports, imports and
 * QR codes run them from lib/).
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { functionsRoot, root } from '../../scripts/paths';

const api = join(functionsRoot, 'api');

it('the built api function is under 600 KiB and starts without reading lib/', () => {
  expect(statSync(join(api, 'index.js')).size).toBeLessThan(600 * 1024);
  const probe = `
    require(${JSON.stringify(join(api, 'index.js'))});
    const loaded = Object.keys(require.cache).filter((file) => file.startsWith(${JSON.stringify(join(api, 'lib'))}));
    process.stdout.write(JSON.stringify(loaded));
  `;
  const child = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
  expect(child.stderr).toBe('');
  expect(JSON.parse(child.stdout)).toEqual([]);
});

