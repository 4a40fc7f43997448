import { FAULT_KINDS, type FaultKind, TRANSIENT_KINDS } from './scenario';

/** One broken invariant of one run. */
export interface Violation {
  readonly seed: number;
  readonly violation: string;
  /** The faults drawn for the run. */
  readonly scenario: string;
  /** How the execution ended. */
  readonly ending: string;
}

/** What the campaign counted. */
export interface CampaignTotals {
  /** The seeds run, as `first..last`. */
  seeds: string;
  runs: number;
  dynaliteRuns: number;
  /** Runs in which some wave was laid out in two jobs or more. */
  multiJobRuns: number;
  /** Runs whose plan spreads waves over other accounts and Regions (a DRS emulator each). */
  multiAccountRuns: number;
  /** Runs with event-driven completion, and the launch results their routers were handed. */
  eventRuns: number;
  launchResults: number;
  succeeded: number;
  failed: number;
  hung: number;
  /** Runs the campaign cancelled (the history records CANCELLED). */
  cancelled: number;
  /**
   * Runbooks stopped as TIMED_OUT before their duration passed on the clock: a known defect of
   * the local runner (see `checkInvariants`), one line each.
   */
  /** Runs whose plan has wave actions. */
  actionRuns: number;
  /** Planned wave actions by `type outcome` (`not reached` when the run never got to one). */
  readonly actionOutcomes: Map<string, number>;
  /** Runs that drew only transient faults: they must succeed. */
  mustSucceed: number;
  /** Conditional writes that lost a race (wave intent, layout, chunk claim). */
  racesLost: number;
  /** StartRecovery calls after a cancel whose status read preceded the cancel. */
  cancelWindowStarts: number;
  /** Router invocations, and the DRS and history calls they made. */
  invocations: number;
  ioCalls: number;
  /** Foreign jobs started, and foreign starts DRS refused. */
  foreignStarted: number;
  foreignRefused: number;
  /** Chunk jobs recorded by reconciliation, after a death or a lost answer. */
  reconciled: number;
  /** I/O calls a dead invocation tried in parallel (blocked). */
  callsAfterDeath: number;
  /** Edits before and after the edited wave's layout was recorded. */
  editsBeforeLayout: number;
  editsAfterLayout: number;
  /** StartRecovery calls served more than the claim lease after their claim's time. */
  leaseOverruns: number;
  /** The longest run in virtual time. */
  longestVirtual: { seconds: number; seed: number };
  /** Runs that drew each fault kind. */
  readonly planned: Map<FaultKind, number>;
  /** Faults that fired, by kind. */
  readonly fired: Map<FaultKind, number>;
  /** Runs in which each kind fired at least once. */
  readonly runsWithFault: Map<FaultKind, number>;
  readonly violations: Violation[];
  /** Runs with only transient faults that did not end SUCCEEDED. */
  readonly livenessFailures: Violation[];
  slowest: { wallMs: number; seed: number };
  wallMs: number;
  readonly concurrency: number;
  /** Failed executions by error name. */
  readonly errors: Map<string, number>;
}

/** Empty totals for a campaign over `seeds`. */
export function emptyTotals(seeds: string, concurrency: number): CampaignTotals {
  return {
    seeds,
    runs: 0,
    dynaliteRuns: 0,
    multiJobRuns: 0,
    multiAccountRuns: 0,
    eventRuns: 0,
    launchResults: 0,
    succeeded: 0,
    failed: 0,
    hung: 0,
    cancelled: 0,
    actionRuns: 0,
    actionOutcomes: new Map(),
    mustSucceed: 0,
    racesLost: 0,
    cancelWindowStarts: 0,
    invocations: 0,
    ioCalls: 0,
    foreignStarted: 0,
    foreignRefused: 0,
    reconciled: 0,
    callsAfterDeath: 0,
    editsBeforeLayout: 0,
    editsAfterLayout: 0,
    leaseOverruns: 0,
    longestVirtual: { seconds: 0, seed: 0 },
    planned: new Map(FAULT_KINDS.map((k) => [k, 0])),
    fired: new Map(FAULT_KINDS.map((k) => [k, 0])),
    runsWithFault: new Map(FAULT_KINDS.map((k) => [k, 0])),
    violations: [],
    livenessFailures: [],
    slowest: { wallMs: 0, seed: 0 },
    wallMs: 0,
    concurrency,
    errors: new Map(),
  };
}

/** Adds `b` into `a` (campaign shards run apart, then are summed). */
export function addTotals(a: CampaignTotals, b: CampaignTotals): void {
  const numbers = [
    'runs',
    'dynaliteRuns',
    'multiJobRuns',
    'multiAccountRuns',
    'eventRuns',
    'launchResults',
    'succeeded',
    'failed',
    'hung',
    'cancelled',
    'actionRuns',
    'mustSucceed',
    'racesLost',
    'cancelWindowStarts',
    'invocations',
    'ioCalls',
    'foreignStarted',
    'foreignRefused',
    'reconciled',
    'callsAfterDeath',
    'editsBeforeLayout',
    'editsAfterLayout',
    'leaseOverruns',
  ] as const;
  for (const key of numbers) a[key] += b[key];
  for (const key of ['planned', 'fired', 'runsWithFault'] as const) {
    for (const [kind, n] of b[key]) a[key].set(kind, (a[key].get(kind) ?? 0) + n);
  }
  for (const [error, n] of b.errors) a.errors.set(error, (a.errors.get(error) ?? 0) + n);
  for (const [key, n] of b.actionOutcomes) {
    a.actionOutcomes.set(key, (a.actionOutcomes.get(key) ?? 0) + n);
  }
  a.violations.push(...b.violations);
  a.livenessFailures.push(...b.livenessFailures);
  if (b.slowest.wallMs > a.slowest.wallMs) a.slowest = b.slowest;
  if (b.longestVirtual.seconds > a.longestVirtual.seconds) a.longestVirtual = b.longestVirtual;
}

