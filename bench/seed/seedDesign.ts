/**
 * The seed guide's design, re-implemented as written, so the benchmark can measure it beside
 * drs-waves on the same scenarios. LABELLED AS THE SEED'S DESIGN: this is not drs-waves code and
 * must never be used; it exists to be measured.
 *
 * What it reproduces:
 * - its input as it defines it: `waves`, each an `id` and `servers`, plain source server IDs;
 * - one state machine for the whole plan: an inline Map over the waves (`Iterator`, one at a
 *   time), each wave polled with Wait / check / Choice and no bound on the loop;
 * - the status check: `DescribeJobs` plus every page of `DescribeJobLogItems` on every poll,
 *   and every server's status returned into the state;
 * - one DynamoDB update per start and per poll (`SET WaveStatus.#wave = :s`);
 * - a job `COMPLETED` counts as success, whatever its servers did.
 *
 * Two deviations, or it could not run at all: the Map passes `execution_id` with `Parameters`
 * (the seed's `"execution_id.$": "$.execution_id"` inside the iterator reads nothing and fails
 * the execution), and the `WaveStatus` map is created at the start (the seed's nested update
 * fails while it does not exist).
 */
import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  type DrsClient,
  type JobLog,
  StartRecoveryCommand,
} from '@aws-sdk/client-drs';

export const SEED_STATE_MACHINE = {
  Comment: "The seed guide's design (baseline for benchmarks only)",
  StartAt: 'ProcessWaves',
  States: {
    ProcessWaves: {
      Type: 'Map',
      ItemsPath: '$.waves',
      MaxConcurrency: 1,
      Parameters: {
        'execution_id.$': '$.execution_id',
        'execution_type.$': '$.execution_type',
        'wave.$': '$$.Map.Item.Value',
      },
      Iterator: {
        StartAt: 'StartWave',
        States: {
          StartWave: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'seed-orchestrator',
              Payload: {
                action: 'start_wave',
                'execution_id.$': '$.execution_id',
                'execution_type.$': '$.execution_type',
                'wave.$': '$.wave',
              },
            },
            ResultSelector: { 'job_id.$': '$.Payload.job_id', 'status.$': '$.Payload.status' },
            ResultPath: '$.start_result',
            Next: 'WaitForPoll',
          },
          WaitForPoll: { Type: 'Wait', Seconds: 30, Next: 'CheckWaveStatus' },
          CheckWaveStatus: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'seed-orchestrator',
              Payload: {
                action: 'check_wave_status',
                'execution_id.$': '$.execution_id',
                'job_id.$': '$.start_result.job_id',
                'wave.$': '$.wave',
              },
            },
            ResultSelector: { 'status.$': '$.Payload.status', 'servers.$': '$.Payload.servers' },
            ResultPath: '$.status_result',
            Next: 'IsWaveComplete',
          },
          IsWaveComplete: {
            Type: 'Choice',
            Choices: [
              {
                Variable: '$.status_result.status',
                StringEquals: 'COMPLETED',
                Next: 'WaveComplete',
              },
              { Variable: '$.status_result.status', StringEquals: 'FAILED', Next: 'WaveFailed' },
            ],
            Default: 'WaitForPoll',
          },
          WaveComplete: { Type: 'Succeed' },
          WaveFailed: { Type: 'Fail', Error: 'WaveFailed' },
        },
      },
      End: true,
    },
  },
} as const;

/** A wave as the seed defines its input: an ID and its servers' source server IDs, nothing more. */
export interface SeedWave {
  readonly id: string;
  readonly servers: readonly string[];
}

/** What the seed's Lambda did per call, counted (instrumentation, not part of the seed). */
export interface SeedCounters {
  /** DynamoDB updates, all of them (the one that creates the `WaveStatus` map included). */
  dynamoUpdates: number;
  /** DynamoDB updates made by status checks. */
  dynamoUpdatesInPolls: number;
  polls: number;
  /**
   * Longest virtual time from a wave's last server finishing to a check answering COMPLETED;
   * absent while no check saw a server finish.
   */
  maxNoticeDelaySeconds?: number;
}

/** The seed's Lambda: `start_wave` and `check_wave_status`, as the guide wrote them. */
export function createSeedHandler(drs: DrsClient, counters: SeedCounters, clock: () => Date) {
  return async (raw: unknown): Promise<unknown> => {
    const event = raw as {
      action: string;
      execution_type?: string;
      job_id?: string;
      wave: SeedWave;
    };
    if (event.action === 'start_wave') {
      // The seed's drill flag: any other string is a real recovery (kept here for fidelity;
      // the benchmark always passes 'drill').
      const isDrill = event.execution_type === 'drill';
      counters.dynamoUpdates += 1;
      try {
        const { job } = await drs.send(
          new StartRecoveryCommand({
            sourceServers: event.wave.servers.map((id) => ({ sourceServerID: id })),
            isDrill,
          }),
        );
        return { job_id: job?.jobID, status: 'STARTED' };
      } catch {
        return { job_id: null, status: 'FAILED' };
      }
    }
    // check_wave_status: no job ID (a failed start) answers COMPLETED, the seed's bug.
    counters.polls += 1;
    counters.dynamoUpdates += 1;
    counters.dynamoUpdatesInPolls += 1;
    if (!event.job_id) return { status: 'COMPLETED', servers: [] };
    const { items } = await drs.send(
      new DescribeJobsCommand({ filters: { jobIDs: [event.job_id] } }),
    );
    const job = items?.[0];
    const log: JobLog[] = [];
    let nextToken: string | undefined;
    do {
      const page = await drs.send(
        new DescribeJobLogItemsCommand({
          jobID: event.job_id,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      log.push(...(page.items ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const servers = (job?.participatingServers ?? []).map((p) => ({
      sourceServerID: p.sourceServerID,
      launchStatus: p.launchStatus,
      // The seed read `LAUNCH_FINISHED` and `ec2InstanceID`, which DRS never writes.
      ec2InstanceID:
        log.find(
          (l) =>
            (l.event as string) === 'LAUNCH_FINISHED' &&
            l.eventData?.sourceServerID === p.sourceServerID,
        )?.eventData?.targetInstanceID ?? null,
      events: log
        .filter((l) => l.eventData?.sourceServerID === p.sourceServerID)
        .map((l) => l.event),
    }));
    const status = job?.status === 'COMPLETED' ? 'COMPLETED' : 'IN_PROGRESS';
    if (status === 'COMPLETED') {
      const ends = log
        .filter((l) => (l.event as string) === 'LAUNCH_END' || l.event === 'LAUNCH_FAILED')
        .map((l) => Date.parse(l.logDateTime ?? ''));
      if (ends.length > 0) {
        const delay = (clock().getTime() - Math.max(...ends)) / 1000;
        counters.maxNoticeDelaySeconds = Math.max(
          counters.maxNoticeDelaySeconds ?? 0,
          Math.round(delay),
        );
      }
    }
    return { status, servers };
  };
}
