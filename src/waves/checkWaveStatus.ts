import type { Job, JobLog } from '@aws-sdk/client-drs';
import { ErrorName, HistoryRecordNotFoundError } from '../errors';
import { silentLogger } from '../logger';
import type { WaveWithChunks } from '../store/ExecutionHistoryStore';
import { guardStore } from '../store/internal/guardStore';
import type { ChunkRecord, ServerRecord, WaveRecord, WaveServerCounts } from '../store/records';
import { aggregateWaveStatus, type ServerVerdict, type WaveStatus } from './aggregateWaveStatus';
import { advanceStarts, executionStop, isOpen, startEngine } from './internal/advanceStarts';
import { checkDeps } from './internal/deps';
import { portFor, withPortPerTarget } from './internal/portFor';
import { targetKey, targetOfKey } from './internal/target';
import type { WaveDeps } from './WaveDeps';

/**
 * Which wave to check.
 *
 * @example
 * ```ts
 * import type { CheckWaveStatusInput } from 'drs-waves';
 *
 * const input: CheckWaveStatusInput = { executionId: 'e1', waveId: 'database' };
 * ```
 */
export interface CheckWaveStatusInput {
  /** The execution. */
  readonly executionId: string;
  /** The wave, started by startWave. */
  readonly waveId: string;
  /**
   * Whether non-optional post-launch actions must succeed (see aggregateWaveStatus).
   *
   * @default false
   */
  readonly requirePostLaunchActions?: boolean;
  /**
   * Whether this is the wave's last check, before it is given up (its timeout): the log of every
   * unsettled job is read, completed or not, so servers that launched in a job that never
   * completes are recorded with their recovery instance IDs (cleanup needs them).
   *
   * @default false
   */
  readonly finalCheck?: boolean;
  /**
   * Which check of the wave this is, when the caller counts them (the state machine does):
   * then a check that learns nothing new writes nothing. Without it, the count is the wave's
   * recorded one plus one, written on every check.
   */
  readonly pollCount?: number;
}

/**
 * A failed server and why it failed.
 *
 * @example
 * ```ts
 * import type { NamedFailure } from 'drs-waves';
 *
 * const failure: NamedFailure = { sourceServerId: 's-57e730f6102e1f793', error: 'SERVER_SKIPPED' };
 * ```
 */
export interface NamedFailure {
  /** The source server. */
  readonly sourceServerId: string;
  /** Why it failed. */
  readonly error: string;
}

/**
 * A wave's status for the state machine: counts and at most {@link MAX_NAMED_FAILURES} named
 * failures, so its size does not grow with the wave.
 *
 * @example
 * ```ts
 * import type { WaveStatusSummary } from 'drs-waves';
 *
 * const summary: WaveStatusSummary = {
 *   waveId: 'database',
 *   status: 'FAILED',
 *   total: 2, launched: 1, failed: 1, pending: 0, criticalFailed: 1,
 *   failures: [{ sourceServerId: 's-57e730f6102e1f793', error: 'InsufficientInstanceCapacity' }],
 *   pollCount: 18,
 * };
 * ```
 */
export interface WaveStatusSummary {
  /** The wave. */
  readonly waveId: string;
  /** `IN_PROGRESS`, `COMPLETED` or `FAILED`. */
  readonly status: WaveStatus;
  /** Servers in the wave. */
  readonly total: number;
  /** Servers launched. */
  readonly launched: number;
  /** Servers failed. */
  readonly failed: number;
  /** Servers still pending. */
  readonly pending: number;
  /** Failed servers that are critical. */
  readonly criticalFailed: number;
  /** The first failed servers, critical ones first, with why. */
  readonly failures: readonly NamedFailure[];
  /** Status checks made, this one included. */
  readonly pollCount: number;
}

/**
 * How many failed servers a {@link WaveStatusSummary} names; the history has all of them.
 *
 * @example
 * ```ts
 * import { MAX_NAMED_FAILURES } from 'drs-waves';
 *
 * MAX_NAMED_FAILURES; // 5
 * ```
 */
export const MAX_NAMED_FAILURES = 5;

