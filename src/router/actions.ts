import type { ExecutionType, RecoveryPoint, WaveAction } from '../plan/types';
import type { ActionOutcome, ActionPhase, ResumePoint } from '../store/records';
import type { WaveStatusSummary } from '../waves/checkWaveStatus';

/**
 * The actions the state machine asks the router for. `start_wave` and `check_wave_status`
 * keep the seed design's names. These strings are a contract between the router and the
 * state machine definition, both built from this constant.
 *
 * @example
 * ```ts
 * import { ACTIONS } from 'drs-waves';
 *
 * const event = { action: ACTIONS.checkWaveStatus, executionId: 'e1', waveId: 'db', timeoutSeconds: 7200 };
 * ```
 */
export const ACTIONS = Object.freeze({
  /** Validates the execution input, loads the plan, records the execution and its stages. */
  beginExecution: 'begin_execution',
  /** Answers the waves of one recorded stage. */
  loadStage: 'load_stage',
  /** Starts a wave's DRS recovery, exactly once. */
  startWave: 'start_wave',
  /** Checks a started wave once. */
  checkWaveStatus: 'check_wave_status',
  /** Stores the task token of a wave waiting for its servers' launch results (events). */
  awaitWave: 'await_wave',
  /** Stores the task token of a wave waiting for manual approval. */
  requestApproval: 'request_approval',
  /** Records why a wave failed; returns the error and cause to fail with. */
  recordWaveFailure: 'record_wave_failure',
  /** Checks the plan's readiness against live DRS before the first stage; records it. */
  checkReadiness: 'check_readiness',
  /**
   * Checks a plan's readiness on a schedule, outside any execution: records the result with the
   * plan and announces a change of readiness (EventBridge Scheduler sends it).
   */
  evaluateReadiness: 'evaluate_readiness',
  /** Answers a wave's next action (before or after its launch) and records its start. */
  nextAction: 'next_action',
  /** Records how a wave action ended; answers whether the wave goes on or fails. */
  recordAction: 'record_action',
  /** Records the end of the execution; for a failure, returns the error and cause to fail with. */
  finishExecution: 'finish_execution',
  /** Stores the task token of a failed wave waiting for an operator's decision. */
  requestDecision: 'request_decision',
  /** Starts a new attempt of a failed wave: its failed critical servers, exactly once. */
  retryWave: 'retry_wave',
  /** Records a failed wave as skipped: the execution goes on without it. */
  skipWave: 'skip_wave',
  /** Records that no decision came within the decision timeout: the wave aborts. */
  expireDecision: 'expire_decision',
} as const);

/**
 * One of the action names in {@link ACTIONS}.
 *
 * @example
 * ```ts
 * import type { ActionName } from 'drs-waves';
 *
 * const action: ActionName = 'start_wave';
 * ```
 */
export type ActionName = (typeof ACTIONS)[keyof typeof ACTIONS];

/**
 * What the state machine is started with. `RECOVERY` also needs `confirmRecovery` set to the
 * plan ID, so that no typo, default or copied input starts a real recovery.
 *
 * @example
 * ```ts
 * import type { ExecutionInput } from 'drs-waves';
 *
 * const drill: ExecutionInput = { planId: 'three-tier', executionType: 'DRILL' };
 * const real: ExecutionInput = { planId: 'three-tier', executionType: 'RECOVERY', confirmRecovery: 'three-tier' };
 * ```
 */
export interface ExecutionInput {
  /** The plan to run, as the plan store knows it. */
  readonly planId: string;
  /** Exactly `DRILL` or `RECOVERY`. */
  readonly executionType: ExecutionType;
  /** For `RECOVERY` only, and required then: the plan ID again. */
  readonly confirmRecovery?: string;
  /**
   * With a machine built with `readinessCheck`: start a `RECOVERY` despite blocking readiness
   * findings (they are still recorded). A drill never waits for readiness.
   */
  readonly overrideReadiness?: boolean;
  /**
   * Resumes a `FAILED` or `CANCELLED` execution of the same plan and type from one of its waves,
   * as this new execution: its stages run from that wave's stage, without the waves the old
   * execution completed, and no server it launched launches again (see `resumeStagesOf`).
   */
  readonly resumeFrom?: ResumePoint;
  /**
   * The point in time the servers launch from (a wave's own `recoveryPoint` wins): each from
   * its newest recovery snapshot at or before `before`, or from the snapshot `snapshotIds`
   * names for it. Absent: the latest data.
   */
  readonly recoveryPoint?: RecoveryPoint;
}

