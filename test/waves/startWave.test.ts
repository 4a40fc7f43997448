import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DRS_JOB_TAGS,
  type ExecutionHistoryStore,
  isExecutionMismatchError,
  isHistoryRecordNotFoundError,
  isHistoryUnavailableError,
  isInvalidExecutionTypeError,
  isInvalidPlanError,
  isUnknownProtectionGroupError,
  isWaveQuotaExceededError,
  startWave,
  type Wave,
} from '../../src/index';
import { override } from '../helpers/override';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds as ids, waveOf } from '../helpers/waves';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('startWave on the local stack', () => {
  it('splits a 250-server wave into three tagged drill jobs and records them', async () => {
    stack = await startStack();
    await stack.execution('e1', ['big']);
    const result = await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('big', ids(250)) },
      stack.deps(),
    );

    const jobs = stack.emulator.jobs();
    expect(result).toStrictEqual({
      status: 'STARTED',
      jobIds: jobs.map((j) => j.jobID),
      serverCount: 250,
    });
    expect(jobs.map((j) => j.participatingServers?.length)).toStrictEqual([100, 100, 50]);
    expect(jobs.every((j) => j.initiatedBy === 'START_DRILL')).toBe(true);
    expect(jobs.map((j) => j.tags)).toStrictEqual(
      [0, 1, 2].map((chunk) => ({
        [DRS_JOB_TAGS.executionId]: 'e1',
        [DRS_JOB_TAGS.waveId]: 'big',
        [DRS_JOB_TAGS.chunk]: String(chunk),
      })),
    );
    const wave = await stack.history.getWave('e1', 'big');
    expect(wave).toMatchObject({
      status: 'STARTED',
      serverCount: 250,
      chunkCount: 3,
      jobIds: result.jobIds,
    });
    const chunks = await stack.history.listChunks('e1', 'big');
    expect(chunks.map((c) => c.jobId)).toStrictEqual(result.jobIds);
    expect(new Set(chunks.flatMap((c) => c.servers.map((s) => s.sourceServerId))).size).toBe(250);
  });

  it('starts a RECOVERY only when the execution was recorded as one', async () => {
    stack = await startStack();
    await stack.execution('real', ['w'], 'RECOVERY');
    await startWave(
      { executionId: 'real', executionType: 'RECOVERY', wave: waveOf('w', ids(2)) },
      stack.deps(),
    );
    expect(stack.emulator.jobs().map((j) => j.initiatedBy)).toStrictEqual(['START_RECOVERY']);

    await stack.execution('drill', ['w']);
    const caught = await startWave(
      { executionId: 'drill', executionType: 'RECOVERY', wave: waveOf('w', ids(2, 10)) },
      stack.deps(),
    ).catch((e: unknown) => e);
    expect(isExecutionMismatchError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      'Execution "drill" was recorded with executionType "DRILL", not "RECOVERY"',
    );
    expect(stack.emulator.jobs()).toHaveLength(1);
  });

  it('returns the same jobs to a retried call without starting new ones', async () => {
    stack = await startStack();
    await stack.execution('e1', ['w']);
    const input = {
      executionId: 'e1',
      executionType: 'DRILL' as const,
      wave: waveOf('w', ids(150)),
    };
    const first = await startWave(input, stack.deps());
    const second = await startWave(input, stack.deps());
    expect(second).toStrictEqual(first);
    expect(stack.emulator.requestCount('StartRecovery')).toBe(2);
    expect(stack.emulator.jobs()).toHaveLength(2);
  });

  it('finds the job a dead invocation started when its write was lost, and starts nothing twice', async () => {
    stack = await startStack();
    await stack.execution('e1', ['w']);
    const input = {
      executionId: 'e1',
      executionType: 'DRILL' as const,
      wave: waveOf('w', ids(120)),
    };
    // The Lambda dies after StartRecovery succeeds for chunk 0, before recording its job ID.
    const dying: ExecutionHistoryStore = override(stack.history, {
      setChunkJob: async () => {
        throw new Error('Lambda timed out');
      },
    });
    const error = await startWave(input, stack.deps({ history: dying })).catch((e: unknown) => e);
    // Retryable: the state machine retries it rather than failing the wave.
    expect(isHistoryUnavailableError(error)).toBe(true);
    expect((error as Error).cause).toHaveProperty('message', 'Lambda timed out');
    expect(stack.emulator.jobs()).toHaveLength(1);
    expect((await stack.history.getWave('e1', 'w'))?.status).toBe('STARTED');

    // Step Functions retries at once: the claim is fresh, but reconciliation finds the job.
    const retried = await startWave(input, stack.deps());
    const jobs = stack.emulator.jobs();
    expect(jobs).toHaveLength(2);
    expect(
      new Set(jobs.flatMap((j) => j.participatingServers?.map((p) => p.sourceServerID))),
    ).toHaveProperty('size', 120);
    expect(retried).toStrictEqual({
      status: 'STARTED',
      jobIds: jobs.map((j) => j.jobID),
      serverCount: 120,
    });
    expect((await stack.history.getWave('e1', 'w'))?.jobIds).toStrictEqual(retried.jobIds);
  });

  it('makes a history error after DRS accepted a job retryable, and the retry records that job', async () => {
    stack = await startStack();
    await stack.execution('e1', ['w']);
    const input = { executionId: 'e1', executionType: 'DRILL' as const, wave: waveOf('w', ids(3)) };
    const throttled = (name: string) =>
      Object.assign(new Error('The level of configured provisioned throughput was exceeded'), {
        name,
      });
    // DynamoDB refuses the job ID's write; then, on another run, the wave's job list update.
    for (const method of ['setChunkJob', 'updateWave'] as const) {
      const history: ExecutionHistoryStore = override(stack.history, {
        [method]: async () => {
          throw throttled('ProvisionedThroughputExceededException');
        },
      });
      const error = await startWave(input, stack.deps({ history })).catch((e: unknown) => e);
      expect(isHistoryUnavailableError(error)).toBe(true);
      expect((error as Error).cause).toHaveProperty(
        'name',
        'ProvisionedThroughputExceededException',
      );
    }
    expect(stack.emulator.jobs()).toHaveLength(1);
    const retried = await startWave(input, stack.deps());
    expect(retried).toStrictEqual({
      status: 'STARTED',
      jobIds: stack.emulator.jobs().map((j) => j.jobID),
      serverCount: 3,
    });
    expect(stack.emulator.jobs()).toHaveLength(1);
  });

  it('keeps one job when a claim expires while its StartRecovery is still in flight', async () => {
    stack = await startStack();
    await stack.execution('e1', ['w']);
    const input = { executionId: 'e1', executionType: 'DRILL' as const, wave: waveOf('w', ids(2)) };
    const deps = stack.deps();
    const signal = () => {
      let fire!: () => void;
      const fired = new Promise<void>((resolve) => {
        fire = resolve;
      });
      return { fire, fired };
    };
    const [reached, release, landed] = [signal(), signal(), signal()];
    // Invocation A claims the chunk; its StartRecovery call is held in flight.
    const slow = override(deps.drs, {
      startRecovery: async (request) => {
        reached.fire();
        await release.fired;
        const job = await deps.drs.startRecovery(request);
        landed.fire();
        return job;
      },
    });
    // A's outcome is caught at once: it may settle while B runs.
    const a = startWave(input, { ...deps, drs: slow }).catch((e: unknown) => e);
    await reached.fired;
    // The lease passes; invocation B takes the claim over, finds no job to reconcile, and calls
    // DRS just after A's call landed: DRS answers ConflictException, for A's own job.
    stack.emulator.advance(121_000);
    const late = override(deps.drs, {
      startRecovery: async (request) => {
        release.fire();
        await landed.fired;
        return deps.drs.startRecovery(request);
      },
    });
    const b = await startWave(input, { ...deps, drs: late });
    const jobs = stack.emulator.jobs();
    expect(jobs).toHaveLength(1);
    const expected = { status: 'STARTED', jobIds: [jobs[0]?.jobID], serverCount: 2 };
    expect(b).toStrictEqual(expected);
    // A, still running, never fails the wave: its own record of the job is refused (B holds
    // the claim), and it answers STARTED, leaving the rest to B and to later checks.
    const outcomeOfA = (await a) as { status: string; jobIds: string[] };
    expect(outcomeOfA.status).toBe('STARTED');
    for (const id of outcomeOfA.jobIds) expect(expected.jobIds).toContain(id);
    expect(await stack.history.getWave('e1', 'w')).toMatchObject({
      status: 'STARTED',
      jobIds: expected.jobIds,
    });
  });

  it('lets two concurrent starts of one wave create one set of jobs', async () => {
    stack = await startStack();
    await stack.execution('e1', ['w']);
    const input = {
      executionId: 'e1',
      executionType: 'DRILL' as const,
      wave: waveOf('w', ids(300)),
    };
    const deps = stack.deps({ quotas: { maxServersInActiveJobs: 500 } });
    const outcomes = await Promise.all([startWave(input, deps), startWave(input, deps)]);
    // Neither fails: a chunk the other one holds is left to it (and to later checks).
    const settled = await startWave(input, deps);
    expect(stack.emulator.jobs()).toHaveLength(3);
    expect(settled).toStrictEqual({
      status: 'STARTED',
      jobIds: stack.emulator.jobs().map((j) => j.jobID),
      serverCount: 300,
    });
    for (const o of outcomes) {
      expect(o.status).toBe('STARTED');
      for (const id of o.jobIds) expect(settled.jobIds).toContain(id);
      expect(o.jobIds.length + (o.waitingJobs ?? 0)).toBe(3);
    }
  });

  it('refuses a 600-server wave before any DRS call, naming the quota', async () => {
    stack = await startStack();
    await stack.execution('e1', ['huge']);
    const caught = await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('huge', ids(600)) },
      stack.deps(),
    ).catch((e: unknown) => e);
    expect(isWaveQuotaExceededError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      'Wave "huge" needs 600 against the DRS quota maxServersInActiveJobs of 500: split it into smaller waves',
    );
    expect(stack.emulator.requestCount()).toBe(0);
    expect(await stack.history.getWave('e1', 'huge')).toBeUndefined();
  });

  it('completes a wave whose groups are empty without any DRS call', async () => {
    stack = await startStack();
    await stack.execution('e1', ['quiet']);
    const result = await startWave(
      {
        executionId: 'e1',
        executionType: 'DRILL',
        wave: waveOf('quiet', [], { protectionGroups: ['pg-empty'] }),
      },
      stack.deps({}, [{ id: 'pg-empty', servers: [] }]),
    );
    expect(result).toStrictEqual({ status: 'COMPLETED', jobIds: [], serverCount: 0, empty: true });
    expect(stack.emulator.requestCount()).toBe(0);
    expect((await stack.history.getWave('e1', 'quiet'))?.status).toBe('COMPLETED');
  });

  it('resolves groups and inline servers, removing duplicates, critical winning', async () => {
    stack = await startStack();
    await stack.execution('e1', ['w']);
    const [a, b, c] = ids(3);
    const wave: Wave = {
      ...waveOf('w', [a as string], { protectionGroups: ['pg-1', 'pg-2'] }),
      servers: [{ sourceServerId: a as string, impact: 'OPTIONAL' }],
    };
    await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave },
      stack.deps({}, [
        {
          id: 'pg-1',
          servers: [
            { sourceServerId: a as string, impact: 'CRITICAL' },
            { sourceServerId: b as string, impact: 'OPTIONAL' },
          ],
        },
        {
          id: 'pg-2',
          servers: [
            { sourceServerId: b as string, impact: 'OPTIONAL' },
            { sourceServerId: c as string, impact: 'CRITICAL' },
          ],
        },
      ]),
    );
    expect((await stack.history.listChunks('e1', 'w'))[0]?.servers).toStrictEqual([
      { sourceServerId: a, impact: 'CRITICAL' },
      { sourceServerId: b, impact: 'OPTIONAL' },
      { sourceServerId: c, impact: 'CRITICAL' },
    ]);
  });

  it("sends servers of another Region through that Region's client, in their own job", async () => {
    stack = await startStack();
    const other = await startStack({ region: 'eu-west-1' });
    try {
      await stack.execution('e1', ['w']);
      const otherDrs = other.deps().drs;
      const seen: string[] = [];
      await startWave(
        {
          executionId: 'e1',
          executionType: 'DRILL',
          wave: waveOf('w', ids(2), { protectionGroups: ['pg-eu'] }),
        },
        stack.deps(
          {
            drsForRegion: (region) => {
              seen.push(region);
              return otherDrs;
            },
          },
          [
            {
              id: 'pg-eu',
              region: 'eu-west-1',
              servers: ids(3, 100).map((sourceServerId) => ({
                sourceServerId,
                impact: 'CRITICAL' as const,
              })),
            },
          ],
        ),
      );
      expect(stack.emulator.jobs().map((j) => j.participatingServers?.length)).toStrictEqual([2]);
      expect(other.emulator.jobs().map((j) => j.participatingServers?.length)).toStrictEqual([3]);
      expect(seen).toStrictEqual(['eu-west-1']);
      expect((await stack.history.listChunks('e1', 'w')).map((c) => c.region)).toStrictEqual([
        undefined,
        'eu-west-1',
      ]);
    } finally {
      await other.close();
    }
  });

  it('splits a wave spanning accounts into jobs per (account, Region), within each account quotas', async () => {
    stack = await startStack();
    const a = await startStack();
    const b = await startStack({ region: 'eu-west-1' });
    try {
      await stack.execution('e1', ['w']);
      const ports = new Map([
        ['111111111111|', a.deps().drs],
        ['222222222222|eu-west-1', b.deps().drs],
      ]);
      const seen: string[] = [];
      const wave: Wave = {
        ...waveOf('w', ids(2), { protectionGroups: ['pg-b'] }),
        accountId: '111111111111',
        servers: [
          ...ids(2).map((sourceServerId) => ({ sourceServerId, impact: 'CRITICAL' as const })),
          {
            sourceServerId: ids(1, 50)[0] as string,
            impact: 'CRITICAL',
            accountId: '222222222222',
            region: 'eu-west-1',
          },
        ],
      };
      const result = await startWave(
        { executionId: 'e1', executionType: 'DRILL', wave },
        stack.deps(
          {
            // One job at a time, of 2 servers, 2 servers in active jobs: per account.
            quotas: { maxServersPerJob: 2, maxConcurrentJobs: 1, maxServersInActiveJobs: 2 },
            drsFor: (target) => {
              const key = `${target.accountId ?? ''}|${target.region ?? ''}`;
              seen.push(key);
              const port = ports.get(key);
              if (port === undefined) throw new Error(`no DRS for ${key}`);
              return port;
            },
          },
          [
            {
              id: 'pg-b',
              accountId: '222222222222',
              region: 'eu-west-1',
              servers: [{ sourceServerId: ids(1, 51)[0] as string, impact: 'CRITICAL' }],
            },
          ],
        ),
      );
      expect(result).toMatchObject({ status: 'STARTED', serverCount: 4 });
      expect(result.jobIds).toHaveLength(2);
      expect(stack.emulator.jobs()).toStrictEqual([]);
      expect(a.emulator.jobs().map((j) => j.participatingServers?.length)).toStrictEqual([2]);
      expect(b.emulator.jobs().map((j) => j.participatingServers?.length)).toStrictEqual([2]);
      expect(new Set(seen)).toStrictEqual(new Set(ports.keys()));
      const chunks = await stack.history.listChunks('e1', 'w');
      expect(chunks.map((c) => [c.accountId, c.region])).toStrictEqual([
        ['111111111111', undefined],
        ['222222222222', 'eu-west-1'],
      ]);
      const layout = await stack.history.getLayout('e1', 'w');
      expect(layout?.chunks.map((c) => c.accountId)).toStrictEqual([
        '111111111111',
        '222222222222',
      ]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('fails a start with no DRS for an account the wave names, naming the account', async () => {
    stack = await startStack();
    await stack.execution('e1', ['w']);
    const caught = await startWave(
      {
        executionId: 'e1',
        executionType: 'DRILL',
        wave: { ...waveOf('w', ids(1)), accountId: '111111111111' },
      },
      stack.deps(),
    ).catch((e: unknown) => e);
    expect((caught as Error).message).toContain(
      'Expected a DRS client factory for servers in account 111111111111, got none',
    );
    expect(stack.emulator.jobs()).toStrictEqual([]);
  });

  it('fails the wave, recorded, when DRS refuses a job', async () => {
    stack = await startStack({ sourceServerIds: ids(2) });
    await stack.execution('e1', ['w']);
    const result = await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('w', ids(3)) },
      stack.deps(),
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'WaveFailed', jobIds: [] });
    expect(result.cause).toMatch(
      /^Wave w failed: 3 critical servers failed: s-\S+ \(ValidationException\), .*; 1 DRS job never started: Job 1: DRS refused it: /,
    );
    expect(await stack.history.getWave('e1', 'w')).toMatchObject({
      status: 'FAILED',
      error: 'WaveFailed',
    });
    // Every server of the wave has its outcome, with why.
    const servers = await stack.history.listServers('e1', 'w');
    expect(servers.map((r) => [r.verdict, r.phase, r.error])).toStrictEqual(
      Array.from({ length: 3 }, () => ['FAILED', 'NOT_STARTED', 'ValidationException']),
    );
  });
});

