import { InvalidPlanError } from '../errors';
import { effectiveDependencies, orderingProblems, stageIndexes } from './internal/dependencies';
import type { RecoveryPlan, Wave } from './types';

/**
 * Orders a plan's waves into stages: every wave of a stage can run in parallel, and each stage
 * starts when the one before it has completed. A wave lands in the first stage after all the
 * waves it depends on; a wave without `dependsOn` depends on the wave listed before it, so a
 * plain list runs one wave per stage. Within a stage, waves keep their listed order.
 *
 * Dependencies are followed without recursion, so a hand-built plan of any length is staged:
 * no chain of waves overflows the call stack.
 *
 * @throws {@link InvalidPlanError} when `dependsOn` names an unknown wave or the waves form a
 * cycle (a plan from {@link parseRecoveryPlan} has neither): the first 20 cycles are named,
 * then the others counted.
 *
 * @example
 * ```ts
 * import { parseRecoveryPlan, planStages } from 'drs-waves';
 *
 * const plan = parseRecoveryPlan({
 *   id: 'shop',
 *   waves: [
 *     { id: 'db', servers: ['s-1234567890abcdef0'] },
 *     { id: 'cache', servers: ['s-1234567890abcdef1'], dependsOn: [] },
 *     { id: 'app', servers: ['s-1234567890abcdef2'], dependsOn: ['db', 'cache'] },
 *   ],
 * });
 * planStages(plan).map((stage) => stage.map((wave) => wave.id)); // [['db', 'cache'], ['app']]
 * ```
 */
export function planStages(plan: RecoveryPlan): Wave[][] {
  const links = plan.waves.map((wave, index) => ({
    id: wave.id,
    dependsOn: wave.dependsOn,
    index,
  }));
  const problems = orderingProblems(links);
  if (problems.length > 0) throw new InvalidPlanError(problems);
  const stageOf = stageIndexes(effectiveDependencies(links));
  const stages: Wave[][] = [];
  const placed = new Set<string>();
  for (const wave of plan.waves) {
    if (placed.has(wave.id)) continue;
    placed.add(wave.id);
    const index = stageOf.get(wave.id) ?? 0;
    while (stages.length <= index) stages.push([]);
    stages[index]?.push(wave);
  }
  return stages;
}
