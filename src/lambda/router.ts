/**
 * The router Lambda, configured by its environment: the one function the state machine calls,
 * shipped prebuilt as `dist/lambda/router/index.mjs` (handler `index.handler`) for the CDK
 * construct, CloudFormation and Terraform. Clients and stores are built once per container.
 *
 * Environment: `HISTORY_TABLE`, `PLANS_TABLE`, `PROTECTION_GROUPS_TABLE`,
 * `DRS_WAVES_ACCOUNT_ROLES` (optional: the roles of the accounts plans name, as JSON), and
 * `DRS_WAVES_READINESS_TOPIC_ARN` (optional: where the scheduled readiness check publishes a
 * plan's readiness changes).
 *
 * @module
 */
import { DrsClient } from '@aws-sdk/client-drs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDrsAdapter } from '../drs/createDrsAdapter';
import { createSnsAdapter } from '../notifications/createSnsAdapter';
import { type ActionRouterHandler, createActionRouter } from '../router/createActionRouter';
import { createTaskCallbacks } from '../router/TaskCallbacks';
import { DynamoDbExecutionHistoryStore } from '../store/DynamoDbExecutionHistoryStore';
import { DynamoDbPlanStore } from '../store/DynamoDbPlanStore';
import { DynamoDbProtectionGroupStore } from '../store/DynamoDbProtectionGroupStore';
import { accountRolesFromEnv, READINESS_TOPIC_ENV, requireEnv } from './env';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

const readinessTopicArn = process.env[READINESS_TOPIC_ENV];

/** The router, as the state machine and the readiness schedule invoke it. */
export const handler: ActionRouterHandler = createActionRouter({
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
  // Resumes waves on DRS's launch results, when the state machine waits for them.
  taskCallbacks: createTaskCallbacks(new SFNClient({})),
  // The roles of the other accounts plans name; STS and their DRS clients are made on first use.
  accountRoles: accountRolesFromEnv(),
  // The scheduled readiness check's notices; the SNS client is made on the first one.
  ...(readinessTopicArn === undefined || readinessTopicArn === ''
    ? {}
    : { notifications: createSnsAdapter({ topicArn: readinessTopicArn }) }),
  logger: console,
});
