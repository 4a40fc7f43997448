import * as v from 'valibot';
import { ErrorName } from '../errors';
import { loadClientSfn } from '../internal/optionalPeer';
import { parseOptions } from '../internal/options';
import { executionArnOf } from './internal/arns';
import type { ControlContext } from './internal/context';
import {
  executionId as executionIdSchema,
  MAX_CAUSE_LENGTH,
  MAX_PRINCIPAL_LENGTH,
  requestSchema,
  text,
} from './internal/validate';

/**
 * What `cancelExecution` takes.
 *
 * @example
 * ```ts
 * import type { CancelExecutionRequest } from 'drs-waves';
 *
 * const request: CancelExecutionRequest = {
 *   executionId: 'three-tier-20260301T101500Z',
 *   reason: 'Drill window closed',
 *   cancelledBy: 'arn:aws:iam::123456789012:user/ops',
 * };
 * ```
 */
export interface CancelExecutionRequest {
  /** The execution. */
  readonly executionId: string;
  /** Why; recorded in the history and sent as the `StopExecution` cause. */
  readonly reason: string;
  /** Who cancels (an IAM principal ARN, from the authenticated caller). */
  readonly cancelledBy?: string;
}

/**
 * What `cancelExecution` returns.
 *
 * @example
 * ```ts
 * import type { CancelExecutionResult } from 'drs-waves';
 *
 * const done = (r: CancelExecutionResult) => r.status === 'ABORTED' && r.recorded;
 * ```
 */
export interface CancelExecutionResult {
  /** The execution. */
  readonly executionId: string;
  /** Its Step Functions ARN. */
  readonly executionArn: string;
  /**
   * Its Step Functions status after the stop: `ABORTED`, or how it had already ended
   * (`SUCCEEDED`, `FAILED`, `TIMED_OUT`), in which case the history is left as it was.
   */
  readonly status: string;
  /** Whether the history now records the execution as `CANCELLED`. */
  readonly recorded: boolean;
}

const cancelExecutionRequest = requestSchema({
  executionId: executionIdSchema,
  reason: text('reason', MAX_CAUSE_LENGTH),
  cancelledBy: v.optional(text('cancelledBy', MAX_PRINCIPAL_LENGTH)),
});

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT']);

/**
 * Stops the execution, then records `CANCELLED` in the history, unless Step Functions says it
 * had ended on its own first, or the history already recorded how it ended.
 *
 * Step Functions is stopped first because it is what acts: a crash after the stop leaves a
 * stopped execution whose history still says `RUNNING`, which a repeated cancel corrects
 * (stopping twice is harmless). The other order could leave the history saying `CANCELLED`
 * while waves kept launching. DRS jobs already started keep running: stopping the execution
 * only stops new waves and polling.
 */
export async function cancelExecution(
  ctx: ControlContext,
  request: CancelExecutionRequest,
): Promise<CancelExecutionResult> {
  const { executionId, reason, cancelledBy } = parseOptions(
    'cancelExecution',
    cancelExecutionRequest,
    request === undefined ? {} : request,
  );
  const executionArn = executionArnOf(ctx.stateMachine, executionId);
  const cause = cancelledBy === undefined ? reason : `Cancelled by ${cancelledBy}: ${reason}`;
  const { DescribeExecutionCommand, StopExecutionCommand } = await loadClientSfn('cancelExecution');

  await ctx.sfn.send(
    new StopExecutionCommand({
      executionArn,
      error: ErrorName.ExecutionCancelled,
      cause: cause.slice(0, MAX_CAUSE_LENGTH),
    }),
  );
  const described = await ctx.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const status = described.status ?? 'UNKNOWN';

  let recorded = false;
  const execution = await ctx.history.getExecution(executionId);
  if (execution?.status === 'CANCELLED') {
    recorded = true;
  } else if (execution?.status === 'RUNNING' && !ENDED.has(status)) {
    await ctx.history.updateExecution(executionId, {
      status: 'CANCELLED',
      endedAt: (described.stopDate ?? ctx.clock()).toISOString(),
      error: ErrorName.ExecutionCancelled,
      cause,
    });
    recorded = true;
  }
  ctx.logger.info('drs-waves control', {
    operation: 'cancelExecution',
    executionId,
    outcome: status,
    recorded,
  });
  return { executionId, executionArn, status, recorded };
}
