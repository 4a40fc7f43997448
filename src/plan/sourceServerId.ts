/**
 * The pattern of a DRS source server ID: `s-` followed by 17 letters or digits.
 *
 * @example
 * ```ts
 * import { SOURCE_SERVER_ID_PATTERN } from 'drs-waves';
 *
 * SOURCE_SERVER_ID_PATTERN.test('s-1234567890abcdef0'); // true
 * ```
 */
export const SOURCE_SERVER_ID_PATTERN: RegExp = /^s-[0-9a-zA-Z]{17}$/;

/**
 * Whether `value` is a well-formed DRS source server ID.
 *
 * @example
 * ```ts
 * import { isSourceServerId } from 'drs-waves';
 *
 * isSourceServerId('s-1234567890abcdef0'); // true
 * isSourceServerId('i-1234567890abcdef0'); // false
 * ```
 */
export function isSourceServerId(value: unknown): value is string {
  return typeof value === 'string' && SOURCE_SERVER_ID_PATTERN.test(value);
}