/**
 * `begin_execution`: sent once, at the start of an execution.
 *
 * @example
 * ```ts
 * import type { BeginExecutionEvent } from 'drs-waves';
 *
 * const event: BeginExecutionEvent = {
 *   action: 'begin_execution',
 *   executionId: 'three-tier-20260101T000000Z',
 *   input: { planId: 'three-tier', executionType: 'DRILL' },
 *   pollIntervalSeconds: 30,
 *   defaultWaveTimeoutSeconds: 7200,
 * };
 * ```
 */
export interface BeginExecutionEvent {
  /** `begin_execution`. */
  readonly action: typeof ACTIONS.beginExecution;
  /** The Step Functions execution name (`$$.Execution.Name`). */
  readonly executionId: string;
  /** The execution input, unvalidated: the router validates it. */
  readonly input: unknown;
  /** The state machine's poll interval, to turn timeouts into poll counts. */
  readonly pollIntervalSeconds: number;
  /** The timeout of waves that set none. */
  readonly defaultWaveTimeoutSeconds: number;
  /**
   * How waves learn of their launches (`completion` of the state machine): with `'events'`,
   * `pollIntervalSeconds` is the safety-net interval and the history budget counts the waits.
   */
  readonly completion?: 'polling' | 'events';
}

/**
 * One wave as the state machine carries it: IDs and settings, never servers.
 *
 * @example
 * ```ts
 * import type { WaveItem } from 'drs-waves';
 *
 * const item: WaveItem = {
 *   waveId: 'web', requireApproval: true, timeoutSeconds: 7200, maxPolls: 242, requirePostLaunchActions: false,
 * };
 * ```
 */
export interface WaveItem {
  /** The wave. */
  readonly waveId: string;
  /** Whether the wave waits for an operator before it starts. */
  readonly requireApproval: boolean;
  /** How long the wave may take, from its start. */
  readonly timeoutSeconds: number;
  /** A hard bound on status checks: the timeout in polls, plus two. */
  readonly maxPolls: number;
  /** Whether non-optional post-launch actions must succeed. */
  readonly requirePostLaunchActions: boolean;
  /** The wave's recovery-time objective in minutes, when the plan sets one (for its report). */
  readonly rtoMinutes?: number;
  /** How many actions the wave runs before its launch, when it has any. */
  readonly beforeActions?: number;
  /** How many actions the wave runs after its launch, when it has any. */
  readonly afterActions?: number;
  /** `true` when the wave's failure waits for an operator's decision (`onWaveFailure: 'DECIDE'`). */
  readonly decideOnFailure?: boolean;
  /** With `decideOnFailure`: seconds the decision may take before the wave aborts. */
  readonly decisionTimeoutSeconds?: number;
}

/**
 * What `begin_execution` returns: the execution's identity and how many stages it has. The
 * stages themselves are recorded with the execution and loaded one at a time (`load_stage`),
 * so the state stays small whatever the plan's size.
 *
 * @example
 * ```ts
 * import type { BeginExecutionResult } from 'drs-waves';
 *
 * const result: BeginExecutionResult = { executionId: 'e1', planId: 'shop', executionType: 'DRILL', stageCount: 3 };
 * ```
 */
export interface BeginExecutionResult {
  /** The execution. */
  readonly executionId: string;
  /** The plan. */
  readonly planId: string;
  /** The validated execution type. */
  readonly executionType: ExecutionType;
  /** How many stages. */
  readonly stageCount: number;
}

