import type { DrillReport } from './DrillReport';
import { actionTable } from './internal/actionTable';
import { decisionTable } from './internal/decisionTable';
import { escapeMarkdown } from './internal/escapeMarkdown';
import { failureTable } from './internal/failureTable';
import { reportTitle } from './internal/labels';
import { leftOutTable } from './internal/leftOutTable';
import { serverTable } from './internal/serverTable';
import { summaryTable } from './internal/summaryTable';
import type { TextTable } from './internal/TextTable';
import { targetTable } from './internal/targetTable';
import { waveTable } from './internal/waveTable';

/**
 * Renders a drill report as GitHub-flavoured Markdown: a title with the plan and the status, a
 * summary table, the error and cause when the execution failed, the injected faults (of a
 * simulation), the waves in stage order, the servers and DRS jobs per account and Region (when
 * the execution reached another than the orchestrator's own), every server and every failed server. Every string from the report is escaped, so IDs and
 * error texts can neither add markup nor break a table. The output ends with a newline.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { type DrillReport, renderDrillReportMarkdown } from 'drs-waves/report';
 *
 * declare const report: DrillReport;
 * await writeFile('drill-report.md', renderDrillReportMarkdown(report));
 * ```
 */
export function renderDrillReportMarkdown(report: DrillReport): string {
  const md = escapeMarkdown;
  const lines: string[] = [`# ${md(reportTitle(report))}`, '', '## Summary', ''];
  lines.push(...markdownTable(summaryTable(report)), '');
  if (report.status === 'FAILED' || report.error !== undefined || report.cause !== undefined) {
    lines.push('## Failure', '');
    if (report.error === undefined && report.cause === undefined) {
      lines.push('No error was recorded.', '');
    }
    if (report.error !== undefined) lines.push(`**Error:** ${md(report.error)}`, '');
    if (report.cause !== undefined) lines.push(`**Cause:** ${md(report.cause)}`, '');
  }
  if (report.simulation !== undefined) {
    const { faults } = report.simulation;
    lines.push('## Injected faults', '');
    if (faults.length === 0) lines.push('None.');
    else lines.push(...faults.map((fault) => `- ${md(fault)}`));
    lines.push('');
  }
  lines.push('## Waves', '');
  const waves = waveTable(report);
  if (waves.rows.length === 0) lines.push('The plan has no waves.');
  else lines.push(...markdownTable(waves));
  const actions = actionTable(report);
  if (actions.rows.length > 0) lines.push('', '## Wave actions', '', ...markdownTable(actions));
  const decisions = decisionTable(report);
  if (decisions.rows.length > 0) {
    lines.push('', '## Failure decisions', '', ...markdownTable(decisions));
  }
  const targets = targetTable(report);
  if (targets !== undefined) {
    lines.push('', '## Accounts and Regions', '', ...markdownTable(targets));
  }
  lines.push('', '## Servers', '');
  const servers = serverTable(report);
  if (servers.rows.length === 0) lines.push('No server.');
  else lines.push(...markdownTable(servers));
  const leftOut = leftOutTable(report);
  if (leftOut.rows.length > 0) {
    lines.push('', '## Servers left out', '', ...markdownTable(leftOut));
  }
  lines.push('', '## Failed servers', '');
  const failures = failureTable(report);
  if (failures.rows.length === 0) lines.push('No server failed.');
  else lines.push(...markdownTable(failures));
  lines.push('', '---', '', `Written by ${md(report.tool.name)} ${md(report.tool.version)}.`, '');
  return lines.join('\n');
}

function markdownTable(table: TextTable): string[] {
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    row(table.columns.map((column) => escapeMarkdown(column.header))),
    row(table.columns.map((column) => (column.numeric === true ? '---:' : '---'))),
    ...table.rows.map((cells) => row(cells.map((cell) => escapeMarkdown(cell)))),
  ];
}
