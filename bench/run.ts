/**
 * `npm run bench`: runs each scenario on the local stack with drs-waves, in both of its modes
 * (polling, and event-driven completion), and with the seed guide's design (bench/seed), in the
 * same run, and writes bench/RESULTS.md and bench/results.svg. Also measures the largest state
 * payload of plans of 300 and 1,000 waves, the wall time of `drs-waves simulate` on
 * examples/plans/large.json, the router's Lambda bundle and its cold import time, and runs the
 * aggregateWaveStatus micro-benchmark (vitest bench).
 *
 * Figures are counts on a virtual clock (deterministic for the seed) except the wall times,
 * which depend on the machine: quote medians, not single runs.
 *
 * Instrumentation (bench only, no change to what runs): `DrsClient.prototype.send` and
 * `DynamoDBDocumentClient.prototype.send` are wrapped to attribute each DRS and DynamoDB request
 * to the router action (or seed action) that made it, through AsyncLocalStorage, and every
 * DynamoDB request asks for `ReturnConsumedCapacity: 'TOTAL'`, so that dynalite returns the
 * capacity units it consumed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DrsClient, type Job } from '@aws-sdk/client-drs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseRecoveryPlan, planStages, type RecoveryPlan, STEP_FUNCTIONS_LIMITS } from 'drs-waves';
import {
  DrsEmulator,
  type DrsEmulatorQuotas,
  fakeSourceServerId,
  LocalStateMachine,
  simulateDrill,
} from 'drs-waves/testing';
import { build } from 'esbuild';
import { renderChart } from './chart.ts';
import {
  createSeedHandler,
  SEED_STATE_MACHINE,
  type SeedCounters,
  type SeedWave,
} from './seed/seedDesign.ts';

const root = join(import.meta.dirname, '..');
const DRS_OPERATIONS = [
  'StartRecovery',
  'DescribeJobs',
  'DescribeJobLogItems',
  'DescribeSourceServers',
  'DescribeRecoveryInstances',
  'TerminateRecoveryInstances',
] as const;
/** What a status check is called, in drs-waves and in the seed. */
const CHECK = 'check_wave_status';
/** simulateDrill's name for a router invocation without an action: a DRS launch-result event. */
const EVENT = 'launch_result';
/** Where requests made outside any router call are counted. */
const OUTSIDE = 'outside the router';

// ---------------------------------------------------------------------------------------------
// Instrumentation: DRS and DynamoDB requests by action, and DynamoDB capacity units.

interface Usage {
  drs: Record<string, number>;
  dynamoRequests: number;
  rcu: number;
  wcu: number;
}

class Meter {
  readonly byAction = new Map<string, Usage>();
  /** DRS errors, `Operation: Name: message` with how many times each. */
  readonly drsErrors = new Map<string, number>();
  usage(action: string): Usage {
    let u = this.byAction.get(action);
    if (u === undefined) {
      u = { drs: {}, dynamoRequests: 0, rcu: 0, wcu: 0 };
      this.byAction.set(action, u);
    }
    return u;
  }
  total(): Usage {
    const t: Usage = { drs: {}, dynamoRequests: 0, rcu: 0, wcu: 0 };
    for (const u of this.byAction.values()) {
      for (const [op, n] of Object.entries(u.drs)) t.drs[op] = (t.drs[op] ?? 0) + n;
      t.dynamoRequests += u.dynamoRequests;
      t.rcu += u.rcu;
      t.wcu += u.wcu;
    }
    return t;
  }
}

/** The router action running, and the meter of the run it belongs to. */
const currentAction = new AsyncLocalStorage<{ action: string; meter: Meter }>();
/** The meter of the run in progress, for requests made outside any router call. */
let meter = new Meter();
const usageNow = () => {
  const ctx = currentAction.getStore();
  const m = ctx?.meter ?? meter;
  return { m, usage: m.usage(ctx?.action ?? OUTSIDE) };
};

const opName = (command: unknown) =>
  String((command as { constructor: { name: string } }).constructor.name)
    .replace(/^_/, '')
    .replace(/Command$/, '');

type Send = (this: unknown, command: unknown, ...rest: unknown[]) => Promise<unknown>;

function instrument(): void {
  const drsProto = DrsClient.prototype as unknown as { send: Send };
  const drsSend = drsProto.send;
  drsProto.send = function (command, ...rest) {
    const op = opName(command);
    const { m, usage } = usageNow();
    usage.drs[op] = (usage.drs[op] ?? 0) + 1;
    return drsSend.call(this, command, ...rest).catch((error: unknown) => {
      const e = error as { name?: string; message?: string };
      const key = `${op}: ${e.name ?? 'Error'}: ${e.message ?? ''}`;
      m.drsErrors.set(key, (m.drsErrors.get(key) ?? 0) + 1);
      throw error;
    });
  };
  const docProto = DynamoDBDocumentClient.prototype as unknown as { send: Send };
  const docSend = docProto.send;
  docProto.send = function (command, ...rest) {
    const { usage } = usageNow();
    usage.dynamoRequests += 1;
    const kind = /^(Get|Query|Scan|BatchGet)$/.test(opName(command)) ? 'rcu' : 'wcu';
    // Ask dynalite for the capacity the request consumes (no effect on what it does).
    const c = command as { input: Record<string, unknown> };
    c.input = { ...c.input, ReturnConsumedCapacity: 'TOTAL' };
    return docSend.call(this, command, ...rest).then((output) => {
      const consumed = (output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const x of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        usage[kind] += Number((x as { CapacityUnits?: number }).CapacityUnits ?? 0);
      }
      return output;
    });
  };
}

