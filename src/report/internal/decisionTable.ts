import type { DrillReport } from '../DrillReport';
import { EMPTY_CELL, type TextTable } from './TextTable';
import { offsetLabel } from './timing';

/**
 * The failure decisions of a report, in the order they were asked: which wave and attempt
 * failed, what was chosen, by whom, and when (offsets from the execution's start).
 *
 * @example
 * ```ts
 * decisionTable(report).rows[0]; // ['app', '1', 'WaveFailed', 'RETRY', 'ops@example.com', '+9 min 30 s', '+12 min 00 s', '—']
 * ```
 *
 * @internal
 */
export function decisionTable(report: DrillReport): TextTable {
  return {
    columns: [
      { header: 'Wave' },
      { header: 'Attempt', numeric: true },
      { header: 'Failure' },
      { header: 'Decision' },
      { header: 'By' },
      { header: 'Asked' },
      { header: 'Decided' },
      { header: 'Reason' },
    ],
    rows: (report.decisions ?? []).map((d) => [
      d.waveId,
      String(d.attempt),
      d.error ?? EMPTY_CELL,
      d.status === 'TIMED_OUT' ? 'TIMED_OUT (aborted)' : d.status,
      d.decidedBy ?? EMPTY_CELL,
      offsetLabel(report, d.requestedAt),
      offsetLabel(report, d.decidedAt),
      d.reason ?? EMPTY_CELL,
    ]),
  };
}
