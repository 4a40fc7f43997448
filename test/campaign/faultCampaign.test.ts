/**
 * The fault campaign: seeded runs of simulateDrill with random faults (scenario.ts), each
 * checked against every invariant (invariants.ts), counted in one table (summary.ts).
 *
 * - `CAMPAIGN_RUNS` (default 1000) and `CAMPAIGN_SEED` (default 1): the seeds run; or
 *   `CAMPAIGN_SEEDS`, a comma-separated list (reported seeds, say).
 * - `CAMPAIGN_THREADS` (default: one per core, at least 2): worker threads that share the
 *   seeds (threads.ts); 1 runs them in this test's own thread, as needed to trace one seed.
 * - `CAMPAIGN_TRACE=1`: every DRS and history call of the router, one line each.
 *
 * Reproduce seeds: `CAMPAIGN_SEEDS=1081,2919 npx vitest run test/campaign/faultCampaign.test.ts`
 * (add `CAMPAIGN_THREADS=1 CAMPAIGN_TRACE=1` for the I/O calls of one seed).
 */
import { describe, expect, it, vi } from 'vitest';
import { describeSeeds, runCampaign } from './campaign';
import { FAULT_KINDS } from './scenario';
import { addTotals, type CampaignTotals, emptyTotals, summaryTable } from './summary';
import { runInThreads, THREADS } from './threads';

vi.mock('aws-local-stepfunctions', async (importOriginal) =>
  (await import('./validateOnce')).validateOnce(await importOriginal()),
);

/** The first seed; the campaign runs seeds FIRST_SEED .. FIRST_SEED + CAMPAIGN_RUNS - 1. */
const FIRST_SEED = Number(process.env.CAMPAIGN_SEED ?? 1);
/** The seeds run (every 20th on dynalite, the rest in memory), or `CAMPAIGN_SEEDS` (a list). */
const SEEDS: readonly number[] = process.env.CAMPAIGN_SEEDS
  ? process.env.CAMPAIGN_SEEDS.split(',').map(Number)
  : Array.from({ length: Number(process.env.CAMPAIGN_RUNS ?? 1000) }, (_, i) => FIRST_SEED + i);
const RUNS = SEEDS.length;
/** Runs at once per thread: most of a run waits (SDK retry delays), so a few overlap well. */
const CONCURRENCY = 6;
/** From this many runs on, every fault kind must have fired (fewer: debugging a few seeds). */
const COVERAGE_RUNS = 1000;

describe('fault campaign', () => {
  it(
    `keeps every invariant over ${RUNS} seeded runs with random faults`,
    async () => {
      const t0 = performance.now();
      let totals: CampaignTotals;
      if (THREADS > 1 && RUNS > 1) {
        totals = emptyTotals(describeSeeds(SEEDS), CONCURRENCY * THREADS);
        for (const shard of await runInThreads(SEEDS, CONCURRENCY)) {
          addTotals(totals, shard);
        }
      } else {
        totals = await runCampaign(SEEDS, CONCURRENCY);
      }
      totals.wallMs = Math.round(performance.now() - t0);
      console.log(summaryTable(totals));
      expect(totals.runs).toBe(RUNS);
      expect(totals.violations).toStrictEqual([]);
      expect(totals.livenessFailures).toStrictEqual([]);
      if (RUNS >= COVERAGE_RUNS) {
        // A full campaign covers every kind of fault, and both endings.
        expect(totals.succeeded).toBeGreaterThan(0);
        expect(totals.failed).toBeGreaterThan(0);
        // Event-driven runs took part, and launch results reached their routers.
        expect(totals.eventRuns).toBeGreaterThan(RUNS / 5);
        // Plans across accounts and Regions took part.
        expect(totals.multiAccountRuns).toBeGreaterThan(RUNS / 5);
        expect(totals.launchResults).toBeGreaterThan(0);
        for (const kind of FAULT_KINDS) {
          expect([kind, totals.fired.get(kind)]).not.toEqual([kind, 0]);
        }
      }
    },
    300_000 + RUNS * 600,
  );
});
