import type { Job, RecoveryInstance } from '@aws-sdk/client-drs';
import * as v from 'valibot';
import type { DrsPort } from '../drs/DrsPort';
import type { DrsTarget } from '../drs/DrsTarget';
import { DRS_API_LIMITS } from '../drs/limits';
import {
  CleanupRefusedError,
  type DrsCallError,
  HistoryRecordNotFoundError,
  isDrsCallError,
} from '../errors';
import { parseOptions } from '../internal/options';
import type { CleanupBatchRecord } from '../store/records';
import { targetKey, targetOf } from '../waves/internal/target';
import { type ControlContext, drsOf } from './internal/context';
import {
  executionId as executionIdSchema,
  MAX_PRINCIPAL_LENGTH,
  requestSchema,
  text,
} from './internal/validate';

/**
 * What `cleanUpDrill` takes.
 *
 * @example
 * ```ts
 * import type { CleanUpDrillRequest } from 'drs-waves';
 *
 * const request: CleanUpDrillRequest = {
 *   executionId: 'three-tier-20260301T101500Z',
 *   requestedBy: 'arn:aws:iam::123456789012:user/ops',
 * };
 * ```
 */
export interface CleanUpDrillRequest {
  /** The drill execution whose recovery instances to terminate. */
  readonly executionId: string;
  /** Who asks (an IAM principal ARN, from the authenticated caller). */
  readonly requestedBy?: string;
}

/**
 * What `cleanUpDrill` returns: every instance of the drill, in exactly one list.
 *
 * @example
 * ```ts
 * import type { CleanUpDrillResult } from 'drs-waves';
 *
 * const summary = (r: CleanUpDrillResult) =>
 *   `${r.terminatedInstanceIds.length} terminating now in ${r.jobIds.length} DRS jobs, ` +
 *   `${r.alreadyRequestedInstanceIds.length} earlier, ${r.goneInstanceIds.length} already gone`;
 * ```
 */
export interface CleanUpDrillResult {
  /** The execution. */
  readonly executionId: string;
  /** Recovery instances this call sent to `TerminateRecoveryInstances`. */
  readonly terminatedInstanceIds: readonly string[];
  /** The DRS `TERMINATE` jobs this call started, one per 200 instances. */
  readonly jobIds: readonly string[];
  /**
   * Recovery instances an earlier call (or anyone else) already asked DRS to terminate: recorded,
   * found in a `TERMINATE` job with `DescribeJobs` when that call's answer was lost, or refused by
   * DRS with `ConflictException` because a terminate job already holds them. Never sent again.
   */
  readonly alreadyRequestedInstanceIds: readonly string[];
  /**
   * Recovery instances of the drill that DRS no longer lists, or lists as shutting down or
   * terminated (a newer launch replaced them, or someone terminated them): nothing to do.
   */
  readonly goneInstanceIds: readonly string[];
  /** Instances DRS says are not drill instances: never terminated by drs-waves. */
  readonly skippedInstanceIds: readonly string[];
}

/** How far before the cleanup's start a reconciled terminate job may be (clock skew). */
const RECONCILE_SLACK_MS = 5 * 60_000;

const GONE_STATES = new Set(['SHUTTING-DOWN', 'TERMINATED', 'NOT_FOUND']);

/** The servers of a drill in one DRS target (account, Region). */
interface TargetGroup {
  readonly target: DrsTarget;
  readonly sourceServerIds: string[];
}

/**
 * What the history knows of a drill: its servers by (account, Region) where they were launched,
 * its DRS jobs, its instances.
 */
