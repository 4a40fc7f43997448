import type { RecoveryInstance } from '@aws-sdk/client-drs';
import type { DrsPort } from '../drs/DrsPort';
import { DRS_API_LIMITS } from '../drs/limits';
import { CleanupRefusedError, HistoryRecordNotFoundError } from '../errors';
import type { CleanupBatchRecord } from '../store/records';
import { type ControlContext, drsFor } from './internal/context';
import { Checks, MAX_PRINCIPAL_LENGTH } from './internal/validate';

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
   * Recovery instances an earlier call already asked DRS to terminate (recorded, or found with
   * `DescribeJobs` when that call's answer was lost): never sent again.
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

interface RegionGroup {
  readonly region: string | undefined;
  readonly sourceServerIds: string[];
}

/** What the history knows of a drill: its servers by Region, its DRS jobs, its instances. */
async function drillInventory(ctx: ControlContext, executionId: string) {
  const groups = new Map<string, RegionGroup>();
  const add = (sourceServerId: string, region: string | undefined, seen: Set<string>) => {
    if (seen.has(sourceServerId)) return;
    seen.add(sourceServerId);
    const key = region ?? '';
    const group = groups.get(key) ?? { region, sourceServerIds: [] };
    group.sourceServerIds.push(sourceServerId);
    groups.set(key, group);
  };
  const seen = new Set<string>();
  const jobIds = new Set<string>();
  for (const wave of await ctx.history.listWaves(executionId)) {
    for (const jobId of wave.jobIds) jobIds.add(jobId);
    for (const chunk of await ctx.history.listChunks(executionId, wave.waveId)) {
      if (chunk.jobId !== undefined) jobIds.add(chunk.jobId);
      for (const server of chunk.servers) add(server.sourceServerId, chunk.region, seen);
    }
  }
  const recorded = new Set<string>();
  for (const server of await ctx.history.listServers(executionId)) {
    add(server.sourceServerId, undefined, seen);
    if (server.recoveryInstanceId !== undefined) recorded.add(server.recoveryInstanceId);
  }
  return { groups: [...groups.values()], jobIds, recorded };
}

/** The `TERMINATE` jobs since `since` that name any of `pending`, by job, with their instances. */
async function findTerminateJobs(
  drs: DrsPort,
  since: string,
  pending: ReadonlySet<string>,
): Promise<Map<string, { ids: string[]; createdAt: string | undefined }>> {
  const fromDate = new Date(Date.parse(since) - RECONCILE_SLACK_MS).toISOString();
  const found = new Map<string, { ids: string[]; createdAt: string | undefined }>();
  for (const job of await drs.describeJobs({ fromDate })) {
    if (job.type !== 'TERMINATE' || job.jobID === undefined) continue;
    const ids = (job.participatingServers ?? [])
      .map((p) => p.recoveryInstanceID)
      .filter((id): id is string => id !== undefined && pending.has(id));
    if (ids.length > 0) found.set(job.jobID, { ids, createdAt: job.creationDateTime });
  }
  return found;
}

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
 */
export async function cleanUpDrill(
  ctx: ControlContext,
  request: CleanUpDrillRequest,
): Promise<CleanUpDrillResult> {
  const checks = new Checks('cleanUpDrill');
  checks.executionId(request.executionId);
  checks.text('requestedBy', request.requestedBy, MAX_PRINCIPAL_LENGTH, false);
  checks.throwIfAny();
  const { executionId, requestedBy } = request;
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
  const requested = new Set(
    (await ctx.history.listCleanupBatches(executionId)).flatMap((b) => b.recoveryInstanceIds),
  );

  const terminated: string[] = [];
  const started: string[] = [];
  const already = new Set(requested);
  const gone = new Set<string>();
  const skipped: string[] = [];
  const live = new Set<string>();
  const record = (batch: CleanupBatchRecord) => ctx.history.putCleanupBatch(batch);

  for (const { region, sourceServerIds } of groups) {
    if (sourceServerIds.length === 0) continue;
    const drs = drsFor(ctx, region);
    const instances = await drs.describeRecoveryInstances({ sourceServerIds });
    const ours = instances.filter(
      (i): i is RecoveryInstance & { recoveryInstanceID: string } =>
        i.recoveryInstanceID !== undefined &&
        (recorded.has(i.recoveryInstanceID) || (i.jobID !== undefined && jobIds.has(i.jobID))),
    );
    const pending = new Map<string, RecoveryInstance>();
    for (const instance of ours) {
      const id = instance.recoveryInstanceID;
      live.add(id);
      if (instance.isDrill !== true) skipped.push(id);
      else if (!requested.has(id)) pending.set(id, instance);
    }

    // A retry: find the terminate calls whose answers were lost before sending anything.
    if (!created && pending.size > 0) {
      const found = await findTerminateJobs(drs, cleanup.startedAt, new Set(pending.keys()));
      for (const [jobId, { ids, createdAt }] of found) {
        await record({
          executionId,
          jobId,
          ...(region === undefined ? {} : { region }),
          recoveryInstanceIds: ids,
          requestedAt: createdAt ?? now(),
          reconciled: true,
        });
        for (const id of ids) {
          pending.delete(id);
          already.add(id);
        }
      }
    }
    for (const [id, instance] of pending) {
      if (GONE_STATES.has(instance.ec2InstanceState ?? '')) {
        pending.delete(id);
        gone.add(id);
      }
    }

    const ids = [...pending.keys()].sort();
    for (const batch of chunksOf(ids, DRS_API_LIMITS.maxRecoveryInstancesPerTerminate)) {
      const requestedAt = now();
      const job = await drs.terminateRecoveryInstances(batch);
      const jobId = job.jobID ?? `unknown-${requestedAt}-${started.length}`;
      await record({
        executionId,
        jobId,
        ...(region === undefined ? {} : { region }),
        recoveryInstanceIds: batch,
        requestedAt,
        reconciled: false,
      });
      terminated.push(...batch);
      started.push(jobId);
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
