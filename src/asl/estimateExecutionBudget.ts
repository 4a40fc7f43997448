import { ExecutionBudgetExceededError, type Problem } from '../errors';
import { MAX_WAVE_ATTEMPTS, type RecoveryPlan, type Wave } from '../plan/types';
import { AUTOMATION_POLL_SECONDS, type WaveItem } from '../router/actions';
import { planWaveActions, planWaveItems } from '../router/waveItems';
import { type ResolvedOptions, resolveOptions } from './internal/resolveOptions';
import type { PollingStateMachineOptions } from './PollingStateMachineOptions';

/**
 * Step Functions limits the estimate checks (Standard workflows).
 *
 * @example
 * ```ts
 * import { STEP_FUNCTIONS_LIMITS } from 'drs-waves';
 *
 * STEP_FUNCTIONS_LIMITS.historyEvents; // 25000
 * ```
 */
export const STEP_FUNCTIONS_LIMITS = Object.freeze({
  /** History events of one execution. */
  historyEvents: 25_000,
  /** Longest run of one execution: a year. */
  durationSeconds: 365 * 24 * 60 * 60,
  /** Largest input or output of a state. */
  payloadBytes: 262_144,
  /** Price of a state transition, in US dollars (Standard workflows, us-east-1). */
  usdPerTransition: 0.025 / 1000,
});

/**
 * The most bytes the stages (and wave IDs) of a plan may take in its execution record: a
 * DynamoDB item holds 400 KB, and the record keeps room for the rest.
 */
export const MAX_RECORDED_STAGE_BYTES = 350_000;

/**
 * Worst-case figures of one Step Functions execution.
 *
 * @example
 * ```ts
 * import type { ExecutionEstimate } from 'drs-waves';
 *
 * const fits = (e: ExecutionEstimate) => e.historyEvents < 25_000;
 * ```
 */
export interface ExecutionEstimate {
  /** `plan` for the parent execution, else the wave ID of a child execution. */
  readonly execution: string;
  /** History events, worst case. */
  readonly historyEvents: number;
  /** State transitions, worst case. */
  readonly stateTransitions: number;
  /** Router invocations, worst case. */
  readonly lambdaInvocations: number;
  /** Longest run, in seconds. */
  readonly maxDurationSeconds: number;
}

/**
 * The worst-case budget of running a plan: per execution and in total.
 *
 * @example
 * ```ts
 * import type { ExecutionBudget } from 'drs-waves';
 *
 * const summary = (b: ExecutionBudget) => `${b.largestHistoryEvents} events, $${b.totalCostUsd.toFixed(2)}`;
 * ```
 */
export interface ExecutionBudget {
  /** The parent execution, which runs the stages. */
  readonly parent: ExecutionEstimate;
  /** Each wave's child execution, in plan order. */
  readonly waves: readonly ExecutionEstimate[];
  /** The largest history of any one execution. */
  readonly largestHistoryEvents: number;
  /** State transitions of all executions. */
  readonly totalStateTransitions: number;
  /** Their cost, in US dollars. */
  readonly totalCostUsd: number;
  /** Router invocations of all executions. */
  readonly totalLambdaInvocations: number;
  /** The longest the whole plan can run, in seconds. */
  readonly maxDurationSeconds: number;
  /** The largest state payload: the parent's, with its largest stage's waves, in bytes. */
  readonly largestPayloadBytes: number;
}

/**
 * Options of {@link estimateExecutionBudget}: those of the state machine, without the ARN.
 *
 * @example
 * ```ts
 * import type { ExecutionBudgetOptions } from 'drs-waves';
 *
 * const options: ExecutionBudgetOptions = { pollIntervalSeconds: 30, defaultWaveTimeoutSeconds: 43_200 };
 * ```
 */
export type ExecutionBudgetOptions = Omit<PollingStateMachineOptions, 'lambdaArn'> & {
  /**
   * Share of router calls assumed to be retried once (each retry adds 3 history events and an
   * invocation).
   *
   * @default 0.05
   */
  readonly retryRate?: number;
};

/**
 * The default share of router calls assumed retried once (`ExecutionBudgetOptions.retryRate`).
 *
 * @internal
 *
 * @example
 * ```ts
 * const retries = Math.ceil(calls * DEFAULT_RETRY_RATE);
 * ```
 */
