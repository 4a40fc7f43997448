import type {
  ActionPhase,
  ActionRecord,
  ApprovalRecord,
  ChunkClaim,
  ChunkNotStarted,
  ChunkRecord,
  CleanupBatchRecord,
  CleanupRecord,
  ExecutionReadiness,
  ExecutionRecord,
  ExecutionStatus,
  FailureDecisionRecord,
  JobIndexRecord,
  LaunchResultCount,
  PlanReadinessRecord,
  ServerRecord,
  WaveLayoutRecord,
  WaveRecord,
} from './records';

/**
 * What {@link ExecutionHistoryStore.createExecution} returns.
 *
 * @example
 * ```ts
 * import type { CreateExecutionResult } from 'drs-waves';
 *
 * const isNew = (result: CreateExecutionResult) => result.created;
 * ```
 */
export interface CreateExecutionResult {
  /** Whether this call created the execution (`false`: it existed, and was left as it was). */
  readonly created: boolean;
  /** The stored execution. */
  readonly record: ExecutionRecord;
}

/**
 * What {@link ExecutionHistoryStore.createWave} returns.
 *
 * @example
 * ```ts
 * import type { CreateWaveResult } from 'drs-waves';
 *
 * const isNew = (result: CreateWaveResult) => result.created;
 * ```
 */
export interface CreateWaveResult {
  /** Whether this call created the wave (`false`: it existed, and was left as it was). */
  readonly created: boolean;
  /** The stored wave. */
  readonly wave: WaveRecord;
}

/**
 * What {@link ExecutionHistoryStore.createCleanup} returns.
 *
 * @example
 * ```ts
 * import type { CreateCleanupResult } from 'drs-waves';
 *
 * const isRetry = (result: CreateCleanupResult) => !result.created;
 * ```
 */
export interface CreateCleanupResult {
  /** Whether this call recorded the cleanup (`false`: an earlier call had, and it was kept). */
  readonly created: boolean;
  /** The stored cleanup. */
  readonly record: CleanupRecord;
}

/**
 * Fields of an execution that change after it is created.
 *
 * @example
 * ```ts
 * import type { ExecutionPatch } from 'drs-waves';
 *
 * const patch: ExecutionPatch = { status: 'SUCCEEDED', endedAt: '2026-01-01T01:00:00.000Z' };
 * ```
 */
export interface ExecutionPatch {
  /** The new status. */
  readonly status?: ExecutionStatus;
  /** The readiness check before its first stage. */
  readonly readiness?: ExecutionReadiness;
  /** When the execution ended. */
  readonly endedAt?: string;
  /** The error name it failed with. */
  readonly error?: string;
  /** Why it failed. */
  readonly cause?: string;
  /** Waves an operator skipped after their failure. */
  readonly skippedWaveIds?: readonly string[];
  /** The execution that resumed this one. */
  readonly resumedBy?: string;
}

/**
 * Fields of a wave that change after it is created.
 *
 * @example
 * ```ts
 * import type { WavePatch } from 'drs-waves';
 *
 * const patch: WavePatch = { status: 'STARTED', jobIds: ['drsjob-541cee6300c363be5'] };
 * ```
 */
export type WavePatch = Partial<
  Pick<
    WaveRecord,
    | 'status'
    | 'jobIds'
    | 'pollCount'
    | 'counts'
    | 'countsByLaunchStatus'
    | 'endedAt'
    | 'checkedAt'
    | 'error'
    | 'cause'
    | 'approvalToken'
    | 'resumedToken'
    | 'attempt'
    | 'attemptStartedAt'
    | 'chunkCount'
  >
>;

/**
 * What {@link ExecutionHistoryStore.recordLayout} returns.
 *
 * @example
 * ```ts
 * import type { RecordLayoutResult } from 'drs-waves';
 *
 * const isNew = (result: RecordLayoutResult) => result.created;
 * ```
 */
export interface RecordLayoutResult {
  /** Whether this call recorded the layout (`false`: another was recorded first, and won). */
  readonly created: boolean;
  /** The stored layout: the one every attempt launches. */
  readonly layout: WaveLayoutRecord;
}

/**
 * What {@link ExecutionHistoryStore.getWaveWithChunks} returns.
 *
 * @example
 * ```ts
 * import type { WaveWithChunks } from 'drs-waves';
 *
 * const jobIds = (w: WaveWithChunks) => w.chunks.flatMap((c) => (c.jobId ? [c.jobId] : []));
 * ```
 */
export interface WaveWithChunks {
  /** The wave. */
  readonly wave: WaveRecord;
  /** Its chunks, by index. */
  readonly chunks: ChunkRecord[];
}

/**
 * Fields of a chunk without a job that a failed start attempt changes.
 *
 * @example
 * ```ts
 * import type { UnstartedChunkPatch } from 'drs-waves';
 *
 * const patch: UnstartedChunkPatch = {
 *   attempts: 1,
 *   nextAttemptAt: '2026-01-01T00:00:30.000Z',
 *   waitReason: 'ServiceQuotaExceededException: 20 jobs are active',
 * };
 * ```
 */
