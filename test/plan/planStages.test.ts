import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidPlanError,
  isInvalidPlanError,
  parseRecoveryPlan,
  planStages,
  type RecoveryPlan,
} from '../../src/index';
import { findCycles, stageIndexes } from '../../src/plan/internal/dependencies';
import { fakeSourceServerId } from '../../src/testing/index';

const ids = (stages: ReturnType<typeof planStages>) => stages.map((s) => s.map((w) => w.id));

function wave(id: string, index: number, dependsOn?: string[]) {
  return { id, servers: [fakeSourceServerId(index)], ...(dependsOn ? { dependsOn } : {}) };
}

describe('planStages', () => {
  it('keeps a plain list sequential: each wave follows the one before', () => {
    const plan = parseRecoveryPlan({ id: 'p', waves: [wave('a', 1), wave('b', 2), wave('c', 3)] });
    expect(ids(planStages(plan))).toStrictEqual([['a'], ['b'], ['c']]);
  });

  it('runs independent waves in one stage, in listed order', () => {
    const plan = parseRecoveryPlan({
      id: 'p',
      waves: [
        wave('db', 1),
        wave('cache', 2, []),
        wave('app', 3, ['db', 'cache']),
        wave('batch', 4, ['db']),
        wave('web', 5, ['app']),
      ],
    });
    expect(ids(planStages(plan))).toStrictEqual([['db', 'cache'], ['app', 'batch'], ['web']]);
  });

  it('refuses a hand-built plan with a cycle or an unknown dependency', () => {
    const base = parseRecoveryPlan({ id: 'p', waves: [wave('a', 1), wave('b', 2)] });
    const cyclic: RecoveryPlan = {
      ...base,
      waves: base.waves.map((w) => ({ ...w, dependsOn: [w.id === 'a' ? 'b' : 'a'] })),
    };
    expect(() => planStages(cyclic)).toThrowError(
      new InvalidPlanError([
        { path: 'waves[0].dependsOn', message: 'Waves form a dependency cycle: a -> b -> a' },
      ]),
    );
    const [first] = base.waves;
    if (!first) throw new Error('the plan has a wave');
    const dangling: RecoveryPlan = { ...base, waves: [{ ...first, dependsOn: ['zz'] }] };
    expect(() => planStages(dangling)).toThrowError(/Unknown wave ID "zz" in dependsOn/);
  });

  it('respects every dependency and places each wave once (property)', () => {
    // A random DAG: each wave may depend on any earlier wave, or omit dependsOn.
    const dag = fc
      .integer({ min: 1, max: 25 })
      .chain((n) =>
        fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc.option(fc.uniqueArray(fc.nat({ max: Math.max(0, i - 1) }), { maxLength: i }), {
              nil: undefined,
            }),
          ),
        ),
      )
      .map((deps) =>
        deps.map((d, i) => wave(`w${i}`, i, i === 0 ? d && [] : d?.map((j) => `w${j}`))),
      );

    fc.assert(
      fc.property(dag, (waves) => {
        const plan = parseRecoveryPlan({ id: 'p', waves });
        const stages = planStages(plan);
        const stageOf = new Map<string, number>();
        stages.forEach((stage, index) => {
          expect(stage.length).toBeGreaterThan(0);
          for (const w of stage) {
            expect(stageOf.has(w.id)).toBe(false);
            stageOf.set(w.id, index);
          }
        });
        expect([...stageOf.keys()].sort()).toStrictEqual(plan.waves.map((w) => w.id).sort());
        plan.waves.forEach((w, i) => {
          const previous = plan.waves[i - 1];
          const deps = w.dependsOn ?? (previous ? [previous.id] : []);
          for (const dep of deps) {
            expect(stageOf.get(dep)).toBeLessThan(stageOf.get(w.id) ?? -1);
          }
        });
        // Each wave sits in the earliest stage its dependencies allow.
        for (const w of plan.waves) {
          const index = stageOf.get(w.id) ?? -1;
          if (index > 0) {
            const i = plan.waves.indexOf(w);
            const deps = w.dependsOn ?? [plan.waves[i - 1]?.id ?? ''];
            expect(deps.some((d) => stageOf.get(d) === index - 1)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Short wave IDs (base 36), so that long chains fit in a plan. */
const shortId = (i: number) => i.toString(36);

/**
 * A plan of `count` waves, each depending on the one listed after it: the order in which a
 * recursive walk of the dependencies goes deepest (it overflowed the stack near 5,000 waves).
 */
const chainInput = (count: number) => ({
  id: 'p',
  waves: Array.from({ length: count }, (_, i) => ({
    id: shortId(i),
    servers: [fakeSourceServerId(i)],
    dependsOn: i + 1 < count ? [shortId(i + 1)] : [],
  })),
});

/** The same chain as a typed plan, built by hand: planStages has no size limit. */
const chainPlan = (count: number): RecoveryPlan => ({
  id: 'p',
  executionType: 'DRILL',
  waves: chainInput(count).waves.map((w) => ({
    ...w,
    servers: w.servers.map((sourceServerId) => ({ sourceServerId, impact: 'CRITICAL' as const })),
    protectionGroups: [],
    requireApproval: false,
  })),
});

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
const MAX_PLAN_BYTES = 409_600;

/** Each stage holds one wave, the last listed first: the chain runs backwards. */
function expectBackwardChain(stages: ReturnType<typeof planStages>, count: number): void {
  expect(stages).toHaveLength(count);
  expect(stages.every((stage) => stage.length === 1)).toBe(true);
  expect(stages[0]?.[0]?.id).toBe(shortId(count - 1));
  expect(stages.at(-1)?.[0]?.id).toBe(shortId(0));
}

describe('long dependency chains', () => {
  // The longest chain whose plan fits in 400 KiB of JSON, by bisection.
  let longest = 1;
  for (let over = 20_000; over - longest > 1; ) {
    const middle = Math.floor((longest + over) / 2);
    if (bytes(chainInput(middle)) <= MAX_PLAN_BYTES) longest = middle;
    else over = middle;
  }

  it('parses and stages the longest chain under 400 KiB', () => {
    expect(longest).toBeGreaterThan(6_000);
    const plan = parseRecoveryPlan(chainInput(longest));
    expectBackwardChain(planStages(plan), longest);
  });

  it('refuses one wave more by the size limit, with an InvalidPlanError', () => {
    const input = chainInput(longest + 1);
    expect(() => parseRecoveryPlan(input)).toThrowError(
      new InvalidPlanError([
        {
          path: '',
          message: `Expected a plan of at most 409600 bytes of JSON, got ${bytes(input)}`,
        },
      ]),
    );
  });

  it('refuses a 10,000-wave chain by the size limit, never a RangeError', () => {
    let error: unknown;
    try {
      parseRecoveryPlan(chainInput(10_000));
    } catch (e) {
      error = e;
    }
    expect(isInvalidPlanError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `Invalid recovery plan (1 problem):\n- (root): Expected a plan of at most 409600 bytes of JSON, got ${bytes(chainInput(10_000))}`,
    );
  });

  it('stages hand-built chains of 10,000 and 100,000 waves', () => {
    for (const count of [10_000, 100_000]) expectBackwardChain(planStages(chainPlan(count)), count);
  });

  it('names a cycle through 100,000 hand-built waves', () => {
    const plan = chainPlan(100_000);
    const last = plan.waves.at(-1);
    if (!last) throw new Error('the plan has waves');
    const closed: RecoveryPlan = {
      ...plan,
      waves: [...plan.waves.slice(0, -1), { ...last, dependsOn: [shortId(0)] }],
    };
    const ids = [...plan.waves.map((w) => w.id), shortId(0)];
    expect(() => planStages(closed)).toThrowError(
      new InvalidPlanError([
        {
          path: 'waves[0].dependsOn',
          message: `Waves form a dependency cycle: ${ids.join(' -> ')}`,
        },
      ]),
    );
  });
});

describe('findCycles and stageIndexes (property)', () => {
  /** A random graph of up to 12 waves: each lists any waves, itself included, as dependencies. */
  const graph = fc.integer({ min: 1, max: 12 }).chain((n) =>
    fc
      .array(fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: n }), {
        minLength: n,
        maxLength: n,
      })
      .map((lists) => new Map(lists.map((deps, i) => [`w${i}`, deps.map((j) => `w${j}`)]))),
  );

  /** Whether the graph has a cycle, by removing waves without pending dependencies (Kahn). */
  function hasCycle(deps: ReadonlyMap<string, readonly string[]>): boolean {
    const left = new Map([...deps].map(([id, d]) => [id, new Set(d)]));
    for (let removed = true; removed; ) {
      removed = false;
      for (const [id, d] of left) {
        if ([...d].every((dep) => !left.has(dep))) {
          left.delete(id);
          removed = true;
        }
      }
    }
    return left.size > 0;
  }

  it('finds real, distinct cycles, and one at least exactly when the graph has one', () => {
    fc.assert(
      fc.property(graph, fc.integer({ min: 0, max: 5 }), (deps, limit) => {
        const all = findCycles(deps, Number.POSITIVE_INFINITY);
        expect(all.more).toBe(0);
        expect(all.named.length > 0).toBe(hasCycle(deps));
        const sets = new Set<string>();
        for (const cycle of all.named) {
          expect(cycle[0]).toBe(cycle.at(-1));
          const waves = cycle.slice(0, -1);
          expect(new Set(waves).size).toBe(waves.length);
          cycle.slice(1).forEach((id, i) => {
            expect(deps.get(cycle[i] ?? '')).toContain(id);
          });
          sets.add([...waves].sort().join(','));
        }
        expect(sets.size).toBe(all.named.length);
        // A limit names the first cycles and counts the others.
        const limited = findCycles(deps, limit);
        expect(limited.named).toStrictEqual(all.named.slice(0, limit));
        expect(limited.more).toBe(Math.max(0, all.named.length - limit));
        if (!hasCycle(deps)) {
          const stage = stageIndexes(deps);
          for (const [id, d] of deps) {
            const mine = stage.get(id) ?? -1;
            expect(mine).toBe(Math.max(0, ...d.map((dep) => (stage.get(dep) ?? -2) + 1)));
          }
        }
      }),
      { numRuns: 500, seed: 13 },
    );
  });
});
