import { afterEach, describe, expect, it } from 'vitest';
import {
  createActionRouter,
  type DrsLaunchResultEvent,
  InMemoryExecutionHistoryStore,
  InMemoryPlanStore,
  isInvalidEventError,
  isInvalidOptionsError,
  parseRecoveryPlan,
} from '../../src/index';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds } from '../helpers/waves';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const plan = parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: serverIds(2) }] });

/** A router on dynalite and the emulator whose resumes are recorded, and a started wave. */
async function startedWave() {
  stack = await startStack();
  const resumed: string[] = [];
  const route = createActionRouter({
    ...stack.deps(),
    plans: new InMemoryPlanStore([plan]),
    taskCallbacks: {
      sendTaskSuccess: async (token) => {
        resumed.push(token);
        return true;
      },
    },
  });
  await route({
    action: 'begin_execution',
    executionId: 'e1',
    input: { planId: 'shop', executionType: 'DRILL' },
    pollIntervalSeconds: 300,
    defaultWaveTimeoutSeconds: 7200,
    completion: 'events',
  });
  await route({ action: 'start_wave', executionId: 'e1', executionType: 'DRILL', waveId: 'db' });
  const s = stack;
  /** Moves the clock past every launch and returns the emulator's events. */
  const launchResults = () => {
    s.emulator.advance(30 * 60_000);
    return s.emulator.takeLaunchEvents();
  };
  const awaitWave = (taskToken: string) =>
    route({ action: 'await_wave', executionId: 'e1', waveId: 'db', taskToken });
  return { route, resumed, launchResults, awaitWave, stack: s };
}

describe('launch results reaching the router', () => {
  it('resumes a waiting wave once, when the last of its servers is reported', async () => {
    const w = await startedWave();
    expect(await w.awaitWave('T1')).toStrictEqual({ status: 'AWAITING_LAUNCHES' });
    const [first, second] = w.launchResults() as [DrsLaunchResultEvent, DrsLaunchResultEvent];
    expect(await w.route(first)).toStrictEqual({ status: 'RECORDED' });
    expect(w.resumed).toStrictEqual([]);
    expect(await w.route(second)).toStrictEqual({ status: 'RESUMED' });
    expect(w.resumed).toStrictEqual(['T1']);
    // EventBridge may deliver an event twice: nothing is counted twice, nothing resumed again.
    expect(await w.route(second)).toStrictEqual({ status: 'IGNORED' });
    // A later wait (post-launch actions still running) is left to the safety net.
    expect(await w.awaitWave('T2')).toStrictEqual({ status: 'AWAITING_LAUNCHES' });
    expect(w.resumed).toStrictEqual(['T1']);
    expect(await w.stack.history.getWave('e1', 'db')).toMatchObject({
      jobsReported: 1,
      awaitToken: 'T2',
      resumedToken: 'T1',
    });
  });

  it('resumes at once a wave whose servers were all reported before it waited', async () => {
    const w = await startedWave();
    for (const event of w.launchResults()) await w.route(event);
    expect(w.resumed).toStrictEqual([]);
    expect(await w.awaitWave('T1')).toStrictEqual({ status: 'RESUMED' });
    expect(w.resumed).toStrictEqual(['T1']);
  });

  it('ignores results of jobs no execution started, and events of other kinds', async () => {
    const w = await startedWave();
    const [event] = w.launchResults() as [DrsLaunchResultEvent];
    const foreign = { ...event, detail: { ...event.detail, 'job-id': 'drsjob-00000000000000000' } };
    expect(await w.route(foreign)).toStrictEqual({ status: 'IGNORED' });
    const stalled = {
      ...event,
      'detail-type': 'DRS Source Server Data Replication Stalled Change',
      detail: { state: 'STALLED' },
    };
    expect(await w.route(stalled)).toStrictEqual({ status: 'IGNORED' });
  });

  it('refuses a malformed launch result with a typed error naming the field', async () => {
    const w = await startedWave();
    const [event] = w.launchResults() as [DrsLaunchResultEvent];
    const bad = { ...event, resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'] };
    const error = await w.route(bad).catch((e: unknown) => e);
    expect(isInvalidEventError(error)).toBe(true);
    expect((error as Error).message).toContain(
      'Expected resources[0] to be a DRS source server ARN',
    );
    const noJob = { ...event, detail: { state: 'RECOVERY_LAUNCH_SUCCEEDED' } };
    expect(((await w.route(noJob).catch((e: unknown) => e)) as Error).message).toContain(
      'detail.job-id',
    );
  });

  it('refuses to wait for launches without a way to resume the wave', async () => {
    const route = createActionRouter({
      drs: { startRecovery: async () => ({}) } as never,
      history: new InMemoryExecutionHistoryStore(),
      protectionGroups: { getProtectionGroups: async () => [] } as never,
      plans: new InMemoryPlanStore([plan]),
    });
    const error = await route({
      action: 'await_wave',
      executionId: 'e1',
      waveId: 'db',
      taskToken: 'T1',
    }).catch((e: unknown) => e);
    expect(isInvalidOptionsError(error)).toBe(true);
    expect((error as Error).message).toContain('taskCallbacks');
  });
});
