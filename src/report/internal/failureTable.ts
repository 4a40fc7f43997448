import type { DrillReport } from '../DrillReport';
import { EMPTY_CELL, type TextTable } from './TextTable';
import { serversInStageOrder } from './wavesInStageOrder';

/**
 * Every failed server of a report, one row each: by wave in stage order, then as listed.
 *
 * @example
 * ```ts
 * failureTable(report).rows[0]; // ['s-5817ab4ccdfa96db3', 'app', 'CRITICAL', 'InsufficientInstanceCapacity']
 * ```
 *
 * @internal
 */
export function failureTable(report: DrillReport): TextTable {
  const failed = serversInStageOrder(report).filter((server) => server.verdict === 'FAILED');
  return {
    columns: [{ header: 'Server' }, { header: 'Wave' }, { header: 'Impact' }, { header: 'Error' }],
    rows: failed.map((server) => [
      server.sourceServerId,
      server.waveId,
      server.impact,
      server.error ?? EMPTY_CELL,
    ]),
  };
}
