import { ExecutionMismatchError } from '../../errors';
import type { WaveRecord } from '../../store/records';
import type { FailureResult, RecordWaveFailureEvent } from '../actions';
import { type RouterContext, requireExecution } from './context';
import { failureText } from './failureText';

const hasFailed = (wave: WaveRecord) => wave.status === 'FAILED' || wave.status === 'TIMED_OUT';

/**
 * Decides the error and cause a wave fails with and records them: what a check or start
 * recorded already wins; otherwise the caught error, with a cause naming the wave. A wave that
 * was never recorded (its start failed before writing anything, or its approval was rejected)
 * is created `FAILED`.
 */
export async function recordWaveFailure(
  event: RecordWaveFailureEvent,
  ctx: RouterContext,
): Promise<FailureResult> {
  const { executionId, waveId, failure } = event;
  const execution = await requireExecution(ctx, executionId);
  if (!execution.waveIds.includes(waveId)) {
    throw new ExecutionMismatchError(executionId, 'waveIds', waveId, execution.waveIds.join(','));
  }
  const now = ctx.clock().toISOString();
  const error = failure.Error;
  const cause = `Wave ${waveId} failed: ${failureText(failure)}`;

  let wave = await ctx.history.getWave(executionId, waveId);
  if (wave === undefined) {
    const created = await ctx.history.createWave(
      {
        executionId,
        waveId,
        status: 'FAILED',
        serverCount: 0,
        chunkCount: 0,
        jobIds: [],
        pollCount: 0,
        startedAt: now,
        endedAt: now,
        error,
        cause,
      },
      [],
    );
    if (created.created) return { error, cause };
    wave = created.wave;
  }

  // A retried wave still open carries its previous attempt's error: this failure is new.
  const stale = wave.attempt !== undefined && !hasFailed(wave);
  if (wave.error !== undefined && wave.cause !== undefined && !stale) {
    if (!hasFailed(wave)) {
      await ctx.history.updateWave(executionId, waveId, {
        status: 'FAILED',
        endedAt: wave.endedAt ?? now,
      });
    }
    return { error: wave.error, cause: wave.cause };
  }
  await ctx.history.updateWave(executionId, waveId, {
    status: wave.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED',
    error,
    cause,
    endedAt: wave.endedAt ?? now,
  });
  return { error, cause };
}