/** The wave action types, in the order the summary lists them. */
const ACTION_TYPES = ['lambda', 'ssmAutomation', 'wait', 'approval'] as const;

const pad = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

/** The campaign's counts as one plain-text table, then each violation on its own lines. */
export function summaryTable(t: CampaignTotals): string {
  const rows: string[][] = [
    ['measure', 'value', ''],
    [
      'runs',
      String(t.runs),
      `seeds ${t.seeds}: ${t.runs - t.dynaliteRuns} memory, ${t.dynaliteRuns} dynalite`,
    ],
    ['runs with multi-job waves', String(t.multiJobRuns), 'a wave laid out in 2 jobs or more'],
    [
      'runs across accounts',
      String(t.multiAccountRuns),
      'waves in 2 other accounts and 2 Regions, each with its own DRS and quotas, through STS',
    ],
    [
      'runs with launch events',
      String(t.eventRuns),
      `completion: 'events'; ${t.launchResults} launch results delivered, some runs losing some or all`,
    ],
    ['SUCCEEDED', String(t.succeeded), ''],
    [
      'FAILED',
      String(t.failed),
      [...t.errors.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([e, n]) => `${e} ${n}`)
        .join(', '),
    ],
    ['hung (timed out)', String(t.hung), ''],
    ['cancelled', String(t.cancelled), 'the history records CANCELLED'],
    [
      'runs with wave actions',
      String(t.actionRuns),
      `${[...t.actionOutcomes.values()].reduce((sum, n) => sum + n, 0)} actions planned`,
    ],
    ...ACTION_TYPES.map((type) => [
      `  ${type} actions`,
      String(
        [...t.actionOutcomes]
          .filter(([key]) => key.startsWith(`${type} `))
          .reduce((sum, [, n]) => sum + n, 0),
      ),
      [...t.actionOutcomes]
        .filter(([key]) => key.startsWith(`${type} `))
        .sort((a, b) => b[1] - a[1])
        .map(([key, n]) => `${key.slice(type.length + 1)} ${n}`)
        .join(', '),
    ]),
    [
      'runs that must succeed',
      String(t.mustSucceed),
      'only transient faults drawn (liveness applies)',
    ],
    ['liveness failures', String(t.livenessFailures.length), 'of those, not SUCCEEDED'],
    ['invariant violations', String(t.violations.length), 'safety, liveness apart'],
    [
      'conditional writes lost',
      String(t.racesLost),
      'a duplicate or retry won a layout, wave or claim',
    ],
    [
      'starts in the cancel window',
      String(t.cancelWindowStarts),
      'StartRecovery after a cancel, its status read before it',
    ],
    [
      'foreign jobs',
      String(t.foreignStarted),
      `started in the account by another tenant; ${t.foreignRefused} refused by DRS`,
    ],
    [
      'jobs found by reconciliation',
      String(t.reconciled),
      'started by an invocation that died before recording them',
    ],
    [
      'edits',
      String(t.editsBeforeLayout + t.editsAfterLayout),
      `${t.editsBeforeLayout} before the wave's layout was recorded, ${t.editsAfterLayout} after`,
    ],
    [
      'starts past their lease',
      String(t.leaseOverruns),
      'StartRecovery served > 120 s (virtual) after its claim was stamped',
    ],
    [
      'router invocations',
      String(t.invocations),
      `${t.ioCalls} DRS and history calls, ${t.callsAfterDeath} blocked after a death`,
    ],
    [
      'longest run',
      `${Math.round(t.longestVirtual.seconds / 60)} min`,
      `seed ${t.longestVirtual.seed}, virtual time`,
    ],
    [
      'slowest run',
      `${t.slowest.wallMs} ms`,
      `seed ${t.slowest.seed} (${t.concurrency} runs at once)`,
    ],
    ['campaign wall time', `${t.wallMs} ms`, ''],
    ['', '', ''],
    ['fault kind', 'fired', 'runs fired / runs drawn'],
    ...FAULT_KINDS.map((kind) => [
      `${kind}${TRANSIENT_KINDS.has(kind) ? '' : ' *'}`,
      String(t.fired.get(kind) ?? 0),
      `${t.runsWithFault.get(kind) ?? 0} / ${t.planned.get(kind) ?? 0}`,
    ]),
  ];
  const lines = [
    `Fault campaign\n${pad(rows)}`,
    '* not transient: a run that draws it need not succeed. DRS rate faults count the runs that',
    'drew them: the emulator refuses requests at that rate. quota-wait counts chunks released to',
    'wait for quota; job-listing-delay, DescribeJobs answers that missed a job just started.',
  ];
  for (const v of t.livenessFailures) {
    lines.push(`\nseed ${v.seed}: ${v.violation}\n  faults: ${v.scenario}\n  ended: ${v.ending}`);
  }
  for (const v of t.violations) {
    lines.push(`\nseed ${v.seed}: ${v.violation}\n  faults: ${v.scenario}\n  ended: ${v.ending}`);
  }
  return lines.join('\n');
}
