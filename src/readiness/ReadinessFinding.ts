import type { ReadinessCodeValue } from './ReadinessCode';

/**
 * How much a finding matters: `BLOCKING` findings make a plan not ready (a drill or recovery
 * started now would fail, in part or whole); `WARNING` findings are worth knowing but let it run.
 *
 * @example
 * ```ts
 * import type { ReadinessSeverity } from 'drs-waves';
 *
 * const severity: ReadinessSeverity = 'WARNING';
 * ```
 */
export type ReadinessSeverity = 'BLOCKING' | 'WARNING';

/**
 * One thing the readiness check found, for a person: what is wrong and what to do.
 *
 * @example
 * ```ts
 * import type { ReadinessFinding } from 'drs-waves';
 *
 * const finding: ReadinessFinding = {
 *   code: 'REPLICATION_LAG',
 *   severity: 'BLOCKING',
 *   waveId: 'database',
 *   sourceServerId: 's-1234567890abcdef0',
 *   region: 'eu-west-1',
 *   message: 'Replication of s-1234567890abcdef0 lags 2 h 00 min 00 s, above the 1 h 00 min 00 s allowed (maxLagSeconds)',
 *   remedy: 'Find why replication falls behind (bandwidth to the replication server, write rate); or raise maxLagSeconds if this lag is acceptable',
 * };
 * ```
 */
export interface ReadinessFinding {
  /** The kind of finding, one of {@link ReadinessCode}. */
  readonly code: ReadinessCodeValue;
  /** Whether it makes the plan not ready. */
  readonly severity: ReadinessSeverity;
  /** The wave concerned; absent for a finding about a stage or a Region. */
  readonly waveId?: string;
  /** The source server concerned, if one. */
  readonly sourceServerId?: string;
  /**
   * The AWS account concerned; absent for the orchestrator's own (or a finding about no one
   * account).
   */
  readonly accountId?: string;
  /** The Region concerned; absent for the default Region (the one of the DRS client given). */
  readonly region?: string;
  /** What is wrong, naming the values found. */
  readonly message: string;
  /** What to do about it. */
  readonly remedy: string;
}
