import type { DrillReport } from '../../report/DrillReport';
import { formatDuration } from '../../report/formatDuration';

/** The end-of-drill summary table, as lines of aligned text. */
export function summaryLines(report: DrillReport): string[] {
  const start = Date.parse(report.startedAt);
  const at = (iso: string | undefined) =>
    iso === undefined ? '-' : `+${formatDuration((Date.parse(iso) - start) / 1000)}`;
  const rows = [
    ['Stage', 'Wave', 'Status', 'Servers', 'Launched', 'Failed', 'Started', 'Duration'],
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
      ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: string[]) =>
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
