import type { DrillReport } from '../DrillReport';
import type { TextTable } from './TextTable';
import { wavesInStageOrder } from './wavesInStageOrder';

/**
 * The servers tag selectors matched but the waves left out (disconnected, archived), one row
 * each, by wave in stage order: shown only when there are some.
 *
 * @example
 * ```ts
 * leftOutTable(report).rows[0]; // ['s-0000000000000000e', 'app', 'DISCONNECTED', 'group pg-shop-app']
 * ```
 *
 * @internal
 */
export function leftOutTable(report: DrillReport): TextTable {
  return {
    columns: [
      { header: 'Server' },
      { header: 'Wave' },
      { header: 'Reason' },
      { header: 'Selected by' },
    ],
    rows: wavesInStageOrder(report).flatMap((wave) =>
      (wave.excludedServers ?? []).map((x) => [
        x.sourceServerId,
        wave.waveId,
        x.reason,
        x.selectedBy,
      ]),
    ),
  };
}
