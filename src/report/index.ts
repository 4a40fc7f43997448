/**
 * `drs-waves/report`: the drill report and its renderers, for operators. The report of a
 * simulated drill (`simulateDrill` in `drs-waves/testing`) renders here; no optional peer is
 * needed: the renderers are pure functions of a {@link DrillReport}, and the HTML is
 * self-contained (no network).
 *
 * @example
 * ```ts
 * import { readFile, writeFile } from 'node:fs/promises';
 * import { type DrillReport, renderDrillReportHtml, renderDrillReportMarkdown } from 'drs-waves/report';
 *
 * const report = JSON.parse(await readFile('drs-waves-report/report.json', 'utf8')) as DrillReport;
 * await writeFile('report.md', renderDrillReportMarkdown(report));
 * await writeFile('report.html', renderDrillReportHtml(report));
 * ```
 *
 * @module drs-waves/report
 */

export type {
  DrillReport,
  DrillReportServer,
  DrillReportStats,
  DrillReportWave,
} from './DrillReport';
export { formatDuration } from './formatDuration';
export { renderDrillReportHtml } from './renderDrillReportHtml';
export { renderDrillReportMarkdown } from './renderDrillReportMarkdown';