describe('startWave refuses bad input before writing anything', () => {
  const cases: [string, (s: Stack) => Promise<unknown>, (e: unknown) => boolean, string][] = [
    [
      'an unknown protection group',
      (s) =>
        startWave(
          {
            executionId: 'e1',
            executionType: 'DRILL',
            wave: waveOf('w', [], { protectionGroups: ['pg-nope', 'pg-gone'] }),
          },
          s.deps(),
        ),
      isUnknownProtectionGroupError,
      'Wave "w" names unknown protection groups: "pg-nope", "pg-gone"',
    ],
    [
      'a malformed server ID',
      (s) =>
        startWave(
          { executionId: 'e1', executionType: 'DRILL', wave: waveOf('w', ['s-123']) },
          s.deps(),
        ),
      isInvalidPlanError,
      'Invalid recovery plan (1 problem):\n- waves[w].servers[0]: Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got "s-123"',
    ],
    [
      'a wave without servers',
      (s) =>
        startWave(
          {
            executionId: 'e1',
            executionType: 'DRILL',
            wave: { id: 'w', protectionGroups: [], requireApproval: false } as never,
          },
          s.deps(),
        ),
      isInvalidPlanError,
      'Invalid recovery plan (1 problem):\n- waves[w].servers: Expected a list, got nothing',
    ],
    [
      'a wave whose servers are null, and a server with a bogus impact',
      (s) =>
        startWave(
          {
            executionId: 'e1',
            executionType: 'DRILL',
            wave: {
              id: 'w',
              servers: [{ sourceServerId: ids(1)[0], impact: 'WHATEVER' }],
              protectionGroups: null,
            } as never,
          },
          s.deps(),
        ),
      isInvalidPlanError,
      'Invalid recovery plan (2 problems):\n- waves[w].protectionGroups: Expected a list, got null\n- waves[w].servers[0]: Expected { sourceServerId, impact: "CRITICAL" | "OPTIONAL" }, got impact "WHATEVER"',
    ],
    [
      'no wave at all',
      (s) =>
        startWave({ executionId: 'e1', executionType: 'DRILL', wave: null as never }, s.deps()),
      isInvalidPlanError,
      'Invalid recovery plan (1 problem):\n- wave: Expected a wave from parseRecoveryPlan, got null',
    ],
    [
      'a wrong execution type',
      (s) =>
        startWave(
          { executionId: 'e1', executionType: 'drill' as 'DRILL', wave: waveOf('w', ids(1)) },
          s.deps(),
        ),
      isInvalidExecutionTypeError,
      'Expected execution type "DRILL" or "RECOVERY", got "drill"',
    ],
    [
      'a missing execution',
      (s) =>
        startWave(
          { executionId: 'nope', executionType: 'DRILL', wave: waveOf('w', ids(1)) },
          s.deps(),
        ),
      isHistoryRecordNotFoundError,
      'No execution "nope" in the execution history',
    ],
    [
      'a wave the execution does not have',
      (s) =>
        startWave(
          { executionId: 'e1', executionType: 'DRILL', wave: waveOf('other', ids(1)) },
          s.deps(),
        ),
      isExecutionMismatchError,
      'Execution "e1" was recorded with waveIds "w", not "other"',
    ],
  ];

  it.each(cases)('%s', async (_name, call, guard, message) => {
    stack = await startStack();
    await stack.execution('e1', ['w']);
    const caught = await call(stack).catch((e: unknown) => e);
    expect(guard(caught)).toBe(true);
    expect((caught as Error).message).toBe(message);
    expect(stack.emulator.requestCount()).toBe(0);
    const items = await stack.dynamo.doc.send(new ScanCommand({ TableName: stack.tableName }));
    expect(items.Items?.map((i) => i.SK)).toStrictEqual(['EXECUTION']);
  });
});
