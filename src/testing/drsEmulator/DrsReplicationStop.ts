import type { DataReplicationState } from '@aws-sdk/client-drs';

/**
 * A fault of {@link DrsFaults}: a source server's replication stops at `at` on the virtual clock
 * and, if `until` is given, comes back then. While stopped, `DescribeSourceServers` shows `state`,
 * its lag grows by every virtual second since `at` (on top of its `lagSeconds`), and no recovery
 * snapshot is taken. From `until` on it replicates as before, its lag back to `lagSeconds`; the
 * snapshots it missed stay missing.
 *
 * @example
 * ```ts
 * import { DrsEmulator, type DrsReplicationStop } from 'drs-waves/testing';
 *
 * const emulator = await DrsEmulator.start({ startTime: new Date('2026-01-01T00:00:00Z') });
 * const stop: DrsReplicationStop = {
 *   sourceServerId: 's-00000000000000001',
 *   at: new Date('2026-01-01T01:00:00Z'),
 *   until: new Date('2026-01-01T03:00:00Z'),
 * };
 * emulator.setFaults({ replicationStops: [stop] });
 * emulator.advance(2 * 3_600_000); // STALLED, an hour behind
 * await emulator.close();
 * ```
 */
export interface DrsReplicationStop {
  /** The source server. */
  readonly sourceServerId: string;
  /** When replication stops. */
  readonly at: Date;
  /**
   * When replication comes back; after `at`.
   *
   * @default never
   */
  readonly until?: Date;
  /**
   * The state shown while stopped: any but `CONTINUOUS`.
   *
   * @default `'STALLED'`
   */
  readonly state?: Exclude<DataReplicationState, 'CONTINUOUS'>;
}
