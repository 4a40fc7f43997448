import { randomUUID } from 'node:crypto';
import type { Job } from '@aws-sdk/client-drs';
import { activeJobsOf } from '../../drs/internal/activeJobs';
import type { DrsQuotas } from '../../drs/limits';
import { ErrorName, isDrsCallError, isDrsNonRetryableError } from '../../errors';
import type { Logger } from '../../logger';
import type {
  ChunkGuard,
  ExecutionHistoryStore,
  UnstartedChunkPatch,
} from '../../store/ExecutionHistoryStore';
import type { ChunkNotStarted, ChunkRecord } from '../../store/records';
import { DRS_JOB_TAGS } from '../tags';
import type { WaveDeps } from '../WaveDeps';
import { withDefaultQuotas } from './deps';
import { portFor } from './portFor';
import { targetKey, targetOfKey } from './target';

/** How far around a claim or a lost call a reconciled job's creation time may be (clock skew). */
export const RECONCILE_SLACK_MS = 5 * 60_000;
/** How long a DRS job may take to show in `DescribeJobs` after `StartRecovery` (eventual consistency). */
export const LISTING_GRACE_MS = 30_000;
/** First backoff after a start attempt that gave no job; doubles up to {@link MAX_BACKOFF_MS}. */
export const FIRST_BACKOFF_MS = 15_000;
/** Longest backoff between two start attempts of a chunk. */
export const MAX_BACKOFF_MS = 120_000;
/** How far back the pre-call quota check looks for jobs still active in the account. */
export const ACTIVE_JOB_WINDOW_MS = 24 * 60 * 60_000;

