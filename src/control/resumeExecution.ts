import * as v from 'valibot';
import { HistoryRecordNotFoundError } from '../errors';
import { parseOptions } from '../internal/options';
import { resumeStagesOf } from '../router/resumeStages';
import type { ControlContext } from './internal/context';
import { executionId, ID, idOf, requestSchema } from './internal/validate';
import { type StartExecutionResult, startExecution } from './startExecution';

/**
 * What `resumeExecution` takes.
 *
 * @example
 * ```ts
 * import type { ResumeExecutionRequest } from 'drs-waves';
 *
 * const request: ResumeExecutionRequest = {
 *   executionId: 'shop-20260301T101500Z',
 *   fromWaveId: 'app',
 *   newExecutionId: 'shop-20260301T101500Z-resumed',
 * };
 * ```
 */
export interface ResumeExecutionRequest {
  /** The `FAILED` or `CANCELLED` execution. */
  readonly executionId: string;
  /** The wave whose stage the new execution starts at. */
  readonly fromWaveId: string;
  /** The new execution's ID; `<plan>-<UTC time>` when absent. */
  readonly newExecutionId?: string;
  /** For a `RECOVERY`: the plan ID again, as when starting one. */
  readonly confirmRecovery?: string;
}

const resumeExecutionRequest = requestSchema({
  executionId,
  fromWaveId: idOf(ID, 64, 'a wave ID'),
  newExecutionId: v.optional(executionId),
  confirmRecovery: v.optional(v.unknown()),
});

/**
 * Checks the resume by the rules the router applies (`resumeStagesOf`), before any call, then
 * starts the new execution with `resumeFrom` in its input, as `startExecution` starts one (a
 * `RECOVERY` still needs `confirmRecovery`), from the old execution's recovery point if it had
 * one.
 */
export async function resumeExecution(
  ctx: ControlContext,
  request: ResumeExecutionRequest,
): Promise<StartExecutionResult> {
  const parsed = parseOptions(
    'resumeExecution',
    resumeExecutionRequest,
    request === undefined ? {} : request,
  );
  const old = await ctx.history.getExecution(parsed.executionId);
  if (old === undefined) throw new HistoryRecordNotFoundError('execution', parsed.executionId);
  await resumeStagesOf(ctx.history, old, parsed.fromWaveId, parsed.newExecutionId);
  return startExecution(
    ctx,
    {
      planId: old.planId,
      executionType: old.executionType,
      ...(parsed.confirmRecovery === undefined
        ? {}
        : { confirmRecovery: parsed.confirmRecovery as string }),
      ...(parsed.newExecutionId === undefined ? {} : { executionId: parsed.newExecutionId }),
      // The same recovery: the servers still to launch launch from the same point in time.
      ...(old.recoveryPoint === undefined ? {} : { recoveryPoint: old.recoveryPoint }),
    },
    { executionId: old.executionId, waveId: parsed.fromWaveId },
  );
}
