import type { Problem } from '../../errors';

/** The part of a wave that ordering needs, and where the wave is listed. */
export interface WaveLink {
  readonly id: string;
  readonly dependsOn?: readonly string[] | undefined;
  /** The wave's position in the plan's `waves`. */
  readonly index: number;
}

/**
 * The IDs each wave waits for: its `dependsOn`, or else the wave listed before it.
 * IDs that name no wave are dropped (validation reports them).
 */
export function effectiveDependencies(waves: readonly WaveLink[]): Map<string, readonly string[]> {
  const known = new Set(waves.map((w) => w.id));
  const deps = new Map<string, readonly string[]>();
  waves.forEach((wave, index) => {
    if (deps.has(wave.id)) return;
    const previous = index > 0 ? waves[index - 1]?.id : undefined;
    const declared = wave.dependsOn ?? (previous === undefined ? [] : [previous]);
    deps.set(
      wave.id,
      [...new Set(declared)].filter((id) => known.has(id)),
    );
  });
  return deps;
}

/** Every dependency cycle, each as a closed path (`['a', 'b', 'a']`), each set of waves once. */
export function findCycles(deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      const s = state.get(dep);
      if (s === 'open') {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const key = [...new Set(cycle)].sort().join('\n');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };

  for (const id of deps.keys()) if (!state.has(id)) visit(id);
  return cycles;
}

/** The stage of each wave: 0 without dependencies, else one more than its latest dependency. */
export function stageIndexes(deps: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const stage = new Map<string, number>();
  const resolve = (id: string): number => {
    const known = stage.get(id);
    if (known !== undefined) return known;
    let value = 0;
    for (const dep of deps.get(id) ?? []) value = Math.max(value, resolve(dep) + 1);
    stage.set(id, value);
    return value;
  };
  for (const id of deps.keys()) resolve(id);
  return stage;
}

/**
 * The ordering problems of a list of uniquely named waves: `dependsOn` entries that name no
 * wave, and every dependency cycle, named wave by wave.
 */
export function orderingProblems(waves: readonly WaveLink[]): Problem[] {
  const indexOf = new Map(waves.map((w) => [w.id, w.index]));
  const problems: Problem[] = [];
  for (const wave of waves) {
    wave.dependsOn?.forEach((dep, i) => {
      if (!indexOf.has(dep)) {
        problems.push({
          path: `waves[${wave.index}].dependsOn[${i}]`,
          message: `Unknown wave ID "${dep}" in dependsOn`,
        });
      }
    });
  }
  for (const cycle of findCycles(effectiveDependencies(waves))) {
    problems.push({
      path: `waves[${indexOf.get(cycle[0] ?? '') ?? 0}].dependsOn`,
      message: `Waves form a dependency cycle: ${cycle.join(' -> ')}`,
    });
  }
  return problems;
}
