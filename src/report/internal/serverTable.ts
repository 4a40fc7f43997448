import type { DrillReport } from '../DrillReport';
import { formatDuration } from '../formatDuration';
import { EMPTY_CELL, type TextTable } from './TextTable';
import { OWN_TARGET } from './targetTable';
import { offsetLabel, recoveryPointLabel } from './timing';
import { serversInStageOrder } from './wavesInStageOrder';

/**
 * The servers of one wave (or, without `waveId`, of every wave, with a Wave column, by wave in
 * stage order), one row each: verdict, recovery instance, error, when the launch ended and, when
 * DRS reported it, the recovery point (the snapshot it launched from). What an auditor reads,
 * where the timeline only draws. Servers of waves launched from a recovery point also show the
 * snapshot chosen for them and the achieved recovery point (their data's age at the incident).
 *
 * @example
 * ```ts
 * serverTable(report, 'db').rows[0]; // ['s-00000000000000001', 'CRITICAL', 'LAUNCHED', 'i-0a1b2c3d4e5f60718', '—', '+8 min 54 s']
 * ```
 *
 * @internal
 */
export function serverTable(report: DrillReport, waveId?: string): TextTable {
  const servers = serversInStageOrder(report).filter(
    (server) => waveId === undefined || server.waveId === waveId,
  );
  // Shown when DRS reported where the report's instances launched from.
  const points = report.servers.some((s) => s.snapshotAt !== undefined);
  // Shown when a wave launched from a recovery point: the snapshot and the data's age.
  const pit = report.servers.some((s) => s.recoveryPointAgeSeconds !== undefined);
  // Shown when servers ran outside the orchestrator's own account and Region.
  const targets = report.targets !== undefined;
  return {
    columns: [
      { header: 'Server' },
      ...(waveId === undefined ? [{ header: 'Wave' }] : []),
      ...(targets ? [{ header: 'Account' }, { header: 'Region' }] : []),
      { header: 'Impact' },
      { header: 'Verdict' },
      { header: 'Recovery instance' },
      { header: 'Error' },
      { header: 'Ended' },
      ...(points ? [{ header: 'Recovery point' }] : []),
      ...(pit ? [{ header: 'Snapshot' }, { header: 'Recovery point age' }] : []),
    ],
    rows: servers.map((s) => [
      s.sourceServerId,
      ...(waveId === undefined ? [s.waveId] : []),
      ...(targets ? [s.accountId ?? OWN_TARGET, s.region ?? OWN_TARGET] : []),
      s.impact,
      s.verdict,
      s.recoveryInstanceId ?? EMPTY_CELL,
      s.error ?? EMPTY_CELL,
      s.endedAt === undefined ? EMPTY_CELL : offsetLabel(report, s.endedAt),
      ...(points ? [recoveryPointLabel(s.snapshotAt)] : []),
      ...(pit
        ? [
            s.recoverySnapshotId ??
              (s.snapshotChosenBy === 'LATEST' ? 'latest (no snapshot old enough)' : EMPTY_CELL),
            s.recoveryPointAgeSeconds === undefined
              ? EMPTY_CELL
              : formatDuration(s.recoveryPointAgeSeconds),
          ]
        : []),
    ]),
  };
}
