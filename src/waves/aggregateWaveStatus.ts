import type { Job, JobLog, ParticipatingServer } from '@aws-sdk/client-drs';
import type { ImpactLevel, WaveServer } from '../plan/types';

/**
 * The state of a wave: `IN_PROGRESS` until every job is `COMPLETED` and every requested server
 * has a final outcome; then `FAILED` if any critical server failed, else `COMPLETED`.
 *
 * @example
 * ```ts
 * import type { WaveStatus } from 'drs-waves';
 *
 * const done = (status: WaveStatus) => status !== 'IN_PROGRESS';
 * ```
 */
export type WaveStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/**
 * The verdict on one server: still `PENDING`, `LAUNCHED`, or `FAILED`.
 *
 * @example
 * ```ts
 * import type { ServerVerdict } from 'drs-waves';
 *
 * const verdict: ServerVerdict = 'LAUNCHED';
 * ```
 */
export type ServerVerdict = 'PENDING' | 'LAUNCHED' | 'FAILED';

/**
 * What aggregateWaveStatus needs: the servers the wave asked for, and DRS's answers, raw.
 *
 * @example
 * ```ts
 * import type { AggregateWaveStatusInput } from 'drs-waves';
 *
 * const input: AggregateWaveStatusInput = {
 *   servers: [{ sourceServerId: 's-5817ab4ccdfa96db3', impact: 'CRITICAL' }],
 *   jobs: [],
 * };
 * ```
 */
export interface AggregateWaveStatusInput {
  /** The servers the wave asked DRS to recover, with their impact levels. */
  readonly servers: readonly WaveServer[];
  /** The wave's jobs, as `DescribeJobs` returns them. */
  readonly jobs: readonly Job[];
  /** Log items per job ID, as `DescribeJobLogItems` returns them; jobs without an entry have no log. */
  readonly logItems?: Readonly<Record<string, readonly JobLog[]>>;
  /**
   * Whether every non-optional post-launch action run must have `SUCCEEDED` for a launched
   * server to count as recovered. Runs still `IN_PROGRESS` then keep the server pending.
   *
   * @default false
   */
  readonly requirePostLaunchActions?: boolean;
}

/**
 * The outcome of one requested server.
 *
 * @example
 * ```ts
 * import type { ServerOutcome } from 'drs-waves';
 *
 * const outcome: ServerOutcome = {
 *   sourceServerId: 's-5817ab4ccdfa96db3',
 *   impact: 'CRITICAL',
 *   verdict: 'LAUNCHED',
 *   jobId: 'drsjob-541cee6300c363be5',
 *   launchStatus: 'LAUNCHED',
 *   phase: 'LAUNCH',
 *   recoveryInstanceId: 'i-0b8104bc29823c261',
 * };
 * ```
 */
export interface ServerOutcome {
  /** The source server. */
  readonly sourceServerId: string;
  /** Its impact level, as requested. */
  readonly impact: ImpactLevel;
  /** The verdict drs-waves draws from the job and the log. */
  readonly verdict: ServerVerdict;
  /** The job that carries the server (the latest one, if several do). */
  readonly jobId?: string;
  /** DRS's `launchStatus`, as reported (any string: unknown values are kept, never thrown on). */
  readonly launchStatus?: string;
  /**
   * How far the server got, from its latest log event: `SNAPSHOT`, `CONVERSION`, `LAUNCH`,
   * `NETWORK_CONFIGURATION`, `LAUNCH_TEMPLATE`, `CLEANUP`, `SKIPPED`, `POST_LAUNCH_ACTIONS`...,
   * or `PENDING` before any event.
   */
  readonly phase: string;
  /** The recovery instance, from `participatingServers` or else from `LAUNCH_END.targetInstanceID`. */
  readonly recoveryInstanceId?: string;
  /** Why the server failed: DRS's `rawError`, the failing event's name, or a description. */
  readonly error?: string;
  /** Time of the server's first log event (ISO string, as DRS wrote it). */
  readonly startedAt?: string;
  /** Time of `LAUNCH_END`. */
  readonly launchedAt?: string;
  /** Time of the event that made the outcome final (`LAUNCH_END`, a failure, a skip). */
  readonly endedAt?: string;
}

