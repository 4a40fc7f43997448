/**
 * DRS account quotas that shape how waves are split into jobs. None is adjustable in DRS; each
 * is an option of drs-waves with these defaults, for accounts and emulators that differ.
 *
 * @example
 * ```ts
 * import { DEFAULT_DRS_QUOTAS } from 'drs-waves';
 *
 * DEFAULT_DRS_QUOTAS.maxServersPerJob; // 100
 * ```
 */
export interface DrsQuotas {
  /** Source servers in one recovery job. */
  readonly maxServersPerJob: number;
  /** Jobs that are not yet `COMPLETED`, across the account and Region. */
  readonly maxConcurrentJobs: number;
  /** Source servers across all jobs that are not yet `COMPLETED`. */
  readonly maxServersInActiveJobs: number;
}

/**
 * The DRS quotas: 100 servers per job, 20 concurrent jobs, 500 servers in active jobs.
 *
 * @example
 * ```ts
 * import { DEFAULT_DRS_QUOTAS } from 'drs-waves';
 *
 * const quotas = { ...DEFAULT_DRS_QUOTAS, maxServersPerJob: 50 };
 * ```
 */
export const DEFAULT_DRS_QUOTAS: DrsQuotas = Object.freeze({
  maxServersPerJob: 100,
  maxConcurrentJobs: 20,
  maxServersInActiveJobs: 500,
});

/**
 * Limits of the DRS API itself (request sizes), as opposed to account quotas.
 *
 * @example
 * ```ts
 * import { DRS_API_LIMITS } from 'drs-waves';
 *
 * DRS_API_LIMITS.maxServersPerStartRecovery; // 200
 * ```
 */
export const DRS_API_LIMITS = Object.freeze({
  /** `StartRecovery.sourceServers`: 1 to 200 entries. */
  maxServersPerStartRecovery: 200,
  /** `DescribeJobs.filters.jobIDs`: up to 1000 IDs. */
  maxJobIdsPerDescribeJobs: 1000,
  /** `DescribeSourceServers` and `DescribeRecoveryInstances` ID filters: up to 200 IDs. */
  maxIdsPerFilter: 200,
  /** `DescribeJobLogItems.maxResults`: pages of up to 1000 log items. */
  maxJobLogItemsPerPage: 1000,
  /** `TerminateRecoveryInstances.recoveryInstanceIDs`: 1 to 200 IDs. */
  maxRecoveryInstancesPerTerminate: 200,
});
