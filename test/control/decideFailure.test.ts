import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import {
  type ChunkRecord,
  type ExecutionHistoryStore,
  isDecisionRefusedError,
  isInvalidOptionsError,
} from '../../src/index';
import { awsError, controlPlane, execution, NOW } from './helpers';

const OPS = 'arn:aws:iam::123456789012:user/ops';
const OTHER = 'arn:aws:iam::123456789012:user/other';
const [a, b, c] = ['s-0000000000000000a', 's-0000000000000000b', 's-0000000000000000c'];

/** Execution e1 whose wave app failed at `attempt`: a launched, b failed (critical), c failed (optional). */
async function failedApp(history: ExecutionHistoryStore, options: { bLaunched?: boolean } = {}) {
  await history.createExecution(execution('e1'));
  const chunk: ChunkRecord = {
    executionId: 'e1',
    waveId: 'app',
    chunkIndex: 0,
    servers: [
      { sourceServerId: a, impact: 'CRITICAL' },
      { sourceServerId: b, impact: 'CRITICAL' },
      { sourceServerId: c, impact: 'OPTIONAL' },
    ],
    jobId: 'drsjob-00000000000000001',
    launchStatuses: {},
    verdicts: { [a]: 'LAUNCHED', [b]: options.bLaunched ? 'LAUNCHED' : 'FAILED', [c]: 'FAILED' },
    settled: true,
  };
  await history.createWave(
    {
      executionId: 'e1',
      waveId: 'app',
      status: 'FAILED',
      serverCount: 3,
      chunkCount: 1,
      jobIds: ['drsjob-00000000000000001'],
      pollCount: 4,
      startedAt: '2026-03-01T10:16:00.000Z',
      error: 'WaveFailed',
    },
    [chunk],
  );
  await history.putDecision({
    executionId: 'e1',
    waveId: 'app',
    attempt: 1,
    taskToken: 'decision-token',
    status: 'PENDING',
    error: 'WaveFailed',
    requestedAt: '2026-03-01T10:20:00.000Z',
  });
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDecisionRefusedError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
};

describe('decideWaveFailure', () => {
  it('records the decision (who, when, which), then answers the task token with it', async () => {
    const { control, sfn, history } = controlPlane();
    await failedApp(history);
    sfn.on(SendTaskSuccessCommand).resolves({});
    const result = await control.decideWaveFailure({
      executionId: 'e1',
      waveId: 'app',
      decision: 'RETRY',
      decidedBy: OPS,
      reason: 'Capacity is back',
    });
    expect(result).toStrictEqual({
      executionId: 'e1',
      waveId: 'app',
      attempt: 1,
      decision: 'RETRY',
      decidedBy: OPS,
      decidedAt: NOW.toISOString(),
      repeated: false,
      taskClosed: false,
    });
    expect(await history.getDecision('e1', 'app', 1)).toMatchObject({
      status: 'RETRY',
      decidedBy: OPS,
      decidedAt: NOW.toISOString(),
      reason: 'Capacity is back',
    });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toStrictEqual({
      taskToken: 'decision-token',
      output: JSON.stringify({ decision: 'RETRY', attempt: 1, decidedBy: OPS }),
    });

    // The same person again: a harmless repeat, sent again. Someone else, otherwise: refused.
    const again = await control.decideWaveFailure({
      executionId: 'e1',
      waveId: 'app',
      decision: 'RETRY',
      decidedBy: OPS,
    });
    expect(again.repeated).toBe(true);
    const other = await refusal(
      control.decideWaveFailure({
        executionId: 'e1',
        waveId: 'app',
        decision: 'SKIP',
        decidedBy: OTHER,
      }),
    );
    expect(other.reason).toBe('ALREADY_DECIDED');
    expect(other.message).toBe(
      `Decision SKIP on wave "app" of execution "e1" refused: the failure was already decided: RETRY by ${OPS}`,
    );
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
  });

  it('refuses a wave that waits for no decision, naming the wave, before any call', async () => {
    const { control, sfn, history } = controlPlane();
    await failedApp(history);
    const error = await refusal(
      control.decideWaveFailure({
        executionId: 'e1',
        waveId: 'web',
        decision: 'ABORT',
        decidedBy: OPS,
      }),
    );
    expect(error).toMatchObject({ reason: 'NOT_WAITING', waveId: 'web', decision: 'ABORT' });
    expect(error.message).toContain('"web"');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses a retry that would relaunch nothing (no failed critical server), recording nothing', async () => {
    const { control, sfn, history } = controlPlane();
    // Only the optional server failed: the wave failed for another reason (an action, say).
    await failedApp(history, { bLaunched: true });
    const error = await refusal(
      control.decideWaveFailure({
        executionId: 'e1',
        waveId: 'app',
        decision: 'RETRY',
        decidedBy: OPS,
      }),
    );
    expect(error.reason).toBe('NOTHING_TO_RETRY');
    expect((await history.getDecision('e1', 'app', 1))?.status).toBe('PENDING');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    // Skipping it is accepted.
    sfn.on(SendTaskSuccessCommand).resolves({});
    const skipped = await control.decideWaveFailure({
      executionId: 'e1',
      waveId: 'app',
      decision: 'SKIP',
      decidedBy: OPS,
    });
    expect(skipped.decision).toBe('SKIP');
  });

  it('refuses a decision other than RETRY, SKIP or ABORT with its path and value', async () => {
    const { control, history } = controlPlane();
    await failedApp(history);
    const error = await control
      .decideWaveFailure({
        executionId: 'e1',
        waveId: 'app',
        decision: 'Retry' as never,
        decidedBy: OPS,
      })
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(error)).toBe(true);
    if (!isInvalidOptionsError(error)) return;
    expect(error.problems).toStrictEqual([
      { path: 'decision', message: 'Expected decision "RETRY", "SKIP" or "ABORT", got "Retry"' },
    ]);
    expect((await history.getDecision('e1', 'app', 1))?.status).toBe('PENDING');
  });

  it('says when the wave no longer waited: the decision timed out first', async () => {
    const { control, sfn, history } = controlPlane();
    await failedApp(history);
    sfn.on(SendTaskSuccessCommand).rejects(awsError('TaskTimedOut', 'Task Timed Out'));
    const result = await control.decideWaveFailure({
      executionId: 'e1',
      waveId: 'app',
      decision: 'ABORT',
      decidedBy: OPS,
    });
    expect(result).toMatchObject({ taskClosed: true, repeated: false });
  });
});
