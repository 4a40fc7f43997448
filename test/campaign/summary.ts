import { FAULT_KINDS, type FaultKind } from './scenario';

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
  runs: number;
  dynaliteRuns: number;
  succeeded: number;
  failed: number;
  hung: number;
  /** Conditional writes that lost a race to a duplicated invocation (and were refused). */
  racesLost: number;
  /** Runs that drew each fault kind. */
  readonly planned: Map<FaultKind, number>;
  /** Faults that fired, by kind. */
  readonly fired: Map<FaultKind, number>;
  /** Runs in which each kind fired at least once. */
  readonly runsWithFault: Map<FaultKind, number>;
  readonly violations: Violation[];
  slowest: { wallMs: number; seed: number };
  wallMs: number;
  readonly concurrency: number;
  /** Failed executions by error name. */
  readonly errors: Map<string, number>;
}

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
    ['runs', String(t.runs), `${t.runs - t.dynaliteRuns} memory, ${t.dynaliteRuns} dynalite`],
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
    ['conditional writes lost', String(t.racesLost), 'a duplicate won the wave intent or a claim'],
    ['invariant violations', String(t.violations.length), ''],
    [
      'slowest run',
      `${t.slowest.wallMs} ms`,
      `seed ${t.slowest.seed} (${t.concurrency} runs at once)`,
    ],
    ['campaign wall time', `${t.wallMs} ms`, ''],
    ['', '', ''],
    ['fault kind', 'fired', 'runs fired / runs drawn'],
    ...FAULT_KINDS.map((kind) => [
      kind,
      String(t.fired.get(kind) ?? 0),
      `${t.runsWithFault.get(kind) ?? 0} / ${t.planned.get(kind) ?? 0}`,
    ]),
  ];
  const lines = [
    `Fault campaign\n${pad(rows)}`,
    'DRS rate faults count the runs that drew them: the emulator refuses requests at that rate.',
  ];
  for (const v of t.violations) {
    lines.push(`\nseed ${v.seed}: ${v.violation}\n  faults: ${v.scenario}\n  ended: ${v.ending}`);
  }
  return lines.join('\n');
}
