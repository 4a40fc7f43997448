import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HistoryRecordNotFoundError } from '../errors';
import { loadLibDynamoDb } from '../internal/optionalPeer';
import type {
  ChunkGuard,
  ChunkPatch,
  CreateCleanupResult,
  CreateExecutionResult,
  CreateWaveResult,
  ExecutionHistoryStore,
  ExecutionPatch,
  RecordLayoutResult,
  UnstartedChunkPatch,
  WavePatch,
  WaveWithChunks,
} from './ExecutionHistoryStore';
import { isConditionFailure, writeInBatches } from './internal/dynamo';
import type {
  ActionPhase,
  ActionRecord,
  ApprovalRecord,
  ChunkRecord,
  CleanupBatchRecord,
  CleanupRecord,
  ExecutionRecord,
  ExecutionStatus,
  FailureDecisionRecord,
  JobIndexRecord,
  LaunchResultCount,
  PlanReadinessRecord,
  ServerRecord,
  WaveLayoutRecord,
  WaveRecord,
} from './records';

/**
 * Options of {@link DynamoDbExecutionHistoryStore}.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import type { DynamoDbExecutionHistoryStoreOptions } from 'drs-waves';
 *
 * const options: DynamoDbExecutionHistoryStoreOptions = {
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: 'drs-waves-history',
 * };
 * ```
 */
export interface DynamoDbExecutionHistoryStoreOptions {
  /** A document client; create it once, outside the Lambda handler. */
  readonly client: DynamoDBDocumentClient;
  /** The table, with a string partition key `PK` and a string sort key `SK`. */
  readonly tableName: string;
}

const pk = (executionId: string) => `EXECUTION#${executionId}`;
const EXECUTION_SK = 'EXECUTION';
const waveSk = (waveId: string) => `WAVE#${waveId}`;
const layoutSk = (waveId: string) => `LAYOUT#${waveId}`;
// A wave's chunks sort right after the wave item (wave IDs hold only `[A-Za-z0-9_-]`, all
// after `#`), so one Query reads a wave and its chunks.
const chunkPrefix = (waveId: string) => `WAVE#${waveId}#CHUNK#`;
const chunkSk = (waveId: string, index: number) =>
  `${chunkPrefix(waveId)}${String(index).padStart(5, '0')}`;
const approvalSk = (waveId: string) => `APPROVAL#${waveId}`;
const decisionSk = (waveId: string, attempt: number) =>
  `DECISION#${waveId}#${String(attempt).padStart(5, '0')}`;
// A phase's actions sort in order: positions padded.
const actionSk = (waveId: string, phase: ActionPhase, index: number) =>
  `ACTION#${waveId}#${phase}#${String(index).padStart(3, '0')}`;
const serverSk = (waveId: string, sourceServerId: string) => `SERVER#${waveId}#${sourceServerId}`;
const CLEANUP_SK = 'CLEANUP';
// A job's index lives in its own partition: a launch-result event names the job, not the
// execution.
const jobPk = (jobId: string) => `JOB#${jobId}`;
const JOB_SK = 'JOB';
const cleanupBatchSk = (jobId: string) => `CLEANUP#${jobId}`;
// A plan's scheduled readiness lives in the plan's own partition: no execution names it.
const planPk = (planId: string) => `PLAN#${planId}`;
const READINESS_SK = 'READINESS';

const STORE = 'DynamoDbExecutionHistoryStore';
/** The document client's commands, loaded on first use. */
const sdk = () => loadLibDynamoDb(STORE);

/** Drops the key attributes from a stored item. */
function record<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (item === undefined) return undefined;
  const { PK: _pk, SK: _sk, ...rest } = item;
  return rest as T;
}

/** `SET #a = :a, #b = :b` for every defined field of a patch. */
function setExpression(patch: object) {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  return {
    UpdateExpression: `SET ${entries.map(([k]) => `#${k} = :${k}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
    ExpressionAttributeValues: Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
  };
}

