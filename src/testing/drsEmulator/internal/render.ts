/**
 * Renders the emulator's records as DRS returns them at a given virtual time, in the shapes of
 * the recorded responses (`test/fixtures/drs/`) and of the SDK model: keys in alphabetical order
 * as recorded, timestamps as `2022-12-07T19:25:59.603330+00:00`.
 *
 * @module
 */

import type {
  Job,
  JobStatus,
  LastLaunchResult,
  LaunchAction,
  LaunchActionsStatus,
  LaunchConfiguration,
  LaunchStatus,
  ParticipatingServer,
  RecoveryInstance,
  RecoverySnapshot,
  SourceServer,
} from '@aws-sdk/client-drs';
import type { JobRecord, LaunchJobRecord, ServerRun, TerminateJobRecord } from './records';
import type { ReplicationView, SnapshotRecord } from './replication';
import type { ResolvedOptions } from './resolveOptions';
import { formatTimestamp, isoDuration } from './timestamps';
import type { LaunchRecord, LiveInstance } from './world';

/** A job log item on the wire. `event` is an open string: DRS sends `LAUNCH_END` too. */
export interface WireJobLog {
  readonly event: string;
  readonly eventData: Readonly<Record<string, string>>;
  readonly logDateTime: string;
}

/** The one post-launch action the emulator runs when `postLaunchActions` is on. */
const POST_LAUNCH_ACTION: LaunchAction = {
  actionCode: 'AWS-RunShellScript',
  actionId: 'drs-emulator-validation',
  actionVersion: '$DEFAULT',
  active: true,
  category: 'VALIDATION',
  description: 'Post-launch validation run by the drs-waves DRS emulator',
  name: 'Post-launch validation',
  optional: false,
  order: 1,
  type: 'SSM_COMMAND',
};

/** The ARN of a DRS `resource` (`job/drsjob-...`, `source-server/s-...`) in the account. */
export function arn(options: ResolvedOptions, resource: string): string {
  return `arn:aws:drs:${options.region}:${options.accountId}:${resource}`;
}

function hostname(sourceServerID: string): string {
  return `host-${sourceServerID.slice(-6).toLowerCase()}`;
}

/** The `launchStatus` of a server of a launch job at time `now`. */
export function launchStatusAt(run: ServerRun, now: number): LaunchStatus {
  if (run.cleanup !== undefined && run.cleanup.endAt <= now) return 'TERMINATED';
  if (run.launchFailedAt !== undefined && run.launchFailedAt <= now) return 'FAILED';
  if (run.launchEndAt !== undefined && run.launchEndAt <= now) return 'LAUNCHED';
  if (run.launchStartAt <= now) return 'IN_PROGRESS';
  return 'PENDING';
}

/** The job `status` at time `now`: `PENDING`, `STARTED`, then `COMPLETED` (never `FAILED`). */
export function jobStatusAt(job: JobRecord, now: number): JobStatus {
  if (now < job.startAt) return 'PENDING';
  if (job.endAt !== undefined && job.endAt <= now) return 'COMPLETED';
  return 'STARTED';
}

function launchActionsStatus(run: ServerRun, now: number): LaunchActionsStatus | undefined {
  const actions = run.actions;
  if (actions === undefined || run.launchEndAt === undefined || run.launchEndAt > now) {
    return undefined;
  }
  const ended = actions.endAt <= now;
  const status = ended ? actions.status : 'IN_PROGRESS';
  return {
    runs: [
      {
        action: { ...POST_LAUNCH_ACTION },
        ...(status === 'FAILED'
          ? { failureReason: 'SSM command returned a non-zero exit code' }
          : {}),
        runId: actions.runId,
        status,
      },
    ],
    ...(actions.discoveredAt <= now
      ? { ssmAgentDiscoveryDatetime: formatTimestamp(actions.discoveredAt) }
      : {}),
  };
}

function launchServers(
  job: LaunchJobRecord,
  now: number,
  options: ResolvedOptions,
): ParticipatingServer[] {
  return job.servers.map((run) => {
    const actions = launchActionsStatus(run, now);
    const launched = run.launchEndAt !== undefined && run.launchEndAt <= now;
    return {
      ...(actions !== undefined ? { launchActionsStatus: actions } : {}),
      launchStatus: launchStatusAt(run, now),
      ...(options.reportRecoveryInstanceId && launched && run.recoveryInstanceID !== undefined
        ? { recoveryInstanceID: run.recoveryInstanceID }
        : {}),
      sourceServerID: run.sourceServerID,
    };
  });
}

/**
 * The servers of a terminate job: `launchStatus` and `sourceServerID` only. The recorded launch
 * jobs carry no `recoveryInstanceID` and nothing shows that terminate jobs do, so the emulator
 * never reports it here, whatever `reportRecoveryInstanceId` says: callers must match a
 * terminate job to its instances through the source server.
 */
function terminateServers(job: TerminateJobRecord, now: number): ParticipatingServer[] {
  return job.targets.map((target) => ({
    launchStatus: target.cleanupEndAt <= now ? 'TERMINATED' : 'PENDING',
    sourceServerID: target.sourceServerID,
  }));
}

