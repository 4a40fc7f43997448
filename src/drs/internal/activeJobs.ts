import type { Job } from '@aws-sdk/client-drs';

/** What the jobs not yet `COMPLETED` take of the account's DRS quotas. */
export interface ActiveJobs {
  /** The jobs not yet `COMPLETED`, in the order given. */
  readonly jobs: readonly Job[];
  /** The source servers taking part in them (the quota counts each job's servers). */
  readonly serverCount: number;
  /** The active job of each source server in one. */
  readonly jobOf: ReadonlyMap<string, Job>;
}

/**
 * The active jobs among `jobs` (any status but `COMPLETED`: DRS counts `PENDING` and `STARTED`
 * jobs, launch and terminate alike, against its quotas), their servers, and which job holds
 * each server.
 */
export function activeJobsOf(jobs: readonly Job[]): ActiveJobs {
  const active = jobs.filter((job) => job.status !== 'COMPLETED');
  const jobOf = new Map<string, Job>();
  let serverCount = 0;
  for (const job of active) {
    for (const server of job.participatingServers ?? []) {
      serverCount += 1;
      if (server.sourceServerID !== undefined) jobOf.set(server.sourceServerID, job);
    }
  }
  return { jobs: active, serverCount, jobOf };
}
