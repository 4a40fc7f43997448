import { parentPort, workerData } from 'node:worker_threads';
import { runCampaign } from './campaign';

/** What a campaign thread runs: some of `seeds`, shared with other threads. */
export interface ShardInput {
  readonly seeds: readonly number[];
  readonly concurrency: number;
  /** One Int32: the index of the next seed to run, taken atomically by every thread. */
  readonly counter: SharedArrayBuffer;
}

const input = workerData as ShardInput;
const counter = new Int32Array(input.counter);
void runCampaign(input.seeds, input.concurrency, () => Atomics.add(counter, 0, 1)).then(
  (totals) => parentPort?.postMessage({ totals }),
  (error: unknown) => parentPort?.postMessage({ error: String((error as Error)?.stack ?? error) }),
);
