import { InvalidExecutionTypeError } from '../errors';
import type { ExecutionType } from './types';

/**
 * The execution types, in the order a cautious reader meets them.
 *
 * @example
 * ```ts
 * import { EXECUTION_TYPES } from 'drs-waves';
 *
 * EXECUTION_TYPES.includes('DRILL'); // true
 * ```
 */
export const EXECUTION_TYPES: readonly ExecutionType[] = ['DRILL', 'RECOVERY'];

/**
 * Parses an execution type strictly: exactly `DRILL` or `RECOVERY`, nothing case-folded or
 * trimmed, so a typo can never become a real recovery.
 *
 * @throws {@link InvalidExecutionTypeError} for anything else.
 *
 * @example
 * ```ts
 * import { parseExecutionType } from 'drs-waves';
 *
 * parseExecutionType('DRILL'); // 'DRILL'
 * parseExecutionType('drill'); // throws InvalidExecutionTypeError
 * ```
 */
export function parseExecutionType(value: unknown): ExecutionType {
  if (value === 'DRILL' || value === 'RECOVERY') return value;
  throw new InvalidExecutionTypeError(value);
}
