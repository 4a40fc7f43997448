/**
 * The pattern of an AWS account ID: 12 digits.
 *
 * @example
 * ```ts
 * import { ACCOUNT_ID_PATTERN } from 'drs-waves';
 *
 * ACCOUNT_ID_PATTERN.test('111122223333'); // true
 * ```
 */
export const ACCOUNT_ID_PATTERN: RegExp = /^\d{12}$/;

/**
 * Whether `value` is a well-formed AWS account ID (12 digits).
 *
 * @example
 * ```ts
 * import { isAccountId } from 'drs-waves';
 *
 * isAccountId('111122223333'); // true
 * isAccountId('1111-2222-3333'); // false
 * ```
 */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID_PATTERN.test(value);
}
