import type { DrillReport } from '../DrillReport';
import { formatDuration } from '../formatDuration';
import { namedLabel } from './labels';
import { describeRecovery } from './rto';
import type { TextTable } from './TextTable';
import { recoveryPointLabel, reportEnd } from './timing';

/** The most events one Step Functions standard execution's history may hold. */
const HISTORY_EVENT_LIMIT = 25_000;
/** The largest state input or output Step Functions accepts, in bytes (256 KiB). */
const PAYLOAD_BYTE_LIMIT = 262_144;

/** The order wave statuses are counted in; others follow alphabetically. */
const WAVE_STATUS_ORDER = [
  'COMPLETED',
  'FAILED',
  'TIMED_OUT',
  'STARTED',
  'AWAITING_APPROVAL',
  'NOT_STARTED',
];

/**
 * The summary of a report as a two-column table (item, value), shared by both renderers.
 *
 * @example
 * ```ts
 * summaryTable(report).rows[0]; // ['Plan', 'shop (Shop)']
 * ```
 *
 * @internal
 */
export function summaryTable(report: DrillReport): TextTable {
  const { stats, simulation } = report;
  const recoveryPoints = report.waves.flatMap((w) =>
    w.recoveryPointAt === undefined ? [] : [w.recoveryPointAt],
  );
  return {
    columns: [{ header: 'Item' }, { header: 'Value' }],
    rows: [
      ['Plan', namedLabel(report.plan.id, report.plan.name)],
      ['Execution ID', report.executionId],
      ['Execution type', report.executionType],
      ['Status', report.status],
      ...(report.plan.rtoMinutes === undefined && report.recoveredAfterSeconds === undefined
        ? []
        : [
            [
              'Recovery time',
              describeRecovery(report.plan.rtoMinutes, report.recoveredAfterSeconds),
            ],
          ]),
      ...(recoveryPoints.length === 0
        ? []
        : [['Oldest recovery point', recoveryPointLabel(recoveryPoints.sort()[0])]]),
      ...(simulation === undefined
        ? [
            ['Duration', formatDuration(report.durationSeconds)],
            [
              'Clock',
              report.endedAt === undefined
                ? `${report.startedAt}, running at ${report.reportedAt}`
                : `${report.startedAt} to ${report.endedAt}`,
            ],
          ]
        : [
            ['Simulated duration', formatDuration(report.durationSeconds)],
            ['Simulated clock', `${report.startedAt} to ${reportEnd(report)}`],
            ['Wall time', formatDuration(simulation.wallSeconds)],
            ['Seed', String(simulation.seed)],
          ]),
      ['Waves', describeWaves(report)],
      ['Servers', describeServers(report)],
      ...(stats === undefined
        ? []
        : [
            ['State transitions', formatCount(stats.stateTransitions)],
            ['Lambda invocations', formatCount(stats.lambdaInvocations)],
            [
              'Largest history',
              `${formatCount(stats.largestHistoryEvents)} events (${percent(stats.largestHistoryEvents, HISTORY_EVENT_LIMIT)} of the 25,000 limit)`,
            ],
            [
              'Largest payload',
              `${formatCount(stats.largestPayloadBytes)} bytes (${percent(stats.largestPayloadBytes, PAYLOAD_BYTE_LIMIT)} of the 256 KiB limit)`,
            ],
            ['DRS calls', describeDrsCalls(stats.drsCalls)],
          ]),
    ],
  };
}

function describeWaves(report: DrillReport): string {
  const counts = new Map<string, number>();
  for (const wave of report.waves) counts.set(wave.status, (counts.get(wave.status) ?? 0) + 1);
  const statuses = [...counts.keys()].sort((a, b) => rank(a) - rank(b) || compare(a, b));
  const stages = report.stages.length === 1 ? '1 stage' : `${report.stages.length} stages`;
  const parts = statuses.map((status) => `${counts.get(status) ?? 0} ${status}`);
  return `${report.waves.length} in ${stages}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

function rank(status: string): number {
  const index = WAVE_STATUS_ORDER.indexOf(status);
  return index === -1 ? WAVE_STATUS_ORDER.length : index;
}

function describeServers(report: DrillReport): string {
  const count = (verdict: string) => report.servers.filter((s) => s.verdict === verdict).length;
  return `${formatCount(report.servers.length)}: ${count('LAUNCHED')} launched, ${count('FAILED')} failed, ${count('PENDING')} pending`;
}

function describeDrsCalls(calls: Readonly<Record<string, number>>): string {
  const entries = Object.entries(calls).sort(([a], [b]) => compare(a, b));
  if (entries.length === 0) return 'none';
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return `${formatCount(total)}: ${entries.map(([op, n]) => `${op} ${formatCount(n)}`).join(', ')}`;
}

function formatCount(value: number): string {
  return Number.isInteger(value)
    ? String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    : String(value);
}

function percent(value: number, limit: number): string {
  const share = (value / limit) * 100;
  return share > 0 && share < 0.1 ? '<0.1%' : `${share.toFixed(1)}%`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
