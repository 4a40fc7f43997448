/**
 * Robustness properties of the two parsers of untrusted input: `parseRecoveryPlan` and the
 * action router's event parsing. Whatever they are given (random JSON, values JSON cannot hold,
 * deep nesting, huge arrays and strings, odd keys, and valid plans and events broken in random
 * ways) they return or throw a drs-waves error: never a TypeError, never a RangeError.
 *
 * Seeded: every run tries the same inputs. Change SEED locally to explore further.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type DrsWavesError,
  ErrorName,
  isDrsWavesError,
  isInvalidEventError,
  isInvalidPlanError,
  isUnknownActionError,
  parseRecoveryPlan,
  planStages,
} from '../src/index';
import { parseEvent } from '../src/router/internal/schemas';
import { fakeSourceServerId } from '../src/testing/index';

const SEED = 13;
const ERROR_NAMES = new Set<string>(Object.values(ErrorName));

/**
 * Runs `f` and returns what it threw (`undefined` when it returned). Anything thrown but a
 * drs-waves error with a known name and a message fails the property, named.
 */
function thrownBy(f: () => unknown): DrsWavesError | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (!isDrsWavesError(error)) {
      const name = error instanceof Error ? error.name : typeof error;
      throw new Error(`Expected a drs-waves error, got ${name}: ${String(error).slice(0, 200)}`, {
        cause: error,
      });
    }
    expect(ERROR_NAMES.has(error.name)).toBe(true);
    expect(error.message).not.toBe('');
    return error;
  }
}

// --- Junk: what a caller may pass in place of any value. ---------------------------------------

/** Keys and strings that have broken parsers before: prototype names, controls, surrogates. */
const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom(
    '',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'DRILL',
    'RECOVERY',
    'drill',
    '\u0000',
    '\ud800',
    '\udc00x',
    '\u202e',
    '\u2066',
    'x'.repeat(81),
    fakeSourceServerId(1),
  ),
);

/** A huge string: over the size limits of plans (400 KiB) and events (256 KiB), or near them. */
const hugeString = fc
  .constantFrom(140_000, 262_144, 409_600)
  .chain((n) => fc.constantFrom('x'.repeat(n), 'é'.repeat(n / 2), '\ud83d\ude00'.repeat(n / 4)));

/** Objects or arrays nested up to 6,000 deep: past the depth limits and JSON.stringify's reach. */
const deepValue = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 28, max: 36 }), fc.integer({ min: 1, max: 6_000 })),
    arrays: fc.boolean(),
    key: oddString,
    leaf: fc.jsonValue({ maxDepth: 1 }),
  })
  .map(({ depth, arrays, key, leaf }) => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i += 1) {
      if (arrays) value = [value];
      else {
        const parent: Record<string, unknown> = {};
        Object.defineProperty(parent, key, { value, enumerable: true, writable: true });
        value = parent;
      }
    }
    return value;
  });

/** A huge array, of one repeated item (over the size limits) or of many small values. */
const hugeArray = fc.oneof(
  fc
    .record({
      length: fc.constantFrom(10_000, 60_000),
      item: fc.jsonValue({ maxDepth: 1 }),
    })
    .map(({ length, item }) => Array.from({ length }, () => item)),
  fc.array(fc.oneof(fc.integer(), oddString, fc.constant(null)), { maxLength: 2_000 }),
);

/** Values JSON cannot hold, and objects that are not plain. */
const notJson = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** Any value a caller might pass, weighted towards the ones most likely to break a parser. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 4 },
  { arbitrary: oddString, weight: 3 },
  { arbitrary: notJson, weight: 3 },
  { arbitrary: deepValue, weight: 2 },
  { arbitrary: hugeArray, weight: 1 },
  { arbitrary: hugeString, weight: 1 },
  {
    arbitrary: fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0,
      2 ** 53,
      1e300,
      undefined,
      Symbol('s'),
      () => 1,
    ),
    weight: 1,
  },
);

// --- Mutations: valid input broken in one or more places. --------------------------------------

interface Mutation {
  /** Picks the object or array to change (modulo how many there are). */
  readonly at: number;
  /** Picks the key to change in it (modulo how many it has). */
  readonly slot: number;
  readonly kind: 'replace' | 'delete' | 'add' | 'rename' | 'wrap' | 'duplicate';
  readonly key: string;
  readonly value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  slot: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add', 'rename', 'wrap', 'duplicate'),
  key: oddString,
  value: junk,
});

