import { randomUUID } from 'node:crypto';
import type { Job } from '@aws-sdk/client-drs';
import { DEFAULT_DRS_QUOTAS, DRS_API_LIMITS, type DrsQuotas } from '../drs/limits';
import {
  ExecutionMismatchError,
  HistoryRecordNotFoundError,
  InvalidOptionsError,
  InvalidPlanError,
  InvalidProtectionGroupError,
  isDrsCallError,
  isDrsNonRetryableError,
  isDrsWavesError,
  type Problem,
  UnknownProtectionGroupError,
  WaveQuotaExceededError,
  WaveStartInProgressError,
} from '../errors';
import { silentLogger } from '../logger';
import { parseExecutionType } from '../plan/executionType';
import { isSourceServerId } from '../plan/sourceServerId';
import type { ExecutionType, ImpactLevel, Wave } from '../plan/types';
import type { ProtectionGroupStore } from '../store/ProtectionGroupStore';
import type { ChunkRecord, WaveRecord } from '../store/records';
import { portFor } from './internal/portFor';
import { DRS_JOB_TAGS } from './tags';
import type { WaveDeps } from './WaveDeps';

/**
 * Which wave to start, in which execution.
 *
 * @example
 * ```ts
 * import type { StartWaveInput } from 'drs-waves';
 *
 * const input: StartWaveInput = {
 *   executionId: 'three-tier-20260101T000000Z',
 *   executionType: 'DRILL',
 *   wave: { id: 'database', protectionGroups: ['pg-db'], servers: [], requireApproval: false },
 * };
 * ```
 */
export interface StartWaveInput {
  /** The execution, already recorded in the history. */
  readonly executionId: string;
  /** Must equal the execution type the execution was recorded with. */
  readonly executionType: ExecutionType;
  /** The wave, from the plan. */
  readonly wave: Wave;
}

/**
 * What startWave needs beyond {@link WaveDeps}.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import {
 *   createDrsAdapter, InMemoryExecutionHistoryStore, InMemoryProtectionGroupStore, type StartWaveDeps,
 * } from 'drs-waves';
 *
 * const deps: StartWaveDeps = {
 *   drs: createDrsAdapter(new DrsClient({})),
 *   history: new InMemoryExecutionHistoryStore(),
 *   protectionGroups: new InMemoryProtectionGroupStore([]),
 *   quotas: { maxServersPerJob: 50 },
 * };
 * ```
 */
export interface StartWaveDeps extends WaveDeps {
  /** Where the wave's protection groups are read. */
  readonly protectionGroups: ProtectionGroupStore;
  /**
   * DRS quotas; missing fields take {@link DEFAULT_DRS_QUOTAS}.
   *
   * @default DEFAULT_DRS_QUOTAS
   */
  readonly quotas?: Partial<DrsQuotas>;
  /**
   * How long a claim on starting a job protects it: an invocation that finds a younger claim
   * without a job waits (retryable {@link WaveStartInProgressError}); an older one is taken over.
   * Keep it above the time a `StartRecovery` call can take, SDK retries included, and above the
   * router Lambda's timeout: an invocation still running when its claim is taken over can
   * start a second job once the first one has ended.
   *
   * @default 120
   */
  readonly claimLeaseSeconds?: number;
  /**
   * Makes claim tokens.
   *
   * @default crypto.randomUUID
   */
  readonly newToken?: () => string;
}

/**
 * What startWave returns to the state machine: small, whatever the wave's size.
 *
 * @example
 * ```ts
 * import type { StartWaveResult } from 'drs-waves';
 *
 * const result: StartWaveResult = { status: 'STARTED', jobIds: ['drsjob-541cee6300c363be5'], serverCount: 2 };
 * ```
 */
