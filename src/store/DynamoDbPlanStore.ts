import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvalidPlanError } from '../errors';
import { loadLibDynamoDb } from '../internal/optionalPeer';
import { parseRecoveryPlan } from '../plan/parseRecoveryPlan';
import type { PlanStore } from './PlanStore';

/**
 * Options of {@link DynamoDbPlanStore}.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import type { DynamoDbPlanStoreOptions } from 'drs-waves';
 *
 * const options: DynamoDbPlanStoreOptions = {
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: 'RecoveryPlans',
 * };
 * ```
 */
export interface DynamoDbPlanStoreOptions {
  /** A document client; create it once, outside the Lambda handler. */
  readonly client: DynamoDBDocumentClient;
  /** The table of plans. */
  readonly tableName: string;
  /**
   * The partition key attribute, holding the plan ID (a string).
   *
   * @default 'PlanId'
   */
  readonly keyAttribute?: string;
  /**
   * The attribute holding the plan: a map, or a JSON string.
   *
   * @default 'Plan'
   */
  readonly planAttribute?: string;
}

/**
 * A {@link PlanStore} on a DynamoDB table: one item per plan. Every plan read is validated with
 * `parseRecoveryPlan`; a stored plan that fails validation, or whose `id` differs from its key,
 * is refused with an {@link InvalidPlanError}.
 *
 * `@aws-sdk/lib-dynamodb` is an optional peer dependency of drs-waves: the store loads it on its
 * first read, and rejects with a {@link MissingPeerDependencyError} when it is not installed.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { DynamoDbPlanStore } from 'drs-waves';
 *
 * const plans = new DynamoDbPlanStore({
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: 'RecoveryPlans',
 * });
 * ```
 */
export class DynamoDbPlanStore implements PlanStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #key: string;
  readonly #plan: string;

  constructor(options: DynamoDbPlanStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#key = options.keyAttribute ?? 'PlanId';
    this.#plan = options.planAttribute ?? 'Plan';
  }

  async getPlan(planId: string) {
    const { GetCommand } = await loadLibDynamoDb('DynamoDbPlanStore');
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { [this.#key]: planId },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return undefined;
    const raw = Item[this.#plan];
    let value: unknown = raw;
    if (typeof raw === 'string') {
      try {
        value = JSON.parse(raw);
      } catch {
        throw new InvalidPlanError([
          { path: this.#plan, message: `Stored plan "${planId}" is not valid JSON` },
        ]);
      }
    }
    const plan = parseRecoveryPlan(value);
    if (plan.id !== planId) {
      throw new InvalidPlanError([
        { path: 'id', message: `Stored under "${planId}" but its id is "${plan.id}"` },
      ]);
    }
    return plan;
  }
}