const summaryOf = (wave: WaveRecord, failures: readonly NamedFailure[]): WaveStatusSummary => ({
  waveId: wave.waveId,
  status:
    wave.status === 'COMPLETED'
      ? 'COMPLETED'
      : wave.status === 'FAILED' || wave.status === 'TIMED_OUT'
        ? 'FAILED'
        : 'IN_PROGRESS',
  total: wave.serverCount,
  launched: wave.counts?.launched ?? 0,
  failed: wave.counts?.failed ?? 0,
  pending: wave.counts?.pending ?? wave.serverCount,
  criticalFailed: wave.counts?.criticalFailed ?? 0,
  failures,
  pollCount: wave.pollCount,
});

/**
 * Whether a poll learnt something of a chunk worth recording: its job's status, a server's
 * verdict, or that it settled. Launch statuses alone (a server moving from `PENDING` to
 * `IN_PROGRESS`) are not: they are recorded with the next change, so a poll where no job or
 * server changed writes nothing.
 */
function chunkChanged(before: ChunkRecord, after: ChunkRecord): boolean {
  const keys = Object.keys(after.verdicts);
  return (
    before.settled !== after.settled ||
    before.jobStatus !== after.jobStatus ||
    keys.length !== Object.keys(before.verdicts).length ||
    keys.some((k) => before.verdicts[k] !== after.verdicts[k])
  );
}

/** The wave and its chunks: in one read when the store can, in two otherwise. */
export async function readWave(
  history: WaveDeps['history'],
  executionId: string,
  waveId: string,
): Promise<WaveWithChunks | undefined> {
  if (history.getWaveWithChunks !== undefined) {
    return history.getWaveWithChunks(executionId, waveId);
  }
  const wave = await history.getWave(executionId, waveId);
  return wave && { wave, chunks: await history.listChunks(executionId, waveId) };
}

/**
 * Checks a started wave once: what the state machine calls after each `Wait`.
 *
 * Per call it makes one `DescribeJobs` call per Region for the wave's unfinished jobs (up to
 * 1000 per call), and reads a job's log once, when the job has completed or each of its servers has an outcome: the log settles
 * what launch statuses leave open (skipped servers, failure reasons, instance IDs missing from
 * `participatingServers`). Jobs that are `COMPLETED` and read are settled and never asked for
 * again, so the DRS calls of a poll do not grow with the number of servers or log items. Each
 * server's outcome is written to the history when its verdict changes, and once more with the
 * job's log. A
 * `finalCheck` (the router's check past the wave's timeout) also reads the logs of jobs still
 * running, so the instances of servers that launched in a job that never completes are recorded.
 *
 * DynamoDB: the wave and its chunks are read together (one `Query` with
 * {@link DynamoDbExecutionHistoryStore}); a check with a `pollCount` that learns nothing new
 * (no job status, no verdict, no chunk settled) writes nothing. Launch statuses alone are
 * recorded with the next change.
 *
 * Chunks of the wave that have no job yet (waiting for quota, a conflict, a retry after a lost
 * answer) are tried again first, as `startWave` does; a final check gives them up instead, and
 * a chunk that will never start counts its servers as failed. A job that `DescribeJobs` does
 * not list yet (DRS is eventually consistent) keeps its servers' last known state.
 *
 * Returns a {@link WaveStatusSummary} whose size does not grow with the wave. A wave already
 * `COMPLETED` or `FAILED` answers from the history, without any DRS call.
 *
 * @throws {@link InvalidOptionsError} when a dependency is missing, of the wrong kind, or
 * unknown (`deps` may hold `protectionGroups`: one object serves both wave functions);
 * {@link HistoryRecordNotFoundError} when the wave was never started; {@link DrsRetryableError}
 * and {@link HistoryUnavailableError} (any store failure): retry.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { checkWaveStatus, createDrsAdapter, InMemoryExecutionHistoryStore } from 'drs-waves';
 *
 * const deps = { drs: createDrsAdapter(new DrsClient({})), history: new InMemoryExecutionHistoryStore() };
 * const summary = await checkWaveStatus({ executionId: 'e1', waveId: 'database' }, deps);
 * if (summary.status === 'FAILED') console.error(summary.failures);
 * ```
 */
export async function checkWaveStatus(
  input: CheckWaveStatusInput,
  deps: WaveDeps,
): Promise<WaveStatusSummary> {
  checkDeps('checkWaveStatus', deps);
  return followWave(input, deps);
}

/**
 * {@link checkWaveStatus} without checking `deps`: the action router checks them once, when it
 * is created. `preloaded` is the wave's record when the caller has just read it (one read less
 * per poll).
 */
