import type { Job } from '@aws-sdk/client-drs';
import {
  type ActionOnFailure,
  type ActionOutcome,
  type ActionPhase,
  type DrsPort,
  type DrsQuotas,
  type ExecutionHistoryStore,
  type ExecutionType,
  type ProtectionGroup,
  parseRecoveryPlan,
  type RecoveryPlan,
  type WaveAction,
} from '../../src/index';
import type { DrillReport } from '../../src/report/index';
import {
  type DrsFaults,
  fakeSourceServerId,
  type LambdaCall,
  type LambdaFault,
  type SimulateDrillOptions,
} from '../../src/testing/index';
import { RunHarness, type RunRecord } from './harness';
import { Prng } from './prng';
import { MutableGroupStore, MutablePlanStore } from './stores';

/** Every kind of fault the campaign injects, in the order the summary lists them. */
export const FAULT_KINDS = [
  'drs-throttling',
  'drs-internal-error',
  'job-listing-delay',
  'quota-wait',
  'foreign-job',
  'launch-failure-critical',
  'launch-failure-optional',
  'stuck-job',
  'drs-refusal',
  'lambda-fail-before',
  'lambda-fail-after',
  'duplicate-invocation',
  'conditional-write-race',
  'dynamodb-error-after-start-recovery',
  'death-after-record-layout',
  'death-mid-create-wave',
  'death-after-create-wave',
  'death-after-claim-chunk',
  'death-after-status-read',
  'death-after-start-recovery',
  'death-after-set-chunk-job',
  'death-after-update-unstarted-chunk',
  'death-at-any-io',
  'edit-group',
  'edit-plan',
  'approval-rejected',
  'action-failure-fail',
  'action-failure-continue',
  'cancel',
  'decision-retry',
  'decision-skip',
  'decision-abort',
  'decision-timeout',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Kinds a run may fail on: a critical server that cannot launch, a job that never ends, DRS
 * refusing a job, an operator's rejection or cancel, a wave action that fails (or times out)
 * under `onFailure: FAIL`. Every other kind is one the orchestrator is built to ride out (an
 * OPTIONAL server's launch failure never fails its wave; edits add or drop one server and keep
 * every wave within the quotas; an action that fails under `CONTINUE` is recorded, and its wave
 * goes on).
 */
const NOT_TRANSIENT: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'launch-failure-critical',
  'stuck-job',
  'drs-refusal',
  'approval-rejected',
  'action-failure-fail',
  'cancel',
]);

/**
 * Kinds after which the execution must still succeed (liveness): a run that drew none of the
 * others must end SUCCEEDED.
 */
export const TRANSIENT_KINDS: ReadonlySet<FaultKind> = new Set(
  FAULT_KINDS.filter((kind) => !NOT_TRANSIENT.has(kind)),
);

/** Where a death strikes: after which I/O call of the run (see `RunHarness`). */
export type DeathPoint =
  | 'record-layout'
  | 'mid-create-wave'
  | 'create-wave'
  | 'claim-chunk'
  | 'status-read'
  | 'start-recovery'
  | 'set-chunk-job'
  | 'update-unstarted-chunk'
  | 'any-io';

/** A death planned at the `occurrence`-th call of its point in the run. */
export interface PlannedDeath {
  readonly kind: FaultKind;
  readonly point: DeathPoint;
  readonly occurrence: number;
  /** For `mid-create-wave`: the share of the wave's chunks written before the death. */
  readonly partial?: number;
}

/**
 * A cancel recorded just before the `occurrence`-th call of its point in the run (for `any-io`,
 * the first call from the `occurrence`-th I/O call on, StartRecovery excepted).
 */
export interface PlannedCancel {
  readonly point: Exclude<DeathPoint, 'mid-create-wave' | 'start-recovery'>;
  readonly occurrence: number;
}

/** An edit of a protection group or of the plan, at an I/O call or at the first death. */
export interface PlannedEdit {
  readonly kind: 'edit-group' | 'edit-plan';
  readonly change: 'add' | 'drop';
  /** The group or wave edited. */
  readonly target: string;
  /** The wave whose servers change. */
  readonly wave: string;
  readonly serverId: string;
  readonly at: number | 'death';
}

/** A job of another tenant of the account, started at the n-th DRS call of the run. */
export interface PlannedForeign {
  readonly atDrsCall: number;
  readonly servers: readonly string[];
}

/**
 * A wave action the campaign put in the plan, and how the harness makes it end: a Lambda hook
 * that answers, throws or outlasts the action's timeout; a runbook that succeeds, fails or never
 * ends; an approval approved, rejected or left to time out; a wait (it always succeeds).
 */