/**
 * Runs `handler` with the action of its event as the current action, counted in `m`; `seen` is
 * told when each call starts and ends.
 */
const inAction =
  (m: Meter, seen?: (what: string) => void) =>
  (handler: (event: unknown) => Promise<unknown>) =>
  async (event: unknown): Promise<unknown> => {
    const e = event as { action?: string; waveId?: string } | null;
    const action = e?.action ?? EVENT;
    const what = `${action}${e?.waveId ? ` of wave ${e.waveId}` : ''}`;
    seen?.(what);
    try {
      return await currentAction.run({ action, meter: m }, () => handler(event));
    } finally {
      seen?.(what);
    }
  };

/** A drs-waves run that makes no router call for this long (wall time) is given up as hung. */
const IDLE_LIMIT_SECONDS = 90;

// ---------------------------------------------------------------------------------------------
// Scenarios.

type Mode = 'polling' | 'events';

export interface Figures {
  /** False when the run was given up as hung: then only `status` means anything. */
  readonly finished: boolean;
  readonly status: string;
  /** Servers whose recovery instance launched, over every job DRS ran. */
  readonly serversLaunched: number;
  readonly serversInPlan: number;
  /** Status checks: `check_wave_status` router calls; the seed's polls. */
  readonly polls: number;
  /** DRS requests by operation, over the drill. */
  readonly drsCalls: Readonly<Record<string, number>>;
  /** DRS requests the status checks made, per check. */
  readonly drsCallsPerPoll: number;
  /** DRS errors by `Operation: Name: message`. */
  readonly drsErrors: Readonly<Record<string, number>>;
  /** Router invocations by the state machine (Task states), retries included. */
  readonly lambdaInvocations: number;
  /** Router invocations by DRS launch-result events (EventBridge), in event-driven mode. */
  readonly eventInvocations: number;
  readonly stateTransitions: number;
  readonly largestHistoryEvents: number;
  readonly largestPayloadBytes: number;
  /** The execution's output, in bytes of JSON (0 when it failed). */
  readonly outputBytes: number;
  readonly dynamoRequests: number;
  readonly dynamoRequestsPerPoll: number;
  readonly wcu: number;
  readonly wcuPerPoll: number;
  readonly rcu: number;
  readonly rcuPerPoll: number;
  /** Last launch to noticed, virtual seconds; undefined when no wave saw a server finish. */
  readonly noticeDelaySeconds: number | undefined;
  readonly wallSeconds: number;
  /** drs-waves only: DynamoDB reads simulateDrill made after the drill to build its report (not counted above). */
  readonly reportReads?: { readonly requests: number; readonly rcu: number };
  /** The seed only: starts that answered FAILED (no job). */
  readonly failedStarts?: number;
  /** The seed only: checks of a wave without a job that answered COMPLETED. */
  readonly completedWithoutJob?: number;
}

export interface Scenario {
  readonly name: string;
  readonly plan: RecoveryPlan;
  readonly slowLaunch?: Readonly<Record<string, number>>;
  readonly quotas?: Partial<DrsEmulatorQuotas>;
}