/** What the start engine needs: the wave's identity, the history and DRS, with defaults applied. */
export interface StartEngine {
  readonly executionId: string;
  readonly waveId: string;
  readonly deps: WaveDeps;
  readonly history: ExecutionHistoryStore;
  readonly quotas: DrsQuotas;
  readonly leaseMs: number;
  readonly newToken: () => string;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** Builds the engine from the deps a caller gave (quotas and lease validated by the caller). */
export function startEngine(
  executionId: string,
  waveId: string,
  deps: WaveDeps & {
    readonly quotas?: Partial<DrsQuotas>;
    readonly claimLeaseSeconds?: number;
    readonly newToken?: () => string;
  },
  history: ExecutionHistoryStore,
  logger: Logger,
): StartEngine {
  return {
    executionId,
    waveId,
    deps,
    history,
    quotas: withDefaultQuotas(deps.quotas),
    leaseMs: (deps.claimLeaseSeconds ?? 120) * 1000,
    newToken: deps.newToken ?? randomUUID,
    clock: deps.clock ?? (() => new Date()),
    logger,
  };
}

/** Reasons for not starting that come from drs-waves itself, not from a DRS refusal. */
const OWN_REASONS: ReadonlySet<string> = new Set([
  ErrorName.WaveTimeout,
  ErrorName.ExecutionCancelled,
  'NotStarted',
]);

/** Whether DRS itself refused the chunk (validation, access): the wave starts nothing more. */
const isRefusal = (n: ChunkNotStarted | undefined) => n !== undefined && !OWN_REASONS.has(n.error);

/** A chunk that has neither a job nor a decision never to start. */
export const isOpen = (c: ChunkRecord) => c.jobId === undefined && c.notStarted === undefined;

/** Whether `job` is the one a chunk of the wave `waveId` of `executionId` started (its tags). */
export const isChunkJobOf = (job: Job, executionId: string, waveId: string, chunkIndex: number) =>
  job.tags?.[DRS_JOB_TAGS.executionId] === executionId &&
  job.tags?.[DRS_JOB_TAGS.waveId] === waveId &&
  job.tags?.[DRS_JOB_TAGS.chunk] === String(chunkIndex);

const isChunkJob = (job: Job, e: StartEngine, chunkIndex: number) =>
  isChunkJobOf(job, e.executionId, e.waveId, chunkIndex);

const iso = (ms: number) => new Date(ms).toISOString();

/** When a chunk last tried (claim or lost call), for the reconciliation window. */
export const lastTouch = (c: ChunkRecord): number | undefined => {
  const times = [c.claim?.at, c.unansweredAt]
    .filter((t): t is string => t !== undefined)
    .map((t) => Date.parse(t));
  return times.length === 0 ? undefined : Math.min(...times);
};

/** What the account's jobs leave free, per the pre-call quota check. */
interface Room {
  activeJobs: number;
  activeServers: number;
  readonly busy: Set<string>;
  quotaRefused: string | undefined;
}

/** Why the execution's status forbids any new job, or `undefined` while it runs. */
export type StopReason = Omit<ChunkNotStarted, 'at'> | undefined;

/** Reads the execution (consistently) and says why no job may start, if so. */
export async function executionStop(
  history: ExecutionHistoryStore,
  executionId: string,
): Promise<StopReason> {
  const execution = await history.getExecution(executionId);
  if (execution?.status === 'RUNNING') return undefined;
  const status = execution?.status ?? 'not recorded';
  return {
    error: status === 'CANCELLED' ? ErrorName.ExecutionCancelled : 'NotStarted',
    cause: `not started: the execution is ${status}`,
  };
}

/**
 * Moves a wave's chunks that have no job forward, once: reconciles every chunk an earlier
 * attempt touched (a claim, a call whose answer was lost) by the job tags; then, unless the
 * execution has stopped or the wave gives up, starts each chunk whose backoff has passed and
 * that the account's quotas leave room for, under a claim, checking the execution's status
 * before every `StartRecovery`. A chunk that gets no job is released at once with what was
 * learnt (quota or conflict wait, a lost answer to reconcile first, a refusal that ends it).
 *
 * `giveUp` marks every open chunk not started (the wave's timeout). Returns the chunks as
 * recorded after the pass.
 */
export async function advanceStarts(
  e: StartEngine,
  chunks: readonly ChunkRecord[],
  isDrill: boolean,
  readExecutionStop: () => Promise<StopReason>,
  giveUp?: Omit<ChunkNotStarted, 'at'>,
): Promise<ChunkRecord[]> {
  const open = chunks.filter(isOpen);
  if (open.length === 0) return [...chunks];
  const { history, executionId, waveId } = e;
  const now = e.clock().getTime();
  const staleBefore = iso(now - e.leaseMs);

  // One DescribeJobs per (account, Region) serves both the reconciliation and the quota check:
  // DRS's quotas are each account's, in each Region.
  const targets = [...new Set(open.map(targetKey))];
  const jobsByTarget = new Map<string, Job[]>();
  const found = new Set<number>();
  for (const key of targets) {
    const inRegion = open.filter((c) => targetKey(c) === key);
    const touched = inRegion.map(lastTouch).filter((t): t is number => t !== undefined);
    const from = Math.min(
      now - ACTIVE_JOB_WINDOW_MS,
      ...touched.map((t) => t - RECONCILE_SLACK_MS),
    );
    const jobs = await portFor(e.deps, targetOfKey(key)).describeJobs({
      fromDate: iso(from),
      toDate: iso(now + RECONCILE_SLACK_MS),
    });
    jobsByTarget.set(key, jobs);
    for (const chunk of inRegion) {
      if (lastTouch(chunk) === undefined) continue;
      const job = jobs.find((j) => isChunkJob(j, e, chunk.chunkIndex));
      if (job?.jobID === undefined) continue;
      found.add(chunk.chunkIndex);
      const startedAt = job.creationDateTime ?? iso(now);
      if (
        await history.setChunkJob(
          executionId,
          waveId,
          chunk.chunkIndex,
          job.jobID,
          undefined,
          startedAt,
        )
      ) {
        await indexJob(e, chunk, job.jobID);
        e.logger.warn('DRS job found by reconciliation', {
          executionId,
          waveId,
          chunk: chunk.chunkIndex,
          jobId: job.jobID,
        });
      }
    }
  }

  const remaining = open.filter((c) => !found.has(c.chunkIndex));
  const refused = chunks.find((c) => isRefusal(c.notStarted));
  const stop =
    giveUp !== undefined
      ? giveUp
      : remaining.length > 0
        ? ((await readExecutionStop()) ??
          (refused === undefined
            ? undefined
            : {
                error: 'NotStarted',
                cause: `not started: job ${refused.chunkIndex + 1} of the wave was refused (${refused.notStarted?.error})`,
              }))
        : undefined;
  if (stop !== undefined) {
    await markNotStarted(e, remaining, stop, { staleBefore });
    return history.listChunks(executionId, waveId);
  }

  const rooms = new Map<string, Room>();
  const roomIn = (key: string): Room => {
    let room = rooms.get(key);
    if (room === undefined) {
      const active = activeJobsOf(jobsByTarget.get(key) ?? []);
      room = {
        activeJobs: active.jobs.length,
        activeServers: active.serverCount,
        busy: new Set(active.jobOf.keys()),
        quotaRefused: undefined,
      };
      rooms.set(key, room);
    }
    return room;
  };

  for (const chunk of remaining) {
    const due = Math.max(
      Date.parse(chunk.nextAttemptAt ?? '') || 0,
      chunk.unansweredAt === undefined ? 0 : Date.parse(chunk.unansweredAt) + LISTING_GRACE_MS,
    );
    if (due > now) continue;
    if (chunk.claim !== undefined && chunk.claim.at >= staleBefore) continue; // a live start
    const ids = chunk.servers.map((s) => s.sourceServerId);
    const room = roomIn(targetKey(chunk));
    const wait = waitingFor(e.quotas, room, ids);
    if (wait !== undefined) {
      await release(e, chunk, { staleBefore }, wait.reason, wait.quota, now);
      continue;
    }
    const token = e.newToken();
    const claimed = await history.claimChunk(
      executionId,
      waveId,
      chunk.chunkIndex,
      // Stamped when it is taken: the pass may have begun a while ago.
      { token, at: e.clock().toISOString() },
      staleBefore,
    );
    if (!claimed) continue;
    // Nothing starts after a cancel: the execution's status is read last before every call.
    const stopped = await readExecutionStop();
    if (stopped !== undefined) {
      await markNotStarted(e, [chunk], stopped, { token });
      const rest = remaining.slice(remaining.indexOf(chunk) + 1);
      await markNotStarted(e, rest, stopped, { staleBefore });
      break;
    }
    const outcome = await startOne(e, chunk, token, isDrill, now);
    if (outcome === 'started') {
      room.activeJobs += 1;
      room.activeServers += ids.length;
      for (const id of ids) room.busy.add(id);
    } else if (outcome === 'quota') {
      room.quotaRefused = 'ServiceQuotaExceededException';
    } else if (outcome === 'refused') {
      break;
    }
  }
  return history.listChunks(executionId, waveId);
}

/** Why the account cannot take the chunk now, per the jobs active in it; `undefined` if it can. */
function waitingFor(
  quotas: DrsQuotas,
  room: Room,
  ids: readonly string[],
): { reason: string; quota: boolean } | undefined {
  if (room.quotaRefused !== undefined) {
    return { reason: 'DRS refused an earlier job of this pass for its quotas', quota: true };
  }
  if (room.activeJobs + 1 > quotas.maxConcurrentJobs) {
    return {
      reason: `${room.activeJobs} DRS jobs are active in the account; the quota is ${quotas.maxConcurrentJobs}`,
      quota: true,
    };
  }
  if (room.activeServers + ids.length > quotas.maxServersInActiveJobs) {
    return {
      reason: `${room.activeServers} source servers are in active DRS jobs; ${ids.length} more would pass the quota of ${quotas.maxServersInActiveJobs}`,
      quota: true,
    };
  }
  const busy = ids.filter((id) => room.busy.has(id));
  if (busy.length > 0) {
    return {
      reason: `source server ${busy[0]}${busy.length > 1 ? ` and ${busy.length - 1} more` : ''} in another active DRS job`,
      quota: false,
    };
  }
  return undefined;
}

const backoffMs = (attempts: number) =>
  Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);

