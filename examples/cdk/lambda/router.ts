/**
 * The router Lambda of the reference deployment: the one function the state machine calls.
 * Clients and stores are built once per container, outside the handler.
 */
import { DrsClient } from '@aws-sdk/client-drs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createActionRouter,
  createDrsAdapter,
  DynamoDbExecutionHistoryStore,
  DynamoDbPlanStore,
  DynamoDbProtectionGroupStore,
} from 'drs-waves';
import { requireEnv } from './env';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const handler = createActionRouter({
  drs: createDrsAdapter(new DrsClient({})),
  history: new DynamoDbExecutionHistoryStore({
    client: doc,
    tableName: requireEnv('HISTORY_TABLE'),
  }),
  plans: new DynamoDbPlanStore({ client: doc, tableName: requireEnv('PLANS_TABLE') }),
  protectionGroups: new DynamoDbProtectionGroupStore({
    client: doc,
    tableName: requireEnv('PROTECTION_GROUPS_TABLE'),
  }),
  logger: console,
});
