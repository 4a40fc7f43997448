import { describe, expect, it } from 'vitest';
import { DRS_JOB_TAGS, type DrsPort } from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';
import { override } from '../helpers/override';
import { DYNALITE_EVERY, runOne } from './campaign';
import type { RunRecord } from './harness';
import { checkInvariants, checkLiveness } from './invariants';
import {
  drawScenario,
  type FaultKind,
  type Sabotage,
  type Scenario,
  TRANSIENT_KINDS,
} from './scenario';

/** The first memory seed whose scenario satisfies `test`. */
function findSeed(test: (s: Scenario) => boolean): number {
  for (let seed = 1; seed < 5000; seed++) {
    if (seed % DYNALITE_EVERY === 0) continue;
    if (test(drawScenario(seed, 'memory'))) return seed;
  }
  throw new Error('no such seed');
}

const draws = (s: Scenario, ...kinds: FaultKind[]) => kinds.every((k) => s.planned.includes(k));
const multiJob = (s: Scenario) => s.quotas.maxServersPerJob <= 3;

async function run(seed: number, sabotage?: Sabotage) {
  const { outcome } = await runOne(seed, sabotage);
  return {
    outcome,
    violations: checkInvariants(outcome),
    liveness: checkLiveness(outcome),
  };
}

/** Our StartRecovery requests, as sabotages rewrite them. */
const ours = (request: Parameters<DrsPort['startRecovery']>[0]) =>
  request.tags?.[DRS_JOB_TAGS.executionId] !== undefined;

describe('the fault campaign', () => {
  it('kills an invocation for good after its StartRecovery, and the job is still recorded', async () => {
    const seed = findSeed(
      (s) =>
        s.mustSucceed &&
        multiJob(s) &&
        s.deaths.length === 1 &&
        s.deaths[0]?.point === 'start-recovery' &&
        s.deaths[0].occurrence === 1,
    );
    const { outcome, violations, liveness } = await run(seed);
    expect(outcome.scenario.record.deaths).toHaveLength(1);
    expect(outcome.scenario.record.deaths[0]).toMatch(/after startRecovery/);
    expect([violations, liveness]).toStrictEqual([[], undefined]);
    // The dead invocation never wrote the job: a later one found it by its tags.
    expect(outcome.drill?.report.waves.every((w) => w.status === 'COMPLETED')).toBe(true);
  });

  it('catches a job with a server outside its wave layout', async () => {
    const seed = findSeed((s) => s.mustSucceed && multiJob(s));
    const extra = fakeSourceServerId(700);
    const { violations } = await run(seed, {
      wrapDrs: (drs) =>
        override(drs, {
          startRecovery: (request) =>
            drs.startRecovery(
              ours(request) && request.tags?.[DRS_JOB_TAGS.waveId] === 'web'
                ? { ...request, sourceServerIds: [...request.sourceServerIds.slice(1), extra] }
                : request,
            ),
        }),
    });
    expect(violations.join('\n')).toMatch(
      new RegExp(`in layout: job \\S+ of wave web launches ${extra}, outside`),
    );
  });

  it('catches a server launched twice in one execution', async () => {
    const seed = findSeed((s) => s.mustSucceed && multiJob(s));
    let done = false;
    const { violations } = await run(seed, {
      wrapDrs: (drs) =>
        override(drs, {
          startRecovery: async (request) => {
            const job = await drs.startRecovery(request);
            if (ours(request) && request.tags?.[DRS_JOB_TAGS.waveId] === 'db' && !done) {
              // A web server launched with the first db job: web launches it again later.
              done = true;
              const web = drawScenario(seed, 'memory').plan.waves.find((w) => w.id === 'web');
              await drs.startRecovery({
                ...request,
                sourceServerIds: [web?.servers[0]?.sourceServerId ?? ''],
                tags: { ...request.tags, [DRS_JOB_TAGS.chunk]: '9' },
              });
            }
            return job;
          },
        }),
    });
    expect(violations.join('\n')).toMatch(/launched once: \S+ is in jobs/);
  });

  it('catches a StartRecovery after the cancel was recorded', async () => {
    const seed = findSeed(
      (s) =>
        draws(s, 'cancel') &&
        s.planned.every((k) => k === 'cancel' || TRANSIENT_KINDS.has(k)) &&
        s.cancel?.point === 'claim-chunk' &&
        s.cancel.occurrence >= 3 &&
        s.cancel.occurrence <= 6 &&
        multiJob(s),
    );
    let started = false;
    const sabotage: Sabotage = {
      wrapDrs: (drs: DrsPort, record: RunRecord) =>
        override(drs, {
          describeJobs: async (filter) => {
            if (record.cancel !== undefined && !started) {
              // A start that skips the status read: the bug the invariant is there for.
              started = true;
              await drs
                .startRecovery({
                  sourceServerIds: [fakeSourceServerId(701)],
                  isDrill: true,
                  tags: {
                    [DRS_JOB_TAGS.executionId]: `campaign-${seed}`,
                    [DRS_JOB_TAGS.waveId]: 'web',
                    [DRS_JOB_TAGS.chunk]: '0',
                  },
                })
                .catch(() => undefined);
            }
            return drs.describeJobs(filter);
          },
        }),
    };
    const { outcome, violations } = await run(seed, sabotage);
    expect(outcome.scenario.record.cancel).toBeDefined();
    expect(violations.join('\n')).toMatch(/nothing after cancel: StartRecovery of wave web/);
  });

  it('catches a run with only transient faults that fails', async () => {
    const seed = findSeed((s) => s.mustSucceed && multiJob(s));
    const { liveness } = await run(seed, {
      wrapDrs: (drs) =>
        override(drs, {
          startRecovery: (request) =>
            drs.startRecovery(
              ours(request) && request.tags?.[DRS_JOB_TAGS.waveId] === 'web'
                ? { ...request, sourceServerIds: ['s-not-a-server'] }
                : request,
            ),
        }),
    });
    expect(liveness).toMatch(/liveness: a run with only transient faults ended FAILED WaveFailed/);
  });
});
