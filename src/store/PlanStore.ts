import type { RecoveryPlan } from '../plan/types';

/**
 * Where the orchestrator reads recovery plans by ID. The state machine carries only plan and
 * wave IDs, never the plan itself, so its payloads stay small whatever the plan's size.
 *
 * @example
 * ```ts
 * import { InMemoryPlanStore, parseRecoveryPlan, type PlanStore } from 'drs-waves';
 *
 * const plans: PlanStore = new InMemoryPlanStore([
 *   parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: ['s-1234567890abcdef0'] }] }),
 * ]);
 * const plan = await plans.getPlan('shop');
 * ```
 */
export interface PlanStore {
  /** The plan, validated, or `undefined` when there is none with this ID. */
  getPlan(planId: string): Promise<RecoveryPlan | undefined>;
}
