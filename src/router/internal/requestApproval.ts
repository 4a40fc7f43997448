import { ExecutionMismatchError } from '../../errors';
import type { RequestApprovalEvent } from '../actions';
import type { RequestApprovalResult } from '../results';
import { type RouterContext, requireExecution } from './context';

/** Stores the wave's task token as a `PENDING` approval (a retried request re-arms it). */
export async function requestApproval(
  event: RequestApprovalEvent,
  ctx: RouterContext,
): Promise<RequestApprovalResult> {
  const { executionId, waveId, taskToken } = event;
  const execution = await requireExecution(ctx, executionId);
  if (!execution.waveIds.includes(waveId)) {
    throw new ExecutionMismatchError(executionId, 'waveIds', waveId, execution.waveIds.join(','));
  }
  await ctx.history.putApproval({
    executionId,
    waveId,
    taskToken,
    status: 'PENDING',
    requestedAt: ctx.clock().toISOString(),
  });
  return { status: 'AWAITING_APPROVAL' };
}
