import { PlanNotFoundError } from '../../errors';
import type { PlanReadinessRecord } from '../../store/records';
import type {
  EvaluateReadinessEvent,
  EvaluateReadinessResult,
  PlanReadinessOutcome,
} from '../actions';
import { inWords, readinessOf } from './checkReadinessAction';
import type { RouterContext } from './context';
import {
  fingerprintOf,
  KEPT_CHANGES,
  KEPT_KEYS,
  keyOf,
  LISTED_FINDINGS,
  READY_FINGERPRINT,
  readinessNotice,
} from './readinessNotice';

/**
 * One plan of `evaluate_readiness`: checks it outside any execution, and records the result
 * with the plan. Readiness changed when the fingerprint of the blocking findings differs
 * from the last recorded one (a plan never checked counts as ready, with none): then the change
 * is published first, and recorded only once published, so that a failed publish fails the
 * invocation, records nothing, and the next check announces the change again. Two checks that
 * read the same record never both record (the write expects the runs it read).
 */
async function evaluatePlan(planId: string, ctx: RouterContext): Promise<PlanReadinessOutcome> {
  const plan = await ctx.plans.getPlan(planId);
  if (plan === undefined) throw new PlanNotFoundError(planId);
  const previous = await ctx.history.getPlanReadiness(plan.id);
  const report = await readinessOf(ctx, plan, `readiness-${plan.id}`);
  const { ready, blocking, warnings } = report.summary;
  const blockingKeys = [
    ...new Set(report.findings.filter((f) => f.severity === 'BLOCKING').map(keyOf)),
  ];
  const fingerprint = fingerprintOf(blockingKeys);
  const changed = fingerprint !== (previous?.fingerprint ?? READY_FINGERPRINT);

  let notified = false;
  if (changed && ctx.notifications !== undefined) {
    await ctx.notifications.publish(
      readinessNotice(report, {
        ready: previous?.ready ?? true,
        keys: previous?.blockingKeys ?? [],
      }),
    );
    notified = true;
  }

  const findings = report.findings.map(inWords);
  const runs = previous?.runs ?? 0;
  const before = new Set(previous?.blockingKeys ?? []);
  const now = new Set(blockingKeys);
  const change = {
    at: report.checkedAt,
    ready,
    blocking,
    warnings,
    fingerprint,
    added: blockingKeys.filter((k) => !before.has(k)).length,
    resolved: [...before].filter((k) => !now.has(k)).length,
  };
  const record: PlanReadinessRecord = {
    planId: plan.id,
    checkedAt: report.checkedAt,
    ready,
    blocking,
    warnings,
    fingerprint,
    blockingKeys: blockingKeys.slice(0, KEPT_KEYS),
    findings: findings.slice(0, LISTED_FINDINGS),
    runs: runs + 1,
    since: changed || previous === undefined ? report.checkedAt : previous.since,
    changes: changed
      ? [change, ...(previous?.changes ?? [])].slice(0, KEPT_CHANGES)
      : (previous?.changes ?? []),
  };
  const recorded = await ctx.history.putPlanReadiness(record, runs);
  ctx.logger.info('drs-waves readiness', {
    planId: plan.id,
    ready,
    blocking,
    warnings,
    changed,
    notified,
    recorded,
  });
  return { planId: plan.id, ready, blocking, warnings, changed, notified, recorded };
}

/**
 * `evaluate_readiness`: each plan in turn ({@link evaluatePlan}). A plan that cannot be checked
 * (not found, a store or DRS failure) is logged and does not stop the others; the first such
 * error is thrown once all ran, so that the invocation fails (and Lambda retries it: plans
 * recorded already announce nothing twice).
 */
export async function evaluateReadinessAction(
  event: EvaluateReadinessEvent,
  ctx: RouterContext,
): Promise<EvaluateReadinessResult> {
  const plans: PlanReadinessOutcome[] = [];
  let failure: { readonly error: unknown } | undefined;
  for (const planId of event.planIds) {
    try {
      plans.push(await evaluatePlan(planId, ctx));
    } catch (error) {
      ctx.logger.error('drs-waves readiness failed', {
        planId,
        error: error instanceof Error ? error.name : typeof error,
      });
      failure ??= { error };
    }
  }
  if (failure !== undefined) throw failure.error;
  return { plans };
}
