import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChunkRecord,
  DynamoDbExecutionHistoryStore,
  type ExecutionHistoryStore,
  type ExecutionRecord,
  InMemoryExecutionHistoryStore,
  isHistoryRecordNotFoundError,
  type PlanReadinessRecord,
  type ServerRecord,
  type WaveRecord,
} from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite';

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

async function dynamoStore(): Promise<ExecutionHistoryStore> {
  tables += 1;
  const tableName = `history-${tables}`;
  await dynamo.createTable(DynamoDbExecutionHistoryStore.tableDefinition(tableName));
  return new DynamoDbExecutionHistoryStore({ client: dynamo.doc, tableName });
}

const execution = (executionId: string): ExecutionRecord => ({
  executionId,
  planId: 'p',
  executionType: 'DRILL',
  status: 'RUNNING',
  waveIds: ['a', 'b'],
  startedAt: '2026-01-01T00:00:00.000Z',
});
const wave = (executionId: string, waveId: string): WaveRecord => ({
  executionId,
  waveId,
  status: 'STARTING',
  serverCount: 2,
  chunkCount: 1,
  jobIds: [],
  pollCount: 0,
  startedAt: '2026-01-01T00:00:00.000Z',
});
const chunk = (executionId: string, waveId: string, chunkIndex: number): ChunkRecord => ({
  executionId,
  waveId,
  chunkIndex,
  servers: [{ sourceServerId: fakeSourceServerId(chunkIndex), impact: 'CRITICAL' }],
  launchStatuses: {},
  verdicts: {},
  settled: false,
});

