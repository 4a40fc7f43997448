import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import {
  createActionRouter,
  ErrorName,
  InMemoryPlanStore,
  InMemoryProtectionGroupStore,
  isHistoryRecordNotFoundError,
  isInvalidOptionsError,
} from '../../src/index';
import { awsError, controlPlane, execution, executionArn } from './helpers';

const STOPPED = new Date('2026-03-01T10:30:00.000Z');
const OPS = 'arn:aws:iam::123456789012:user/ops';

describe('cancelExecution', () => {
  it('stops the execution and marks the history CANCELLED, which finish_execution keeps', async () => {
    const { control, sfn, history } = controlPlane();
    await history.createExecution(execution('e1'));
    sfn.on(StopExecutionCommand).resolves({ stopDate: STOPPED });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'ABORTED', stopDate: STOPPED });
    const result = await control.cancelExecution({
      executionId: 'e1',
      reason: 'Drill window closed',
      cancelledBy: OPS,
    });
    expect(result).toStrictEqual({
      executionId: 'e1',
      executionArn: executionArn('e1'),
      status: 'ABORTED',
      recorded: true,
    });
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toStrictEqual({
      executionArn: executionArn('e1'),
      error: ErrorName.ExecutionCancelled,
      cause: `Cancelled by ${OPS}: Drill window closed`,
    });
    const cancelled = {
      ...execution('e1'),
      status: 'CANCELLED',
      endedAt: STOPPED.toISOString(),
      error: ErrorName.ExecutionCancelled,
      cause: `Cancelled by ${OPS}: Drill window closed`,
    };
    expect(await history.getExecution('e1')).toStrictEqual(cancelled);

    // A Lambda invocation in flight during the stop still ends in finish_execution: it keeps
    // CANCELLED.
    const router = createActionRouter({
      drs: {} as never,
      history,
      protectionGroups: new InMemoryProtectionGroupStore([]),
      plans: new InMemoryPlanStore([]),
    });
    await router({ action: 'finish_execution', executionId: 'e1', status: 'SUCCEEDED' });
    expect(await history.getExecution('e1')).toStrictEqual(cancelled);

    // Cancelling again is harmless and keeps the first record.
    await expect(
      control.cancelExecution({ executionId: 'e1', reason: 'again' }),
    ).resolves.toMatchObject({ recorded: true });
    expect(await history.getExecution('e1')).toStrictEqual(cancelled);
  });

  it('leaves the history alone when the execution had already ended on its own', async () => {
    const { control, sfn, history } = controlPlane();
    await history.createExecution(execution('e1'));
    sfn.on(StopExecutionCommand).resolves({});
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
    const result = await control.cancelExecution({ executionId: 'e1', reason: 'late' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', recorded: false });
    expect(await history.getExecution('e1')).toStrictEqual(execution('e1'));
  });

  it('stops an execution the router never recorded, recording nothing', async () => {
    const { control, sfn } = controlPlane();
    sfn.on(StopExecutionCommand).resolves({});
    sfn.on(DescribeExecutionCommand).resolves({ status: 'ABORTED' });
    await expect(
      control.cancelExecution({ executionId: 'e1', reason: 'x' }),
    ).resolves.toMatchObject({ status: 'ABORTED', recorded: false });
  });

  it('needs a reason, and calls nothing without one', async () => {
    const { control, sfn } = controlPlane();
    const caught = await control
      .cancelExecution({ executionId: 'e1', reason: '' })
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('cancelExecution and describeExecution requests', () => {
  it('refuse unknown fields, telling the one meant, and call nothing', async () => {
    const { control, sfn } = controlPlane();
    await expect(
      control.cancelExecution({ executionId: 'e1', reason: 'x', cancelledby: OPS } as never),
    ).rejects.toThrow(
      [
        'Invalid options for cancelExecution (1 problem):',
        '- cancelledby: Unknown field "cancelledby" (did you mean "cancelledBy"?)',
      ].join('\n'),
    );
    await expect(
      control.describeExecution({ executionID: 'e1', verbose: true } as never),
    ).rejects.toThrow(
      [
        'Invalid options for describeExecution (3 problems):',
        '- executionId: Expected an execution ID of 1 to 80 letters, digits, "-" or "_", got nothing',
        '- executionID: Unknown field "executionID" (did you mean "executionId"?)',
        '- verbose: Unknown field "verbose"',
      ].join('\n'),
    );
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('describeExecution', () => {
  it('joins the Step Functions status with the history, never showing task tokens', async () => {
    const { control, sfn, history } = controlPlane();
    await history.createExecution(execution('e1'));
    await history.createWave(
      {
        executionId: 'e1',
        waveId: 'web',
        status: 'AWAITING_APPROVAL',
        serverCount: 1,
        chunkCount: 1,
        jobIds: [],
        pollCount: 0,
        startedAt: '2026-03-01T10:20:00.000Z',
        approvalToken: 'secret-token',
      },
      [],
    );
    await history.putApproval({
      executionId: 'e1',
      waveId: 'web',
      taskToken: 'secret-token',
      status: 'PENDING',
      requestedAt: '2026-03-01T10:20:00.000Z',
    });
    await history.putDecision({
      executionId: 'e1',
      waveId: 'web',
      attempt: 1,
      taskToken: 'secret-decision-token',
      status: 'PENDING',
      error: 'WaveFailed',
      requestedAt: '2026-03-01T10:40:00.000Z',
    });
    sfn.on(DescribeExecutionCommand).resolves({
      status: 'RUNNING',
      startDate: new Date('2026-03-01T10:15:00.000Z'),
    });
    const described = await control.describeExecution({ executionId: 'e1' });
    expect(described).toStrictEqual({
      executionId: 'e1',
      executionArn: executionArn('e1'),
      stepFunctions: { status: 'RUNNING', startDate: '2026-03-01T10:15:00.000Z' },
      execution: execution('e1'),
      waves: [
        {
          executionId: 'e1',
          waveId: 'web',
          status: 'AWAITING_APPROVAL',
          serverCount: 1,
          chunkCount: 1,
          jobIds: [],
          pollCount: 0,
          startedAt: '2026-03-01T10:20:00.000Z',
        },
      ],
      servers: [],
      approvals: [
        {
          executionId: 'e1',
          waveId: 'web',
          status: 'PENDING',
          requestedAt: '2026-03-01T10:20:00.000Z',
        },
      ],
      decisions: [
        {
          executionId: 'e1',
          waveId: 'web',
          attempt: 1,
          status: 'PENDING',
          error: 'WaveFailed',
          requestedAt: '2026-03-01T10:40:00.000Z',
        },
      ],
    });
    expect(JSON.stringify(described)).not.toContain('secret-token');
    expect(JSON.stringify(described)).not.toContain('secret-decision-token');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('describes an execution Step Functions no longer knows from the history alone', async () => {
    const { control, sfn, history } = controlPlane();
    await history.createExecution(execution('e1', { status: 'SUCCEEDED' }));
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    const described = await control.describeExecution({ executionId: 'e1' });
    expect(described.stepFunctions).toBeUndefined();
    expect(described.execution?.status).toBe('SUCCEEDED');
  });

  it("counts a running wave's servers from its chunks, where status checks record verdicts", async () => {
    const { control, sfn, history } = controlPlane();
    await history.createExecution(execution('e1'));
    const [a, b, c] = ['s-0000000000000000a', 's-0000000000000000b', 's-0000000000000000c'];
    await history.createWave(
      {
        executionId: 'e1',
        waveId: 'db',
        status: 'STARTED',
        serverCount: 3,
        chunkCount: 1,
        jobIds: ['drsjob-00000000000000001'],
        pollCount: 0,
        startedAt: '2026-03-01T10:15:00.000Z',
      },
      [
        {
          executionId: 'e1',
          waveId: 'db',
          chunkIndex: 0,
          servers: [
            { sourceServerId: a, impact: 'CRITICAL' },
            { sourceServerId: b, impact: 'OPTIONAL' },
            { sourceServerId: c, impact: 'CRITICAL' },
          ],
          launchStatuses: { [a]: 'LAUNCHED', [b]: 'FAILED', [c]: 'IN_PROGRESS' },
          verdicts: { [a]: 'LAUNCHED', [b]: 'FAILED', [c]: 'PENDING' },
          settled: false,
        },
      ],
    );
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    const { waves } = await control.describeExecution({ executionId: 'e1' });
    expect(waves[0]?.counts).toStrictEqual({
      launched: 1,
      failed: 1,
      pending: 1,
      criticalFailed: 0,
    });
  });

  it('throws HistoryRecordNotFoundError when nobody knows the execution', async () => {
    const { control, sfn } = controlPlane();
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    const caught = await control.describeExecution({ executionId: 'ghost' }).catch((e) => e);
    expect(isHistoryRecordNotFoundError(caught)).toBe(true);
  });
});
