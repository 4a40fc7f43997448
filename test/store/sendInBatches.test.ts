import { describe, expect, it } from 'vitest';
import { sendInBatches } from '../../src/store/internal/dynamo';

const noWait = async () => {};

describe('sendInBatches', () => {
  it('sends batches of the given size and resends what is left unprocessed', async () => {
    const sent: number[][] = [];
    let first = true;
    await sendInBatches(
      [1, 2, 3, 4, 5],
      2,
      'items of t',
      async (batch) => {
        sent.push(batch);
        // The first batch comes back half processed once.
        if (first) {
          first = false;
          return batch.slice(1);
        }
        return [];
      },
      noWait,
    );
    expect(sent).toStrictEqual([[1, 2], [2], [3, 4], [5]]);
  });

  it('backs off between rounds and gives up after 8, naming what was left', async () => {
    const waits: number[] = [];
    const attempt = sendInBatches(
      ['a', 'b'],
      25,
      'keys of groups',
      async (batch) => batch,
      async (ms) => {
        waits.push(ms);
      },
    );
    await expect(attempt).rejects.toThrow(
      'DynamoDB left 2 keys of groups unprocessed after 8 rounds',
    );
    expect(waits).toStrictEqual([100, 200, 400, 800, 1600, 3200, 6400]);
  });
});
