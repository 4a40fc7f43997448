import type { Job, JobLog, ParticipatingServer } from '@aws-sdk/client-drs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateWaveStatus, type ImpactLevel, type WaveServer } from '../../src/index';
import { job, log, RECORDED_JOB_IDS, recordedJob } from '../helpers/drsFixtures';

const A = 's-0000000000000000a';
const B = 's-0000000000000000b';
const critical = (sourceServerId: string): WaveServer => ({ sourceServerId, impact: 'CRITICAL' });
const optional = (sourceServerId: string): WaveServer => ({ sourceServerId, impact: 'OPTIONAL' });
const server = (id: string, launchStatus: string, extra: Partial<ParticipatingServer> = {}) =>
  ({ sourceServerID: id, launchStatus, ...extra }) as ParticipatingServer;

describe('aggregateWaveStatus on recorded DRS responses', () => {
  it.each(RECORDED_JOB_IDS)('%s is COMPLETED, instance IDs from LAUNCH_END', (jobId) => {
    const { job: recorded, log: items } = recordedJob(jobId);
    const ids = (recorded.participatingServers ?? []).map((s) => s.sourceServerID ?? '');
    // The recording itself lacks recoveryInstanceID: the point of reading LAUNCH_END.
    expect(recorded.participatingServers?.every((s) => s.recoveryInstanceID === undefined)).toBe(
      true,
    );

    const report = aggregateWaveStatus({
      servers: ids.map(critical),
      jobs: [recorded],
      logItems: { [jobId]: items },
    });

    const launchEnds = new Map(
      items
        .filter((i) => (i.event as string) === 'LAUNCH_END')
        .map((i) => [i.eventData?.sourceServerID, i.eventData?.targetInstanceID]),
    );
    expect(report.status).toBe('COMPLETED');
    expect(report.counts).toStrictEqual({
      total: 2,
      launched: 2,
      failed: 0,
      pending: 0,
      criticalFailed: 0,
      byLaunchStatus: { LAUNCHED: 2 },
    });
    for (const outcome of report.servers) {
      expect(outcome.verdict).toBe('LAUNCHED');
      expect(outcome.jobId).toBe(jobId);
      expect(outcome.phase).toBe('LAUNCH');
      expect(outcome.recoveryInstanceId).toMatch(/^i-[0-9a-f]{17}$/);
      expect(outcome.recoveryInstanceId).toBe(launchEnds.get(outcome.sourceServerId));
      expect(outcome.startedAt).toMatch(/^2022-12-07T19:/);
      expect(outcome.launchedAt).toBe(outcome.endedAt);
    }
  });

  it('reads the exact recorded values of drsjob-541cee6300c363be5', () => {
    const { job: recorded, log: items } = recordedJob('drsjob-541cee6300c363be5');
    const report = aggregateWaveStatus({
      servers: [critical('s-5817ab4ccdfa96db3')],
      jobs: [recorded],
      logItems: { 'drsjob-541cee6300c363be5': items },
    });
    expect(report.servers[0]).toStrictEqual({
      sourceServerId: 's-5817ab4ccdfa96db3',
      impact: 'CRITICAL',
      verdict: 'LAUNCHED',
      jobId: 'drsjob-541cee6300c363be5',
      launchStatus: 'LAUNCHED',
      recoveryInstanceId: 'i-0b8104bc29823c261',
      startedAt: '2022-12-07T19:26:00.311494+00:00',
      launchedAt: '2022-12-07T19:34:56.742403+00:00',
      endedAt: '2022-12-07T19:34:56.742403+00:00',
      phase: 'LAUNCH',
    });
    expect(report.jobs).toStrictEqual([{ jobId: 'drsjob-541cee6300c363be5', status: 'COMPLETED' }]);
  });
});

interface Case {
  name: string;
  servers: WaveServer[];
  jobs: Job[];
  logs?: Record<string, JobLog[]>;
  requirePostLaunchActions?: boolean;
  status: string;
  verdicts: string[];
  errors?: (string | undefined)[];
}

