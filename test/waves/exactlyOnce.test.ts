/**
 * Regression tests of the exactly-once promise, one per defect an outside review found on paths
 * real AWS takes: multi-job waves, transient DRS errors, quotas shared with other jobs, edits
 * between retries, cancel, store errors, Lambda crashes, and the history limit. Each runs on the
 * real parts: the DRS emulator over HTTP, dynalite, and the built definition on the local runner.
 */
import type { Job } from '@aws-sdk/client-drs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DRS_JOB_TAGS,
  type DrsPort,
  DrsRetryableError,
  DynamoDbExecutionHistoryStore,
  type ExecutionHistoryStore,
  type ProtectionGroup,
  type ProtectionGroupStore,
  parseRecoveryPlan,
  startWave,
} from '../../src/index';
import { simulateDrill } from '../../src/testing/index';
import { override } from '../helpers/override';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds as ids, waveOf } from '../helpers/waves';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** A DRS failure as the adapter reports an HTTP 500 once the SDK's own attempts ran out. */
const http500 = () =>
  new DrsRetryableError({
    operation: 'StartRecovery',
    drsErrorName: 'InternalServerException',
    statusCode: 500,
    drsMessage: 'Injected: internal error',
  });

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

const chunkOf = (job: Job) => job.tags?.[DRS_JOB_TAGS.chunk];
const serversOf = (jobs: readonly Job[]) =>
  jobs.flatMap((j) => (j.participatingServers ?? []).map((p) => p.sourceServerID ?? '')).sort();

/** A protection group store whose groups a test edits between attempts. */
class EditableGroups implements ProtectionGroupStore {
  readonly groups = new Map<string, ProtectionGroup>();
  async getGroups(ids: readonly string[]) {
    return new Map(
      ids.flatMap((id) =>
        this.groups.has(id) ? [[id, this.groups.get(id) as ProtectionGroup]] : [],
      ),
    );
  }
}