/**
 * `load_stage`: the waves of one stage, as `begin_execution` recorded them.
 *
 * @example
 * ```ts
 * import type { LoadStageEvent } from 'drs-waves';
 *
 * const event: LoadStageEvent = { action: 'load_stage', executionId: 'e1', stageIndex: 0 };
 * ```
 */
export interface LoadStageEvent {
  /** `load_stage`. */
  readonly action: typeof ACTIONS.loadStage;
  /** The execution. */
  readonly executionId: string;
  /** The stage, from 0. */
  readonly stageIndex: number;
}

/**
 * What `load_stage` returns: the stage's index and its waves, which run in parallel.
 *
 * @example
 * ```ts
 * import type { LoadStageResult } from 'drs-waves';
 *
 * const result: LoadStageResult = {
 *   index: 0,
 *   waves: [{ waveId: 'db', requireApproval: false, timeoutSeconds: 7200, maxPolls: 242, requirePostLaunchActions: false }],
 * };
 * ```
 */
export interface LoadStageResult {
  /** The stage, from 0. */
  readonly index: number;
  /** Its waves. */
  readonly waves: readonly WaveItem[];
}

/**
 * `start_wave`.
 *
 * @example
 * ```ts
 * import type { StartWaveEvent } from 'drs-waves';
 *
 * const event: StartWaveEvent = { action: 'start_wave', executionId: 'e1', executionType: 'DRILL', waveId: 'db' };
 * ```
 */
export interface StartWaveEvent {
  /** `start_wave`. */
  readonly action: typeof ACTIONS.startWave;
  /** The execution. */
  readonly executionId: string;
  /** Must equal the recorded execution type. */
  readonly executionType: ExecutionType;
  /** The wave. */
  readonly waveId: string;
}

/**
 * What `start_wave` returns to the state machine.
 *
 * @example
 * ```ts
 * import type { StartWaveEventResult } from 'drs-waves';
 *
 * const result: StartWaveEventResult = { status: 'STARTED', serverCount: 250, jobCount: 3 };
 * ```
 */
export interface StartWaveEventResult {
  /** `STARTED`, `COMPLETED` (nothing to recover) or `FAILED`. */
  readonly status: 'STARTED' | 'COMPLETED' | 'FAILED';
  /** Servers in the wave. */
  readonly serverCount: number;
  /** DRS jobs started. */
  readonly jobCount: number;
}

/**
 * `check_wave_status`.
 *
 * @example
 * ```ts
 * import type { CheckWaveStatusEvent } from 'drs-waves';
 *
 * const event: CheckWaveStatusEvent = {
 *   action: 'check_wave_status', executionId: 'e1', waveId: 'db', timeoutSeconds: 7200, requirePostLaunchActions: false,
 * };
 * ```
 */
export interface CheckWaveStatusEvent {
  /** `check_wave_status`. */
  readonly action: typeof ACTIONS.checkWaveStatus;
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** The wave's timeout: once passed since the wave started, the answer is `TIMED_OUT`. */
  readonly timeoutSeconds: number;
  /** Whether non-optional post-launch actions must succeed. */
  readonly requirePostLaunchActions: boolean;
  /**
   * Which check of the wave this is, counted by the state machine (1 for the first): a check
   * that learns nothing new then writes nothing, and the answer's `pollCount` is this one.
   */
  readonly pollCount?: number;
}

/**
 * What `check_wave_status` returns: the wave's summary, with `TIMED_OUT` once its timeout has
 * passed.
 *
 * @example
 * ```ts
 * import type { CheckWaveStatusEventResult } from 'drs-waves';
 *
 * const done = (r: CheckWaveStatusEventResult) => r.status !== 'IN_PROGRESS';
 * ```
 */
export type CheckWaveStatusEventResult = Omit<WaveStatusSummary, 'status'> & {
  /** `IN_PROGRESS`, `COMPLETED`, `FAILED` or `TIMED_OUT`. */
  readonly status: WaveStatusSummary['status'] | 'TIMED_OUT';
};