export type UnstartedChunkPatch = Partial<
  Pick<ChunkRecord, 'attempts' | 'nextAttemptAt' | 'waitReason' | 'quotaWaitSince' | 'unansweredAt'>
> & {
  /** Set when the chunk's job will never be started. */
  readonly notStarted?: ChunkNotStarted;
};

/**
 * Who may change a chunk without a job: the holder of its claim, or anyone once the chunk has
 * no claim younger than `staleBefore`.
 *
 * @example
 * ```ts
 * import type { ChunkGuard } from 'drs-waves';
 *
 * const mine: ChunkGuard = { token: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' };
 * const stale: ChunkGuard = { staleBefore: '2026-01-01T00:00:00.000Z' };
 * ```
 */
export type ChunkGuard =
  | {
      /** The token of the claim the caller holds. */
      readonly token: string;
    }
  | {
      /** A claim made before this time (ISO 8601) is stale and gives way. */
      readonly staleBefore: string;
    };

/**
 * Fields of a chunk that a status check changes.
 *
 * @example
 * ```ts
 * import type { ChunkPatch } from 'drs-waves';
 *
 * const patch: ChunkPatch = { jobStatus: 'COMPLETED', settled: true };
 * ```
 */
export type ChunkPatch = Partial<
  Pick<ChunkRecord, 'jobStatus' | 'launchStatuses' | 'verdicts' | 'settled'>
>;

/**
 * Where drs-waves records executions, waves, DRS jobs and server outcomes. Writes never need
 * transactions: every item is written whole or with conditions on itself, and nothing updates
 * a nested map that may not exist. Two implementations: {@link DynamoDbExecutionHistoryStore}
 * and {@link InMemoryExecutionHistoryStore}; both pass the same contract tests.
 *
 * @example
 * ```ts
 * import { InMemoryExecutionHistoryStore, type ExecutionHistoryStore } from 'drs-waves';
 *
 * const history: ExecutionHistoryStore = new InMemoryExecutionHistoryStore();
 * const execution = await history.getExecution('three-tier-20260101T000000Z');
 * ```
 */
export interface ExecutionHistoryStore {
  /** Records an execution unless one with its ID exists; returns the stored one either way. */
  createExecution(record: ExecutionRecord): Promise<CreateExecutionResult>;
  /** The execution, or `undefined`. */
  getExecution(executionId: string): Promise<ExecutionRecord | undefined>;
  /**
   * Changes an execution; throws when it does not exist. With `options.unlessStatus`, an
   * execution recorded with that status is left as it is, atomically (a cancel recorded while
   * the execution finishes is kept).
   */
  updateExecution(
    executionId: string,
    patch: ExecutionPatch,
    options?: { readonly unlessStatus?: ExecutionStatus },
  ): Promise<void>;

  /**
   * Records a wave's layout unless one is recorded already; returns the stored one either way.
   * The first layout wins: a retry after an edit of the plan or its protection groups gets the
   * layout of the first attempt.
   */
  recordLayout(layout: WaveLayoutRecord): Promise<RecordLayoutResult>;
  /** The wave's recorded layout, or `undefined`. */
  getLayout(executionId: string, waveId: string): Promise<WaveLayoutRecord | undefined>;

  /**
   * Records a wave's intent to start, with its chunks, unless the wave is recorded already;
   * returns the stored wave either way. Chunks are written first, each only if absent, so a
   * concurrent or retried call never overwrites a chunk that has a job.
   */
  createWave(wave: WaveRecord, chunks: readonly ChunkRecord[]): Promise<CreateWaveResult>;
  /** The wave, or `undefined`. */
  getWave(executionId: string, waveId: string): Promise<WaveRecord | undefined>;
  /** Every recorded wave of an execution. */
  listWaves(executionId: string): Promise<WaveRecord[]>;
  /** Changes a wave; throws when it does not exist. */
  updateWave(executionId: string, waveId: string, patch: WavePatch): Promise<void>;

  /**
   * The wave and its chunks (by index) in one read, or `undefined` when the wave is not
   * recorded: what every status check needs. Optional: without it, drs-waves calls `getWave`
   * and `listChunks`.
   */
  getWaveWithChunks?(executionId: string, waveId: string): Promise<WaveWithChunks | undefined>;
  /** The wave's chunks, by index. */
  listChunks(executionId: string, waveId: string): Promise<ChunkRecord[]>;
  /**
   * Claims a chunk for starting its job: succeeds only if the chunk has no job and no claim
   * newer than `staleBefore`. Returns whether this caller holds the claim.
   */
  claimChunk(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    claim: ChunkClaim,
    staleBefore: string,
  ): Promise<boolean>;
  /**
   * Changes a chunk that has no job, and drops its claim: only while it has no job and `guard`
   * holds (the caller's token holds the claim, or no claim is younger than `staleBefore`).
   * Returns whether it did.
   */
  updateUnstartedChunk(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    patch: UnstartedChunkPatch,
    guard: ChunkGuard,
  ): Promise<boolean>;
  /**
   * Records a chunk's DRS job (and `startedAt` as `jobStartedAt`): succeeds only if the chunk
   * has no job yet and `token` holds the claim (or `token` is `undefined`, for a job found by
   * reconciliation). Returns whether it did.
   */
  setChunkJob(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    jobId: string,
    token: string | undefined,
    startedAt?: string,
  ): Promise<boolean>;
  /** Records what a status check learnt of a chunk's job. */
  updateChunk(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    patch: ChunkPatch,
  ): Promise<void>;

