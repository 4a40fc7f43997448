import type { AccountDrs } from '../../accounts/internal/accountDrs';
import { drsForTarget } from '../../accounts/internal/drsForTarget';
import { HistoryRecordNotFoundError } from '../../errors';
import type { Logger } from '../../logger';
import type { ExecutionRecord } from '../../store/records';
import type { ActionRouterDeps } from '../createActionRouter';

/** The router's dependencies with every default applied. */
export interface RouterContext extends ActionRouterDeps {
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly requirePostLaunchActions: boolean;
  /** DRS in the accounts of `accountRoles`. */
  readonly accounts: AccountDrs;
}

/**
 * The wave functions' deps for one execution: DRS in an account the plan names comes from the
 * role of the account, assumed for this execution; the rest as configured.
 */
export function waveDepsOf(ctx: RouterContext, executionId: string): RouterContext {
  return { ...ctx, drsFor: drsForTarget(ctx, ctx.accounts, executionId) };
}

/** The recorded execution; throws {@link HistoryRecordNotFoundError} when there is none. */
export async function requireExecution(
  ctx: RouterContext,
  executionId: string,
): Promise<ExecutionRecord> {
  const execution = await ctx.history.getExecution(executionId);
  if (execution === undefined) throw new HistoryRecordNotFoundError('execution', executionId);
  return execution;
}
