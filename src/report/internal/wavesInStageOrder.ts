import type { DrillReport, DrillReportServer, DrillReportWave } from '../DrillReport';

/**
 * The report's waves in stage order: by `stage`, then by their place in `report.stages`, then as
 * listed in `report.waves`.
 *
 * @example
 * ```ts
 * wavesInStageOrder(report).map((wave) => wave.waveId); // ['db', 'cache', 'app']
 * ```
 *
 * @internal
 */
export function wavesInStageOrder(report: DrillReport): DrillReportWave[] {
  const place = new Map<string, number>();
  for (const stage of report.stages) {
    stage.forEach((waveId, index) => {
      if (!place.has(waveId)) place.set(waveId, index);
    });
  }
  return report.waves
    .map((wave, index) => ({ wave, index }))
    .sort(
      (a, b) =>
        a.wave.stage - b.wave.stage ||
        (place.get(a.wave.waveId) ?? Number.MAX_SAFE_INTEGER) -
          (place.get(b.wave.waveId) ?? Number.MAX_SAFE_INTEGER) ||
        a.index - b.index,
    )
    .map(({ wave }) => wave);
}

/**
 * The report's servers by wave in stage order (servers of no known wave last), then as listed.
 *
 * @example
 * ```ts
 * serversInStageOrder(report).map((s) => s.waveId); // ['db', 'db', 'app', 'app']
 * ```
 *
 * @internal
 */
export function serversInStageOrder(report: DrillReport): DrillReportServer[] {
  const order = new Map(wavesInStageOrder(report).map((wave, index) => [wave.waveId, index]));
  const rank = (waveId: string) => order.get(waveId) ?? order.size;
  return report.servers
    .map((server, index) => ({ server, index }))
    .sort((a, b) => rank(a.server.waveId) - rank(b.server.waveId) || a.index - b.index)
    .map(({ server }) => server);
}
