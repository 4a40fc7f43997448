/**
 * The timing model: when a job is created, every event of every server is scheduled at once
 * from the seeded random stream, calibrated on recorded DRS drills (see `test/fixtures/drs/`).
 *
 * A launch job, per source server `i` (0-based) of `n`:
 *
 * | step | when |
 * | --- | --- |
 * | `JOB_START` | 0.30-0.40 s after creation |
 * | `SNAPSHOT_START` | 0.38-0.42 s after `JOB_START`, plus 25 ms per server before it |
 * | `SNAPSHOT_END` | 0.16-0.20 s later |
 * | `CONVERSION_START` | 50-53 s later (one draw per job), plus the queueing delay below |
 * | `CONVERSION_END` | 166-206 s later (186 s +- 20 s, one draw per job, + 0-0.15 s per server) |
 * | `LAUNCH_START` | 0.4-0.6 s later |
 * | `LAUNCH_END` | 264-324 s later (294 s +- 30 s, one draw per job, + 0-1.5 s per server) |
 * | `LAUNCH_FAILED` | instead of `LAUNCH_END`, 20-90 s after `LAUNCH_START` (fault) |
 * | `JOB_END` | 2-3 s after the last server reaches its final state |
 *
 * Queueing: the first {@link CONVERSION_SLOTS} servers of a job convert at once; every further
 * server waits one more step of 48-56 s (one draw per job) for a conversion slot. A two-server
 * job therefore takes about 8 min 55 s (recorded: 8 min 53 s and 8 min 59 s), 25 servers about
 * 29 minutes, 100 servers about 94 minutes.
 *
 * With post-launch actions, the SSM agent is discovered 20-40 s after `LAUNCH_END` and the
 * action run ends 60-150 s after that; the server's final state is then the end of its run.
 *
 * A terminate job: `JOB_START` 0.30-0.40 s after creation, then per instance `CLEANUP_START`
 * 0.4-0.6 s later (+ 20 ms per instance before it) and `CLEANUP_END` 40-70 s after that, and
 * `JOB_END` 2-3 s after the last `CLEANUP_END`.
 *
 * @module
 */

import type { Prng } from './prng';
import type {
  ActionRun,
  LaunchJobRecord,
  LogEntry,
  RecoverySnapshotUse,
  ServerRun,
  TerminateJobRecord,
  TerminateTarget,
} from './records';
import type { ResolvedFaults } from './resolveOptions';
import { MICROS_PER_MS, MICROS_PER_SECOND } from './timestamps';

/** How many servers of one job convert at once before the others queue. */
export const CONVERSION_SLOTS = 2;

const MS = MICROS_PER_MS;
const S = MICROS_PER_SECOND;

/** What a launch job is planned from. */
export interface LaunchJobInput {
  readonly jobID: string;
  readonly createdAt: number;
  readonly isDrill: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly sourceServerIDs: readonly string[];
  /** The recovery snapshot a server launches from, when `StartRecovery` named one. */
  readonly snapshots?: ReadonlyMap<string, RecoverySnapshotUse>;
  readonly faults: ResolvedFaults;
  readonly postLaunchActions: boolean;
  /** A new, unique EC2 instance ID. */
  readonly newInstanceId: () => string;
}

function sortLog(entries: LogEntry[]): LogEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((x, y) => x.entry.at - y.entry.at || x.index - y.index)
    .map(({ entry }) => entry);
}

function endOfJob(
  rng: Prng,
  finals: readonly (number | undefined)[],
): { endAt: number | undefined; endDateTimeAt: number | undefined } {
  if (finals.some((at) => at === undefined)) return { endAt: undefined, endDateTimeAt: undefined };
  const last = Math.max(...finals.map((at) => at ?? 0));
  const endAt = Math.round(last + rng.between(2, 3) * S);
  return { endAt, endDateTimeAt: Math.round(endAt - rng.between(20, 30) * MS) };
}

