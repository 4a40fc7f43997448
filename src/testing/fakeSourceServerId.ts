import { InvalidOptionsError } from '../errors';

/**
 * A well-formed, deterministic DRS source server ID for tests and sample plans: the same
 * `index` always gives the same ID, and different indexes give different IDs.
 *
 * @throws `InvalidOptionsError` (from `drs-waves`) when `index` is not a non-negative safe integer.
 *
 * @example
 * ```ts
 * import { fakeSourceServerId } from 'drs-waves/testing';
 *
 * fakeSourceServerId(0); // 's-00000000000000000'
 * fakeSourceServerId(42); // 's-00000000000000016' (42 in base 36)
 * ```
 */
export function fakeSourceServerId(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new InvalidOptionsError('fakeSourceServerId', [
      { path: 'index', message: `Expected a non-negative safe integer, got ${index}` },
    ]);
  }
  return `s-${index.toString(36).padStart(17, '0')}`;
}