const cases: Case[] = [
  {
    name: 'a job COMPLETED with every server FAILED fails the wave (the seed counted it as success)',
    servers: [critical(A), critical(B)],
    jobs: [job('j1', 'COMPLETED', [server(A, 'FAILED'), server(B, 'FAILED')])],
    logs: { j1: [log('LAUNCH_FAILED', A, { rawError: 'InsufficientInstanceCapacity' })] },
    status: 'FAILED',
    verdicts: ['FAILED', 'FAILED'],
    errors: ['InsufficientInstanceCapacity', 'Launch status FAILED'],
  },
  {
    name: 'a STARTED job is in progress even when every server already LAUNCHED',
    servers: [critical(A)],
    jobs: [job('j1', 'STARTED', [server(A, 'LAUNCHED')])],
    status: 'IN_PROGRESS',
    verdicts: ['LAUNCHED'],
  },
  {
    name: 'a PENDING job is in progress',
    servers: [critical(A)],
    jobs: [job('j1', 'PENDING', [server(A, 'PENDING')])],
    status: 'IN_PROGRESS',
    verdicts: ['PENDING'],
  },
  {
    name: 'a server without a final launch status keeps a COMPLETED job in progress',
    servers: [critical(A), critical(B)],
    jobs: [job('j1', 'COMPLETED', [server(A, 'LAUNCHED'), server(B, 'IN_PROGRESS')])],
    status: 'IN_PROGRESS',
    verdicts: ['LAUNCHED', 'PENDING'],
  },
  {
    name: 'a requested server missing from a COMPLETED job fails',
    servers: [critical(A), critical(B)],
    jobs: [job('j1', 'COMPLETED', [server(A, 'LAUNCHED')])],
    status: 'FAILED',
    verdicts: ['LAUNCHED', 'FAILED'],
    errors: [undefined, 'Not in any recovery job of the wave'],
  },
  {
    name: 'a requested server missing while a job still runs is pending',
    servers: [critical(A), critical(B)],
    jobs: [job('j1', 'STARTED', [server(A, 'IN_PROGRESS')])],
    status: 'IN_PROGRESS',
    verdicts: ['PENDING', 'PENDING'],
  },
  {
    name: 'no job at all for requested servers fails them',
    servers: [critical(A)],
    jobs: [],
    status: 'FAILED',
    verdicts: ['FAILED'],
  },
  {
    name: 'nothing requested and no job is complete',
    servers: [],
    jobs: [],
    status: 'COMPLETED',
    verdicts: [],
  },
  {
    name: 'SERVER_SKIPPED fails the server whatever its launch status says',
    servers: [critical(A), critical(B)],
    jobs: [job('j1', 'COMPLETED', [server(A, 'LAUNCHED'), server(B, 'PENDING')])],
    logs: { j1: [log('SERVER_SKIPPED', B)] },
    status: 'FAILED',
    verdicts: ['LAUNCHED', 'FAILED'],
    errors: [undefined, 'SERVER_SKIPPED'],
  },
  {
    name: 'an OPTIONAL server failing does not fail the wave',
    servers: [critical(A), optional(B)],
    jobs: [job('j1', 'COMPLETED', [server(A, 'LAUNCHED'), server(B, 'FAILED')])],
    logs: { j1: [log('CONVERSION_FAIL', B)] },
    status: 'COMPLETED',
    verdicts: ['LAUNCHED', 'FAILED'],
    errors: [undefined, 'CONVERSION_FAIL'],
  },
  {
    name: 'TERMINATED is a failure',
    servers: [critical(A)],
    jobs: [job('j1', 'COMPLETED', [server(A, 'TERMINATED')])],
    status: 'FAILED',
    verdicts: ['FAILED'],
    errors: ['Launch status TERMINATED'],
  },
  {
    name: 'a failure event with a non-final status fails once the job is COMPLETED',
    servers: [critical(A)],
    jobs: [job('j1', 'COMPLETED', [server(A, 'PENDING')])],
    logs: {
      j1: [log('SNAPSHOT_START', A), log('SNAPSHOT_FAIL', A, { rawError: 'EBS snapshot limit' })],
    },
    status: 'FAILED',
    verdicts: ['FAILED'],
    errors: ['EBS snapshot limit'],
  },
  {
    name: 'a failed non-optional post-launch action fails the server when required',
    servers: [critical(A)],
    jobs: [
      job('j1', 'COMPLETED', [
        server(A, 'LAUNCHED', {
          launchActionsStatus: {
            runs: [
              {
                action: { name: 'smoke-test', optional: false },
                status: 'FAILED',
                failureReason: 'HTTP 500',
              },
              { action: { name: 'cleanup', optional: true }, status: 'FAILED' },
            ],
          },
        }),
      ]),
    ],
    requirePostLaunchActions: true,
    status: 'FAILED',
    verdicts: ['FAILED'],
    errors: ['Post-launch action smoke-test FAILED: HTTP 500'],
  },
  {
    name: 'a failed post-launch action is ignored when not required',
    servers: [critical(A)],
    jobs: [
      job('j1', 'COMPLETED', [
        server(A, 'LAUNCHED', {
          launchActionsStatus: { runs: [{ action: { name: 'smoke-test' }, status: 'FAILED' }] },
        }),
      ]),
    ],
    status: 'COMPLETED',
    verdicts: ['LAUNCHED'],
  },
  {
    name: 'a running non-optional post-launch action keeps the server pending when required',
    servers: [critical(A)],
    jobs: [
      job('j1', 'COMPLETED', [
        server(A, 'LAUNCHED', {
          launchActionsStatus: { runs: [{ action: { name: 'warmup' }, status: 'IN_PROGRESS' }] },
        }),
      ]),
    ],
    requirePostLaunchActions: true,
    status: 'IN_PROGRESS',
    verdicts: ['PENDING'],
  },
  {
    name: 'unknown job status, launch status and events never throw and never complete',
    servers: [critical(A)],
    jobs: [job('j1', 'ARCHIVED', [server(A, 'HIBERNATING')])],
    logs: { j1: [log('QUANTUM_TUNNEL_START', A), { event: undefined } as unknown as JobLog] },
    status: 'IN_PROGRESS',
    verdicts: ['PENDING'],
  },
  {
    name: 'a server in two jobs is judged by the latest job',
    servers: [critical(A)],
    jobs: [
      job('j2', 'COMPLETED', [server(A, 'LAUNCHED')], '2026-01-01T01:00:00.000000+00:00'),
      job('j1', 'COMPLETED', [server(A, 'FAILED')], '2026-01-01T00:00:00.000000+00:00'),
    ],
    status: 'COMPLETED',
    verdicts: ['LAUNCHED'],
  },
  {
    name: 'servers of several jobs are aggregated together',
    servers: [critical(A), critical(B)],
    jobs: [
      job('j1', 'COMPLETED', [server(A, 'LAUNCHED')]),
      job('j2', 'STARTED', [server(B, 'IN_PROGRESS')]),
    ],
    status: 'IN_PROGRESS',
    verdicts: ['LAUNCHED', 'PENDING'],
  },
];

