const DURATION =
  /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Seconds per unit, in the order of the pattern's groups: a year as 365 days, a month as 30. */
const UNIT_SECONDS = [365 * 86_400, 30 * 86_400, 7 * 86_400, 86_400, 3600, 60, 1] as const;

/**
 * An ISO 8601 duration (`PT0S`, `PT1H30M`, `P1DT2H`, `PT0.5S`), as DRS writes
 * `dataReplicationInfo.lagDuration`, in seconds; `undefined` when the text is not one (`P`,
 * `PT` and `1H` are not).
 */
export function parseIsoDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim().toUpperCase());
  if (match === null || text.trim().toUpperCase().endsWith('T')) return undefined;
  const parts = match.slice(1);
  if (parts.every((part) => part === undefined)) return undefined;
  return parts.reduce(
    (sum, part, i) =>
      part === undefined ? sum : sum + Number(part.replace(',', '.')) * (UNIT_SECONDS[i] ?? 0),
    0,
  );
}
