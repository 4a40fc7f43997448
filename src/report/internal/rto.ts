import { formatDuration } from '../formatDuration';
import { EMPTY_CELL } from './TextTable';

/**
 * An objective in whole minutes, as people write it: `45 min`, `1 h`, `1 h 30 min`.
 *
 * @example
 * ```ts
 * formatMinutes(90); // '1 h 30 min'
 * ```
 *
 * @internal
 */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest === 0 ? '' : ` ${rest} min`}`;
}

/**
 * A measured recovery time against its objective: `met`, `MISSED`, or an empty cell without
 * an objective. Not recovered at all is a miss.
 *
 * @example
 * ```ts
 * rtoVerdict(30, 1500); // 'met'
 * rtoVerdict(30, undefined); // 'MISSED'
 * rtoVerdict(undefined, 1500); // '—'
 * ```
 *
 * @internal
 */
export function rtoVerdict(
  rtoMinutes: number | undefined,
  recoveredAfterSeconds: number | undefined,
): string {
  if (rtoMinutes === undefined) return EMPTY_CELL;
  return recoveredAfterSeconds !== undefined && recoveredAfterSeconds <= rtoMinutes * 60
    ? 'met'
    : 'MISSED';
}

/**
 * `38 min 10 s of 60 min: met`, for the summary: the measured time, the objective, the verdict.
 *
 * @example
 * ```ts
 * describeRecovery(60, 2290); // '38 min 10 s of an RTO of 1 h: met'
 * ```
 *
 * @internal
 */
export function describeRecovery(
  rtoMinutes: number | undefined,
  recoveredAfterSeconds: number | undefined,
): string {
  const measured =
    recoveredAfterSeconds === undefined ? 'not recovered' : formatDuration(recoveredAfterSeconds);
  if (rtoMinutes === undefined) return measured;
  return `${measured} of an RTO of ${formatMinutes(rtoMinutes)}: ${rtoVerdict(rtoMinutes, recoveredAfterSeconds)}`;
}