describe('aggregateWaveStatus rules', () => {
  it.each(cases)('$name', (c) => {
    const report = aggregateWaveStatus({
      servers: c.servers,
      jobs: c.jobs,
      ...(c.logs ? { logItems: c.logs } : {}),
      ...(c.requirePostLaunchActions === undefined
        ? {}
        : { requirePostLaunchActions: c.requirePostLaunchActions }),
    });
    expect(report.status).toBe(c.status);
    expect(report.servers.map((s) => s.verdict)).toStrictEqual(c.verdicts);
    if (c.errors) expect(report.servers.map((s) => s.error)).toStrictEqual(c.errors);
  });

  it('reads the phase from the latest event, and the instance from participatingServers first', () => {
    const report = aggregateWaveStatus({
      servers: [critical(A), critical(B)],
      jobs: [
        job('j1', 'STARTED', [
          server(A, 'PENDING'),
          server(B, 'LAUNCHED', { recoveryInstanceID: 'i-from-participating' }),
        ]),
      ],
      logItems: {
        j1: [
          log('JOB_START'),
          log('SNAPSHOT_START', A),
          log('SNAPSHOT_END', A),
          log('CONVERSION_START', A, {}, '2026-01-01T00:06:00.000000+00:00'),
          log('LAUNCH_END', B, { targetInstanceID: 'i-from-log' }),
        ],
      },
    });
    expect(report.servers.map((s) => s.phase)).toStrictEqual(['CONVERSION', 'LAUNCH']);
    expect(report.servers[1]?.recoveryInstanceId).toBe('i-from-participating');
    expect(report.counts.byLaunchStatus).toStrictEqual({ PENDING: 1, LAUNCHED: 1 });
  });
});

