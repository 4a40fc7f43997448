import type { DrillReport } from '../DrillReport';
import { formatDuration } from '../formatDuration';
import { EMPTY_CELL } from './TextTable';

/**
 * The seconds from one ISO 8601 timestamp to another; `NaN` when either does not parse.
 *
 * @example
 * ```ts
 * secondsBetween('2026-01-01T00:00:00Z', '2026-01-01T00:01:30Z'); // 90
 * ```
 *
 * @internal
 */
export function secondsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/**
 * A virtual-clock time as an offset from the execution's start (`+8 min 54 s`), or an em dash
 * when there is no time.
 *
 * @example
 * ```ts
 * offsetLabel(report, '2026-01-01T00:08:54Z'); // '+8 min 54 s' when the report starts at midnight
 * ```
 *
 * @internal
 */
export function offsetLabel(report: DrillReport, at: string | undefined): string {
  if (at === undefined) return EMPTY_CELL;
  const text = formatDuration(secondsBetween(report.startedAt, at));
  return text.startsWith('-') || text === 'unknown' ? text : `+${text}`;
}

/**
 * The end of a report's timeline: the execution's end, or when the report was made while it
 * runs.
 *
 * @example
 * ```ts
 * secondsBetween(report.startedAt, reportEnd(report));
 * ```
 *
 * @internal
 */
export function reportEnd(report: DrillReport): string {
  return report.endedAt ?? report.reportedAt;
}

/**
 * Which clock a report's times are on, for captions: `the simulated clock` or `the clock`.
 *
 * @example
 * ```ts
 * `Timeline on ${clockName(report)}`; // 'Timeline on the simulated clock'
 * ```
 *
 * @internal
 */
export function clockName(report: DrillReport): string {
  return report.source === 'simulation' ? 'the simulated clock' : 'the clock';
}

/**
 * A recovery point as an auditor reads it: the UTC time to the second
 * (`2026-01-01 00:00:41Z`), or an em dash when DRS reported none.
 *
 * @example
 * ```ts
 * recoveryPointLabel('2026-01-01T00:00:41.000Z'); // '2026-01-01 00:00:41Z'
 * ```
 *
 * @internal
 */
export function recoveryPointLabel(at: string | undefined): string {
  if (at === undefined) return EMPTY_CELL;
  return at.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/**
 * The time from `startedAt` to `endedAt`, formatted, or an em dash when either is missing.
 *
 * @example
 * ```ts
 * spanLabel('2026-01-01T00:00:00Z', '2026-01-01T00:00:45Z'); // '45 s'
 * ```
 *
 * @internal
 */
export function spanLabel(startedAt: string | undefined, endedAt: string | undefined): string {
  if (startedAt === undefined || endedAt === undefined) return EMPTY_CELL;
  return formatDuration(secondsBetween(startedAt, endedAt));
}
