import { DrsClient } from '@aws-sdk/client-drs';
import {
  createDrsAdapter,
  DynamoDbExecutionHistoryStore,
  type ExecutionRecord,
  InMemoryProtectionGroupStore,
  type ProtectionGroup,
  type StartWaveDeps,
} from '../../src/index';
import { DrsEmulator, type DrsEmulatorOptions } from '../../src/testing/index';
import { type LocalDynamo, startDynalite } from './dynalite';

/** The local stack: dynalite, the DRS emulator and the real SDK clients between them. */
export interface Stack {
  readonly dynamo: LocalDynamo;
  readonly emulator: DrsEmulator;
  readonly history: DynamoDbExecutionHistoryStore;
  readonly tableName: string;
  /** Dependencies of startWave and checkWaveStatus on the emulator's virtual clock. */
  deps(overrides?: Partial<StartWaveDeps>, groups?: readonly ProtectionGroup[]): StartWaveDeps;
  /** Records an execution, as the router's first action does. */
  execution(
    executionId: string,
    waveIds: readonly string[],
    type?: 'DRILL' | 'RECOVERY',
  ): Promise<void>;
  close(): Promise<void>;
}

let tables = 0;

export async function startStack(options: DrsEmulatorOptions = {}): Promise<Stack> {
  const dynamo = await startDynalite();
  const emulator = await DrsEmulator.start(options);
  tables += 1;
  const tableName = `history-${tables}`;
  await dynamo.createTable(DynamoDbExecutionHistoryStore.tableDefinition(tableName));
  const history = new DynamoDbExecutionHistoryStore({ client: dynamo.doc, tableName });
  const drs = createDrsAdapter(new DrsClient({ ...emulator.clientConfig(), maxAttempts: 5 }));
  return {
    dynamo,
    emulator,
    history,
    tableName,
    deps: (overrides = {}, groups = []) => ({
      drs,
      history,
      protectionGroups: new InMemoryProtectionGroupStore(groups),
      clock: () => emulator.now(),
      ...overrides,
    }),
    async execution(executionId, waveIds, executionType = 'DRILL') {
      const record: ExecutionRecord = {
        executionId,
        planId: 'plan',
        executionType,
        status: 'RUNNING',
        waveIds,
        startedAt: emulator.now().toISOString(),
      };
      await history.createExecution(record);
    },
    async close() {
      await emulator.close();
      await dynamo.close();
    },
  };
}