export const DEFAULT_RETRY_RATE = 0.05;

// History events each state writes: a Task 5 (entered, scheduled, started, succeeded, exited),
// a Distributed Map about 4 in its parent, any other state 2; an execution 2 of its own.
const TASK = 5;
/** A `.waitForTaskToken` task also writes `TaskSubmitted`. */
const CALLBACK_TASK = TASK + 1;
const STATE = 2;
const MAP = 4;
const EXECUTION = 2;

/**
 * What a wave's actions add to its child execution, worst case (every action runs to its
 * timeout, an SSM runbook checked until then): history events, transitions, router calls and
 * seconds. Also the two Choice states every wave passes (`HasBeforeActions`,
 * `HasAfterActions`).
 */
function actionsCost(wave: Wave | undefined) {
  let events = 2 * STATE;
  let transitions = 2;
  let calls = 0;
  let seconds = 0;
  let count = 0;
  for (const phase of [wave?.before ?? [], wave?.after ?? []]) {
    if (phase.length === 0) continue;
    // StartXActions, and the NextAction and ActionKind that find the phase's end.
    events += STATE + TASK + STATE;
    transitions += 3;
    calls += 1;
    for (const action of phase) {
      count += 1;
      // NextAction, ActionKind, the action, ActionX, RecordAction, ActionVerdict, NextActionStep.
      events += TASK + STATE + STATE + TASK + STATE + STATE;
      transitions += 6;
      calls += 2;
      switch (action.type) {
        case 'lambda':
          events += TASK;
          transitions += 1;
          seconds += action.timeoutSeconds;
          break;
        case 'wait':
          events += STATE;
          transitions += 1;
          seconds += action.seconds;
          break;
        case 'approval':
          events += CALLBACK_TASK;
          transitions += 1;
          calls += 1;
          seconds += action.timeoutSeconds;
          break;
        case 'ssmAutomation': {
          // StartAutomation; per check WaitForAutomation, CheckAutomation, AutomationOutcome,
          // CountAutomationCheck; then StopAutomation.
          const checks = Math.ceil(action.timeoutSeconds / AUTOMATION_POLL_SECONDS);
          events += TASK + checks * (STATE + TASK + STATE + STATE) + TASK;
          transitions += 2 + checks * 4;
          seconds += action.timeoutSeconds + AUTOMATION_POLL_SECONDS;
          break;
        }
      }
    }
  }
  return { events, transitions, calls, seconds, count };
}

/**
 * What a wave's failure decisions add to its child execution, worst case: `DecidesFailure` on
 * every failure path, and with `onWaveFailure: 'DECIDE'` each failed attempt waiting its
 * decision timeout (`AwaitDecision`, `DecisionOutcome`), each retry (`RetryWave`,
 * `StartOutcome`) polled to its timeout and failing again (`WaveTimedOut`,
 * `RecordWaveFailure`, `[NotifyWaveFailed]`, `DecidesFailure`), up to {@link MAX_WAVE_ATTEMPTS}
 * attempts, the last decision timing out (`DecisionTimedOut`).
 */
function decisionCost(
  item: WaveItem,
  c: { polls: number; perCheck: number; notify: number; events: boolean; interval: number },
) {
  if (item.decideOnFailure !== true) return { events: STATE, transitions: 1, calls: 0, seconds: 0 };
  const retries = MAX_WAVE_ATTEMPTS - 1;
  const decision = { events: CALLBACK_TASK + STATE, transitions: 2, calls: 1 };
  const attempt = {
    events: TASK + STATE + c.polls * c.perCheck + STATE + TASK + c.notify * TASK + STATE,
    transitions: 2 + c.polls * 3 + 3 + c.notify,
    calls: 1 + c.polls * (c.events ? 2 : 1) + 1,
  };
  const wait = item.decisionTimeoutSeconds ?? 0;
  return {
    events: STATE + MAX_WAVE_ATTEMPTS * decision.events + retries * attempt.events + TASK,
    transitions: 1 + MAX_WAVE_ATTEMPTS * decision.transitions + retries * attempt.transitions + 1,
    calls: MAX_WAVE_ATTEMPTS * decision.calls + retries * attempt.calls + 1,
    seconds: MAX_WAVE_ATTEMPTS * wait + retries * (item.timeoutSeconds + 2 * c.interval),
  };
}