/**
 * `request_approval`: sent by a `.waitForTaskToken` task.
 *
 * @example
 * ```ts
 * import type { RequestApprovalEvent } from 'drs-waves';
 *
 * const event: RequestApprovalEvent = { action: 'request_approval', executionId: 'e1', waveId: 'web', taskToken: 'AQCE...' };
 * ```
 */
export interface RequestApprovalEvent {
  /** `request_approval`. */
  readonly action: typeof ACTIONS.requestApproval;
  /** The execution. */
  readonly executionId: string;
  /** The wave waiting. */
  readonly waveId: string;
  /** `$$.Task.Token`. */
  readonly taskToken: string;
}

/**
 * `await_wave`: sent by a `.waitForTaskToken` task of a wave that waits for its servers' launch
 * results (`completion: 'events'`).
 *
 * @example
 * ```ts
 * import type { AwaitWaveEvent } from 'drs-waves';
 *
 * const event: AwaitWaveEvent = { action: 'await_wave', executionId: 'e1', waveId: 'db', taskToken: 'AQCE...' };
 * ```
 */
export interface AwaitWaveEvent {
  /** `await_wave`. */
  readonly action: typeof ACTIONS.awaitWave;
  /** The execution. */
  readonly executionId: string;
  /** The waiting wave. */
  readonly waveId: string;
  /** `$$.Task.Token`: answered once DRS reported every server of the wave. */
  readonly taskToken: string;
}

/**
 * What `await_wave` and a launch-result event answer (the state machine reads neither: the
 * wave resumes by its task token).
 *
 * @example
 * ```ts
 * import type { LaunchWaitResult } from 'drs-waves';
 *
 * const resumed = (r: LaunchWaitResult) => r.status === 'RESUMED';
 * ```
 */
export interface LaunchWaitResult {
  /**
   * - `AWAITING_LAUNCHES`: the token is stored, some servers are not reported yet;
   * - `RESUMED`: every server is reported, and this call resumed the wave;
   * - `RECORDED`: a launch result was counted;
   * - `IGNORED`: a launch result of a job no execution knows, or reported already.
   */
  readonly status: 'AWAITING_LAUNCHES' | 'RESUMED' | 'RECORDED' | 'IGNORED';
}

/**
 * An error as Step Functions hands it to a `Catch`: `Error` and `Cause`.
 *
 * @example
 * ```ts
 * import type { StepFunctionsError } from 'drs-waves';
 *
 * const failure: StepFunctionsError = { Error: 'WaveTimeout', Cause: 'Wave db still in progress after 7200 s' };
 * ```
 */
export interface StepFunctionsError {
  /** The error name. */
  readonly Error: string;
  /** The cause, often a JSON string from a Lambda error. */
  readonly Cause?: string;
}

/**
 * `record_wave_failure`.
 *
 * @example
 * ```ts
 * import type { RecordWaveFailureEvent } from 'drs-waves';
 *
 * const event: RecordWaveFailureEvent = {
 *   action: 'record_wave_failure', executionId: 'e1', waveId: 'db', failure: { Error: 'WaveFailed' },
 * };
 * ```
 */
export interface RecordWaveFailureEvent {
  /** `record_wave_failure`. */
  readonly action: typeof ACTIONS.recordWaveFailure;
  /** The execution. */
  readonly executionId: string;
  /** The wave that failed. */
  readonly waveId: string;
  /** What failed it. */
  readonly failure: StepFunctionsError;
}

/**
 * `finish_execution`.
 *
 * @example
 * ```ts
 * import type { FinishExecutionEvent } from 'drs-waves';
 *
 * const event: FinishExecutionEvent = { action: 'finish_execution', executionId: 'e1', status: 'SUCCEEDED' };
 * ```
 */
export interface FinishExecutionEvent {
  /** `finish_execution`. */
  readonly action: typeof ACTIONS.finishExecution;
  /** The execution. */
  readonly executionId: string;
  /** How it ended. */
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** For `FAILED`: what the state machine caught. */
  readonly failure?: StepFunctionsError;
}

