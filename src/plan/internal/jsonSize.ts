/** How deep a plan may nest: a plan is 5 levels deep, so 32 leaves room and bounds recursion. */
export const MAX_PLAN_DEPTH = 32;

/** The size of a value as JSON, or why it cannot be measured. */
export type JsonSize = { readonly bytes: number } | { readonly problem: 'not-json' | 'too-deep' };

class Unmeasurable extends Error {
  constructor(readonly problem: 'not-json' | 'too-deep') {
    super(problem);
  }
}

/**
 * The size in bytes of `value` (a plan, or a router event) as UTF-8 JSON, as `JSON.stringify`
 * would write it for plain data, measured without building the string: refused when it nests
 * more than `maxDepth` objects and arrays deep (before any deeper recursion), holds a cycle or a
 * `BigInt`, or reading it throws (a getter, a proxy).
 */
export function jsonSize(value: unknown, maxDepth: number = MAX_PLAN_DEPTH): JsonSize {
  try {
    return { bytes: measure(value, 0, new Set(), maxDepth) };
  } catch (error) {
    return { problem: error instanceof Unmeasurable ? error.problem : 'not-json' };
  }
}

const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function measure(value: unknown, depth: number, ancestors: Set<object>, maxDepth: number): number {
  switch (typeof value) {
    case 'string':
      return Buffer.byteLength(JSON.stringify(value), 'utf8');
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
      throw new Unmeasurable('not-json');
    case 'object':
      break;
    default:
      return 4;
  }
  if (value === null) return 4;
  if (depth >= maxDepth) throw new Unmeasurable('too-deep');
  if (ancestors.has(value)) throw new Unmeasurable('not-json');
  ancestors.add(value);
  let bytes = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      bytes +=
        (i > 0 ? 1 : 0) + (omitted(item) ? 4 : measure(item, depth + 1, ancestors, maxDepth));
    }
  } else {
    let first = true;
    for (const key of Object.keys(value)) {
      const item: unknown = (value as Record<string, unknown>)[key];
      if (omitted(item)) continue;
      bytes += (first ? 0 : 1) + Buffer.byteLength(JSON.stringify(key), 'utf8') + 1;
      bytes += measure(item, depth + 1, ancestors, maxDepth);
      first = false;
    }
  }
  ancestors.delete(value);
  return bytes;
}