async function drillInventory(ctx: ControlContext, executionId: string) {
  const groups = new Map<string, TargetGroup>();
  const add = (sourceServerId: string, target: DrsTarget, seen: Set<string>) => {
    if (seen.has(sourceServerId)) return;
    seen.add(sourceServerId);
    const key = targetKey(target);
    const group = groups.get(key) ?? { target, sourceServerIds: [] };
    group.sourceServerIds.push(sourceServerId);
    groups.set(key, group);
  };
  const seen = new Set<string>();
  const jobIds = new Set<string>();
  for (const wave of await ctx.history.listWaves(executionId)) {
    for (const jobId of wave.jobIds) jobIds.add(jobId);
    for (const chunk of await ctx.history.listChunks(executionId, wave.waveId)) {
      if (chunk.jobId !== undefined) jobIds.add(chunk.jobId);
      for (const server of chunk.servers) add(server.sourceServerId, targetOf(chunk), seen);
    }
  }
  const recorded = new Set<string>();
  for (const server of await ctx.history.listServers(executionId)) {
    add(server.sourceServerId, {}, seen);
    if (server.recoveryInstanceId !== undefined) recorded.add(server.recoveryInstanceId);
  }
  return { groups: [...groups.values()], jobIds, recorded };
}

/** A recovery instance DRS listed, with its ID. */
type Instance = RecoveryInstance & { recoveryInstanceID: string };

/** A terminate job found for pending instances: which of them it terminates, and when DRS made it. */
interface FoundJob {
  readonly ids: string[];
  readonly createdAt: string | undefined;
}

/**
 * The `TERMINATE` jobs created since `since` (minus {@link RECONCILE_SLACK_MS}) that terminate
 * any of `pending`, by job, with those instances.
 *
 * DRS leaves `participatingServers[].recoveryInstanceID` out of its jobs (the recorded launch jobs
 * have none), so a job is matched to an instance through the fields DRS does set: the job's
 * `participatingServers[].sourceServerID` against the instance's `sourceServerID` (a source server
 * has one recovery instance at a time). A `recoveryInstanceID`, when a job carries one, decides
 * instead. A source server with several pending instances is matched only by
 * `recoveryInstanceID`, and an instance by one job at most (the first listed).
 */
async function findTerminateJobs(
  drs: DrsPort,
  since: string,
  pending: ReadonlyMap<string, Instance>,
): Promise<Map<string, FoundJob>> {
  const bySource = new Map<string, string | undefined>();
  for (const [id, instance] of pending) {
    const source = instance.sourceServerID;
    if (source !== undefined) bySource.set(source, bySource.has(source) ? undefined : id);
  }
  const fromDate = new Date(Date.parse(since) - RECONCILE_SLACK_MS).toISOString();
  const claimed = new Set<string>();
  const found = new Map<string, FoundJob>();
  for (const job of await drs.describeJobs({ fromDate })) {
    if (job.type !== 'TERMINATE' || job.jobID === undefined) continue;
    const ids: string[] = [];
    for (const server of job.participatingServers ?? []) {
      const id =
        server.recoveryInstanceID !== undefined
          ? server.recoveryInstanceID
          : server.sourceServerID !== undefined
            ? bySource.get(server.sourceServerID)
            : undefined;
      if (id === undefined || !pending.has(id) || claimed.has(id)) continue;
      claimed.add(id);
      ids.push(id);
    }
    if (ids.length > 0) found.set(job.jobID, { ids, createdAt: job.creationDateTime });
  }
  return found;
}

function isConflict(error: unknown): error is DrsCallError {
  return isDrsCallError(error) && error.drsErrorName === 'ConflictException';
}

/** The resource a `ConflictException` names (`resourceId` of the SDK error), when DRS sent one. */
function conflictResource(error: DrsCallError): string | undefined {
  const cause: unknown = error.cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  const id = (cause as { resourceId?: unknown }).resourceId;
  return typeof id === 'string' ? id : undefined;
}

