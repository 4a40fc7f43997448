import { ErrorName } from '../../errors';
import { followWave, readWave, type WaveStatusSummary } from '../../waves/checkWaveStatus';
import type { CheckWaveStatusEvent, CheckWaveStatusEventResult } from '../actions';
import { type RouterContext, waveDepsOf } from './context';

/**
 * Checks the wave once; a wave still in progress once `timeoutSeconds` have passed since its
 * start is recorded `TIMED_OUT` and answered so, now and on every later check. The check past
 * the timeout is a final one: it reads the logs of jobs still running, so servers that launched
 * before the wave was given up are recorded with their instances.
 */
export async function checkWaveStatusAction(
  event: CheckWaveStatusEvent,
  ctx: RouterContext,
): Promise<CheckWaveStatusEventResult> {
  const { executionId, waveId, timeoutSeconds, requirePostLaunchActions, pollCount } = event;
  // One time for the whole call: a check that starts before the timeout ends before it too.
  const now = ctx.clock();
  // The wave and its chunks in one read: a poll that learns nothing new reads only this.
  const read = await readWave(ctx.history, executionId, waveId);
  const started = read?.wave;
  // A retried wave's timeout counts from its attempt's start.
  const pastTimeout = (wave: { startedAt: string; attemptStartedAt?: string }) =>
    Date.parse(wave.attemptStartedAt ?? wave.startedAt) + timeoutSeconds * 1000 <= now.getTime();
  const finalCheck = started?.status === 'STARTED' && pastTimeout(started);
  const summary = await followWave(
    {
      executionId,
      waveId,
      requirePostLaunchActions,
      ...(finalCheck ? { finalCheck } : {}),
      ...(pollCount === undefined ? {} : { pollCount }),
    },
    waveDepsOf(ctx, executionId),
    read,
  );
  if (summary.status === 'COMPLETED') return summary;
  // The record read above: its status changes only within this check (to COMPLETED or FAILED),
  // and its start never.
  const wave = started;
  if (wave === undefined) return summary;
  if (summary.status === 'FAILED') {
    return wave.status === 'TIMED_OUT' ? { ...summary, status: 'TIMED_OUT' } : summary;
  }
  if (!pastTimeout(wave)) return summary;

  await ctx.history.updateWave(executionId, waveId, {
    status: 'TIMED_OUT',
    error: ErrorName.WaveTimeout,
    cause: timeoutCause(waveId, timeoutSeconds, summary),
    endedAt: now.toISOString(),
  });
  return { ...summary, status: 'TIMED_OUT' };
}

function timeoutCause(waveId: string, timeoutSeconds: number, s: WaveStatusSummary): string {
  const servers = s.total === 1 ? 'server' : 'servers';
  const failed = s.failed > 0 ? `, ${s.failed} failed` : '';
  return `Wave ${waveId} did not finish within ${timeoutSeconds} s: ${s.launched} of ${s.total} ${servers} launched${failed}, ${s.pending} pending`;
}
