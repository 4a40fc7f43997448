/**
 * What the emulator stores about a job: its whole schedule, computed when the job is created.
 * Every view (job, log items, recovery instances, source servers) is derived from these records
 * and the virtual time of the query. All times are microseconds since the epoch.
 *
 * @module
 */

/** One job log item, visible once `at` has passed. */
export interface LogEntry {
  readonly at: number;
  readonly event: string;
  readonly eventData: Readonly<Record<string, string>>;
}

/** The post-launch action run of one launched server. */
export interface ActionRun {
  readonly runId: string;
  readonly discoveredAt: number;
  readonly endAt: number;
  readonly status: 'SUCCEEDED' | 'FAILED';
}

/** When a recovery instance was terminated, by which job. */
export interface Cleanup {
  readonly jobID: string;
  readonly startAt: number;
  readonly endAt: number;
}

/** The recovery snapshot a server launches from, as `StartRecovery` named it. */
export interface RecoverySnapshotUse {
  readonly snapshotID: string;
  /** When it was taken (its `timestamp`). */
  readonly takenAt: number;
}

/** One source server in a launch job, with its schedule. */
export interface ServerRun {
  readonly sourceServerID: string;
  readonly snapshotStartAt: number;
  readonly snapshotEndAt: number;
  /** The recovery snapshot it launches from; `undefined`: a new snapshot, taken at the start. */
  readonly recoverySnapshot: RecoverySnapshotUse | undefined;
  readonly conversionStartAt: number;
  readonly conversionEndAt: number;
  readonly conversionServerID: string;
  readonly launchStartAt: number;
  /** When the launch ended with an instance; `undefined` when it fails or never ends. */
  readonly launchEndAt: number | undefined;
  /** When the launch failed; `undefined` unless it does. */
  readonly launchFailedAt: number | undefined;
  /** The EC2 instance, which is also the recovery instance ID; `undefined` unless launched. */
  readonly recoveryInstanceID: string | undefined;
  /** The post-launch action run, when the emulator runs them and the launch succeeds. */
  readonly actions: ActionRun | undefined;
  /** When the server reaches its final state; `undefined` when it never does (stuck). */
  readonly finalAt: number | undefined;
  /** Set when a terminate job takes the recovery instance down. */
  cleanup: Cleanup | undefined;
}

/** Fields every job has. */
interface JobRecordBase {
  readonly jobID: string;
  readonly createdAt: number;
  /** `JOB_START`: the job is `STARTED` from then. */
  readonly startAt: number;
  /** `JOB_END`: the job is `COMPLETED` from then; `undefined` when it never ends. */
  readonly endAt: number | undefined;
  /** `endDateTime`, slightly before `JOB_END` as recorded. */
  readonly endDateTimeAt: number | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** Every log item, sorted by time. */
  readonly log: readonly LogEntry[];
}

/** A job started by `StartRecovery`. */
export interface LaunchJobRecord extends JobRecordBase {
  readonly type: 'LAUNCH';
  readonly isDrill: boolean;
  readonly servers: readonly ServerRun[];
}

/** One recovery instance taken down by a terminate job. */
export interface TerminateTarget {
  readonly sourceServerID: string;
  readonly recoveryInstanceID: string;
  readonly cleanupStartAt: number;
  readonly cleanupEndAt: number;
}

/** A job started by `TerminateRecoveryInstances`. */
export interface TerminateJobRecord extends JobRecordBase {
  readonly type: 'TERMINATE';
  readonly targets: readonly TerminateTarget[];
}

/** Any job. */
export type JobRecord = LaunchJobRecord | TerminateJobRecord;

/** Whether `job` is not yet `COMPLETED` at time `now`. */
export function isActive(job: JobRecord, now: number): boolean {
  return job.endAt === undefined || job.endAt > now;
}

/** The source servers that take part in `job`. */
export function jobServerIds(job: JobRecord): string[] {
  return job.type === 'LAUNCH'
    ? job.servers.map((s) => s.sourceServerID)
    : job.targets.map((t) => t.sourceServerID);
}
