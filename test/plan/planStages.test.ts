import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidPlanError,
  parseRecoveryPlan,
  planStages,
  type RecoveryPlan,
} from '../../src/index';
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