/**
 * What `record_wave_failure` and a failed `finish_execution` return: the error and cause the
 * state machine fails with, naming the wave and its failed servers.
 *
 * @example
 * ```ts
 * import type { FailureResult } from 'drs-waves';
 *
 * const result: FailureResult = {
 *   error: 'WaveFailed',
 *   cause: 'Wave app failed: 1 critical server failed: s-57e730f6102e1f793 (InsufficientInstanceCapacity)',
 * };
 * ```
 */
export interface FailureResult {
  /** The error name, one of `ErrorName`'s values or a DRS/Step Functions error name. */
  readonly error: string;
  /** The cause, naming the wave and failed servers. */
  readonly cause: string;
}

/**
 * Every event the router accepts.
 *
 * @example
 * ```ts
 * import type { OrchestrationEvent } from 'drs-waves';
 *
 * const event: OrchestrationEvent = { action: 'start_wave', executionId: 'e1', executionType: 'DRILL', waveId: 'db' };
 * ```
 */
export type OrchestrationEvent =
  | BeginExecutionEvent
  | LoadStageEvent
  | StartWaveEvent
  | CheckWaveStatusEvent
  | RequestApprovalEvent
  | AwaitWaveEvent
  | RecordWaveFailureEvent
  | NextActionEvent
  | RecordActionEvent
  | CheckReadinessEvent
  | EvaluateReadinessEvent
  | FinishExecutionEvent
  | RequestDecisionEvent
  | RetryWaveEvent
  | WaveDecisionEvent;

/**
 * `check_readiness`: the execution's plan checked against live DRS (`checkReadiness`), before
 * its first stage.
 *
 * @example
 * ```ts
 * import type { CheckReadinessEvent } from 'drs-waves';
 *
 * const event: CheckReadinessEvent = { action: 'check_readiness', executionId: 'e1' };
 * ```
 */
export interface CheckReadinessEvent {
  /** `check_readiness`. */
  readonly action: typeof ACTIONS.checkReadiness;
  /** The execution. */
  readonly executionId: string;
}

/**
 * What `check_readiness` answers: the counts, and whether the execution must not start (a
 * `RECOVERY` with blocking findings and no `overrideReadiness`), with why.
 *
 * @example
 * ```ts
 * import type { CheckReadinessResult } from 'drs-waves';
 *
 * const result: CheckReadinessResult = { ready: true, blocking: 0, warnings: 1, refused: false, cause: '' };
 * ```
 */
export interface CheckReadinessResult {
  /** No blocking finding. */
  readonly ready: boolean;
  /** Blocking findings. */
  readonly blocking: number;
  /** Warnings. */
  readonly warnings: number;
  /** Whether the execution stops here (`ReadinessBlocked`). */
  readonly refused: boolean;
  /** The blocking findings in words (the first ones), or `''`. */
  readonly cause: string;
}

/**
 * `evaluate_readiness`: plans' readiness checked on a schedule (EventBridge Scheduler invokes
 * the router with it, every 30 minutes by default), outside any execution. Each plan's result
 * is recorded with the plan (`PlanReadinessRecord`); a change of its readiness is published.
 *
 * @example
 * ```ts
 * import type { EvaluateReadinessEvent } from 'drs-waves';
 *
 * const event: EvaluateReadinessEvent = { action: 'evaluate_readiness', planIds: ['shop'] };
 * ```
 */
export interface EvaluateReadinessEvent {
  /** `evaluate_readiness`. */
  readonly action: typeof ACTIONS.evaluateReadiness;
  /**
   * The plans to check, one after the other: 1 to {@link MAX_EVALUATED_PLANS}, each once. A plan
   * that cannot be checked does not stop the others.
   */
  readonly planIds: readonly string[];
}

/**
 * The most plans one `evaluate_readiness` event checks: each check reads DRS for every server,
 * and the router has 90 seconds. Schedule large plans one per event.
 *
 * @example
 * ```ts
 * import { MAX_EVALUATED_PLANS } from 'drs-waves';
 *
 * MAX_EVALUATED_PLANS; // 20
 * ```
 */
