import type { DrillReport } from '../DrillReport';
import { EMPTY_CELL, type TextTable } from './TextTable';
import { wavesInStageOrder } from './wavesInStageOrder';

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
  const order = new Map(wavesInStageOrder(report).map((wave, index) => [wave.waveId, index]));
  const rank = (waveId: string) => order.get(waveId) ?? order.size;
  const failed = report.servers
    .map((server, index) => ({ server, index }))
    .filter(({ server }) => server.verdict === 'FAILED')
    .sort((a, b) => rank(a.server.waveId) - rank(b.server.waveId) || a.index - b.index);
  return {
    columns: [{ header: 'Server' }, { header: 'Wave' }, { header: 'Impact' }, { header: 'Error' }],
    rows: failed.map(({ server }) => [
      server.sourceServerId,
      server.waveId,
      server.impact,
      server.error ?? EMPTY_CELL,
    ]),
  };
}