export interface PlannedAction {
  readonly waveId: string;
  readonly phase: ActionPhase;
  readonly index: number;
  /** The action as the plan lists it. */
  readonly action: WaveAction;
  /** What its failure does (a wait's is `FAIL`, as the report says). */
  readonly onFailure: ActionOnFailure;
  /** How it must end when the run reaches it. */
  readonly outcome: ActionOutcome;
  /** Virtual seconds a Lambda hook or a runbook runs (a runbook that never ends: none). */
  readonly durationSeconds?: number;
}

/** The Lambda function of a campaign action, by its wave, phase and index. */
export const actionFunctionArn = (waveId: string, phase: ActionPhase, index: number) =>
  `arn:aws:lambda:eu-west-1:123456789012:function:campaign-${waveId}-${phase}-${index}`;

/** The SSM Automation document of a campaign action. */
export const actionDocumentName = (waveId: string, phase: ActionPhase, index: number) =>
  `Campaign-${waveId}-${phase}-${index}`;

/** Whether an action's failure fails its wave: it failed or timed out under `FAIL`. */
export const failsWave = (a: { outcome?: ActionOutcome; onFailure: ActionOnFailure }) =>
  a.outcome !== undefined && a.outcome !== 'SUCCEEDED' && a.onFailure === 'FAIL';

const S = (n: number) => fakeSourceServerId(n);

/** The optional server of the campaign's plans: its failure never fails its wave. */
export const OPTIONAL_SERVER = S(500);
/** Servers an edit adds: never in the plan as drawn. */
const ADDED_SERVER_BASE = 800;
/** Servers of foreign jobs: never in any plan. */
const FOREIGN_SERVER_BASE = 900;

/** The accounts of multi-account runs. */
export const CAMPAIGN_ACCOUNTS = { a: '111111111111', b: '222222222222' } as const;

/** The campaign's waves: two stages run two waves in parallel; one optional server. */
export const WAVE_IDS: readonly string[] = ['db', 'cache', 'app', 'batch', 'web'];

/** The router actions a Lambda fault may hit, and how many calls of each a run usually makes. */
const ACTIONS_HIT: readonly (readonly [string, number])[] = [
  ['begin_execution', 1],
  ['start_wave', 5],
  ['check_wave_status', 40],
  ['request_approval', 1],
  ['record_wave_failure', 1],
  ['finish_execution', 1],
];

/** A Lambda fault planned for the n-th call of an action. */
interface PlannedLambdaFault {
  readonly kind: FaultKind;
  readonly fault: LambdaFault;
  readonly action: string;
  readonly occurrence: number;
}

/** One campaign run: what simulateDrill is given, and what was injected. */
export interface Scenario {
  readonly seed: number;
  readonly storage: 'memory' | 'dynalite';
  /** Whether waves run in other accounts and Regions besides the orchestrator's own. */
  readonly multiAccount: boolean;
  readonly executionType: ExecutionType;
  /** The plan as drawn (edits change the store's copy). */
  readonly plan: RecoveryPlan;
  readonly groups: readonly ProtectionGroup[];
  readonly quotas: DrsQuotas;
  /** The fault kinds drawn for the run. */
  readonly planned: readonly FaultKind[];
  /** Faults that actually fired, by kind (a planned fault may find nothing to hit). */
  readonly fired: Map<FaultKind, number>;
  /** Whether the run must end SUCCEEDED: it drew only transient kinds. */
  readonly mustSucceed: boolean;
  readonly deaths: readonly PlannedDeath[];
  readonly edit: PlannedEdit | undefined;
  readonly foreign: readonly PlannedForeign[];
  /** Where the execution is recorded CANCELLED, before that I/O call is made. */
  readonly cancel: PlannedCancel | undefined;
  /** The n-th job write (after StartRecovery) that DynamoDB refuses. */
  readonly dynamoErrorAt: number | undefined;
  /** Whether conditional writes are slowed so duplicated starts race. */
  readonly race: boolean;
  /** Whether DRS reports `recoveryInstanceID` in `participatingServers` in this run. */
  readonly reportRecoveryInstanceId: boolean;
  /** The wave actions of the plan, each with how it must end, in run order per wave. */
  readonly actions: readonly PlannedAction[];
  /** What the harness saw during the run. */
  readonly record: RunRecord;
  /** The simulateDrill options. */
  readonly options: SimulateDrillOptions;
  /** Human-readable lines, for a failing run's report. */
  readonly description: string[];
}

