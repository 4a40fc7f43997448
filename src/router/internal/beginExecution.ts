import { ExecutionMismatchError, PlanNotFoundError } from '../../errors';
import type { BeginExecutionResult } from '../actions';
import { planWaveItems } from '../waveItems';
import type { RouterContext } from './context';
import type { ParsedBeginExecutionEvent } from './schemas';

/**
 * Loads the plan, records the execution (once: a retried call with the same plan and type
 * gets the same answer) and returns its stages of wave items.
 */
export async function beginExecution(
  event: ParsedBeginExecutionEvent,
  ctx: RouterContext,
): Promise<BeginExecutionResult> {
  const { executionId, input } = event;
  const plan = await ctx.plans.getPlan(input.planId);
  if (plan === undefined) throw new PlanNotFoundError(input.planId);

  const { created, record } = await ctx.history.createExecution({
    executionId,
    planId: input.planId,
    executionType: input.executionType,
    status: 'RUNNING',
    waveIds: plan.waves.map((wave) => wave.id),
    startedAt: ctx.clock().toISOString(),
  });
  if (!created) {
    if (record.planId !== input.planId) {
      throw new ExecutionMismatchError(executionId, 'planId', input.planId, record.planId);
    }
    if (record.executionType !== input.executionType) {
      throw new ExecutionMismatchError(
        executionId,
        'executionType',
        input.executionType,
        record.executionType,
      );
    }
  }

  const stages = planWaveItems(plan, {
    pollIntervalSeconds: event.pollIntervalSeconds,
    defaultWaveTimeoutSeconds: event.defaultWaveTimeoutSeconds,
    requirePostLaunchActions: ctx.requirePostLaunchActions,
  });
  return {
    executionId,
    planId: input.planId,
    executionType: input.executionType,
    stageCount: stages.length,
    stages,
  };
}
