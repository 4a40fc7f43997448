/**
 * Thresholds and limits of {@link checkReadiness}. Every field is optional; missing ones take
 * {@link DEFAULT_READINESS_OPTIONS}; a bad value is refused with `InvalidOptionsError` naming it.
 *
 * @example
 * ```ts
 * import type { ReadinessOptions } from 'drs-waves';
 *
 * const options: ReadinessOptions = { maxLagSeconds: 300, maxSnapshotAgeSeconds: 1800 };
 * ```
 */
export interface ReadinessOptions {
  /**
   * The most replication lag allowed, in seconds (a non-negative number): more is a `BLOCKING`
   * `REPLICATION_LAG` finding. Set it to the recovery-point objective.
   *
   * @default 3600
   */
  readonly maxLagSeconds?: number;
  /**
   * The most age allowed of a server's newest recovery snapshot, in seconds (a positive number):
   * older is a `BLOCKING` `NO_RECENT_SNAPSHOT` finding. DRS takes one every 10 minutes while
   * replication is healthy.
   *
   * @default 3600
   */
  readonly maxSnapshotAgeSeconds?: number;
  /**
   * How many per-server DRS calls (`GetLaunchConfiguration`, `DescribeRecoverySnapshots`, which
   * take one server each) run at once, an integer from 1 to 100: a plan of thousands of
   * servers neither waits for them one by one nor floods DRS's request rate.
   *
   * @default 10
   */
  readonly concurrency?: number;
}

/**
 * The defaults of {@link ReadinessOptions}: an hour of lag, an hour since the last snapshot, 10
 * per-server calls at once.
 *
 * @example
 * ```ts
 * import { DEFAULT_READINESS_OPTIONS } from 'drs-waves';
 *
 * DEFAULT_READINESS_OPTIONS.maxLagSeconds; // 3600
 * ```
 */
export const DEFAULT_READINESS_OPTIONS: Readonly<Required<ReadinessOptions>> = Object.freeze({
  maxLagSeconds: 3600,
  maxSnapshotAgeSeconds: 3600,
  concurrency: 10,
});
