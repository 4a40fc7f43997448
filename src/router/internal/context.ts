import { HistoryRecordNotFoundError } from '../../errors';
import type { Logger } from '../../logger';
import type { ExecutionRecord } from '../../store/records';
import type { ActionRouterDeps } from '../createActionRouter';

/** The router's dependencies with every default applied. */
export interface RouterContext extends ActionRouterDeps {
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly requirePostLaunchActions: boolean;
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
