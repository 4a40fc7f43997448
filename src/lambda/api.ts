/**
 * The control-plane API Lambda, configured by its environment: `createApiHandler` over a control
 * plane whose clients are built once per container, shipped prebuilt as
 * `dist/lambda/api/index.mjs` (handler `index.handler`).
 *
 * Environment: `HISTORY_TABLE`, `STATE_MACHINE_ARN`, and `DRS_WAVES_ACCOUNT_ROLES` (optional).
 *
 * @module
 */
import { DrsClient } from '@aws-sdk/client-drs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApiHandler } from '../api/createApiHandler';
import { createControlPlane } from '../control/createControlPlane';
import { createDrsAdapter } from '../drs/createDrsAdapter';
import { DynamoDbExecutionHistoryStore } from '../store/DynamoDbExecutionHistoryStore';
import { accountRolesFromEnv, requireEnv } from './env';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The API, as API Gateway (REST, Lambda proxy integration) invokes it. */
export const handler = createApiHandler(
  createControlPlane({
    sfn: new SFNClient({}),
    stateMachineArn: requireEnv('STATE_MACHINE_ARN'),
    history: new DynamoDbExecutionHistoryStore({
      client: doc,
      tableName: requireEnv('HISTORY_TABLE'),
    }),
    drs: createDrsAdapter(new DrsClient({})),
    // Drill cleanup in the other accounts plans name, through their roles.
    accountRoles: accountRolesFromEnv(),
    logger: console,
  }),
);