function withValues(
  expression: ReturnType<typeof setExpression>,
  values: Record<string, unknown>,
): ReturnType<typeof setExpression> {
  return {
    ...expression,
    ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ...values },
  };
}

/**
 * An {@link ExecutionHistoryStore} on one DynamoDB table (`PK`, `SK`, both strings), laid out
 * so that no item grows with the size of a wave beyond one DRS job's 100 servers:
 *
 * | item | PK | SK |
 * | --- | --- | --- |
 * | execution | `EXECUTION#<executionId>` | `EXECUTION` |
 * | wave | `EXECUTION#<executionId>` | `WAVE#<waveId>` |
 * | wave layout (written once) | `EXECUTION#<executionId>` | `LAYOUT#<waveId>` |
 * | DRS job (chunk) | `EXECUTION#<executionId>` | `WAVE#<waveId>#CHUNK#<index, 5 digits>` |
 * | server outcome | `EXECUTION#<executionId>` | `SERVER#<waveId>#<sourceServerId>` |
 * | approval | `EXECUTION#<executionId>` | `APPROVAL#<waveId>` |
 * | failure decision | `EXECUTION#<executionId>` | `DECISION#<waveId>#<attempt, 5 digits>` |
 * | drill cleanup | `EXECUTION#<executionId>` | `CLEANUP` |
 * | terminate call of a cleanup | `EXECUTION#<executionId>` | `CLEANUP#<DRS job ID>` |
 * | DRS job index (event-driven completion) | `JOB#<DRS job ID>` | `JOB` |
 * | a plan's scheduled readiness | `PLAN#<planId>` | `READINESS` |
 *
 * Updates set whole top-level attributes, never a key of a nested map that may not exist, and
 * no write needs a transaction. See `docs/execution-history.md`.
 *
 * `@aws-sdk/lib-dynamodb` is an optional peer dependency of drs-waves: the store loads it on its
 * first call, and rejects with a {@link MissingPeerDependencyError} when it is not installed.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { DynamoDbExecutionHistoryStore } from 'drs-waves';
 *
 * const history = new DynamoDbExecutionHistoryStore({
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: process.env.HISTORY_TABLE ?? 'drs-waves-history',
 * });
 * ```
 */
