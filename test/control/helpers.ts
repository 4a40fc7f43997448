import { DrsClient } from '@aws-sdk/client-drs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import {
  type ControlPlane,
  type ControlPlaneDeps,
  createControlPlane,
  createDrsAdapter,
  type ExecutionHistoryStore,
  type ExecutionRecord,
  InMemoryExecutionHistoryStore,
} from '../../src/index';

export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:drs-waves';
export const executionArn = (id: string) =>
  `arn:aws:states:us-east-1:123456789012:execution:drs-waves:${id}`;
export const NOW = new Date('2026-03-01T10:15:00.000Z');

/** An SDK-shaped service error, as aws-sdk-client-mock rejects with it. */
export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

/** A control plane on a mocked Step Functions client and an in-memory history. */
export function controlPlane(overrides: Partial<ControlPlaneDeps> = {}): {
  control: ControlPlane;
  sfn: AwsClientStub<SFNClient>;
  history: ExecutionHistoryStore;
} {
  const client = new SFNClient({ region: 'us-east-1' });
  const sfn = mockClient(client);
  const history = overrides.history ?? new InMemoryExecutionHistoryStore();
  const control = createControlPlane({
    sfn: client,
    stateMachineArn: STATE_MACHINE_ARN,
    history,
    // Never called by these tests: a DRS client pointed nowhere.
    drs: createDrsAdapter(new DrsClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' })),
    clock: () => NOW,
    ...overrides,
  });
  return { control, sfn, history };
}

export const execution = (
  executionId: string,
  patch: Partial<ExecutionRecord> = {},
): ExecutionRecord => ({
  executionId,
  planId: 'shop',
  executionType: 'DRILL',
  status: 'RUNNING',
  waveIds: ['db', 'app', 'web'],
  startedAt: '2026-03-01T10:15:00.000Z',
  ...patch,
});