/** Releases a chunk that got no job this time, with why and when to try again. */
async function release(
  e: StartEngine,
  chunk: ChunkRecord,
  guard: ChunkGuard,
  reason: string,
  quota: boolean,
  now: number,
  extra: UnstartedChunkPatch = {},
): Promise<void> {
  const attempts = (chunk.attempts ?? 0) + 1;
  // Releasing drops the claim, and with it the mark that a call may have landed: a claim taken
  // over, or a call that met a conflict or lost its answer, keeps the chunk reconciled (from
  // the earliest such time) before any new call, however late DRS lists the job.
  const touched = [chunk.unansweredAt, chunk.claim?.at, extra.unansweredAt]
    .filter((t): t is string => t !== undefined)
    .sort()[0];
  const patch: UnstartedChunkPatch = {
    attempts,
    nextAttemptAt: iso(now + backoffMs(attempts)),
    waitReason: reason,
    ...(quota && chunk.quotaWaitSince === undefined ? { quotaWaitSince: iso(now) } : {}),
    ...extra,
    ...(touched === undefined ? {} : { unansweredAt: touched }),
  };
  await e.history.updateUnstartedChunk(e.executionId, e.waveId, chunk.chunkIndex, patch, guard);
  e.logger.warn(quota ? 'DRS job waits for quota' : 'DRS job not started: retry later', {
    executionId: e.executionId,
    waveId: e.waveId,
    chunk: chunk.chunkIndex,
    attempts,
    reason,
  });
}

/** Marks open chunks never to be started (their servers then count as failed). */
async function markNotStarted(
  e: StartEngine,
  chunks: readonly ChunkRecord[],
  reason: Omit<ChunkNotStarted, 'at'>,
  guard: ChunkGuard,
): Promise<void> {
  const at = e.clock().toISOString();
  for (const chunk of chunks) {
    const detail = chunk.waitReason === undefined ? '' : ` (last wait: ${chunk.waitReason})`;
    const notStarted = {
      ...reason,
      cause: `Job ${chunk.chunkIndex + 1}: ${reason.cause}${detail}`,
      at,
    };
    await e.history.updateUnstartedChunk(
      e.executionId,
      e.waveId,
      chunk.chunkIndex,
      { notStarted },
      guard,
    );
  }
  if (chunks.length > 0) {
    e.logger.warn('DRS jobs of the wave will not be started', {
      executionId: e.executionId,
      waveId: e.waveId,
      chunks: chunks.map((c) => c.chunkIndex),
      error: reason.error,
    });
  }
}