export interface StartWaveResult {
  /** `STARTED` (poll it), `COMPLETED` (nothing to recover) or `FAILED` (DRS refused a job). */
  readonly status: 'STARTED' | 'COMPLETED' | 'FAILED';
  /** The wave's DRS jobs. */
  readonly jobIds: readonly string[];
  /** Servers in the wave. */
  readonly serverCount: number;
  /** `true` when the wave had no servers and completed without any DRS call. */
  readonly empty?: boolean;
  /** For `FAILED`: the error name. */
  readonly error?: string;
  /** For `FAILED`: why. */
  readonly cause?: string;
}

const EXECUTION_ID = /^[A-Za-z0-9_-]{1,80}$/;
const RECONCILE_SLACK_MS = 5 * 60_000;

interface ResolvedServer {
  sourceServerId: string;
  impact: ImpactLevel;
  region: string | undefined;
}

function resolvedQuotas(deps: StartWaveDeps): DrsQuotas {
  const quotas = { ...DEFAULT_DRS_QUOTAS, ...deps.quotas };
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(quotas)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      problems.push({
        path: `quotas.${key}`,
        message: `Expected a positive integer, got ${value}`,
      });
    }
  }
  if (quotas.maxServersPerJob > DRS_API_LIMITS.maxServersPerStartRecovery) {
    problems.push({
      path: 'quotas.maxServersPerJob',
      message: `Expected at most ${DRS_API_LIMITS.maxServersPerStartRecovery} (StartRecovery's limit), got ${quotas.maxServersPerJob}`,
    });
  }
  const lease = deps.claimLeaseSeconds ?? 120;
  if (!Number.isFinite(lease) || lease <= 0) {
    problems.push({
      path: 'claimLeaseSeconds',
      message: `Expected a positive number, got ${lease}`,
    });
  }
  if (problems.length > 0) throw new InvalidOptionsError('startWave', problems);
  return quotas;
}

/** The wave's servers: inline and from its groups, each once, critical if any entry says so. */
async function resolveServers(wave: Wave, groups: ProtectionGroupStore): Promise<ResolvedServer[]> {
  const bad = wave.servers
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !isSourceServerId(s.sourceServerId));
  if (bad.length > 0) {
    throw new InvalidPlanError(
      bad.map(({ s, i }) => ({
        path: `waves[${wave.id}].servers[${i}]`,
        message: `Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got ${JSON.stringify(s.sourceServerId)}`,
      })),
    );
  }
  const found = await groups.getGroups(wave.protectionGroups);
  const missing = [...new Set(wave.protectionGroups)].filter((id) => !found.has(id));
  if (missing.length > 0) throw new UnknownProtectionGroupError(wave.id, missing);

  const byId = new Map<string, ResolvedServer & { from: string }>();
  const add = (id: string, impact: ImpactLevel, region: string | undefined, from: string) => {
    const known = byId.get(id);
    if (known === undefined) {
      byId.set(id, { sourceServerId: id, impact, region, from });
      return;
    }
    if (known.region !== region) {
      throw new InvalidProtectionGroupError(
        from,
        `source server ${JSON.stringify(id)} is in Region ${JSON.stringify(region ?? 'default')} here and ${JSON.stringify(known.region ?? 'default')} in ${known.from}`,
      );
    }
    if (impact === 'CRITICAL') known.impact = 'CRITICAL';
  };
  for (const s of wave.servers) add(s.sourceServerId, s.impact, undefined, `wave ${wave.id}`);
  for (const id of wave.protectionGroups) {
    const group = found.get(id);
    for (const s of group?.servers ?? []) add(s.sourceServerId, s.impact, group?.region, id);
  }
  return [...byId.values()].map(({ from: _from, ...s }) => s);
}

