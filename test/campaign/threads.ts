import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { CampaignTotals } from './summary';
import type { ShardInput } from './worker';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The campaign thread's code: `worker.ts` and what it imports (src included) in one CommonJS
 * script, packages left to `require` from the repository, `aws-local-stepfunctions` behind
 * {@link validateOnce}.
 */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [`${here}worker.ts`],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'validate-once',
        setup(b) {
          b.onResolve({ filter: /^aws-local-stepfunctions$/ }, (args) =>
            args.namespace === 'validate-once'
              ? { path: args.path, external: true }
              : { path: 'aws-local-stepfunctions', namespace: 'validate-once' },
          );
          b.onLoad({ filter: /.*/, namespace: 'validate-once' }, () => ({
            contents: [
              "import * as actual from 'aws-local-stepfunctions';",
              "import { validateOnce } from './validateOnce';",
              "export * from 'aws-local-stepfunctions';",
              'export const { StateMachine } = validateOnce(actual);',
            ].join('\n'),
            resolveDir: here,
            loader: 'ts',
          }));
        },
      },
    ],
  });
  const code = result.outputFiles[0]?.text ?? '';
  // An eval'd worker script: packages resolve from the repository, not from the worker's cwd.
  return `(function (require) {\n${code}\n})(require('node:module').createRequire(${JSON.stringify(`${root}package.json`)}));`;
}

/** How many threads run the campaign: one per core. */
export const THREADS = Number(process.env.CAMPAIGN_THREADS ?? Math.max(2, availableParallelism()));

/**
 * Runs `seeds` over {@link THREADS} worker threads (each takes the next seed when it can), each
 * `concurrency` runs at once; returns each thread's totals.
 */
export async function runInThreads(
  seeds: readonly number[],
  concurrency: number,
): Promise<CampaignTotals[]> {
  const code = await bundle();
  const counter = new SharedArrayBuffer(4);
  const shard: ShardInput = { seeds, concurrency, counter };
  const threads = Math.max(1, Math.min(THREADS, seeds.length));
  return Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<CampaignTotals>((resolve, reject) => {
          const worker = new Worker(code, { eval: true, workerData: shard });
          worker.once('message', (m: { totals?: CampaignTotals; error?: string }) => {
            if (m.totals) resolve(m.totals);
            else reject(new Error(m.error));
            void worker.terminate();
          });
          worker.once('error', reject);
          // Settles nothing once a message came: a thread that ends without one failed.
          worker.once('exit', (exit) => reject(new Error(`campaign thread exited with ${exit}`)));
        }),
    ),
  );
}
