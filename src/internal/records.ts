import { describeValue, type Problem } from '../errors';

/** Whether `value` is a plain object (not `null`, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One problem per own key of `value` that `entries` does not define, `__proto__`,
 * `constructor` and `prototype` included (valibot's strict objects report only the first).
 * A known key listed in `nested` whose value is an object is checked against its own entries,
 * one level down.
 */
export function unknownFieldProblems(
  value: Record<string, unknown>,
  entries: Readonly<Record<string, unknown>>,
  path: string,
  nested: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (!Object.hasOwn(entries, key)) {
      problems.push({ path: at, message: `Unknown field ${describeValue(key)}` });
      continue;
    }
    const inner = Object.hasOwn(nested, key) ? nested[key] : undefined;
    const child = value[key];
    if (inner !== undefined && isRecord(child))
      problems.push(...unknownFieldProblems(child, inner, at));
  }
  return problems;
}