/** Splits servers into jobs: by Region, sorted by ID, at most `maxServersPerJob` each. */
function planChunks(
  executionId: string,
  waveId: string,
  servers: readonly ResolvedServer[],
  quotas: DrsQuotas,
): ChunkRecord[] {
  const byRegion = new Map<string, ResolvedServer[]>();
  for (const s of servers) {
    const key = s.region ?? '';
    byRegion.set(key, [...(byRegion.get(key) ?? []), s]);
  }
  const chunks: ChunkRecord[] = [];
  for (const region of [...byRegion.keys()].sort()) {
    const list = (byRegion.get(region) ?? []).sort((a, b) =>
      a.sourceServerId < b.sourceServerId ? -1 : 1,
    );
    const jobs = Math.ceil(list.length / quotas.maxServersPerJob);
    if (list.length > quotas.maxServersInActiveJobs) {
      throw new WaveQuotaExceededError(
        waveId,
        'maxServersInActiveJobs',
        list.length,
        quotas.maxServersInActiveJobs,
      );
    }
    if (jobs > quotas.maxConcurrentJobs) {
      throw new WaveQuotaExceededError(waveId, 'maxConcurrentJobs', jobs, quotas.maxConcurrentJobs);
    }
    for (let i = 0; i < list.length; i += quotas.maxServersPerJob) {
      chunks.push({
        executionId,
        waveId,
        chunkIndex: chunks.length,
        ...(region === '' ? {} : { region }),
        servers: list
          .slice(i, i + quotas.maxServersPerJob)
          .map(({ sourceServerId, impact }) => ({ sourceServerId, impact })),
        launchStatuses: {},
        verdicts: {},
        settled: false,
      });
    }
  }
  return chunks;
}

const resultOf = (wave: WaveRecord): StartWaveResult => ({
  status:
    wave.status === 'COMPLETED' && wave.serverCount === 0
      ? 'COMPLETED'
      : wave.status === 'FAILED'
        ? 'FAILED'
        : 'STARTED',
  jobIds: wave.jobIds,
  serverCount: wave.serverCount,
  ...(wave.serverCount === 0 ? { empty: true } : {}),
  ...(wave.status === 'FAILED' && wave.error ? { error: wave.error } : {}),
  ...(wave.status === 'FAILED' && wave.cause ? { cause: wave.cause } : {}),
});

/**
 * Starts a wave's DRS recovery exactly once, whatever Step Functions retries.
 *
 * 1. Checks the input against the recorded execution (same execution type, a wave of its
 *    plan), resolves protection groups and inline servers, removes duplicates and refuses
 *    unknown groups, malformed IDs and waves beyond the DRS quotas, all before any write.
 * 2. Records the intent: the wave and its chunks (jobs of at most `maxServersPerJob` servers of
 *    one Region), with conditional writes. A wave recorded already is not planned again.
 * 3. For each chunk without a job: reconciles first (finds a job it tagged earlier through
 *    `DescribeJobs` over a date window), then claims the chunk with a conditional write and
 *    calls `StartRecovery` with `isDrill` true only for `DRILL`, tagged with the execution, wave
 *    and chunk ({@link DRS_JOB_TAGS}), and records the job ID.
 *
 * A retried call returns the jobs already started; a call that finds another invocation's fresh
 * claim throws the retryable {@link WaveStartInProgressError}, and so does a history error once
 * the intent is recorded (the original error as `cause`): the retry reconciles whatever DRS
 * accepted. A `ConflictException` against the chunk's own job (an earlier invocation's call that
 * landed late) records that job; a late call never moves a wave back from `STARTED` or later.
 * A wave without servers completes without any DRS call. DRS refusing a job (validation,
 * quota, conflict) returns `FAILED`.
 *
 * @throws {@link HistoryRecordNotFoundError} when the execution is not recorded,
 * {@link ExecutionMismatchError}, {@link InvalidExecutionTypeError}, {@link InvalidPlanError},
 * {@link UnknownProtectionGroupError}, {@link InvalidProtectionGroupError},
 * {@link WaveQuotaExceededError}, {@link InvalidOptionsError}: all before anything is written;
 * {@link WaveStartInProgressError} and {@link DrsRetryableError}: retry.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import {
 *   createDrsAdapter, InMemoryExecutionHistoryStore, InMemoryProtectionGroupStore, startWave,
 * } from 'drs-waves';
 *
 * const deps = {
 *   drs: createDrsAdapter(new DrsClient({})),
 *   history: new InMemoryExecutionHistoryStore(),
 *   protectionGroups: new InMemoryProtectionGroupStore([]),
 * };
 * const result = await startWave(
 *   {
 *     executionId: 'three-tier-20260101T000000Z',
 *     executionType: 'DRILL',
 *     wave: { id: 'database', servers: [{ sourceServerId: 's-1234567890abcdef0', impact: 'CRITICAL' }], protectionGroups: [], requireApproval: false },
 *   },
 *   deps,
 * );
 * result.jobIds; // the wave's DRS jobs
 * ```
 */