export const MAX_EVALUATED_PLANS = 20;

/**
 * One plan's scheduled readiness check: the counts, whether readiness changed since the last
 * recorded check (see `docs/approvals-and-notifications.md`), and whether the change was
 * published and the result recorded.
 *
 * @example
 * ```ts
 * import type { PlanReadinessOutcome } from 'drs-waves';
 *
 * const outcome: PlanReadinessOutcome = {
 *   planId: 'shop', ready: false, blocking: 1, warnings: 0, changed: true, notified: true, recorded: true,
 * };
 * ```
 */
export interface PlanReadinessOutcome {
  /** The plan checked. */
  readonly planId: string;
  /** No blocking finding. */
  readonly ready: boolean;
  /** Blocking findings. */
  readonly blocking: number;
  /** Warnings. */
  readonly warnings: number;
  /**
   * Whether readiness changed since the last recorded check (ready and not ready, or the set
   * of blocking findings); before the first, since a ready plan with no blocking finding.
   */
  readonly changed: boolean;
  /** Whether the change was published (`false` without a change, or without notifications). */
  readonly notified: boolean;
  /** Whether the result was recorded (`false`: another check recorded first, and won). */
  readonly recorded: boolean;
}

/**
 * What `evaluate_readiness` answers when every plan was checked: each plan's outcome, in the
 * event's order. When a plan could not be checked, the others are checked first, then the
 * router throws the first error.
 *
 * @example
 * ```ts
 * import type { EvaluateReadinessResult } from 'drs-waves';
 *
 * const notReady = (r: EvaluateReadinessResult) => r.plans.filter((p) => !p.ready).map((p) => p.planId);
 * ```
 */
export interface EvaluateReadinessResult {
  /** Each plan's outcome. */
  readonly plans: readonly PlanReadinessOutcome[];
}

/**
 * `next_action`: the wave's action at `index` of `phase`, as the execution began with it.
 *
 * @example
 * ```ts
 * import type { NextActionEvent } from 'drs-waves';
 *
 * const event: NextActionEvent = { action: 'next_action', executionId: 'e1', waveId: 'app', phase: 'after', index: 0 };
 * ```
 */
export interface NextActionEvent {
  /** `next_action`. */
  readonly action: typeof ACTIONS.nextAction;
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** Before or after the wave's launch. */
  readonly phase: ActionPhase;
  /** The action's position in the phase, from 0. */
  readonly index: number;
}

/**
 * What `next_action` answers: `done` when the phase has no action at `index`; otherwise what
 * the state machine needs to run it. Only the fields of its `type` are set.
 *
 * @example
 * ```ts
 * import type { NextActionResult } from 'drs-waves';
 *
 * const wait: NextActionResult = { done: false, phase: 'after', index: 1, type: 'wait', seconds: 120, timeoutSeconds: 120, maxPolls: 0, parameters: {}, payload: {} };
 * ```
 */
export interface NextActionResult {
  /** Whether the phase has no more actions. */
  readonly done: boolean;
  /** The phase. */
  readonly phase: ActionPhase;
  /** The action's position. */
  readonly index: number;
  /** The action's type; absent when `done`. */
  readonly type?: WaveAction['type'];
  /** `lambda`: the function to invoke. */
  readonly functionArn?: string;
  /**
   * `lambda`: the function's input: the execution, the wave, the action's own `payload` and,
   * after the launch, each server's outcome and recovery instance (see {@link LambdaActionInput}).
   * Always present (`{}` for other types), so the state machine can pass it on.
   */
  readonly payload: Readonly<Record<string, unknown>>;
  /**
   * `ssmAutomation`: SSM's idempotency token (`ClientToken`), the same on every attempt of
   * this action of this execution, so that the runbook starts once.
   */
  readonly clientToken?: string;
  /** `ssmAutomation`: the document. */
  readonly documentName?: string;
  /** `ssmAutomation`: the document version, or `$DEFAULT`. */
  readonly documentVersion?: string;
  /**
   * `ssmAutomation`: the runbook's parameters, with the recovery instance IDs in its
   * `targetParameter`. Always present (`{}` for other types).
   */
  readonly parameters: Readonly<Record<string, readonly string[]>>;
  /** `wait`: seconds to wait. */
  readonly seconds?: number;
  /** Seconds the action may take (a wait's own seconds). */
  readonly timeoutSeconds?: number;
  /** `ssmAutomation`: status checks before it is stopped as timed out. */
  readonly maxPolls: number;
}