export async function followWave(
  input: CheckWaveStatusInput,
  given: WaveDeps,
  preloaded?: WaveWithChunks,
): Promise<WaveStatusSummary> {
  const deps = withPortPerTarget(given);
  const { executionId, waveId } = input;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const history = guardStore(deps.history, 'execution history');
  const read = preloaded ?? (await readWave(history, executionId, waveId));
  if (read === undefined) throw new HistoryRecordNotFoundError('wave', `${executionId}/${waveId}`);
  const { wave } = read;
  // The caller's count when it keeps one (the state machine does): then nothing needs writing
  // on a poll where nothing changed. Without it, the wave's recorded count is the count.
  const pollCount = input.pollCount ?? wave.pollCount + 1;
  if (wave.status !== 'STARTED' && wave.status !== 'STARTING') {
    const failures =
      wave.status === 'FAILED' || wave.status === 'TIMED_OUT'
        ? await namedFailures(history, executionId, waveId)
        : [];
    return summaryOf({ ...wave, pollCount }, failures);
  }

  let chunks = read.chunks;
  const openBefore = chunks.some(isOpen);
  if (openBefore) {
    // Chunks still without a job: try them again (quota freed, conflict cleared, lost answer
    // reconciled); past the wave's timeout, give them up.
    const execution = await history.getExecution(executionId);
    if (execution === undefined) throw new HistoryRecordNotFoundError('execution', executionId);
    chunks = await advanceStarts(
      startEngine(executionId, waveId, deps, history, logger),
      chunks,
      // The recorded type, parsed strictly when the execution began: never a default.
      execution.executionType === 'DRILL',
      () => executionStop(history, executionId),
      input.finalCheck === true
        ? { error: ErrorName.WaveTimeout, cause: "not started within the wave's timeout" }
        : undefined,
    );
  }
  const active = chunks.filter((c) => c.jobId !== undefined && !c.settled);
  const jobs = await describeActiveJobs(active, deps);
  const aggregate = (chunk: ChunkRecord, job: Job, logItems: Record<string, JobLog[]>) =>
    aggregateWaveStatus({
      servers: chunk.servers,
      jobs: [job],
      logItems,
      ...(input.requirePostLaunchActions === undefined
        ? {}
        : { requirePostLaunchActions: input.requirePostLaunchActions }),
    });

  // The log is read once per job: once the job has completed, or every server of it has an
  // outcome (DRS ends the job seconds later), and it settles every outcome (skips, failure
  // reasons, instance IDs missing from participatingServers). Until then the job's own launch
  // statuses are enough to follow progress. A final check reads every log: the instance IDs of
  // servers launched in a job that never completes are only there.
  const logItems: Record<string, JobLog[]> = {};
  for (const chunk of active) {
    const job = jobs.get(chunk.jobId ?? '');
    if (job?.jobID === undefined) continue;
    const due =
      job.status === 'COMPLETED' ||
      input.finalCheck === true ||
      aggregate(chunk, job, {}).servers.every((s) => s.verdict !== 'PENDING');
    if (due) logItems[job.jobID] = await portFor(deps, chunk).describeJobLogItems(job.jobID);
  }

  const now = clock().toISOString();
  const changed: ServerRecord[] = [];
  const updatedChunks = new Map<number, ChunkRecord>();
  for (const chunk of active) {
    const job = jobs.get(chunk.jobId ?? '');
    // DescribeJobs is eventually consistent: a job just started may not be listed yet. Its
    // servers keep their last known state until it is.
    if (job === undefined) continue;
    const report = aggregate(chunk, job, logItems);
    const logRead = logItems[chunk.jobId ?? ''] !== undefined;
    const launchStatuses: Record<string, string> = {};
    const verdicts: Record<string, ServerVerdict> = {};
    for (const outcome of report.servers) {
      const id = outcome.sourceServerId;
      launchStatuses[id] = outcome.launchStatus ?? 'NOT_IN_JOB';
      verdicts[id] = outcome.verdict;
      // A server's record is written with its job's log (once per job): until then its
      // verdict lives in the chunk, which is written when it changes.
      if (logRead) {
        const { verdict, phase, impact, ...rest } = outcome;
        changed.push({ executionId, waveId, ...rest, impact, verdict, phase, updatedAt: now });
      }
    }
    const settled = logRead && report.servers.every((s) => s.verdict !== 'PENDING');
    const jobStatus = job.status as string | undefined;
    updatedChunks.set(chunk.chunkIndex, {
      ...chunk,
      launchStatuses,
      verdicts,
      settled,
      ...(jobStatus === undefined ? {} : { jobStatus }),
    });
  }
  // A chunk that will never start: its servers failed, with why, recorded once.
  for (const chunk of chunks) {
    const notStarted = chunk.notStarted;
    if (notStarted === undefined || chunk.jobId !== undefined || chunk.settled) continue;
    const verdicts: Record<string, ServerVerdict> = {};
    const launchStatuses: Record<string, string> = {};
    for (const s of chunk.servers) {
      verdicts[s.sourceServerId] = 'FAILED';
      launchStatuses[s.sourceServerId] = 'NOT_STARTED';
      changed.push({
        executionId,
        waveId,
        sourceServerId: s.sourceServerId,
        impact: s.impact,
        verdict: 'FAILED',
        phase: 'NOT_STARTED',
        error: notStarted.error,
        endedAt: notStarted.at,
        updatedAt: now,
      });
    }
    updatedChunks.set(chunk.chunkIndex, { ...chunk, verdicts, launchStatuses, settled: true });
  }

  const byIndex = new Map(chunks.map((c) => [c.chunkIndex, c]));
  const all = chunks.map((c) => updatedChunks.get(c.chunkIndex) ?? c);
  const { counts: chunkCounts, byLaunchStatus } = countChunks(all, wave.serverCount);
  const { launched, failed, criticalFailed, pending } = chunkCounts;
  const done = all.every((c) => c.settled) && pending === 0;
  const status: WaveStatus = !done ? 'IN_PROGRESS' : criticalFailed > 0 ? 'FAILED' : 'COMPLETED';

  await history.putServers(changed);
  let chunksWritten = 0;
  for (const chunk of updatedChunks.values()) {
    const { launchStatuses, verdicts, settled, jobStatus } = chunk;
    // An unchanged chunk is not rewritten: a poll where nothing moved writes no chunk.
    const before = byIndex.get(chunk.chunkIndex);
    if (before !== undefined && !chunkChanged(before, chunk)) continue;
    chunksWritten += 1;
    await history.updateChunk(executionId, waveId, chunk.chunkIndex, {
      launchStatuses,
      verdicts,
      settled,
      ...(jobStatus === undefined ? {} : { jobStatus }),
    });
  }
  const counts = { launched, failed, pending, criticalFailed };
  const failures = status === 'FAILED' ? await namedFailures(history, executionId, waveId) : [];
  const jobIds = all.flatMap((c) => (c.jobId === undefined ? [] : [c.jobId]));
  const quotaWaitSeconds = quotaWaitOf(all, Date.parse(now));
  const jobsChanged = jobIds.join() !== wave.jobIds.join();
  // The wave is written when something of it changed, and on every call of a caller that keeps
  // no poll count of its own.
  // A verdict that changed is in its chunk: the wave's counts follow from the chunks
  // (`countChunks`), and are written with the wave's next change and at its end.
  const write =
    input.pollCount === undefined ||
    openBefore ||
    jobsChanged ||
    status !== 'IN_PROGRESS' ||
    quotaWaitSeconds !== wave.quotaWaitSeconds ||
    (chunksWritten > 0 && changed.length > 0);
  if (write) {
    await history.updateWave(executionId, waveId, {
      pollCount,
      counts,
      countsByLaunchStatus: byLaunchStatus,
      checkedAt: now,
      ...(jobsChanged ? { jobIds } : {}),
      ...(quotaWaitSeconds === undefined ? {} : { quotaWaitSeconds }),
      ...(status === 'IN_PROGRESS' ? {} : { status, endedAt: now }),
      ...(status === 'FAILED'
        ? {
            error: ErrorName.WaveFailed,
            cause: describeFailure(waveId, criticalFailed, failures, notStartedOf(all)),
          }
        : {}),
    });
  }
  if (status !== 'IN_PROGRESS')
    logger.info('wave finished', { executionId, waveId, status, ...counts });
  return summaryOf(
    { ...wave, status: status === 'IN_PROGRESS' ? 'STARTED' : status, counts, pollCount },
    failures,
  );
}

