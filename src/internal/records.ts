import { describeValue, type Problem } from '../errors';

/** Whether `value` is a plain object (not `null`, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Three rows of the edit distance table, reused, grown to the longest known field compared. */
let rows: [Int32Array, Int32Array, Int32Array] = [
  new Int32Array(32),
  new Int32Array(32),
  new Int32Array(32),
];

/**
 * The edit distance between `a` and `b` (optimal string alignment: an insertion, a deletion, a
 * substitution or a swap of two neighbours costs 1), or `undefined` once it is sure to exceed
 * `max`.
 */
function editDistance(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  if (rows[0].length <= b.length) {
    const size = b.length + 1;
    rows = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  }
  // Row i - 2, row i - 1 and row i of the table, rotated as i grows.
  let [before, previous, current] = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (ai === bj ? 0 : 1),
      );
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        value = Math.min(value, (before[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // No row has a smaller minimum than the row before it (a swap costs what two steps do).
    if (rowMin > max) return undefined;
    [before, previous, current] = [previous, current, before];
  }
  const distance = previous[b.length] as number;
  return distance <= max ? distance : undefined;
}

/** A known field, and its name in lower case. */
interface Field {
  readonly name: string;
  readonly lower: string;
}

const fieldsOf = (names: readonly string[]): Field[] =>
  names.map((name) => ({ name, lower: name.toLowerCase() }));

/**
 * The known field an unknown `key` most likely misspells, or `undefined` when none is close:
 * one that differs only in case, else the nearest by edit distance (case ignored), within
 * 40% of the key's length. Fields of under three characters are suggested only for a
 * difference of case (`ID` for `id`, never `ab`); ties go to the field listed first.
 */
function closest(key: string, fields: readonly Field[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.floor(key.length * 0.4);
  for (const field of fields) {
    if (field.lower === lower) return field.name;
    if (field.name.length < 3) continue;
    const distance = editDistance(lower, field.lower, bestDistance);
    if (distance !== undefined && (best === undefined || distance < bestDistance)) {
      best = field.name;
      bestDistance = distance;
    }
  }
  return best;
}

/** `Unknown field "dependOn" (did you mean "dependsOn"?)`, the suggestion only when one is close. */
function unknownFieldMessage(key: string, fields: readonly Field[]): string {
  const suggestion = closest(key, fields);
  const hint = suggestion === undefined ? '' : ` (did you mean ${describeValue(suggestion)}?)`;
  return `Unknown field ${describeValue(key)}${hint}`;
}

/**
 * One problem per own key of `value` that `entries` does not define, `__proto__`,
 * `constructor` and `prototype` included (valibot's strict objects report only the first).
 * A key close to a known field is told that field (`did you mean "dependsOn"?`). A known key
 * listed in `nested` whose value is an object is checked against its own entries, one level
 * down.
 */
export function unknownFieldProblems(
  value: Record<string, unknown>,
  entries: Readonly<Record<string, unknown>>,
  path: string,
  nested: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
): Problem[] {
  const problems: Problem[] = [];
  const fields = fieldsOf(Object.keys(entries));
  for (const key of Object.keys(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (!Object.hasOwn(entries, key)) {
      problems.push({ path: at, message: unknownFieldMessage(key, fields) });
      continue;
    }
    const inner = Object.hasOwn(nested, key) ? nested[key] : undefined;
    const child = value[key];
    if (inner !== undefined && isRecord(child))
      problems.push(...unknownFieldProblems(child, inner, at));
  }
  return problems;
}