const ids = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => fakeSourceServerId(from + i));
const twelveHours = 12 * 3600;
const largePlanPath = join(root, 'examples', 'plans', 'large.json');
/** Above DRS's defaults, so that one wave of 3,000 servers (30 jobs of 100) can run at once. */
const QUOTAS_3000: Partial<DrsEmulatorQuotas> = {
  maxConcurrentJobs: 30,
  maxServersInActiveJobs: 3000,
};

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
    name: '30 waves x 100 servers (examples/plans/large.json)',
    plan: parseRecoveryPlan(JSON.parse(readFileSync(largePlanPath, 'utf8'))),
  },
  {
    name: '1 wave of 3,000 servers',
    plan: parseRecoveryPlan({ id: 'wide', waves: [{ id: 'w1', servers: ids(1, 3000) }] }),
    quotas: QUOTAS_3000,
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

/** Waves of one server, in tiers of 3 parallel waves, each depending on every wave of the tier before. */
const PAYLOAD_TIER = 3;
function tieredPlan(waveCount: number): RecoveryPlan {
  return parseRecoveryPlan({
    id: `tiers-${waveCount}`,
    waves: Array.from({ length: waveCount }, (_, i) => {
      const tier = Math.floor(i / PAYLOAD_TIER);
      const before = Array.from({ length: PAYLOAD_TIER }, (_, k) => (tier - 1) * PAYLOAD_TIER + k);
      return {
        id: `w${i + 1}`,
        servers: [fakeSourceServerId(i + 1)],
        dependsOn: tier === 0 ? [] : before.filter((k) => k < waveCount).map((k) => `w${k + 1}`),
      };
    }),
  });
}
const PAYLOAD_WAVE_COUNTS = [300, 1000];

const sum = (record: Readonly<Record<string, number>> | undefined) =>
  Object.values(record ?? {}).reduce((a, b) => a + b, 0);
const perPoll = (n: number, polls: number) => (polls === 0 ? 0 : n / polls);
const launchedServers = (jobs: readonly Job[]) =>
  new Set(
    jobs.flatMap((j) =>
      (j.participatingServers ?? [])
        .filter((p) => p.launchStatus === 'LAUNCHED')
        .map((p) => p.sourceServerID),
    ),
  ).size;
const serverCount = (plan: RecoveryPlan) =>
  new Set(plan.waves.flatMap((w) => w.servers.map((s) => s.sourceServerId))).size;
const jsonBytes = (value: unknown) =>
  value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));

/** Runs given up as hung; their simulations stay pending, so the bench exits explicitly. */
let abandoned = 0;

/** The figures of a run given up as hung: none. */
const unfinished = (s: Scenario, status: string): Figures => ({
  finished: false,
  status,
  serversLaunched: Number.NaN,
  serversInPlan: serverCount(s.plan),
  polls: Number.NaN,
  drsCalls: {},
  drsCallsPerPoll: Number.NaN,
  drsErrors: {},
  lambdaInvocations: Number.NaN,
  eventInvocations: Number.NaN,
  stateTransitions: Number.NaN,
  largestHistoryEvents: Number.NaN,
  largestPayloadBytes: Number.NaN,
  outputBytes: Number.NaN,
  dynamoRequests: Number.NaN,
  dynamoRequestsPerPoll: Number.NaN,
  wcu: Number.NaN,
  wcuPerPoll: Number.NaN,
  rcu: Number.NaN,
  rcuPerPoll: Number.NaN,
  noticeDelaySeconds: undefined,
  wallSeconds: Number.NaN,
});

async function runDrsWaves(s: Scenario, mode: Mode): Promise<Figures> {
  const m = new Meter();
  meter = m;
  const wall = performance.now();
  let lastSeen = performance.now();
  let calls = 0;
  let last = '';
  // Approvals in the plan are answered at once: the benchmark measures the machinery.
  const drill = simulateDrill({
    plan: s.plan,
    storage: 'dynalite',
    machine: mode === 'events' ? { completion: 'events' } : { pollIntervalSeconds: 30 },
    ...(s.quotas ? { emulator: { quotas: s.quotas } } : {}),
    ...(s.slowLaunch ? { faults: { slowLaunch: s.slowLaunch } } : {}),
    wrapRouter: inAction(m, (what) => {
      if (what !== last) calls += 1;
      last = what;
      lastSeen = performance.now();
    }),
  });
  let watchdog: NodeJS.Timeout | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    watchdog = setInterval(() => {
      if (performance.now() - lastSeen > IDLE_LIMIT_SECONDS * 1000) resolve('idle');
    }, 1000);
  });
  const outcome = await Promise.race([drill, idle]).finally(() => clearInterval(watchdog));
  if (outcome === 'idle') {
    const seconds = Math.round((performance.now() - wall) / 1000);
    abandoned += 1;
    return unfinished(
      s,
      `DID NOT FINISH: the local run made no router call for ${IDLE_LIMIT_SECONDS} s of wall time (after about ${fmt(calls)} router calls, the last one ${last}); given up after ${fmt(seconds)} s`,
    );
  }
  const { report, result, jobs } = outcome;
  const polls = report.stats.routerCalls?.[CHECK] ?? 0;
  const checks = m.usage(CHECK);
  const total = m.total();
  /** Requests made outside any router call: simulateDrill reading the history for its report. */
  const outside = m.usage(OUTSIDE);
  if (sum(outside.drs) > 0)
    throw new Error(
      `bench: ${s.name} (${mode}): DRS calls outside the router: ${JSON.stringify(outside.drs)}`,
    );
  // The instrumentation must agree with simulateDrill's own counts.
  for (const op of DRS_OPERATIONS) {
    if ((total.drs[op] ?? 0) !== (report.stats.drsCalls[op] ?? 0))
      throw new Error(
        `bench: ${s.name} (${mode}): ${op} counted ${total.drs[op] ?? 0} by the bench, ${report.stats.drsCalls[op] ?? 0} by the emulator`,
      );
  }
  const capacity = report.stats.dynamoCapacityUnits;
  if (capacity && (capacity.read !== total.rcu || capacity.write !== total.wcu))
    throw new Error(
      `bench: ${s.name} (${mode}): capacity ${total.rcu} RCU / ${total.wcu} WCU counted by the bench, ${capacity.read} / ${capacity.write} by simulateDrill`,
    );
  if (total.dynamoRequests !== sum(report.stats.dynamoRequests))
    throw new Error(
      `bench: ${s.name} (${mode}): ${total.dynamoRequests} DynamoDB requests counted by the bench, ${sum(report.stats.dynamoRequests)} by simulateDrill`,
    );
  return {
    status: report.status + (report.cause ? ` (${report.cause})` : ''),
    serversLaunched: launchedServers(jobs),
    serversInPlan: serverCount(s.plan),
    polls,
    drsCalls: report.stats.drsCalls,
    drsCallsPerPoll: perPoll(sum(checks.drs), polls),
    finished: true,
    drsErrors: Object.fromEntries(m.drsErrors),
    lambdaInvocations: result.stats.lambdaInvocations,
    eventInvocations: report.stats.routerCalls?.[EVENT] ?? 0,
    stateTransitions: result.stats.stateTransitions,
    largestHistoryEvents: result.stats.largestHistoryEvents,
    largestPayloadBytes: result.stats.largestPayloadBytes,
    outputBytes: jsonBytes(result.output),
    // The router's requests: simulateDrill's own reads to build its report are left out.
    dynamoRequests: total.dynamoRequests - outside.dynamoRequests,
    dynamoRequestsPerPoll: perPoll(checks.dynamoRequests, polls),
    wcu: total.wcu - outside.wcu,
    wcuPerPoll: perPoll(checks.wcu, polls),
    rcu: total.rcu - outside.rcu,
    rcuPerPoll: perPoll(checks.rcu, polls),
    noticeDelaySeconds: report.stats.maxNoticeDelaySeconds,
    wallSeconds: report.simulation.wallSeconds,
    reportReads: { requests: outside.dynamoRequests, rcu: outside.rcu },
  };
}

