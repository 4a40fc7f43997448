import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkReadiness,
  type DrsPort,
  InMemoryProtectionGroupStore,
  parseRecoveryPlan,
} from '../../src/index';
import { startWorld } from './world';

const large = join(import.meta.dirname, '..', '..', 'examples', 'plans', 'large.json');

/** The port, counting the calls in flight at once. */
function counting(port: DrsPort) {
  const stats = { inFlight: 0, most: 0 };
  const wrapped = new Proxy(port, {
    get: (target, property) => {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        stats.inFlight += 1;
        stats.most = Math.max(stats.most, stats.inFlight);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          stats.inFlight -= 1;
        }
      };
    },
  });
  return { port: wrapped, stats };
}

describe('checkReadiness on a plan of 3,000 servers', () => {
  it('batches DescribeSourceServers by 200, asks DescribeJobs once, and bounds the per-server calls', async () => {
    const plan = parseRecoveryPlan(JSON.parse(await readFile(large, 'utf8')));
    // Pages as large as a 200-ID filter: one call per batch.
    const world = await startWorld({ pageSize: 200 });
    const input = world.input({ plan, protectionGroups: new InMemoryProtectionGroupStore([]) });
    const home = counting(input.drsFor({}));
    const report = await checkReadiness({
      ...input,
      drsFor: () => home.port,
      options: { concurrency: 8 },
    });
    expect(report.summary).toStrictEqual({
      ready: true,
      blocking: 0,
      warnings: 0,
      waves: 30,
      servers: 3000,
      byCode: {},
    });
    expect(world.home.requestCount('DescribeSourceServers')).toBe(15);
    expect(world.home.requestCount('DescribeJobs')).toBe(1);
    // DRS has no batch form of these two: one call each per server, 8 at a time at most.
    expect(world.home.requestCount('DescribeRecoverySnapshots')).toBe(3000);
    expect(world.home.requestCount('GetLaunchConfiguration')).toBe(3000);
    expect(world.home.requestCount()).toBe(15 + 1 + 3000 + 3000);
    expect(home.stats.most).toBe(8);
  });
});
