import type { DrsEmulatorQuotas } from './DrsEmulatorQuotas';
import type { DrsFaults } from './DrsFaults';
import type { DrsSourceServerSettings } from './DrsSourceServerSettings';

/**
 * Options of {@link DrsEmulator.start}. Every one is optional; bad values make `start` throw
 * `InvalidOptionsError` (from `drs-waves`) listing every problem.
 *
 * @example
 * ```ts
 * import { DrsEmulator, type DrsEmulatorOptions, fakeSourceServerId } from 'drs-waves/testing';
 *
 * const options: DrsEmulatorOptions = {
 *   seed: 42,
 *   region: 'eu-west-1',
 *   sourceServerIds: [fakeSourceServerId(0), fakeSourceServerId(1)],
 *   pageSize: 10,
 * };
 * const emulator = await DrsEmulator.start(options);
 * await emulator.close();
 * ```
 */
export interface DrsEmulatorOptions {
  /**
   * Seed of everything random (IDs, timing jitter, fault draws): the same seed and the same
   * calls give the same responses. A safe integer.
   *
   * @default 1
   */
  readonly seed?: number;
  /**
   * The AWS Region the emulator answers for; it appears in ARNs and in {@link
   * DrsEmulator.clientConfig}.
   *
   * @default `'us-east-1'`
   */
  readonly region?: string;
  /**
   * The 12-digit AWS account ID that appears in ARNs.
   *
   * @default `'123456789012'`
   */
  readonly accountId?: string;
  /**
   * Where the virtual clock starts.
   *
   * @default `new Date('2026-01-01T00:00:00Z')`
   */
  readonly startTime?: Date;
  /**
   * The source servers that exist. When given, `StartRecovery` with any other ID gets
   * `ValidationException`. When absent, every well-formed ID (`s-` and 17 letters or digits)
   * exists, and `DescribeSourceServers` without a filter lists those of `sourceServerSettings`,
   * those added since and those that took part in a job.
   *
   * @default every well-formed ID exists
   */
  readonly sourceServerIds?: readonly string[];
  /**
   * How source servers replicate and launch, by source server ID (each in `sourceServerIds`
   * when that is given): replication state, lag, last snapshot, launch configuration. Servers
   * not listed replicate `CONTINUOUS`ly with no lag.
   *
   * @default every server healthy
   */
  readonly sourceServerSettings?: Readonly<Record<string, DrsSourceServerSettings>>;
  /**
   * Account quotas to enforce, each defaulting to the DRS value.
   *
   * @default `{ maxServersPerJob: 100, maxConcurrentJobs: 20, maxServersInActiveJobs: 500 }`
   */
  readonly quotas?: Partial<DrsEmulatorQuotas>;
  /**
   * Page size of the `Describe*` operations when the caller gives no `maxResults`. Small by
   * default, so that callers must follow `nextToken`.
   *
   * @default 50
   */
  readonly pageSize?: number;
  /**
   * Whether `participatingServers[]` of launch jobs carry `recoveryInstanceID` once launched.
   * The recorded DRS responses do not, so by default neither does the emulator.
   *
   * @default false
   */
  readonly reportRecoveryInstanceId?: boolean;
  /**
   * Whether launched servers run a post-launch action: `participatingServers[]` then carry
   * `launchActionsStatus.runs[]` (`IN_PROGRESS`, then `SUCCEEDED` or `FAILED`), and a job ends
   * only once its action runs have ended.
   *
   * @default false
   */
  readonly postLaunchActions?: boolean;
  /**
   * How many virtual seconds a new job stays out of `DescribeJobs`, as in DRS, whose job listing
   * is eventually consistent: a job created less than this long ago is not returned, whether the
   * caller filters by `jobIDs`, by creation date or not at all. Everything else sees the job at
   * once: the `StartRecovery` (or `TerminateRecoveryInstances`) response carries it, quotas and
   * conflicts count it, and `DescribeJobLogItems` and {@link DrsEmulator.jobs} show it. A
   * non-negative finite number; change it later with {@link DrsEmulator.setJobListingDelay}.
   *
   * @default 0
   */
  readonly jobListingDelaySeconds?: number;
  /**
   * Faults to inject from the start; replace them later with {@link DrsEmulator.setFaults}.
   *
   * @default no faults
   */
  readonly faults?: DrsFaults;
}
