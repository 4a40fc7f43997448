import { writeFileSync } from 'node:fs';
import type { Job, JobLog } from '@aws-sdk/client-drs';
import { afterAll, describe, test } from 'vitest';
import { aggregateWaveStatus, type WaveServer } from '../src/index';
import { fakeSourceServerId } from '../src/testing/index';

// 3,000 servers in 30 jobs of 100, and 100,000 log items (about 33 per server, as a job whose
// servers were retried and whose log is long), all completed.
const servers: WaveServer[] = Array.from({ length: 3000 }, (_, i) => ({
  sourceServerId: fakeSourceServerId(i),
  impact: i % 50 === 0 ? 'OPTIONAL' : 'CRITICAL',
}));
const jobs: Job[] = Array.from({ length: 30 }, (_, j) => ({
  jobID: `drsjob-${j}`,
  status: 'COMPLETED',
  creationDateTime: '2026-01-01T00:00:00.000000+00:00',
  participatingServers: servers.slice(j * 100, j * 100 + 100).map((s, k) => ({
    sourceServerID: s.sourceServerId,
    launchStatus: k === 7 ? 'FAILED' : 'LAUNCHED',
  })),
}));
const events = [
  'SNAPSHOT_START',
  'SNAPSHOT_END',
  'CONVERSION_START',
  'CONVERSION_END',
  'LAUNCH_START',
];
const logItems: Record<string, JobLog[]> = {};
let count = 0;
for (const job of jobs) {
  const items: JobLog[] = [
    { event: 'JOB_START', eventData: {}, logDateTime: '2026-01-01T00:00:01.000000+00:00' },
  ];
  for (const p of job.participatingServers ?? []) {
    for (let round = 0; round < 7; round += 1) {
      for (const event of events) {
        items.push({
          event: event as JobLog['event'] & string,
          eventData: { sourceServerID: p.sourceServerID ?? '' },
          logDateTime: '2026-01-01T00:05:00.000000+00:00',
        });
      }
    }
    items.push({
      event: 'LAUNCH_END' as JobLog['event'] & string,
      eventData: {
        sourceServerID: p.sourceServerID ?? '',
        targetInstanceID: 'i-0123456789abcdef0',
      },
      logDateTime: '2026-01-01T00:09:00.000000+00:00',
    });
  }
  logItems[job.jobID ?? ''] = items.slice(0, Math.ceil(100_000 / jobs.length));
  count += logItems[job.jobID ?? '']?.length ?? 0;
}
if (count < 100_000) throw new Error(`the fixture has ${count} log items, not 100,000`);

interface Measured {
  readonly name: string;
  readonly medianMs: number;
  readonly p75Ms: number;
  readonly p99Ms: number;
  readonly opsPerSecond: number;
  readonly samples: number;
}

const measured: Measured[] = [];

/** Reads what Tinybench reports (latency in ms), whatever its exact shape. */
function summarize(name: string, result: unknown): Measured {
  const r = result as {
    latency?: {
      p50?: number;
      p75?: number;
      p99?: number;
      samples?: unknown[];
      samplesCount?: number;
    };
    throughput?: { mean?: number };
  };
  return {
    name,
    medianMs: r.latency?.p50 ?? Number.NaN,
    p75Ms: r.latency?.p75 ?? Number.NaN,
    p99Ms: r.latency?.p99 ?? Number.NaN,
    opsPerSecond: r.throughput?.mean ?? Number.NaN,
    samples: r.latency?.samplesCount ?? r.latency?.samples?.length ?? 0,
  };
}

describe('aggregateWaveStatus', () => {
  afterAll(() => {
    const out = process.env.DRS_WAVES_BENCH_OUT;
    if (out) writeFileSync(out, JSON.stringify(measured));
  });

  test('3,000 servers, 100,000 log items', async ({ bench }) => {
    const result = await bench('3,000 servers, 100,000 log items', () => {
      aggregateWaveStatus({ servers, jobs, logItems });
    }).run();
    measured.push(summarize('3,000 servers, 100,000 log items', result));
  });

  test('3,000 servers, no log', async ({ bench }) => {
    const result = await bench('3,000 servers, no log (a poll before any job completed)', () => {
      aggregateWaveStatus({ servers, jobs });
    }).run();
    measured.push(summarize('3,000 servers, no log (a poll before any job completed)', result));
  });
});
