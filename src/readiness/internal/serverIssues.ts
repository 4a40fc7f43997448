/**
 * What the readiness check finds about one source server, from what DRS answers about it: its
 * replication, its newest snapshot, its launch configuration, the active job it is in. Each
 * issue is a finding without its wave and Region, which the caller adds.
 *
 * @module
 */

import type { Job, LaunchConfiguration, RecoverySnapshot, SourceServer } from '@aws-sdk/client-drs';
import { formatDuration } from '../../report/formatDuration';
import { DRS_JOB_TAGS } from '../../waves/tags';
import { ReadinessCode } from '../ReadinessCode';
import type { ReadinessFinding } from '../ReadinessFinding';
import { parseIsoDuration } from './parseIsoDuration';
import { inRegion } from './wording';

/** A finding about one server, before its wave and Region are known. */
export type ServerIssue = Omit<ReadinessFinding, 'waveId' | 'sourceServerId' | 'region'>;

/** Thresholds the server checks apply. */
export interface ServerThresholds {
  readonly maxLagSeconds: number;
  readonly maxSnapshotAgeSeconds: number;
}

/** Replication states in which nothing replicates, or nothing complete exists yet. */
const BLOCKING_STATES: Readonly<Record<string, string>> = {
  STOPPED: 'Start data replication of the server again (DRS StartReplication, or the DRS console)',
  PAUSED: 'Resume data replication of the server (the DRS console), or find who paused it',
  STALLED:
    "Replication is stalled: read the server's data replication error in the DRS console (agent, network to the replication server, disks) and fix its cause",
  INITIATING:
    'Wait for data replication to be initiated and the initial sync to finish (the DRS console shows the steps and their errors)',
  INITIAL_SYNC:
    'Wait for the initial sync to finish (the DRS console shows its estimated end) before counting on this server',
};

/** Replication states in which replication runs and catches up. */
const CATCHING_UP = new Set(['BACKLOG', 'CREATING_SNAPSHOT', 'RESCAN']);

/**
 * The issues of a server's replication: not found, disconnected, not `CONTINUOUS`, lagging.
 * `usable` is false when the server's other checks make no sense (not found, disconnected).
 */
export function replicationIssues(
  id: string,
  server: SourceServer | undefined,
  region: string | undefined,
  thresholds: ServerThresholds,
): { issues: ServerIssue[]; usable: boolean } {
  if (server === undefined) {
    return {
      usable: false,
      issues: [
        {
          code: ReadinessCode.SourceServerNotFound,
          severity: 'BLOCKING',
          message: `Source server ${id} is not in DRS${inRegion(region)}`,
          remedy:
            'Correct the ID in the plan or its protection group, or check that the server replicates to this account and Region (a deleted source server comes back only by installing the replication agent again, under a new ID)',
        },
      ],
    };
  }
  const info = server.dataReplicationInfo;
  const state: string = info?.dataReplicationState ?? 'unknown';
  const error = info?.dataReplicationError?.error;
  const because = error === undefined ? '' : ` (replication error ${error})`;
  if (state === 'DISCONNECTED') {
    return {
      usable: false,
      issues: [
        {
          code: ReadinessCode.SourceServerDisconnected,
          severity: 'BLOCKING',
          message: `Source server ${id} is disconnected from DRS (dataReplicationState DISCONNECTED): it does not replicate and cannot be launched`,
          remedy:
            'Install the AWS Replication Agent on the server again to reconnect it, or remove it from the plan',
        },
      ],
    };
  }
  const issues: ServerIssue[] = [];
  if (state !== 'CONTINUOUS') {
    const blocking = BLOCKING_STATES[state];
    issues.push({
      code: ReadinessCode.ReplicationNotContinuous,
      severity: blocking === undefined ? 'WARNING' : 'BLOCKING',
      message: `Data replication of ${id} is ${state}, not CONTINUOUS${because}`,
      remedy:
        blocking ??
        (CATCHING_UP.has(state)
          ? 'Replication is catching up: wait for CONTINUOUS; if it lasts, check the bandwidth to the replication server and the write rate of the server'
          : 'Check the server in the DRS console'),
    });
  }
  const lag = info?.lagDuration === undefined ? undefined : parseIsoDuration(info.lagDuration);
  if (lag !== undefined && lag > thresholds.maxLagSeconds) {
    issues.push({
      code: ReadinessCode.ReplicationLag,
      severity: 'BLOCKING',
      message: `Replication of ${id} lags ${formatDuration(lag)}, above the ${formatDuration(thresholds.maxLagSeconds)} allowed (maxLagSeconds)`,
      remedy:
        'Find why replication falls behind (bandwidth to the replication server, write rate, replication server size); or raise maxLagSeconds if this much data loss is acceptable',
    });
  } else if (lag === undefined && state === 'CONTINUOUS') {
    issues.push({
      code: ReadinessCode.ReplicationLag,
      severity: 'WARNING',
      message: `Replication lag of ${id} is unknown: DRS shows ${info?.lagDuration === undefined ? 'no lagDuration' : `lagDuration ${JSON.stringify(info.lagDuration)}`}`,
      remedy: 'Check the server in the DRS console',
    });
  }
  return { issues, usable: true };
}

