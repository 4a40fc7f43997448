import type { DrillReport } from '../DrillReport';
import type { TextTable } from './TextTable';

/** How the orchestrator's own account or Region reads in a report. */
export const OWN_TARGET = '(orchestrator)';

/**
 * The servers and DRS jobs per (account, Region) of a report, grouped by account, the
 * orchestrator's own first; `undefined` when everything ran in the orchestrator's own.
 *
 * @example
 * ```ts
 * targetTable(report)?.rows[0]; // ['111122223333', 'eu-west-1', 'database', '1', '2', '2', '0']
 * ```
 *
 * @internal
 */
export function targetTable(report: DrillReport): TextTable | undefined {
  if (report.targets === undefined) return undefined;
  return {
    columns: [
      { header: 'Account' },
      { header: 'Region' },
      { header: 'Waves' },
      { header: 'DRS jobs', numeric: true },
      { header: 'Servers', numeric: true },
      { header: 'Launched', numeric: true },
      { header: 'Failed', numeric: true },
    ],
    rows: report.targets.map((t) => [
      t.accountId ?? OWN_TARGET,
      t.region ?? OWN_TARGET,
      t.waveIds.join(', '),
      String(t.jobIds.length),
      String(t.serverCount),
      String(t.launched),
      String(t.failed),
    ]),
  };
}
