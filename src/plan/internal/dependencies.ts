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

/** One wave on the walk's stack, and how many of its dependencies were followed. */
interface Frame {
  readonly id: string;
  readonly deps: readonly string[];
  next: number;
}

/**
 * Walks the dependency graph depth first from each wave in turn, on a stack of its own rather
 * than the call stack: a chain as long as a plan can hold (or a hand-built plan of any length)
 * never overflows. `onBackEdge` is called with the path from the walk's root to a wave whose
 * dependency `dep` is on that path (a cycle); `onDone` as each wave's dependencies are all done.
 */
function walk(
  deps: ReadonlyMap<string, readonly string[]>,
  onBackEdge: (path: readonly string[], dep: string) => void,
  onDone: (id: string) => void,
): void {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const frames: Frame[] = [];
  const open = (id: string): void => {
    state.set(id, 'open');
    path.push(id);
    frames.push({ id, deps: deps.get(id) ?? [], next: 0 });
  };

  for (const root of deps.keys()) {
    if (state.has(root)) continue;
    open(root);
    for (let frame = frames.at(-1); frame !== undefined; frame = frames.at(-1)) {
      const dep = frame.deps[frame.next];
      if (dep === undefined) {
        frames.pop();
        path.pop();
        state.set(frame.id, 'done');
        onDone(frame.id);
        continue;
      }
      frame.next += 1;
      const s = state.get(dep);
      if (s === 'open') onBackEdge(path, dep);
      else if (s === undefined) open(dep);
    }
  }
}

/**
 * The most dependency cycles named in problems; the others are counted in one more problem.
 * A plan can hold thousands of cycles each thousands of waves long: naming them all would take
 * time and memory that grow with the square of the plan.
 */
export const MAX_NAMED_CYCLES = 20;

/** Dependency cycles: the first ones found, and how many more there are. */
export interface Cycles {
  /** Each as a closed path (`['a', 'b', 'a']`), at most the limit asked for. */
  readonly named: string[][];
  /** How many more cycles were found. */
  readonly more: number;
}

/**
 * Every dependency cycle the walk meets: one per dependency that leads back onto the walk's
 * path, each naming another set of waves (the path from that dependency to the wave on top; a
 * wave is on top only while the ones it leads to are done). The first `limit` are named.
 */
export function findCycles(
  deps: ReadonlyMap<string, readonly string[]>,
  limit: number = MAX_NAMED_CYCLES,
): Cycles {
  const named: string[][] = [];
  let more = 0;
  walk(
    deps,
    (path, dep) => {
      if (named.length < limit) named.push([...path.slice(path.lastIndexOf(dep)), dep]);
      else more += 1;
    },
    () => {},
  );
  return { named, more };
}

/**
 * The stage of each wave: 0 without dependencies, else one more than its latest dependency.
 * The dependencies must not form a cycle (a wave in one gets a stage, but not a meaningful one).
 */
export function stageIndexes(deps: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const stage = new Map<string, number>();
  // A wave is done only after every dependency is: each dependency's stage is known by then,
  // except a dependency that closes a cycle, which is skipped.
  walk(
    deps,
    () => {},
    (id) => {
      let value = 0;
      for (const dep of deps.get(id) ?? []) {
        const known = stage.get(dep);
        if (known !== undefined) value = Math.max(value, known + 1);
      }
      stage.set(id, value);
    },
  );
  return stage;
}

/**
 * The ordering problems of a list of uniquely named waves: `dependsOn` entries that name no
 * wave, and every dependency cycle, named wave by wave: the first {@link MAX_NAMED_CYCLES},
 * then one problem counting the others.
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
  const cycles = findCycles(effectiveDependencies(waves));
  for (const cycle of cycles.named) {
    problems.push({
      path: `waves[${indexOf.get(cycle[0] ?? '') ?? 0}].dependsOn`,
      message: `Waves form a dependency cycle: ${cycle.join(' -> ')}`,
    });
  }
  if (cycles.more > 0) {
    const s = cycles.more === 1 ? '' : 's';
    problems.push({
      path: 'waves',
      message: `Waves form ${cycles.more} more dependency cycle${s} (the first ${MAX_NAMED_CYCLES} are named)`,
    });
  }
  return problems;
}