/**
 * Estimates, before anything runs, what executing `plan` on the state machine of
 * `buildPollingStateMachine(options)` costs in the worst case: every wave polled until its
 * timeout, approvals waited for until theirs, failure paths taken. Reports, per execution (the
 * parent and each wave's child execution), history events, state transitions and router
 * invocations; in total, transitions, their cost and the longest duration.
 *
 * Each wave runs in its own child execution, so a wave's history grows only with its own polls:
 * 12 hours at 30-second polls is about 15,900 events, under the 25,000 limit.
 *
 * @throws {@link ExecutionBudgetExceededError} naming every limit crossed: history events of an
 * execution, the one-year (or `executionTimeoutSeconds`) duration, the 256 KiB payload.
 *
 * @example
 * ```ts
 * import { estimateExecutionBudget, parseRecoveryPlan } from 'drs-waves';
 *
 * const plan = parseRecoveryPlan({
 *   id: 'big',
 *   waves: Array.from({ length: 100 }, (_, i) => ({
 *     id: `w${i}`, protectionGroups: [`pg-${i}`], timeoutSeconds: 12 * 3600,
 *   })),
 * });
 * const budget = estimateExecutionBudget(plan, { pollIntervalSeconds: 30 });
 * console.log(budget.largestHistoryEvents, budget.totalCostUsd);
 * ```
 */
export function estimateExecutionBudget(
  plan: RecoveryPlan,
  options: ExecutionBudgetOptions = {},
): ExecutionBudget {
  const o = resolveOptions(
    options === null || typeof options !== 'object'
      ? options
      : { lambdaArn: 'estimate', ...options },
    'estimateExecutionBudget',
  );
  const { budget, historyProblems, otherProblems } = assessExecutionBudget(plan, {
    ...o,
    retryRate: (options as ExecutionBudgetOptions).retryRate ?? DEFAULT_RETRY_RATE,
  });
  const problems = [...historyProblems, ...otherProblems];
  if (problems.length > 0) throw new ExecutionBudgetExceededError(plan.id, problems);
  return budget;
}

/**
 * What {@link assessExecutionBudget} needs: the state machine's options, defaults applied and
 * checked, and the share of router calls retried.
 *
 * @internal
 *
 * @example
 * ```ts
 * const settings: BudgetSettings = {
 *   pollIntervalSeconds: 30, defaultWaveTimeoutSeconds: 14_400, approvalWaveIds: [],
 *   approvalTimeoutSeconds: 86_400, notificationTopicArn: undefined,
 *   executionTimeoutSeconds: undefined, retryRate: 0.05,
 * };
 * ```
 */
export interface BudgetSettings
  extends Pick<
    ResolvedOptions,
    | 'pollIntervalSeconds'
    | 'defaultWaveTimeoutSeconds'
    | 'approvalWaveIds'
    | 'approvalTimeoutSeconds'
    | 'notificationTopicArn'
    | 'executionTimeoutSeconds'
    | 'completion'
    | 'safetyNetPollSeconds'
  > {
  /** Whether the machine checks readiness before the first stage (`readinessCheck`). */
  readonly readinessCheck?: boolean;
  /** Share of router calls assumed to be retried once. */
  readonly retryRate: number;
  /**
   * Whether a history-events problem also gives the figures behind it: the wave's timeout, the
   * poll interval and the polls they allow (the parent's: its stage count).
   */
  readonly explainHistory?: boolean;
}

/**
 * The budget of a plan and the limits it crosses, without throwing: what
 * {@link estimateExecutionBudget} computes, for callers that check only some limits.
 *
 * @internal
 *
 * @example
 * ```ts
 * const { historyProblems } = assessExecutionBudget(plan, settings);
 * if (historyProblems.length > 0) throw new ExecutionBudgetExceededError(plan.id, historyProblems);
 * ```
 */
export interface BudgetAssessment {
  /** The worst-case budget, computed even when a limit is crossed. */
  readonly budget: ExecutionBudget;
  /** One per execution whose history would cross the limit: the parent first, then the waves. */
  readonly historyProblems: readonly Problem[];
  /** The duration and payload limits crossed. */
  readonly otherProblems: readonly Problem[];
  /**
   * The state or record limits crossed (a stage too large for the state, stages too large
   * for the execution record): also in `otherProblems`.
   */
  readonly stateProblems: readonly Problem[];
}