/** The time of a snapshot: when it was taken, else when it was due. */
const snapshotTime = (snapshot: RecoverySnapshot): number =>
  Date.parse(snapshot.timestamp ?? snapshot.expectedTimestamp ?? '');

/** The issue of a server's newest recovery snapshot: none, or too old. */
export function snapshotIssues(
  id: string,
  newest: RecoverySnapshot | undefined,
  now: Date,
  thresholds: ServerThresholds,
): ServerIssue[] {
  const remedy =
    "DRS takes a snapshot every 10 minutes while replication is healthy: check the server's replication, its point-in-time policy and the account's EBS snapshot quota; a launch takes an on-demand snapshot, which would likely fail the same way";
  const allowed = formatDuration(thresholds.maxSnapshotAgeSeconds);
  if (newest === undefined || Number.isNaN(snapshotTime(newest))) {
    return [
      {
        code: ReadinessCode.NoRecentSnapshot,
        severity: 'BLOCKING',
        message: `Source server ${id} has no recovery snapshot`,
        remedy,
      },
    ];
  }
  const age = (now.getTime() - snapshotTime(newest)) / 1000;
  if (age <= thresholds.maxSnapshotAgeSeconds) return [];
  return [
    {
      code: ReadinessCode.NoRecentSnapshot,
      severity: 'BLOCKING',
      message: `The newest recovery snapshot of ${id} (${newest.snapshotID}) was taken ${formatDuration(age)} ago, more than the ${allowed} allowed (maxSnapshotAgeSeconds)`,
      remedy,
    },
  ];
}

const TEMPLATE_REMEDY =
  'Open the launch settings of the server in the DRS console and save them: DRS creates a new EC2 launch template; keep the templates DRS made out of any clean-up';

/** The issues of a server's launch configuration: none, or no launch template in it. */
export function launchConfigurationIssues(
  id: string,
  configuration: LaunchConfiguration | undefined,
): ServerIssue[] {
  if (configuration === undefined) {
    return [
      {
        code: ReadinessCode.LaunchConfigurationMissing,
        severity: 'BLOCKING',
        message: `DRS has no launch configuration for ${id} (GetLaunchConfiguration: ResourceNotFoundException)`,
        remedy:
          'Set the launch settings of the server in the DRS console (or UpdateLaunchConfiguration)',
      },
    ];
  }
  if (configuration.ec2LaunchTemplateID === undefined || configuration.ec2LaunchTemplateID === '') {
    return [
      {
        code: ReadinessCode.LaunchTemplateMissing,
        severity: 'BLOCKING',
        message: `The launch configuration of ${id} names no EC2 launch template`,
        remedy: TEMPLATE_REMEDY,
      },
    ];
  }
  return [];
}

/** The issue of a launch template that EC2 does not have. */
export function missingTemplateIssue(id: string, templateId: string): ServerIssue {
  return {
    code: ReadinessCode.LaunchTemplateMissing,
    severity: 'BLOCKING',
    message: `The EC2 launch template ${templateId} of ${id}'s launch configuration does not exist`,
    remedy: TEMPLATE_REMEDY,
  };
}

/** The issue of a server in an active job. */
export function activeJobIssue(id: string, job: Job): ServerIssue {
  const execution = job.tags?.[DRS_JOB_TAGS.executionId];
  const about = [job.status, job.initiatedBy, execution && `drs-waves execution ${execution}`]
    .filter(Boolean)
    .join(', ');
  return {
    code: ReadinessCode.ServerInActiveJob,
    severity: 'BLOCKING',
    message: `Source server ${id} is in DRS job ${job.jobID}${about === '' ? '' : ` (${about})`}, which has not completed: DRS refuses another job for it until then`,
    remedy:
      'Wait for that job to complete, or find who runs it (a drill or cleanup on the same servers); a wave that meets it waits, up to its timeout',
  };
}