/**
 * What a `lambda` wave action's function is invoked with.
 *
 * @example
 * ```ts
 * import type { LambdaActionInput } from 'drs-waves';
 *
 * export const handler = async (event: LambdaActionInput) => {
 *   for (const s of event.servers ?? []) console.log(s.sourceServerId, s.recoveryInstanceId);
 * };
 * ```
 */
export interface LambdaActionInput {
  /** The execution. */
  readonly executionId: string;
  /** Its plan. */
  readonly planId: string;
  /** `DRILL` or `RECOVERY`. */
  readonly executionType: ExecutionType;
  /** The wave. */
  readonly waveId: string;
  /** Before or after the wave's launch. */
  readonly phase: ActionPhase;
  /** The action's position in the phase. */
  readonly index: number;
  /** Seconds the function may take before the action times out. */
  readonly timeoutSeconds: number;
  /** The action's fixed `payload` from the plan, when it has one. */
  readonly payload?: Readonly<Record<string, unknown>>;
  /**
   * After the launch: each server of the wave, with its verdict and recovery instance. Left
   * out of waves larger than {@link MAX_ACTION_SERVERS} (read them from the history).
   */
  readonly servers?: readonly {
    /** The source server. */
    readonly sourceServerId: string;
    /** `LAUNCHED`, `FAILED` or `PENDING`. */
    readonly verdict: string;
    /** Its recovery instance, once launched. */
    readonly recoveryInstanceId?: string;
  }[];
}

/**
 * The most servers a `lambda` action's input lists: past it, the input would crowd Step
 * Functions' 256 KiB payload, and the function reads the servers from the history instead.
 *
 * @example
 * ```ts
 * import { MAX_ACTION_SERVERS } from 'drs-waves';
 *
 * MAX_ACTION_SERVERS; // 1000
 * ```
 */
export const MAX_ACTION_SERVERS = 1000;

/**
 * Seconds between two status checks of an `ssmAutomation` action's runbook: its timeout is
 * counted in checks of this interval.
 *
 * @example
 * ```ts
 * import { AUTOMATION_POLL_SECONDS } from 'drs-waves';
 *
 * const checks = Math.ceil(900 / AUTOMATION_POLL_SECONDS); // 60
 * ```
 */
export const AUTOMATION_POLL_SECONDS = 15;

/**
 * `record_action`: how a wave action ended.
 *
 * @example
 * ```ts
 * import type { RecordActionEvent } from 'drs-waves';
 *
 * const event: RecordActionEvent = {
 *   action: 'record_action', executionId: 'e1', waveId: 'app', phase: 'after', index: 0,
 *   end: { outcome: 'FAILED', failure: { Error: 'AutomationFailed', Cause: 'Status Failed' } },
 * };
 * ```
 */
export interface RecordActionEvent {
  /** `record_action`. */
  readonly action: typeof ACTIONS.recordAction;
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** Before or after the wave's launch. */
  readonly phase: ActionPhase;
  /** The action's position. */
  readonly index: number;
  /** How it ended, and what failed it. */
  readonly end: {
    /** How it ended. */
    readonly outcome: ActionOutcome;
    /** What failed it, for a failure or timeout. */
    readonly failure?: StepFunctionsError;
  };
}

/**
 * What `record_action` answers: `FAIL` when the action failed and fails the wave (its
 * `onFailure`), with the error and cause to fail with; `CONTINUE` otherwise.
 *
 * @example
 * ```ts
 * import type { RecordActionResult } from 'drs-waves';
 *
 * const result: RecordActionResult = { verdict: 'CONTINUE' };
 * ```
 */
