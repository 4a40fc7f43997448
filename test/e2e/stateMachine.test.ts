import { afterEach, describe, expect, it } from 'vitest';
import {
  buildPollingStateMachine,
  createActionRouter,
  InMemoryPlanStore,
  parseRecoveryPlan,
} from '../../src/index';
import { LocalStateMachine } from '../../src/testing/index';
import { type Drill, type DrillOptions, startDrill } from '../helpers/drill';
import { serverIds } from '../helpers/waves';

let drill: Drill | undefined;
afterEach(async () => {
  await drill?.close();
  drill = undefined;
});

const ids = serverIds(12);
const [db1, db2, app1, app2, app3, web1, web2] = ids as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];

const threeWaves = (extra: Record<string, unknown>[] = [{}, {}, {}]) => ({
  id: 'shop',
  waves: [
    { id: 'db', servers: [db1, db2], ...extra[0] },
    { id: 'app', servers: [app1, app2, app3], ...extra[1] },
    { id: 'web', servers: [web1, web2], ...extra[2] },
  ],
});

/** The recorded wave, which the test needs to exist. */
function recorded<T extends { waveId: string }>(waves: readonly T[], waveId: string): T {
  const wave = waves.find((w) => w.waveId === waveId);
  if (!wave) throw new Error(`wave ${waveId} was not recorded`);
  return wave;
}

async function run(plan: unknown, options: DrillOptions = {}) {
  drill = await startDrill(plan, options);
  const execution = drill.start();
  const result = await execution.result;
  const history = drill.stack.history;
  const executionId = execution.executionName;
  return {
    result,
    executionId,
    execution: await history.getExecution(executionId),
    waves: await history.listWaves(executionId),
    servers: await history.listServers(executionId),
  };
}