/**
 * Computes the worst-case budget of running `plan` and lists the Step Functions limits it
 * crosses, without throwing and without checking `settings` (callers resolve them). The single
 * source of the formulas of {@link estimateExecutionBudget}.
 *
 * @internal
 *
 * @example
 * ```ts
 * const { budget, historyProblems, otherProblems } = assessExecutionBudget(plan, {
 *   pollIntervalSeconds: 30, defaultWaveTimeoutSeconds: 14_400, approvalWaveIds: [],
 *   approvalTimeoutSeconds: 86_400, notificationTopicArn: undefined,
 *   executionTimeoutSeconds: undefined, retryRate: 0.05,
 * });
 * ```
 */
export function assessExecutionBudget(plan: RecoveryPlan, o: BudgetSettings): BudgetAssessment {
  const retryRate = o.retryRate;
  const notify = o.notificationTopicArn ? 1 : 0;
  const readiness = o.readinessCheck === true ? 1 : 0;
  const events = o.completion === 'events';
  // Seconds between two checks of a wave that nothing resumes.
  const interval = events ? o.safetyNetPollSeconds : o.pollIntervalSeconds;
  // Per check: Wait, Task, Choice (polling); the wait for launches, Task, Choice (events).
  const perCheck = events ? CALLBACK_TASK + TASK + STATE : STATE + TASK + STATE;
  const stages = planWaveItems(plan, {
    pollIntervalSeconds: interval,
    defaultWaveTimeoutSeconds: o.defaultWaveTimeoutSeconds,
    requirePostLaunchActions: false,
  });
  const approval = new Set(o.approvalWaveIds);
  const byId = new Map(plan.waves.map((w) => [w.id, w]));

  const withRetries = (
    events: number,
    transitions: number,
    calls: number,
    duration: number,
    name: string,
  ) => {
    const retries = Math.ceil(calls * retryRate);
    return {
      execution: name,
      historyEvents: events + retries * 3,
      stateTransitions: transitions,
      lambdaInvocations: calls + retries,
      maxDurationSeconds: duration,
    };
  };

  const waves: ExecutionEstimate[] = [];
  // What each wave's history grows with, to explain a history problem.
  const waveFigures: string[] = [];
  let totalDuration = 0;
  for (const stage of stages) {
    let stageDuration = 0;
    for (const item of stage) {
      const approves = item.requireApproval || approval.has(item.waveId) ? 1 : 0;
      const polls = item.maxPolls;
      // NeedsApproval, [RequestApproval], [NotifyWaveStarting], StartWave, StartOutcome,
      // polls x (WaitForPoll or AwaitLaunches, CheckWaveStatus, WaveOutcome), then the failure
      // path: WaveTimedOut, RecordWaveFailure, [NotifyWaveFailed], WaveFailed.
      // HasBeforeActions, HasAfterActions, and each action as if all ran (worst case).
      const acts = actionsCost(byId.get(item.waveId));
      const historyEvents =
        EXECUTION +
        STATE +
        approves * TASK +
        notify * TASK +
        TASK +
        STATE +
        polls * perCheck +
        STATE +
        TASK +
        notify * TASK +
        STATE +
        acts.events;
      const transitions = 1 + approves + notify + 2 + polls * 3 + 3 + notify + acts.transitions;
      // With events, each check is preceded by an await_wave call.
      const calls = approves + 1 + polls * (events ? 2 : 1) + 1 + acts.calls;
      const duration =
        approves * o.approvalTimeoutSeconds + item.timeoutSeconds + 2 * interval + acts.seconds;
      const decisions = decisionCost(item, { polls, perCheck, notify, events, interval });
      stageDuration = Math.max(stageDuration, duration + decisions.seconds);
      waves.push(
        withRetries(
          historyEvents + decisions.events,
          transitions + decisions.transitions,
          calls + decisions.calls,
          duration + decisions.seconds,
          item.waveId,
        ),
      );
      waveFigures.push(
        `timeout ${item.timeoutSeconds} s, ${events ? 'checked at least' : 'polled'} every ${interval} s: up to ${polls} ${events ? 'checks' : 'polls'}${acts.count > 0 ? `; ${acts.count} action${acts.count === 1 ? '' : 's'}: up to ${acts.events} events` : ''}`,
      );
    }
    totalDuration += stageDuration;
  }
  // BeginExecution, StartFirstStage, stages x (HasNextStage, LoadStage, RunStage,
  // AdvanceStage), HasNextStage, StageFailed, FinishFailed, [NotifyExecutionFailed],
  // ExecutionFailed.
  const parentEvents =
    EXECUTION +
    TASK +
    STATE +
    stages.length * (STATE + TASK + MAP + STATE) +
    STATE +
    STATE +
    TASK +
    notify * TASK +
    STATE +
    // CheckReadiness and ReadinessOutcome.
    readiness * (TASK + STATE);
  const parentTransitions = 2 + stages.length * 4 + 4 + notify + readiness * 2;
  const parent = withRetries(
    parentEvents,
    parentTransitions,
    2 + stages.length + readiness,
    totalDuration,
    'plan',
  );

  // The parent's largest state: the execution, its cursor with one stage's waves, and the
  // statuses of the stage that ran before.
  const largestStage = stages.reduce((a, b) => (b.length > a.length ? b : a), []);
  const payload = Buffer.byteLength(
    JSON.stringify({
      planId: plan.id,
      executionType: 'RECOVERY',
      confirmRecovery: plan.id,
      execution: {
        executionId: 'x'.repeat(80),
        executionType: 'RECOVERY',
        planId: plan.id,
        stageCount: stages.length,
      },
      cursor: { index: stages.length, waves: largestStage },
      stage: { statuses: largestStage.map(() => 'COMPLETED') },
    }),
  );
  const recordedStageBytes = Buffer.byteLength(
    JSON.stringify({
      stages,
      waveIds: plan.waves.map((w) => w.id),
      actions: planWaveActions(plan),
    }),
  );
  const all = [parent, ...waves];
  const largestHistoryEvents = Math.max(...all.map((e) => e.historyEvents));
  const totalStateTransitions = all.reduce((sum, e) => sum + e.stateTransitions, 0);

  const figures = [`${stages.length} stages`, ...waveFigures];
  const historyProblems: Problem[] = [];
  all.forEach((e, i) => {
    if (e.historyEvents > STEP_FUNCTIONS_LIMITS.historyEvents) {
      const why = o.explainHistory ? ` (${figures[i]})` : '';
      historyProblems.push({
        path: e.execution === 'plan' ? 'plan' : `waves[${e.execution}]`,
        message: `Needs up to ${e.historyEvents} history events, above Step Functions' ${STEP_FUNCTIONS_LIMITS.historyEvents}${why}: shorten its timeout or poll less often`,
      });
    }
  });
  const otherProblems: Problem[] = [];
  const durationLimit = o.executionTimeoutSeconds ?? STEP_FUNCTIONS_LIMITS.durationSeconds;
  if (totalDuration > durationLimit) {
    otherProblems.push({
      path: 'plan',
      message: `May run ${totalDuration} s, above the ${o.executionTimeoutSeconds === undefined ? 'one-year limit' : 'executionTimeoutSeconds'} of ${durationLimit} s`,
    });
  }
  // What would fail the execution once it runs: refused before it starts.
  const stateProblems: Problem[] = [];
  if (payload > STEP_FUNCTIONS_LIMITS.payloadBytes) {
    stateProblems.push({
      path: 'plan',
      message: `Its largest stage (${largestStage.length} waves) takes ${payload} bytes of state, above the ${STEP_FUNCTIONS_LIMITS.payloadBytes}-byte payload limit`,
    });
  }
  if (recordedStageBytes > MAX_RECORDED_STAGE_BYTES) {
    stateProblems.push({
      path: 'plan',
      message: `Its stages (${stages.flat().length} waves) and their actions take ${recordedStageBytes} bytes in the execution record, above the ${MAX_RECORDED_STAGE_BYTES} bytes a DynamoDB item leaves them`,
    });
  }

  const budget: ExecutionBudget = {
    parent,
    waves,
    largestHistoryEvents,
    totalStateTransitions,
    totalCostUsd: totalStateTransitions * STEP_FUNCTIONS_LIMITS.usdPerTransition,
    totalLambdaInvocations: all.reduce((sum, e) => sum + e.lambdaInvocations, 0),
    maxDurationSeconds: totalDuration,
    largestPayloadBytes: payload,
  };
  otherProblems.push(...stateProblems);
  return { budget, historyProblems, stateProblems, otherProblems };
}
