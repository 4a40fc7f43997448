import type {
  DrillReportServer,
  DrillReportWave,
  SimulatedDrillReport,
} from '../../src/report/DrillReport';

export const DB0 = 's-00000000000000db0';
export const DB1 = 's-00000000000000db1';
export const APP0 = 's-0000000000000app0';
export const APP1 = 's-0000000000000app1';
export const CACHE0 = 's-000000000000ca0c0';
export const CACHE1 = 's-000000000000ca0c1';

const at = (clock: string) => `2026-01-01T${clock}.000Z`;

/**
 * Three waves in two stages (`db`, then `app` and `cache` in parallel), listed out of stage
 * order: `db` completes despite a failed optional server, `app` fails on a critical server and
 * `cache` times out with one server pending.
 */
export const smallReport: SimulatedDrillReport = {
  tool: { name: 'drs-waves', version: '0.1.0' },
  plan: { id: 'shop', name: 'Shop', waveCount: 3, serverCount: 6 },
  source: 'simulation',
  executionId: 'shop-drill-42',
  executionType: 'DRILL',
  status: 'FAILED',
  error: 'WaveFailed',
  cause: `Stage 2 failed: wave app (critical server ${APP1} failed), wave cache (timed out with 1 server pending)`,
  startedAt: at('00:00:00'),
  endedAt: at('01:02:05'),
  reportedAt: at('01:02:05'),
  durationSeconds: 3725,
  simulation: {
    seed: 42,
    wallSeconds: 2.4,
    faults: [
      `server ${APP1} fails to launch: InsufficientInstanceCapacity`,
      `server ${DB1} fails to launch: UnsupportedOperation`,
      `server ${CACHE1} never finishes conversion`,
    ],
  },
  stages: [['db'], ['app', 'cache']],
  waves: [
    {
      waveId: 'cache',
      stage: 1,
      status: 'TIMED_OUT',
      serverCount: 2,
      launched: 1,
      failed: 0,
      pending: 1,
      jobIds: ['drsjob-00000000000000003'],
      startedAt: at('00:08:54'),
      endedAt: at('01:02:00'),
      error: 'WaveTimeout',
      cause: `Wave cache timed out with server ${CACHE1} pending`,
    },
    {
      waveId: 'app',
      name: 'Application',
      stage: 1,
      status: 'FAILED',
      serverCount: 2,
      launched: 1,
      failed: 1,
      pending: 0,
      jobIds: ['drsjob-00000000000000002'],
      startedAt: at('00:08:54'),
      endedAt: at('00:20:00'),
      error: 'WaveFailed',
      cause: `Critical server ${APP1} failed: InsufficientInstanceCapacity`,
    },
    {
      waveId: 'db',
      name: 'Database',
      stage: 0,
      status: 'COMPLETED',
      serverCount: 2,
      launched: 1,
      failed: 1,
      pending: 0,
      jobIds: ['drsjob-00000000000000001'],
      startedAt: at('00:00:00'),
      endedAt: at('00:08:54'),
    },
  ],
  servers: [
    {
      sourceServerId: APP1,
      waveId: 'app',
      impact: 'CRITICAL',
      verdict: 'FAILED',
      phase: 'LAUNCH',
      launchStatus: 'FAILED',
      jobId: 'drsjob-00000000000000002',
      error: 'InsufficientInstanceCapacity',
      startedAt: at('00:09:00'),
      endedAt: at('00:15:30'),
    },
    {
      sourceServerId: DB0,
      waveId: 'db',
      impact: 'CRITICAL',
      verdict: 'LAUNCHED',
      phase: 'LAUNCH',
      launchStatus: 'LAUNCHED',
      jobId: 'drsjob-00000000000000001',
      recoveryInstanceId: 'i-0000000000000d0b0',
      startedAt: at('00:00:05'),
      launchedAt: at('00:08:00'),
      endedAt: at('00:08:00'),
    },
    {
      sourceServerId: DB1,
      waveId: 'db',
      impact: 'OPTIONAL',
      verdict: 'FAILED',
      phase: 'LAUNCH',
      launchStatus: 'FAILED',
      jobId: 'drsjob-00000000000000001',
      error: 'UnsupportedOperation: boot mode | UEFI\nnot supported',
      startedAt: at('00:00:05'),
      endedAt: at('00:06:10'),
    },
    {
      sourceServerId: APP0,
      waveId: 'app',
      impact: 'CRITICAL',
      verdict: 'LAUNCHED',
      phase: 'LAUNCH',
      launchStatus: 'LAUNCHED',
      jobId: 'drsjob-00000000000000002',
      recoveryInstanceId: 'i-00000000000000a90',
      startedAt: at('00:09:00'),
      launchedAt: at('00:18:00'),
      endedAt: at('00:18:00'),
    },
    {
      sourceServerId: CACHE0,
      waveId: 'cache',
      impact: 'CRITICAL',
      verdict: 'LAUNCHED',
      phase: 'LAUNCH',
      launchStatus: 'LAUNCHED',
      jobId: 'drsjob-00000000000000003',
      recoveryInstanceId: 'i-00000000000000ca0',
      startedAt: at('00:09:00'),
      launchedAt: at('00:12:00'),
      endedAt: at('00:12:00'),
    },
    {
      sourceServerId: CACHE1,
      waveId: 'cache',
      impact: 'CRITICAL',
      verdict: 'PENDING',
      phase: 'CONVERSION',
      jobId: 'drsjob-00000000000000003',
    },
  ],
  stats: {
    stateTransitions: 1234,
    lambdaInvocations: 321,
    largestHistoryEvents: 2500,
    largestPayloadBytes: 20_480,
    drsCalls: { StartRecovery: 3, DescribeJobs: 120, DescribeJobLogItems: 240 },
  },
};

