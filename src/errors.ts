/**
 * The error family of drs-waves.
 *
 * Every error has a literal `name` (never derived from `constructor.name`, which minifiers
 * rename). The names that a Lambda may throw to Step Functions are listed in {@link ErrorName}:
 * the action router throws them and the state machine builder matches them in `Retry` and
 * `Catch`, so both sides read the same constants.
 *
 * @module
 */

const BRAND = Symbol.for('drs-waves.error');

/**
 * The `name` of every error drs-waves throws. Step Functions sees a Lambda error by its name,
 * so these strings are a contract between the action router and the state machine.
 *
 * @example
 * ```ts
 * import { ErrorName } from 'drs-waves';
 *
 * const catchInvalidPlan = { ErrorEquals: [ErrorName.InvalidPlan], Next: 'RecordFailure' };
 * ```
 */
export const ErrorName = {
  /** A recovery plan failed validation. */
  InvalidPlan: 'InvalidPlanError',
  /** Options given to a drs-waves function failed validation. */
  InvalidOptions: 'InvalidOptionsError',
  /** An execution type other than exactly `DRILL` or `RECOVERY`. */
  InvalidExecutionType: 'InvalidExecutionTypeError',
} as const;

/**
 * One of the literal error names in {@link ErrorName}.
 *
 * @example
 * ```ts
 * import type { ErrorNameValue } from 'drs-waves';
 *
 * const name: ErrorNameValue = 'InvalidPlanError';
 * ```
 */
export type ErrorNameValue = (typeof ErrorName)[keyof typeof ErrorName];

/**
 * One problem found while validating input: where it is and what is wrong.
 *
 * @example
 * ```ts
 * import type { Problem } from 'drs-waves';
 *
 * const problem: Problem = { path: 'waves[1].id', message: 'Duplicate wave ID "app"' };
 * ```
 */
export interface Problem {
  /** Where the problem is, as a path into the input (`waves[0].servers[2]`); empty for the root. */
  readonly path: string;
  /** What is wrong, naming the bad value. */
  readonly message: string;
}

/**
 * Base class of every error drs-waves throws. Use {@link isDrsWavesError} rather than
 * `instanceof` to recognise it: the guard also works when the package is loaded twice
 * (once as ESM and once as CommonJS).
 *
 * @example
 * ```ts
 * import { isDrsWavesError, parseRecoveryPlan } from 'drs-waves';
 *
 * try {
 *   parseRecoveryPlan({});
 * } catch (error) {
 *   if (isDrsWavesError(error)) console.error(error.name, error.message);
 * }
 * ```
 */
export abstract class DrsWavesError extends Error {
  /** The literal error name, one of {@link ErrorName}. */
  abstract override readonly name: ErrorNameValue;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

function formatProblems(subject: string, problems: readonly Problem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `- ${p.path === '' ? '(root)' : p.path}: ${p.message}`);
  return [`${subject} (${count}):`, ...lines].join('\n');
}

/**
 * A recovery plan failed validation. `problems` lists every problem found, each with its path;
 * the message lists them too, one per line.
 *
 * @example
 * ```ts
 * import { isInvalidPlanError, parseRecoveryPlan } from 'drs-waves';
 *
 * try {
 *   parseRecoveryPlan({ id: 'app', waves: [] });
 * } catch (error) {
 *   if (isInvalidPlanError(error)) for (const p of error.problems) console.error(p.path, p.message);
 * }
 * ```
 */
export class InvalidPlanError extends DrsWavesError {
  override readonly name = ErrorName.InvalidPlan;
  /** Every problem found in the plan. */
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(formatProblems('Invalid recovery plan', problems));
    this.problems = problems;
  }
}

/**
 * Options given to a drs-waves function failed validation. `problems` lists every problem.
 *
 * @example
 * ```ts
 * import { InvalidOptionsError } from 'drs-waves';
 *
 * const error = new InvalidOptionsError('buildPollingStateMachine', [
 *   { path: 'pollIntervalSeconds', message: 'Expected a positive integer, got 0' },
 * ]);
 * console.log(error.message);
 * ```
 */
export class InvalidOptionsError extends DrsWavesError {
  override readonly name = ErrorName.InvalidOptions;
  /** Every problem found in the options. */
  readonly problems: readonly Problem[];
  /** The function whose options were invalid. */
  readonly functionName: string;

  constructor(functionName: string, problems: readonly Problem[]) {
    super(formatProblems(`Invalid options for ${functionName}`, problems));
    this.functionName = functionName;
    this.problems = problems;
  }
}

/**
 * An execution type other than exactly `DRILL` or `RECOVERY`. Nothing is case-folded: a typo
 * never becomes a real recovery.
 *
 * @example
 * ```ts
 * import { isInvalidExecutionTypeError, parseExecutionType } from 'drs-waves';
 *
 * try {
 *   parseExecutionType('drill');
 * } catch (error) {
 *   if (isInvalidExecutionTypeError(error)) console.error(error.value); // 'drill'
 * }
 * ```
 */
export class InvalidExecutionTypeError extends DrsWavesError {
  override readonly name = ErrorName.InvalidExecutionType;
  /** The value that was given. */
  readonly value: unknown;

  constructor(value: unknown) {
    super(`Expected execution type "DRILL" or "RECOVERY", got ${describeValue(value)}`);
    this.value = value;
  }
}

/**
 * Renders a value for an error message: strings quoted, other values by type, long values cut.
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
    return JSON.stringify(shown);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'nothing';
  return String(value);
}

/**
 * Whether `error` is any drs-waves error, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isDrsWavesError } from 'drs-waves';
 *
 * function describe(error: unknown): string {
 *   return isDrsWavesError(error) ? `${error.name}: ${error.message}` : String(error);
 * }
 * ```
 */
export function isDrsWavesError(error: unknown): error is DrsWavesError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[BRAND] === true &&
    typeof (error as { name?: unknown }).name === 'string'
  );
}

function isNamed<T extends DrsWavesError>(error: unknown, name: ErrorNameValue): error is T {
  return isDrsWavesError(error) && error.name === name;
}

/**
 * Whether `error` is an {@link InvalidPlanError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isInvalidPlanError, parseRecoveryPlan } from 'drs-waves';
 *
 * try {
 *   parseRecoveryPlan(JSON.parse('{"id":"p","waves":[]}'));
 * } catch (error) {
 *   if (isInvalidPlanError(error)) console.error(error.problems);
 * }
 * ```
 */
export function isInvalidPlanError(error: unknown): error is InvalidPlanError {
  return isNamed(error, ErrorName.InvalidPlan);
}

/**
 * Whether `error` is an {@link InvalidOptionsError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { InvalidOptionsError, isInvalidOptionsError } from 'drs-waves';
 *
 * const error: unknown = new InvalidOptionsError('f', [{ path: 'x', message: 'bad' }]);
 * if (isInvalidOptionsError(error)) console.error(error.problems);
 * ```
 */
export function isInvalidOptionsError(error: unknown): error is InvalidOptionsError {
  return isNamed(error, ErrorName.InvalidOptions);
}

/**
 * Whether `error` is an {@link InvalidExecutionTypeError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isInvalidExecutionTypeError, parseExecutionType } from 'drs-waves';
 *
 * try {
 *   parseExecutionType('RECOVER');
 * } catch (error) {
 *   if (isInvalidExecutionTypeError(error)) console.error(error.message);
 * }
 * ```
 */
export function isInvalidExecutionTypeError(error: unknown): error is InvalidExecutionTypeError {
  return isNamed(error, ErrorName.InvalidExecutionType);
}
