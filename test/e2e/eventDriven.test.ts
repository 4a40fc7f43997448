import { describe, expect, it } from 'vitest';
import { parseRecoveryPlan } from '../../src/index';
import { simulateDrill } from '../../src/testing/index';
import { serverIds } from '../helpers/waves';

/** Two waves of 6 servers, one after the other. */
const plan = parseRecoveryPlan({
  id: 'events',
  waves: [
    { id: 'db', servers: serverIds(6) },
    { id: 'app', servers: serverIds(6, 6), dependsOn: ['db'] },
  ],
});

const run = (machine: NonNullable<Parameters<typeof simulateDrill>[0]['machine']>, faults = {}) =>
  simulateDrill({ plan, machine, faults, storage: 'memory' }).then((s) => s.report);

describe('event-driven completion on the local stack', () => {
  it('resumes each wave on its launch results, noticing the end sooner and with fewer checks than polling', async () => {
    const polled = await run({ pollIntervalSeconds: 30 });
    const evented = await run({ completion: 'events' });
    expect(polled.status).toBe('SUCCEEDED');
    expect(evented.status).toBe('SUCCEEDED');
    expect(evented.waves.map((w) => [w.waveId, w.status, w.launched])).toStrictEqual([
      ['db', 'COMPLETED', 6],
      ['app', 'COMPLETED', 6],
    ]);
    const calls = evented.stats.routerCalls ?? {};
    console.log(
      `events vs polling, 2 waves x 6 servers: transitions ${evented.stats.stateTransitions} vs ${polled.stats.stateTransitions}, checks ${calls.check_wave_status} vs ${polled.stats.routerCalls?.check_wave_status}, noticed after ${evented.stats.maxNoticeDelaySeconds} s vs ${polled.stats.maxNoticeDelaySeconds} s`,
    );
    // One launch result per server reached the router, and each wave was resumed by them.
    expect(calls.launch_result).toBe(12);
    expect(calls.check_wave_status).toBeLessThan(polled.stats.routerCalls?.check_wave_status ?? 0);
    expect(evented.stats.stateTransitions).toBeLessThan(polled.stats.stateTransitions);
    // Polling notices up to one interval late; the events, within seconds.
    expect(evented.stats.maxNoticeDelaySeconds ?? 99).toBeLessThan(10);
    expect(polled.stats.maxNoticeDelaySeconds ?? 0).toBeGreaterThan(
      evented.stats.maxNoticeDelaySeconds ?? 0,
    );
  });

  it('still finishes every wave when every event is lost: the safety net checks', async () => {
    const report = await run(
      { completion: 'events', safetyNetPollSeconds: 120 },
      { dropLaunchEvents: 1 },
    );
    expect(report.status).toBe('SUCCEEDED');
    expect(report.stats.routerCalls?.launch_result ?? 0).toBe(0);
    expect(report.waves.every((w) => w.status === 'COMPLETED' && w.launched === 6)).toBe(true);
    // Noticed at the next safety-net check at the latest.
    expect(report.stats.maxNoticeDelaySeconds ?? 999).toBeLessThanOrEqual(120);
  });

  it('finishes with some events lost, and with failed launches', async () => {
    const [failing] = serverIds(1, 3);
    const report = await run(
      { completion: 'events', safetyNetPollSeconds: 120 },
      { dropLaunchEvents: 0.3, failLaunch: { [failing ?? '']: 'InsufficientInstanceCapacity' } },
    );
    expect(report.status).toBe('FAILED');
    expect(report.waves[0]).toMatchObject({
      waveId: 'db',
      status: 'FAILED',
      launched: 5,
      failed: 1,
    });
    expect(report.waves[1]?.status).toBe('NOT_STARTED');
    expect(report.cause).toContain(failing);
  });

  it('runs tiers of parallel waves on DynamoDB without stalling, noticing each at its last launch', async () => {
    // 60 one-server waves, three at a time, each tier after the one before: waves resume while
    // others wait for the clock (the local runner must not deadlock them).
    const tiers = Array.from({ length: 60 }, (_, i) => {
      const tier = Math.floor(i / 3);
      return {
        id: `w${i}`,
        servers: serverIds(1, 100 + i),
        dependsOn: tier === 0 ? [] : [0, 1, 2].map((k) => `w${(tier - 1) * 3 + k}`),
      };
    });
    const { report } = await simulateDrill({
      plan: parseRecoveryPlan({ id: 'tiers', waves: tiers }),
      storage: 'dynalite',
      machine: { completion: 'events' },
    });
    expect(report.status).toBe('SUCCEEDED');
    expect(report.waves.every((w) => w.status === 'COMPLETED')).toBe(true);
    expect(report.stats.maxNoticeDelaySeconds).toBe(0);
    // dynalite's consumed capacity is counted: every wave wrote, and every check read.
    expect(report.stats.dynamoCapacityUnits?.write).toBeGreaterThan(60);
    expect(report.stats.dynamoCapacityUnits?.read).toBeGreaterThan(60);
  }, 60_000);
});