describe('the built state machine, run on the local stack', () => {
  it('completes a 3-wave drill in order, recording every instance ID', async () => {
    const { result, execution, waves, servers } = await run(threeWaves());
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(execution).toMatchObject({ status: 'SUCCEEDED', executionType: 'DRILL' });
    const db = recorded(waves, 'db');
    const app = recorded(waves, 'app');
    const web = recorded(waves, 'web');
    expect([db, app, web].map((w) => w.status)).toStrictEqual([
      'COMPLETED',
      'COMPLETED',
      'COMPLETED',
    ]);
    // Each wave starts only after the one before it has ended.
    expect(app.startedAt >= (db.endedAt ?? '~')).toBe(true);
    expect(web.startedAt >= (app.endedAt ?? '~')).toBe(true);
    expect(servers).toHaveLength(7);
    for (const s of servers) {
      expect(s.verdict).toBe('LAUNCHED');
      expect(s.recoveryInstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    }
    expect(drill?.stack.emulator.jobs().every((j) => j.initiatedBy === 'START_DRILL')).toBe(true);
    expect(result.stats.largestPayloadBytes).toBeLessThan(8192);
  });

  it('stops at a critical failure in wave 2: wave 3 never starts, the error names wave and server', async () => {
    const { result, execution, waves } = await run(threeWaves(), {
      emulator: { faults: { failLaunch: { [app2]: 'InsufficientInstanceCapacity' } } },
    });
    const cause = `Wave app failed: 1 critical server failed: ${app2} (InsufficientInstanceCapacity)`;
    expect(result).toMatchObject({ status: 'FAILED', error: 'WaveFailed', cause });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'WaveFailed', cause });
    expect(waves.map((w) => [w.waveId, w.status])).toStrictEqual([
      ['app', 'FAILED'],
      ['db', 'COMPLETED'],
    ]);
    const started = drill?.stack.emulator
      .jobs()
      .flatMap((j) => j.participatingServers?.map((p) => p.sourceServerID));
    expect(started).not.toContain(web1);
  });

  it('ends a wave whose job never completes in WaveTimeout after its timeout', async () => {
    drill = await startDrill(threeWaves([{ timeoutSeconds: 1800 }, {}, {}]), {
      emulator: { faults: { stuckServers: [db2] } },
    });
    const begin = drill.stack.emulator.now().getTime();
    const execution = drill.start();
    const result = await execution.result;
    expect(result).toMatchObject({ status: 'FAILED', error: 'WaveTimeout' });
    expect(result.cause).toMatch(
      /^Wave db did not finish within 1800 s: 1 of 2 servers launched, 1 pending/,
    );
    const elapsed = (drill.stack.emulator.now().getTime() - begin) / 1000;
    expect(elapsed).toBeGreaterThanOrEqual(1800);
    expect(elapsed).toBeLessThan(1800 + 3 * 30);
    expect(await drill.stack.history.getWave(execution.executionName, 'db')).toMatchObject({
      status: 'TIMED_OUT',
    });
    // The server that launched before the timeout is recorded with its instance (cleanup
    // terminates it), although its job never completes.
    const servers = await drill.stack.history.listServers(execution.executionName, 'db');
    expect(servers.find((s) => s.sourceServerId === db1)?.recoveryInstanceId).toMatch(
      /^i-[0-9a-f]{17}$/,
    );
  });

  it('fails the wave when StartRecovery fails, never counting it as completed', async () => {
    const known = ids.filter((id) => id !== app3);
    const { result, waves } = await run(threeWaves(), { emulator: { sourceServerIds: known } });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('WaveFailed');
    expect(result.cause).toMatch(
      /^Wave app failed: 3 critical servers failed: .*; 1 DRS job never started: Job 1: DRS refused it: /,
    );
    expect(waves.find((w) => w.waveId === 'app')?.status).toBe('FAILED');
    expect(waves.find((w) => w.waveId === 'web')).toBeUndefined();
  });

  it('retries transient Lambda errors and still starts one DRS job per wave', async () => {
    const faults: string[] = [];
    const { result } = await run(threeWaves(), {
      lambdaFault: (call) => {
        // The first start of each wave dies after StartRecovery; every 4th call fails outright.
        if (call.action === 'start_wave' && !faults.includes(call.stateName + call.invocation)) {
          const firstOfWave = faults.filter((f) => f.startsWith('start')).length < 3;
          if (firstOfWave && call.invocation % 2 === 1) {
            faults.push(`start${call.invocation}`);
            return 'fail-after';
          }
        }
        if (call.invocation % 4 === 0) {
          faults.push(`other${call.invocation}`);
          return 'fail-before';
        }
        return undefined;
      },
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(faults.length).toBeGreaterThan(3);
    const jobs = drill?.stack.emulator.jobs() ?? [];
    expect(jobs).toHaveLength(3);
    const servers = jobs.flatMap((j) => j.participatingServers?.map((p) => p.sourceServerID));
    expect(new Set(servers).size).toBe(servers.length);
  });

  it('runs two waves that depend on the same wave in one stage, in parallel', async () => {
    const plan = {
      id: 'fan',
      waves: [
        { id: 'db', servers: [db1] },
        { id: 'app', servers: [app1, app2], dependsOn: ['db'] },
        { id: 'batch', servers: [app3], dependsOn: ['db'] },
        { id: 'web', servers: [web1], dependsOn: ['app', 'batch'] },
      ],
    };
    const { result, waves } = await run(plan);
    expect(result.status).toBe('SUCCEEDED');
    const db = recorded(waves, 'db');
    const app = recorded(waves, 'app');
    const batch = recorded(waves, 'batch');
    const web = recorded(waves, 'web');
    // app and batch overlap: each started before the other ended.
    expect(app.startedAt < (batch.endedAt ?? '')).toBe(true);
    expect(batch.startedAt < (app.endedAt ?? '')).toBe(true);
    expect(app.startedAt >= (db.endedAt ?? '')).toBe(true);
    expect(web.startedAt >= (app.endedAt ?? '~') && web.startedAt >= (batch.endedAt ?? '~')).toBe(
      true,
    );
  });

  it('lets the other waves of a stage run to their end when one fails, recording every launch', async () => {
    const plan = {
      id: 'fan',
      waves: [
        { id: 'db', servers: [db1] },
        { id: 'cache', servers: [app1, app2, app3], dependsOn: [] },
        { id: 'web', servers: [web1], dependsOn: ['db', 'cache'] },
      ],
    };
    const { result, waves, servers } = await run(plan, {
      emulator: { faults: { failLaunch: { [db1]: 'InsufficientInstanceCapacity' } } },
    });
    expect(result).toMatchObject({ status: 'FAILED', error: 'WaveFailed' });
    expect(result.cause).toMatch(/^Wave db failed: 1 critical server failed/);
    // db failed, cache (in db's stage) still completed and recorded its instances; web never ran.
    expect(recorded(waves, 'db').status).toBe('FAILED');
    expect(recorded(waves, 'cache').status).toBe('COMPLETED');
    expect(waves.find((w) => w.waveId === 'web')).toBeUndefined();
    const cache = servers.filter((s) => s.waveId === 'cache');
    expect(cache).toHaveLength(3);
    for (const server of cache) {
      expect(server).toMatchObject({ verdict: 'LAUNCHED' });
      expect(server.recoveryInstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    }
  });

  it('moves no virtual time while a wave start runs, so a parallel wave cannot expire its claim', async () => {
    const plan = {
      id: 'pair',
      waves: [
        { id: 'fast', servers: [db1] },
        { id: 'slow', servers: [app1], dependsOn: [], requireApproval: true },
      ],
    };
    drill = await startDrill(plan);
    const { stack } = drill;
    const router = createActionRouter({
      ...stack.deps(),
      plans: new InMemoryPlanStore([parseRecoveryPlan(plan)]),
    });
    const during: number[] = [];
    const machine = new LocalStateMachine({
      definition: buildPollingStateMachine({ lambdaArn: 'arn:aws:lambda:local:1:function:r' }),
      advanceClock: (ms) => stack.emulator.advance(ms),
      handler: async (event) => {
        const { action, waveId } = event as { action: string; waveId?: string };
        if (action !== 'start_wave' || waveId !== 'slow') return router(event);
        // A start that takes real time while the fast wave polls: the clock must wait for it.
        const before = stack.emulator.now().getTime();
        await new Promise((resolve) => setTimeout(resolve, 200));
        const answer = await router(event);
        during.push(stack.emulator.now().getTime() - before);
        return answer;
      },
    });
    const execution = machine.start(
      { planId: 'pair', executionType: 'DRILL' },
      { executionName: 'pair-1' },
    );
    // Approve the slow wave once the fast one is polling.
    const [pending] = await execution.approvalsRequested(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    execution.sendTaskSuccess(pending?.taskToken ?? '');
    expect((await execution.result).status).toBe('SUCCEEDED');
    expect(during).toStrictEqual([0]);
  });

  it('waits for approval before a wave, and continues once approved', async () => {
    drill = await startDrill(threeWaves([{}, {}, { requireApproval: true }]));
    const execution = drill.start();
    const [pending] = await execution.approvalsRequested(1);
    expect(pending?.waveId).toBe('web');
    const approval = await drill.stack.history.getApproval(execution.executionName, 'web');
    expect(approval).toMatchObject({ status: 'PENDING', taskToken: pending?.taskToken });
    // Nothing of the web wave was started while it waited.
    const waiting = drill.stack.emulator
      .jobs()
      .flatMap((j) => j.participatingServers?.map((p) => p.sourceServerID));
    expect(waiting).not.toContain(web1);
    execution.sendTaskSuccess(pending?.taskToken ?? '');
    const result = await execution.result;
    expect(result.status).toBe('SUCCEEDED');
    expect(drill.stack.emulator.jobs()).toHaveLength(3);
  });

  it('fails a rejected wave with the rejection as the cause', async () => {
    drill = await startDrill(threeWaves([{}, { requireApproval: true }, {}]));
    const execution = drill.start();
    const [pending] = await execution.approvalsRequested(1);
    execution.sendTaskFailure(
      pending?.taskToken ?? '',
      'ApprovalRejected',
      'Change freeze until Monday',
    );
    const result = await execution.result;
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'ApprovalRejected',
      cause: 'Wave app failed: Change freeze until Monday',
    });
    expect(drill.stack.emulator.jobs()).toHaveLength(1);
    expect(await drill.stack.history.getExecution(execution.executionName)).toMatchObject({
      status: 'FAILED',
    });
  });

  it('refuses a RECOVERY without confirmation before anything is recorded or started', async () => {
    drill = await startDrill(threeWaves());
    const execution = drill.start({ planId: 'shop', executionType: 'RECOVERY' });
    const result = await execution.result;
    expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidEventError' });
    expect(drill.stack.emulator.requestCount()).toBe(0);
    expect(await drill.stack.history.getExecution(execution.executionName)).toBeUndefined();
  });

  it('publishes SNS notices for wave starts, successes and failures', async () => {
    const { result } = await run(threeWaves(), {
      machine: { notificationTopicArn: 'arn:aws:sns:us-east-1:123456789012:drs-waves' },
      emulator: { faults: { failLaunch: { [web2]: 'boom' } } },
    });
    expect(result.status).toBe('FAILED');
    expect(drill?.notifications.map((n) => n.subject)).toStrictEqual([
      'drs-waves: wave starting',
      'drs-waves: wave completed',
      'drs-waves: wave starting',
      'drs-waves: wave completed',
      'drs-waves: wave starting',
      'drs-waves: wave failed',
      'drs-waves: execution failed',
    ]);
  });
});
