import type {
  Job,
  JobLog,
  LaunchConfiguration,
  RecoveryInstance,
  RecoverySnapshot,
  SourceServer,
} from '@aws-sdk/client-drs';

/**
 * What `startRecovery` sends to DRS.
 *
 * @example
 * ```ts
 * import type { StartRecoveryRequest } from 'drs-waves';
 *
 * const request: StartRecoveryRequest = {
 *   sourceServerIds: ['s-1234567890abcdef0'],
 *   isDrill: true,
 *   tags: { 'drs-waves:execution': 'exec-1' },
 * };
 * // Launch from a snapshot taken before an incident:
 * const pointInTime: StartRecoveryRequest = {
 *   sourceServerIds: ['s-1234567890abcdef0'],
 *   isDrill: true,
 *   recoverySnapshotIds: { 's-1234567890abcdef0': 'pit-1234567890abcdef0' },
 * };
 * ```
 */
export interface StartRecoveryRequest {
  /** The source servers of the job, 1 to 200. */
  readonly sourceServerIds: readonly string[];
  /** `true` for a drill, `false` for a real recovery. */
  readonly isDrill: boolean;
  /** Tags of the job; DRS returns them in `DescribeJobs`. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The recovery snapshot each server launches from (`sourceServers[].recoverySnapshotID`), by
   * source server ID; a server not named launches from a new snapshot, as DRS does by default.
   */
  readonly recoverySnapshotIds?: Readonly<Record<string, string>>;
}

/**
 * Which jobs `describeJobs` returns: the given IDs, or the jobs created in a time window
 * (ISO 8601 strings, as DRS takes them).
 *
 * @example
 * ```ts
 * import type { DescribeJobsFilter } from 'drs-waves';
 *
 * const byId: DescribeJobsFilter = { jobIds: ['drsjob-541cee6300c363be5'] };
 * const byTime: DescribeJobsFilter = { fromDate: '2026-01-01T00:00:00Z', toDate: '2026-01-01T01:00:00Z' };
 * ```
 */
export type DescribeJobsFilter =
  | {
      /** The jobs to describe. */
      readonly jobIds: readonly string[];
    }
  | {
      /** The earliest creation time (ISO 8601). */
      readonly fromDate: string;
      /** The latest creation time (ISO 8601). */
      readonly toDate?: string;
    };

/**
 * Which recovery instances `describeRecoveryInstances` returns.
 *
 * @example
 * ```ts
 * import type { DescribeRecoveryInstancesFilter } from 'drs-waves';
 *
 * const filter: DescribeRecoveryInstancesFilter = { sourceServerIds: ['s-1234567890abcdef0'] };
 * ```
 */
export type DescribeRecoveryInstancesFilter =
  | {
      /** The recovery instances to describe. */
      readonly recoveryInstanceIds: readonly string[];
    }
  | {
      /** The source servers whose recovery instances to describe. */
      readonly sourceServerIds: readonly string[];
    };

/**
 * Which recovery snapshots of a source server `describeRecoverySnapshots` returns, and in what
 * order, as DRS's `DescribeRecoverySnapshots` takes them.
 *
 * @example
 * ```ts
 * import type { DescribeRecoverySnapshotsOptions } from 'drs-waves';
 *
 * // The newest snapshot only.
 * const latest: DescribeRecoverySnapshotsOptions = { order: 'DESC', maxResults: 1 };
 * // Every snapshot of the last hour, oldest first.
 * const lastHour: DescribeRecoverySnapshotsOptions = {
 *   order: 'ASC',
 *   fromDateTime: '2026-01-01T00:00:00Z',
 *   toDateTime: '2026-01-01T01:00:00Z',
 * };
 * ```
 */
export interface DescribeRecoverySnapshotsOptions {
  /**
   * Oldest first (`ASC`) or newest first (`DESC`).
   *
   * @default DRS's own order
   */
  readonly order?: 'ASC' | 'DESC';
  /** The earliest snapshot time (ISO 8601), DRS's `filters.fromDateTime`. */
  readonly fromDateTime?: string;
  /** The latest snapshot time (ISO 8601), DRS's `filters.toDateTime`. */
  readonly toDateTime?: string;
  /**
   * The most snapshots to return, 1 or more: pages are asked no larger, and no page is asked
   * once this many are in hand.
   *
   * @default every snapshot, all pages
   */
  readonly maxResults?: number;
}

/**
 * The DRS calls drs-waves makes, as a small port: the orchestration code depends on this
 * interface, {@link createDrsAdapter} implements it over the AWS SDK, and tests may implement it
 * directly. Every `describe*` call returns all pages. Failures are {@link DrsRetryableError} or
 * {@link DrsNonRetryableError}, with the SDK error as `cause`.
 *
 * Results are the SDK's own types, unchanged, so recorded responses can stand in for them.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { createDrsAdapter, type DrsPort } from 'drs-waves';
 *
 * const drs: DrsPort = createDrsAdapter(new DrsClient({}));
 * const jobs = await drs.describeJobs({ jobIds: ['drsjob-541cee6300c363be5'] });
 * ```
 */
export interface DrsPort {
  /** Starts one recovery job (`StartRecovery`) and returns it. */
  startRecovery(request: StartRecoveryRequest): Promise<Job>;
  /** Every job matching the filter (`DescribeJobs`, all pages, 1000 job IDs per call). */
  describeJobs(filter: DescribeJobsFilter): Promise<Job[]>;
  /** Every log item of a job, oldest first (`DescribeJobLogItems`, all pages). */
  describeJobLogItems(jobId: string): Promise<JobLog[]>;
  /** The given source servers (`DescribeSourceServers`, all pages, 200 IDs per call). */
  describeSourceServers(sourceServerIds: readonly string[]): Promise<SourceServer[]>;
  /**
   * Every source server of the account in the Region (`DescribeSourceServers` without a filter,
   * all pages): DRS filters by neither tag nor state, so tag selectors filter these.
   */
  listSourceServers(): Promise<SourceServer[]>;
  /** Recovery instances (`DescribeRecoveryInstances`, all pages, 200 IDs per call). */
  describeRecoveryInstances(filter: DescribeRecoveryInstancesFilter): Promise<RecoveryInstance[]>;
  /** Terminates 1 to 200 recovery instances (`TerminateRecoveryInstances`); returns the job. */
  terminateRecoveryInstances(recoveryInstanceIds: readonly string[]): Promise<Job>;
  /**
   * The recovery snapshots of one source server (`DescribeRecoverySnapshots`, all pages up to
   * `maxResults`).
   */
  describeRecoverySnapshots(
    sourceServerId: string,
    options?: DescribeRecoverySnapshotsOptions,
  ): Promise<RecoverySnapshot[]>;
  /**
   * The launch configuration of one source server (`GetLaunchConfiguration`), without the
   * response metadata; `undefined` when DRS has none (`ResourceNotFoundException`).
   */
  getLaunchConfiguration(sourceServerId: string): Promise<LaunchConfiguration | undefined>;
}
