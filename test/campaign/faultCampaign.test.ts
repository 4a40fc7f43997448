import { describe, expect, it } from 'vitest';
import { simulateDrill } from '../../src/testing/index';
import { checkInvariants, type RunOutcome } from './invariants';
import { countDrsFaults, drawScenario, FAULT_KINDS, type Scenario } from './scenario';
import { type CampaignTotals, summaryTable } from './summary';

/** Runs in the campaign; every 10th on dynalite, the rest in memory. */
const RUNS = Number(process.env.CAMPAIGN_RUNS ?? 200);
/** The first seed; the campaign runs seeds FIRST_SEED .. FIRST_SEED + RUNS - 1. */
const FIRST_SEED = Number(process.env.CAMPAIGN_SEED ?? 1);
/** Runs at once: most of a run waits (SDK retry delays), so a few overlap well on 2 cores. */
const CONCURRENCY = 6;
/** A run that has not ended after this long hangs: an invariant violation. */
const RUN_TIMEOUT_MS = 60_000;

const HANG = Symbol('hang');

async function runOne(seed: number): Promise<{ outcome: RunOutcome; wallMs: number }> {
  const scenario: Scenario = drawScenario(seed, seed % 10 === 0 ? 'dynalite' : 'memory');
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<typeof HANG>((resolve) => {
    timer = setTimeout(() => resolve(HANG), RUN_TIMEOUT_MS);
  });
  const drill = await Promise.race([simulateDrill(scenario.options), hang]);
  clearTimeout(timer);
  const wallMs = Math.round(performance.now() - t0);
  if (drill === HANG)
    return { outcome: { scenario, drill: undefined, execution: undefined }, wallMs };
  countDrsFaults(scenario, drill.jobs, drill.result.cause);
  const execution =
    scenario.storage === 'memory'
      ? await scenario.history?.getExecution(scenario.options.executionId ?? '')
      : undefined;
  return { outcome: { scenario, drill, execution }, wallMs };
}

describe('fault campaign', () => {
  it(`keeps every invariant over ${RUNS} seeded runs with random faults`, async () => {
    const totals: CampaignTotals = {
      runs: 0,
      dynaliteRuns: 0,
      succeeded: 0,
      failed: 0,
      hung: 0,
      racesLost: 0,
      planned: new Map(FAULT_KINDS.map((k) => [k, 0])),
      fired: new Map(FAULT_KINDS.map((k) => [k, 0])),
      runsWithFault: new Map(FAULT_KINDS.map((k) => [k, 0])),
      violations: [],
      slowest: { wallMs: 0, seed: 0 },
      wallMs: 0,
      concurrency: CONCURRENCY,
      errors: new Map(),
    };
    const t0 = performance.now();
    const seeds = Array.from({ length: RUNS }, (_, i) => FIRST_SEED + i);
    const worker = async () => {
      for (let seed = seeds.shift(); seed !== undefined; seed = seeds.shift()) {
        const { outcome, wallMs } = await runOne(seed);
        const { scenario, drill } = outcome;
        totals.runs += 1;
        if (scenario.storage === 'dynalite') totals.dynaliteRuns += 1;
        totals.racesLost += scenario.racesLost;
        if (drill === undefined) totals.hung += 1;
        else if (drill.result.status === 'SUCCEEDED') totals.succeeded += 1;
        else {
          totals.failed += 1;
          const error = drill.result.error ?? '?';
          totals.errors.set(error, (totals.errors.get(error) ?? 0) + 1);
        }
        for (const kind of scenario.planned) {
          totals.planned.set(kind, (totals.planned.get(kind) ?? 0) + 1);
        }
        for (const [kind, count] of scenario.fired) {
          totals.fired.set(kind, (totals.fired.get(kind) ?? 0) + count);
          totals.runsWithFault.set(kind, (totals.runsWithFault.get(kind) ?? 0) + 1);
        }
        if (wallMs > totals.slowest.wallMs) totals.slowest = { wallMs, seed };
        for (const violation of checkInvariants(outcome)) {
          totals.violations.push({
            seed,
            violation,
            scenario: scenario.description.join('; '),
            ending: `${drill?.result.status ?? 'HUNG'} ${drill?.result.error ?? ''} ${drill?.result.cause ?? ''}`,
          });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    totals.wallMs = Math.round(performance.now() - t0);

    console.log(summaryTable(totals));
    expect(totals.runs).toBe(RUNS);
    expect(totals.violations).toStrictEqual([]);
    expect(totals.succeeded).toBeGreaterThan(0);
    expect(totals.failed).toBeGreaterThan(0);
    // Every kind of fault fired at least once over the campaign.
    for (const kind of FAULT_KINDS) expect([kind, totals.fired.get(kind)]).not.toEqual([kind, 0]);
  }, 240_000);
});
