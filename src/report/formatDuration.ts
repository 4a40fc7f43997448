/**
 * Formats a number of seconds for a person: `45 s`, `8 min 54 s`, `1 h 02 min 05 s`. The value is
 * rounded to whole seconds first; minutes and seconds are zero-padded once a larger unit leads.
 * A negative value gets a leading `-`; a value that is not a finite number gives `unknown`.
 *
 * @example
 * ```ts
 * import { formatDuration } from 'drs-waves/testing';
 *
 * formatDuration(45); // '45 s'
 * formatDuration(534); // '8 min 54 s'
 * formatDuration(3725); // '1 h 02 min 05 s'
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && total > 0 ? '-' : '';
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return `${sign}${hours} h ${pad(minutes)} min ${pad(secs)} s`;
  if (minutes > 0) return `${sign}${minutes} min ${pad(secs)} s`;
  return `${sign}${secs} s`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
