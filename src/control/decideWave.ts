import * as v from 'valibot';
import { ApprovalAlreadyDecidedError, ApprovalNotFoundError, ErrorName } from '../errors';
import { loadClientSfn } from '../internal/optionalPeer';
import { parseOptions } from '../internal/options';
import type { ApprovalRecord } from '../store/records';
import type { ControlContext } from './internal/context';
import { isClosedTask } from './internal/sfnErrors';
import {
  executionId,
  ID,
  idOf,
  MAX_CAUSE_LENGTH,
  MAX_PRINCIPAL_LENGTH,
  requestSchema,
  text,
} from './internal/validate';

/**
 * What `approveWave` and `rejectWave` take.
 *
 * @example
 * ```ts
 * import type { WaveDecisionRequest } from 'drs-waves';
 *
 * const request: WaveDecisionRequest = {
 *   executionId: 'three-tier-20260301T101500Z',
 *   waveId: 'web',
 *   decidedBy: 'arn:aws:iam::123456789012:user/ops',
 *   reason: 'App tier checks are green',
 * };
 * ```
 */
export interface WaveDecisionRequest {
  /** The execution. */
  readonly executionId: string;
  /** The wave waiting for approval. */
  readonly waveId: string;
  /**
   * Who decides: take it from the authenticated caller (an IAM principal ARN), never from the
   * request body.
   */
  readonly decidedBy: string;
  /** Why; for a rejection, the cause the wave fails with. */
  readonly reason?: string;
}

/**
 * What `approveWave` and `rejectWave` return.
 *
 * @example
 * ```ts
 * import type { WaveDecisionResult } from 'drs-waves';
 *
 * const warn = (r: WaveDecisionResult) =>
 *   r.taskClosed && !r.repeated ? 'the wave no longer waited: it timed out or the execution ended' : '';
 * ```
 */
export interface WaveDecisionResult {
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** The recorded decision. */
  readonly status: 'APPROVED' | 'REJECTED';
  /** Who made it. */
  readonly decidedBy: string;
  /** When it was recorded (ISO 8601). */
  readonly decidedAt: string;
  /**
   * `true` when this call repeated a decision already recorded by the same person (a retry):
   * the answer was sent to Step Functions again, which is harmless.
   */
  readonly repeated: boolean;
  /**
   * `true` when Step Functions said the wave no longer waited for this token: after a repeat,
   * because the first call delivered it; after a first decision, because the approval timed out
   * or the execution ended.
   */
  readonly taskClosed: boolean;
}

type Decision = 'APPROVED' | 'REJECTED';

const waveDecisionRequest = requestSchema({
  executionId,
  waveId: idOf(ID, 64, 'a wave ID'),
  decidedBy: text('decidedBy', MAX_PRINCIPAL_LENGTH),
  reason: v.optional(text('reason', MAX_CAUSE_LENGTH)),
});

/**
 * Records the decision, then answers the task token.
 *
 * The order is chosen so that a crash in between is safe. The conditional write of the decision
 * is the one place where competing deciders are serialised: exactly one of them moves the
 * approval from `PENDING`, and only that one sends an answer. If the process dies after the
 * write and before the answer, the history says `APPROVED` (or `REJECTED`) while the wave still
 * waits; the same decider calling again is recognised as a repeat and sends the answer again,
 * and Step Functions ignores a second answer to a token. Nobody retrying leaves the wave
 * waiting until its approval timeout fails it: the failure mode is "nothing launched", never a
 * wave started without a recorded approval. The other order (answer first) would let a crash
 * leave a wave running with the history still `PENDING`, and open the approval to a second,
 * contradictory decision.
 */
export async function decideWave(
  ctx: ControlContext,
  request: WaveDecisionRequest,
  status: Decision,
): Promise<WaveDecisionResult> {
  const functionName = status === 'APPROVED' ? 'approveWave' : 'rejectWave';
  const { executionId, waveId, decidedBy, reason } = parseOptions(
    functionName,
    waveDecisionRequest,
    request === undefined ? {} : request,
  );
  // Before anything is recorded: a decision recorded but never sent leaves the wave waiting.
  const { SendTaskFailureCommand, SendTaskSuccessCommand } = await loadClientSfn(functionName);
  const approval = await ctx.history.getApproval(executionId, waveId);
  if (approval === undefined) throw new ApprovalNotFoundError(executionId, waveId);

  const decision = {
    status,
    decidedAt: ctx.clock().toISOString(),
    decidedBy,
    ...(reason === undefined ? {} : { reason }),
  };
  let recorded: ApprovalRecord = { ...approval, ...decision };
  let repeated = false;
  const won =
    approval.status === 'PENDING' &&
    (await ctx.history.decideApproval(executionId, waveId, decision));
  if (!won) {
    const current = (await ctx.history.getApproval(executionId, waveId)) ?? approval;
    if (current.status === 'PENDING') throw new ApprovalNotFoundError(executionId, waveId);
    if (current.status !== status || current.decidedBy !== decidedBy) {
      throw new ApprovalAlreadyDecidedError(executionId, waveId, current.status, current.decidedBy);
    }
    recorded = current;
    repeated = true;
  }

  let taskClosed = false;
  try {
    if (status === 'APPROVED') {
      await ctx.sfn.send(
        new SendTaskSuccessCommand({
          taskToken: recorded.taskToken,
          output: JSON.stringify({ status, decidedBy }),
        }),
      );
    } else {
      await ctx.sfn.send(
        new SendTaskFailureCommand({
          taskToken: recorded.taskToken,
          error: ErrorName.ApprovalRejected,
          cause: recorded.reason ?? `Wave ${waveId} rejected by ${decidedBy}`,
        }),
      );
    }
  } catch (error) {
    if (!isClosedTask(error)) throw error;
    taskClosed = true;
  }
  ctx.logger.info('drs-waves control', {
    operation: functionName,
    executionId,
    waveId,
    outcome: status,
    repeated,
    taskClosed,
  });
  return {
    executionId,
    waveId,
    status,
    decidedBy,
    decidedAt: recorded.decidedAt ?? decision.decidedAt,
    repeated,
    taskClosed,
  };
}
