import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvalidProtectionGroupError } from '../errors';
import { loadLibDynamoDb } from '../internal/optionalPeer';
import { isAccountId } from '../plan/accountId';
import type { ProtectionGroup } from '../plan/types';
import { sendInBatches } from './internal/dynamo';
import { groupSelector, groupServers } from './internal/groupServers';
import type { ProtectionGroupStore } from './ProtectionGroupStore';

/**
 * Options of {@link DynamoDbProtectionGroupStore}: attribute names default to the seed design's
 * table, so an existing table works as it is.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import type { DynamoDbProtectionGroupStoreOptions } from 'drs-waves';
 *
 * const options: DynamoDbProtectionGroupStoreOptions = {
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: 'ProtectionGroups',
 *   serversAttribute: 'SourceServerIds',
 * };
 * ```
 */
export interface DynamoDbProtectionGroupStoreOptions {
  /** A document client; create it once, outside the Lambda handler. */
  readonly client: DynamoDBDocumentClient;
  /** The table of groups. */
  readonly tableName: string;
  /**
   * The partition key attribute, holding the group ID (a string).
   *
   * @default 'ProtectionGroupId'
   */
  readonly keyAttribute?: string;
  /**
   * The attribute listing the group's servers: a list or string set of source server IDs, or a
   * list of `{ sourceServerId, impact }` maps.
   *
   * @default 'Servers'
   */
  readonly serversAttribute?: string;
  /**
   * The attribute naming the group's Region (a string), when it has one.
   *
   * @default 'Region'
   */
  readonly regionAttribute?: string;
  /**
   * The attribute naming the AWS account of the group's servers (12 digits), when it has one.
   *
   * @default 'AccountId'
   */
  readonly accountIdAttribute?: string;
  /**
   * The attribute holding the group's tag selector (a map `{ tags, accountId?, region?, impact? }`,
   * as in a plan), when it has one.
   *
   * @default 'Selector'
   */
  readonly selectorAttribute?: string;
}

const BATCH_GET_SIZE = 100;

/**
 * A {@link ProtectionGroupStore} on an existing DynamoDB table. Groups are read with
 * `BatchGetItem`, 100 keys per call, retrying unprocessed keys. A stored group whose servers are
 * malformed is refused with an {@link InvalidProtectionGroupError} naming the group and value.
 *
 * `@aws-sdk/lib-dynamodb` is an optional peer dependency of drs-waves: the store loads it on its
 * first read, and rejects with a {@link MissingPeerDependencyError} when it is not installed.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { DynamoDbProtectionGroupStore } from 'drs-waves';
 *
 * const groups = new DynamoDbProtectionGroupStore({
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: 'ProtectionGroups',
 * });
 * ```
 */
export class DynamoDbProtectionGroupStore implements ProtectionGroupStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #key: string;
  readonly #servers: string;
  readonly #region: string;
  readonly #accountId: string;
  readonly #selector: string;

  constructor(options: DynamoDbProtectionGroupStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#key = options.keyAttribute ?? 'ProtectionGroupId';
    this.#servers = options.serversAttribute ?? 'Servers';
    this.#region = options.regionAttribute ?? 'Region';
    this.#accountId = options.accountIdAttribute ?? 'AccountId';
    this.#selector = options.selectorAttribute ?? 'Selector';
  }

  async getGroups(ids: readonly string[]) {
    const { BatchGetCommand } = await loadLibDynamoDb('DynamoDbProtectionGroupStore');
    const unique = [...new Set(ids)];
    const found = new Map<string, ProtectionGroup>();
    const keys = unique.map((id): Record<string, unknown> => ({ [this.#key]: id }));
    await sendInBatches(keys, BATCH_GET_SIZE, `keys of ${this.#table}`, async (batch) => {
      const output = await this.#client.send(
        new BatchGetCommand({
          RequestItems: { [this.#table]: { Keys: batch, ConsistentRead: true } },
        }),
      );
      for (const item of output.Responses?.[this.#table] ?? []) {
        const group = this.#toGroup(item);
        found.set(group.id, group);
      }
      return (output.UnprocessedKeys?.[this.#table]?.Keys ?? []) as Record<string, unknown>[];
    });
    return found;
  }

  #toGroup(item: Record<string, unknown>): ProtectionGroup {
    const id = String(item[this.#key]);
    const raw = item[this.#servers];
    const entries: unknown[] = raw instanceof Set ? [...raw] : Array.isArray(raw) ? raw : [];
    if (!(raw instanceof Set) && !Array.isArray(raw) && raw !== undefined) {
      throw new InvalidProtectionGroupError(id, `${this.#servers} is not a list or a string set`);
    }
    const servers = groupServers(id, this.#servers, entries);
    const region = item[this.#region];
    const accountId = item[this.#accountId];
    if (accountId !== undefined && !isAccountId(accountId)) {
      throw new InvalidProtectionGroupError(
        id,
        `${this.#accountId} is not an AWS account ID of 12 digits: ${JSON.stringify(accountId)}`,
      );
    }
    const selector = groupSelector(id, this.#selector, item[this.#selector]);
    return {
      id,
      servers,
      ...(typeof region === 'string' && region !== '' ? { region } : {}),
      ...(accountId === undefined ? {} : { accountId }),
      ...(selector === undefined ? {} : { selector }),
    };
  }
}
