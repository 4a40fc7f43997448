import { assessExecutionBudget, DEFAULT_RETRY_RATE } from '../../asl/estimateExecutionBudget';
import { DEFAULTS } from '../../asl/internal/resolveOptions';
import {
  ExecutionBudgetExceededError,
  ExecutionMismatchError,
  PlanNotFoundError,
} from '../../errors';
import type { RecoveryPlan } from '../../plan/types';
import type { BeginExecutionResult } from '../actions';
import { planWaveItems } from '../waveItems';
import type { RouterContext } from './context';
import type { ParsedBeginExecutionEvent } from './schemas';

/**
 * Stands in for the state machine's SNS topic: the router cannot tell whether notifications are
 * configured, so it counts their states (the worst case).
 */
const ASSUMED_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:drs-waves-assumed';

/**
 * Refuses a plan whose parent execution, or a wave's child execution, could write more history
 * events than Step Functions allows: the execution would die mid-wave. Worst case, as
 * `estimateExecutionBudget` counts it (every wave polled until its timeout, the failure path, 5%
 * of router calls retried once), with notifications on and approvals as the plan sets them.
 */
function checkHistoryBudget(
  plan: RecoveryPlan,
  pollIntervalSeconds: number,
  defaultWaveTimeoutSeconds: number,
): void {
  const { historyProblems } = assessExecutionBudget(plan, {
    pollIntervalSeconds,
    defaultWaveTimeoutSeconds,
    approvalWaveIds: [],
    approvalTimeoutSeconds: DEFAULTS.approvalTimeoutSeconds,
    notificationTopicArn: ASSUMED_TOPIC_ARN,
    executionTimeoutSeconds: undefined,
    retryRate: DEFAULT_RETRY_RATE,
    explainHistory: true,
  });
  if (historyProblems.length > 0) throw new ExecutionBudgetExceededError(plan.id, historyProblems);
}

/**
 * Loads the plan, refuses it if an execution's history could outgrow Step Functions' limit,
 * records the execution (once: a retried call with the same plan and type gets the same answer)
 * and returns its stages of wave items.
 */
export async function beginExecution(
  event: ParsedBeginExecutionEvent,
  ctx: RouterContext,
): Promise<BeginExecutionResult> {
  const { executionId, input } = event;
  const plan = await ctx.plans.getPlan(input.planId);
  if (plan === undefined) throw new PlanNotFoundError(input.planId);
  // Before recording anything: a refused execution leaves no trace in the history.
  checkHistoryBudget(plan, event.pollIntervalSeconds, event.defaultWaveTimeoutSeconds);

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
