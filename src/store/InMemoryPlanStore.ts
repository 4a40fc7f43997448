import type { RecoveryPlan } from '../plan/types';
import type { PlanStore } from './PlanStore';

/**
 * A {@link PlanStore} over plans already parsed with `parseRecoveryPlan`.
 *
 * @example
 * ```ts
 * import { InMemoryPlanStore, parseRecoveryPlan } from 'drs-waves';
 *
 * const plans = new InMemoryPlanStore([
 *   parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: ['s-1234567890abcdef0'] }] }),
 * ]);
 * ```
 */
export class InMemoryPlanStore implements PlanStore {
  readonly #plans: Map<string, RecoveryPlan>;

  constructor(plans: readonly RecoveryPlan[] = []) {
    this.#plans = new Map(plans.map((p) => [p.id, structuredClone(p)]));
  }

  async getPlan(planId: string) {
    const plan = this.#plans.get(planId);
    return plan && structuredClone(plan);
  }
}
