import { rmSync } from 'node:fs';
import { apiAs } from '../support/api';
import { ADMIN_OPENID } from '../support/seed';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';

/** `npm run cloud -- --port <p> --data <dir>`, as the README gives it: no --config. */
let cloud: RunningCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ config: null });
}, 30_000);

afterAll(async () => {
  await cloud.stop();
  rmSync(cloud.dataDir, { recursive: true, force: true });
});

it('loads config/local-cloud.json by default: its admin may create a community', async () => {
  const created = await apiAs('cli', ADMIN_OPENID, cloud.url)('community.create', {
    name: '默认配置花园',
    address: '成都市高新区天府大道100号',
    phones: { emergency: '028-85550110', service24h: '028-85550000', complaint: '028-85550123' },
  });
  expect(created).toMatchObject({ ok: true, data: { name: '默认配置花园' } });
});