/**
 * A wave's server counts from its chunks' verdicts, and its servers by launch status: what a
 * status check records, and what `describeExecution` shows of a wave still running.
 */
export function countChunks(
  chunks: readonly ChunkRecord[],
  serverCount: number,
): { counts: WaveServerCounts; byLaunchStatus: Record<string, number> } {
  let launched = 0;
  let failed = 0;
  let criticalFailed = 0;
  const byLaunchStatus: Record<string, number> = {};
  // A server relaunched by a retry counts once, with its latest attempt's verdict.
  const latest = new Map<string, ChunkRecord>();
  for (const chunk of chunks) for (const s of chunk.servers) latest.set(s.sourceServerId, chunk);
  for (const chunk of chunks) {
    for (const s of chunk.servers) {
      if (latest.get(s.sourceServerId) !== chunk) continue;
      const verdict = chunk.verdicts[s.sourceServerId] ?? 'PENDING';
      const launchStatus = chunk.launchStatuses[s.sourceServerId] ?? 'PENDING';
      byLaunchStatus[launchStatus] = (byLaunchStatus[launchStatus] ?? 0) + 1;
      if (verdict === 'LAUNCHED') launched += 1;
      if (verdict === 'FAILED') {
        failed += 1;
        if (s.impact !== 'OPTIONAL') criticalFailed += 1;
      }
    }
  }
  return {
    counts: { launched, failed, pending: serverCount - launched - failed, criticalFailed },
    byLaunchStatus,
  };
}