export async function startWave(
  input: StartWaveInput,
  deps: StartWaveDeps,
): Promise<StartWaveResult> {
  const quotas = resolvedQuotas(deps);
  if (typeof input.executionId !== 'string' || !EXECUTION_ID.test(input.executionId)) {
    throw new InvalidOptionsError('startWave', [
      {
        path: 'executionId',
        message: `Expected 1 to 80 letters, digits, "-" or "_", got ${JSON.stringify(input.executionId)}`,
      },
    ]);
  }
  const executionType = parseExecutionType(input.executionType);
  const { executionId, wave } = input;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;

  const execution = await deps.history.getExecution(executionId);
  if (execution === undefined) throw new HistoryRecordNotFoundError('execution', executionId);
  if (execution.executionType !== executionType) {
    throw new ExecutionMismatchError(
      executionId,
      'executionType',
      executionType,
      execution.executionType,
    );
  }
  if (!execution.waveIds.includes(wave.id)) {
    throw new ExecutionMismatchError(executionId, 'waveIds', wave.id, execution.waveIds.join(','));
  }

  let record = await deps.history.getWave(executionId, wave.id);
  if (record === undefined) {
    const servers = await resolveServers(wave, deps.protectionGroups);
    const chunks = planChunks(executionId, wave.id, servers, quotas);
    const now = clock().toISOString();
    const empty = servers.length === 0;
    const created = await deps.history.createWave(
      {
        executionId,
        waveId: wave.id,
        status: empty ? 'COMPLETED' : 'STARTING',
        serverCount: servers.length,
        chunkCount: chunks.length,
        jobIds: [],
        pollCount: 0,
        startedAt: now,
        ...(empty
          ? { endedAt: now, counts: { launched: 0, failed: 0, pending: 0, criticalFailed: 0 } }
          : {}),
      },
      chunks,
    );
    record = created.wave;
    logger.info('wave start recorded', {
      executionId,
      waveId: wave.id,
      servers: servers.length,
      jobs: chunks.length,
    });
  }
  if (record.status !== 'STARTING') return resultOf(record);

  try {
    return await startChunks(executionId, executionType, wave, record, deps, clock);
  } catch (error) {
    if (isDrsWavesError(error)) throw error;
    // The history failed (a DynamoDB throttle, a network error) while DRS may hold a job this
    // wave started: failing the wave would leave that job unrecorded. The intent is recorded,
    // so a retry reconciles by the job's tags and finishes the start.
    const chunks = await deps.history.listChunks(executionId, wave.id).catch(() => []);
    const unrecorded = chunks.filter((c) => c.jobId === undefined).map((c) => c.chunkIndex);
    logger.warn('wave start interrupted by a history error: retry', {
      executionId,
      waveId: wave.id,
      error: error instanceof Error ? error.name : typeof error,
    });
    throw new WaveStartInProgressError(executionId, wave.id, unrecorded, { cause: error });
  }
}

