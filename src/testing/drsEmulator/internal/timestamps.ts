/**
 * Virtual time in microseconds since the epoch, and its wire format: DRS writes timestamps as
 * ISO 8601 strings with microseconds and a `+00:00` offset (`2022-12-07T19:25:59.603330+00:00`).
 *
 * @module
 */

/** Microseconds in one millisecond. */
export const MICROS_PER_MS = 1000;
/** Microseconds in one second. */
export const MICROS_PER_SECOND = 1_000_000;

/** Formats a time in microseconds as DRS does: `2022-12-07T19:25:59.603330+00:00`. */
export function formatTimestamp(micros: number): string {
  const whole = Math.floor(micros);
  const millis = Math.floor(whole / MICROS_PER_MS);
  const seconds = new Date(millis).toISOString().slice(0, 19);
  const fraction = (((whole % MICROS_PER_SECOND) + MICROS_PER_SECOND) % MICROS_PER_SECOND)
    .toString()
    .padStart(6, '0');
  return `${seconds}.${fraction}+00:00`;
}

/**
 * Formats a time in microseconds as EventBridge writes an event's `time`: to the second, the
 * fraction cut off (`2022-12-07T19:25:59Z`).
 */
export function formatEventTime(micros: number): string {
  return `${new Date(Math.floor(micros / MICROS_PER_SECOND) * 1000).toISOString().slice(0, 19)}Z`;
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date or date-time (any fraction length, `Z` or an offset; no offset means
 * UTC) into microseconds; `undefined` when the string is not one.
 */
export function parseTimestamp(text: string): number | undefined {
  const match = ISO_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const millis = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour ?? 0),
    Number(minute ?? 0),
    Number(second ?? 0),
  );
  if (Number.isNaN(millis)) return undefined;
  const fractionMicros = Number((fraction ?? '').padEnd(6, '0').slice(0, 6));
  let offsetMinutes = 0;
  if (offset !== undefined && offset.toUpperCase() !== 'Z') {
    const digits = offset.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return (millis - offsetMinutes * 60_000) * MICROS_PER_MS + fractionMicros;
}

/** A duration as ISO 8601, in hours, minutes and whole seconds (`PT2H5M`, `PT0S`). */
export function isoDuration(micros: number): string {
  const total = Math.max(0, Math.floor(micros / MICROS_PER_SECOND));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${seconds > 0 ? `${seconds}S` : ''}`;
  return `PT${parts === '' ? '0S' : parts}`;
}