/** A misspelling of `key`: a letter dropped, doubled or in the other case, or two swapped. */
function misspell(key: string, seed: number): string {
  if (key.length === 0) return 'x';
  const i = seed % key.length;
  const c = key.charAt(i);
  switch (seed % 4) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1);
    case 1:
      return key.slice(0, i) + c + key.slice(i);
    case 2:
      return (
        key.slice(0, i) +
        (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) +
        key.slice(i + 1)
      );
    default:
      return key.slice(0, i) + key.slice(i + 1, i + 2) + c + key.slice(i + 2);
  }
}

const setOwn = (target: object, key: string, value: unknown) =>
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });

/**
 * A copy of the JSON value `base` with `mutations` applied in turn. Only the copy's own objects
 * and arrays are changed: values inserted are never walked or changed again.
 */
function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  const root = { value: JSON.parse(JSON.stringify(base)) as unknown };
  const inserted = new WeakSet<object>();
  const insert = (value: unknown) => {
    if (typeof value === 'object' && value !== null) inserted.add(value);
    return value;
  };
  for (const m of mutations) {
    // The containers of the copy, root holder included, at most 500, breadth first.
    const containers: object[] = [root];
    for (let i = 0; i < containers.length && containers.length < 500; i += 1) {
      for (const child of Object.values(containers[i] as object)) {
        if (typeof child === 'object' && child !== null && !inserted.has(child))
          containers.push(child);
      }
    }
    const target = containers[m.at % containers.length] as Record<string, unknown>;
    const keys = Object.keys(target);
    const key = keys.length === 0 ? undefined : keys[m.slot % keys.length];
    const isArray = Array.isArray(target);
    if (key === undefined || m.kind === 'add') {
      if (isArray) (target as unknown as unknown[]).push(insert(m.value));
      else if (target !== root) setOwn(target, m.key, insert(m.value));
      continue;
    }
    switch (m.kind) {
      case 'replace':
        setOwn(target, key, insert(m.value));
        break;
      case 'delete':
        if (isArray) (target as unknown as unknown[]).splice(Number(key), 1);
        else if (target !== root) delete target[key];
        break;
      case 'rename':
        if (!isArray && target !== root) {
          const value = target[key];
          delete target[key];
          setOwn(target, misspell(key, m.slot), value);
        }
        break;
      case 'wrap':
        setOwn(target, key, insert(m.slot % 2 === 0 ? [target[key]] : { [m.key]: target[key] }));
        break;
      case 'duplicate':
        if (isArray)
          (target as unknown as unknown[]).push(JSON.parse(JSON.stringify(target[key] ?? null)));
        break;
    }
  }
  return root.value;
}

// --- Valid plans and events, to break. ---------------------------------------------------------

const waveIdArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);

/** A valid plan of 1 to 8 waves: dependencies on earlier waves only, servers never repeated. */
const validPlan = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    name: fc.option(fc.constantFrom('Shop', 'Payments tier 1', 'Ünïcode ✓'), { nil: undefined }),
    executionType: fc.option(fc.constantFrom('DRILL', 'RECOVERY'), { nil: undefined }),
    waves: fc.uniqueArray(
      fc.record({
        id: waveIdArb,
        servers: fc.integer({ min: 0, max: 3 }),
        objects: fc.boolean(),
        groups: fc.integer({ min: 0, max: 2 }),
        dependsOn: fc.option(fc.array(fc.nat(), { maxLength: 3 }), { nil: undefined }),
        timeoutSeconds: fc.option(fc.integer({ min: 60, max: 86_400 }), { nil: undefined }),
        requireApproval: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 8, selector: (w) => w.id },
    ),
  })
  .map(({ id, name, executionType, waves }) => ({
    id,
    ...(name === undefined ? {} : { name }),
    ...(executionType === undefined ? {} : { executionType }),
    waves: waves.map((w, i) => {
      const servers = Array.from({ length: w.servers }, (_, j) => fakeSourceServerId(i * 10 + j));
      const groups = Array.from({ length: w.groups }, (_, j) => `pg-${i}-${j}`);
      if (servers.length === 0 && groups.length === 0) servers.push(fakeSourceServerId(i * 10));
      const earlier = waves.slice(0, i).map((e) => e.id);
      const dependsOn =
        w.dependsOn === undefined || earlier.length === 0
          ? undefined
          : [...new Set(w.dependsOn.map((n) => earlier[n % earlier.length] as string))];
      return {
        id: w.id,
        servers: w.objects
          ? servers.map((sourceServerId, j) => ({
              sourceServerId,
              impact: j % 2 === 0 ? 'CRITICAL' : 'OPTIONAL',
            }))
          : servers,
        ...(groups.length === 0 ? {} : { protectionGroups: groups }),
        ...(dependsOn === undefined ? {} : { dependsOn }),
        ...(w.timeoutSeconds === undefined ? {} : { timeoutSeconds: w.timeoutSeconds }),
        ...(w.requireApproval === undefined ? {} : { requireApproval: w.requireApproval }),
      };
    }),
  }));