describe('exactly once, and nothing lost', () => {
  it('1. launches the recorded layout after a death between the chunk writes and the wave write, whatever the group became', async () => {
    stack = await startStack();
    await stack.execution('e1', ['app'], 'RECOVERY');
    const six = ids(6);
    const groups = new EditableGroups();
    groups.groups.set('pg-app', {
      id: 'pg-app',
      servers: six.map((sourceServerId) => ({ sourceServerId, impact: 'CRITICAL' as const })),
    });
    const wave = waveOf('app', [], { protectionGroups: ['pg-app'] });
    const input = { executionId: 'e1', executionType: 'RECOVERY' as const, wave };
    // The invocation dies after its chunk items are written and before its wave item.
    const dying = new DynamoDbExecutionHistoryStore({
      client: override(stack.dynamo.doc, {
        send: (async (command: { input?: { Item?: { SK?: string } } }) => {
          if (command.input?.Item?.SK?.startsWith('WAVE#') === true)
            throw named('Sandbox.Timedout', 'died');
          return stack?.dynamo.doc.send(command as never);
        }) as never,
      }),
      tableName: stack.tableName,
    });
    const warnings: string[] = [];
    const logger = { info() {}, error() {}, warn: (m: string) => warnings.push(m) };
    const quotas = { maxServersPerJob: 2 };
    await expect(
      startWave(input, stack.deps({ history: dying, protectionGroups: groups, quotas, logger })),
    ).rejects.toThrow();
    expect(stack.emulator.jobs()).toHaveLength(0);

    // The group is edited (6 servers down to 2); the retry launches the recorded layout.
    groups.groups.set('pg-app', {
      id: 'pg-app',
      servers: six
        .slice(0, 2)
        .map((sourceServerId) => ({ sourceServerId, impact: 'CRITICAL' as const })),
    });
    const result = await startWave(input, stack.deps({ protectionGroups: groups, quotas, logger }));
    const jobs = stack.emulator.jobs();
    const layout = await stack.history.getLayout('e1', 'app');
    expect(layout?.serverCount).toBe(6);
    expect(serversOf(jobs)).toStrictEqual([...six].sort());
    expect(jobs).toHaveLength(3);
    expect(result).toStrictEqual({
      status: 'STARTED',
      jobIds: jobs.map((j) => j.jobID),
      serverCount: 6,
    });
    expect(await stack.history.getWave('e1', 'app')).toMatchObject({
      serverCount: 6,
      chunkCount: 3,
    });
    expect(warnings).toContain(
      'the plan or its groups changed since the wave was laid out: the recorded layout launches',
    );
    // Later attempts change nothing.
    await startWave(input, stack.deps({ protectionGroups: groups, quotas }));
    expect(stack.emulator.jobs()).toHaveLength(3);
  });

  it('2. records and follows job 0 of a wave whose job 1 never starts, then fails naming it', async () => {
    const plan = parseRecoveryPlan({
      id: 'p',
      waves: [{ id: 'app', servers: ids(2), timeoutSeconds: 1200 }],
    });
    const drill = await simulateDrill({
      plan,
      storage: 'dynalite',
      emulator: { quotas: { maxServersPerJob: 1 } },
      wrapDrs: (drs) =>
        override(drs, {
          startRecovery: async (request) => {
            if (request.tags?.[DRS_JOB_TAGS.chunk] === '1') throw http500();
            return drs.startRecovery(request);
          },
        }),
    });
    const { report } = drill;
    expect(drill.jobs).toHaveLength(1);
    const [wave] = report.waves;
    expect(wave?.jobIds).toStrictEqual([drill.jobs[0]?.jobID]);
    const launched = report.servers.find((s) => s.sourceServerId === ids(2)[0]);
    expect(launched).toMatchObject({ verdict: 'LAUNCHED', jobId: drill.jobs[0]?.jobID });
    expect(launched?.recoveryInstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(report.servers.find((s) => s.sourceServerId === ids(2)[1])).toMatchObject({
      verdict: 'FAILED',
      phase: 'NOT_STARTED',
      error: 'WaveTimeout',
    });
    expect(report.status).toBe('FAILED');
    expect(report.cause).toContain(
      "1 DRS job never started: Job 2: not started within the wave's timeout",
    );
    expect(report.cause).toContain('InternalServerException');
  });

  it('3. succeeds after one transient StartRecovery failure, with or without the job created', async () => {
    for (const created of [false, true]) {
      let failed = false;
      // No error reaches Step Functions: the claim is resolved at once, not held for its lease.
      const thrown: string[] = [];
      const plan = parseRecoveryPlan({ id: 'p', waves: [{ id: 'db', servers: ids(3) }] });
      const drill = await simulateDrill({
        plan,
        emulator: { quotas: { maxServersPerJob: 2 }, jobListingDelaySeconds: 10 },
        wrapDrs: (drs) =>
          override(drs, {
            startRecovery: async (request) => {
              if (failed) return drs.startRecovery(request);
              failed = true;
              // The answer is lost: DRS may have created the job (created) or not.
              if (created) await drs.startRecovery(request);
              throw http500();
            },
          }),
        wrapRouter: (handler) => (event) =>
          handler(event).catch((error: unknown) => {
            thrown.push((error as Error).name);
            throw error;
          }),
      });
      expect([created, drill.report.status, thrown]).toStrictEqual([created, 'SUCCEEDED', []]);
      expect(drill.jobs.map(chunkOf).sort()).toStrictEqual(['0', '1']);
      expect(serversOf(drill.jobs)).toStrictEqual(ids(3).sort());
    }
  });

  it('4. starts nothing after the execution is recorded CANCELLED', async () => {
    stack = await startStack();
    await stack.execution('e1', ['app']);
    const history = stack.history;
    const drs: DrsPort = override(stack.deps().drs, {
      startRecovery: async (request) => {
        const job = await stack?.deps().drs.startRecovery(request);
        // An operator cancels while the first job is being started.
        await history.updateExecution('e1', { status: 'CANCELLED', error: 'ExecutionCancelled' });
        return job as Job;
      },
    });
    const result = await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('app', ids(3)) },
      stack.deps({ drs, quotas: { maxServersPerJob: 1 } }),
    );
    expect(stack.emulator.jobs()).toHaveLength(1);
    expect(result.jobIds).toHaveLength(1);
    const chunks = await history.listChunks('e1', 'app');
    expect(chunks.map((c) => c.notStarted?.error)).toStrictEqual([
      undefined,
      'ExecutionCancelled',
      'ExecutionCancelled',
    ]);
  });

  it('5. retries a DynamoDB error on any read or write before StartRecovery, and succeeds', async () => {
    for (const method of [
      'getExecution',
      'getWave',
      'getLayout',
      'recordLayout',
      'createWave',
      'listChunks',
      'claimChunk',
    ] as const) {
      let thrown = 0;
      const plan = parseRecoveryPlan({ id: 'p', waves: [{ id: 'db', servers: ids(2) }] });
      const drill = await simulateDrill({
        plan,
        storage: 'dynalite',
        wrapHistory: (history) =>
          override(history, {
            [method]: async (...args: unknown[]) => {
              if (thrown === 0) {
                thrown += 1;
                throw named('ProvisionedThroughputExceededException', 'Injected: throttled');
              }
              return (history[method] as (...a: unknown[]) => Promise<unknown>).apply(
                history,
                args,
              );
            },
          } as Partial<ExecutionHistoryStore>),
      });
      expect([method, thrown, drill.report.status]).toStrictEqual([method, 1, 'SUCCEEDED']);
      expect(drill.jobs).toHaveLength(1);
    }
  });

  it('5b. retries a failing protection group read', async () => {
    let thrown = false;
    const groups: ProtectionGroupStore = {
      async getGroups(ids) {
        if (!thrown) {
          thrown = true;
          throw named('ProvisionedThroughputExceededException', 'Injected: throttled');
        }
        return new Map(
          ids.map((id) => [
            id,
            {
              id,
              servers: [{ sourceServerId: 's-00000000000000001', impact: 'CRITICAL' as const }],
            },
          ]),
        );
      },
    };
    const plan = parseRecoveryPlan({ id: 'p', waves: [{ id: 'db', protectionGroups: ['pg'] }] });
    const drill = await simulateDrill({ plan, stores: { protectionGroups: groups } });
    expect([thrown, drill.report.status]).toStrictEqual([true, 'SUCCEEDED']);
  });

  it('6. waits for quota held by a job outside the plan, then succeeds, reporting the wait', async () => {
    let foreign = false;
    const plan = parseRecoveryPlan({ id: 'p', waves: [{ id: 'db', servers: ids(2) }] });
    const drill = await simulateDrill({
      plan,
      emulator: { quotas: { maxConcurrentJobs: 1 } },
      wrapDrs: (drs) =>
        override(drs, {
          startRecovery: async (request) => {
            if (!foreign) {
              // Another plan (or a drill cleanup) takes the account's only job slot first.
              foreign = true;
              await drs.startRecovery({ sourceServerIds: ids(1, 500), isDrill: true, tags: {} });
            }
            return drs.startRecovery(request);
          },
        }),
    });
    expect(drill.report.status).toBe('SUCCEEDED');
    expect(drill.jobs).toHaveLength(2);
    const wait = drill.report.waves[0]?.quotaWaitSeconds ?? 0;
    expect(wait).toBeGreaterThan(60);
    expect(wait).toBeLessThan(20 * 60);
  });

  it('7. retries Lambda.Unknown, and a wave whose failure cannot be recorded does not stop its sibling', async () => {
    let unknown = 0;
    const plan = parseRecoveryPlan({
      id: 'p',
      waves: [
        { id: 'a', servers: ids(1) },
        { id: 'b', servers: ids(1, 10), dependsOn: [] },
      ],
    });
    const drill = await simulateDrill({
      plan,
      faults: {
        failLaunch: { [ids(1)[0] as string]: 'InsufficientInstanceCapacity' },
        slowLaunch: { [ids(1, 10)[0] as string]: 1800 },
      },
      wrapRouter: (handler) => async (event) => {
        const action = (event as { action?: string }).action;
        if (action === 'check_wave_status' && unknown < 2) {
          unknown += 1;
          throw named('Lambda.Unknown', 'Injected: out of memory');
        }
        if (action === 'record_wave_failure') throw named('Lambda.Unknown', 'Injected: crash');
        return handler(event);
      },
    });
    expect(unknown).toBe(2);
    // Wave b, in the same stage, ran to its end: its slow server launched and is recorded.
    const b = drill.report.waves.find((w) => w.waveId === 'b');
    expect(b).toMatchObject({ status: 'COMPLETED', launched: 1 });
    expect(drill.report.servers.find((s) => s.waveId === 'b')?.recoveryInstanceId).toMatch(/^i-/);
    // Wave a failed (recorded by its check), and the execution fails naming it.
    expect(drill.report.status).toBe('FAILED');
    expect(drill.report.cause).toMatch(/^Wave a failed: 1 critical server failed/);
  });

  it('9. refuses at run time a wave whose history would cross 25,000 events', async () => {
    const plan = parseRecoveryPlan({
      id: 'p',
      waves: [{ id: 'long', servers: ids(1), timeoutSeconds: 24 * 3600 }],
    });
    const drill = await simulateDrill({ plan });
    expect(drill.report.status).toBe('FAILED');
    expect(drill.report.error).toBe('ExecutionBudgetExceededError');
    expect(drill.report.cause).toContain('waves[long]: Needs up to');
    expect(drill.jobs).toHaveLength(0);
  });

  it('10. a resume launches nothing that the execution it resumes started without recording the job', async () => {
    stack = await startStack();
    const history = stack.history;
    const wave = waveOf('app', ids(3));
    await stack.execution('old', ['app']);
    // The old execution dies between StartRecovery and recording its job, then ends FAILED: its
    // start engine never reconciled the job DRS runs.
    await expect(
      startWave(
        { executionId: 'old', executionType: 'DRILL', wave },
        stack.deps({
          history: override(history, {
            setChunkJob: async () => {
              throw named('Sandbox.Timedout', 'Injected: the Lambda died');
            },
          }),
        }),
      ),
    ).rejects.toThrow('The execution history failed');
    expect(stack.emulator.jobs()).toHaveLength(1);
    expect((await history.listChunks('old', 'app')).map((c) => c.jobId)).toStrictEqual([undefined]);
    await history.updateExecution('old', { status: 'FAILED', error: 'WaveFailed' });
    await history.createExecution({
      executionId: 'new',
      planId: 'plan',
      executionType: 'DRILL',
      status: 'RUNNING',
      waveIds: ['app'],
      startedAt: stack.emulator.now().toISOString(),
      resumedFrom: { executionId: 'old', waveId: 'app' },
    });
    await startWave({ executionId: 'new', executionType: 'DRILL', wave }, stack.deps());
    // DRS has the one job still: the resume's layout left its servers out.
    expect(stack.emulator.jobs()).toHaveLength(1);
    expect((await history.getLayout('new', 'app'))?.serverCount).toBe(0);
  });
});
