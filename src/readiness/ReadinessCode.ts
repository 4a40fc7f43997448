/**
 * The kinds of readiness finding, each a constant `code` of {@link ReadinessFinding}. Each entry
 * says what it finds and how severe it is; a kind whose severity depends on the case says which.
 *
 * @example
 * ```ts
 * import { ReadinessCode, type ReadinessReport } from 'drs-waves';
 *
 * const lagging = (report: ReadinessReport) =>
 *   report.findings.filter((f) => f.code === ReadinessCode.ReplicationLag);
 * ```
 */
export const ReadinessCode = {
  /**
   * `BLOCKING`: a server the plan names is not a DRS source server in its account and Region
   * (`DescribeSourceServers` does not return it). `StartRecovery` would refuse its job.
   */
  SourceServerNotFound: 'SOURCE_SERVER_NOT_FOUND',
  /**
   * `BLOCKING`: the server is disconnected from DRS (`dataReplicationState` `DISCONNECTED`): it
   * no longer replicates and DRS deletes its replication resources. DRS has no archived flag
   * for source servers (that is Application Migration Service's `isArchived`): a disconnected
   * server is the DRS counterpart. Its other checks are skipped.
   */
  SourceServerDisconnected: 'SOURCE_SERVER_DISCONNECTED',
  /**
   * Data replication is not `CONTINUOUS`. `BLOCKING` when it is not running or has no complete
   * copy: `STOPPED`, `PAUSED`, `STALLED` (the data is as old as the last snapshot, and the
   * on-demand snapshot a launch takes may fail), `INITIATING`, `INITIAL_SYNC` (nothing complete
   * to launch from). `WARNING` while it runs and catches up: `BACKLOG`, `CREATING_SNAPSHOT`,
   * `RESCAN` (the lag says how far behind), and a state DRS adds later or leaves out. In a real
   * disaster the source servers going down stalls replication: a `RECOVERY` may have to go on
   * regardless, from the last snapshots.
   */
  ReplicationNotContinuous: 'REPLICATION_NOT_CONTINUOUS',
  /**
   * `BLOCKING`: the replication lag (`dataReplicationInfo.lagDuration`) is above
   * `maxLagSeconds`: a launch now would lose more data than allowed. `WARNING` when a
   * `CONTINUOUS` server shows no lag drs-waves can read.
   */
  ReplicationLag: 'REPLICATION_LAG',
  /**
   * `BLOCKING`: the server's newest recovery snapshot (`DescribeRecoverySnapshots`) is older than
   * `maxSnapshotAgeSeconds`, or it has none. DRS takes one every 10 minutes while replication is
   * healthy: none for longer means snapshots fail, and the on-demand snapshot a launch takes
   * would likely fail the same way.
   */
  NoRecentSnapshot: 'NO_RECENT_SNAPSHOT',
  /** `BLOCKING`: DRS has no launch configuration for the server (`GetLaunchConfiguration`). */
  LaunchConfigurationMissing: 'LAUNCH_CONFIGURATION_MISSING',
  /**
   * `BLOCKING`: the launch configuration names no EC2 launch template, or (when a
   * {@link LaunchTemplatePort} is given) the template it names does not exist in EC2: DRS
   * launches recovery instances from it.
   */
  LaunchTemplateMissing: 'LAUNCH_TEMPLATE_MISSING',
  /**
   * `BLOCKING`: the server is in a DRS job that has not completed (a launch or a terminate,
   * ours or anyone's): DRS refuses a new job for it (`ConflictException`) until that one ends.
   * Two exercises on the same servers at once are almost always a mistake.
   */
  ServerInActiveJob: 'SERVER_IN_ACTIVE_JOB',
  /**
   * `WARNING` when a stage needs more than the jobs active now leave of the account's quotas
   * (concurrent jobs, servers in active jobs), per Region: its waves would wait for quota, up to
   * their timeouts, as `startWave` waits. `BLOCKING` when one wave needs more than the quotas
   * themselves: `startWave` refuses it (`WaveQuotaExceededError`).
   */
  QuotaExceeded: 'QUOTA_EXCEEDED',
  /** `BLOCKING`: a wave names a protection group that does not exist. */
  ProtectionGroupNotFound: 'PROTECTION_GROUP_NOT_FOUND',
  /**
   * `BLOCKING`: a check could not run: DRS (or EC2, through the {@link LaunchTemplatePort})
   * refused or failed its calls after the SDK's retries, in one Region (credentials, a missing
   * permission, DRS not initialized there, an outage). Readiness there is unknown. Once plans
   * name accounts, a role that cannot be assumed is found here too.
   */
  CheckFailed: 'CHECK_FAILED',
} as const;

/**
 * One of the codes in {@link ReadinessCode}.
 *
 * @example
 * ```ts
 * import type { ReadinessCodeValue } from 'drs-waves';
 *
 * const code: ReadinessCodeValue = 'REPLICATION_LAG';
 * ```
 */
export type ReadinessCodeValue = (typeof ReadinessCode)[keyof typeof ReadinessCode];