export interface RecordActionResult {
  /** Whether the wave goes on. */
  readonly verdict: 'CONTINUE' | 'FAIL';
  /** With `FAIL`: `ActionFailed`. */
  readonly error?: string;
  /** With `FAIL`: which action failed and why. */
  readonly cause?: string;
}

/**
 * `request_decision`: sent by the `.waitForTaskToken` task of a failed wave whose failure waits
 * for an operator (`onWaveFailure: 'DECIDE'`), with the failure recorded.
 *
 * @example
 * ```ts
 * import type { RequestDecisionEvent } from 'drs-waves';
 *
 * const event: RequestDecisionEvent = {
 *   action: 'request_decision', executionId: 'e1', waveId: 'app', taskToken: 'AQCE...',
 *   failure: { Error: 'WaveFailed', Cause: 'Wave app failed: 1 critical server failed' },
 * };
 * ```
 */
export interface RequestDecisionEvent {
  /** `request_decision`. */
  readonly action: typeof ACTIONS.requestDecision;
  /** The execution. */
  readonly executionId: string;
  /** The failed wave. */
  readonly waveId: string;
  /** `$$.Task.Token`: answered with the decision ({@link FailureDecisionOutput}). */
  readonly taskToken: string;
  /** What failed the wave, as recorded. */
  readonly failure: StepFunctionsError;
}

/**
 * What a failed wave's task token is answered with (`SendTaskSuccess` output): the decision,
 * and the attempt it is about.
 *
 * @example
 * ```ts
 * import type { FailureDecisionOutput } from 'drs-waves';
 *
 * const output: FailureDecisionOutput = { decision: 'RETRY', attempt: 1, decidedBy: 'ops@example.com' };
 * ```
 */
export interface FailureDecisionOutput {
  /** What the operator chose. */
  readonly decision: 'RETRY' | 'SKIP' | 'ABORT';
  /** The failed attempt, from 1: a retry starts the next one. */
  readonly attempt: number;
  /** Who chose. */
  readonly decidedBy: string;
}

/**
 * `retry_wave`: starts attempt `attempt` of a failed wave.
 *
 * @example
 * ```ts
 * import type { RetryWaveEvent } from 'drs-waves';
 *
 * const event: RetryWaveEvent = { action: 'retry_wave', executionId: 'e1', executionType: 'DRILL', waveId: 'app', attempt: 2 };
 * ```
 */
export interface RetryWaveEvent {
  /** `retry_wave`. */
  readonly action: typeof ACTIONS.retryWave;
  /** The execution. */
  readonly executionId: string;
  /** Must equal the recorded execution type. */
  readonly executionType: ExecutionType;
  /** The wave. */
  readonly waveId: string;
  /** The attempt to start, from 2. */
  readonly attempt: number;
}

/**
 * `skip_wave` and `expire_decision`: the end of a failed wave's wait for a decision, skipped or
 * timed out.
 *
 * @example
 * ```ts
 * import type { WaveDecisionEvent } from 'drs-waves';
 *
 * const event: WaveDecisionEvent = { action: 'skip_wave', executionId: 'e1', waveId: 'app' };
 * ```
 */
export interface WaveDecisionEvent {
  /** `skip_wave` or `expire_decision`. */
  readonly action: typeof ACTIONS.skipWave | typeof ACTIONS.expireDecision;
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
}

/**
 * What `request_decision`, `skip_wave` and `expire_decision` answer.
 *
 * @example
 * ```ts
 * import type { WaveDecisionStepResult } from 'drs-waves';
 *
 * const result: WaveDecisionStepResult = { status: 'AWAITING_DECISION', attempt: 1 };
 * ```
 */
export interface WaveDecisionStepResult {
  /** `AWAITING_DECISION`, `SKIPPED` or `TIMED_OUT`. */
  readonly status: 'AWAITING_DECISION' | 'SKIPPED' | 'TIMED_OUT';
  /** The wave's failed attempt. */
  readonly attempt: number;
}
