import { describe, expect, it } from 'vitest';
import { DRS_JOB_TAGS, type DrsPort, type ExecutionHistoryStore } from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';
import { override } from '../helpers/override';
import { DYNALITE_EVERY, runOne } from './campaign';
import type { RunRecord } from './harness';
import { checkInvariants, checkLiveness } from './invariants';
import {
  drawScenario,
  type FaultKind,
  type PlannedAction,
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

/** Whether the scenario plans an action at this place matching `test`. */
const plans = (
  s: Scenario,
  waveId: string,
  phase: 'before' | 'after',
  index: number,
  test: (a: PlannedAction) => boolean,
) =>
  s.actions.some((a) => a.waveId === waveId && a.phase === phase && a.index === index && test(a));
/** Only transient faults drawn, and `kinds` besides; no failure decision unless among them. */
const onlyTransientAnd = (s: Scenario, ...kinds: FaultKind[]) =>
  s.planned.every(
    (k) => (TRANSIENT_KINDS.has(k) && !k.startsWith('decision-')) || kinds.includes(k),
  ) && s.cancel === undefined;
const lambda = (outcome: string, onFailure: string) => (a: PlannedAction) =>
  a.action.type === 'lambda' && a.outcome === outcome && a.onFailure === onFailure;

type Router = (event: unknown) => Promise<unknown>;
/** A router whose `record_action` answers pass through `rewrite`. */
const rewriteRecordAction =
  (rewrite: (event: Record<string, unknown>, answer: Record<string, unknown>) => unknown) =>
  (handler: Router): Router =>
  async (event) => {
    const answer = await handler(event);
    const e = event as Record<string, unknown>;
    return e.action === 'record_action' ? rewrite(e, answer as Record<string, unknown>) : answer;
  };

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

  it("allows a retry's relaunch of a failed server, and catches one of a launched server", async () => {
    const seed = findSeed(
      (s) =>
        draws(s, 'decision-retry', 'launch-failure-critical') &&
        onlyTransientAnd(s, 'decision-retry', 'launch-failure-critical') &&
        s.edit === undefined &&
        s.deaths.length === 0,
    );
    // Clean: the retry relaunches only servers whose launch failed.
    const clean = await run(seed);
    expect(clean.violations).toStrictEqual([]);
    const retries = (clean.outcome.drill?.report.decisions ?? []).filter(
      (d) => d.status === 'RETRY',
    );
    expect(retries.length).toBeGreaterThan(0);

    // Sabotaged: a retry's job takes one more server of its wave, one that launched.
    const failing = new Set(
      Object.keys(drawScenario(seed, 'memory').options.faults?.failLaunch ?? {}),
    );
    const sent = new Map<string, Set<string>>();
    const chunks = new Set<string>();
    const { violations } = await run(seed, {
      wrapDrs: (drs) =>
        override(drs, {
          startRecovery: async (request) => {
            const waveId = request.tags?.[DRS_JOB_TAGS.waveId] ?? '';
            const key = `${waveId}/${request.tags?.[DRS_JOB_TAGS.chunk]}`;
            const before = sent.get(waveId) ?? new Set<string>();
            const retry =
              ours(request) &&
              !chunks.has(key) &&
              request.sourceServerIds.some((id) => before.has(id));
            chunks.add(key);
            for (const id of request.sourceServerIds) before.add(id);
            sent.set(waveId, before);
            const launched = [...before].find((id) => !failing.has(id));
            return drs.startRecovery(
              retry && launched !== undefined
                ? { ...request, sourceServerIds: [...request.sourceServerIds, launched] }
                : request,
            );
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
        multiJob(s) &&
        // The cancel must come while a job of the plan is listed: wave actions and slowed
        // conditional writes move it past the last one.
        s.actions.length === 0 &&
        !s.race,
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

  it('fails a wave whose action before the launch fails under FAIL, before any DRS job', async () => {
    const seed = findSeed(
      (s) =>
        onlyTransientAnd(s, 'action-failure-fail') &&
        plans(s, 'db', 'before', 0, lambda('FAILED', 'FAIL')),
    );
    const { outcome, violations } = await run(seed);
    expect(violations).toStrictEqual([]);
    const db = outcome.drill?.report.waves.find((w) => w.waveId === 'db');
    expect([db?.status, db?.error, db?.jobIds]).toStrictEqual(['FAILED', 'ActionFailed', []]);
    expect(outcome.drill?.result.error).toBe('ActionFailed');
    expect(outcome.scenario.record.startRecoveries.filter((s) => s.waveId === 'db')).toEqual([]);
  });

  it('goes on past an action that fails under CONTINUE', async () => {
    const seed = findSeed(
      (s) => s.mustSucceed && plans(s, 'db', 'before', 0, lambda('FAILED', 'CONTINUE')),
    );
    const { outcome, violations, liveness } = await run(seed);
    expect([violations, liveness]).toStrictEqual([[], undefined]);
    expect(outcome.drill?.report.actions?.[0]).toMatchObject({
      waveId: 'db',
      phase: 'before',
      index: 0,
      outcome: 'FAILED',
      onFailure: 'CONTINUE',
    });
    expect(outcome.scenario.fired.get('action-failure-continue')).toBeGreaterThan(0);
  });

  it('catches an action recorded with another outcome than its run had', async () => {
    const seed = findSeed(
      (s) => s.mustSucceed && plans(s, 'db', 'before', 0, lambda('SUCCEEDED', 'FAIL')),
    );
    const { violations } = await run(seed, {
      wrapHistory: (history) =>
        override(history, {
          finishAction: (executionId, waveId, phase, index, end) =>
            history.finishAction(executionId, waveId, phase, index, {
              ...end,
              ...(end.outcome === 'SUCCEEDED' ? { outcome: 'TIMED_OUT' as const } : {}),
            }),
        }),
    });
    expect(violations.join('\n')).toMatch(
      /action outcome: before\[0\] of wave db \(lambda campaign-db-before-0\) ended TIMED_OUT, planned SUCCEEDED/,
    );
  });

  it('catches a wave launched after its action failed under FAIL', async () => {
    const seed = findSeed(
      (s) =>
        onlyTransientAnd(s, 'action-failure-fail') &&
        plans(s, 'db', 'before', 0, lambda('FAILED', 'FAIL')),
    );
    // A router that lets the wave go on whatever the action's onFailure says.
    const { violations } = await run(seed, {
      wrapRouter: rewriteRecordAction((_, answer) =>
        answer.verdict === 'FAIL' ? { verdict: 'CONTINUE' } : answer,
      ),
    });
    expect(violations.join('\n')).toMatch(
      /action fails wave: before\[0\] of wave db FAILED under FAIL, yet the wave's servers are in DRS jobs/,
    );
  });

  it('catches a wave failed by an action that fails under CONTINUE', async () => {
    const seed = findSeed(
      (s) => s.mustSucceed && plans(s, 'db', 'before', 0, lambda('FAILED', 'CONTINUE')),
    );
    // A router that fails the wave on any failed action, whatever its onFailure says.
    const { violations, liveness } = await run(seed, {
      wrapRouter: rewriteRecordAction((event, answer) =>
        (event.end as { outcome?: string }).outcome === 'SUCCEEDED'
          ? answer
          : {
              verdict: 'FAIL',
              error: 'ActionFailed',
              cause: `Action ${event.phase}[${event.index}] failed`,
            },
      ),
    });
    expect(violations.join('\n')).toMatch(
      /continue goes on: before\[0\] of wave db FAILED under CONTINUE, and the wave FAILED with ActionFailed/,
    );
    expect(liveness).toMatch(/ended FAILED ActionFailed/);
  });

  it('catches an action after the launch of a wave that did not complete', async () => {
    const seed = findSeed((s) => s.mustSucceed && plans(s, 'db', 'after', 0, () => true));
    // A history that records the wave FAILED where its check found it COMPLETED.
    const { violations } = await run(seed, {
      wrapHistory: (history) =>
        override(history, {
          updateWave: (executionId, waveId, patch) =>
            history.updateWave(
              executionId,
              waveId,
              waveId === 'db' && patch.status === 'COMPLETED'
                ? { ...patch, status: 'FAILED' }
                : patch,
            ),
        }),
    });
    expect(violations.join('\n')).toMatch(
      /actions of started waves: after\[0\] of wave db ran, but the wave ended FAILED without completing/,
    );
  });

  it('catches an action that starts before the one before it ended', async () => {
    const seed = findSeed(
      (s) =>
        s.mustSucceed &&
        plans(s, 'db', 'before', 0, (a) => a.outcome === 'SUCCEEDED') &&
        plans(s, 'db', 'before', 1, () => true),
    );
    // A history that stamps the second action's start an hour early.
    const { violations } = await run(seed, {
      wrapHistory: (history: ExecutionHistoryStore) =>
        override(history, {
          startAction: (record) =>
            history.startAction(
              record.index === 1 && record.waveId === 'db'
                ? {
                    ...record,
                    startedAt: new Date(Date.parse(record.startedAt) - 3_600_000).toISOString(),
                  }
                : record,
            ),
        }),
    });
    expect(violations.join('\n')).toMatch(
      /action order: before\[1\] of wave db started at \S+, before before\[0\] of wave db ended/,
    );
  });

  it('runs a plan across accounts with every invariant, and catches a job started in the wrong account', async () => {
    const seed = findSeed((s) => s.multiAccount && s.mustSucceed && s.cancel === undefined);
    const clean = await run(seed);
    expect(clean.violations).toStrictEqual([]);
    expect(clean.liveness).toBeUndefined();
    const arns = (clean.outcome.drill?.jobs ?? []).map((j) => j.arn?.split(':')[4]);
    expect(new Set(arns)).toStrictEqual(new Set(['123456789012', '111111111111', '222222222222']));

    // A router whose other accounts' StartRecovery lands in the orchestrator's own DRS.
    let own: DrsPort | undefined;
    const { violations } = await run(seed, {
      wrapDrs: (drs) => {
        if (own === undefined) {
          own = drs;
          return drs;
        }
        const home = own;
        return override(drs, { startRecovery: (request) => home.startRecovery(request) });
      },
    });
    expect(violations.join('\n')).toMatch(
      /in its account: job \S+ \(wave (cache|web|app), chunk \d+\) ran in 123456789012 us-east-1, its chunk belongs to (111111111111|222222222222) /,
    );
  });
});