/**
 * Server counts of a wave.
 *
 * @example
 * ```ts
 * import type { WaveCounts } from 'drs-waves';
 *
 * const counts: WaveCounts = {
 *   total: 2, launched: 1, failed: 1, pending: 0, criticalFailed: 0, byLaunchStatus: { LAUNCHED: 1, FAILED: 1 },
 * };
 * ```
 */
export interface WaveCounts {
  /** Requested servers. */
  readonly total: number;
  /** Servers whose verdict is `LAUNCHED`. */
  readonly launched: number;
  /** Servers whose verdict is `FAILED`. */
  readonly failed: number;
  /** Servers whose verdict is `PENDING`. */
  readonly pending: number;
  /** Failed servers whose impact is `CRITICAL`: any one fails the wave. */
  readonly criticalFailed: number;
  /** Servers by DRS `launchStatus`; servers in no job count under `NOT_IN_JOB`. */
  readonly byLaunchStatus: Readonly<Record<string, number>>;
}

/**
 * A job's ID and DRS status, as aggregateWaveStatus read them.
 *
 * @example
 * ```ts
 * import type { WaveJobStatus } from 'drs-waves';
 *
 * const job: WaveJobStatus = { jobId: 'drsjob-541cee6300c363be5', status: 'COMPLETED' };
 * ```
 */
export interface WaveJobStatus {
  /** The job ID. */
  readonly jobId: string;
  /** DRS's job `status` (any string: unknown values are kept). */
  readonly status?: string;
}

/**
 * The aggregated state of a wave.
 *
 * @example
 * ```ts
 * import { aggregateWaveStatus, type WaveStatusReport } from 'drs-waves';
 *
 * const report: WaveStatusReport = aggregateWaveStatus({ servers: [], jobs: [] });
 * report.status; // 'COMPLETED': nothing was asked for
 * ```
 */
export interface WaveStatusReport {
  /** The wave's state. */
  readonly status: WaveStatus;
  /** One outcome per requested server, in the order requested. */
  readonly servers: readonly ServerOutcome[];
  /** Counts of the outcomes. */
  readonly counts: WaveCounts;
  /** Each job's ID and DRS `status`. */
  readonly jobs: readonly WaveJobStatus[];
}

const PHASES: Record<string, string> = {
  USING_PREVIOUS_SNAPSHOT: 'SNAPSHOT',
  SERVER_SKIPPED: 'SKIPPED',
  DEPLOY_NETWORK_CONFIGURATION: 'NETWORK_CONFIGURATION',
  UPDATE_NETWORK_CONFIGURATION: 'NETWORK_CONFIGURATION',
  UPDATE_LAUNCH_TEMPLATE: 'LAUNCH_TEMPLATE',
};

/** `CONVERSION_END` -> `CONVERSION`; unknown events keep their stem, never throw. */
function phaseOf(event: string): string {
  const stem = event.replace(/_(START|END|FAIL|FAILED)$/, '');
  return PHASES[stem] ?? stem;
}

const isFailureEvent = (event: string) =>
  event.endsWith('_FAIL') || event.endsWith('_FAILED') || event === 'SERVER_SKIPPED';

interface ServerLog {
  first?: JobLog;
  last?: JobLog;
  launchEnd?: JobLog;
  failure?: JobLog;
  skipped?: JobLog;
}

/** Indexes one job's log by source server, in one pass. */
function indexLog(items: readonly JobLog[] | undefined): Map<string, ServerLog> {
  const byServer = new Map<string, ServerLog>();
  for (const item of items ?? []) {
    const server = item?.eventData?.sourceServerID;
    const event: string | undefined = item?.event;
    if (typeof server !== 'string' || typeof event !== 'string') continue;
    let log = byServer.get(server);
    if (log === undefined) {
      log = {};
      byServer.set(server, log);
    }
    log.first ??= item;
    log.last = item;
    if (event === 'LAUNCH_END') log.launchEnd = item;
    if (event === 'SERVER_SKIPPED') log.skipped = item;
    if (isFailureEvent(event)) log.failure = item;
  }
  return byServer;
}

