import { startLocalCloud } from './test/support/local-cloud';
import { seedCommunity } from './test/support/seed';
import { okAs } from './test/support/api';
(async () => {
  process.env.LOCAL_CLOUD_STRICT_INDEXES = '1';
  const cloud = await startLocalCloud();
  process.env.LOCAL_CLOUD_URL = cloud.url;
  const env = 'probe';
  const c = await seedCommunity(env, 'pr', cloud.url);
  const counts = async () => ((await (await fetch(`${cloud.url}/_emulator/metrics?env=${env}`)).json()) as { actions: Record<string, number> }).actions;
  const diff = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v - (a[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
  const repair = { kind: 'repair' as const, category: 'drain-block', description: '厨房下水道堵塞，水排不下去', photos: [], location: { kind: 'unit' as const, unitId: c.units[0].id }, preferredTime: '今天下午', contactName: '张伟', contactPhone: '13800000001' };
  const owner = okAs(env, c.owner, cloud.url);
  await owner('ticket.create', repair);
  for (const [action, run] of [
    ['ticket.create', () => owner('ticket.create', repair)],
    ['ticket.get', async () => { const t = await owner('ticket.mine', {}); return owner('ticket.get', { id: t.items[0].id }); }],
    ['bill.mine', () => owner('bill.mine', {})],
    ['notice.board', () => owner('notice.board', { communityId: c.communityId })],
    ['custody.mine', () => owner('custody.mine', {})],
  ] as const) {
    const before = await counts();
    await (run as () => Promise<unknown>)();
    console.log(action, JSON.stringify(diff(before, await counts())));
  }
  await cloud.stop();
})();