export class DynamoDbExecutionHistoryStore implements ExecutionHistoryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbExecutionHistoryStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  /**
   * The `CreateTable` input for a history table of this layout (on-demand capacity).
   *
   * @example
   * ```ts
   * import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
   * import { DynamoDbExecutionHistoryStore } from 'drs-waves';
   *
   * await new DynamoDBClient({}).send(
   *   new CreateTableCommand(DynamoDbExecutionHistoryStore.tableDefinition('drs-waves-history')),
   * );
   * ```
   */
  static tableDefinition(tableName: string): CreateTableCommandInput {
    return {
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    };
  }

  async #putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    const { PutCommand } = await sdk();
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  #get<T>(sk: string, executionId: string): Promise<T | undefined> {
    return this.#getItem<T>(pk(executionId), sk);
  }

  /** One item by its whole key, read consistently, without its key attributes. */
  /**
   * Sets `fields` on a `PENDING` item (an approval, a failure decision): `false` when it is
   * missing or no longer pending (decided already).
   */
  async #decidePending(PK: string, SK: string, fields: Record<string, unknown>): Promise<boolean> {
    const { UpdateCommand } = await sdk();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { PK, SK },
          ConditionExpression: 'attribute_exists(PK) AND #status = :pending',
          ...withValues(setExpression(fields), { ':pending': 'PENDING' }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async #getItem<T>(PK: string, SK: string): Promise<T | undefined> {
    const { GetCommand } = await sdk();
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { PK, SK }, ConsistentRead: true }),
    );
    return record<T>(Item);
  }

  /**
   * Every item of the execution whose sort key starts with `prefix` (with `to`: lies between
   * `prefix` and `to`, both included), page after page, less those `filter` leaves out.
   */
  async #query<T>(
    executionId: string,
    prefix: string,
    options: { readonly to?: string; readonly filter?: string } = {},
  ): Promise<T[]> {
    const { QueryCommand } = await sdk();
    const items: T[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression:
            options.to === undefined
              ? 'PK = :pk AND begins_with(SK, :prefix)'
              : 'PK = :pk AND SK BETWEEN :prefix AND :to',
          ExpressionAttributeValues: {
            ':pk': pk(executionId),
            ':prefix': prefix,
            ...(options.to === undefined ? {} : { ':to': options.to }),
          },
          ...(options.filter === undefined ? {} : { FilterExpression: options.filter }),
          ConsistentRead: true,
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) items.push(record<T>(item) as T);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /**
   * Updates an existing item; a missing one is reported as `kind` not found. With `unless`, an
   * item whose attribute holds that value is left as it is (atomically, in the same condition).
   */
  async #update(
    executionId: string,
    sk: string,
    patch: object,
    kind: 'execution' | 'wave' | 'chunk' | 'action',
    id: string,
    unless?: { readonly attribute: string; readonly value: string },
  ): Promise<void> {
    const expression = setExpression(patch);
    if (Object.keys(expression.ExpressionAttributeNames).length === 0) {
      if ((await this.#get(sk, executionId)) === undefined)
        throw new HistoryRecordNotFoundError(kind, id);
      return;
    }
    const { UpdateCommand } = await sdk();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { PK: pk(executionId), SK: sk },
          ...expression,
          ...(unless === undefined
            ? { ConditionExpression: 'attribute_exists(PK)' }
            : {
                ConditionExpression: 'attribute_exists(PK) AND #unless <> :unless',
                ExpressionAttributeNames: {
                  ...expression.ExpressionAttributeNames,
                  '#unless': unless.attribute,
                },
                ExpressionAttributeValues: {
                  ...expression.ExpressionAttributeValues,
                  ':unless': unless.value,
                },
              }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // With `unless`, the item may exist and hold the value to keep: only a missing one is an
      // error.
      if (unless === undefined || (await this.#get(sk, executionId)) === undefined) {
        throw new HistoryRecordNotFoundError(kind, id);
      }
    }
  }

  async createExecution(execution: ExecutionRecord): Promise<CreateExecutionResult> {
    const created = await this.#putIfAbsent({
      PK: pk(execution.executionId),
      SK: EXECUTION_SK,
      ...execution,
    });
    if (created) return { created, record: execution };
    const stored = await this.getExecution(execution.executionId);
    if (!stored) throw new HistoryRecordNotFoundError('execution', execution.executionId);
    return { created, record: stored };
  }

  getExecution(executionId: string) {
    return this.#get<ExecutionRecord>(EXECUTION_SK, executionId);
  }

  updateExecution(
    executionId: string,
    patch: ExecutionPatch,
    options: { readonly unlessStatus?: ExecutionStatus } = {},
  ) {
    const { unlessStatus } = options;
    return this.#update(
      executionId,
      EXECUTION_SK,
      patch,
      'execution',
      executionId,
      unlessStatus === undefined ? undefined : { attribute: 'status', value: unlessStatus },
    );
  }

  async recordLayout(layout: WaveLayoutRecord): Promise<RecordLayoutResult> {
    const created = await this.#putIfAbsent({
      PK: pk(layout.executionId),
      SK: layoutSk(layout.waveId),
      ...layout,
    });
    if (created) return { created, layout };
    const stored = await this.getLayout(layout.executionId, layout.waveId);
    if (!stored) {
      throw new HistoryRecordNotFoundError('wave', `${layout.executionId}/${layout.waveId}`);
    }
    return { created, layout: stored };
  }

  getLayout(executionId: string, waveId: string) {
    return this.#get<WaveLayoutRecord>(layoutSk(waveId), executionId);
  }

  async createWave(wave: WaveRecord, chunks: readonly ChunkRecord[]): Promise<CreateWaveResult> {
    for (const chunk of chunks) {
      await this.#putIfAbsent({
        PK: pk(chunk.executionId),
        SK: chunkSk(chunk.waveId, chunk.chunkIndex),
        ...chunk,
      });
    }
    const created = await this.#putIfAbsent({
      PK: pk(wave.executionId),
      SK: waveSk(wave.waveId),
      ...wave,
    });
    if (created) return { created, wave };
    const stored = await this.getWave(wave.executionId, wave.waveId);
    if (!stored) throw new HistoryRecordNotFoundError('wave', `${wave.executionId}/${wave.waveId}`);
    return { created, wave: stored };
  }

  getWave(executionId: string, waveId: string) {
    return this.#get<WaveRecord>(waveSk(waveId), executionId);
  }

  listWaves(executionId: string) {
    // Chunks share the prefix: only wave items lack a chunk index.
    return this.#query<WaveRecord>(executionId, 'WAVE#', {
      filter: 'attribute_not_exists(chunkIndex)',
    });
  }

  async getWaveWithChunks(
    executionId: string,
    waveId: string,
  ): Promise<WaveWithChunks | undefined> {
    const items = await this.#query<WaveRecord | ChunkRecord>(executionId, waveSk(waveId), {
      to: `${chunkPrefix(waveId)}~`,
    });
    const [wave, ...chunks] = items;
    if (wave === undefined || 'chunkIndex' in wave) return undefined;
    return { wave, chunks: chunks as ChunkRecord[] };
  }

  updateWave(executionId: string, waveId: string, patch: WavePatch) {
    return this.#update(executionId, waveSk(waveId), patch, 'wave', `${executionId}/${waveId}`);
  }

  listChunks(executionId: string, waveId: string) {
    return this.#query<ChunkRecord>(executionId, chunkPrefix(waveId));
  }

  async claimChunk(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    claim: { token: string; at: string },
    staleBefore: string,
  ) {
    const { UpdateCommand } = await sdk();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { PK: pk(executionId), SK: chunkSk(waveId, chunkIndex) },
          UpdateExpression: 'SET #claim = :claim',
          ConditionExpression:
            'attribute_exists(PK) AND attribute_not_exists(#jobId) AND (attribute_not_exists(#claim) OR #claim.#at < :stale)',
          ExpressionAttributeNames: { '#claim': 'claim', '#jobId': 'jobId', '#at': 'at' },
          ExpressionAttributeValues: { ':claim': claim, ':stale': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async updateUnstartedChunk(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    patch: UnstartedChunkPatch,
    guard: ChunkGuard,
  ) {
    const set = setExpression(patch);
    const fields = Object.keys(set.ExpressionAttributeNames).length;
    const byToken = 'token' in guard;
    const { UpdateCommand } = await sdk();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { PK: pk(executionId), SK: chunkSk(waveId, chunkIndex) },
          UpdateExpression: `${fields > 0 ? `${set.UpdateExpression} ` : ''}REMOVE #claim`,
          ConditionExpression: byToken
            ? 'attribute_exists(PK) AND attribute_not_exists(#jobId) AND #claim.#token = :token'
            : 'attribute_exists(PK) AND attribute_not_exists(#jobId) AND (attribute_not_exists(#claim) OR #claim.#at < :stale)',
          ExpressionAttributeNames: {
            ...set.ExpressionAttributeNames,
            '#claim': 'claim',
            '#jobId': 'jobId',
            ...(byToken ? { '#token': 'token' } : { '#at': 'at' }),
          },
          ExpressionAttributeValues: {
            ...set.ExpressionAttributeValues,
            ...(byToken ? { ':token': guard.token } : { ':stale': guard.staleBefore }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async indexJob(record: JobIndexRecord) {
    await this.#putIfAbsent({
      PK: jobPk(record.jobId),
      SK: JOB_SK,
      ...record,
      reported: 0,
      results: {},
    });
  }

  async recordLaunchResult(
    jobId: string,
    sourceServerId: string,
    state: string,
  ): Promise<LaunchResultCount | undefined> {
    const { UpdateCommand } = await sdk();
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { PK: jobPk(jobId), SK: JOB_SK },
          // `results` exists from the index's first write: no nested map that may not exist.
          UpdateExpression: 'SET #results.#server = :state ADD #reported :one',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#results.#server)',
          ExpressionAttributeNames: {
            '#results': 'results',
            '#server': sourceServerId,
            '#reported': 'reported',
          },
          ExpressionAttributeValues: { ':state': state, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const {
        jobId: id,
        executionId,
        waveId,
        chunkIndex,
        serverCount,
        reported,
      } = (Attributes ?? {}) as unknown as LaunchResultCount;
      return { jobId: id, executionId, waveId, chunkIndex, serverCount, reported };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  countReportedJob(executionId: string, waveId: string) {
    return this.#updateWaveReturning(executionId, waveId, 'ADD #jobsReported :one', {
      names: { '#jobsReported': 'jobsReported' },
      values: { ':one': 1 },
    });
  }

  setAwaitToken(executionId: string, waveId: string, taskToken: string) {
    return this.#updateWaveReturning(executionId, waveId, 'SET #awaitToken = :token', {
      names: { '#awaitToken': 'awaitToken' },
      values: { ':token': taskToken },
    });
  }

  async #updateWaveReturning(
    executionId: string,
    waveId: string,
    expression: string,
    attributes: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<WaveRecord> {
    const { UpdateCommand } = await sdk();
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { PK: pk(executionId), SK: waveSk(waveId) },
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: attributes.names,
          ExpressionAttributeValues: attributes.values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return record<WaveRecord>(Attributes) as WaveRecord;
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new HistoryRecordNotFoundError('wave', `${executionId}/${waveId}`);
      }
      throw error;
    }
  }

  async setChunkJob(
    executionId: string,
    waveId: string,
    chunkIndex: number,
    jobId: string,
    token: string | undefined,
    startedAt?: string,
  ) {
    const { UpdateCommand } = await sdk();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { PK: pk(executionId), SK: chunkSk(waveId, chunkIndex) },
          UpdateExpression:
            startedAt === undefined
              ? 'SET #jobId = :jobId'
              : 'SET #jobId = :jobId, #jobStartedAt = :startedAt',
          ConditionExpression:
            token === undefined
              ? 'attribute_exists(PK) AND attribute_not_exists(#jobId)'
              : 'attribute_exists(PK) AND attribute_not_exists(#jobId) AND #claim.#token = :token',
          ExpressionAttributeNames: {
            '#jobId': 'jobId',
            ...(startedAt === undefined ? {} : { '#jobStartedAt': 'jobStartedAt' }),
            ...(token === undefined ? {} : { '#claim': 'claim', '#token': 'token' }),
          },
          ExpressionAttributeValues: {
            ':jobId': jobId,
            ...(startedAt === undefined ? {} : { ':startedAt': startedAt }),
            ...(token === undefined ? {} : { ':token': token }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  updateChunk(executionId: string, waveId: string, chunkIndex: number, patch: ChunkPatch) {
    return this.#update(
      executionId,
      chunkSk(waveId, chunkIndex),
      patch,
      'chunk',
      `${executionId}/${waveId}/${chunkIndex}`,
    );
  }

  async startAction(action: ActionRecord) {
    const sk = actionSk(action.waveId, action.phase, action.index);
    if (await this.#putIfAbsent({ PK: pk(action.executionId), SK: sk, ...action })) return action;
    const stored = await this.#get<ActionRecord>(sk, action.executionId);
    if (stored === undefined) {
      throw new HistoryRecordNotFoundError(
        'action',
        `${action.executionId}/${action.waveId}/${action.phase}/${action.index}`,
      );
    }
    return stored;
  }

  finishAction(
    executionId: string,
    waveId: string,
    phase: ActionPhase,
    index: number,
    end: Pick<ActionRecord, 'endedAt' | 'outcome' | 'error' | 'cause'>,
  ) {
    return this.#update(
      executionId,
      actionSk(waveId, phase, index),
      end,
      'action',
      `${executionId}/${waveId}/${phase}/${index}`,
    );
  }

  listActions(executionId: string) {
    return this.#query<ActionRecord>(executionId, 'ACTION#');
  }

  async putApproval(approval: ApprovalRecord) {
    const { PutCommand } = await sdk();
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { PK: pk(approval.executionId), SK: approvalSk(approval.waveId), ...approval },
      }),
    );
  }

  getApproval(executionId: string, waveId: string) {
    return this.#get<ApprovalRecord>(approvalSk(waveId), executionId);
  }

  async decideApproval(
    executionId: string,
    waveId: string,
    decision: Pick<ApprovalRecord, 'status' | 'decidedAt'> &
      Partial<Pick<ApprovalRecord, 'decidedBy' | 'reason'>>,
  ) {
    return this.#decidePending(pk(executionId), approvalSk(waveId), decision);
  }

  listApprovals(executionId: string) {
    return this.#query<ApprovalRecord>(executionId, 'APPROVAL#');
  }

  async putDecision(decision: FailureDecisionRecord) {
    const { PutCommand } = await sdk();
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            PK: pk(decision.executionId),
            SK: decisionSk(decision.waveId, decision.attempt),
            ...decision,
          },
          // A decision made is kept: only a pending request is re-armed.
          ConditionExpression: 'attribute_not_exists(PK) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  getDecision(executionId: string, waveId: string, attempt: number) {
    return this.#get<FailureDecisionRecord>(decisionSk(waveId, attempt), executionId);
  }

  async decideDecision(
    executionId: string,
    waveId: string,
    attempt: number,
    decision: Pick<FailureDecisionRecord, 'status' | 'decidedAt'> &
      Partial<Pick<FailureDecisionRecord, 'decidedBy' | 'reason'>>,
  ) {
    return this.#decidePending(pk(executionId), decisionSk(waveId, attempt), decision);
  }

  listDecisions(executionId: string) {
    return this.#query<FailureDecisionRecord>(executionId, 'DECISION#');
  }

  async createCleanup(cleanup: CleanupRecord): Promise<CreateCleanupResult> {
    const created = await this.#putIfAbsent({
      PK: pk(cleanup.executionId),
      SK: CLEANUP_SK,
      ...cleanup,
    });
    if (created) return { created, record: cleanup };
    const stored = await this.getCleanup(cleanup.executionId);
    if (!stored) throw new HistoryRecordNotFoundError('execution', cleanup.executionId);
    return { created, record: stored };
  }

  getCleanup(executionId: string) {
    return this.#get<CleanupRecord>(CLEANUP_SK, executionId);
  }

  async putCleanupBatch(batch: CleanupBatchRecord) {
    const { PutCommand } = await sdk();
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { PK: pk(batch.executionId), SK: cleanupBatchSk(batch.jobId), ...batch },
      }),
    );
  }

  listCleanupBatches(executionId: string) {
    return this.#query<CleanupBatchRecord>(executionId, 'CLEANUP#');
  }

  putServers(records: readonly ServerRecord[]) {
    return writeInBatches(
      this.#client,
      this.#table,
      records.map((r) => ({
        PK: pk(r.executionId),
        SK: serverSk(r.waveId, r.sourceServerId),
        ...r,
      })),
      STORE,
    );
  }

  listServers(executionId: string, waveId?: string) {
    return this.#query<ServerRecord>(
      executionId,
      waveId === undefined ? 'SERVER#' : `SERVER#${waveId}#`,
    );
  }

  getPlanReadiness(planId: string) {
    return this.#getItem<PlanReadinessRecord>(planPk(planId), READINESS_SK);
  }

  async putPlanReadiness(readiness: PlanReadinessRecord, expectedRuns: number) {
    const { PutCommand } = await sdk();
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { PK: planPk(readiness.planId), SK: READINESS_SK, ...readiness },
          ...(expectedRuns === 0
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: '#runs = :expected',
                ExpressionAttributeNames: { '#runs': 'runs' },
                ExpressionAttributeValues: { ':expected': expectedRuns },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
