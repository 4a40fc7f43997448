import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  approve,
  cancel,
  cleanup,
  list,
  type OperateContext,
  reject,
  resolveTarget,
  start,
  status,
} from '../../src/cli/commands/operate';
import { createDrsAdapter, isInvalidOptionsError } from '../../src/index';
import { type Stack, startStack } from '../helpers/stack';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:drs-waves';
const executionArn = (id: string) =>
  `arn:aws:states:eu-west-1:123456789012:execution:drs-waves:${id}`;

let stack: Stack;
let sfn: AwsClientStub<SFNClient>;
let lines: string[];
let ctx: OperateContext;
let flags: { stateMachine: string; historyTable: string };

beforeEach(async () => {
  stack = await startStack();
  const client = new SFNClient({ region: 'eu-west-1' });
  sfn = mockClient(client);
  lines = [];
  ctx = {
    env: {},
    clients: {
      sfn: client,
      doc: stack.dynamo.doc,
      drs: createDrsAdapter(
        new (await import('@aws-sdk/client-drs')).DrsClient(stack.emulator.clientConfig()),
      ),
    },
    print: (line) => lines.push(line),
  };
  flags = { stateMachine: ARN, historyTable: stack.tableName };
});
afterEach(async () => {
  sfn.restore();
  await stack.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('finding the deployed system', () => {
  it('takes flags first, then the environment, and the Region from the ARN', () => {
    expect(resolveTarget({ stateMachine: ARN, historyTable: 'hist-1' }, {})).toStrictEqual({
      stateMachineArn: ARN,
      historyTable: 'hist-1',
      region: 'eu-west-1',
    });
    const env = {
      DRS_WAVES_STATE_MACHINE_ARN: ARN,
      DRS_WAVES_HISTORY_TABLE: 'hist-2',
      AWS_REGION: 'us-east-2',
    };
    expect(resolveTarget({}, env)).toStrictEqual({
      stateMachineArn: ARN,
      historyTable: 'hist-2',
      region: 'us-east-2',
    });
    expect(resolveTarget({ historyTable: 'hist-3', region: 'ap-south-1' }, env).historyTable).toBe(
      'hist-3',
    );
  });

  it('names every missing or malformed setting before any call', async () => {
    const error = await failure(status('e1', {}, { ...ctx, env: {} }));
    expect(isInvalidOptionsError(error)).toBe(true);
    expect((error as Error).message).toContain('--state-machine: Expected the state machine ARN');
    expect((error as Error).message).toContain(
      '--history-table: Expected the execution history table',
    );
    const bad = await failure(status('e1', { stateMachine: 'drs-waves', historyTable: 'x' }, ctx));
    expect((bad as Error).message).toContain(
      'Expected a Step Functions state machine ARN, got "drs-waves"',
    );
    expect((bad as Error).message).toContain('Expected a DynamoDB table name, got "x"');
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('drs-waves start', () => {
  it('starts a drill, and prints the execution (or JSON)', async () => {
    sfn.on(StartExecutionCommand).resolves({
      executionArn: executionArn('shop-1'),
      startDate: new Date('2026-12-02T10:00:00Z'),
    });
    expect(await start('shop', { ...flags, executionId: 'shop-1' }, ctx)).toBe(0);
    const call = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(call?.name).toBe('shop-1');
    expect(JSON.parse(call?.input ?? '{}')).toStrictEqual({
      planId: 'shop',
      executionType: 'DRILL',
    });
    expect(lines[0]).toBe('Started DRILL of plan shop: execution shop-1');
    lines.length = 0;
    expect(await start('shop', { ...flags, executionId: 'shop-1', json: true }, ctx)).toBe(0);
    expect(JSON.parse(lines.join('\n'))).toMatchObject({
      executionId: 'shop-1',
      alreadyStarted: false,
    });
  });

  it('starts from a point in time with --before, and refuses a time that is not one before any call', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: executionArn('shop-2') });
    const before = '2026-11-30T12:00:00Z';
    expect(await start('shop', { ...flags, executionId: 'shop-2', before }, ctx)).toBe(0);
    const call = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(JSON.parse(call?.input ?? '{}')).toStrictEqual({
      planId: 'shop',
      executionType: 'DRILL',
      recoveryPoint: { before },
    });
    expect(lines[2]).toBe(`  each server from its newest snapshot at or before ${before}`);
    const error = await failure(start('shop', { ...flags, before: '30/11/2026 12:00' }, ctx));
    expect(isInvalidOptionsError(error)).toBe(true);
    expect((error as Error).message).toContain(
      '--before: Expected an ISO 8601 time with its offset, such as 2026-11-30T12:00:00Z, got "30/11/2026 12:00"',
    );
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('never starts a recovery without --recovery and --confirm-recovery naming the plan', async () => {
    for (const bad of [
      { recovery: true },
      { recovery: true, confirmRecovery: 'shop2' },
      { confirmRecovery: 'shop' },
    ]) {
      const error = await failure(start('shop', { ...flags, ...bad }, ctx));
      expect(isInvalidOptionsError(error)).toBe(true);
      expect((error as Error).message).toContain('--confirm-recovery');
    }
    expect(sfn.calls()).toHaveLength(0);
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: executionArn('r1'), startDate: new Date() });
    expect(
      await start(
        'shop',
        { ...flags, recovery: true, confirmRecovery: 'shop', executionId: 'r1' },
        ctx,
      ),
    ).toBe(0);
    const input = JSON.parse(
      sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}',
    );
    expect(input).toStrictEqual({
      planId: 'shop',
      executionType: 'RECOVERY',
      confirmRecovery: 'shop',
    });
    expect(lines[0]).toBe('Started RECOVERY of plan shop: execution r1');
  });
});

describe('drs-waves status, approve, reject, cancel, cleanup, list', () => {
  beforeEach(async () => {
    await stack.execution('e1', ['db', 'web']);
    await stack.history.createWave(
      {
        executionId: 'e1',
        waveId: 'db',
        status: 'COMPLETED',
        serverCount: 2,
        chunkCount: 1,
        jobIds: [],
        pollCount: 3,
        counts: { launched: 2, failed: 0, pending: 0, criticalFailed: 0 },
        startedAt: '2026-12-02T10:00:00.000Z',
        endedAt: '2026-12-02T10:09:00.000Z',
      },
      [],
    );
    await stack.history.putApproval({
      executionId: 'e1',
      waveId: 'web',
      taskToken: 'token-web',
      status: 'PENDING',
      requestedAt: '2026-12-02T10:09:01.000Z',
    });
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: 'RUNNING', startDate: new Date('2026-12-02T10:00:00Z') });
  });

  it('shows the waves, counts and pending approvals; exit 1 once the execution failed', async () => {
    expect(await status('e1', flags, ctx)).toBe(0);
    expect(lines).toStrictEqual([
      'Execution e1: RUNNING (DRILL of plan plan)',
      '  db: COMPLETED, 2/2 launched, 0 failed, 9 min 00 s',
      '  web: AWAITING_APPROVAL',
    ]);
    await stack.history.updateExecution('e1', {
      status: 'FAILED',
      error: 'WaveFailed',
      cause: 'Wave web failed',
    });
    lines.length = 0;
    expect(await status('e1', { ...flags, json: true }, ctx)).toBe(1);
    const json = JSON.parse(lines.join('\n'));
    expect(json.execution.status).toBe('FAILED');
    // Task tokens are secrets: never printed.
    expect(lines.join('\n')).not.toContain('token-web');
  });

  it('shows the recovery point and the servers selectors left out', async () => {
    await stack.history.createExecution({
      executionId: 'e2',
      planId: 'plan',
      executionType: 'DRILL',
      status: 'RUNNING',
      waveIds: ['web'],
      startedAt: '2026-12-02T10:00:00.000Z',
      recoveryPoint: { before: '2026-11-30T12:00:00Z' },
    });
    await stack.history.createWave(
      {
        executionId: 'e2',
        waveId: 'web',
        status: 'STARTED',
        serverCount: 1,
        chunkCount: 1,
        jobIds: [],
        pollCount: 0,
        startedAt: '2026-12-02T10:00:00.000Z',
        excludedServers: [
          { sourceServerId: 's-0000000000000000e', reason: 'DISCONNECTED', selectedBy: 'wave web' },
        ],
      },
      [],
    );
    expect(await status('e2', flags, ctx)).toBe(0);
    expect(lines).toStrictEqual([
      'Execution e2: RUNNING (DRILL of plan plan)',
      "  recovery point: each server's newest snapshot at or before 2026-11-30T12:00:00Z",
      '  web: STARTED, 0/1 launched, 0 failed',
      '    left out: s-0000000000000000e (DISCONNECTED, selected by wave web)',
    ]);
  });

  it('watches an execution until it ends, printing only what changed, then exits by its end', async () => {
    const sleeps: number[] = [];
    let reads = 0;
    // Between reads: the web wave is approved and completes, then the execution succeeds.
    const watching: OperateContext = {
      ...ctx,
      sleep: async (ms) => {
        sleeps.push(ms);
        reads += 1;
        if (reads === 1) {
          await stack.history.createWave(
            {
              executionId: 'e1',
              waveId: 'web',
              status: 'COMPLETED',
              serverCount: 1,
              chunkCount: 1,
              jobIds: [],
              pollCount: 2,
              counts: { launched: 1, failed: 0, pending: 0, criticalFailed: 0 },
              startedAt: '2026-12-02T10:10:00.000Z',
              endedAt: '2026-12-02T10:19:00.000Z',
            },
            [],
          );
        } else {
          await stack.history.updateExecution('e1', { status: 'SUCCEEDED' });
        }
      },
    };
    expect(await status('e1', { ...flags, watch: true, interval: '20' }, watching)).toBe(0);
    expect(sleeps).toStrictEqual([20_000, 20_000]);
    expect(lines).toStrictEqual([
      'Execution e1: RUNNING (DRILL of plan plan)',
      '  db: COMPLETED, 2/2 launched, 0 failed, 9 min 00 s',
      '  web: AWAITING_APPROVAL',
      '  web: COMPLETED, 1/1 launched, 0 failed, 9 min 00 s',
      'Execution e1: SUCCEEDED (DRILL of plan plan)',
    ]);
    const bad = await failure(status('e1', { ...flags, watch: true, interval: '0' }, ctx));
    expect((bad as Error).message).toContain(
      '--interval: Expected an integer from 1 to 3600, got "0"',
    );
  });

  it('approves a wave with its stored token, and rejects one with the reason', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(await approve('e1', 'web', { ...flags, by: 'ops@example.com' }, ctx)).toBe(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.taskToken).toBe('token-web');
    expect(lines).toStrictEqual(['Approved wave web of e1 (ops@example.com)']);
    await stack.history.putApproval({
      executionId: 'e1',
      waveId: 'db',
      taskToken: 'token-db',
      status: 'PENDING',
      requestedAt: '2026-12-02T10:00:00.000Z',
    });
    sfn.on(SendTaskFailureCommand).resolves({});
    expect(await reject('e1', 'db', { ...flags, by: 'lead', reason: 'Change freeze' }, ctx)).toBe(
      0,
    );
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toMatchObject({
      taskToken: 'token-db',
      error: 'ApprovalRejected',
      cause: 'Change freeze',
    });
  });

  it('cancels an execution, recorded CANCELLED with the reason', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'ABORTED' });
    expect(await cancel('e1', { ...flags, reason: 'Wrong plan', by: 'ops' }, ctx)).toBe(0);
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input.executionArn).toBe(
      executionArn('e1'),
    );
    expect(await stack.history.getExecution('e1')).toMatchObject({ status: 'CANCELLED' });
    expect(lines).toStrictEqual(['Cancelled e1: Wrong plan']);
  });

  it('cleans up a finished drill, and refuses a running one', async () => {
    const running = await failure(cleanup('e1', flags, ctx));
    expect((running as Error).name).toBe('CleanupRefusedError');
    await stack.history.updateExecution('e1', {
      status: 'SUCCEEDED',
      endedAt: '2026-12-02T11:00:00.000Z',
    });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
    expect(await cleanup('e1', { ...flags, json: true }, ctx)).toBe(0);
    expect(JSON.parse(lines.join('\n'))).toMatchObject({
      executionId: 'e1',
      terminatedInstanceIds: [],
    });
  });

  it('lists recent executions, newest first, as Step Functions answers them', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: executionArn('e2'),
          name: 'e2',
          status: 'RUNNING',
          stateMachineArn: ARN,
          startDate: new Date('2026-12-02T11:00:00Z'),
        },
        {
          executionArn: executionArn('e1'),
          name: 'e1',
          status: 'FAILED',
          stateMachineArn: ARN,
          startDate: new Date('2026-12-02T10:00:00Z'),
        },
      ],
    });
    expect(await list({ ...flags, max: '2' }, ctx)).toBe(0);
    expect(sfn.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toStrictEqual({
      stateMachineArn: ARN,
      maxResults: 2,
    });
    expect(lines).toStrictEqual([
      'e2  RUNNING  started 2026-12-02T11:00:00.000Z',
      'e1  FAILED  started 2026-12-02T10:00:00.000Z',
    ]);
    const bad = await failure(list({ ...flags, max: '0' }, ctx));
    expect((bad as Error).message).toContain('--max: Expected an integer from 1 to 1000, got "0"');
  });
});
