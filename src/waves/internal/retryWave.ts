import {
  DecisionRefusedError,
  ExecutionMismatchError,
  HistoryRecordNotFoundError,
} from '../../errors';
import { silentLogger } from '../../logger';
import { type ExecutionType, MAX_WAVE_ATTEMPTS } from '../../plan/types';
import { guardStore } from '../../store/internal/guardStore';
import type { ChunkRecord, ExecutionRecord, WaveRecord } from '../../store/records';
import type { StartWaveDeps, StartWaveResult } from '../startWave';
import { advanceStarts, executionStop, isOpen, startEngine } from './advanceStarts';
import { withDefaultQuotas } from './deps';
import { splitIntoJobs } from './layout';
import { withPortPerTarget } from './portFor';

/** What {@link retryWave} takes: the wave, and the attempt it starts (2 for the first retry). */
export interface RetryWaveInput {
  readonly executionId: string;
  readonly executionType: ExecutionType;
  readonly waveId: string;
  readonly attempt: number;
}

/**
 * The critical servers of a wave whose latest verdict is `FAILED`: what a retry relaunches.
 * A server launched in any attempt is never among them; nor is one still pending.
 */
export function failedCriticalServers(chunks: readonly ChunkRecord[]): ChunkRecord[] {
  const latest = new Map<string, ChunkRecord>();
  for (const chunk of [...chunks].sort((a, b) => a.chunkIndex - b.chunkIndex)) {
    for (const s of chunk.servers) latest.set(s.sourceServerId, chunk);
  }
  const failed = new Map<string, ChunkRecord>();
  for (const [id, chunk] of latest) {
    const server = chunk.servers.find((s) => s.sourceServerId === id);
    if (server?.impact === 'OPTIONAL') continue;
    const verdict = chunk.verdicts[id] ?? (chunk.notStarted === undefined ? 'PENDING' : 'FAILED');
    if (verdict === 'FAILED') {
      failed.set(id, {
        ...chunk,
        servers: server === undefined ? [] : [server],
      });
    }
  }
  return [...failed.values()];
}

const waveAttempt = (wave: WaveRecord) => wave.attempt ?? 1;

/**
 * Starts a new attempt of a failed wave: its failed critical servers, as new DRS jobs (chunks
 * after the wave's last one), exactly once.
 *
 * The attempt's chunks (its layout) are recorded, each only if absent, before any
 * `StartRecovery`, and computed from settled verdicts only, so a retried or concurrent call
 * records the same chunks; the wave moves to the attempt with one update. From there on, the
 * chunks start as every chunk does: claimed, started once, reconciled by their job tags. A call
 * for an attempt the wave has reached already only advances its chunks still without a job.
 *
 * @throws {@link DecisionRefusedError} (`NOTHING_TO_RETRY`) when the wave has no failed critical server.
 */
export async function retryWave(
  input: RetryWaveInput,
  given: StartWaveDeps,
): Promise<StartWaveResult> {
  const deps = withPortPerTarget(given);
  const { executionId, waveId, attempt } = input;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const history = guardStore(deps.history, 'execution history');
  const execution: ExecutionRecord | undefined = await history.getExecution(executionId);
  if (execution === undefined) throw new HistoryRecordNotFoundError('execution', executionId);
  if (execution.executionType !== input.executionType) {
    throw new ExecutionMismatchError(
      executionId,
      'executionType',
      input.executionType,
      execution.executionType,
    );
  }
  let wave = await history.getWave(executionId, waveId);
  if (wave === undefined) throw new HistoryRecordNotFoundError('wave', `${executionId}/${waveId}`);
  let chunks = await history.listChunks(executionId, waveId);

  if (attempt > MAX_WAVE_ATTEMPTS) {
    throw new DecisionRefusedError(
      executionId,
      waveId,
      'RETRY',
      'NO_ATTEMPTS_LEFT',
      `attempt ${attempt} of ${MAX_WAVE_ATTEMPTS}`,
    );
  }
  if (waveAttempt(wave) < attempt) {
    const previous = chunks.filter((c) => (c.attempt ?? 1) < attempt);
    const failed = failedCriticalServers(previous);
    if (failed.length === 0) {
      throw new DecisionRefusedError(executionId, waveId, 'RETRY', 'NOTHING_TO_RETRY');
    }
    const quotas = withDefaultQuotas(deps.quotas);
    const first = Math.max(-1, ...previous.map((c) => c.chunkIndex)) + 1;
    const layout = splitIntoJobs(
      failed.flatMap((c) =>
        c.servers.map((s) => ({
          ...s,
          region: c.region,
          ...(c.accountId === undefined ? {} : { accountId: c.accountId }),
        })),
      ),
      quotas.maxServersPerJob,
    );
    // A server launches again from the snapshot first chosen for it (the recovery point).
    const chosen = new Map(previous.flatMap((c) => Object.entries(c.snapshots ?? {})));
    const added: ChunkRecord[] = layout.map((c, i) => {
      const snapshots = c.servers.flatMap((s) => {
        const snapshot = chosen.get(s.sourceServerId);
        return snapshot === undefined ? [] : [[s.sourceServerId, snapshot] as const];
      });
      return {
        executionId,
        waveId,
        chunkIndex: first + i,
        ...(c.accountId === undefined ? {} : { accountId: c.accountId }),
        ...(c.region === undefined ? {} : { region: c.region }),
        servers: c.servers,
        ...(snapshots.length === 0 ? {} : { snapshots: Object.fromEntries(snapshots) }),
        launchStatuses: {},
        verdicts: {},
        settled: false,
        attempt,
      };
    });
    // The attempt's layout, recorded before any StartRecovery: each chunk only if absent.
    await history.createWave(wave, added);
    const now = clock().toISOString();
    await history.updateWave(executionId, waveId, {
      status: 'STARTED',
      attempt,
      attemptStartedAt: now,
      chunkCount: first + added.length,
    });
    logger.info('wave retry recorded', {
      executionId,
      waveId,
      attempt,
      servers: failed.length,
      jobs: added.length,
    });
    wave = (await history.getWave(executionId, waveId)) ?? wave;
    chunks = await history.listChunks(executionId, waveId);
  }
  const mine = chunks.filter((c) => (c.attempt ?? 1) === waveAttempt(wave));
  if (wave.status === 'STARTED' && mine.some(isOpen)) {
    const engine = startEngine(executionId, waveId, deps, history, logger);
    const advanced = await advanceStarts(engine, mine, execution.executionType === 'DRILL', () =>
      executionStop(history, executionId),
    );
    const byIndex = new Map(advanced.map((c) => [c.chunkIndex, c]));
    chunks = chunks.map((c) => byIndex.get(c.chunkIndex) ?? c);
  }
  const jobIds = chunks.flatMap((c) => (c.jobId === undefined ? [] : [c.jobId]));
  if (jobIds.join() !== wave.jobIds.join()) {
    await history.updateWave(executionId, waveId, { jobIds });
  }
  const waiting = chunks.filter((c) => (c.attempt ?? 1) === waveAttempt(wave) && isOpen(c));
  return {
    status: 'STARTED',
    jobIds,
    serverCount: wave.serverCount,
    ...(waiting.length > 0 ? { waitingJobs: waiting.length } : {}),
  };
}