/** Calls `StartRecovery` for one claimed chunk and records what came of it. */
async function startOne(
  e: StartEngine,
  chunk: ChunkRecord,
  token: string,
  isDrill: boolean,
  now: number,
): Promise<'started' | 'waiting' | 'quota' | 'refused'> {
  const { executionId, waveId, history } = e;
  const index = chunk.chunkIndex;
  const record = async (jobId: string, how: string) => {
    const recorded = await history.setChunkJob(executionId, waveId, index, jobId, token, iso(now));
    if (recorded) await indexJob(e, chunk, jobId);
    e.logger[recorded ? 'info' : 'warn'](
      recorded ? how : 'chunk job recorded by another invocation',
      { executionId, waveId, chunk: index, jobId, servers: chunk.servers.length },
    );
    return 'started' as const;
  };
  let job: Job;
  try {
    job = await portFor(e.deps, chunk).startRecovery({
      sourceServerIds: chunk.servers.map((s) => s.sourceServerId),
      isDrill,
      tags: {
        [DRS_JOB_TAGS.executionId]: executionId,
        [DRS_JOB_TAGS.waveId]: waveId,
        [DRS_JOB_TAGS.chunk]: String(index),
      },
      ...recoverySnapshotIdsOf(chunk),
    });
  } catch (error) {
    if (!isDrsCallError(error)) throw error;
    const name = error.drsErrorName;
    const reason = `${name}: ${error.drsMessage}`;
    if (name === 'ServiceQuotaExceededException') {
      await release(e, chunk, { token }, reason, true, now);
      return 'quota';
    }
    if (name === 'ThrottlingException') {
      await release(e, chunk, { token }, reason, false, now);
      return 'waiting';
    }
    const lost = !isDrsNonRetryableError(error);
    if (name === 'ConflictException' || lost) {
      // The chunk's own job may exist: an earlier call that landed, or this one whose answer
      // was lost. Look for it by its tags before anything else.
      const own = await findChunkJob(e, chunk, now);
      if (own !== undefined) return record(own, 'DRS job of the chunk found after a failed call');
      // A conflict whose job cannot be found yet may be this chunk's own, not listed yet.
      await release(e, chunk, { token }, reason, false, now, { unansweredAt: iso(now) });
      return 'waiting';
    }
    const notStarted = {
      error: name,
      cause: `Job ${index + 1}: DRS refused it: ${error.drsMessage}`,
      at: iso(now),
    };
    await history.updateUnstartedChunk(executionId, waveId, index, { notStarted }, { token });
    e.logger.error('DRS refused a job of the wave', {
      executionId,
      waveId,
      chunk: index,
      error: name,
    });
    return 'refused';
  }
  return record(job.jobID ?? '', 'DRS job started');
}

/** `{ recoverySnapshotIds }` of the chunk's servers that launch from a recorded snapshot. */
function recoverySnapshotIdsOf(chunk: ChunkRecord): {
  recoverySnapshotIds?: Record<string, string>;
} {
  const ids = Object.entries(chunk.snapshots ?? {}).flatMap(([server, s]) =>
    s.snapshotId === undefined ? [] : [[server, s.snapshotId] as const],
  );
  return ids.length === 0 ? {} : { recoverySnapshotIds: Object.fromEntries(ids) };
}

/** The ID of a DRS job tagged with this chunk, created around now or the chunk's last touch. */
async function findChunkJob(e: StartEngine, chunk: ChunkRecord, now: number) {
  const since = Math.min(lastTouch(chunk) ?? now, now);
  const jobs = await portFor(e.deps, chunk).describeJobs({
    fromDate: iso(since - RECONCILE_SLACK_MS),
    toDate: iso(now + RECONCILE_SLACK_MS),
  });
  return jobs.find((j) => isChunkJob(j, e, chunk.chunkIndex))?.jobID;
}

/**
 * Indexes a chunk's job by its ID when the store can (event-driven completion routes DRS's
 * launch-result events by it): one write per job, after the job is recorded.
 */
async function indexJob(e: StartEngine, chunk: ChunkRecord, jobId: string): Promise<void> {
  await e.history.indexJob?.({
    jobId,
    executionId: e.executionId,
    waveId: e.waveId,
    chunkIndex: chunk.chunkIndex,
    serverCount: chunk.servers.length,
  });
}
