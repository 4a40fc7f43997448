import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkWaveStatus,
  DRS_API_LIMITS,
  isHistoryRecordNotFoundError,
  isHistoryUnavailableError,
  MAX_NAMED_FAILURES,
  type StartWaveDeps,
  startWave,
  type WaveStatusSummary,
} from '../../src/index';
import { override } from '../helpers/override';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds as ids, waveOf } from '../helpers/waves';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Polls every `everyMs` virtual milliseconds until the wave is done; returns every summary. */
async function pollToEnd(
  s: Stack,
  executionId: string,
  waveId: string,
  deps: StartWaveDeps,
  everyMs = 30_000,
  max = 400,
) {
  const summaries: WaveStatusSummary[] = [];
  for (let i = 0; i < max; i += 1) {
    s.emulator.advance(everyMs);
    const summary = await checkWaveStatus({ executionId, waveId }, deps);
    summaries.push(summary);
    if (summary.status !== 'IN_PROGRESS') return summaries;
  }
  throw new Error(`wave ${waveId} still in progress after ${max} polls`);
}

describe('checkWaveStatus on the local stack', () => {
  it('follows a drill to COMPLETED and records every instance ID', async () => {
    stack = await startStack();
    const deps = stack.deps();
    await stack.execution('e1', ['db']);
    await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('db', ids(2)) },
      deps,
    );
    const summaries = await pollToEnd(stack, 'e1', 'db', deps);
    const last = summaries.at(-1);
    expect(last).toStrictEqual({
      waveId: 'db',
      status: 'COMPLETED',
      total: 2,
      launched: 2,
      failed: 0,
      pending: 0,
      criticalFailed: 0,
      failures: [],
      pollCount: summaries.length,
    });
    expect(summaries.slice(0, -1).every((x) => x.status === 'IN_PROGRESS')).toBe(true);
    const servers = await stack.history.listServers('e1', 'db');
    const instances = stack.emulator.jobs()[0]?.participatingServers?.map((p) => p.sourceServerID);
    expect(servers.map((x) => x.sourceServerId)).toStrictEqual(instances?.sort());
    for (const server of servers) {
      expect(server).toMatchObject({ verdict: 'LAUNCHED', launchStatus: 'LAUNCHED' });
      expect(server.recoveryInstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    }
    expect(await stack.history.getWave('e1', 'db')).toMatchObject({
      status: 'COMPLETED',
      pollCount: summaries.length,
      counts: { launched: 2, failed: 0, pending: 0, criticalFailed: 0 },
      countsByLaunchStatus: { LAUNCHED: 2 },
    });
  });

  it('makes one DescribeJobs call per poll and reads each job log once, when the job completes', async () => {
    stack = await startStack();
    const deps = stack.deps();
    await stack.execution('e1', ['w']);
    await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('w', ids(300)) },
      deps,
    );
    const before = {
      jobs: stack.emulator.requestCount('DescribeJobs'),
      logs: stack.emulator.requestCount('DescribeJobLogItems'),
    };
    const summaries = await pollToEnd(stack, 'e1', 'w', deps);
    const polls = summaries.length;
    expect(stack.emulator.requestCount('DescribeJobs') - before.jobs).toBe(polls);
    const logCalls = stack.emulator.requestCount('DescribeJobLogItems') - before.logs;
    // Each job's log is read once, when the job has completed, in pages of 1000 (the largest
    // DRS serves): one page per job here.
    let pages = 0;
    for (const job of stack.emulator.jobs()) {
      const items = await deps.drs.describeJobLogItems(job.jobID ?? '');
      pages += Math.ceil(items.length / DRS_API_LIMITS.maxJobLogItemsPerPage);
    }
    expect(pages).toBe(stack.emulator.jobs().length);
    expect(logCalls).toBe(pages);
    // Finished and read jobs are settled: a later check costs no DRS call at all.
    const total = stack.emulator.requestCount();
    expect((await checkWaveStatus({ executionId: 'e1', waveId: 'w' }, deps)).status).toBe(
      'COMPLETED',
    );
    expect(stack.emulator.requestCount()).toBe(total);
  });

  it('rewrites no chunk on a poll where nothing moved', async () => {
    const servers = ids(3);
    stack = await startStack({ faults: { stuckServers: [servers[0] ?? ''] } });
    const base = stack.deps();
    let chunkWrites = 0;
    const history = override(base.history, {
      updateChunk: async (...args) => {
        chunkWrites += 1;
        return base.history.updateChunk(...args);
      },
    });
    const deps = { ...base, history };
    await stack.execution('e1', ['w']);
    await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('w', servers) },
      deps,
    );
    stack.emulator.advance(30 * 60_000);
    await checkWaveStatus({ executionId: 'e1', waveId: 'w' }, deps);
    expect(chunkWrites).toBe(1);
    // The job is still running (one server is stuck) and nothing moved since the last poll.
    const again = await checkWaveStatus({ executionId: 'e1', waveId: 'w' }, deps);
    expect(again.status).toBe('IN_PROGRESS');
    expect(chunkWrites).toBe(1);
  });

  it('fails the wave for a critical failure, not for an optional one, naming the server', async () => {
    const [ok, optional, broken] = ids(3) as [string, string, string];
    stack = await startStack({
      faults: {
        failLaunch: { [optional]: 'optional box failed', [broken]: 'InsufficientInstanceCapacity' },
      },
    });
    const deps = stack.deps();
    await stack.execution('e1', ['mixed', 'soft']);
    await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('mixed', [ok, broken]) },
      deps,
    );
    const failed = (await pollToEnd(stack, 'e1', 'mixed', deps)).at(-1);
    expect(failed).toMatchObject({
      status: 'FAILED',
      launched: 1,
      failed: 1,
      criticalFailed: 1,
      failures: [{ sourceServerId: broken, error: 'InsufficientInstanceCapacity' }],
    });
    expect(await stack.history.getWave('e1', 'mixed')).toMatchObject({
      status: 'FAILED',
      error: 'WaveFailed',
      cause: `Wave mixed failed: 1 critical server failed: ${broken} (InsufficientInstanceCapacity)`,
    });

    await startWave(
      {
        executionId: 'e1',
        executionType: 'DRILL',
        wave: waveOf('soft', [optional], { optional: [optional] }),
      },
      deps,
    );
    expect((await pollToEnd(stack, 'e1', 'soft', deps)).at(-1)).toMatchObject({
      status: 'COMPLETED',
      failed: 1,
      criticalFailed: 0,
    });
  });

  it('keeps a 1,000-server summary small, with at most a few named failures', {
    timeout: 60_000,
  }, async () => {
    const servers = ids(1000);
    const failing = Object.fromEntries(
      servers.slice(0, 40).map((id) => [id, `launch failed: ${'x'.repeat(200)}`]),
    );
    stack = await startStack({
      faults: { failLaunch: failing },
      quotas: { maxServersInActiveJobs: 1000 },
    });
    const deps = stack.deps({ quotas: { maxServersInActiveJobs: 1000 } });
    await stack.execution('e1', ['k']);
    await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('k', servers) },
      deps,
    );
    const summaries = await pollToEnd(stack, 'e1', 'k', deps, 120_000);
    const largest = Math.max(...summaries.map((x) => Buffer.byteLength(JSON.stringify(x))));
    console.log(
      `checkWaveStatus: largest summary of a 1,000-server wave: ${largest} bytes over ${summaries.length} polls`,
    );
    expect(largest).toBeLessThan(4096);
    expect(summaries.at(-1)).toMatchObject({
      status: 'FAILED',
      total: 1000,
      launched: 960,
      failed: 40,
      criticalFailed: 40,
    });
    expect(summaries.at(-1)?.failures).toHaveLength(MAX_NAMED_FAILURES);
    expect((await stack.history.getWave('e1', 'k'))?.cause).toMatch(/, and 35 more$/);
  });

  it('records a 3,000-server execution with every item far below 400 KB', {
    timeout: 120_000,
  }, async () => {
    stack = await startStack();
    const deps = stack.deps();
    const waveIds = Array.from({ length: 30 }, (_, i) => `wave-${i}`);
    await stack.execution('e3000', waveIds);
    for (const [i, waveId] of waveIds.entries()) {
      await startWave(
        { executionId: 'e3000', executionType: 'DRILL', wave: waveOf(waveId, ids(100, i * 100)) },
        deps,
      );
      expect((await pollToEnd(stack, 'e3000', waveId, deps, 600_000)).at(-1)?.status).toBe(
        'COMPLETED',
      );
    }
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await stack.dynamo.doc.send(
        new ScanCommand({
          TableName: stack.tableName,
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    // JSON length over-estimates DynamoDB's item size (names + values), so it is a safe bound.
    const sizes = items.map((item) => ({
      sk: String(item.SK),
      bytes: Buffer.byteLength(JSON.stringify(item)),
    }));
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    console.log(
      `history of a 3,000-server execution: ${items.length} items, largest ${largest.bytes} bytes (${largest.sk})`,
    );
    expect(items.filter((i) => String(i.SK).startsWith('SERVER#'))).toHaveLength(3000);
    expect(largest.bytes).toBeLessThan(100 * 1024);
    const servers = await stack.history.listServers('e3000');
    expect(
      servers.every((x) => x.verdict === 'LAUNCHED' && x.recoveryInstanceId !== undefined),
    ).toBe(true);
  });

  it('records the instance of a server launched in a job that never completes, on a final check', async () => {
    const [launched, stuck] = ids(2) as [string, string];
    stack = await startStack({ faults: { stuckServers: [stuck] } });
    const deps = stack.deps();
    await stack.execution('e1', ['db']);
    await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('db', [launched, stuck]) },
      deps,
    );
    stack.emulator.advance(60 * 60_000);
    // A normal check follows launch statuses only: the log waits for the job to complete, and
    // the verdicts are kept in the chunk until then (no server record yet).
    await checkWaveStatus({ executionId: 'e1', waveId: 'db' }, deps);
    expect(await stack.history.listServers('e1', 'db')).toStrictEqual([]);
    const [chunk] = await stack.history.listChunks('e1', 'db');
    expect(chunk?.verdicts).toStrictEqual({ [launched]: 'LAUNCHED', [stuck]: 'PENDING' });

    const summary = await checkWaveStatus(
      { executionId: 'e1', waveId: 'db', finalCheck: true },
      deps,
    );
    expect(summary).toMatchObject({ status: 'IN_PROGRESS', launched: 1, pending: 1 });
    const after = await stack.history.listServers('e1', 'db');
    expect(after.find((s) => s.sourceServerId === launched)?.recoveryInstanceId).toMatch(
      /^i-[0-9a-f]{17}$/,
    );
    expect(after.find((s) => s.sourceServerId === stuck)).toMatchObject({ verdict: 'PENDING' });
  });

  it('turns a history failure mid-check into the retryable HistoryUnavailableError', async () => {
    stack = await startStack();
    const deps = stack.deps();
    await stack.execution('e1', ['db']);
    await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: waveOf('db', ids(2)) },
      deps,
    );
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
      name: 'ProvisionedThroughputExceededException',
    });
    const failing = override(stack.history, {
      putServers: async () => {
        throw throttled;
      },
    });
    stack.emulator.advance(30_000);
    const caught = await checkWaveStatus(
      { executionId: 'e1', waveId: 'db' },
      { ...deps, history: failing },
    ).catch((e: unknown) => e);
    expect(isHistoryUnavailableError(caught)).toBe(true);
    expect((caught as Error).message).toBe('The execution history failed during putServers: retry');
    expect((caught as Error).cause).toBe(throttled);
    // Nothing was decided: the next check, with the history back, goes on as if it never happened.
    expect((await stack.history.getWave('e1', 'db'))?.pollCount).toBe(0);
    expect((await checkWaveStatus({ executionId: 'e1', waveId: 'db' }, deps)).pollCount).toBe(1);
  });

  it('refuses a wave that was never started', async () => {
    stack = await startStack();
    const caught = await checkWaveStatus(
      { executionId: 'e1', waveId: 'ghost' },
      stack.deps(),
    ).catch((e: unknown) => e);
    expect(isHistoryRecordNotFoundError(caught)).toBe(true);
    expect((caught as Error).message).toBe('No wave "e1/ghost" in the execution history');
  });
});