describe('aggregateWaveStatus property', () => {
  const ids = Array.from({ length: 6 }, (_, i) => `s-0000000000000000${i}`);
  const launchStatus = fc.constantFrom(
    'PENDING',
    'IN_PROGRESS',
    'LAUNCHED',
    'FAILED',
    'TERMINATED',
    'WEIRD',
    undefined,
  );
  const jobStatus = fc.constantFrom('PENDING', 'STARTED', 'COMPLETED', 'FAILED', undefined);
  const event = fc.constantFrom(
    'SNAPSHOT_START',
    'CONVERSION_FAIL',
    'LAUNCH_START',
    'LAUNCH_END',
    'LAUNCH_FAILED',
    'SERVER_SKIPPED',
    'JOB_END',
    'MYSTERY',
  );
  const arbitraryJob = fc.record({
    jobID: fc.constantFrom('j1', 'j2', 'j3'),
    status: jobStatus,
    participatingServers: fc.array(
      fc.record({
        sourceServerID: fc.constantFrom(...ids),
        launchStatus,
        launchActionsStatus: fc.option(
          fc.record({
            runs: fc.array(
              fc.record({
                action: fc.record({ optional: fc.boolean() }),
                status: fc.constantFrom('IN_PROGRESS', 'SUCCEEDED', 'FAILED'),
              }),
              { maxLength: 2 },
            ),
          }),
          { nil: undefined },
        ),
      }),
      { maxLength: 6 },
    ),
  });
  const arbitraryLog = fc.record({
    event,
    eventData: fc.record({ sourceServerID: fc.constantFrom(...ids) }),
  });

  it('is COMPLETED only if every job is COMPLETED and every critical server LAUNCHED', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids), { minLength: 0, maxLength: 6 }),
        fc.array(fc.constantFrom<ImpactLevel>('CRITICAL', 'OPTIONAL'), {
          minLength: 6,
          maxLength: 6,
        }),
        fc.array(arbitraryJob, { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('j1', 'j2', 'j3'), fc.array(arbitraryLog, { maxLength: 8 })),
        fc.boolean(),
        (requested, impacts, jobs, logItems, requirePostLaunchActions) => {
          const servers = requested.map((id, i) => ({
            sourceServerId: id,
            impact: impacts[i] ?? 'CRITICAL',
          }));
          const report = aggregateWaveStatus({
            servers,
            jobs: jobs as Job[],
            logItems: logItems as Record<string, JobLog[]>,
            requirePostLaunchActions,
          });
          expect(report.servers).toHaveLength(servers.length);
          if (report.status !== 'COMPLETED') return;
          expect(jobs.every((j) => j.status === 'COMPLETED')).toBe(true);
          for (const s of servers.filter((x) => x.impact === 'CRITICAL')) {
            // The latest job carrying the server (jobs here share a creation time: the last one).
            const carrying = jobs.flatMap((j) =>
              j.participatingServers.filter((p) => p.sourceServerID === s.sourceServerId),
            );
            expect(carrying.at(-1)?.launchStatus).toBe('LAUNCHED');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