const failureText = (item: JobLog | undefined): string | undefined =>
  item === undefined ? undefined : (item.eventData?.rawError ?? String(item.event));

/** Post-launch actions that block the verdict: failed or still running non-optional runs. */
function postLaunchVerdict(server: ParticipatingServer): { failed?: string; running: boolean } {
  let running = false;
  for (const run of server.launchActionsStatus?.runs ?? []) {
    if (run?.action?.optional === true) continue;
    const name = run?.action?.name ?? run?.action?.actionId ?? run?.runId ?? 'unnamed';
    if (run?.status === 'FAILED') {
      return {
        failed: `Post-launch action ${name} FAILED${run.failureReason ? `: ${run.failureReason}` : ''}`,
        running,
      };
    }
    if (run?.status !== 'SUCCEEDED') running = true;
  }
  return { running };
}

interface Placement {
  job: Job;
  server: ParticipatingServer;
  created: number;
}

/**
 * Turns DRS's raw `DescribeJobs` and `DescribeJobLogItems` answers into one wave status and an
 * outcome per requested server. Pure: no I/O, no clock; feed it recorded responses.
 *
 * It encodes how DRS really reports progress:
 *
 * - a job's `status` is only `PENDING`, `STARTED` or `COMPLETED`: a job whose servers all
 *   failed still ends `COMPLETED`, so success is read per server, from `launchStatus`;
 * - `LAUNCHED` is success, `FAILED` and `TERMINATED` are failure, anything else (unknown values
 *   included) is still pending;
 * - a `SERVER_SKIPPED` event fails the server, and so does a failure event (`*_FAIL`,
 *   `*_FAILED`) once its job is `COMPLETED` without the server launching;
 * - a requested server that is in no job fails once every job is `COMPLETED`;
 * - the recovery instance is `participatingServers[].recoveryInstanceID`, which real responses
 *   often lack, or else `LAUNCH_END`'s `eventData.targetInstanceID`;
 * - event names are open strings: events the SDK does not list (such as `LAUNCH_END`) are read,
 *   unknown ones never throw.
 *
 * The wave is done only when every job is `COMPLETED` and every server has a final verdict; it
 * is then `FAILED` if any `CRITICAL` server failed (an `OPTIONAL` one does not fail it).
 *
 * @example
 * ```ts
 * import { aggregateWaveStatus } from 'drs-waves';
 * import jobs from './describe-jobs.json' with { type: 'json' };
 * import logs from './describe-job-log-items.json' with { type: 'json' };
 *
 * const report = aggregateWaveStatus({
 *   servers: [{ sourceServerId: 's-5817ab4ccdfa96db3', impact: 'CRITICAL' }],
 *   jobs: jobs.items,
 *   logItems: { 'drsjob-541cee6300c363be5': logs.items },
 * });
 * report.status; // 'COMPLETED'
 * report.servers[0]?.recoveryInstanceId; // 'i-0b8104bc29823c261', from LAUNCH_END
 * ```
 */
