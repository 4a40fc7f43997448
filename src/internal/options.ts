/**
 * The one mechanism behind every options validator: a valibot schema for the shapes and values,
 * optional rules across fields, and {@link unknownFieldProblems} for unknown keys, all turned
 * into {@link Problem}s and thrown at once in one {@link InvalidOptionsError}.
 *
 * @module
 */

import * as v from 'valibot';
import { describeValue, InvalidOptionsError, type Problem } from '../errors';
import { issuePath } from '../plan/internal/schema';
import { isRecord, unknownFieldProblems } from './records';

type AnyIssue = v.BaseIssue<unknown>;

/** The message of `schema` for `value`: its first issue's, or `undefined` when it accepts it. */
function firstMessage(schema: v.GenericSchema, value: unknown): string | undefined {
  const result = v.safeParse(schema, value);
  return result.success ? undefined : result.issues[0]?.message;
}

/**
 * An object of options, or a nested one: anything but a plain object (`null`, an array, a
 * primitive) is refused with `Expected <what>, got <value>`. A required key left out is
 * reported as its own schema reports `undefined` (`` Expected `lambdaArn` to be a non-empty
 * string, got nothing ``), so it reads the same whether it is missing or `undefined`. Unknown
 * keys are dropped from the output here and reported by {@link parseOptions}.
 */
export function optionsObject<const E extends v.ObjectEntries>(entries: E, what: string) {
  const notObject = (issue: AnyIssue) => `Expected ${what}, got ${describeValue(issue.input)}`;
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, notObject),
    v.object(entries, (issue) => {
      const key = issue.path?.at(-1)?.key;
      const entry = typeof key === 'string' && Object.hasOwn(entries, key) ? entries[key] : null;
      return (entry && firstMessage(entry, undefined)) ?? notObject(issue);
    }),
  );
}

/** What {@link optionsObject} returns: a plain-object check, then the object schema. */
export type OptionsObjectSchema = ReturnType<typeof optionsObject<v.ObjectEntries>>;

/**
 * A value that `guard` accepts, else an issue whose message is `message(shown, value)`, `shown`
 * being the value as `describeValue` renders it (`` Expected `seed` to be a safe integer, got
 * 1.5 ``).
 */
export function option<T>(
  guard: (value: unknown) => value is T,
  message: (shown: string, value: unknown) => string,
) {
  return v.custom<T>(guard, (issue) => message(describeValue(issue.input), issue.input));
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const isFunction = (value: unknown): value is (...args: never[]) => unknown =>
  typeof value === 'function';

/**
 * A dependency that is an object (a client, a store, a port): its methods are the types'
 * business, but it is there. `what` names it (`a DRS port`).
 */
export const instance = (name: string, what: string) =>
  option(isObject, (shown) => `Expected \`${name}\` to be ${what}, got ${shown}`);

/** An optional function (a clock, a callback). */
export const callback = (name: string) =>
  v.optional(option(isFunction, (shown) => `Expected \`${name}\` to be a function, got ${shown}`));

/** The problems of valibot issues, each at its path (`lambdaRetry.backoffRate`, `ids[2]`). */
export function issueProblems(issues: readonly AnyIssue[]): Problem[] {
  return issues.map((issue) => ({ path: issuePath(issue), message: issue.message }));
}

/** How {@link parseOptions} reads the options beyond their schema. */
export interface ParseOptionsSettings {
  /**
   * The entries of nested option objects, by key (`lambdaRetry`, `faults`): their unknown keys
   * are refused too.
   */
  readonly nested?: Readonly<Record<string, v.ObjectEntries>>;
  /**
   * Rules across fields, reading the raw input leniently: a value the schema refuses is left to
   * it, so that one call reports shape and cross-field problems together.
   */
  readonly rules?: (input: Record<string, unknown>) => readonly Problem[];
}

/**
 * Validates the options `input` of `functionName` and returns them typed, defaults applied and
 * unknown keys dropped. Problems come in this order, all in one {@link InvalidOptionsError}:
 * those of the schema (in the order of its entries), those of the rules, then one per unknown
 * key at any level listed in `nested`, with `did you mean` when the key is close to a known one.
 *
 * @throws {@link InvalidOptionsError} listing every problem.
 */
export function parseOptions<const S extends OptionsObjectSchema>(
  functionName: string,
  schema: S,
  input: unknown,
  settings: ParseOptionsSettings = {},
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  const problems = result.success ? [] : issueProblems(result.issues);
  if (isRecord(input)) {
    problems.push(...(settings.rules?.(input) ?? []));
    const entries = schema.pipe[1].entries;
    problems.push(...unknownFieldProblems(input, entries, '', settings.nested));
  }
  if (problems.length > 0 || !result.success) throw new InvalidOptionsError(functionName, problems);
  return result.output;
}
