import { ErrorName } from '../../errors';
import type { WaveRecord, WaveRecordStatus } from '../../store/records';
import type { FinishExecutionEvent } from '../actions';
import type { FinishExecutionResult } from '../results';
import { type RouterContext, requireExecution } from './context';
import { failureText } from './failureText';

const OPEN_WAVE: ReadonlySet<WaveRecordStatus> = new Set([
  'STARTING',
  'STARTED',
  'AWAITING_APPROVAL',
]);

/** A cancel recorded while the execution finishes is kept (the update is conditional). */
const KEEP_CANCEL = { unlessStatus: 'CANCELLED' } as const;

/** The error an execution fails with when neither a wave nor the state machine said why. */
export const UNEXPLAINED_FAILURE = 'ExecutionFailed';

/** The failed wave that ended first (waves without an end time last, then by ID). */
function firstFailedWave(waves: readonly WaveRecord[]): WaveRecord | undefined {
  const failed = waves.filter((w) => w.status === 'FAILED' || w.status === 'TIMED_OUT');
  const key = (w: WaveRecord) => w.endedAt ?? '\uffff';
  return failed.sort((a, b) => (key(a) === key(b) ? 0 : key(a) < key(b) ? -1 : 1))[0];
}

/**
 * Records how the execution ended. For `FAILED`, a wave still open (its child execution failed
 * uncaught) is recorded `FAILED` first; the error and cause come from the wave that failed
 * first, else from the caught error. A `CANCELLED` execution stays `CANCELLED`.
 */
export async function finishExecution(
  event: FinishExecutionEvent,
  ctx: RouterContext,
): Promise<FinishExecutionResult> {
  const { executionId, status, failure } = event;
  const execution = await requireExecution(ctx, executionId);
  const now = ctx.clock().toISOString();
  const endedAt =
    execution.status === status && execution.endedAt !== undefined ? execution.endedAt : now;
  const keep = execution.status === 'CANCELLED';

  if (status === 'SUCCEEDED') {
    // Waves an operator skipped: the execution succeeded without them, and says so.
    const skipped = (await ctx.history.listWaves(executionId))
      .filter((w) => w.status === 'SKIPPED')
      .map((w) => w.waveId);
    const skippedWaveIds = skipped.length > 0 ? { skippedWaveIds: skipped } : {};
    if (!keep) {
      await ctx.history.updateExecution(
        executionId,
        { status, endedAt, ...skippedWaveIds },
        KEEP_CANCEL,
      );
    }
    return { status, ...skippedWaveIds };
  }

  const waves = await ctx.history.listWaves(executionId);
  // Every wave has ended by now: one still open had a child execution that failed uncaught
  // (tolerated by the Map so that its siblings ran on). It failed, without a recorded outcome.
  const abandoned = waves.filter((w) => OPEN_WAVE.has(w.status));
  for (const w of abandoned) {
    const patch = {
      status: 'FAILED' as const,
      error: ErrorName.WaveFailed,
      cause: `Wave ${w.waveId} failed: its child execution ended without recording an outcome${failure === undefined ? '' : ` (${failureText(failure)})`}`,
      endedAt: now,
    };
    await ctx.history.updateWave(executionId, w.waveId, patch);
    Object.assign(w, patch);
  }
  const wave = firstFailedWave(waves);
  let error: string;
  let cause: string;
  if (wave?.error !== undefined && wave.cause !== undefined) {
    error = wave.error;
    cause = wave.cause;
  } else if (failure !== undefined) {
    error = failure.Error;
    cause = `Execution ${executionId} failed: ${failureText(failure)}`;
  } else {
    error = UNEXPLAINED_FAILURE;
    cause = `Execution ${executionId} failed, and neither a wave nor the state machine recorded why`;
  }
  if (!keep) {
    await ctx.history.updateExecution(executionId, { status, error, cause, endedAt }, KEEP_CANCEL);
  }
  return { status, error, cause };
}