/** The longest time any chunk of the wave waited for quota, in seconds. */
function quotaWaitOf(chunks: readonly ChunkRecord[], now: number): number | undefined {
  let longest: number | undefined;
  for (const c of chunks) {
    if (c.quotaWaitSince === undefined) continue;
    const end = c.jobStartedAt ?? c.notStarted?.at;
    const waited =
      ((end === undefined ? now : Date.parse(end)) - Date.parse(c.quotaWaitSince)) / 1000;
    longest = Math.max(longest ?? 0, Math.round(waited));
  }
  return longest;
}

/** The chunks that never started, as `Job N: why`. */
const notStartedOf = (chunks: readonly ChunkRecord[]) =>
  chunks.flatMap((c) => (c.notStarted === undefined ? [] : [c.notStarted]));

/** The wave's jobs that are not settled, by ID: one DescribeJobs call per (account, Region). */
async function describeActiveJobs(
  active: readonly ChunkRecord[],
  deps: WaveDeps,
): Promise<Map<string, Job>> {
  const jobs = new Map<string, Job>();
  for (const key of new Set(active.map(targetKey))) {
    const jobIds = active.filter((c) => targetKey(c) === key).map((c) => c.jobId ?? '');
    for (const job of await portFor(deps, targetOfKey(key)).describeJobs({ jobIds })) {
      if (job.jobID) jobs.set(job.jobID, job);
    }
  }
  return jobs;
}

async function namedFailures(history: WaveDeps['history'], executionId: string, waveId: string) {
  const servers = await history.listServers(executionId, waveId);
  return servers
    .filter((s) => s.verdict === 'FAILED')
    .sort((a, b) => Number(a.impact === 'OPTIONAL') - Number(b.impact === 'OPTIONAL'))
    .slice(0, MAX_NAMED_FAILURES)
    .map((s) => ({ sourceServerId: s.sourceServerId, error: s.error ?? 'FAILED' }));
}

/**
 * The cause a failed wave is recorded with: the wave, how many critical servers failed, the
 * first of them with their errors, and the jobs that never started.
 */
export function describeFailure(
  waveId: string,
  criticalFailed: number,
  failures: readonly NamedFailure[],
  notStarted: readonly { readonly cause: string }[] = [],
): string {
  const named = failures.map((f) => `${f.sourceServerId} (${f.error})`).join(', ');
  const more =
    criticalFailed > failures.length ? `, and ${criticalFailed - failures.length} more` : '';
  const jobs =
    notStarted.length === 0
      ? ''
      : `; ${notStarted.length} DRS job${notStarted.length === 1 ? '' : 's'} never started: ${notStarted[0]?.cause}${notStarted.length > 1 ? `, and ${notStarted.length - 1} more` : ''}`;
  return `Wave ${waveId} failed: ${criticalFailed} critical server${criticalFailed === 1 ? '' : 's'} failed: ${named}${more}${jobs}`;
}