/** A job as `DescribeJobs` (and `StartRecovery`) return it at time `now`. */
export function renderJob(job: JobRecord, now: number, options: ResolvedOptions): Job {
  const status = jobStatusAt(job, now);
  const initiatedBy =
    job.type === 'TERMINATE'
      ? 'TERMINATE_RECOVERY_INSTANCES'
      : job.isDrill
        ? 'START_DRILL'
        : 'START_RECOVERY';
  return {
    arn: arn(options, `job/${job.jobID}`),
    creationDateTime: formatTimestamp(job.createdAt),
    ...(status === 'COMPLETED' && job.endDateTimeAt !== undefined
      ? { endDateTime: formatTimestamp(job.endDateTimeAt) }
      : {}),
    initiatedBy,
    jobID: job.jobID,
    participatingServers:
      job.type === 'LAUNCH' ? launchServers(job, now, options) : terminateServers(job, now),
    status,
    tags: { ...job.tags },
    type: job.type,
  };
}

/** The log items of a job that exist at time `now`, oldest first. */
export function renderLogItems(job: JobRecord, now: number): WireJobLog[] {
  const items: WireJobLog[] = [];
  for (const entry of job.log) {
    if (entry.at > now) break;
    items.push({
      event: entry.event,
      eventData: { ...entry.eventData },
      logDateTime: formatTimestamp(entry.at),
    });
  }
  return items;
}

/** A recovery instance as `DescribeRecoveryInstances` returns it. */
export function renderRecoveryInstance(
  instance: LiveInstance,
  options: ResolvedOptions,
): RecoveryInstance {
  const { job, run, recoveryInstanceID } = instance;
  return {
    arn: arn(options, `recovery-instance/${recoveryInstanceID}`),
    dataReplicationInfo: { dataReplicationState: 'NOT_STARTED', replicatedDisks: [] },
    ec2InstanceID: recoveryInstanceID,
    ec2InstanceState: instance.ec2InstanceState,
    failback: { state: 'FAILBACK_NOT_STARTED' },
    isDrill: job.isDrill,
    jobID: job.jobID,
    originEnvironment: 'ON_PREMISES',
    pointInTimeSnapshotDateTime: formatTimestamp(
      run.recoverySnapshot?.takenAt ?? run.snapshotEndAt,
    ),
    recoveryInstanceID,
    recoveryInstanceProperties: {
      identificationHints: { hostname: hostname(run.sourceServerID) },
      lastUpdatedDateTime: formatTimestamp(run.launchEndAt ?? job.createdAt),
    },
    sourceServerID: run.sourceServerID,
    tags: {},
  };
}

function lastLaunchResult(launch: LaunchRecord | undefined, now: number): LastLaunchResult {
  if (launch === undefined) return 'NOT_STARTED';
  const status = launchStatusAt(launch.run, now);
  if (status === 'FAILED') return 'FAILED';
  if (status === 'LAUNCHED' || status === 'TERMINATED') return 'SUCCEEDED';
  return 'PENDING';
}

/** What `DescribeSourceServers` shows of a server besides its ID, at time `now`. */
export interface SourceServerView {
  readonly launch: LaunchRecord | undefined;
  readonly instance: LiveInstance | undefined;
  readonly replication: ReplicationView;
  /** When the server was added to DRS. */
  readonly addedAt: number;
  /** The server's tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A source server as `DescribeSourceServers` returns it at time `now`. */
export function renderSourceServer(
  sourceServerID: string,
  view: SourceServerView,
  now: number,
  options: ResolvedOptions,
): SourceServer {
  const { launch, instance, replication, addedAt, tags } = view;
  return {
    arn: arn(options, `source-server/${sourceServerID}`),
    dataReplicationInfo: {
      dataReplicationState: replication.state,
      ...(replication.lagMicros === undefined
        ? {}
        : { lagDuration: isoDuration(replication.lagMicros) }),
      replicatedDisks: [],
    },
    lastLaunchResult: lastLaunchResult(launch, now),
    lifeCycle: {
      addedToServiceDateTime: formatTimestamp(addedAt),
      ...(launch !== undefined
        ? {
            lastLaunch: {
              initiated: {
                apiCallDateTime: formatTimestamp(launch.job.createdAt),
                jobID: launch.job.jobID,
                type: launch.job.isDrill ? 'DRILL' : 'RECOVERY',
              },
              status: launchStatusAt(launch.run, now),
            },
          }
        : {}),
    },
    ...(instance !== undefined ? { recoveryInstanceId: instance.recoveryInstanceID } : {}),
    replicationDirection: 'FAILOVER',
    sourceProperties: {
      identificationHints: { hostname: hostname(sourceServerID) },
      lastUpdatedDateTime: formatTimestamp(addedAt),
    },
    sourceServerID,
    tags: { ...tags },
  };
}

/** A recovery snapshot as `DescribeRecoverySnapshots` returns it. */
export function renderRecoverySnapshot(snapshot: SnapshotRecord): RecoverySnapshot {
  return {
    ebsSnapshots: [snapshot.ebsSnapshotId],
    expectedTimestamp: formatTimestamp(snapshot.expectedAt),
    snapshotID: snapshot.snapshotID,
    sourceServerID: snapshot.sourceServerID,
    timestamp: formatTimestamp(snapshot.takenAt),
  };
}

/** A launch configuration as `GetLaunchConfiguration` returns it. */
export function renderLaunchConfiguration(
  sourceServerID: string,
  ec2LaunchTemplateID: string,
  options: ResolvedOptions,
): LaunchConfiguration {
  return {
    copyPrivateIp: false,
    copyTags: true,
    ...(ec2LaunchTemplateID === '' ? {} : { ec2LaunchTemplateID }),
    launchDisposition: 'STARTED',
    launchIntoInstanceProperties: {},
    licensing: { osByol: false },
    name: hostname(sourceServerID),
    postLaunchEnabled: options.postLaunchActions,
    sourceServerID,
    targetInstanceTypeRightSizingMethod: 'BASIC',
  };
}
