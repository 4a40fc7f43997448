import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DrillReport } from '../../report/DrillReport';
import { formatDuration } from '../../report/formatDuration';
import { targetTable } from '../../report/internal/targetTable';
import { renderDrillReportHtml } from '../../report/renderDrillReportHtml';
import { renderDrillReportMarkdown } from '../../report/renderDrillReportMarkdown';

/** Writes a report as `drill-report.json`, `.md` and `.html` into `dir`; answers the HTML's path. */
export async function writeReportFiles(dir: string, report: DrillReport): Promise<string> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'drill-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(out, 'drill-report.md'), renderDrillReportMarkdown(report));
  const html = join(out, 'drill-report.html');
  await writeFile(html, renderDrillReportHtml(report));
  return html;
}

/** The end-of-drill summary table, as lines of aligned text. */
export function summaryLines(report: DrillReport): string[] {
  const start = Date.parse(report.startedAt);
  const at = (iso: string | undefined) =>
    iso === undefined ? '-' : `+${formatDuration((Date.parse(iso) - start) / 1000)}`;
  // Shown when a wave launched from a recovery point: the age of its oldest data then.
  const pit = report.waves.some((w) => w.recoveryPointAgeSeconds !== undefined);
  const rows = [
    [
      'Stage',
      'Wave',
      'Status',
      'Servers',
      'Launched',
      'Failed',
      'Started',
      'Duration',
      ...(pit ? ['Recovery point age'] : []),
    ],
    ...[...report.waves]
      .sort((a, b) => a.stage - b.stage)
      .map((w) => [
        String(w.stage + 1),
        w.waveId,
        w.status,
        String(w.serverCount),
        String(w.launched),
        String(w.failed),
        at(w.startedAt),
        w.startedAt && w.endedAt
          ? formatDuration((Date.parse(w.endedAt) - Date.parse(w.startedAt)) / 1000)
          : '-',
        ...(pit
          ? [
              w.recoveryPointAgeSeconds === undefined
                ? '-'
                : formatDuration(w.recoveryPointAgeSeconds),
            ]
          : []),
      ]),
  ];
  const targets = targetTable(report);
  return [
    ...plainTable(rows),
    // The servers and DRS jobs per account and Region, when the plan names others.
    ...(targets === undefined
      ? []
      : ['', ...plainTable([targets.columns.map((c) => c.header), ...targets.rows])]),
    // Failure decisions, and what they left: not a clean success.
    ...(report.decisions ?? []).map(
      (d) =>
        `Decision on wave ${d.waveId} (attempt ${d.attempt}): ${d.status}${d.decidedBy === undefined ? '' : ` by ${d.decidedBy}`}`,
    ),
    ...(report.skippedWaveIds?.length
      ? [`Skipped waves: ${report.skippedWaveIds.join(', ')} (the execution went on without them)`]
      : []),
  ];
}

/** Rows as aligned plain text: the first is the header, underlined. */
function plainTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(rows[0] ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ];
}