const executionId = fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/);
const waveId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const executionType = fc.constantFrom('DRILL', 'RECOVERY');
const positive = fc.integer({ min: 1, max: 2 ** 31 });
const failure = fc.record(
  { Error: fc.string({ maxLength: 20 }), Cause: fc.string({ maxLength: 40 }) },
  { requiredKeys: ['Error'] },
);

/** A valid event of each action. */
const validEvent: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc
    .record({
      executionId,
      planId: waveId,
      executionType,
      pollIntervalSeconds: positive,
      defaultWaveTimeoutSeconds: positive,
    })
    .map(({ planId, executionType, ...rest }) => ({
      action: ACTIONS.beginExecution,
      ...rest,
      input: {
        planId,
        executionType,
        ...(executionType === 'RECOVERY' ? { confirmRecovery: planId } : {}),
      },
    })),
  fc.record({ action: fc.constant(ACTIONS.startWave), executionId, executionType, waveId }),
  fc.record({
    action: fc.constant(ACTIONS.checkWaveStatus),
    executionId,
    waveId,
    timeoutSeconds: positive,
    requirePostLaunchActions: fc.boolean(),
  }),
  fc.record({
    action: fc.constant(ACTIONS.requestApproval),
    executionId,
    waveId,
    taskToken: fc.string({ minLength: 1, maxLength: 100 }),
  }),
  fc.record({ action: fc.constant(ACTIONS.recordWaveFailure), executionId, waveId, failure }),
  fc.record(
    {
      action: fc.constant(ACTIONS.finishExecution),
      executionId,
      status: fc.constantFrom('SUCCEEDED', 'FAILED'),
      failure,
    },
    { requiredKeys: ['action', 'executionId', 'status'] },
  ),
);

const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

// --- Properties. -------------------------------------------------------------------------------

describe('parseRecoveryPlan: accepted, or refused with a drs-waves error', () => {
  it('accepts every valid plan, and stages it', () => {
    fc.assert(
      fc.property(validPlan, (plan) => {
        expect(planStages(parseRecoveryPlan(plan)).flat()).toHaveLength(plan.waves.length);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('never throws anything else for any value', () => {
    fc.assert(
      fc.property(junk, (input) => {
        const error = thrownBy(() => parseRecoveryPlan(input));
        if (error) expect(isInvalidPlanError(error)).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('never throws anything else for a valid plan broken in random places', () => {
    let refused = 0;
    fc.assert(
      fc.property(validPlan, mutations, (plan, changes) => {
        // A plan accepted must stage, too.
        const error = thrownBy(() => planStages(parseRecoveryPlan(mutate(plan, changes))));
        if (error) {
          refused += 1;
          expect(isInvalidPlanError(error)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The mutations do break plans: the property is not vacuous.
    expect(refused).toBeGreaterThan(100);
  });
});

describe("the router's event parsing: accepted, or refused with a drs-waves error", () => {
  it('accepts every valid event', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        expect(parseEvent(event).action).toBe(event.action);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('never throws anything else for any value', () => {
    fc.assert(
      fc.property(junk, (event) => {
        const error = thrownBy(() => parseEvent(event));
        if (error) expect(isInvalidEventError(error) || isUnknownActionError(error)).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('never throws anything else for an event of a known action with random fields', () => {
    const known = fc
      .record({
        action: fc.constantFrom(...Object.values(ACTIONS)),
        fields: fc.dictionary(oddString, junk, { maxKeys: 4 }),
      })
      .map(({ action, fields }) => ({ ...fields, action }));
    fc.assert(
      fc.property(known, (event) => {
        const error = thrownBy(() => parseEvent(event));
        if (error) expect(isInvalidEventError(error)).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('never throws anything else for a valid event broken in random places', () => {
    let refused = 0;
    fc.assert(
      fc.property(validEvent, mutations, (event, changes) => {
        const error = thrownBy(() => parseEvent(mutate(event, changes)));
        if (error) {
          refused += 1;
          expect(isInvalidEventError(error) || isUnknownActionError(error)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(refused).toBeGreaterThan(100);
  });
});
