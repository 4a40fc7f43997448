import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Whether a DynamoDB error is a failed `ConditionExpression`. */
export function isConditionFailure(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ConditionalCheckFailedException'
  );
}

const BATCH_SIZE = 25;
const MAX_ROUNDS = 8;

/**
 * Puts items 25 at a time, retrying unprocessed items with exponential backoff; throws when
 * some are still unprocessed after the last round.
 */
export async function writeInBatches(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    let requests = items.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests.length > 0; round += 1) {
      if (round === MAX_ROUNDS) {
        throw new Error(
          `DynamoDB left ${requests.length} items of ${table} unprocessed after ${MAX_ROUNDS} rounds`,
        );
      }
      if (round > 0) await sleep(50 * 2 ** round);
      const output = await client.send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (output.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}