describe.each([
  ['in memory', async () => new InMemoryExecutionHistoryStore() as ExecutionHistoryStore],
  ['DynamoDB (dynalite)', dynamoStore],
])('ExecutionHistoryStore contract: %s', (_name, make) => {
  it('keeps one readiness record per plan, written only by a check that read the last one', async () => {
    const store = await make();
    const readiness = (runs: number, ready: boolean): PlanReadinessRecord => ({
      planId: 'shop',
      checkedAt: `2026-01-01T0${runs}:00:00.000Z`,
      ready,
      blocking: ready ? 0 : 1,
      warnings: 0,
      fingerprint: ready ? 'e3b0c44298fc1c14' : '5f0a1b2c3d4e5f60',
      blockingKeys: ready ? [] : ['REPLICATION_NOT_CONTINUOUS s-00000000000000001 (db)'],
      findings: [],
      runs,
      since: '2026-01-01T01:00:00.000Z',
      changes: [],
    });
    expect(await store.getPlanReadiness('shop')).toBeUndefined();
    // The first write expects none; a second first write loses.
    expect(await store.putPlanReadiness(readiness(1, true), 0)).toBe(true);
    expect(await store.putPlanReadiness(readiness(1, false), 0)).toBe(false);
    expect(await store.getPlanReadiness('shop')).toStrictEqual(readiness(1, true));
    // Two checks that both read run 1: the first to write wins, the other writes nothing.
    expect(await store.putPlanReadiness(readiness(2, false), 1)).toBe(true);
    expect(await store.putPlanReadiness(readiness(2, true), 1)).toBe(false);
    expect(await store.getPlanReadiness('shop')).toStrictEqual(readiness(2, false));
    // Plans apart, and apart from executions of the same ID.
    expect(await store.getPlanReadiness('other')).toBeUndefined();
    await store.createExecution(execution('shop'));
    expect(await store.getPlanReadiness('shop')).toStrictEqual(readiness(2, false));
  });

  it('creates an execution once and updates it', async () => {
    const store = await make();
    expect(await store.createExecution(execution('e1'))).toStrictEqual({
      created: true,
      record: execution('e1'),
    });
    const second = await store.createExecution({ ...execution('e1'), planId: 'other' });
    expect(second).toStrictEqual({ created: false, record: execution('e1') });
    await store.updateExecution('e1', {
      status: 'FAILED',
      error: 'WaveFailed',
      cause: 'Wave a failed',
    });
    expect(await store.getExecution('e1')).toStrictEqual({
      ...execution('e1'),
      status: 'FAILED',
      error: 'WaveFailed',
      cause: 'Wave a failed',
    });
    expect(await store.getExecution('missing')).toBeUndefined();
  });

  it('keeps a status it is told to keep, atomically, and updates any other', async () => {
    const store = await make();
    const keep = { unlessStatus: 'CANCELLED' } as const;
    await store.createExecution(execution('e1'));
    await store.createExecution(execution('e2'));
    await store.updateExecution('e1', { status: 'CANCELLED', cause: 'operator' });
    await store.updateExecution('e1', { status: 'FAILED', error: 'WaveFailed' }, keep);
    expect(await store.getExecution('e1')).toStrictEqual({
      ...execution('e1'),
      status: 'CANCELLED',
      cause: 'operator',
    });
    await store.updateExecution('e2', { status: 'SUCCEEDED', endedAt: 'later' }, keep);
    expect(await store.getExecution('e2')).toMatchObject({ status: 'SUCCEEDED', endedAt: 'later' });
    await expect(store.updateExecution('ghost', { status: 'FAILED' }, keep)).rejects.toThrow(
      'No execution "ghost" in the execution history',
    );
  });

  it('refuses to update what does not exist, writing nothing', async () => {
    const store = await make();
    const caught = await store
      .updateExecution('ghost', { status: 'FAILED' })
      .catch((e: unknown) => e);
    expect(isHistoryRecordNotFoundError(caught)).toBe(true);
    expect((caught as Error).message).toBe('No execution "ghost" in the execution history');
    expect(await store.getExecution('ghost')).toBeUndefined();
    await expect(store.updateWave('ghost', 'a', { pollCount: 1 })).rejects.toThrow(
      'No wave "ghost/a" in the execution history',
    );
    await expect(store.updateChunk('ghost', 'a', 0, { settled: true })).rejects.toThrow(
      'No chunk "ghost/a/0" in the execution history',
    );
    expect(await store.getWave('ghost', 'a')).toBeUndefined();
  });

  it('records a wave once, never overwriting chunks', async () => {
    const store = await make();
    await store.createExecution(execution('e1'));
    expect((await store.createWave(wave('e1', 'a'), [chunk('e1', 'a', 0)])).created).toBe(true);
    expect(await store.setChunkJob('e1', 'a', 0, 'drsjob-1', undefined)).toBe(true);
    const again = await store.createWave({ ...wave('e1', 'a'), serverCount: 99 }, [
      chunk('e1', 'a', 0),
    ]);
    expect(again).toStrictEqual({ created: false, wave: wave('e1', 'a') });
    expect((await store.listChunks('e1', 'a'))[0]?.jobId).toBe('drsjob-1');
  });

  it('sets whole attributes, never nested keys of maps that may not exist', async () => {
    const store = await make();
    await store.createWave(wave('e1', 'a'), []);
    await store.updateWave('e1', 'a', {
      status: 'STARTED',
      counts: { launched: 1, failed: 0, pending: 1, criticalFailed: 0 },
      countsByLaunchStatus: { LAUNCHED: 1, PENDING: 1 },
      pollCount: 3,
    });
    await store.updateWave('e1', 'a', { countsByLaunchStatus: { LAUNCHED: 2 } });
    expect(await store.getWave('e1', 'a')).toStrictEqual({
      ...wave('e1', 'a'),
      status: 'STARTED',
      counts: { launched: 1, failed: 0, pending: 1, criticalFailed: 0 },
      countsByLaunchStatus: { LAUNCHED: 2 },
      pollCount: 3,
    });
  });

  it('lets one claimer at a time start a chunk, and a stale claim be taken over', async () => {
    const store = await make();
    await store.createWave(wave('e1', 'a'), [chunk('e1', 'a', 0)]);
    const first = { token: 't1', at: '2026-01-01T00:00:00.000Z' };
    expect(await store.claimChunk('e1', 'a', 0, first, '2025-12-31T23:58:00.000Z')).toBe(true);
    // A second claimer within the lease loses.
    expect(
      await store.claimChunk(
        'e1',
        'a',
        0,
        { token: 't2', at: '2026-01-01T00:00:30.000Z' },
        '2025-12-31T23:58:30.000Z',
      ),
    ).toBe(false);
    // The loser cannot record a job, nor release the winner's claim.
    expect(await store.setChunkJob('e1', 'a', 0, 'drsjob-x', 't2')).toBe(false);
    expect(await store.updateUnstartedChunk('e1', 'a', 0, { attempts: 1 }, { token: 't2' })).toBe(
      false,
    );
    expect((await store.listChunks('e1', 'a'))[0]?.claim).toStrictEqual(first);
    // After the lease, the claim is stale and can be taken over.
    const late = { token: 't3', at: '2026-01-01T00:05:00.000Z' };
    expect(await store.claimChunk('e1', 'a', 0, late, '2026-01-01T00:03:00.000Z')).toBe(true);
    expect(await store.setChunkJob('e1', 'a', 0, 'drsjob-1', 't1')).toBe(false);
    expect(await store.setChunkJob('e1', 'a', 0, 'drsjob-3', 't3')).toBe(true);
    // A chunk with a job cannot be claimed again, whatever the time.
    expect(
      await store.claimChunk(
        'e1',
        'a',
        0,
        { token: 't4', at: '2027-01-01T00:00:00.000Z' },
        '2027-01-01T00:00:00.000Z',
      ),
    ).toBe(false);
    expect(await store.setChunkJob('e1', 'a', 0, 'drsjob-4', undefined)).toBe(false);
    expect((await store.listChunks('e1', 'a'))[0]?.jobId).toBe('drsjob-3');
  });

  it('changes an unstarted chunk only for its claim holder, or once its claim is stale', async () => {
    const store = await make();
    await store.createWave(wave('e1', 'a'), [chunk('e1', 'a', 0), chunk('e1', 'a', 1)]);
    await store.claimChunk(
      'e1',
      'a',
      0,
      { token: 't1', at: '2026-01-01T00:00:00.000Z' },
      '2025-12-31T00:00:00.000Z',
    );
    // Not the holder, and the claim is younger than staleBefore: refused, nothing changes.
    expect(
      await store.updateUnstartedChunk('e1', 'a', 0, { waitReason: 'x' }, { token: 't2' }),
    ).toBe(false);
    expect(
      await store.updateUnstartedChunk(
        'e1',
        'a',
        0,
        { waitReason: 'x' },
        { staleBefore: '2025-12-31T23:59:59.000Z' },
      ),
    ).toBe(false);
    expect((await store.listChunks('e1', 'a'))[0]?.waitReason).toBeUndefined();
    // The holder releases it with what it learnt.
    const patch = {
      attempts: 1,
      nextAttemptAt: '2026-01-01T00:00:30.000Z',
      waitReason: 'ServiceQuotaExceededException: quota',
      quotaWaitSince: '2026-01-01T00:00:00.000Z',
    };
    expect(await store.updateUnstartedChunk('e1', 'a', 0, patch, { token: 't1' })).toBe(true);
    const released = (await store.listChunks('e1', 'a'))[0];
    expect(released?.claim).toBeUndefined();
    expect(released).toMatchObject(patch);
    expect(
      await store.claimChunk(
        'e1',
        'a',
        0,
        { token: 't2', at: '2026-01-01T00:00:01.000Z' },
        '2025-12-31T00:00:00.000Z',
      ),
    ).toBe(true);
    // A stale claim gives way to anyone; an unclaimed chunk too.
    const notStarted = { error: 'WaveTimeout', cause: 'gave up', at: '2026-01-01T02:00:00.000Z' };
    expect(
      await store.updateUnstartedChunk(
        'e1',
        'a',
        0,
        { notStarted },
        { staleBefore: '2026-01-01T00:10:00.000Z' },
      ),
    ).toBe(true);
    expect(
      await store.updateUnstartedChunk(
        'e1',
        'a',
        1,
        { notStarted },
        { staleBefore: '2026-01-01T00:10:00.000Z' },
      ),
    ).toBe(true);
    const [first, second] = await store.listChunks('e1', 'a');
    expect(first?.claim).toBeUndefined();
    expect(first?.notStarted).toStrictEqual(notStarted);
    expect(second?.notStarted).toStrictEqual(notStarted);
    // A chunk with a job is never changed this way.
    await store.setChunkJob('e1', 'a', 1, 'drsjob-1', undefined, '2026-01-01T00:00:02.000Z');
    expect(
      await store.updateUnstartedChunk('e1', 'a', 1, { attempts: 9 }, { staleBefore: '2027' }),
    ).toBe(false);
    expect((await store.listChunks('e1', 'a'))[1]).toMatchObject({
      jobId: 'drsjob-1',
      jobStartedAt: '2026-01-01T00:00:02.000Z',
    });
  });

  it('records the first layout of a wave and keeps it', async () => {
    const store = await make();
    expect(await store.getLayout('e1', 'a')).toBeUndefined();
    const first = {
      executionId: 'e1',
      waveId: 'a',
      serverCount: 2,
      chunks: [
        { servers: [{ sourceServerId: 's-00000000000000001', impact: 'CRITICAL' as const }] },
        {
          region: 'eu-west-1',
          servers: [{ sourceServerId: 's-00000000000000002', impact: 'OPTIONAL' as const }],
        },
      ],
      plannedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(await store.recordLayout(first)).toStrictEqual({ created: true, layout: first });
    const edited = { ...first, serverCount: 1, chunks: [first.chunks[0] ?? { servers: [] }] };
    expect(await store.recordLayout(edited)).toStrictEqual({ created: false, layout: first });
    expect(await store.getLayout('e1', 'a')).toStrictEqual(first);
  });

  it('records an approval request and exactly one decision', async () => {
    const store = await make();
    expect(await store.getApproval('e1', 'web')).toBeUndefined();
    expect(await store.decideApproval('e1', 'web', { status: 'APPROVED', decidedAt: 't' })).toBe(
      false,
    );
    const request = {
      executionId: 'e1',
      waveId: 'web',
      taskToken: 'token-1',
      status: 'PENDING' as const,
      requestedAt: '2026-01-01T00:00:00.000Z',
    };
    await store.putApproval(request);
    expect(await store.getApproval('e1', 'web')).toStrictEqual(request);
    const decision = {
      status: 'REJECTED' as const,
      decidedAt: '2026-01-01T00:10:00.000Z',
      decidedBy: 'arn:aws:iam::123456789012:user/ops',
      reason: 'change freeze',
    };
    expect(await store.decideApproval('e1', 'web', decision)).toBe(true);
    expect(
      await store.decideApproval('e1', 'web', { status: 'APPROVED', decidedAt: 'later' }),
    ).toBe(false);
    expect(await store.getApproval('e1', 'web')).toStrictEqual({ ...request, ...decision });
  });

  it('lists the approvals of one execution, by wave', async () => {
    const store = await make();
    const approval = (executionId: string, waveId: string) => ({
      executionId,
      waveId,
      taskToken: `token-${waveId}`,
      status: 'PENDING' as const,
      requestedAt: '2026-01-01T00:00:00.000Z',
    });
    await store.putApproval(approval('e1', 'web'));
    await store.putApproval(approval('e1', 'app'));
    await store.putApproval(approval('e2', 'web'));
    expect(await store.listApprovals('e1')).toStrictEqual([
      approval('e1', 'app'),
      approval('e1', 'web'),
    ]);
    expect(await store.listApprovals('e3')).toStrictEqual([]);
  });

  it('records a drill cleanup once, and its terminate calls by job', async () => {
    const store = await make();
    expect(await store.getCleanup('e1')).toBeUndefined();
    const first = { executionId: 'e1', startedAt: '2026-01-01T02:00:00.000Z', requestedBy: 'ops' };
    expect(await store.createCleanup(first)).toStrictEqual({ created: true, record: first });
    expect(
      await store.createCleanup({ executionId: 'e1', startedAt: '2026-01-01T03:00:00.000Z' }),
    ).toStrictEqual({ created: false, record: first });
    expect(await store.getCleanup('e1')).toStrictEqual(first);

    const batch = (executionId: string, jobId: string, ids: string[]) => ({
      executionId,
      jobId,
      recoveryInstanceIds: ids,
      requestedAt: '2026-01-01T02:00:01.000Z',
      reconciled: false,
    });
    // 200 IDs: a full TerminateRecoveryInstances call fits one item.
    const ids = Array.from({ length: 200 }, (_, i) => `i-0${String(i).padStart(16, '0')}`);
    await store.putCleanupBatch(batch('e1', 'drsjob-b', ids.slice(0, 1)));
    await store.putCleanupBatch(batch('e1', 'drsjob-a', ids));
    await store.putCleanupBatch(batch('e2', 'drsjob-c', ids.slice(0, 1)));
    // Writing a batch again (a retry) replaces it.
    await store.putCleanupBatch({ ...batch('e1', 'drsjob-b', ids.slice(0, 1)), reconciled: true });
    expect(await store.listCleanupBatches('e1')).toStrictEqual([
      batch('e1', 'drsjob-a', ids),
      { ...batch('e1', 'drsjob-b', ids.slice(0, 1)), reconciled: true },
    ]);
    // The cleanup record is not listed among its batches.
    expect(await store.listCleanupBatches('e2')).toHaveLength(1);
    expect(await store.listCleanupBatches('e3')).toStrictEqual([]);
  });

  it('lists waves, chunks and servers of one execution only, in key order', async () => {
    const store = await make();
    await store.createWave(wave('e1', 'b'), [chunk('e1', 'b', 1), chunk('e1', 'b', 0)]);
    await store.createWave(wave('e1', 'a'), [chunk('e1', 'a', 0)]);
    await store.createWave(wave('e2', 'a'), [chunk('e2', 'a', 0)]);
    const servers: ServerRecord[] = Array.from({ length: 60 }, (_, i) => ({
      executionId: 'e1',
      waveId: i < 30 ? 'a' : 'b',
      sourceServerId: fakeSourceServerId(i),
      impact: 'CRITICAL',
      verdict: 'LAUNCHED',
      phase: 'LAUNCH',
      recoveryInstanceId: `i-${i}`,
      updatedAt: '2026-01-01T00:00:00.000Z',
    }));
    await store.putServers(servers);
    await store.putServers(servers.slice(0, 1).map((s) => ({ ...s, executionId: 'e2' })));
    expect((await store.listWaves('e1')).map((w) => w.waveId)).toStrictEqual(['a', 'b']);
    expect((await store.listChunks('e1', 'b')).map((c) => c.chunkIndex)).toStrictEqual([0, 1]);
    expect(await store.listServers('e1')).toHaveLength(60);
    expect(await store.listServers('e1', 'b')).toStrictEqual(servers.slice(30));
    expect(await store.listServers('e2')).toHaveLength(1);
  });

  it('records a wave action once when it starts, then its end; lists them in order', async () => {
    const store = await make();
    const start = (waveId: string, phase: 'before' | 'after', index: number) => ({
      executionId: 'e1',
      waveId,
      phase,
      index,
      type: 'wait' as const,
      label: 'wait 60 s',
      onFailure: 'FAIL' as const,
      startedAt: `2026-01-01T00:0${index}:00.000Z`,
    });
    expect(await store.startAction(start('a', 'after', 10))).toStrictEqual(start('a', 'after', 10));
    // A retried start keeps the first record.
    const again = { ...start('a', 'after', 10), startedAt: 'later' };
    expect(await store.startAction(again)).toStrictEqual(start('a', 'after', 10));
    await store.startAction(start('a', 'after', 2));
    await store.startAction(start('a', 'before', 0));
    await store.startAction({ ...start('b', 'before', 0), executionId: 'e2' });
    await store.finishAction('e1', 'a', 'after', 2, {
      endedAt: '2026-01-01T00:05:00.000Z',
      outcome: 'FAILED',
      error: 'AutomationFailed',
      cause: 'Status Failed',
    });
    expect(
      (await store.listActions('e1')).map((a) => [a.waveId, a.phase, a.index, a.outcome]),
    ).toStrictEqual([
      ['a', 'after', 2, 'FAILED'],
      ['a', 'after', 10, undefined],
      ['a', 'before', 0, undefined],
    ]);
    expect((await store.listActions('e1'))[0]).toMatchObject({
      endedAt: '2026-01-01T00:05:00.000Z',
      error: 'AutomationFailed',
      cause: 'Status Failed',
    });
    const missing = await store
      .finishAction('e1', 'a', 'before', 7, { endedAt: 'x', outcome: 'SUCCEEDED' })
      .catch((e: unknown) => e);
    expect(isHistoryRecordNotFoundError(missing)).toBe(true);
  });

  it('reads a wave with its own chunks only, even beside waves whose IDs it begins', async () => {
    const store = await make();
    // `a`, `a-b`, `a_2` and `a2` sort around `a`'s chunks: none of theirs may be read with it.
    for (const id of ['a', 'a-b', 'a_2', 'a2', 'A']) {
      await store.createWave(wave('e1', id), [chunk('e1', id, 1), chunk('e1', id, 0)]);
    }
    const read = await store.getWaveWithChunks?.('e1', 'a');
    expect(read?.wave).toStrictEqual(wave('e1', 'a'));
    expect(read?.chunks.map((c) => [c.waveId, c.chunkIndex])).toStrictEqual([
      ['a', 0],
      ['a', 1],
    ]);
    expect(await store.getWaveWithChunks?.('e1', 'nope')).toBeUndefined();
    expect(await store.getWaveWithChunks?.('e2', 'a')).toBeUndefined();
    // Listing waves leaves the chunks out.
    expect((await store.listWaves('e1')).map((w) => w.waveId).sort()).toStrictEqual(
      ['A', 'a', 'a-b', 'a2', 'a_2'].sort(),
    );
  });

  it("counts each launch result of an indexed job once, and the wave's reported jobs", async () => {
    const store = await make();
    await store.createWave(wave('e1', 'a'), [chunk('e1', 'a', 0)]);
    const index = {
      jobId: 'drsjob-1',
      executionId: 'e1',
      waveId: 'a',
      chunkIndex: 0,
      serverCount: 2,
    };
    await store.indexJob?.(index);
    await store.indexJob?.({ ...index, serverCount: 99 }); // a retry keeps the first index
    const [s1, s2] = [fakeSourceServerId(1), fakeSourceServerId(2)];
    expect(
      await store.recordLaunchResult?.('drsjob-1', s1, 'RECOVERY_LAUNCH_SUCCEEDED'),
    ).toStrictEqual({
      ...index,
      reported: 1,
    });
    expect(
      await store.recordLaunchResult?.('drsjob-1', s1, 'RECOVERY_LAUNCH_SUCCEEDED'),
    ).toBeUndefined();
    expect(
      await store.recordLaunchResult?.('drsjob-1', s2, 'RECOVERY_LAUNCH_FAILED'),
    ).toMatchObject({
      reported: 2,
      serverCount: 2,
    });
    expect(await store.recordLaunchResult?.('drsjob-unknown', s1, 'X')).toBeUndefined();
    expect((await store.countReportedJob?.('e1', 'a'))?.jobsReported).toBe(1);
    expect((await store.countReportedJob?.('e1', 'a'))?.jobsReported).toBe(2);
    expect(await store.setAwaitToken?.('e1', 'a', 'T1')).toMatchObject({
      waveId: 'a',
      awaitToken: 'T1',
      jobsReported: 2,
    });
    const missing = await store.countReportedJob?.('e1', 'ghost').catch((e: unknown) => e);
    expect(isHistoryRecordNotFoundError(missing)).toBe(true);
    const noWave = await store.setAwaitToken?.('e1', 'ghost', 'T').catch((e: unknown) => e);
    expect(isHistoryRecordNotFoundError(noWave)).toBe(true);
  });
});
