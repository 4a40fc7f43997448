import type { WaveLayoutRecord } from '../../src/index';
import { simulateDrill } from '../../src/testing/index';
import { checkInvariants, checkLiveness, type RunOutcome } from './invariants';
import {
  countActionFaults,
  countDrsFaults,
  drawScenario,
  type Sabotage,
  type Scenario,
  WAVE_IDS,
} from './scenario';
import { type CampaignTotals, emptyTotals } from './summary';

/**
 * A run hangs (an invariant violation) when its router makes no DRS or history call for this
 * long (real time): a slow run on a loaded machine still makes calls.
 */
const IDLE_MS = 30_000;
/** A run still going after this much virtual time loops: no wave's timeout is that long. */
const MAX_VIRTUAL_MS = 24 * 3600_000;
/** And a run never takes longer than this, however it progresses. */
const MAX_WALL_MS = 240_000;

/** Where the emulator's virtual clock starts (its default). */
const START_TIME = '2026-01-01T00:00:00.000Z';

/**
 * Every how many seeds a run keeps its history in dynalite (DynamoDB's wire protocol): the
 * rest keep it in memory. A dynalite run costs several times a memory run.
 */
export const DYNALITE_EVERY = 20;

/** Runs one seed (every {@link DYNALITE_EVERY}th on dynalite) and reads what it left. */
export async function runOne(
  seed: number,
  sabotage?: Sabotage,
): Promise<{ outcome: RunOutcome; wallMs: number }> {
  const storage = seed % DYNALITE_EVERY === 0 ? 'dynalite' : 'memory';
  const scenario: Scenario = drawScenario(seed, storage, sabotage);
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<string>((resolve) => {
    const record = scenario.record;
    let calls = -1;
    let lastCall = t0;
    timer = setInterval(() => {
      const now = performance.now();
      if (record.ioCalls !== calls) {
        calls = record.ioCalls;
        lastCall = now;
      }
      const virtualMs = Date.parse(record.virtualNow) - Date.parse(START_TIME);
      if (now - lastCall > IDLE_MS) resolve(`no DRS or history call for ${IDLE_MS / 1000} s`);
      if (virtualMs > MAX_VIRTUAL_MS) resolve(`still running after ${virtualMs / 3600_000} h`);
      if (now - t0 > MAX_WALL_MS) resolve(`still running after ${MAX_WALL_MS / 1000} s`);
    }, 1000);
  });
  const drill = await Promise.race([simulateDrill(scenario.options), hang]);
  clearInterval(timer);
  const wallMs = Math.round(performance.now() - t0);
  if (typeof drill === 'string') {
    const outcome = { scenario, drill: undefined, hang: drill, execution: undefined };
    return { outcome: { ...outcome, layoutsAfter: undefined }, wallMs };
  }
  countDrsFaults(scenario, drill.jobs, drill.result.cause);
  countActionFaults(scenario, drill.report);
  const executionId = scenario.options.executionId ?? '';
  const history = scenario.record.history;
  let execution: RunOutcome['execution'];
  let layoutsAfter: Map<string, WaveLayoutRecord> | undefined;
  // A memory history outlives the run; dynalite's is gone (its layouts were seen on the way).
  if (scenario.storage === 'memory' && history !== undefined) {
    execution = await history.getExecution(executionId);
    layoutsAfter = new Map();
    for (const waveId of WAVE_IDS) {
      const layout = await history.getLayout(executionId, waveId);
      if (layout !== undefined) layoutsAfter.set(waveId, layout);
    }
  }
  return { outcome: { scenario, drill, hang: undefined, execution, layoutsAfter }, wallMs };
}

/**
 * Runs `seeds`, `concurrency` at once, and counts. `take` hands out the index of the next seed
 * to run (threads share one counter); by default, this call runs them all.
 */
