import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadLibDynamoDb } from '../../internal/optionalPeer';

/** Whether a DynamoDB error is a failed `ConditionExpression`. */
export function isConditionFailure(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ConditionalCheckFailedException'
  );
}

const BATCH_WRITE_SIZE = 25;
const MAX_ROUNDS = 8;

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Sends `requests` in batches of `size`, resending what DynamoDB leaves unprocessed with
 * exponential backoff (`send` answers the unprocessed part); throws when some are still
 * unprocessed after the last round.
 */
export async function sendInBatches<T>(
  requests: readonly T[],
  size: number,
  what: string,
  send: (batch: T[]) => Promise<T[]>,
  sleep: (ms: number) => Promise<void> = pause,
): Promise<void> {
  for (let i = 0; i < requests.length; i += size) {
    let batch = requests.slice(i, i + size);
    for (let round = 0; batch.length > 0; round += 1) {
      if (round === MAX_ROUNDS) {
        throw new Error(
          `DynamoDB left ${batch.length} ${what} unprocessed after ${MAX_ROUNDS} rounds`,
        );
      }
      if (round > 0) await sleep(50 * 2 ** round);
      batch = await send(batch);
    }
  }
}

/**
 * Puts items 25 at a time (see {@link sendInBatches}). `@aws-sdk/lib-dynamodb` is loaded here:
 * `usedBy` names the store in the error when it is missing.
 */
export async function writeInBatches(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  usedBy: string,
): Promise<void> {
  const { BatchWriteCommand } = await loadLibDynamoDb(usedBy);
  const puts = items.map((Item) => ({ PutRequest: { Item } }));
  return sendInBatches(puts, BATCH_WRITE_SIZE, `items of ${table}`, async (batch) => {
    const output = await client.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
    return (output.UnprocessedItems?.[table] ?? []) as typeof batch;
  });
}
