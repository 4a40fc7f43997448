import type { DataReplicationState } from '@aws-sdk/client-drs';

/**
 * How one source server of the emulator replicates and launches, from the start. A server
 * without settings replicates `CONTINUOUS`ly with no lag, has a recovery snapshot every 10
 * minutes, and a launch configuration with an EC2 launch template. `replicationStops` faults
 * ({@link DrsFaults}) change a server over time.
 *
 * **Snapshots** follow DRS's default point-in-time policy: one every 10 minutes kept for an hour,
 * one every hour kept for a day, one every day kept for 7 days, from 30 days before the start
 * (when the servers were added, unless `addedAt` says otherwise). A snapshot is taken only while the server replicates
 * `CONTINUOUS`ly, and none after `lastSnapshotAt`. `DescribeRecoverySnapshots` serves them.
 *
 * @example
 * ```ts
 * import { DrsEmulator, type DrsSourceServerSettings } from 'drs-waves/testing';
 *
 * const lagging: DrsSourceServerSettings = { dataReplicationState: 'BACKLOG', lagSeconds: 7200 };
 * const emulator = await DrsEmulator.start({
 *   sourceServerSettings: {
 *     's-00000000000000001': lagging,
 *     's-00000000000000002': { dataReplicationState: 'DISCONNECTED' },
 *     's-00000000000000003': { launchConfiguration: false },
 *   },
 * });
 * await emulator.close();
 * ```
 */
export interface DrsSourceServerSettings {
  /**
   * `dataReplicationInfo.dataReplicationState` of `DescribeSourceServers`. `DISCONNECTED` is a
   * server disconnected from DRS: as `DisconnectSourceServer` leaves it, it shows no
   * `lagDuration`.
   *
   * @default `'CONTINUOUS'`
   */
  readonly dataReplicationState?: DataReplicationState;
  /**
   * The replication lag, in seconds, shown as `dataReplicationInfo.lagDuration` (an ISO 8601
   * duration such as `PT2H`). A non-negative finite number.
   *
   * @default 0
   */
  readonly lagSeconds?: number;
  /**
   * The time of the server's last recovery snapshot: none is taken after it (replication may
   * still show `CONTINUOUS`, as when DRS fails to create snapshots).
   *
   * @default snapshots keep being taken
   */
  readonly lastSnapshotAt?: Date;
  /**
   * Whether the server has a launch configuration: `false` makes `GetLaunchConfiguration`
   * answer `ResourceNotFoundException`.
   *
   * @default true
   */
  readonly launchConfiguration?: boolean;
  /**
   * The `ec2LaunchTemplateID` of the launch configuration (`lt-` and 17 hexadecimal digits),
   * for a test that knows which templates exist in EC2; `''` for a launch configuration that
   * names no template.
   *
   * @default one derived from the server ID
   */
  readonly ec2LaunchTemplateId?: string;
  /**
   * The server's tags, as `DescribeSourceServers` returns them (`tags`).
   *
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * When the server was added to DRS (`lifeCycle.addedToServiceDateTime`): it has no recovery
   * snapshot before then.
   *
   * @default 30 days before the emulator's `startTime` ({@link DrsEmulator.addSourceServer}: the
   * time it is added)
   */
  readonly addedAt?: Date;
}
