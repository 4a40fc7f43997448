/**
 * `drs-waves/report`: the drill report, its builder and its renderers, for operators.
 * {@link buildDrillReport} reads a real execution's report from its history (and DRS);
 * `simulateDrill` in `drs-waves/testing` builds a simulated drill's with it. No optional peer is
 * needed: the renderers are pure functions of a {@link DrillReport}, and the HTML is
 * self-contained (no network).
 *
 * @example
 * ```ts
 * import { readFile, writeFile } from 'node:fs/promises';
 * import { type DrillReport, renderDrillReportHtml, renderDrillReportMarkdown } from 'drs-waves/report';
 *
 * const report = JSON.parse(await readFile('drs-waves-report/drill-report.json', 'utf8')) as DrillReport;
 * await writeFile('report.md', renderDrillReportMarkdown(report));
 * await writeFile('report.html', renderDrillReportHtml(report));
 * ```
 *
 * @module drs-waves/report
 */

export { type BuildDrillReportInput, buildDrillReport } from './buildDrillReport';
export type {
  DrillReport,
  DrillReportAction,
  DrillReportDecision,
  DrillReportExecution,
  DrillReportServer,
  DrillReportSimulation,
  DrillReportStats,
  DrillReportTarget,
  DrillReportWave,
  SimulatedDrillReport,
} from './DrillReport';
export { formatDuration } from './formatDuration';
export { renderDrillReportHtml } from './renderDrillReportHtml';
export { renderDrillReportMarkdown } from './renderDrillReportMarkdown';
