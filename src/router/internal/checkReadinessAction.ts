import { PlanNotFoundError } from '../../errors';
import type { RecoveryPlan } from '../../plan/types';
import { checkReadiness } from '../../readiness/checkReadiness';
import type { ReadinessFinding } from '../../readiness/ReadinessFinding';
import type { ReadinessReport } from '../../readiness/ReadinessReport';
import { portFor } from '../../waves/internal/portFor';
import type { CheckReadinessEvent, CheckReadinessResult } from '../actions';
import { type RouterContext, requireExecution, waveDepsOf } from './context';

/** The most findings recorded with the execution (the whole report is `drs-waves check`'s). */
const RECORDED_FINDINGS = 20;
/** The most findings named in the cause a refused execution fails with. */
const NAMED_FINDINGS = 5;

/** A finding in words: code, server, wave, then its message. */
export const inWords = (f: ReadinessFinding) =>
  `${f.code}${f.sourceServerId === undefined ? '' : ` ${f.sourceServerId}`}${f.waveId === undefined ? '' : ` (${f.waveId})`}: ${f.message}`;

/**
 * The plan checked with the router's DRS (per target as the wave functions reach it: an
 * account's role, assumed in a session named after `sessionId`, a Region's client), quotas and
 * clock.
 */
export function readinessOf(
  ctx: RouterContext,
  plan: RecoveryPlan,
  sessionId: string,
): Promise<ReadinessReport> {
  const deps = waveDepsOf(ctx, sessionId);
  return checkReadiness({
    plan,
    protectionGroups: ctx.protectionGroups,
    drsFor: (target) => portFor(deps, target),
    ...(ctx.quotas === undefined ? {} : { quotas: ctx.quotas }),
    clock: ctx.clock,
  });
}

/**
 * `check_readiness`: checks the execution's plan against live DRS, in the router's DRS per
 * Region, quotas and clock; records the counts and the first findings with the execution, and
 * refuses a `RECOVERY` with blocking findings unless it was started with `overrideReadiness`.
 * A drill is never refused: its findings are recorded.
 */
export async function checkReadinessAction(
  event: CheckReadinessEvent,
  ctx: RouterContext,
): Promise<CheckReadinessResult> {
  const execution = await requireExecution(ctx, event.executionId);
  const plan = await ctx.plans.getPlan(execution.planId);
  if (plan === undefined) throw new PlanNotFoundError(execution.planId);
  const report = await readinessOf(ctx, plan, event.executionId);
  const { ready, blocking, warnings } = report.summary;
  const findings = report.findings.map(inWords);
  await ctx.history.updateExecution(event.executionId, {
    readiness: {
      checkedAt: report.checkedAt,
      ready,
      blocking,
      warnings,
      findings: findings.slice(0, RECORDED_FINDINGS),
    },
  });
  const refused =
    !ready && execution.executionType === 'RECOVERY' && execution.overrideReadiness !== true;
  const named = report.findings
    .filter((f) => f.severity === 'BLOCKING')
    .slice(0, NAMED_FINDINGS)
    .map(inWords);
  const more = blocking - named.length;
  ctx.logger.info('drs-waves readiness', {
    executionId: event.executionId,
    ready,
    blocking,
    warnings,
    refused,
  });
  return {
    ready,
    blocking,
    warnings,
    refused,
    cause: refused
      ? `Plan ${plan.id} is not ready for a RECOVERY (${blocking} blocking finding${blocking === 1 ? '' : 's'}; start with overrideReadiness to go on anyway): ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`
      : '',
  };
}