const cleanUpDrillRequest = requestSchema({
  executionId: executionIdSchema,
  requestedBy: v.optional(text('requestedBy', MAX_PRINCIPAL_LENGTH)),
});

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Terminates the recovery instances of a finished drill, at most 200 per
 * `TerminateRecoveryInstances` call, recording each call in the history.
 *
 * An instance belongs to the drill when the history recorded it for one of the drill's servers,
 * or when DRS says the drill's own DRS job launched it (so instances launched after a cancel,
 * which no status check recorded, are found too). Only instances DRS reports as drill instances
 * are sent.
 *
 * Retries are safe: the cleanup's start is recorded before the first call and each call is
 * recorded after DRS accepts it, so a retry never sends an instance already asked for; a call
 * whose answer was lost is found with `DescribeJobs` from the recorded start and recorded then.
 * DRS does not name recovery instances in its jobs, so a `TERMINATE` job is matched to an
 * instance through the instance's source server (`participatingServers[].sourceServerID`), or
 * its `recoveryInstanceID` when the job happens to carry one.
 *
 * When DRS refuses a call with `ConflictException` (an instance is already in a terminate job,
 * started by a concurrent cleanup or by someone else), nothing of that call was started: the
 * instances a `TERMINATE` job already holds (found as above, or named by the exception) count as
 * already requested, those DRS now lists as shutting down, terminated or not at all count as
 * gone, and the rest are sent again. A conflict none of the instances explains (their source
 * server is in an active launch job, say) is thrown.
 */
