/**
 * `npm run bench`: runs each scenario on the local stack with drs-waves and with the seed
 * guide's design (bench/seed), in the same run, and writes bench/RESULTS.md and
 * bench/results.svg. Also measures the router's Lambda bundle and its cold import time, and
 * runs the aggregateWaveStatus micro-benchmark (vitest bench).
 *
 * Figures are counts on a virtual clock (deterministic for the seed) except the wall times,
 * which depend on the machine: quote medians, not single runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrsClient } from '@aws-sdk/client-drs';
import { parseRecoveryPlan, type RecoveryPlan } from 'drs-waves';
import {
  DrsEmulator,
  fakeSourceServerId,
  LocalStateMachine,
  simulateDrill,
} from 'drs-waves/testing';
import { build } from 'esbuild';
import { renderChart } from './chart.ts';
import { createSeedHandler, SEED_STATE_MACHINE, type SeedCounters } from './seed/seedDesign.ts';

const root = join(import.meta.dirname, '..');
const DRS_READS = [
  'DescribeJobs',
  'DescribeJobLogItems',
  'DescribeSourceServers',
  'DescribeRecoveryInstances',
];

export interface Figures {
  readonly drsCalls: Readonly<Record<string, number>>;
  readonly polls: number;
  readonly drsReadsPerPoll: number;
  readonly drsCallsPerWave: number;
  readonly lambdaInvocations: number;
  readonly stateTransitions: number;
  readonly largestHistoryEvents: number;
  readonly largestPayloadBytes: number;
  readonly dynamoRequests: number;
  readonly noticeDelaySeconds: number;
  readonly wallSeconds: number;
  readonly status: string;
}

export interface Scenario {
  readonly name: string;
  readonly plan: RecoveryPlan;
  readonly slowLaunch?: Readonly<Record<string, number>>;
}

const ids = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => fakeSourceServerId(from + i));
const twelveHours = 12 * 3600;

const scenarios: Scenario[] = [
  {
    name: '1 wave x 2 servers',
    plan: parseRecoveryPlan({ id: 'one', waves: [{ id: 'w1', servers: ids(1, 2) }] }),
  },
  {
    name: '5 waves x 100 servers',
    plan: parseRecoveryPlan({
      id: 'five',
      waves: Array.from({ length: 5 }, (_, i) => ({
        id: `w${i + 1}`,
        servers: ids(1000 + i * 100, 100),
      })),
    }),
  },
  {
    name: '30 waves x 3,000 servers',
    plan: parseRecoveryPlan(
      JSON.parse(readFileSync(join(root, 'examples', 'plans', 'large.json'), 'utf8')),
    ),
  },
  {
    name: '1 wave of 12 hours',
    plan: parseRecoveryPlan({
      id: 'long',
      waves: [{ id: 'w1', servers: ids(1, 2), timeoutSeconds: twelveHours + 3600 }],
    }),
    // Launches end about 12 hours after the start (a normal launch takes about 9 minutes).
    slowLaunch: Object.fromEntries(ids(1, 2).map((id) => [id, twelveHours - 9 * 60])),
  },
];

const sum = (record: Readonly<Record<string, number>> | undefined) =>
  Object.values(record ?? {}).reduce((a, b) => a + b, 0);

async function runDrsWaves(s: Scenario): Promise<Figures> {
  // Approvals in the plan are answered at once: the benchmark measures the machinery.
  const { report, result } = await simulateDrill({
    plan: s.plan,
    storage: 'dynalite',
    ...(s.slowLaunch ? { faults: { slowLaunch: s.slowLaunch } } : {}),
  });
  const polls = report.stats.routerCalls?.check_wave_status ?? 0;
  const reads = DRS_READS.reduce((n, op) => n + (report.stats.drsCalls[op] ?? 0), 0);
  return {
    drsCalls: report.stats.drsCalls,
    polls,
    drsReadsPerPoll: reads / Math.max(1, polls),
    drsCallsPerWave: sum(report.stats.drsCalls) / s.plan.waves.length,
    lambdaInvocations: result.stats.lambdaInvocations,
    stateTransitions: result.stats.stateTransitions,
    largestHistoryEvents: result.stats.largestHistoryEvents,
    largestPayloadBytes: result.stats.largestPayloadBytes,
    dynamoRequests: sum(report.stats.dynamoRequests),
    noticeDelaySeconds: report.stats.maxNoticeDelaySeconds ?? 0,
    wallSeconds: report.wallSeconds,
    status: report.status,
  };
}

async function runSeed(s: Scenario): Promise<Figures> {
  const wall = performance.now();
  const emulator = await DrsEmulator.start({
    seed: 1,
    ...(s.slowLaunch ? { faults: { slowLaunch: s.slowLaunch } } : {}),
  });
  const client = new DrsClient({ ...emulator.clientConfig(), maxAttempts: 5 });
  const counters: SeedCounters = { dynamoUpdates: 1, polls: 0, maxNoticeDelaySeconds: 0 };
  try {
    const machine = new LocalStateMachine({
      definition: SEED_STATE_MACHINE as never,
      handler: createSeedHandler(client, counters, () => emulator.now()),
      advanceClock: (ms) => emulator.advance(ms),
    });
    const input = {
      execution_id: `seed-${s.plan.id}`,
      execution_type: 'drill',
      waves: s.plan.waves.map((w) => ({ id: w.id, servers: w.servers })),
    };
    const result = await machine.start(input).result;
    const drsCalls = Object.fromEntries(
      ['StartRecovery', ...DRS_READS, 'TerminateRecoveryInstances'].map((op) => [
        op,
        emulator.requestCount(op),
      ]),
    );
    const reads = DRS_READS.reduce((n, op) => n + (drsCalls[op] ?? 0), 0);
    return {
      drsCalls,
      polls: counters.polls,
      drsReadsPerPoll: reads / Math.max(1, counters.polls),
      drsCallsPerWave: sum(drsCalls) / s.plan.waves.length,
      lambdaInvocations: result.stats.lambdaInvocations,
      stateTransitions: result.stats.stateTransitions,
      // One execution: the inline Map's iterations are part of the parent's history.
      largestHistoryEvents: result.stats.parentHistoryEvents + sum(result.stats.waveHistoryEvents),
      largestPayloadBytes: result.stats.largestPayloadBytes,
      dynamoRequests: counters.dynamoUpdates,
      noticeDelaySeconds: counters.maxNoticeDelaySeconds,
      wallSeconds: Math.round((performance.now() - wall) / 10) / 100,
      status: result.status,
    };
  } finally {
    client.destroy();
    await emulator.close();
  }
}

/** The router's Lambda bundle: esbuild, minified, AWS SDK external; size and cold import. */
async function measureBundle(): Promise<{ bytes: number; coldImportMs: number[] }> {
  // Inside the repository, so the external AWS SDK resolves from node_modules as in Lambda.
  const dir = mkdtempSync(join(root, 'bench', '.bundle-'));
  try {
    const entry = join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      `import { createActionRouter, createDrsAdapter, DynamoDbExecutionHistoryStore, DynamoDbPlanStore, DynamoDbProtectionGroupStore } from ${JSON.stringify(join(root, 'dist', 'index.js'))};
export { createActionRouter, createDrsAdapter, DynamoDbExecutionHistoryStore, DynamoDbPlanStore, DynamoDbProtectionGroupStore };
`,
    );
    const outfile = join(dir, 'router.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile,
      external: ['@aws-sdk/*', '@smithy/*'],
      logLevel: 'silent',
    });
    const bytes = statSync(outfile).size;
    const coldImportMs: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      coldImportMs.push(Number(out.trim()));
    }
    return { bytes, coldImportMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (seed: number, ours: number) =>
  ours === 0 ? (seed === 0 ? '1x' : 'n/a') : `${fmt(seed / ours, 1)}x`;

async function main() {
  const rows: { scenario: Scenario; ours: Figures; seed: Figures }[] = [];
  for (const scenario of scenarios) {
    process.stdout.write(`bench: ${scenario.name}: drs-waves... `);
    const ours = await runDrsWaves(scenario);
    process.stdout.write(`${ours.wallSeconds} s; seed design... `);
    const seed = await runSeed(scenario);
    console.log(`${seed.wallSeconds} s`);
    rows.push({ scenario, ours, seed });
  }
  process.stdout.write('bench: router bundle... ');
  const bundle = await measureBundle();
  console.log(
    `${bundle.bytes} bytes, cold import median ${fmt(median(bundle.coldImportMs), 1)} ms`,
  );
  console.log('bench: aggregateWaveStatus micro-benchmark (vitest bench)...');
  const microFile = join(tmpdir(), `drs-waves-bench-${process.pid}.json`);
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'bench', '--run'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, DRS_WAVES_BENCH_OUT: microFile },
    },
  );
  const benches = JSON.parse(readFileSync(microFile, 'utf8')) as {
    name: string;
    medianMs: number;
    p75Ms: number;
    p99Ms: number;
    opsPerSecond: number;
    samples: number;
  }[];
  rmSync(microFile, { force: true });

  const metrics: [string, (f: Figures) => number, number][] = [
    ['DRS calls, total', (f) => sum(f.drsCalls), 0],
    ['DRS calls per wave', (f) => f.drsCallsPerWave, 1],
    ['DRS read calls per poll', (f) => f.drsReadsPerPoll, 2],
    ['Status checks (polls)', (f) => f.polls, 0],
    ['Lambda invocations', (f) => f.lambdaInvocations, 0],
    ['State transitions', (f) => f.stateTransitions, 0],
    ['Largest history of one execution (events)', (f) => f.largestHistoryEvents, 0],
    ['Largest state payload (bytes)', (f) => f.largestPayloadBytes, 0],
    ['DynamoDB requests', (f) => f.dynamoRequests, 0],
    ['Last launch to noticed (virtual s)', (f) => f.noticeDelaySeconds, 0],
    ['Wall time of the simulation (s)', (f) => f.wallSeconds, 2],
  ];
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}, in one run. drs-waves and the seed guide's design (re-implemented as written in \`bench/seed/\`, LABELLED AS THE SEED'S DESIGN) run each scenario on the same local stack: the state machine on aws-local-stepfunctions, the DRS emulator on a virtual clock (seed 1), the history in dynalite for drs-waves. Every figure but wall time is a count, the same on every machine. Ratio = seed / drs-waves.`,
    '',
  ];
  for (const { scenario, ours, seed } of rows) {
    lines.push(
      `## ${scenario.name}`,
      '',
      `Outcome: drs-waves ${ours.status}, seed design ${seed.status}.`,
      '',
    );
    lines.push('| figure | drs-waves | seed design | ratio |', '| --- | ---: | ---: | ---: |');
    for (const [label, get, digits] of metrics) {
      lines.push(
        `| ${label} | ${fmt(get(ours), digits)} | ${fmt(get(seed), digits)} | ${ratio(get(seed), get(ours))} |`,
      );
    }
    const ops = Object.keys(ours.drsCalls).filter(
      (op) => (ours.drsCalls[op] ?? 0) + (seed.drsCalls[op] ?? 0) > 0,
    );
    for (const op of ops) {
      lines.push(
        `| DRS ${op} | ${fmt(ours.drsCalls[op] ?? 0)} | ${fmt(seed.drsCalls[op] ?? 0)} | ${ratio(seed.drsCalls[op] ?? 0, ours.drsCalls[op] ?? 0)} |`,
      );
    }
    const over =
      seed.largestHistoryEvents > 25_000
        ? ' The seed design crosses the 25,000-event history limit: on Step Functions this execution fails.'
        : '';
    lines.push(
      '',
      `History limit: drs-waves ${fmt(ours.largestHistoryEvents)} of 25,000 events in its largest execution.${over}`,
      '',
    );
  }
  lines.push(
    '## Router Lambda bundle',
    '',
    'esbuild, minified, ESM, AWS SDK external, of an entry importing the router, the DRS adapter and the DynamoDB stores.',
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| bundle size | ${fmt(bundle.bytes)} bytes (${fmt(bundle.bytes / 1024, 1)} KiB) |`,
    `| cold import, median of ${bundle.coldImportMs.length} fresh processes | ${fmt(median(bundle.coldImportMs), 1)} ms |`,
    '',
    '## aggregateWaveStatus micro-benchmark',
    '',
    '`vitest bench` (bench/aggregateWaveStatus.bench.ts): 3,000 requested servers in 30 jobs, 100,000 log items.',
    '',
    '| case | median (ms) | p75 (ms) | p99 (ms) | ops/s | samples |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...benches.map(
      (b) =>
        `| ${b.name} | ${fmt(b.medianMs, 2)} | ${fmt(b.p75Ms, 2)} | ${fmt(b.p99Ms, 2)} | ${fmt(b.opsPerSecond, 1)} | ${b.samples} |`,
    ),
    '',
    '![drs-waves against the seed design](results.svg)',
    '',
  );
  writeFileSync(join(root, 'bench', 'RESULTS.md'), `${lines.join('\n')}`);
  writeFileSync(
    join(root, 'bench', 'results.svg'),
    renderChart(rows.map((r) => ({ name: r.scenario.name, ours: r.ours, seed: r.seed }))),
  );
  console.log('bench: wrote bench/RESULTS.md and bench/results.svg');
}

await main();
