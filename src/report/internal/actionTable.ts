import type { DrillReport, DrillReportAction } from '../DrillReport';
import { EMPTY_CELL, type TextTable } from './TextTable';
import { offsetLabel, spanLabel } from './timing';
import { wavesInStageOrder } from './wavesInStageOrder';

/**
 * The report's wave actions, by wave in stage order, then before the launch and after it, in
 * run order.
 *
 * @example
 * ```ts
 * actionsInStageOrder(report).map((a) => a.label);
 * ```
 *
 * @internal
 */
export function actionsInStageOrder(report: DrillReport): DrillReportAction[] {
  const rank = new Map(wavesInStageOrder(report).map((w, i) => [w.waveId, i]));
  const phase = (a: DrillReportAction) => (a.phase === 'before' ? 0 : 1);
  return [...(report.actions ?? [])].sort(
    (a, b) =>
      (rank.get(a.waveId) ?? rank.size) - (rank.get(b.waveId) ?? rank.size) ||
      phase(a) - phase(b) ||
      a.index - b.index,
  );
}

/**
 * The wave actions of a report, one row each: what ran, how it ended, when, and why it failed.
 * `CONTINUE` after an outcome says the wave went on past the failure.
 *
 * @example
 * ```ts
 * actionTable(report).rows[0]; // ['app', 'after 1', 'ssmAutomation MyApp-HealthCheck', 'SUCCEEDED', '+20 min 00 s', '1 min 30 s', '—']
 * ```
 *
 * @internal
 */
export function actionTable(report: DrillReport): TextTable {
  return {
    columns: [
      { header: 'Wave' },
      { header: 'When' },
      { header: 'Action' },
      { header: 'Outcome' },
      { header: 'Started' },
      { header: 'Duration' },
      { header: 'Cause' },
    ],
    rows: actionsInStageOrder(report).map((a) => [
      a.waveId,
      `${a.phase} ${a.index + 1}`,
      a.label,
      a.outcome === undefined
        ? 'RUNNING'
        : a.outcome !== 'SUCCEEDED' && a.onFailure === 'CONTINUE'
          ? `${a.outcome} (CONTINUE)`
          : a.outcome,
      offsetLabel(report, a.startedAt),
      spanLabel(a.startedAt, a.endedAt),
      a.cause ?? EMPTY_CELL,
    ]),
  };
}