/** Reconciles, claims and starts the chunks without a job, then marks the wave `STARTED`. */
async function startChunks(
  executionId: string,
  executionType: ExecutionType,
  wave: Wave,
  record: WaveRecord,
  deps: StartWaveDeps,
  clock: () => Date,
): Promise<StartWaveResult> {
  const logger = deps.logger ?? silentLogger;
  const isDrill = executionType === 'DRILL';
  const chunks = await deps.history.listChunks(executionId, wave.id);
  await reconcile(executionId, wave.id, chunks, deps, clock);

  const pending = (await deps.history.listChunks(executionId, wave.id)).filter(
    (c) => c.jobId === undefined,
  );
  const busy: number[] = [];
  for (const chunk of pending) {
    const token = (deps.newToken ?? randomUUID)();
    const now = clock();
    const staleBefore = new Date(
      now.getTime() - (deps.claimLeaseSeconds ?? 120) * 1000,
    ).toISOString();
    const claimed = await deps.history.claimChunk(
      executionId,
      wave.id,
      chunk.chunkIndex,
      { token, at: now.toISOString() },
      staleBefore,
    );
    if (!claimed) {
      busy.push(chunk.chunkIndex);
      continue;
    }
    let job: Job;
    try {
      job = await portFor(deps, chunk.region).startRecovery({
        sourceServerIds: chunk.servers.map((s) => s.sourceServerId),
        isDrill,
        tags: {
          [DRS_JOB_TAGS.executionId]: executionId,
          [DRS_JOB_TAGS.waveId]: wave.id,
          [DRS_JOB_TAGS.chunk]: String(chunk.chunkIndex),
        },
      });
    } catch (error) {
      // DRS refuses servers that are in an active job. When that job is this chunk's own (the
      // call of an invocation whose claim expired landed first), it is the chunk's job.
      const own =
        isDrsCallError(error) && error.drsErrorName === 'ConflictException'
          ? await findChunkJob(executionId, wave.id, chunk, deps, clock)
          : undefined;
      if (own !== undefined) {
        await deps.history.setChunkJob(executionId, wave.id, chunk.chunkIndex, own, token);
        logger.warn('DRS job of an earlier invocation found after a conflict', {
          executionId,
          waveId: wave.id,
          chunk: chunk.chunkIndex,
          jobId: own,
        });
        continue;
      }
      // A refused or throttled call surely created no job: free the chunk. Anything else
      // (a 5xx, the network) may have: keep the claim, reconciliation decides after the lease.
      const surelyNoJob =
        isDrsNonRetryableError(error) ||
        (isDrsCallError(error) && error.drsErrorName === 'ThrottlingException');
      if (surelyNoJob)
        await deps.history.releaseChunk(executionId, wave.id, chunk.chunkIndex, token);
      if (isDrsNonRetryableError(error)) {
        const settled = await settledElsewhere(executionId, wave.id, deps);
        if (settled !== undefined) return settled;
        const cause = `Wave ${wave.id}: DRS refused job ${chunk.chunkIndex + 1} of ${record.chunkCount}: ${error.message}`;
        const jobIds = await recordedJobIds(deps, executionId, wave.id);
        await deps.history.updateWave(executionId, wave.id, {
          status: 'FAILED',
          error: error.name,
          cause,
          endedAt: clock().toISOString(),
          jobIds,
        });
        logger.error('wave start refused by DRS', {
          executionId,
          waveId: wave.id,
          chunk: chunk.chunkIndex,
          error: error.drsErrorName,
        });
        return {
          status: 'FAILED',
          jobIds,
          serverCount: record.serverCount,
          error: error.name,
          cause,
        };
      }
      throw error;
    }
    const jobId = job.jobID ?? '';
    const recorded = await deps.history.setChunkJob(
      executionId,
      wave.id,
      chunk.chunkIndex,
      jobId,
      token,
    );
    if (!recorded)
      logger.warn('chunk job recorded by another invocation', {
        executionId,
        waveId: wave.id,
        chunk: chunk.chunkIndex,
        jobId,
      });
    logger.info('DRS job started', {
      executionId,
      waveId: wave.id,
      chunk: chunk.chunkIndex,
      jobId,
      servers: chunk.servers.length,
    });
  }
  // Every chunk must have its job before the wave is STARTED: a chunk claimed elsewhere, or
  // whose job another invocation is recording, is retried.
  const unrecorded = (await deps.history.listChunks(executionId, wave.id))
    .filter((c) => c.jobId === undefined)
    .map((c) => c.chunkIndex);
  if (busy.length > 0 || unrecorded.length > 0) {
    throw new WaveStartInProgressError(executionId, wave.id, unrecorded);
  }

  const settled = await settledElsewhere(executionId, wave.id, deps);
  if (settled !== undefined) return settled;
  const jobIds = await recordedJobIds(deps, executionId, wave.id);
  await deps.history.updateWave(executionId, wave.id, { status: 'STARTED', jobIds });
  return { status: 'STARTED', jobIds, serverCount: record.serverCount };
}