async function runSeed(s: Scenario): Promise<Figures> {
  const m = new Meter();
  meter = m;
  const wall = performance.now();
  const emulator = await DrsEmulator.start({
    seed: 1,
    ...(s.quotas ? { quotas: s.quotas } : {}),
    ...(s.slowLaunch ? { faults: { slowLaunch: s.slowLaunch } } : {}),
  });
  const client = new DrsClient({ ...emulator.clientConfig(), maxAttempts: 5 });
  // The seed's start creates the WaveStatus map: one update before any wave.
  const counters: SeedCounters = { dynamoUpdates: 1, dynamoUpdatesInPolls: 0, polls: 0 };
  const seedHandler = createSeedHandler(client, counters, () => emulator.now());
  // What the seed answered (observed, not changed).
  let failedStarts = 0;
  let completedWithoutJob = 0;
  const observed = async (raw: unknown) => {
    const event = raw as { action?: string; job_id?: string | null };
    const answer = (await seedHandler(raw)) as { status?: string };
    if (event.action === 'start_wave' && answer.status === 'FAILED') failedStarts += 1;
    if (event.action === CHECK && !event.job_id && answer.status === 'COMPLETED')
      completedWithoutJob += 1;
    return answer;
  };
  try {
    const machine = new LocalStateMachine({
      definition: SEED_STATE_MACHINE as never,
      handler: inAction(m)(observed),
      advanceClock: (ms) => emulator.advance(ms),
    });
    // The seed's input as the seed defines it: each wave's servers as source server IDs.
    const waves: SeedWave[] = s.plan.waves.map((w) => ({
      id: w.id,
      servers: w.servers.map((server) => server.sourceServerId),
    }));
    const input = { execution_id: `seed-${s.plan.id}`, execution_type: 'drill', waves };
    const result = await machine.start(input).result;
    const drsCalls = Object.fromEntries(
      DRS_OPERATIONS.map((op) => [op, emulator.requestCount(op)]),
    );
    const checks = m.usage(CHECK);
    return {
      finished: true,
      status: result.status + (result.cause ? ` (${result.cause})` : ''),
      serversLaunched: launchedServers(emulator.jobs()),
      serversInPlan: serverCount(s.plan),
      polls: counters.polls,
      drsCalls,
      drsCallsPerPoll: perPoll(sum(checks.drs), counters.polls),
      drsErrors: Object.fromEntries(m.drsErrors),
      lambdaInvocations: result.stats.lambdaInvocations,
      eventInvocations: 0,
      stateTransitions: result.stats.stateTransitions,
      // One execution: the inline Map's iterations are part of the parent's history.
      largestHistoryEvents: result.stats.parentHistoryEvents + sum(result.stats.waveHistoryEvents),
      largestPayloadBytes: result.stats.largestPayloadBytes,
      outputBytes: jsonBytes(result.output),
      dynamoRequests: counters.dynamoUpdates,
      dynamoRequestsPerPoll: perPoll(counters.dynamoUpdatesInPolls, counters.polls),
      // One small item (one status string per wave, far under 1 KB): 1 WCU per update.
      wcu: counters.dynamoUpdates,
      wcuPerPoll: perPoll(counters.dynamoUpdatesInPolls, counters.polls),
      rcu: 0,
      rcuPerPoll: 0,
      noticeDelaySeconds: counters.maxNoticeDelaySeconds,
      wallSeconds: Math.round((performance.now() - wall) / 10) / 100,
      failedStarts,
      completedWithoutJob,
    };
  } finally {
    client.destroy();
    await emulator.close();
  }
}