/**
 * A deliberate bug between the router and the harness, for the tests that check that the
 * invariants catch what they should: it wraps the DRS port the router calls, its history store,
 * or the router itself (outside the harness's own wrappers).
 */
export interface Sabotage {
  readonly wrapDrs?: (drs: DrsPort, record: RunRecord) => DrsPort;
  readonly wrapHistory?: (history: ExecutionHistoryStore) => ExecutionHistoryStore;
  readonly wrapRouter?: (
    handler: (event: unknown) => Promise<unknown>,
  ) => (event: unknown) => Promise<unknown>;
}

/** Draws one run from its seed: the plan, the quotas, the faults. */
export function drawScenario(
  seed: number,
  storage: 'memory' | 'dynalite',
  sabotage?: Sabotage,
): Scenario {
  const rng = new Prng(seed * 7919 + 17);
  // Draws added since seeds were first reported come from a stream of their own, so that the
  // main stream (and every reported seed's scenario) stays as it was.
  const more = new Prng(seed * 104_729 + 3);
  const planned: FaultKind[] = [];
  const fired = new Map<FaultKind, number>();
  const fire = (kind: FaultKind) => fired.set(kind, (fired.get(kind) ?? 0) + 1);
  const description: string[] = [];
  const faults: { -readonly [K in keyof DrsFaults]: DrsFaults[K] } = {};

  // The plan: inline servers and two protection groups, several jobs per wave when the quota
  // of servers per job is small.
  let next = 1;
  const take = (n: number) => Array.from({ length: n }, () => S(next++));
  const db = { inline: take(rng.int(1, 3)), group: take(rng.int(2, 4)) };
  const cache = { inline: take(rng.int(2, 4)), group: [] as string[] };
  const app = { inline: take(rng.int(2, 4)), group: take(rng.int(2, 4)) };
  const batch = { inline: [...take(rng.int(1, 2)), OPTIONAL_SERVER], group: [] as string[] };
  const web = { inline: take(rng.int(2, 5)), group: [] as string[] };
  const servers: Record<string, { inline: string[]; group: string[] }> = {
    db,
    cache,
    app,
    batch,
    web,
  };
  const serversOf = (waveId: string) => [
    ...(servers[waveId]?.inline ?? []),
    ...(servers[waveId]?.group ?? []),
  ];
  const critical = WAVE_IDS.flatMap(serversOf).filter((id) => id !== OPTIONAL_SERVER);

  // Quotas: a wave always fits alone (with one server an edit may add), parallel waves and
  // foreign jobs sometimes collide.
  const maxServersPerJob = rng.pick([1, 2, 2, 3, 3, 100]);
  const largest = Math.max(...WAVE_IDS.map((w) => serversOf(w).length)) + 1;
  const mostJobs = Math.max(
    ...WAVE_IDS.map((w) => Math.ceil((serversOf(w).length + 1) / maxServersPerJob)),
  );
  let maxConcurrentJobs = mostJobs + rng.pick([0, 0, 1, 2, 3]);
  let maxServersInActiveJobs = largest + rng.pick([0, 1, 2, 4, 8]);

  if (rng.chance(0.25)) {
    faults.throttleRate = Math.round(rng.between(0.005, 0.03) * 1000) / 1000;
    planned.push('drs-throttling');
    description.push(`throttleRate ${faults.throttleRate}`);
  }
  if (rng.chance(0.3)) {
    faults.internalErrorRate = Math.round(rng.between(0.01, 0.08) * 1000) / 1000;
    planned.push('drs-internal-error');
    description.push(`internalErrorRate ${faults.internalErrorRate}`);
  }
  const jobListingDelaySeconds = rng.chance(0.4) ? rng.int(1, 20) : 0;
  if (jobListingDelaySeconds > 0) {
    planned.push('job-listing-delay');
    description.push(`DescribeJobs lists a job ${jobListingDelaySeconds} s after its start`);
  }
  const failLaunch: Record<string, string> = {};
  if (rng.chance(0.15)) {
    const id = rng.pick(critical);
    failLaunch[id] = 'InsufficientInstanceCapacity';
    planned.push('launch-failure-critical');
    description.push(`${id} fails to launch`);
  }
  if (rng.chance(0.2)) {
    failLaunch[OPTIONAL_SERVER] = 'InvalidSubnetID.NotFound';
    planned.push('launch-failure-optional');
    description.push(`optional ${OPTIONAL_SERVER} fails to launch`);
  }
  if (Object.keys(failLaunch).length > 0) faults.failLaunch = failLaunch;

  let stuckWave: string | undefined;
  let stuckTimeout = 0;
  if (rng.chance(0.1)) {
    stuckWave = rng.pick(WAVE_IDS);
    const id = rng.pick(serversOf(stuckWave).filter((s) => !(s in failLaunch)));
    faults.stuckServers = [id];
    stuckTimeout = rng.int(10, 25) * 60;
    // The stuck job holds its quota forever: leave room for the other waves.
    maxConcurrentJobs += 1;
    maxServersInActiveJobs += Math.min(maxServersPerJob, largest);
    planned.push('stuck-job');
    description.push(`${id} never finishes; wave ${stuckWave} times out after ${stuckTimeout} s`);
  }
  // A DRS refusal: one server of the plan is unknown to DRS, so the job holding it gets
  // ValidationException; the wave starts nothing more and fails once its started jobs ended.
  let refused: string | undefined;
  if (more.chance(0.06)) {
    refused = more.pick(
      critical.filter((id) => !(id in failLaunch) && !faults.stuckServers?.includes(id)),
    );
    planned.push('drs-refusal');
    description.push(`${refused} is unknown to DRS (StartRecovery refuses its job)`);
  }
  const quotas: DrsQuotas = { maxServersPerJob, maxConcurrentJobs, maxServersInActiveJobs };
  const parallelJobs = (a: string, b: string) =>
    Math.ceil(serversOf(a).length / maxServersPerJob) +
    Math.ceil(serversOf(b).length / maxServersPerJob);
  if (
    parallelJobs('db', 'cache') > maxConcurrentJobs ||
    parallelJobs('app', 'batch') > maxConcurrentJobs ||
    serversOf('db').length + serversOf('cache').length > maxServersInActiveJobs ||
    serversOf('app').length + serversOf('batch').length > maxServersInActiveJobs
  ) {
    planned.push('quota-wait');
  }
  description.push(
    `waves ${WAVE_IDS.map((w) => `${w} ${serversOf(w).length}`).join(', ')}; quotas ${maxServersPerJob} per job, ${maxConcurrentJobs} jobs, ${maxServersInActiveJobs} servers`,
  );

  const foreign: PlannedForeign[] = [];
  if (rng.chance(0.3)) {
    const count = rng.int(1, 2);
    for (let i = 0; i < count; i++) {
      const size = Math.min(maxServersPerJob, rng.int(1, 2));
      foreign.push({
        atDrsCall: rng.int(1, 120),
        servers: Array.from({ length: size }, (_, j) => S(FOREIGN_SERVER_BASE + i * 10 + j)),
      });
    }
    foreign.sort((a, b) => a.atDrsCall - b.atDrsCall);
    planned.push('foreign-job');
    description.push(
      `foreign jobs at DRS calls ${foreign.map((f) => `#${f.atDrsCall} (${f.servers.length} servers)`).join(', ')}`,
    );
  }

  const approvalWave = rng.chance(0.15) ? 'web' : undefined;
  const reject = approvalWave !== undefined && rng.chance(0.35);
  if (reject) planned.push('approval-rejected');
  if (approvalWave) description.push(`web needs approval (${reject ? 'rejected' : 'approved'})`);

  const actions = drawActions(new Prng(seed * 49_979_687 + 5), approvalWave);
  for (const kind of ['action-failure-fail', 'action-failure-continue'] as const) {
    const failing = actions.filter(
      (a) =>
        a.outcome !== 'SUCCEEDED' && (a.onFailure === 'FAIL') === (kind === 'action-failure-fail'),
    );
    if (failing.length > 0) planned.push(kind);
  }
  for (const waveId of WAVE_IDS) {
    const line = describeActions(actions.filter((a) => a.waveId === waveId));
    if (line !== '') description.push(`wave ${waveId} actions: ${line}`);
  }

  // Lambda faults, and deaths: at most five failed invocations in a run, below the six
  // attempts of the machine's Lambda retrier, so retries alone never exhaust it.
  let lambdaFailures = 0;
  const lambdaFaults: PlannedLambdaFault[] = [];
  const planLambda = (kind: FaultKind, fault: LambdaFault, actions = ACTIONS_HIT) => {
    const [action, typical] = rng.pick(actions);
    const occurrence = rng.int(1, Math.max(1, Math.min(typical, 12)));
    lambdaFaults.push({ kind, fault, action, occurrence });
    planned.push(kind);
    description.push(`${fault} on ${action} call #${occurrence}`);
    if (fault !== 'duplicate') lambdaFailures += 1;
  };
  if (rng.chance(0.15)) planLambda('lambda-fail-before', 'fail-before');
  if (rng.chance(0.3)) planLambda('lambda-fail-after', 'fail-after');
  // Not request_approval: simulateDrill answers both copies of a duplicated approval request,
  // and the second answer throws an unhandled "No task waits for token" (reported).
  if (rng.chance(0.3)) {
    planLambda(
      'duplicate-invocation',
      'duplicate',
      ACTIONS_HIT.filter(([action]) => action !== 'request_approval'),
    );
  }
  const race = rng.chance(0.2);
  if (race) planLambda('conditional-write-race', 'duplicate', [['start_wave', 5]]);

  const chunks = WAVE_IDS.reduce(
    (n, w) => n + Math.ceil(serversOf(w).length / maxServersPerJob),
    0,
  );
  const deaths: PlannedDeath[] = [];
  const planDeath = (kind: FaultKind, point: DeathPoint, chance: number, upTo: number) => {
    if (lambdaFailures >= 5 || !rng.chance(chance)) return;
    const occurrence = rng.int(1, Math.max(1, upTo));
    const partial = point === 'mid-create-wave' ? rng.pick([0, 0.5, 1, 1]) : undefined;
    deaths.push({ kind, point, occurrence, ...(partial === undefined ? {} : { partial }) });
    lambdaFailures += 1;
    planned.push(kind);
    description.push(
      `dies after ${point} #${occurrence}${partial === undefined ? '' : ` (${partial * 100}% of its chunks written)`}`,
    );
  };
  planDeath('death-after-record-layout', 'record-layout', 0.1, 5);
  planDeath('death-mid-create-wave', 'mid-create-wave', 0.1, 5);
  planDeath('death-after-create-wave', 'create-wave', 0.08, 5);
  planDeath('death-after-claim-chunk', 'claim-chunk', 0.12, chunks);
  planDeath('death-after-status-read', 'status-read', 0.08, chunks);
  planDeath('death-after-start-recovery', 'start-recovery', 0.18, chunks);
  planDeath('death-after-set-chunk-job', 'set-chunk-job', 0.12, chunks);
  planDeath('death-after-update-unstarted-chunk', 'update-unstarted-chunk', 0.12, 4);
  planDeath('death-at-any-io', 'any-io', 0.2, 600);
  const lambdaTimeoutSeconds = rng.int(60, 90);

  const dynamoErrorAt = rng.chance(0.08) ? rng.int(1, chunks) : undefined;
  if (dynamoErrorAt !== undefined) {
    planned.push('dynamodb-error-after-start-recovery');
    description.push(`DynamoDB refuses the job write after StartRecovery #${dynamoErrorAt}`);
  }

  // An edit of a group or of the plan: one server added or dropped, at an I/O call or at the
  // first death (often before the wave's layout is recorded, sometimes after).
  let edit: PlannedEdit | undefined;
  if (rng.chance(0.25)) {
    const kind = rng.chance(0.5) ? 'edit-group' : 'edit-plan';
    const change = rng.chance(0.5) ? 'add' : 'drop';
    const wave =
      kind === 'edit-group' ? rng.pick(['db', 'app']) : rng.pick(['cache', 'app', 'web']);
    const target = kind === 'edit-group' ? `pg-${wave}` : wave;
    const list = (kind === 'edit-group' ? servers[wave]?.group : servers[wave]?.inline) ?? [];
    const serverId = change === 'add' ? S(ADDED_SERVER_BASE + rng.int(0, 50)) : rng.pick(list);
    const at = deaths.length > 0 && rng.chance(0.5) ? 'death' : rng.int(1, 300);
    edit = { kind, change, target, wave, serverId, at };
    planned.push(kind);
    description.push(
      `${change}s ${serverId} ${kind === 'edit-group' ? 'in group' : 'in wave'} ${target} at ${at === 'death' ? 'the first death' : `I/O call #${at}`}`,
    );
  }

  // A cancel, at some point of a start (never inside StartRecovery itself), or anywhere.
  let cancel: PlannedCancel | undefined;
  if (rng.chance(0.08)) {
    const io = rng.int(5, 400);
    const point = more.pick([
      'record-layout',
      'create-wave',
      'claim-chunk',
      'status-read',
      'set-chunk-job',
      'update-unstarted-chunk',
      'any-io',
      'any-io',
    ] as const);
    const upTo = point.includes('wave') || point === 'record-layout' ? 5 : chunks;
    cancel = { point, occurrence: point === 'any-io' ? io : more.int(1, Math.max(1, upTo)) };
    planned.push('cancel');
    description.push(`cancelled before ${point} #${cancel.occurrence}`);
  }

  const executionType: ExecutionType = rng.chance(0.15) ? 'RECOVERY' : 'DRILL';
  const pollIntervalSeconds = rng.pick([30, 60, 120, 120, 180]);
  const reportRecoveryInstanceId = rng.chance(0.5);
  // Event-driven completion in a third of the runs, from a stream of its own (the other draws
  // stay as they were): DRS's launch results resume the waves, some or all of them lost (a
  // transient condition: the safety net must still finish every wave).
  const modes = new Prng(seed * 15_485_863 + 11);
  const events = modes.chance(1 / 3);
  const safetyNetPollSeconds = modes.pick([60, 120, 300]);
  const dropLaunchEvents = modes.pick([0, 0, 0.3, 1]);
  if (events && dropLaunchEvents > 0) faults.dropLaunchEvents = dropLaunchEvents;
  description.push(
    `${storage}, ${executionType}, ${events ? `launch events (lost: ${dropLaunchEvents}), safety net ${safetyNetPollSeconds} s` : `poll ${pollIntervalSeconds} s`}, Lambda timeout ${lambdaTimeoutSeconds} s, recoveryInstanceID ${reportRecoveryInstanceId ? 'reported' : 'only in the log'}`,
  );

  // A failed wave may wait for the operator, who always answers the same (a retry keeps
  // retrying until refused: no attempt left, or nothing to relaunch, and then aborts). Drawn
  // from a stream of its own: every other draw stays as it was. Never fails a run by itself.
  const decider = new Prng(seed * 15_485_863 + 11);
  const decision = decider.chance(0.2)
    ? decider.pick(['retry', 'skip', 'abort', 'timeout'] as const)
    : undefined;
  if (decision !== undefined) {
    planned.push(`decision-${decision}`);
    description.push(`failed waves wait for a decision: ${decision}`);
  }

  const timeoutOf = (waveId: string) =>
    waveId === stuckWave ? stuckTimeout : rng.int(2, 4) * 3600;
  const entry = (id: string) =>
    id === OPTIONAL_SERVER ? { sourceServerId: id, impact: 'OPTIONAL' as const } : id;
  // Across accounts (a stream of its own, so that every other draw stays as it was): cache in
  // account A's eu-west-1, web in account B, pg-app's servers in account A; the rest in the
  // orchestrator's own. Each (account, Region) has its own emulator and its own quotas.
  const multiAccount = new Prng(seed * 15_485_863 + 11).chance(0.3);
  const at = (waveId: string) =>
    !multiAccount
      ? {}
      : waveId === 'cache'
        ? { accountId: CAMPAIGN_ACCOUNTS.a, region: 'eu-west-1' }
        : waveId === 'web'
          ? { accountId: CAMPAIGN_ACCOUNTS.b }
          : {};
  if (multiAccount)
    description.push('across accounts: cache in A eu-west-1, web in B, pg-app in A');
  const plan = parseRecoveryPlan({
    id: 'campaign',
    ...(decision === undefined ? {} : { onWaveFailure: 'DECIDE', decisionTimeoutSeconds: 600 }),
    waves: [
      { id: 'db', servers: db.inline.map(entry), protectionGroups: ['pg-db'] },
      { id: 'cache', servers: cache.inline.map(entry), dependsOn: [] },
      {
        id: 'app',
        servers: app.inline.map(entry),
        protectionGroups: ['pg-app'],
        dependsOn: ['db', 'cache'],
      },
      { id: 'batch', servers: batch.inline.map(entry), dependsOn: ['db'] },
      { id: 'web', servers: web.inline.map(entry), dependsOn: ['app'] },
    ].map((w) => {
      const of = (phase: ActionPhase) =>
        actions.filter((a) => a.waveId === w.id && a.phase === phase).map((a) => a.action);
      return {
        ...w,
        ...at(w.id),
        timeoutSeconds: timeoutOf(w.id),
        ...(w.id === approvalWave ? { requireApproval: true } : {}),
        ...(of('before').length > 0 ? { before: of('before') } : {}),
        ...(of('after').length > 0 ? { after: of('after') } : {}),
      };
    }),
  });
  const groups: ProtectionGroup[] = [
    { id: 'pg-db', servers: db.group.map((id) => ({ sourceServerId: id, impact: 'CRITICAL' })) },
    {
      id: 'pg-app',
      servers: app.group.map((id) => ({ sourceServerId: id, impact: 'CRITICAL' })),
      ...(multiAccount ? { accountId: CAMPAIGN_ACCOUNTS.a } : {}),
    },
  ];
  const plans = new MutablePlanStore(plan);
  const groupStore = new MutableGroupStore(groups);

  const calls = new Map<string, number>();
  const lambdaFault = (call: LambdaCall): LambdaFault | undefined => {
    const n = (calls.get(call.action) ?? 0) + 1;
    calls.set(call.action, n);
    const hit = lambdaFaults.find((f) => f.action === call.action && f.occurrence === n);
    if (hit === undefined) return undefined;
    fire(hit.kind);
    return hit.fault;
  };

  const mustSucceed = planned.every((kind) => TRANSIENT_KINDS.has(kind));
  const options: SimulateDrillOptions = {
    plan,
    protectionGroups: groups,
    seed,
    storage,
    executionType,
    executionId: `campaign-${seed}`,
    faults,
    emulator: {
      reportRecoveryInstanceId,
      quotas,
      jobListingDelaySeconds,
      ...(refused === undefined
        ? {}
        : {
            sourceServerIds: [
              ...WAVE_IDS.flatMap(serversOf),
              ...Array.from({ length: 51 }, (_, i) => S(ADDED_SERVER_BASE + i)),
              ...Array.from({ length: 20 }, (_, i) => S(FOREIGN_SERVER_BASE + i)),
            ].filter((id) => id !== refused),
          }),
    },
    machine: events ? { completion: 'events', safetyNetPollSeconds } : { pollIntervalSeconds },
    lambdaFault,
    lambdaTimeoutSeconds,
    stores: { plans, protectionGroups: groupStore },
    ...(approvalWave ? { approve: () => (reject ? 'reject' : 'approve') } : {}),
    ...(decision === undefined
      ? {}
      : {
          decide: () => {
            fire(`decision-${decision}`);
            return decision;
          },
        }),
  };
  const scenario: Scenario = {
    seed,
    storage,
    multiAccount,
    executionType,
    plan,
    groups,
    quotas,
    planned,
    fired,
    mustSucceed,
    deaths,
    edit,
    foreign,
    cancel,
    dynamoErrorAt,
    race,
    reportRecoveryInstanceId,
    actions,
    // The harness's record, below: the harness reads the faults from this scenario.
    record: undefined as unknown as RunRecord,
    options,
    description,
  };
  const harness = new RunHarness(scenario, rng, plans, groupStore);
  const withHarness: Scenario = {
    ...scenario,
    record: harness.record,
    options: {
      ...options,
      ...harness.actionOptions(),
      wrapRouter: (handler) => {
        const router = harness.wrapRouter(handler);
        return sabotage?.wrapRouter === undefined ? router : sabotage.wrapRouter(router);
      },
      wrapDrs: (drs) =>
        sabotage?.wrapDrs === undefined
          ? harness.wrapDrs(drs)
          : sabotage.wrapDrs(harness.wrapDrs(drs), harness.record),
      wrapHistory: (history) =>
        sabotage?.wrapHistory === undefined
          ? harness.wrapHistory(history)
          : sabotage.wrapHistory(harness.wrapHistory(history)),
    },
  };
  return withHarness;
}