/**
 * The answer of a wave that another invocation has moved on from `STARTING` (started it,
 * failed it, or it has even finished): a late invocation reports it and never writes the
 * wave's status back.
 */
async function settledElsewhere(
  executionId: string,
  waveId: string,
  deps: StartWaveDeps,
): Promise<StartWaveResult | undefined> {
  const current = await deps.history.getWave(executionId, waveId);
  return current === undefined || current.status === 'STARTING' ? undefined : resultOf(current);
}

/**
 * The ID of a DRS job tagged with this chunk, created since the chunk's earlier claim (the one
 * this invocation took over) or else since now, minus slack.
 */
async function findChunkJob(
  executionId: string,
  waveId: string,
  chunk: ChunkRecord,
  deps: StartWaveDeps,
  clock: () => Date,
): Promise<string | undefined> {
  const earlier = Date.parse(chunk.claim?.at ?? '');
  const since = Number.isNaN(earlier) ? clock().getTime() : earlier;
  const jobs = await portFor(deps, chunk.region).describeJobs({
    fromDate: new Date(since - RECONCILE_SLACK_MS).toISOString(),
    toDate: new Date(clock().getTime() + RECONCILE_SLACK_MS).toISOString(),
  });
  return jobs.find((j) => isChunkJob(j, executionId, waveId, chunk.chunkIndex))?.jobID;
}

const isChunkJob = (job: Job, executionId: string, waveId: string, chunkIndex: number) =>
  job.tags?.[DRS_JOB_TAGS.executionId] === executionId &&
  job.tags?.[DRS_JOB_TAGS.waveId] === waveId &&
  job.tags?.[DRS_JOB_TAGS.chunk] === String(chunkIndex);

async function recordedJobIds(
  deps: WaveDeps,
  executionId: string,
  waveId: string,
): Promise<string[]> {
  return (await deps.history.listChunks(executionId, waveId)).flatMap((c) =>
    c.jobId ? [c.jobId] : [],
  );
}

/**
 * For chunks claimed earlier but without a recorded job, finds the job a lost invocation
 * started: DRS jobs created since the oldest claim (minus slack), tagged with this execution,
 * wave and chunk. Records each one found.
 */
async function reconcile(
  executionId: string,
  waveId: string,
  chunks: readonly ChunkRecord[],
  deps: StartWaveDeps,
  clock: () => Date,
): Promise<void> {
  const orphans = chunks.filter((c) => c.jobId === undefined && c.claim !== undefined);
  const regions = [...new Set(orphans.map((c) => c.region))];
  for (const region of regions) {
    const inRegion = orphans.filter((c) => c.region === region);
    const oldest = Math.min(...inRegion.map((c) => Date.parse(c.claim?.at ?? '')));
    const jobs = await portFor(deps, region).describeJobs({
      fromDate: new Date(oldest - RECONCILE_SLACK_MS).toISOString(),
      toDate: new Date(clock().getTime() + RECONCILE_SLACK_MS).toISOString(),
    });
    for (const chunk of inRegion) {
      const job = jobs.find((j) => isChunkJob(j, executionId, waveId, chunk.chunkIndex));
      if (job?.jobID) {
        await deps.history.setChunkJob(executionId, waveId, chunk.chunkIndex, job.jobID, undefined);
        (deps.logger ?? silentLogger).warn('DRS job found by reconciliation', {
          executionId,
          waveId,
          chunk: chunk.chunkIndex,
          jobId: job.jobID,
        });
      }
    }
  }
}
