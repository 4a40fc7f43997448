/**
 * Wiring the drs-waves router into a Lambda function you already have, one that also serves
 * API Gateway, as the seed design's `lambda_handler` does: events that name a router action go
 * to the router, everything else to your existing code.
 *
 * Step Functions then invokes this same function (its ARN is the state machine's `lambdaArn`).
 * `isOrchestrationEvent` only looks at `action`: the router itself validates the rest and
 * throws typed errors that the state machine's `Retry` and `Catch` match by name.
 */
import { DrsClient } from '@aws-sdk/client-drs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type ActionRouterDeps,
  createActionRouter,
  createDrsAdapter,
  DynamoDbExecutionHistoryStore,
  DynamoDbPlanStore,
  DynamoDbProtectionGroupStore,
  isOrchestrationEvent,
} from 'drs-waves';

/** An API Gateway (REST, proxy integration) event, as far as the existing API reads it. */
export interface HttpEvent {
  /** `GET`, `POST`... */
  readonly httpMethod: string;
  /** The request path. */
  readonly path: string;
}

/** An API Gateway proxy result. */
export interface HttpResult {
  /** The HTTP status. */
  readonly statusCode: number;
  /** The body. */
  readonly body: string;
}

/** Your existing API: here, a health check and a 404 for anything else. */
export async function handleApiRequest(event: HttpEvent): Promise<HttpResult> {
  if (event.httpMethod === 'GET' && event.path === '/health') {
    return { statusCode: 200, body: JSON.stringify({ ok: true }) };
  }
  return { statusCode: 404, body: JSON.stringify({ error: 'NotFound' }) };
}

/** The combined handler: the router for Step Functions, the existing API for the rest. */
export function createHandler(deps: ActionRouterDeps): (event: unknown) => Promise<unknown> {
  const route = createActionRouter(deps);
  return (event) =>
    isOrchestrationEvent(event) ? route(event) : handleApiRequest(event as HttpEvent);
}

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The Lambda entry point: clients and stores are built once per container. */
export const handler = createHandler({
  drs: createDrsAdapter(new DrsClient({})),
  history: new DynamoDbExecutionHistoryStore({
    client: doc,
    tableName: process.env.HISTORY_TABLE ?? 'drs-waves-history',
  }),
  plans: new DynamoDbPlanStore({
    client: doc,
    tableName: process.env.PLANS_TABLE ?? 'drs-waves-plans',
  }),
  protectionGroups: new DynamoDbProtectionGroupStore({
    client: doc,
    tableName: process.env.PROTECTION_GROUPS_TABLE ?? 'drs-waves-protection-groups',
  }),
  logger: console,
});