export function aggregateWaveStatus(input: AggregateWaveStatusInput): WaveStatusReport {
  const requirePostLaunchActions = input.requirePostLaunchActions ?? false;
  const placements = new Map<string, Placement>();
  const logs = new Map<string, Map<string, ServerLog>>();
  let allJobsCompleted = true;

  input.jobs.forEach((job, index) => {
    if (job?.status !== 'COMPLETED') allJobsCompleted = false;
    const created = Date.parse(job?.creationDateTime ?? '');
    const order = Number.isNaN(created) ? index : created;
    for (const server of job?.participatingServers ?? []) {
      const id = server?.sourceServerID;
      if (typeof id !== 'string') continue;
      const known = placements.get(id);
      if (known === undefined || order >= known.created)
        placements.set(id, { job, server, created: order });
    }
  });

  const logOf = (jobId: string | undefined, serverId: string): ServerLog => {
    if (jobId === undefined) return {};
    let index = logs.get(jobId);
    if (index === undefined) {
      index = indexLog(input.logItems?.[jobId]);
      logs.set(jobId, index);
    }
    return index.get(serverId) ?? {};
  };

  const servers = input.servers.map((requested): ServerOutcome => {
    const base = { sourceServerId: requested.sourceServerId, impact: requested.impact };
    const placement = placements.get(requested.sourceServerId);
    if (placement === undefined) {
      return allJobsCompleted
        ? {
            ...base,
            verdict: 'FAILED',
            phase: 'PENDING',
            error: 'Not in any recovery job of the wave',
          }
        : { ...base, verdict: 'PENDING', phase: 'PENDING' };
    }
    const { job, server } = placement;
    const jobId = job.jobID;
    const log = logOf(jobId, requested.sourceServerId);
    const launchStatus = server.launchStatus as string | undefined;
    const recoveryInstanceId =
      server.recoveryInstanceID ?? log.launchEnd?.eventData?.targetInstanceID;
    const known = {
      ...base,
      ...(jobId === undefined ? {} : { jobId }),
      ...(launchStatus === undefined ? {} : { launchStatus }),
      ...(recoveryInstanceId === undefined ? {} : { recoveryInstanceId }),
      ...(log.first?.logDateTime === undefined ? {} : { startedAt: log.first.logDateTime }),
      ...(log.launchEnd?.logDateTime === undefined
        ? {}
        : { launchedAt: log.launchEnd.logDateTime }),
      phase: log.last?.event === undefined ? 'PENDING' : phaseOf(String(log.last.event)),
    };
    const failed = (error: string, at: string | undefined): ServerOutcome => ({
      ...known,
      verdict: 'FAILED',
      error,
      ...(at === undefined ? {} : { endedAt: at }),
    });

    if (log.skipped) return failed('SERVER_SKIPPED', log.skipped.logDateTime);
    if (launchStatus === 'FAILED' || launchStatus === 'TERMINATED') {
      return failed(
        failureText(log.failure) ?? `Launch status ${launchStatus}`,
        log.failure?.logDateTime ?? job.endDateTime,
      );
    }
    if (launchStatus === 'LAUNCHED') {
      const endedAt = log.launchEnd?.logDateTime ?? job.endDateTime;
      if (requirePostLaunchActions) {
        const actions = postLaunchVerdict(server);
        if (actions.failed !== undefined) return failed(actions.failed, job.endDateTime);
        if (actions.running) return { ...known, verdict: 'PENDING', phase: 'POST_LAUNCH_ACTIONS' };
      }
      return { ...known, verdict: 'LAUNCHED', ...(endedAt === undefined ? {} : { endedAt }) };
    }
    if (job.status === 'COMPLETED' && log.failure !== undefined) {
      return failed(failureText(log.failure) ?? 'FAILED', log.failure.logDateTime);
    }
    return { ...known, verdict: 'PENDING' };
  });

  const byLaunchStatus: Record<string, number> = {};
  let launched = 0;
  let failed = 0;
  let criticalFailed = 0;
  for (const outcome of servers) {
    const key = outcome.launchStatus ?? 'NOT_IN_JOB';
    byLaunchStatus[key] = (byLaunchStatus[key] ?? 0) + 1;
    if (outcome.verdict === 'LAUNCHED') launched += 1;
    if (outcome.verdict === 'FAILED') {
      failed += 1;
      if (outcome.impact !== 'OPTIONAL') criticalFailed += 1;
    }
  }
  const pending = servers.length - launched - failed;
  const status: WaveStatus =
    !allJobsCompleted || pending > 0 ? 'IN_PROGRESS' : criticalFailed > 0 ? 'FAILED' : 'COMPLETED';

  return {
    status,
    servers,
    counts: { total: servers.length, launched, failed, pending, criticalFailed, byLaunchStatus },
    jobs: input.jobs.map((job) => ({
      jobId: job?.jobID ?? '',
      ...(job?.status === undefined ? {} : { status: job.status as string }),
    })),
  };
}