// ---------------------------------------------------------------------------------------------
// `drs-waves simulate`, the router bundle.

interface SimulateTiming {
  readonly command: string;
  /** What the CLI said of its history and completion mode (its defaults: no flag given). */
  readonly storage: string;
  readonly completion: string;
  readonly seconds: number[];
  /** The simulation's own wall time, as the CLI reports it, per run. */
  readonly simulationSeconds: number[];
  readonly status: string;
}

/** `drs-waves simulate examples/plans/large.json` with the CLI's defaults, three times. */
function timeSimulate(): SimulateTiming {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const cli = join(root, pkg.bin['drs-waves'] ?? '');
  const out = mkdtempSync(join(tmpdir(), 'drs-waves-bench-simulate-'));
  const args = [cli, 'simulate', largePlanPath, '--out', out];
  try {
    const seconds: number[] = [];
    const simulationSeconds: number[] = [];
    let stdout = '';
    for (let i = 0; i < 3; i += 1) {
      const t = performance.now();
      stdout = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
      seconds.push((performance.now() - t) / 1000);
      simulationSeconds.push(Number(/\(([\d.]+) s real\)/.exec(stdout)?.[1] ?? Number.NaN));
    }
    // The CLI says where its history lives, and whether launch events resume waves.
    return {
      command: `node ${relative(root, cli)} simulate ${relative(root, largePlanPath)} --out <tmpdir>`,
      storage: /history (in memory|on dynalite)/.exec(stdout)?.[1] ?? 'unknown',
      completion: /resumed by launch events/.test(stdout)
        ? 'event-driven completion'
        : 'polling every 30 s (its --poll-interval default)',
      seconds,
      simulationSeconds,
      status: /Drill (SUCCEEDED|FAILED)/.exec(stdout)?.[1] ?? 'unknown',
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
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

// ---------------------------------------------------------------------------------------------
// Tables.

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const fmt = (n: number, digits = 0) =>
  Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const usd = (n: number, digits: number) => `$${fmt(n, digits)}`;
const price = STEP_FUNCTIONS_LIMITS.usdPerTransition;

interface Metric {
  readonly label: string;
  readonly get: (f: Figures) => number | undefined;
  readonly show: (n: number) => string;
  /** Which way is better: the worse-than-seed note and the ratio marks use it. */
  readonly better: 'lower' | 'higher';
}

const count =
  (digits = 0) =>
  (n: number) =>
    fmt(n, digits);
/** A metric where lower is better, shown as a count unless told. */
const lower = (label: string, get: Metric['get'], show: Metric['show'] = count()): Metric => ({
  label,
  get,
  show,
  better: 'lower',
});
const metrics: Metric[] = [
  { label: 'Servers launched', get: (f) => f.serversLaunched, show: count(), better: 'higher' },
  lower('Status checks (polls)', (f) => f.polls),
  lower('Router Lambda invocations by the state machine', (f) => f.lambdaInvocations),
  lower('Router Lambda invocations by DRS events (EventBridge)', (f) => f.eventInvocations),
  lower('State transitions per drill', (f) => f.stateTransitions),
  lower(
    'State transitions per poll (drill ÷ polls)',
    (f) => (f.polls === 0 ? undefined : f.stateTransitions / f.polls),
    count(2),
  ),
  lower(
    'Step Functions cost per drill',
    (f) => f.stateTransitions * price,
    (n) => usd(n, 4),
  ),
  lower(
    'Step Functions cost per poll (drill ÷ polls)',
    (f) => (f.polls === 0 ? undefined : (f.stateTransitions * price) / f.polls),
    (n) => usd(n, 6),
  ),
  lower('DRS calls per drill', (f) => sum(f.drsCalls)),
  lower('DRS calls per poll (made by the check)', (f) => f.drsCallsPerPoll, count(2)),
  ...DRS_OPERATIONS.map((op) =>
    lower(
      `DRS ${op}${op === 'DescribeJobLogItems' ? ' (pages)' : ''} per drill`,
      (f) => f.drsCalls[op] ?? 0,
    ),
  ),
  lower('DynamoDB requests per drill', (f) => f.dynamoRequests),
  lower('DynamoDB requests per poll (made by the check)', (f) => f.dynamoRequestsPerPoll, count(2)),
  lower('DynamoDB WCU per drill', (f) => f.wcu),
  lower('DynamoDB WCU per poll (made by the check)', (f) => f.wcuPerPoll, count(2)),
  lower('DynamoDB RCU per drill', (f) => f.rcu, count(1)),
  lower('DynamoDB RCU per poll (made by the check)', (f) => f.rcuPerPoll, count(2)),
  lower('Largest state payload (bytes)', (f) => f.largestPayloadBytes),
  lower('Execution output (bytes)', (f) => f.outputBytes),
  lower('Largest history of one execution (events)', (f) => f.largestHistoryEvents),
  lower('Last launch to noticed (virtual s)', (f) => f.noticeDelaySeconds),
  lower('Wall time of the simulation (s)', (f) => f.wallSeconds, count(2)),
];

/** Whether drs-waves's value is worse than the seed's. */
const worse = (m: Metric, ours: number | undefined, seed: number | undefined) =>
  ours !== undefined &&
  seed !== undefined &&
  (m.better === 'lower' ? ours > seed : ours < seed) &&
  m.show(ours) !== m.show(seed);

const ratioCell = (m: Metric, seed: number | undefined, ours: number | undefined) => {
  if (seed === undefined || ours === undefined) return 'n/a';
  const x = seed / ours;
  const r =
    ours === 0
      ? seed === 0
        ? '1x'
        : '∞'
      : x === 0
        ? '0x'
        : x < 0.1
          ? `${Number(x.toPrecision(2))}x`
          : `${fmt(x, 1)}x`;
  return worse(m, ours, seed) ? `**${r} (worse)**` : r;
};
/** A figure of a run; undefined when the run did not finish. */
const value = (m: Metric, f: Figures) => (f.finished ? m.get(f) : undefined);
const cell = (m: Metric, f: Figures) => {
  if (!f.finished) return 'did not finish';
  const v = m.get(f);
  return v === undefined ? 'n/a' : m.show(v);
};

interface Row {
  readonly scenario: Scenario;
  readonly polling: Figures;
  readonly events: Figures;
  readonly seed: Figures;
}

function scenarioSection({ scenario, polling, events, seed }: Row): string[] {
  const lines = [`## ${scenario.name}`, ''];
  const planned = planStages(scenario.plan);
  const stages = planned.length;
  const widest = Math.max(...planned.map((stage) => stage.length));
  lines.push(
    `${fmt(scenario.plan.waves.length)} wave${scenario.plan.waves.length === 1 ? '' : 's'} in ${fmt(stages)} stage${stages === 1 ? '' : 's'}${widest > 1 ? ` (drs-waves runs up to ${fmt(widest)} waves of a stage at once; the seed, one wave at a time)` : ''}, ${fmt(serverCount(scenario.plan))} servers.${
      scenario.quotas
        ? ` DRS quotas raised for this scenario, for all three: ${Object.entries(scenario.quotas)
            .map(([k, v]) => `${k} ${fmt(v)}`)
            .join(', ')}.`
        : ''
    }`,
    '',
    `Outcome: drs-waves polling ${polling.status}, drs-waves event-driven ${events.status}, seed design ${seed.status}.`,
    '',
  );
  for (const [who, f] of [
    ['drs-waves polling', polling],
    ['drs-waves event-driven', events],
    ['the seed design', seed],
  ] as const) {
    const errors = Object.entries(f.drsErrors);
    if (errors.length === 0) continue;
    lines.push(
      `DRS refused requests of ${who}: ${errors.map(([e, n]) => `${n} x \`${e}\``).join('; ')}.`,
      '',
    );
  }
  if (seed.failedStarts || seed.completedWithoutJob) {
    lines.push(
      `The seed design's \`start_wave\` answered FAILED (no job) ${fmt(seed.failedStarts ?? 0)} time(s), which its state machine does not check; its status check then answered COMPLETED for a wave without a job ${fmt(seed.completedWithoutJob ?? 0)} time(s) (the seed's bug #5: a failed start counts as a completed wave), so its execution ended ${seed.status} with ${fmt(seed.serversLaunched)} of ${fmt(seed.serversInPlan)} servers launched.`,
      '',
    );
  }
  lines.push(
    '| figure | drs-waves polling | drs-waves event-driven | seed design | seed ÷ polling | seed ÷ event-driven |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const m of metrics) {
    lines.push(
      `| ${m.label} | ${cell(m, polling)} | ${cell(m, events)} | ${cell(m, seed)} | ${ratioCell(m, value(m, seed), value(m, polling))} | ${ratioCell(m, value(m, seed), value(m, events))} |`,
    );
  }
  lines.push('');
  const launched = (f: Figures) => (f.finished ? fmt(f.serversLaunched) : 'did not finish');
  if (seed.serversLaunched < seed.serversInPlan) {
    lines.push(
      `The seed design launched ${fmt(seed.serversLaunched)} of ${fmt(seed.serversInPlan)} servers, drs-waves polling ${launched(polling)} and event-driven ${launched(events)}: the seed's other figures are those of a drill that did not do the work, so its lower costs below are not like for like.`,
      '',
    );
  }
  for (const [who, f] of [
    ['drs-waves polling', polling],
    ['drs-waves event-driven', events],
  ] as const) {
    const list = metrics
      .filter((m) => worse(m, value(m, f), value(m, seed)))
      .map((m) => `${m.label} (${cell(m, f)} against ${cell(m, seed)})`);
    lines.push(
      !f.finished
        ? `Worse than the seed design: ${who} did not finish, no figures to compare.`
        : list.length === 0
          ? `Worse than the seed design: ${who}, none of these figures.`
          : `Worse than the seed design: ${who}, ${list.join('; ')}.`,
      '',
    );
  }
  const limit = STEP_FUNCTIONS_LIMITS.historyEvents;
  const over = [
    ['drs-waves polling', polling],
    ['drs-waves event-driven', events],
    ['the seed design', seed],
  ].filter(([, f]) => (f as Figures).finished && (f as Figures).largestHistoryEvents > limit);
  lines.push(
    `History limit (${fmt(limit)} events per execution): ${
      over.length === 0
        ? 'every run stays under it.'
        : `${over.map(([who]) => who).join(' and ')} cross${over.length === 1 ? 'es' : ''} it: on Step Functions that execution fails.`
    }`,
    '',
    `Not counted in the DynamoDB rows: the reads simulateDrill makes after the drill to build its report (${[
      ['polling', polling],
      ['event-driven', events],
    ]
      .filter(([, f]) => (f as Figures).reportReads)
      .map(
        ([who, f]) =>
          `${who} ${fmt((f as Figures).reportReads?.requests ?? 0)} requests, ${fmt((f as Figures).reportReads?.rcu ?? 0, 1)} RCU`,
      )
      .join('; ')}).`,
    '',
  );
  return lines;
}

interface PayloadRow {
  readonly waves: number;
  readonly ours: Figures;
  readonly seed: Figures;
}

// ---------------------------------------------------------------------------------------------

const took = (f: Figures) => (f.finished ? `${f.wallSeconds} s` : f.status);

async function main() {
  const benchStart = performance.now();
  instrument();
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    process.stdout.write(`bench: ${scenario.name}: drs-waves polling... `);
    const polling = await runDrsWaves(scenario, 'polling');
    process.stdout.write(`${took(polling)}; event-driven... `);
    const events = await runDrsWaves(scenario, 'events');
    process.stdout.write(`${took(events)}; seed design... `);
    const seed = await runSeed(scenario);
    console.log(`${seed.wallSeconds} s`);
    rows.push({ scenario, polling, events, seed });
  }
  const payloads: PayloadRow[] = [];
  for (const waves of PAYLOAD_WAVE_COUNTS) {
    const scenario: Scenario = { name: `${waves} waves x 1 server`, plan: tieredPlan(waves) };
    process.stdout.write(`bench: ${scenario.name}: drs-waves event-driven... `);
    const ours = await runDrsWaves(scenario, 'events');
    process.stdout.write(`${took(ours)}; seed design... `);
    const seed = await runSeed(scenario);
    console.log(`${seed.wallSeconds} s`);
    payloads.push({ waves, ours, seed });
  }
  process.stdout.write('bench: drs-waves simulate examples/plans/large.json, 3 runs... ');
  const simulate = timeSimulate();
  console.log(simulate.seconds.map((s) => fmt(s, 2)).join(' s, '), 's');
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
  const benchSeconds = (performance.now() - benchStart) / 1000;

  const payloadLimit = STEP_FUNCTIONS_LIMITS.payloadBytes;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}, in one run of ${fmt(benchSeconds / 60, 1)} minutes (after the build). Three designs run each scenario on the same local stack: the state machine on aws-local-stepfunctions, the DRS emulator on a virtual clock (seed 1, launches of about 9 minutes):`,
    '',
    '- **drs-waves polling**: `simulateDrill` with `machine: { pollIntervalSeconds: 30 }` (the default mode), history in dynalite (DynamoDbExecutionHistoryStore);',
    "- **drs-waves event-driven**: `simulateDrill` with `machine: { completion: 'events' }` (a safety-net check every 300 s, the default), history in dynalite (DynamoDbExecutionHistoryStore); the emulator sends DRS's launch-result events, each to one router invocation, as the EventBridge rule would;",
    "- **seed design**: the seed guide's design, re-implemented as written in `bench/seed/` (LABELLED AS THE SEED'S DESIGN; its header lists the two deviations without which it cannot run), polling every 30 s. Its input is as the seed defines it: each wave's servers as plain source server IDs. It has no DynamoDB table here: its one UpdateItem per start and per poll, on one small item (one status string per wave, far under 1 KB), is counted, at 1 WCU each; it reads nothing.",
    '',
    `Every figure but wall time is a count, the same on every machine. Ratio = seed ÷ drs-waves: above 1x drs-waves uses less (for servers launched, below 1x drs-waves launched more); a ratio **in bold, marked (worse)**, is a figure where drs-waves is worse than the seed, and each scenario lists them after its table. "Per poll" figures: a poll is a status check (\`check_wave_status\` router calls; the seed's polls). The rows "made by the check" count only the requests the status checks made themselves (attributed per router action); the rows "(drill ÷ polls)" divide the drill's total by its polls: in event-driven mode the polls are only the safety-net checks, so those rows spread the whole drill over few polls. Step Functions cost: state transitions x $${STEP_FUNCTIONS_LIMITS.usdPerTransition * 1000} per 1,000 (\`STEP_FUNCTIONS_LIMITS.usdPerTransition\`), Standard workflows; Lambda, DRS and DynamoDB charges not included. DynamoDB capacity units are dynalite's, from item sizes as DynamoDB computes them (reads strongly consistent; an update costs the larger of the item before and after). "Last launch to noticed": the longest time from a wave's last server reaching its final state to the state machine knowing the wave is done; when drs-waves runs several waves of a stage at once, the local runner moves one virtual clock for all of them, so a wave's next state can run only once the clock has reached where the other waves moved it, and the figure includes that wait (the seed runs one wave at a time). "Servers launched" counts the source servers whose recovery instance DRS launched, over every job it ran.`,
    '',
  ];
  for (const row of rows) lines.push(...scenarioSection(row));

  lines.push(
    '## Largest state payload at 300 and 1,000 waves',
    '',
    `Plans of 1 server per wave, in tiers of ${PAYLOAD_TIER} parallel waves, each wave depending on every wave of the tier before (the shape of examples/plans/large.json, whose 10 tiers have 3 waves each). drs-waves runs event-driven (history in dynalite); the seed polls, one wave at a time. Step Functions refuses a state input or output over ${fmt(payloadLimit)} bytes (256 KiB) and an execution over ${fmt(STEP_FUNCTIONS_LIMITS.historyEvents)} history events; the local interpreter enforces neither, so the runs below finish and the table says where AWS would have failed them.`,
    '',
    '| waves | design | outcome | largest state input (bytes) | execution output (bytes) | largest history (events) | state transitions | wall time (s) |',
    '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  const flag = (n: number, limit: number) =>
    n > limit ? `**${fmt(n)} (over the limit)**` : fmt(n);
  for (const p of payloads) {
    for (const [who, f] of [
      ['drs-waves event-driven', p.ours],
      ['seed design', p.seed],
    ] as const) {
      lines.push(
        `| ${fmt(p.waves)} | ${who} | ${f.status} | ${flag(f.largestPayloadBytes, payloadLimit)} | ${flag(f.outputBytes, payloadLimit)} | ${flag(f.largestHistoryEvents, STEP_FUNCTIONS_LIMITS.historyEvents)} | ${fmt(f.stateTransitions)} | ${fmt(f.wallSeconds, 2)} |`,
      );
    }
  }
  lines.push(
    '',
    "The seed's largest state input is the inline Map's input (every wave); its execution output is the Map's result, one entry per wave holding every server's status and events.",
    '',
    '## `drs-waves simulate` wall time',
    '',
    `\`${simulate.command}\`, run as a child process with Node ${process.version} (the CLI \`npm run build\` built, \`bin\` of package.json), with the CLI's defaults, as its output says: history ${simulate.storage} (its \`--storage\` default), ${simulate.completion}, seed 1. Outcome: ${simulate.status}.`,
    '',
    '| figure | median of 3 runs | the 3 runs |',
    '| --- | ---: | ---: |',
    `| wall time of the process | ${fmt(median(simulate.seconds), 2)} s | ${simulate.seconds.map((s) => `${fmt(s, 2)} s`).join(', ')} |`,
    `| of which the simulation, as the CLI reports it | ${fmt(median(simulate.simulationSeconds), 2)} s | ${simulate.simulationSeconds.map((s) => `${fmt(s, 2)} s`).join(', ')} |`,
    '',
    'The process time includes starting Node, loading the CLI and writing the report (Markdown, HTML and JSON).',
    '',
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
    '![drs-waves polling and event-driven against the seed design](results.svg)',
    '',
  );
  writeFileSync(join(root, 'bench', 'RESULTS.md'), `${lines.join('\n')}`);
  writeFileSync(
    join(root, 'bench', 'results.svg'),
    renderChart(
      rows.map((r) => ({
        name: r.scenario.name.replace(/ \(.*\)$/, ''),
        polling: r.polling,
        events: r.events,
        seed: r.seed,
      })),
    ),
  );
  console.log(`bench: wrote bench/RESULTS.md and bench/results.svg in ${fmt(benchSeconds, 0)} s`);
  if (abandoned > 0) {
    // The hung simulations still hold their servers open.
    console.error(`bench: ${abandoned} drs-waves run(s) did not finish: see bench/RESULTS.md`);
    process.exit(1);
  }
}

await main();
