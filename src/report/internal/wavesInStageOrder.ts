import type { DrillReport, DrillReportWave } from '../DrillReport';

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
