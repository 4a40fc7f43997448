import type { DrillReport } from '../DrillReport';

/**
 * A wave's or a plan's label: its ID, followed by its name in parentheses when it has one.
 *
 * @example
 * ```ts
 * namedLabel('db', 'Database'); // 'db (Database)'
 * ```
 *
 * @internal
 */
export function namedLabel(id: string, name: string | undefined): string {
  return name === undefined ? id : `${id} (${name})`;
}

/**
 * The report's title: the execution type, the plan and the status.
 *
 * @example
 * ```ts
 * reportTitle(report); // 'Drill report: shop (Shop) — FAILED'
 * ```
 *
 * @internal
 */
export function reportTitle(report: DrillReport): string {
  const kind = report.executionType === 'RECOVERY' ? 'Recovery' : 'Drill';
  return `${kind} report: ${namedLabel(report.plan.id, report.plan.name)} — ${report.status}`;
}

/**
 * The label of the group that servers of no known wave are drawn in.
 *
 * @example
 * ```ts
 * const label = wave === undefined ? NO_WAVE : namedLabel(wave.waveId, wave.name);
 * ```
 *
 * @internal
 */
export const NO_WAVE = '(no wave)';
