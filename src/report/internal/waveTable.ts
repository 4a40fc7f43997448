import type { DrillReport } from '../DrillReport';
import { formatDuration } from '../formatDuration';
import { namedLabel } from './labels';
import { formatMinutes, rtoVerdict } from './rto';
import { EMPTY_CELL, type TextTable } from './TextTable';
import { offsetLabel, recoveryPointLabel, spanLabel } from './timing';
import { wavesInStageOrder } from './wavesInStageOrder';

/**
 * The waves of a report in stage order, one row each. Stages are numbered from 1 for people
 * (the report's `stage` is 0-based); times are offsets from the execution's start.
 *
 * @example
 * ```ts
 * waveTable(report).rows[0]; // ['1', 'db', 'COMPLETED', '2', '2', '0', '+0 s', '+8 min 54 s', '8 min 54 s']
 * ```
 *
 * @internal
 */
export function waveTable(report: DrillReport): TextTable {
  // Shown only when a wave waited for DRS quota (account-wide jobs left it no room).
  const quota = report.waves.some((w) => (w.quotaWaitSeconds ?? 0) > 0);
  // Shown when the plan or a wave sets a recovery-time objective.
  const rto =
    report.plan.rtoMinutes !== undefined || report.waves.some((w) => w.rtoMinutes !== undefined);
  // Shown when DRS reported the snapshots the waves' servers launched from.
  const points = report.waves.some((w) => w.recoveryPointAt !== undefined);
  // Shown for a recovery resumed across executions: which one ran each wave.
  const executions = report.waves.some((w) => w.executionId !== undefined);
  // Shown when a failure decision retried a wave.
  const attempts = report.waves.some((w) => (w.attempts ?? 1) > 1);
  // Shown when a wave launched from a recovery point: its data's age at the incident.
  const pit = report.waves.some((w) => w.recoveryPointAgeSeconds !== undefined);
  return {
    columns: [
      { header: 'Stage', numeric: true },
      { header: 'Wave' },
      ...(executions ? [{ header: 'Execution' }] : []),
      { header: 'Status' },
      ...(attempts ? [{ header: 'Attempts', numeric: true }] : []),
      { header: 'Servers', numeric: true },
      { header: 'Launched', numeric: true },
      { header: 'Failed', numeric: true },
      { header: 'Started' },
      { header: 'Ended' },
      { header: 'Duration' },
      ...(quota ? [{ header: 'Quota wait' }] : []),
      ...(rto ? [{ header: 'Recovered after' }, { header: 'RTO' }, { header: 'RTO met' }] : []),
      ...(points ? [{ header: 'Oldest recovery point' }] : []),
      ...(pit ? [{ header: 'Recovery point age' }] : []),
    ],
    rows: wavesInStageOrder(report).map((wave) => [
      String(wave.stage + 1),
      namedLabel(wave.waveId, wave.name),
      ...(executions ? [wave.executionId ?? EMPTY_CELL] : []),
      wave.status,
      ...(attempts ? [String(wave.attempts ?? 1)] : []),
      String(wave.serverCount),
      String(wave.launched),
      String(wave.failed),
      offsetLabel(report, wave.startedAt),
      offsetLabel(report, wave.endedAt),
      spanLabel(wave.startedAt, wave.endedAt),
      ...(quota ? [formatDuration(wave.quotaWaitSeconds ?? 0)] : []),
      ...(rto
        ? [
            wave.recoveredAfterSeconds === undefined
              ? EMPTY_CELL
              : formatDuration(wave.recoveredAfterSeconds),
            wave.rtoMinutes === undefined ? EMPTY_CELL : formatMinutes(wave.rtoMinutes),
            rtoVerdict(wave.rtoMinutes, wave.recoveredAfterSeconds),
          ]
        : []),
      ...(points ? [recoveryPointLabel(wave.recoveryPointAt)] : []),
      ...(pit
        ? [
            wave.recoveryPointAgeSeconds === undefined
              ? EMPTY_CELL
              : formatDuration(wave.recoveryPointAgeSeconds),
          ]
        : []),
    ]),
  };
}
