import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ApprovalRecord,
  ErrorName,
  isApprovalAlreadyDecidedError,
  isApprovalNotFoundError,
  isInvalidOptionsError,
} from '../../src/index';
import { type Drill, startDrill } from '../helpers/drill';
import { serverIds } from '../helpers/waves';
import { awsError, controlPlane, NOW } from './helpers';

const OPS = 'arn:aws:iam::123456789012:user/ops';
const LEAD = 'arn:aws:iam::123456789012:user/lead';

const pending = (waveId = 'web'): ApprovalRecord => ({
  executionId: 'e1',
  waveId,
  taskToken: `token-${waveId}`,
  status: 'PENDING',
  requestedAt: '2026-03-01T10:00:00.000Z',
});

async function withApproval() {
  const plane = controlPlane();
  await plane.history.putApproval(pending());
  return plane;
}

describe('approveWave and rejectWave', () => {
  it('approves: records the decision, then answers the stored token', async () => {
    const { control, sfn, history } = await withApproval();
    sfn.on(SendTaskSuccessCommand).resolves({});
    const result = await control.approveWave({
      executionId: 'e1',
      waveId: 'web',
      decidedBy: OPS,
      reason: 'App tier is green',
    });
    expect(result).toStrictEqual({
      executionId: 'e1',
      waveId: 'web',
      status: 'APPROVED',
      decidedBy: OPS,
      decidedAt: NOW.toISOString(),
      repeated: false,
      taskClosed: false,
    });
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toStrictEqual([
      { taskToken: 'token-web', output: JSON.stringify({ status: 'APPROVED', decidedBy: OPS }) },
    ]);
    expect(await history.getApproval('e1', 'web')).toStrictEqual({
      ...pending(),
      status: 'APPROVED',
      decidedAt: NOW.toISOString(),
      decidedBy: OPS,
      reason: 'App tier is green',
    });
  });

  it('rejects: fails the task with ApprovalRejected and the reason as cause', async () => {
    const { control, sfn, history } = await withApproval();
    sfn.on(SendTaskFailureCommand).resolves({});
    await control.rejectWave({
      executionId: 'e1',
      waveId: 'web',
      decidedBy: OPS,
      reason: 'Change freeze',
    });
    expect(sfn.commandCalls(SendTaskFailureCommand).map((c) => c.args[0].input)).toStrictEqual([
      { taskToken: 'token-web', error: ErrorName.ApprovalRejected, cause: 'Change freeze' },
    ]);
    expect(await history.getApproval('e1', 'web')).toMatchObject({ status: 'REJECTED' });
  });

  it('rejects without a reason with a cause naming the wave and the decider', async () => {
    const { control, sfn } = await withApproval();
    sfn.on(SendTaskFailureCommand).resolves({});
    await control.rejectWave({ executionId: 'e1', waveId: 'web', decidedBy: OPS });
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input.cause).toBe(
      `Wave web rejected by ${OPS}`,
    );
  });

  it('gives a clear error when no token is stored, calling nothing', async () => {
    const { control, sfn } = controlPlane();
    const caught = await control
      .approveWave({ executionId: 'e1', waveId: 'web', decidedBy: OPS })
      .catch((e: unknown) => e);
    expect(isApprovalNotFoundError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      'No approval request for wave "web" of execution "e1" in the execution history',
    );
    expect(sfn.calls()).toHaveLength(0);
  });

  it('refuses a second decision, by someone else or the other way', async () => {
    const { control, sfn, history } = await withApproval();
    sfn.on(SendTaskSuccessCommand).resolves({});
    await control.approveWave({ executionId: 'e1', waveId: 'web', decidedBy: OPS });
    for (const attempt of [
      () => control.rejectWave({ executionId: 'e1', waveId: 'web', decidedBy: OPS }),
      () => control.rejectWave({ executionId: 'e1', waveId: 'web', decidedBy: LEAD }),
      () => control.approveWave({ executionId: 'e1', waveId: 'web', decidedBy: LEAD }),
    ]) {
      const caught = await attempt().catch((e: unknown) => e);
      expect(isApprovalAlreadyDecidedError(caught)).toBe(true);
      expect((caught as Error).message).toBe(
        `Wave "web" of execution "e1" was already APPROVED by "${OPS}"`,
      );
    }
    expect(sfn.calls()).toHaveLength(1);
    expect(await history.getApproval('e1', 'web')).toMatchObject({
      status: 'APPROVED',
      decidedBy: OPS,
    });
  });

  it('lets exactly one of two racing deciders win', async () => {
    const { control, sfn, history } = await withApproval();
    sfn.on(SendTaskSuccessCommand).resolves({});
    sfn.on(SendTaskFailureCommand).resolves({});
    const outcomes = await Promise.allSettled([
      control.approveWave({ executionId: 'e1', waveId: 'web', decidedBy: OPS }),
      control.rejectWave({ executionId: 'e1', waveId: 'web', decidedBy: LEAD }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(isApprovalAlreadyDecidedError((lost as PromiseRejectedResult).reason)).toBe(true);
    expect(sfn.calls()).toHaveLength(1);
    const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
    expect(await history.getApproval('e1', 'web')).toMatchObject(
      winner === 0
        ? { status: 'APPROVED', decidedBy: OPS }
        : { status: 'REJECTED', decidedBy: LEAD },
    );
  });

  it('survives a crash between recording and answering: the same decider repeats it', async () => {
    const { control, sfn, history } = await withApproval();
    sfn
      .on(SendTaskSuccessCommand)
      .rejectsOnce(awsError('TimeoutError', 'Socket timed out'))
      .resolves({});
    await expect(
      control.approveWave({ executionId: 'e1', waveId: 'web', decidedBy: OPS }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    // Recorded, but the wave still waits: fails closed, nothing launches without an answer.
    expect(await history.getApproval('e1', 'web')).toMatchObject({ status: 'APPROVED' });
    const again = await control.approveWave({ executionId: 'e1', waveId: 'web', decidedBy: OPS });
    expect(again).toMatchObject({ repeated: true, taskClosed: false });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
  });

  it('reports a token Step Functions no longer waits for', async () => {
    const { control, sfn } = await withApproval();
    sfn.on(SendTaskSuccessCommand).rejects(awsError('TaskTimedOut', 'Task Timed Out'));
    const result = await control.approveWave({ executionId: 'e1', waveId: 'web', decidedBy: OPS });
    expect(result).toMatchObject({ status: 'APPROVED', repeated: false, taskClosed: true });
  });

  it('validates the request before reading anything', async () => {
    const { control, sfn } = await withApproval();
    const caught = await control
      .approveWave({ executionId: 'e 1', waveId: '', decidedBy: ' ', reason: 'x'.repeat(40_000) })
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as { problems: { path: string }[] }).problems.map((p) => p.path)).toStrictEqual([
      'executionId',
      'waveId',
      'decidedBy',
      'reason',
    ]);
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('approveWave and rejectWave requests', () => {
  it('refuse an unknown field, telling the one meant, before reading anything', async () => {
    const { control, sfn } = await withApproval();
    const request = { executionId: 'e1', waveId: 'web', decidedby: OPS, note: 'ok' };
    for (const [name, decide] of [
      ['approveWave', control.approveWave],
      ['rejectWave', control.rejectWave],
    ] as const) {
      await expect(decide(request as never)).rejects.toThrow(
        [
          `Invalid options for ${name} (3 problems):`,
          '- decidedBy: Expected decidedBy as a non-empty string, got nothing',
          '- decidedby: Unknown field "decidedby" (did you mean "decidedBy"?)',
          '- note: Unknown field "note"',
        ].join('\n'),
      );
    }
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('approvals on the built state machine (local stack)', () => {
  let drill: Drill | undefined;
  afterEach(async () => {
    await drill?.close();
    drill = undefined;
  });

  const plan = {
    id: 'shop',
    waves: [
      { id: 'db', servers: serverIds(2) },
      { id: 'web', servers: serverIds(2, 2), requireApproval: true },
    ],
  };

  /** A control plane whose Step Functions calls answer the local execution's tasks. */
  async function wired() {
    drill = await startDrill(plan);
    const execution = drill.start();
    const { control, sfn } = controlPlane({ history: drill.stack.history });
    sfn.on(SendTaskSuccessCommand).callsFake((input: { taskToken: string; output: string }) => {
      execution.sendTaskSuccess(input.taskToken, JSON.parse(input.output));
      return {};
    });
    sfn
      .on(SendTaskFailureCommand)
      .callsFake((input: { taskToken: string; error: string; cause: string }) => {
        execution.sendTaskFailure(input.taskToken, input.error, input.cause);
        return {};
      });
    await execution.approvalsRequested(1);
    return { control, execution, history: drill.stack.history };
  }

  it('resumes the waiting wave once approved', async () => {
    const { control, execution, history } = await wired();
    await control.approveWave({
      executionId: execution.executionName,
      waveId: 'web',
      decidedBy: OPS,
    });
    expect(await execution.result).toMatchObject({ status: 'SUCCEEDED' });
    expect(await history.getWave(execution.executionName, 'web')).toMatchObject({
      status: 'COMPLETED',
    });
  });

  it('fails the wave and the execution with the reason once rejected', async () => {
    const { control, execution, history } = await wired();
    await control.rejectWave({
      executionId: execution.executionName,
      waveId: 'web',
      decidedBy: OPS,
      reason: 'Change freeze until Monday',
    });
    const result = await execution.result;
    expect(result).toMatchObject({ status: 'FAILED', error: ErrorName.ApprovalRejected });
    expect(JSON.stringify(result)).toContain('Change freeze until Monday');
    expect(await history.getExecution(execution.executionName)).toMatchObject({
      status: 'FAILED',
      error: ErrorName.ApprovalRejected,
    });
  });
});