  /** Records a wave's approval request (whole record, last write wins: a retried request re-arms it). */
  putApproval(record: ApprovalRecord): Promise<void>;
  /** The wave's approval request, or `undefined`. */
  getApproval(executionId: string, waveId: string): Promise<ApprovalRecord | undefined>;
  /**
   * Records a decision on a `PENDING` approval; returns `false`, changing nothing, when the
   * approval is missing or was decided already.
   */
  decideApproval(
    executionId: string,
    waveId: string,
    decision: Pick<ApprovalRecord, 'status' | 'decidedAt'> &
      Partial<Pick<ApprovalRecord, 'decidedBy' | 'reason'>>,
  ): Promise<boolean>;

  /** Every approval request of an execution, by wave ID. */
  listApprovals(executionId: string): Promise<ApprovalRecord[]>;

  /**
   * Records a failed wave's request for a decision, unless that attempt's decision was made
   * already (a retried request re-arms a `PENDING` one with its new token).
   */
  putDecision(record: FailureDecisionRecord): Promise<void>;
  /** The decision on the wave's failed `attempt`, or `undefined`. */
  getDecision(
    executionId: string,
    waveId: string,
    attempt: number,
  ): Promise<FailureDecisionRecord | undefined>;
  /**
   * Records a decision on a `PENDING` request; returns `false`, changing nothing, when the
   * request is missing or was decided already.
   */
  decideDecision(
    executionId: string,
    waveId: string,
    attempt: number,
    decision: Pick<FailureDecisionRecord, 'status' | 'decidedAt'> &
      Partial<Pick<FailureDecisionRecord, 'decidedBy' | 'reason'>>,
  ): Promise<boolean>;
  /** Every failure decision of an execution, by wave and attempt. */
  listDecisions(executionId: string): Promise<FailureDecisionRecord[]>;

  /** Records a drill cleanup unless one exists for the execution; returns the stored one. */
  createCleanup(record: CleanupRecord): Promise<CreateCleanupResult>;
  /** The execution's drill cleanup, or `undefined`. */
  getCleanup(executionId: string): Promise<CleanupRecord | undefined>;
  /** Records one terminate call of a cleanup (whole record, keyed by its DRS job). */
  putCleanupBatch(record: CleanupBatchRecord): Promise<void>;
  /** Every recorded terminate call of the execution's cleanup, by job ID. */
  listCleanupBatches(executionId: string): Promise<CleanupBatchRecord[]>;

  /**
   * Records a DRS job by its ID, for event-driven completion (idempotent). Optional, as the
   * four methods after it: a store without them supports polling only.
   */
  indexJob?(record: JobIndexRecord): Promise<void>;
  /**
   * Records a launch result of one server of an indexed job, once: answers the job's index and
   * its count of reported servers, or `undefined` for a job not indexed or a server reported
   * already.
   */
  recordLaunchResult?(
    jobId: string,
    sourceServerId: string,
    state: string,
  ): Promise<LaunchResultCount | undefined>;
  /** Counts one more of the wave's jobs fully reported; answers the wave as it now stands. */
  countReportedJob?(executionId: string, waveId: string): Promise<WaveRecord>;
  /** Stores the task token of the wave's wait for launches; answers the wave as it now stands. */
  setAwaitToken?(executionId: string, waveId: string, taskToken: string): Promise<WaveRecord>;

  /**
   * Records that a wave action started, unless it was recorded already (a retried call);
   * answers the stored record either way.
   */
  startAction(record: ActionRecord): Promise<ActionRecord>;
  /** Records how a started action ended; throws when it was never started. */
  finishAction(
    executionId: string,
    waveId: string,
    phase: ActionPhase,
    index: number,
    end: Pick<ActionRecord, 'endedAt' | 'outcome' | 'error' | 'cause'>,
  ): Promise<void>;
  /** Every action of the execution, by wave, phase and position. */
  listActions(executionId: string): Promise<ActionRecord[]>;

  /** The plan's scheduled readiness record, or `undefined` before its first check. */
  getPlanReadiness(planId: string): Promise<PlanReadinessRecord | undefined>;
  /**
   * Writes the plan's readiness record (whole), only if the stored one has `expectedRuns` runs
   * (`0`: none is stored): two checks that read the same record never both write. Returns
   * whether it wrote.
   */
  putPlanReadiness(record: PlanReadinessRecord, expectedRuns: number): Promise<boolean>;

  /** Writes server outcomes (whole records, last write wins). */
  putServers(records: readonly ServerRecord[]): Promise<void>;
  /** Server outcomes of an execution, or of one of its waves. */
  listServers(executionId: string, waveId?: string): Promise<ServerRecord[]>;
}