/**
 * Wave actions, from their own stream: in about a third of the runs, one to three waves get one
 * to three actions before and/or after their launch, each planned to succeed, fail or time out
 * (a wait always succeeds), under `FAIL` or `CONTINUE`; at most one approval per wave, none on
 * a wave that `requireApproval`s. Timeouts stay short (a function 300 s at most, a runbook 900 s)
 * so that `begin_execution` never refuses the plan for its history budget.
 */
function drawActions(acts: Prng, approvalWave: string | undefined): PlannedAction[] {
  const planned: PlannedAction[] = [];
  if (!acts.chance(0.35)) return planned;
  const waves = [...WAVE_IDS];
  const count = acts.int(1, 3);
  for (let w = 0; w < count; w++) {
    const waveId = waves.splice(acts.int(0, waves.length - 1), 1)[0] ?? 'db';
    const phases = acts.pick<readonly ActionPhase[]>([['before'], ['after'], ['before', 'after']]);
    let approval = waveId === approvalWave;
    for (const phase of phases) {
      const n = acts.pick([1, 1, 2, 2, 3]);
      for (let index = 0; index < n; index++) {
        const type = acts.pick(
          approval
            ? (['lambda', 'ssmAutomation', 'wait'] as const)
            : (['lambda', 'ssmAutomation', 'wait', 'approval'] as const),
        );
        if (type === 'approval') approval = true;
        const outcome: ActionOutcome =
          type === 'wait'
            ? 'SUCCEEDED'
            : acts.pick(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT'] as const);
        const onFailure: ActionOnFailure =
          type === 'wait' || acts.chance(0.5) ? 'FAIL' : 'CONTINUE';
        const at = { waveId, phase, index, onFailure, outcome };
        switch (type) {
          case 'wait':
            planned.push({ ...at, action: { type, seconds: acts.int(5, 300) } });
            break;
          case 'approval':
            planned.push({
              ...at,
              action: { type, timeoutSeconds: acts.int(60, 1800), onFailure },
            });
            break;
          case 'lambda': {
            const timeoutSeconds = acts.int(30, 300);
            planned.push({
              ...at,
              action: {
                type,
                functionArn: actionFunctionArn(waveId, phase, index),
                timeoutSeconds,
                onFailure,
              },
              // Past its timeout, the function times out; within it, it answers or throws.
              durationSeconds:
                outcome === 'TIMED_OUT'
                  ? timeoutSeconds + acts.int(1, 120)
                  : acts.int(1, timeoutSeconds),
            });
            break;
          }
          case 'ssmAutomation': {
            const timeoutSeconds = acts.int(4, 60) * 15;
            planned.push({
              ...at,
              action: {
                type,
                documentName: actionDocumentName(waveId, phase, index),
                parameters: { Campaign: [waveId] },
                ...(phase === 'after' ? { targetParameter: 'InstanceIds' } : {}),
                timeoutSeconds,
                onFailure,
              },
              // Well within its timeout: a runbook that succeeds or fails ends long before.
              ...(outcome === 'TIMED_OUT'
                ? {}
                : { durationSeconds: acts.int(5, Math.floor(timeoutSeconds / 3)) }),
            });
            break;
          }
        }
      }
    }
  }
  return planned;
}

/**
 * A wave's actions in one line: `before lambda (timeout 120 s, runs 30 s) FAILED under FAIL,
 * wait 30 s; after ...`.
 */
function describeActions(actions: readonly PlannedAction[]): string {
  const one = (a: PlannedAction) => {
    const what =
      a.action.type === 'wait'
        ? `wait ${a.action.seconds} s`
        : `${a.action.type} (timeout ${a.action.timeoutSeconds} s${a.durationSeconds === undefined ? '' : `, runs ${a.durationSeconds} s`})`;
    return a.action.type === 'wait' ? what : `${what} ${a.outcome} under ${a.onFailure}`;
  };
  return (['before', 'after'] as const)
    .map((phase) => actions.filter((a) => a.phase === phase))
    .filter((list) => list.length > 0)
    .map((list) => `${list[0]?.phase} ${list.map(one).join(', ')}`)
    .join('; ');
}

/**
 * Counts the faults DRS injected by itself: a rate fault once per run that drew it (the
 * emulator does not say which requests it refused), a launch fault when the server was in a
 * job, an approval rejection when the execution failed on it.
 */
export function countDrsFaults(
  scenario: Scenario,
  jobs: readonly Job[],
  cause: string | undefined,
): void {
  const statusOf = new Map(
    jobs.flatMap((j) =>
      (j.participatingServers ?? []).map((p) => [p.sourceServerID ?? '', p.launchStatus] as const),
    ),
  );
  const faults = scenario.options.faults ?? {};
  const set = (kind: FaultKind, count: number) => {
    if (count > 0) scenario.fired.set(kind, count);
  };
  set('drs-throttling', faults.throttleRate ? 1 : 0);
  set('drs-internal-error', faults.internalErrorRate ? 1 : 0);
  const failing = Object.keys(faults.failLaunch ?? {}).filter(
    (id) => statusOf.get(id) === 'FAILED',
  );
  set('launch-failure-critical', failing.filter((id) => id !== OPTIONAL_SERVER).length);
  set('launch-failure-optional', failing.filter((id) => id === OPTIONAL_SERVER).length);
  set('stuck-job', (faults.stuckServers ?? []).filter((id) => statusOf.has(id)).length);
  // The requireApproval of web, not an approval action (whose cause names the action).
  const rejected = cause?.includes('Rejected in the simulation') && !cause.includes('(approval)');
  set('approval-rejected', rejected ? 1 : 0);
}

/** Counts the wave actions that failed or timed out, as the report records them. */
export function countActionFaults(scenario: Scenario, report: DrillReport): void {
  const failed = (report.actions ?? []).filter(
    (a) => a.outcome !== undefined && a.outcome !== 'SUCCEEDED',
  );
  const set = (kind: FaultKind, count: number) => {
    if (count > 0) scenario.fired.set(kind, count);
  };
  set('action-failure-fail', failed.filter((a) => a.onFailure === 'FAIL').length);
  set('action-failure-continue', failed.filter((a) => a.onFailure === 'CONTINUE').length);
}
