/**
 * The control-plane API Lambda of the reference deployment: `createApiHandler` (see
 * `apiHandler.ts`) over a control plane whose clients are built once per container.
 */
import { DrsClient } from '@aws-sdk/client-drs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createControlPlane, createDrsAdapter, DynamoDbExecutionHistoryStore } from 'drs-waves';
import { createApiHandler } from './apiHandler';
import { requireEnv } from './env';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const handler = createApiHandler(
  createControlPlane({
    sfn: new SFNClient({}),
    stateMachineArn: requireEnv('STATE_MACHINE_ARN'),
    history: new DynamoDbExecutionHistoryStore({
      client: doc,
      tableName: requireEnv('HISTORY_TABLE'),
    }),
    drs: createDrsAdapter(new DrsClient({})),
    logger: console,
  }),
);
