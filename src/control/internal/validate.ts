import type * as v from 'valibot';
import { option, optionsObject } from '../../internal/options';

/** Execution IDs: also the Step Functions execution name, and the router's pattern. */
export const EXECUTION_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Plan and wave IDs, as the plan model allows them. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The longest `cause` Step Functions takes (`SendTaskFailure`, `StopExecution`). */
export const MAX_CAUSE_LENGTH = 32_768;
/** The longest `decidedBy` or `requestedBy` kept. */
export const MAX_PRINCIPAL_LENGTH = 2048;

/** An ID of 1 to `max` letters, digits, `-` or `_` matching `pattern`; `what` names it. */
export const idOf = (pattern: RegExp, max: number, what: string) =>
  option(
    (value): value is string => typeof value === 'string' && pattern.test(value),
    (shown) => `Expected ${what} of 1 to ${max} letters, digits, "-" or "_", got ${shown}`,
  );

/** An execution ID. */
export const executionId = idOf(EXECUTION_ID, 80, 'an execution ID');

/** A non-blank string of at most `max` characters, named `path` in messages. */
export const text = (path: string, max: number) =>
  option(
    (value): value is string =>
      typeof value === 'string' && value.trim() !== '' && value.length <= max,
    (shown, value) =>
      typeof value === 'string' && value.trim() !== ''
        ? `Expected ${path} of at most ${max} characters, got ${value.length}`
        : `Expected ${path} as a non-empty string, got ${shown}`,
  );

/** A control-plane request: a plain object with exactly these fields. */
export const requestSchema = <const E extends v.ObjectEntries>(entries: E) =>
  optionsObject(entries, 'a request object');