/** A version-4-shaped UUID drawn from `rng`. */
export function uuid(rng: Prng): string {
  const hex = rng.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Schedules a launch job started by `StartRecovery`. */
export function planLaunchJob(rng: Prng, input: LaunchJobInput): LaunchJobRecord {
  const startAt = Math.round(input.createdAt + rng.between(300, 400) * MS);
  const conversionGap = rng.between(50, 53) * S;
  const queueStep = rng.between(48, 56) * S;
  const conversionDuration = rng.between(166, 206) * S;
  const launchDuration = rng.between(264, 324) * S;
  const log: LogEntry[] = [{ at: startAt, event: 'JOB_START', eventData: {} }];
  const servers: ServerRun[] = input.sourceServerIDs.map((sourceServerID, i) => {
    const at = (value: number): number => Math.round(value);
    const snapshotStartAt = at(startAt + rng.between(380, 420) * MS + i * 25 * MS);
    const snapshotEndAt = at(snapshotStartAt + rng.between(160, 200) * MS);
    const queued = Math.max(0, i - CONVERSION_SLOTS + 1) * queueStep;
    const conversionStartAt = at(snapshotEndAt + conversionGap + queued + rng.between(0, 30) * MS);
    const conversionEndAt = at(conversionStartAt + conversionDuration + rng.between(0, 150) * MS);
    const conversionServerID = input.newInstanceId();
    const launchStartAt = at(conversionEndAt + rng.between(400, 600) * MS);
    const rawError = input.faults.failLaunch.get(sourceServerID);
    const stuck = input.faults.stuckServers.has(sourceServerID);
    let launchEndAt: number | undefined;
    let launchFailedAt: number | undefined;
    let recoveryInstanceID: string | undefined;
    let actions: ActionRun | undefined;
    let finalAt: number | undefined;
    const recoverySnapshot = input.snapshots?.get(sourceServerID);
    log.push(
      // A launch from a given recovery snapshot takes no new one: DRS logs that it uses it.
      ...(recoverySnapshot === undefined
        ? [
            { at: snapshotStartAt, event: 'SNAPSHOT_START', eventData: { sourceServerID } },
            { at: snapshotEndAt, event: 'SNAPSHOT_END', eventData: { sourceServerID } },
          ]
        : [
            {
              at: snapshotStartAt,
              event: 'USING_PREVIOUS_SNAPSHOT',
              eventData: { sourceServerID },
            },
          ]),
      { at: conversionStartAt, event: 'CONVERSION_START', eventData: { sourceServerID } },
      {
        at: conversionEndAt,
        event: 'CONVERSION_END',
        eventData: { conversionServerID, sourceServerID },
      },
      { at: launchStartAt, event: 'LAUNCH_START', eventData: { sourceServerID } },
    );
    if (rawError !== undefined) {
      launchFailedAt = at(launchStartAt + rng.between(20, 90) * S);
      finalAt = launchFailedAt;
      log.push({
        at: launchFailedAt,
        event: 'LAUNCH_FAILED',
        eventData: { rawError, sourceServerID },
      });
    } else if (!stuck) {
      const slow = (input.faults.slowLaunch.get(sourceServerID) ?? 0) * S;
      launchEndAt = at(launchStartAt + launchDuration + slow + rng.between(0, 1500) * MS);
      recoveryInstanceID = input.newInstanceId();
      finalAt = launchEndAt;
      log.push({
        at: launchEndAt,
        event: 'LAUNCH_END',
        eventData: { sourceServerID, targetInstanceID: recoveryInstanceID },
      });
      if (input.postLaunchActions) {
        const discoveredAt = at(launchEndAt + rng.between(20, 40) * S);
        const endAt = at(discoveredAt + rng.between(60, 150) * S);
        const failed = input.faults.failPostLaunchActions.has(sourceServerID);
        actions = {
          runId: uuid(rng),
          discoveredAt,
          endAt,
          status: failed ? 'FAILED' : 'SUCCEEDED',
        };
        finalAt = endAt;
      }
    }
    return {
      sourceServerID,
      snapshotStartAt,
      snapshotEndAt,
      recoverySnapshot,
      conversionStartAt,
      conversionEndAt,
      conversionServerID,
      launchStartAt,
      launchEndAt,
      launchFailedAt,
      recoveryInstanceID,
      actions,
      finalAt,
      cleanup: undefined,
    };
  });
  const { endAt, endDateTimeAt } = endOfJob(
    rng,
    servers.map((s) => s.finalAt),
  );
  if (endAt !== undefined) log.push({ at: endAt, event: 'JOB_END', eventData: {} });
  return {
    type: 'LAUNCH',
    jobID: input.jobID,
    createdAt: input.createdAt,
    startAt,
    endAt,
    endDateTimeAt,
    isDrill: input.isDrill,
    tags: input.tags,
    servers,
    log: sortLog(log),
  };
}

/** What a terminate job is planned from. */
export interface TerminateJobInput {
  readonly jobID: string;
  readonly createdAt: number;
  readonly instances: readonly {
    readonly sourceServerID: string;
    readonly recoveryInstanceID: string;
  }[];
}

/** Schedules a terminate job started by `TerminateRecoveryInstances`. */
export function planTerminateJob(rng: Prng, input: TerminateJobInput): TerminateJobRecord {
  const startAt = Math.round(input.createdAt + rng.between(300, 400) * MS);
  const log: LogEntry[] = [{ at: startAt, event: 'JOB_START', eventData: {} }];
  const targets: TerminateTarget[] = input.instances.map((instance, i) => {
    const cleanupStartAt = Math.round(startAt + rng.between(400, 600) * MS + i * 20 * MS);
    const cleanupEndAt = Math.round(cleanupStartAt + rng.between(40, 70) * S);
    const eventData = { sourceServerID: instance.sourceServerID };
    log.push(
      { at: cleanupStartAt, event: 'CLEANUP_START', eventData },
      { at: cleanupEndAt, event: 'CLEANUP_END', eventData },
    );
    return { ...instance, cleanupStartAt, cleanupEndAt };
  });
  const { endAt, endDateTimeAt } = endOfJob(
    rng,
    targets.map((t) => t.cleanupEndAt),
  );
  if (endAt !== undefined) log.push({ at: endAt, event: 'JOB_END', eventData: {} });
  return {
    type: 'TERMINATE',
    jobID: input.jobID,
    createdAt: input.createdAt,
    startAt,
    endAt,
    endDateTimeAt,
    tags: {},
    targets,
    log: sortLog(log),
  };
}