/**
 * A generated report of `waveCount` waves of `serversPerWave` servers, one wave per stage,
 * each wave 10 minutes long; every 10th server fails (every 20th of them optional) and the last
 * wave times out with its servers pending and without times.
 */
export function largeReport(waveCount = 30, serversPerWave = 100): SimulatedDrillReport {
  const start = Date.parse(at('00:00:00'));
  const iso = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const waves: DrillReportWave[] = [];
  const servers: DrillReportServer[] = [];
  for (let w = 0; w < waveCount; w += 1) {
    const waveId = `wave-${String(w).padStart(2, '0')}`;
    const waveStart = w * 600;
    const last = w === waveCount - 1;
    let launched = 0;
    let failed = 0;
    for (let s = 0; s < serversPerWave; s += 1) {
      const n = w * serversPerWave + s;
      const sourceServerId = `s-${n.toString(16).padStart(17, '0')}`;
      const jobId = `drsjob-${w.toString(16).padStart(17, '0')}`;
      if (last) {
        servers.push({
          sourceServerId,
          waveId,
          impact: 'CRITICAL',
          verdict: 'PENDING',
          phase: 'SNAPSHOT',
          jobId,
        });
        continue;
      }
      const fails = n % 10 === 9;
      const times = { startedAt: iso(waveStart + 5 + (s % 30)), endedAt: iso(waveStart + 300 + s) };
      if (fails) {
        failed += 1;
        servers.push({
          sourceServerId,
          waveId,
          impact: n % 20 === 19 ? 'OPTIONAL' : 'CRITICAL',
          verdict: 'FAILED',
          phase: 'LAUNCH',
          launchStatus: 'FAILED',
          jobId,
          error: 'InsufficientInstanceCapacity: We currently do not have sufficient capacity',
          ...times,
        });
      } else {
        launched += 1;
        servers.push({
          sourceServerId,
          waveId,
          impact: 'CRITICAL',
          verdict: 'LAUNCHED',
          phase: 'LAUNCH',
          launchStatus: 'LAUNCHED',
          jobId,
          recoveryInstanceId: `i-${n.toString(16).padStart(17, '0')}`,
          launchedAt: times.endedAt,
          ...times,
        });
      }
    }
    waves.push({
      waveId,
      name: `Wave ${w}`,
      stage: w,
      status: last ? 'TIMED_OUT' : 'COMPLETED',
      serverCount: serversPerWave,
      launched,
      failed,
      pending: last ? serversPerWave : 0,
      jobIds: [`drsjob-${w.toString(16).padStart(17, '0')}`],
      startedAt: iso(waveStart),
      endedAt: iso(waveStart + 600),
    });
  }
  const total = waveCount * 600;
  return {
    tool: { name: 'drs-waves', version: '0.1.0' },
    plan: { id: 'big', waveCount, serverCount: waveCount * serversPerWave },
    source: 'simulation',
    executionId: 'big-drill-7',
    executionType: 'DRILL',
    status: 'FAILED',
    error: 'WaveTimeout',
    cause: `Wave wave-${String(waveCount - 1).padStart(2, '0')} timed out`,
    startedAt: iso(0),
    endedAt: iso(total),
    reportedAt: iso(total),
    durationSeconds: total,
    simulation: { seed: 7, wallSeconds: 95.3, faults: [] },
    stages: waves.map((wave) => [wave.waveId]),
    waves,
    servers,
    stats: {
      stateTransitions: 48_000,
      lambdaInvocations: 12_000,
      largestHistoryEvents: 3000,
      largestPayloadBytes: 60_000,
      drsCalls: { StartRecovery: 30, DescribeJobs: 900 },
    },
  };
}
