import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NewTicketInput } from '../typings/tickets';
import { grantSubscription, okAs } from '../test/support/api';
import { startLocalCloud } from '../test/support/local-cloud';
import { seedCommunity } from '../test/support/seed';

type Print = (line: string) => void;

const median = (values: number[]): string => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(0);

/**
 * What alerts cost a ticket step: `ticket.accept` (one owner message) against `ticket.assign`
 * (an owner message, the technician's message and a group-robot post, each recorded), and what
 * the 工作台's counts cost with a few hundred open tickets.
 */
export async function benchAlerts(print: Print): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-alerts-'));
  const cloud = await startLocalCloud({ dataDir });
  try {
    const env = 'bench-alerts';
    const c = await seedCommunity(env, 'ba', cloud.url);
    const owner = okAs(env, c.owner, cloud.url);
    const cs = okAs(env, c.staff.cs, cloud.url);
    await okAs(env, c.staff.manager, cloud.url)('robots.save', { communityId: c.communityId, channel: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bench-robot-key' });
    await grantSubscription(env, c.owner, 'tmpl-ticket-status', 60, cloud.url);
    await grantSubscription(env, c.staff.tech, 'tmpl-staff-dispatch', 30, cloud.url);
    const repair: NewTicketInput = {
      kind: 'repair',
      category: 'faucet',
      description: '卫生间水龙头滴水',
      photos: [],
      location: { kind: 'unit', unitId: c.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    };
    // 30 each: an owner may submit 30 requests in 10 minutes.
    const accepts: number[] = [];
    const assigns: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const ticket = await owner('ticket.create', repair);
      let started = performance.now();
      const accepted = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
      accepts.push(performance.now() - started);
      started = performance.now();
      await cs('ticket.assign', { id: accepted.id, version: accepted.version, technician: c.staff.tech });
      assigns.push(performance.now() - started);
    }
    print(`ticket.accept (owner message): median ${median(accepts)} ms; ticket.assign (owner + technician messages, group post, alert record): median ${median(assigns)} ms (30 each)`);

    // The rest come in by phone: an owner may submit only 30 in 10 minutes.
    for (let i = 0; i < 300; i += 1) await cs('ticket.register', { ...repair, channel: 'phone' });
    const loads: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      await okAs(env, c.staff.manager, cloud.url)('staff.workload', {});
      loads.push(performance.now() - started);
    }
    print(`staff.workload with 330 open tickets (manager, 7 counts): median ${median(loads)} ms (20 calls)`);
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
