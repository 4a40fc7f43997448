import { HistoryRecordNotFoundError } from '../errors';
import type {
  ChunkGuard,
  ChunkPatch,
  CreateCleanupResult,
  CreateExecutionResult,
  CreateWaveResult,
  ExecutionHistoryStore,
  ExecutionPatch,
  RecordLayoutResult,
  UnstartedChunkPatch,
  WavePatch,
  WaveWithChunks,
} from './ExecutionHistoryStore';
import type {
  ActionPhase,
  ActionRecord,
  ApprovalRecord,
  ChunkRecord,
  CleanupBatchRecord,
  CleanupRecord,
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

const copy = <T>(value: T): T => structuredClone(value);

/**
 * An {@link ExecutionHistoryStore} in memory, with the same conditions as the DynamoDB one: for
 * tests, the local drill and single-process tools. Records are copied in and out, so callers
 * never share state with the store.
 *
 * @example
 * ```ts
 * import { InMemoryExecutionHistoryStore } from 'drs-waves';
 *
 * const history = new InMemoryExecutionHistoryStore();
 * await history.createExecution({
 *   executionId: 'e1', planId: 'p', executionType: 'DRILL', status: 'RUNNING',
 *   waveIds: ['a'], startedAt: new Date().toISOString(),
 * });
 * ```
 */
export class InMemoryExecutionHistoryStore implements ExecutionHistoryStore {
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #waves = new Map<string, WaveRecord>();
  readonly #layouts = new Map<string, WaveLayoutRecord>();
  readonly #chunks = new Map<string, ChunkRecord>();
  readonly #servers = new Map<string, ServerRecord>();
  readonly #approvals = new Map<string, ApprovalRecord>();
  readonly #decisions = new Map<string, FailureDecisionRecord>();
  readonly #actions = new Map<string, ActionRecord>();
  readonly #cleanups = new Map<string, CleanupRecord>();
  readonly #cleanupBatches = new Map<string, CleanupBatchRecord>();
  readonly #readiness = new Map<string, PlanReadinessRecord>();
  readonly #jobs = new Map<string, JobIndexRecord & { results: Record<string, string> }>();

  async indexJob(record: JobIndexRecord) {
    if (!this.#jobs.has(record.jobId))
      this.#jobs.set(record.jobId, { ...copy(record), results: {} });
  }

  async recordLaunchResult(
    jobId: string,
    sourceServerId: string,
    state: string,
  ): Promise<LaunchResultCount | undefined> {
    const job = this.#jobs.get(jobId);
    if (job === undefined || Object.hasOwn(job.results, sourceServerId)) return undefined;
    job.results[sourceServerId] = state;
    const { results, ...index } = job;
    return { ...index, reported: Object.keys(results).length };
  }

  async countReportedJob(executionId: string, waveId: string): Promise<WaveRecord> {
    const found = await this.#requireWave(executionId, waveId);
    const wave = { ...found, jobsReported: (found.jobsReported ?? 0) + 1 };
    this.#waves.set(waveKey(executionId, waveId), wave);
    return copy(wave);
  }

  async setAwaitToken(executionId: string, waveId: string, taskToken: string): Promise<WaveRecord> {
    const wave = { ...(await this.#requireWave(executionId, waveId)), awaitToken: taskToken };
    this.#waves.set(waveKey(executionId, waveId), wave);
    return copy(wave);
  }

  async #requireWave(executionId: string, waveId: string): Promise<WaveRecord> {
    const found = this.#waves.get(waveKey(executionId, waveId));
    if (!found) throw new HistoryRecordNotFoundError('wave', `${executionId}/${waveId}`);
    return found;
  }

  async createExecution(record: ExecutionRecord): Promise<CreateExecutionResult> {
    const existing = this.#executions.get(record.executionId);
    if (existing) return { created: false, record: copy(existing) };
    this.#executions.set(record.executionId, copy(record));
    return { created: true, record: copy(record) };
  }

  async getExecution(executionId: string) {
    const found = this.#executions.get(executionId);
    return found && copy(found);
  }

  async updateExecution(
    executionId: string,
    patch: ExecutionPatch,
    options: { readonly unlessStatus?: ExecutionStatus } = {},
  ) {
    const found = this.#executions.get(executionId);
    if (!found) throw new HistoryRecordNotFoundError('execution', executionId);
    if (options.unlessStatus !== undefined && found.status === options.unlessStatus) return;
    this.#executions.set(executionId, { ...found, ...copy(patch) });
  }

  async recordLayout(layout: WaveLayoutRecord): Promise<RecordLayoutResult> {
    const key = waveKey(layout.executionId, layout.waveId);
    const existing = this.#layouts.get(key);
    if (existing) return { created: false, layout: copy(existing) };
    this.#layouts.set(key, copy(layout));
    return { created: true, layout: copy(layout) };
  }

  async getLayout(executionId: string, waveId: string) {
    const found = this.#layouts.get(waveKey(executionId, waveId));
    return found && copy(found);
  }

  async createWave(wave: WaveRecord, chunks: readonly ChunkRecord[]): Promise<CreateWaveResult> {
    for (const chunk of chunks) {
      const key = chunkKey(chunk.executionId, chunk.waveId, chunk.chunkIndex);
      if (!this.#chunks.has(key)) this.#chunks.set(key, copy(chunk));
    }
    const key = waveKey(wave.executionId, wave.waveId);
    const existing = this.#waves.get(key);
    if (existing) return { created: false, wave: copy(existing) };
    this.#waves.set(key, copy(wave));
    return { created: true, wave: copy(wave) };
  }

  async getWave(executionId: string, waveId: string) {
    const found = this.#waves.get(waveKey(executionId, waveId));
    return found && copy(found);
  }

  async listWaves(executionId: string) {
    return [...this.#waves.values()]
      .filter((w) => w.executionId === executionId)
      .sort((a, b) => (a.waveId < b.waveId ? -1 : 1))
      .map(copy);
  }

  async updateWave(executionId: string, waveId: string, patch: WavePatch) {
    const key = waveKey(executionId, waveId);
    const found = this.#waves.get(key);
    if (!found) throw new HistoryRecordNotFoundError('wave', `${executionId}/${waveId}`);
    this.#waves.set(key, { ...found, ...copy(patch) });
  }

  async getWaveWithChunks(
    executionId: string,
    waveId: string,
  ): Promise<WaveWithChunks | undefined> {
    const wave = await this.getWave(executionId, waveId);
    return wave && { wave, chunks: await this.listChunks(executionId, waveId) };
  }

  async listChunks(executionId: string, waveId: string) {
    return [...this.#chunks.values()]
      .filter((c) => c.executionId === executionId && c.waveId === waveId)
      .sort((a, b) => a.chunkIndex - b.chunkIndex)
      .map(copy);
  }

  async claimChunk(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    claim: { token: string; at: string },
    staleBefore: string,
  ) {
    const key = chunkKey(executionId, waveId, chunkIndex);
    const chunk = this.#chunks.get(key);
    if (!chunk || chunk.jobId !== undefined) return false;
    if (chunk.claim && chunk.claim.at >= staleBefore) return false;
    this.#chunks.set(key, { ...chunk, claim: { ...claim } });
    return true;
  }

  async updateUnstartedChunk(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    patch: UnstartedChunkPatch,
    guard: ChunkGuard,
  ) {
    const key = chunkKey(executionId, waveId, chunkIndex);
    const chunk = this.#chunks.get(key);
    if (!chunk || chunk.jobId !== undefined) return false;
    const allowed =
      'token' in guard
        ? chunk.claim?.token === guard.token
        : chunk.claim === undefined || chunk.claim.at < guard.staleBefore;
    if (!allowed) return false;
    const { claim: _released, ...rest } = chunk;
    this.#chunks.set(key, { ...rest, ...copy(patch) });
    return true;
  }

  async setChunkJob(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    jobId: string,
    token: string | undefined,
    startedAt?: string,
  ) {
    const key = chunkKey(executionId, waveId, chunkIndex);
    const chunk = this.#chunks.get(key);
    if (!chunk || chunk.jobId !== undefined) return false;
    if (token !== undefined && chunk.claim?.token !== token) return false;
    this.#chunks.set(key, {
      ...chunk,
      jobId,
      ...(startedAt === undefined ? {} : { jobStartedAt: startedAt }),
    });
    return true;
  }

  async updateChunk(executionId: string, waveId: string, chunkIndex: number, patch: ChunkPatch) {
    const key = chunkKey(executionId, waveId, chunkIndex);
    const chunk = this.#chunks.get(key);
    if (!chunk)
      throw new HistoryRecordNotFoundError('chunk', `${executionId}/${waveId}/${chunkIndex}`);
    this.#chunks.set(key, { ...chunk, ...copy(patch) });
  }

  async startAction(record: ActionRecord) {
    const key = actionKey(record.executionId, record.waveId, record.phase, record.index);
    const stored = this.#actions.get(key);
    if (stored !== undefined) return copy(stored);
    this.#actions.set(key, copy(record));
    return copy(record);
  }

  async finishAction(
    executionId: string,
    waveId: string,
    phase: ActionPhase,
    index: number,
    end: Pick<ActionRecord, 'endedAt' | 'outcome' | 'error' | 'cause'>,
  ) {
    const key = actionKey(executionId, waveId, phase, index);
    const stored = this.#actions.get(key);
    if (stored === undefined) {
      throw new HistoryRecordNotFoundError('action', `${executionId}/${waveId}/${phase}/${index}`);
    }
    this.#actions.set(key, { ...stored, ...copy(withoutUndefined(end)) });
  }

  async listActions(executionId: string) {
    return [...this.#actions.entries()]
      .filter(([, a]) => a.executionId === executionId)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, a]) => copy(a));
  }

  async putApproval(record: ApprovalRecord) {
    this.#approvals.set(waveKey(record.executionId, record.waveId), copy(record));
  }

  async getApproval(executionId: string, waveId: string) {
    const found = this.#approvals.get(waveKey(executionId, waveId));
    return found && copy(found);
  }

  async decideApproval(
    executionId: string,
    waveId: string,
    decision: Pick<ApprovalRecord, 'status' | 'decidedAt'> &
      Partial<Pick<ApprovalRecord, 'decidedBy' | 'reason'>>,
  ) {
    const key = waveKey(executionId, waveId);
    const found = this.#approvals.get(key);
    if (found?.status !== 'PENDING') return false;
    this.#approvals.set(key, { ...found, ...copy(decision) });
    return true;
  }

  async putDecision(record: FailureDecisionRecord) {
    const key = decisionKey(record.executionId, record.waveId, record.attempt);
    const found = this.#decisions.get(key);
    if (found === undefined || found.status === 'PENDING') this.#decisions.set(key, copy(record));
  }

  async getDecision(executionId: string, waveId: string, attempt: number) {
    const found = this.#decisions.get(decisionKey(executionId, waveId, attempt));
    return found && copy(found);
  }

  async decideDecision(
    executionId: string,
    waveId: string,
    attempt: number,
    decision: Pick<FailureDecisionRecord, 'status' | 'decidedAt'> &
      Partial<Pick<FailureDecisionRecord, 'decidedBy' | 'reason'>>,
  ) {
    const key = decisionKey(executionId, waveId, attempt);
    const found = this.#decisions.get(key);
    if (found?.status !== 'PENDING') return false;
    this.#decisions.set(key, { ...found, ...copy(decision) });
    return true;
  }

  async listDecisions(executionId: string) {
    return [...this.#decisions.entries()]
      .filter(([, d]) => d.executionId === executionId)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, d]) => copy(d));
  }

  async listApprovals(executionId: string) {
    return [...this.#approvals.values()]
      .filter((a) => a.executionId === executionId)
      .sort((a, b) => (a.waveId < b.waveId ? -1 : 1))
      .map(copy);
  }

  async createCleanup(record: CleanupRecord): Promise<CreateCleanupResult> {
    const existing = this.#cleanups.get(record.executionId);
    if (existing) return { created: false, record: copy(existing) };
    this.#cleanups.set(record.executionId, copy(record));
    return { created: true, record: copy(record) };
  }

  async getCleanup(executionId: string) {
    const found = this.#cleanups.get(executionId);
    return found && copy(found);
  }

  async putCleanupBatch(record: CleanupBatchRecord) {
    this.#cleanupBatches.set(waveKey(record.executionId, record.jobId), copy(record));
  }

  async listCleanupBatches(executionId: string) {
    return [...this.#cleanupBatches.values()]
      .filter((b) => b.executionId === executionId)
      .sort((a, b) => (a.jobId < b.jobId ? -1 : 1))
      .map(copy);
  }

  async putServers(records: readonly ServerRecord[]) {
    for (const r of records) this.#servers.set(serverKey(r), copy(r));
  }

  async listServers(executionId: string, waveId?: string) {
    return [...this.#servers.values()]
      .filter((s) => s.executionId === executionId && (waveId === undefined || s.waveId === waveId))
      .sort((a, b) => (serverKey(a) < serverKey(b) ? -1 : 1))
      .map(copy);
  }

  async getPlanReadiness(planId: string) {
    const found = this.#readiness.get(planId);
    return found === undefined ? undefined : copy(found);
  }

  async putPlanReadiness(record: PlanReadinessRecord, expectedRuns: number) {
    if ((this.#readiness.get(record.planId)?.runs ?? 0) !== expectedRuns) return false;
    this.#readiness.set(record.planId, copy(record));
    return true;
  }
}

const waveKey = (executionId: string, waveId: string) => `${executionId}\n${waveId}`;
/** Sorts by wave, then attempt. */
const decisionKey = (executionId: string, waveId: string, attempt: number) =>
  `${waveKey(executionId, waveId)}\n${String(attempt).padStart(5, '0')}`;
const chunkKey = (executionId: string, waveId: string, index: number) =>
  `${executionId}\n${waveId}\n${index}`;
// Positions padded, so that a phase's actions sort in order.
const actionKey = (executionId: string, waveId: string, phase: ActionPhase, index: number) =>
  `${executionId}\n${waveId}\n${phase}\n${String(index).padStart(3, '0')}`;
const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
const serverKey = (r: ServerRecord) => `${r.executionId}\n${r.waveId}\n${r.sourceServerId}`;
