import { describe, expect, it } from 'vitest';
import {
  type ExecutionBudgetOptions,
  estimateExecutionBudget,
  isExecutionBudgetExceededError,
  isInvalidOptionsError,
  parseRecoveryPlan,
  STEP_FUNCTIONS_LIMITS,
} from '../../src/index';
import { type Drill, startDrill } from '../helpers/drill';

const planOf = (waves: number, timeoutSeconds: number, extra: Record<string, unknown> = {}) =>
  parseRecoveryPlan({
    id: 'big',
    waves: Array.from({ length: waves }, (_, i) => ({
      id: `w${i}`,
      protectionGroups: [`pg-${i}`],
      timeoutSeconds,
      ...extra,
    })),
  });

describe('estimateExecutionBudget', () => {
  it('keeps 100 waves of 12 hours at 30-second polls under 25,000 events per execution', () => {
    const budget = estimateExecutionBudget(planOf(100, 12 * 3600), { pollIntervalSeconds: 30 });
    const wave = budget.waves[0];
    // 1,442 polls of 9 events (Wait 2, Task 5, Choice 2) plus the start and the end, the
    // two Choice states that find the wave has no actions, and DecidesFailure on its failure.
    expect(wave?.historyEvents).toBe(
      2 + 2 + 5 + 2 + 1442 * 9 + 2 + 5 + 2 + 2 * 2 + 2 + Math.ceil(1445 * 0.05) * 3,
    );
    expect(budget.largestHistoryEvents).toBe(wave?.historyEvents);
    expect(budget.largestHistoryEvents).toBeLessThan(STEP_FUNCTIONS_LIMITS.historyEvents);
    // Per stage: HasNextStage 2, LoadStage 5, the Map run, AdvanceStage 2.
    expect(budget.parent.historyEvents).toBeLessThan(1_400);
    expect(budget.waves).toHaveLength(100);
    expect(budget.totalStateTransitions).toBe(
      budget.parent.stateTransitions + 100 * (wave?.stateTransitions ?? 0),
    );
    expect(budget.totalCostUsd).toBeCloseTo(budget.totalStateTransitions * 0.000025, 6);
    expect(budget.maxDurationSeconds).toBe(100 * (12 * 3600 + 60));
    console.log(
      `estimateExecutionBudget, 100 waves x 12 h at 30 s polls: largest history ${budget.largestHistoryEvents} events (limit 25,000), parent ${budget.parent.historyEvents}, ${budget.totalStateTransitions} transitions, $${budget.totalCostUsd.toFixed(2)}, ${budget.totalLambdaInvocations} router calls, payload ${budget.largestPayloadBytes} bytes`,
    );
  });

  it('counts approvals and notifications in the waves that have them', () => {
    const plain = estimateExecutionBudget(planOf(1, 3600));
    const approved = estimateExecutionBudget(planOf(1, 3600, { requireApproval: true }));
    const notified = estimateExecutionBudget(planOf(1, 3600), {
      notificationTopicArn: 'arn:aws:sns:us-east-1:1:t',
    });
    expect((approved.waves[0]?.historyEvents ?? 0) - (plain.waves[0]?.historyEvents ?? 0)).toBe(5);
    expect(approved.maxDurationSeconds - plain.maxDurationSeconds).toBe(86_400);
    expect((notified.waves[0]?.historyEvents ?? 0) - (plain.waves[0]?.historyEvents ?? 0)).toBe(10);
  });

  it('counts each wave action, worst case: an SSM runbook checked every 15 s until its timeout', () => {
    const plain = estimateExecutionBudget(planOf(1, 3600));
    const acted = estimateExecutionBudget(
      planOf(1, 3600, {
        before: [
          { type: 'lambda', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
          { type: 'wait', seconds: 120 },
        ],
        after: [{ type: 'ssmAutomation', documentName: 'Doc', timeoutSeconds: 900 }],
      }),
    );
    const more = (acted.waves[0]?.historyEvents ?? 0) - (plain.waves[0]?.historyEvents ?? 0);
    // Per phase 9 (start, the NextAction and ActionKind that find its end); per action 18
    // (NextAction, ActionKind, ActionX, RecordAction, ActionVerdict, NextActionStep) plus its
    // own: lambda 5, wait 2, runbook 5 + 60 checks x 11 + 5. Router calls: 2 per phase and 2
    // per action, 5% of them retried (3 events each).
    const own = 2 * 9 + 3 * 18 + 5 + 2 + (5 + 60 * 11 + 5);
    const calls = 2 + 3 * 2;
    const invocations = (b: typeof plain) => b.waves[0]?.lambdaInvocations ?? 0;
    const moreRetries = invocations(acted) - invocations(plain) - calls;
    expect(more).toBe(own + moreRetries * 3);
    expect(acted.maxDurationSeconds - plain.maxDurationSeconds).toBe(300 + 120 + 900 + 15);
    // A runbook that could take a year is refused with the wave named and the actions counted.
    const year = () =>
      estimateExecutionBudget(
        planOf(1, 3600, {
          after: [{ type: 'ssmAutomation', documentName: 'Doc', timeoutSeconds: 86_400 }],
        }),
      );
    expect(year).toThrow(/waves\[w0\]: Needs up to \d+ history events/);
  });

  it('refuses a plan that would cross a limit, naming each', () => {
    let caught: unknown;
    try {
      estimateExecutionBudget(planOf(2, 30 * 24 * 3600), {
        pollIntervalSeconds: 30,
        executionTimeoutSeconds: 86_400,
      });
    } catch (error) {
      caught = error;
    }
    expect(isExecutionBudgetExceededError(caught)).toBe(true);
    expect((caught as Error).message).toMatchInlineSnapshot(`
      "Plan "big" exceeds Step Functions limits (3 problems):
      - waves[w0]: Needs up to 790607 history events, above Step Functions' 25000: shorten its timeout or poll less often
      - waves[w1]: Needs up to 790607 history events, above Step Functions' 25000: shorten its timeout or poll less often
      - plan: May run 5184120 s, above the executionTimeoutSeconds of 86400 s"
    `);
  });

  it('bounds what the local runner measures for the same plan', { timeout: 60_000 }, async () => {
    let drill: Drill | undefined;
    try {
      const ids = ['s-00000000000000001', 's-00000000000000002', 's-00000000000000003'];
      const input = {
        id: 'small',
        waves: ids.map((id, i) => ({ id: `w${i}`, servers: [id], timeoutSeconds: 3600 })),
      };
      drill = await startDrill(input);
      const result = await drill.start().result;
      const budget = estimateExecutionBudget(drill.plan);
      expect(result.status).toBe('SUCCEEDED');
      expect(result.stats.parentHistoryEvents).toBeLessThanOrEqual(budget.parent.historyEvents);
      for (const [i, events] of Object.values(result.stats.waveHistoryEvents).entries()) {
        expect(events).toBeLessThanOrEqual(budget.waves[i]?.historyEvents ?? 0);
      }
      expect(result.stats.stateTransitions).toBeLessThanOrEqual(budget.totalStateTransitions);
    } finally {
      await drill?.close();
    }
  });

  it('refuses unknown options, nested ones too, telling the one meant', () => {
    let caught: unknown;
    try {
      estimateExecutionBudget(planOf(1, 3600), {
        pollIntervalSecs: 5,
        retryrate: 0.1,
        transientRetry: { intervalSeconds: 5, maxAttempts: 3, backoffRate: 2, maxAttempt: 4 },
      } as ExecutionBudgetOptions);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      [
        'Invalid options for estimateExecutionBudget (3 problems):',
        '- pollIntervalSecs: Unknown field "pollIntervalSecs" (did you mean "pollIntervalSeconds"?)',
        '- retryrate: Unknown field "retryrate" (did you mean "retryRate"?)',
        '- transientRetry.maxAttempt: Unknown field "maxAttempt" (did you mean "maxAttempts"?)',
      ].join('\n'),
    );
  });

  it('checks retryRate, and takes the state machine options file as it is, ARN included', () => {
    expect(() => estimateExecutionBudget(planOf(1, 3600), { retryRate: 2 })).toThrow(
      'Invalid options for estimateExecutionBudget (1 problem):\n- retryRate: Expected `retryRate` to be a number from 0 to 1, got 2',
    );
    const options = { lambdaArn: 'arn:aws:lambda:us-east-1:1:function:r', pollIntervalSeconds: 60 };
    expect(estimateExecutionBudget(planOf(1, 3600), options as ExecutionBudgetOptions)).toEqual(
      estimateExecutionBudget(planOf(1, 3600), { pollIntervalSeconds: 60 }),
    );
    expect(() => estimateExecutionBudget(planOf(1, 3600), null as never)).toThrow(
      'Invalid options for estimateExecutionBudget (1 problem):\n- (root): Expected an options object, got null',
    );
    const retried = estimateExecutionBudget(planOf(1, 3600), { retryRate: 1 });
    expect(retried.totalLambdaInvocations).toBeGreaterThan(
      estimateExecutionBudget(planOf(1, 3600), { retryRate: 0 }).totalLambdaInvocations,
    );
  });
});