export async function cleanUpDrill(
  ctx: ControlContext,
  request: CleanUpDrillRequest,
): Promise<CleanUpDrillResult> {
  const { executionId, requestedBy } = parseOptions(
    'cleanUpDrill',
    cleanUpDrillRequest,
    request === undefined ? {} : request,
  );
  const execution = await ctx.history.getExecution(executionId);
  if (execution === undefined) throw new HistoryRecordNotFoundError('execution', executionId);
  if (execution.executionType !== 'DRILL') throw new CleanupRefusedError(executionId, 'RECOVERY');
  if (execution.status === 'RUNNING') throw new CleanupRefusedError(executionId, 'RUNNING');

  const { groups, jobIds, recorded } = await drillInventory(ctx, executionId);
  const now = () => ctx.clock().toISOString();
  const { created, record: cleanup } = await ctx.history.createCleanup({
    executionId,
    startedAt: now(),
    ...(requestedBy === undefined ? {} : { requestedBy }),
  });
  const recordedBatches = async () =>
    new Set(
      (await ctx.history.listCleanupBatches(executionId)).flatMap((b) => b.recoveryInstanceIds),
    );
  const requested = await recordedBatches();

  const terminated: string[] = [];
  const started: string[] = [];
  const already = new Set(requested);
  const gone = new Set<string>();
  const skipped: string[] = [];
  const live = new Set<string>();
  const record = (batch: CleanupBatchRecord) => ctx.history.putCleanupBatch(batch);

  const drsFor = drsOf(ctx, executionId, 'cleanUpDrill');
  for (const { target, sourceServerIds } of groups) {
    if (sourceServerIds.length === 0) continue;
    // The account and Region where they were launched, through the account's role.
    const drs = drsFor(target);
    const inTarget = target;
    const instances = await drs.describeRecoveryInstances({ sourceServerIds });
    const ours = instances.filter(
      (i): i is Instance =>
        i.recoveryInstanceID !== undefined &&
        (recorded.has(i.recoveryInstanceID) || (i.jobID !== undefined && jobIds.has(i.jobID))),
    );
    const pending = new Map<string, Instance>();
    for (const instance of ours) {
      const id = instance.recoveryInstanceID;
      live.add(id);
      if (instance.isDrill !== true) skipped.push(id);
      else if (!requested.has(id)) pending.set(id, instance);
    }

    /** Records the terminate jobs found for `of` as reconciled; returns the instances found. */
    const reconcile = async (of: ReadonlyMap<string, Instance>): Promise<Set<string>> => {
      const settled = new Set<string>();
      for (const [jobId, { ids, createdAt }] of await findTerminateJobs(
        drs,
        cleanup.startedAt,
        of,
      )) {
        await record({
          executionId,
          jobId,
          ...inTarget,
          recoveryInstanceIds: ids,
          requestedAt: createdAt ?? now(),
          reconciled: true,
        });
        for (const id of ids) {
          settled.add(id);
          already.add(id);
        }
      }
      return settled;
    };

    /**
     * After a `ConflictException` for `batch`: the instances it explains (already requested or
     * gone), each put in its list.
     */
    const settleConflict = async (batch: readonly string[], error: DrsCallError) => {
      const settled = new Set<string>();
      const inHistory = await recordedBatches();
      const open = new Map<string, Instance>();
      for (const id of batch) {
        if (inHistory.has(id)) {
          settled.add(id);
          already.add(id);
        } else {
          const instance = pending.get(id);
          if (instance !== undefined) open.set(id, instance);
        }
      }
      if (open.size > 0) {
        for (const id of await reconcile(open)) {
          settled.add(id);
          open.delete(id);
        }
      }
      if (open.size > 0) {
        const listed = new Map<string, RecoveryInstance>();
        for (const i of await drs.describeRecoveryInstances({
          recoveryInstanceIds: [...open.keys()],
        })) {
          if (i.recoveryInstanceID !== undefined) listed.set(i.recoveryInstanceID, i);
        }
        for (const id of open.keys()) {
          const state = listed.get(id)?.ec2InstanceState;
          if (!listed.has(id) || GONE_STATES.has(state ?? '')) {
            settled.add(id);
            gone.add(id);
            open.delete(id);
          }
        }
      }
      const named = conflictResource(error);
      if (named !== undefined && open.has(named)) {
        settled.add(named);
        already.add(named);
      }
      return settled;
    };

    // A retry: find the terminate calls whose answers were lost before sending anything.
    if (!created && pending.size > 0) {
      for (const id of await reconcile(pending)) pending.delete(id);
    }
    for (const [id, instance] of pending) {
      if (GONE_STATES.has(instance.ec2InstanceState ?? '')) {
        pending.delete(id);
        gone.add(id);
      }
    }

    const ids = [...pending.keys()].sort();
    for (const batch of chunksOf(ids, DRS_API_LIMITS.maxRecoveryInstancesPerTerminate)) {
      // Each refused call leaves fewer instances to send, so this ends.
      for (let left = batch; left.length > 0; ) {
        const requestedAt = now();
        let job: Job;
        try {
          job = await drs.terminateRecoveryInstances(left);
        } catch (error) {
          // DRS started nothing: drop the instances the conflict explains and send the rest.
          if (!isConflict(error)) throw error;
          const settled = await settleConflict(left, error);
          if (settled.size === 0) throw error;
          left = left.filter((id) => !settled.has(id));
          continue;
        }
        const jobId = job.jobID ?? `unknown-${requestedAt}-${started.length}`;
        await record({
          executionId,
          jobId,
          ...inTarget,
          recoveryInstanceIds: left,
          requestedAt,
          reconciled: false,
        });
        terminated.push(...left);
        started.push(jobId);
        break;
      }
    }
  }
  for (const id of recorded) if (!live.has(id) && !already.has(id)) gone.add(id);

  ctx.logger.info('drs-waves control', {
    operation: 'cleanUpDrill',
    executionId,
    outcome: terminated.length > 0 ? 'TERMINATING' : 'NOTHING_TO_DO',
    terminated: terminated.length,
    jobs: started.length,
    alreadyRequested: already.size,
    gone: gone.size,
    skipped: skipped.length,
  });
  return {
    executionId,
    terminatedInstanceIds: terminated,
    jobIds: started,
    alreadyRequestedInstanceIds: [...already].sort(),
    goneInstanceIds: [...gone].sort(),
    skippedInstanceIds: skipped.sort(),
  };
}
