import { assessExecutionBudget, DEFAULT_RETRY_RATE } from '../../asl/estimateExecutionBudget';
import { DEFAULTS } from '../../asl/internal/resolveOptions';
import {
  AccountNotConfiguredError,
  ExecutionBudgetExceededError,
  ExecutionMismatchError,
  PlanNotFoundError,
  type Problem,
} from '../../errors';
import { optionalField } from '../../internal/optionalField';
import type { RecoveryPlan } from '../../plan/types';
import type { ExecutionRecord } from '../../store/records';
import type { BeginExecutionResult, WaveItem } from '../actions';
import { resumeStagesOf } from '../resumeStages';
import { planWaveActions, planWaveItems } from '../waveItems';
import { type RouterContext, requireExecution } from './context';
import type { ParsedBeginExecutionEvent } from './schemas';

/**
 * For an input that resumes an execution: the old execution (of the same plan and type) and the
 * stages left to run from the wave (`resumeStagesOf`), the recorded ones, not the plan's now.
 */
async function resumedStages(
  event: ParsedBeginExecutionEvent,
  ctx: RouterContext,
): Promise<{ old: ExecutionRecord; stages: WaveItem[][] } | undefined> {
  const { input, executionId } = event;
  if (input.resumeFrom === undefined) return undefined;
  const old = await requireExecution(ctx, input.resumeFrom.executionId);
  if (old.planId !== input.planId) {
    throw new ExecutionMismatchError(old.executionId, 'planId', input.planId, old.planId);
  }
  if (old.executionType !== input.executionType) {
    throw new ExecutionMismatchError(
      old.executionId,
      'executionType',
      input.executionType,
      old.executionType,
    );
  }
  const stages = await resumeStagesOf(ctx.history, old, input.resumeFrom.waveId, executionId);
  return { old, stages };
}

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
 * Also refuses a plan whose largest stage would not fit the state, or whose stages would not fit
 * the execution record.
 */
function checkHistoryBudget(
  plan: RecoveryPlan,
  pollIntervalSeconds: number,
  defaultWaveTimeoutSeconds: number,
  completion: 'polling' | 'events',
): void {
  const { historyProblems, stateProblems } = assessExecutionBudget(plan, {
    // With events, the machine sends its safety-net interval as the poll interval.
    pollIntervalSeconds,
    safetyNetPollSeconds: pollIntervalSeconds,
    completion,
    defaultWaveTimeoutSeconds,
    approvalWaveIds: [],
    approvalTimeoutSeconds: DEFAULTS.approvalTimeoutSeconds,
    notificationTopicArn: ASSUMED_TOPIC_ARN,
    executionTimeoutSeconds: undefined,
    retryRate: DEFAULT_RETRY_RATE,
    explainHistory: true,
  });
  const problems = [...historyProblems, ...stateProblems];
  if (problems.length > 0) throw new ExecutionBudgetExceededError(plan.id, problems);
}

/**
 * Refuses a plan that names an account (a wave's, an inline server's, a protection group's, a
 * selector's)
 * without a role in `accountRoles`, naming each place: before anything is recorded, and before
 * any DRS call. Protection groups are read for it; a missing one is left to `start_wave`.
 */
async function checkAccounts(plan: RecoveryPlan, ctx: RouterContext): Promise<void> {
  const problems: Problem[] = [];
  const missing = new Set<string>();
  const check = (accountId: string | undefined, path: string, what = '') => {
    if (accountId === undefined || ctx.accounts.has(accountId)) return;
    missing.add(accountId);
    problems.push({
      path,
      message: `${what}Account ${accountId} has no role in accountRoles: add its role and ExternalId to the deployment`,
    });
  };
  const groupIds = [...new Set(plan.waves.flatMap((w) => w.protectionGroups))];
  const groups = groupIds.length === 0 ? new Map() : await ctx.protectionGroups.getGroups(groupIds);
  plan.waves.forEach((wave, i) => {
    check(wave.accountId, `waves[${i}].accountId`);
    check(wave.selector?.accountId, `waves[${i}].selector.accountId`);
    wave.servers.forEach((server, j) => {
      check(server.accountId, `waves[${i}].servers[${j}].accountId`);
    });
    wave.protectionGroups.forEach((id, k) => {
      const group = groups.get(id);
      check(
        group?.accountId,
        `waves[${i}].protectionGroups[${k}]`,
        `Protection group ${JSON.stringify(id)} names account ${group?.accountId}. `,
      );
      check(
        group?.selector?.accountId,
        `waves[${i}].protectionGroups[${k}]`,
        `The selector of protection group ${JSON.stringify(id)} names account ${group?.selector?.accountId}. `,
      );
    });
  });
  if (problems.length > 0) {
    throw new AccountNotConfiguredError(plan.id, problems, [...missing].sort());
  }
}

/**
 * Loads the plan, refuses it if an execution's history could outgrow Step Functions' limit,
 * records the execution with its stages of wave items (once: a retried call with the same plan
 * and type gets the same answer) and returns how many stages it has.
 */
export async function beginExecution(
  event: ParsedBeginExecutionEvent,
  ctx: RouterContext,
): Promise<BeginExecutionResult> {
  const { executionId, input } = event;
  const plan = await ctx.plans.getPlan(input.planId);
  if (plan === undefined) throw new PlanNotFoundError(input.planId);
  await checkAccounts(plan, ctx);
  // Before recording anything: a refused execution leaves no trace in the history.
  checkHistoryBudget(
    plan,
    event.pollIntervalSeconds,
    event.defaultWaveTimeoutSeconds,
    event.completion ?? 'polling',
  );

  const resumed = await resumedStages(event, ctx);
  const stages =
    resumed?.stages ??
    planWaveItems(plan, {
      pollIntervalSeconds: event.pollIntervalSeconds,
      defaultWaveTimeoutSeconds: event.defaultWaveTimeoutSeconds,
      requirePostLaunchActions: ctx.requirePostLaunchActions,
    });
  const waveIds = resumed
    ? stages.flatMap((stage) => stage.map((w) => w.waveId))
    : plan.waves.map((wave) => wave.id);
  const actions = resumed ? resumed.old.actions : planWaveActions(plan);
  // The stages are recorded with the execution: the machine loads one at a time, and a plan
  // edited while the execution runs does not change the stages it runs.
  const { created, record } = await ctx.history.createExecution({
    executionId,
    planId: input.planId,
    ...(plan.name === undefined ? {} : { planName: plan.name }),
    ...(plan.rtoMinutes === undefined ? {} : { rtoMinutes: plan.rtoMinutes }),
    executionType: input.executionType,
    ...(input.overrideReadiness === true ? { overrideReadiness: true } : {}),
    ...optionalField('recoveryPoint', input.recoveryPoint),
    status: 'RUNNING',
    waveIds,
    stages,
    ...optionalField(
      'actions',
      actions && Object.fromEntries(Object.entries(actions).filter(([id]) => waveIds.includes(id))),
    ),
    ...optionalField('resumedFrom', input.resumeFrom),
    startedAt: ctx.clock().toISOString(),
  });
  if (resumed !== undefined && resumed.old.resumedBy === undefined) {
    // The link back: the old execution names the one that resumed it (a chain, never a tree).
    await ctx.history.updateExecution(resumed.old.executionId, { resumedBy: executionId });
  }
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

  return {
    executionId,
    planId: input.planId,
    executionType: input.executionType,
    stageCount: (record.stages ?? stages).length,
  };
}
