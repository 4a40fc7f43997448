import { DrsClient } from '@aws-sdk/client-drs';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import {
  type ControlPlaneDeps,
  createActionRouter,
  createControlPlane,
  createDrsAdapter,
  defaultExecutionId,
  InMemoryExecutionHistoryStore,
  InMemoryPlanStore,
  InMemoryProtectionGroupStore,
  isExecutionMismatchError,
  isInvalidExecutionTypeError,
  isInvalidOptionsError,
  isRecoveryNotConfirmedError,
  parseRecoveryPlan,
  type StartExecutionRequest,
} from '../../src/index';
import { serverIds } from '../helpers/waves';
import { awsError, controlPlane, executionArn, NOW, STATE_MACHINE_ARN } from './helpers';

const startInputs = (sfn: ReturnType<typeof controlPlane>['sfn']) =>
  sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);

describe('startExecution', () => {
  it('starts a drill named after its execution ID, with exactly the execution input', async () => {
    const { control, sfn } = controlPlane();
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: executionArn('drill-1'), startDate: NOW });
    const result = await control.startExecution({
      planId: 'shop',
      executionType: 'DRILL',
      executionId: 'drill-1',
    });
    expect(result).toStrictEqual({
      executionId: 'drill-1',
      executionArn: executionArn('drill-1'),
      startDate: NOW.toISOString(),
      alreadyStarted: false,
    });
    expect(startInputs(sfn)).toStrictEqual([
      {
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'drill-1',
        input: '{"planId":"shop","executionType":"DRILL"}',
      },
    ]);
  });

  it('derives the execution ID from the plan ID and the UTC time when none is given', async () => {
    const { control, sfn } = controlPlane();
    sfn.on(StartExecutionCommand).resolves({});
    const result = await control.startExecution({ planId: 'shop', executionType: 'DRILL' });
    expect(result.executionId).toBe('shop-20260301T101500Z');
    // Without an ARN in the answer, the ARN follows from the name.
    expect(result.executionArn).toBe(executionArn('shop-20260301T101500Z'));
    expect(startInputs(sfn)[0]?.name).toBe('shop-20260301T101500Z');
    // A 64-character plan ID still gives an ID within the 80 characters Step Functions allows.
    const long = defaultExecutionId('p'.repeat(64), NOW);
    expect(long).toHaveLength(80);
    expect(long).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it.each<[string, Partial<StartExecutionRequest>, string]>([
    ['no confirmation', {}, 'got nothing'],
    ['a confirmation for another plan', { confirmRecovery: 'shop2' }, 'got "shop2"'],
    ['a confirmation in another case', { confirmRecovery: 'SHOP' }, 'got "SHOP"'],
  ])('refuses a RECOVERY with %s before any call', async (_name, extra, given) => {
    const { control, sfn } = controlPlane();
    const caught = await control
      .startExecution({ planId: 'shop', executionType: 'RECOVERY', ...extra })
      .catch((e: unknown) => e);
    expect(isRecoveryNotConfirmedError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      `A RECOVERY of plan "shop" needs confirmRecovery set to "shop", ${given}`,
    );
    expect(sfn.calls()).toHaveLength(0);
  });

  it('starts a confirmed RECOVERY with an input the router accepts', async () => {
    const { control, sfn } = controlPlane();
    sfn.on(StartExecutionCommand).resolves({ executionArn: executionArn('failover') });
    await control.startExecution({
      planId: 'shop',
      executionType: 'RECOVERY',
      confirmRecovery: 'shop',
      executionId: 'failover',
    });
    const input = JSON.parse(startInputs(sfn)[0]?.input ?? '');
    expect(input).toStrictEqual({
      planId: 'shop',
      executionType: 'RECOVERY',
      confirmRecovery: 'shop',
    });
    // The router's begin_execution takes it as it is.
    const plan = parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: serverIds(1) }] });
    const router = createActionRouter({
      drs: createDrsAdapter(new DrsClient({})),
      history: new InMemoryExecutionHistoryStore(),
      protectionGroups: new InMemoryProtectionGroupStore([]),
      plans: new InMemoryPlanStore([plan]),
    });
    await expect(
      router({
        action: 'begin_execution',
        executionId: 'failover',
        input,
        pollIntervalSeconds: 30,
        defaultWaveTimeoutSeconds: 3600,
      }),
    ).resolves.toMatchObject({ executionType: 'RECOVERY', stageCount: 1 });
  });

  it('passes a recovery point that the router records with the execution; a repeat with it is the same start', async () => {
    const { control, sfn } = controlPlane();
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: executionArn('pit') })
      .rejects(awsError('ExecutionAlreadyExists', 'Execution Already Exists'));
    const recoveryPoint = {
      before: '2026-11-30T12:00:00Z',
      snapshotIds: { [String(serverIds(1)[0])]: 'pit-0123456789abcdef0' },
    };
    const request = {
      planId: 'shop',
      executionType: 'DRILL',
      executionId: 'pit',
      recoveryPoint,
    } as const;
    await control.startExecution(request);
    const stored = startInputs(sfn)[0]?.input ?? '';
    const input = JSON.parse(stored);
    expect(input).toStrictEqual({ planId: 'shop', executionType: 'DRILL', recoveryPoint });
    sfn.on(DescribeExecutionCommand).resolves({ input: stored, status: 'RUNNING' });
    expect((await control.startExecution(request)).alreadyStarted).toBe(true);
    const history = new InMemoryExecutionHistoryStore();
    const plan = parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: serverIds(1) }] });
    const router = createActionRouter({
      drs: createDrsAdapter(new DrsClient({})),
      history,
      protectionGroups: new InMemoryProtectionGroupStore([]),
      plans: new InMemoryPlanStore([plan]),
    });
    await router({
      action: 'begin_execution',
      executionId: 'pit',
      input,
      pollIntervalSeconds: 30,
      defaultWaveTimeoutSeconds: 3600,
    });
    expect((await history.getExecution('pit'))?.recoveryPoint).toStrictEqual(recoveryPoint);
    const caught = await control
      .startExecution({ ...request, recoveryPoint: { before: 'yesterday' } })
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as Error).message).toContain(
      'recoveryPoint.before: Expected before as an ISO 8601 time with its offset, such as "2026-11-30T12:00:00Z", got "yesterday"',
    );
  });

  it('refuses an execution type that is not exactly DRILL or RECOVERY, before any call', async () => {
    const { control, sfn } = controlPlane();
    const caught = await control
      .startExecution({ planId: 'shop', executionType: 'drill' as 'DRILL' })
      .catch((e: unknown) => e);
    expect(isInvalidExecutionTypeError(caught)).toBe(true);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('reports every malformed field at once, before any call', async () => {
    const { control, sfn } = controlPlane();
    const caught = await control
      .startExecution({
        planId: 'shop plan',
        executionType: 'DRILL',
        confirmRecovery: 'shop plan',
        executionId: 'a/b',
      })
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      [
        'Invalid options for startExecution (3 problems):',
        '- planId: Expected a plan ID of 1 to 64 letters, digits, "-" or "_", got "shop plan"',
        '- executionId: Expected an execution ID of 1 to 80 letters, digits, "-" or "_", got "a/b"',
        '- confirmRecovery: Expected no confirmRecovery for a DRILL',
      ].join('\n'),
    );
    expect(sfn.calls()).toHaveLength(0);
  });

  it('treats a repeated start of the same ID and input as success, returning the existing ARN', async () => {
    const { control, sfn } = controlPlane();
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: executionArn('drill-1'), startDate: NOW })
      .rejects(awsError('ExecutionAlreadyExists', 'Execution Already Exists'));
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: executionArn('drill-1'),
      input: '{"executionType":"DRILL","planId":"shop"}',
      status: 'RUNNING',
      startDate: NOW,
    });
    const request = { planId: 'shop', executionType: 'DRILL', executionId: 'drill-1' } as const;
    const first = await control.startExecution(request);
    const second = await control.startExecution(request);
    expect(first.alreadyStarted).toBe(false);
    expect(second).toStrictEqual({
      executionId: 'drill-1',
      executionArn: executionArn('drill-1'),
      startDate: NOW.toISOString(),
      alreadyStarted: true,
      status: 'RUNNING',
    });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toStrictEqual({
      executionArn: executionArn('drill-1'),
    });
  });

  it('refuses an execution ID already used with another input', async () => {
    const { control, sfn } = controlPlane();
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists'));
    sfn.on(DescribeExecutionCommand).resolves({
      input: '{"planId":"shop","executionType":"DRILL"}',
      status: 'SUCCEEDED',
    });
    const caught = await control
      .startExecution({
        planId: 'shop',
        executionType: 'RECOVERY',
        confirmRecovery: 'shop',
        executionId: 'drill-1',
      })
      .catch((e: unknown) => e);
    expect(isExecutionMismatchError(caught)).toBe(true);
    expect((caught as Error).message).toContain('was recorded with input');
  });

  it('passes other Step Functions errors through', async () => {
    const { control, sfn } = controlPlane();
    sfn.on(StartExecutionCommand).rejects(awsError('StateMachineDoesNotExist'));
    await expect(
      control.startExecution({ planId: 'shop', executionType: 'DRILL' }),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('refuses an unknown field, telling the one it most likely misspells, before any call', async () => {
    const { control, sfn } = controlPlane();
    const caught = await control
      .startExecution({
        planId: 'shop',
        executionType: 'DRILL',
        exectionId: 'drill-1',
        priority: 'high',
      } as StartExecutionRequest)
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      [
        'Invalid options for startExecution (2 problems):',
        '- exectionId: Unknown field "exectionId" (did you mean "executionId"?)',
        '- priority: Unknown field "priority"',
      ].join('\n'),
    );
    expect(sfn.calls()).toHaveLength(0);
  });

  it('lists unknown fields with the other problems, and refuses a request that is no object', async () => {
    const { control, sfn } = controlPlane();
    const caught = await control
      .startExecution({
        planId: 'shop plan',
        executionType: 'DRILL',
        confirmRecovery: 'shop plan',
        confirm: 'shop plan',
      } as StartExecutionRequest)
      .catch((e: unknown) => e);
    expect((caught as Error).message).toBe(
      [
        'Invalid options for startExecution (3 problems):',
        '- planId: Expected a plan ID of 1 to 64 letters, digits, "-" or "_", got "shop plan"',
        '- confirmRecovery: Expected no confirmRecovery for a DRILL',
        '- confirm: Unknown field "confirm"',
      ].join('\n'),
    );
    await expect(control.startExecution(null as never)).rejects.toThrow(
      'Invalid options for startExecution (1 problem):\n- (root): Expected a request object, got null',
    );
    expect(sfn.calls()).toHaveLength(0);
  });

  it('refuses a state machine ARN it cannot derive execution ARNs from', () => {
    expect(() =>
      createControlPlane({
        sfn: new SFNClient({}),
        stateMachineArn: 'drs-waves',
        history: new InMemoryExecutionHistoryStore(),
        drs: {} as never,
      }),
    ).toThrow(
      'Invalid options for createControlPlane (1 problem):\n- stateMachineArn: Expected a state machine ARN',
    );
  });

  it('refuses unknown and missing dependencies, every one named', () => {
    expect(() =>
      createControlPlane({
        sfn: new SFNClient({}),
        stateMachineArn: STATE_MACHINE_ARN,
        drs: {} as never,
        drsForRegions: () => ({}),
        clock: new Date(),
      } as unknown as ControlPlaneDeps),
    ).toThrow(
      [
        'Invalid options for createControlPlane (3 problems):',
        '- history: Expected `history` to be an execution history store, got nothing',
        '- clock: Expected `clock` to be a function, got an object',
        '- drsForRegions: Unknown field "drsForRegions" (did you mean "drsForRegion"?)',
      ].join('\n'),
    );
  });
});
