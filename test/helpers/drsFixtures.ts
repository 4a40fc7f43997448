import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, JobLog, ParticipatingServer } from '@aws-sdk/client-drs';

const dir = join(import.meta.dirname, '..', 'fixtures', 'drs');

/** A recorded DRS drill job and its log, exactly as the API returned them. */
export function recordedJob(jobId: string): { job: Job; log: JobLog[] } {
  const read = (kind: string) =>
    JSON.parse(readFileSync(join(dir, `${jobId}.${kind}.json`), 'utf8')) as { items: unknown[] };
  const [job] = read('describe-jobs').items as Job[];
  if (!job) throw new Error(`no job in the ${jobId} fixture`);
  return { job, log: read('describe-job-log-items').items as JobLog[] };
}

export const RECORDED_JOB_IDS = ['drsjob-541cee6300c363be5', 'drsjob-556c7b1d99221f996'] as const;

/** A job in the SDK shape, for table-driven tests. */
export function job(
  jobID: string,
  status: string,
  servers: readonly ParticipatingServer[],
  creationDateTime = '2026-01-01T00:00:00.000000+00:00',
): Job {
  return {
    jobID,
    status: status as NonNullable<Job['status']>,
    type: 'LAUNCH',
    initiatedBy: 'START_DRILL',
    creationDateTime,
    participatingServers: [...servers],
    tags: {},
  };
}

/** A log item for one server (or the job, without a server). */
export function log(
  event: string,
  sourceServerID?: string,
  extra: Record<string, string> = {},
  at = '2026-01-01T00:05:00.000000+00:00',
): JobLog {
  return {
    event: event as NonNullable<JobLog['event']>,
    eventData: { ...(sourceServerID ? { sourceServerID } : {}), ...extra },
    logDateTime: at,
  };
}
