import { ExecutionMismatchError, HistoryRecordNotFoundError } from '../../errors';
import type { ExecutionRecord } from '../../store/records';
import { retryWave } from '../../waves/internal/retryWave';
import type {
  RequestDecisionEvent,
  RetryWaveEvent,
  StartWaveEventResult,
  WaveDecisionEvent,
  WaveDecisionStepResult,
} from '../actions';
import { type RouterContext, requireExecution, waveDepsOf } from './context';

function requireWaveOf(execution: ExecutionRecord, waveId: string): void {
  if (!execution.waveIds.includes(waveId)) {
    throw new ExecutionMismatchError(
      execution.executionId,
      'waveIds',
      waveId,
      execution.waveIds.join(','),
    );
  }
}

/** The failed wave's current attempt (1 for a wave that never started). */
async function attemptOf(ctx: RouterContext, executionId: string, waveId: string) {
  const wave = await ctx.history.getWave(executionId, waveId);
  return wave?.attempt ?? 1;
}

/**
 * Stores the task token of a failed wave's wait for a decision, with its failure, as the
 * `PENDING` decision on its current attempt (a retried request re-arms it; a decided one is
 * kept).
 */
export async function requestDecision(
  event: RequestDecisionEvent,
  ctx: RouterContext,
): Promise<WaveDecisionStepResult> {
  const { executionId, waveId, taskToken, failure } = event;
  requireWaveOf(await requireExecution(ctx, executionId), waveId);
  const attempt = await attemptOf(ctx, executionId, waveId);
  await ctx.history.putDecision({
    executionId,
    waveId,
    attempt,
    taskToken,
    status: 'PENDING',
    error: failure.Error,
    ...(failure.Cause === undefined ? {} : { cause: failure.Cause }),
    requestedAt: ctx.clock().toISOString(),
  });
  return { status: 'AWAITING_DECISION', attempt };
}

/** Starts the next attempt of the wave (see `retryWave`). */
export async function retryWaveAction(
  event: RetryWaveEvent,
  ctx: RouterContext,
): Promise<StartWaveEventResult> {
  const { executionId, executionType, waveId, attempt } = event;
  requireWaveOf(await requireExecution(ctx, executionId), waveId);
  const result = await retryWave(
    { executionId, executionType, waveId, attempt },
    waveDepsOf(ctx, executionId),
  );
  return { status: result.status, serverCount: result.serverCount, jobCount: result.jobIds.length };
}

/**
 * `skip_wave`: the wave is recorded `SKIPPED` (its failure kept), and the execution goes on.
 * `expire_decision`: the pending decision is recorded `TIMED_OUT`; the wave stays failed.
 */
export async function endDecision(
  event: WaveDecisionEvent,
  ctx: RouterContext,
): Promise<WaveDecisionStepResult> {
  const { executionId, waveId } = event;
  requireWaveOf(await requireExecution(ctx, executionId), waveId);
  const attempt = await attemptOf(ctx, executionId, waveId);
  if (event.action === 'skip_wave') {
    const wave = await ctx.history.getWave(executionId, waveId);
    if (wave === undefined)
      throw new HistoryRecordNotFoundError('wave', `${executionId}/${waveId}`);
    await ctx.history.updateWave(executionId, waveId, { status: 'SKIPPED' });
    return { status: 'SKIPPED', attempt };
  }
  await ctx.history.decideDecision(executionId, waveId, attempt, {
    status: 'TIMED_OUT',
    decidedAt: ctx.clock().toISOString(),
  });
  return { status: 'TIMED_OUT', attempt };
}