export async function runCampaign(
  seeds: readonly number[],
  concurrency: number,
  take?: () => number,
): Promise<CampaignTotals> {
  const totals = emptyTotals(describeSeeds(seeds), concurrency);
  const t0 = performance.now();
  let taken = 0;
  const next = take ?? (() => taken++);
  const worker = async () => {
    for (let i = next(); i < seeds.length; i = next()) {
      const { outcome, wallMs } = await runOne(seeds[i] ?? 0);
      addRun(totals, outcome, wallMs);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  totals.wallMs = Math.round(performance.now() - t0);
  return totals;
}

/** `first..last` for a range of seeds, else the list. */
export function describeSeeds(seeds: readonly number[]): string {
  const first = seeds[0] ?? 0;
  const range = seeds.every((seed, i) => seed === first + i);
  return range ? `${first}..${first + seeds.length - 1}` : seeds.join(', ');
}

function addRun(totals: CampaignTotals, outcome: RunOutcome, wallMs: number): void {
  const { scenario, drill } = outcome;
  const { seed, record } = scenario;
  totals.runs += 1;
  if (scenario.storage === 'dynalite') totals.dynaliteRuns += 1;
  if ([...record.layouts.values()].some((l) => l.chunks.length > 1)) totals.multiJobRuns += 1;
  if (scenario.multiAccount) totals.multiAccountRuns += 1;
  if (scenario.options.machine?.completion === 'events') {
    totals.eventRuns += 1;
    totals.launchResults += drill?.report.stats.routerCalls?.launch_result ?? 0;
  }
  if (record.cancel !== undefined) totals.cancelled += 1;
  if (scenario.actions.length > 0) {
    totals.actionRuns += 1;
    const ended = new Map(
      (drill?.report.actions ?? []).map((a) => [`${a.waveId}/${a.phase}/${a.index}`, a.outcome]),
    );
    for (const a of scenario.actions) {
      const key = `${a.action.type} ${ended.get(`${a.waveId}/${a.phase}/${a.index}`) ?? 'not reached'}`;
      totals.actionOutcomes.set(key, (totals.actionOutcomes.get(key) ?? 0) + 1);
    }
  }
  if (scenario.mustSucceed) totals.mustSucceed += 1;
  totals.racesLost += record.racesLost;
  totals.invocations += record.invocations;
  totals.ioCalls += record.ioCalls;
  totals.foreignStarted += record.foreignJobIds.size;
  totals.foreignRefused += record.foreignRefused.length;
  totals.reconciled += record.reconciled;
  totals.callsAfterDeath += record.callsAfterDeath;
  totals.editsBeforeLayout += record.editsBeforeLayout;
  totals.editsAfterLayout += record.editsAfterLayout;
  totals.leaseOverruns += record.leaseOverruns.length;
  if (drill === undefined) totals.hung += 1;
  else if (drill.result.status === 'SUCCEEDED') totals.succeeded += 1;
  else {
    totals.failed += 1;
    const error = drill.result.error ?? '?';
    totals.errors.set(error, (totals.errors.get(error) ?? 0) + 1);
  }
  if (drill !== undefined && drill.report.durationSeconds > totals.longestVirtual.seconds) {
    totals.longestVirtual = { seconds: drill.report.durationSeconds, seed };
  }
  for (const kind of scenario.planned) {
    totals.planned.set(kind, (totals.planned.get(kind) ?? 0) + 1);
  }
  for (const [kind, count] of scenario.fired) {
    totals.fired.set(kind, (totals.fired.get(kind) ?? 0) + count);
    totals.runsWithFault.set(kind, (totals.runsWithFault.get(kind) ?? 0) + 1);
  }
  if (wallMs > totals.slowest.wallMs) totals.slowest = { wallMs, seed };
  const ending = `${drill?.result.status ?? 'HUNG'} ${drill?.result.error ?? ''} ${drill?.result.cause ?? ''}`;
  const lines = [
    ...scenario.description,
    ...record.deaths.map((d) => `died: ${d}`),
    ...record.edits.map((e) => `edited: ${e}`),
    ...record.leaseOverruns.map((o) => `past its lease: ${o}`),
  ].join('; ');
  for (const violation of checkInvariants(outcome)) {
    totals.violations.push({ seed, violation, scenario: lines, ending });
  }
  const liveness = checkLiveness(outcome);
  if (liveness !== undefined) {
    totals.livenessFailures.push({ seed, violation: liveness, scenario: lines, ending });
  }
  // The cancel window is counted by checkInvariants.
  totals.cancelWindowStarts += record.cancelWindowStarts;
}
