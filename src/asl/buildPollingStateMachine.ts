import { ErrorName } from '../errors';
import { MAX_WAVE_ATTEMPTS } from '../plan/types';
import { ACTIONS, AUTOMATION_POLL_SECONDS } from '../router/actions';
import { type ResolvedOptions, resolveOptions } from './internal/resolveOptions';
import type { PollingStateMachineOptions } from './PollingStateMachineOptions';
import { STATE_NAMES as N } from './stateNames';
import type { AslCatcher, AslRetrier, AslState, StateMachineDefinition } from './types';

/**
 * The Lambda service errors worth retrying on any invocation, as the Step Functions guide
 * lists them.
 *
 * @example
 * ```ts
 * import { LAMBDA_SERVICE_ERRORS } from 'drs-waves';
 *
 * LAMBDA_SERVICE_ERRORS.includes('Lambda.TooManyRequestsException'); // true
 * ```
 */
export const LAMBDA_SERVICE_ERRORS: readonly string[] = Object.freeze([
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
]);

/**
 * The error Step Functions reports when the router Lambda runs out of time. Every router action
 * is idempotent, so the machine retries it like the service errors: this is the retry that
 * would start a wave twice without `startWave`'s idempotency.
 *
 * @example
 * ```ts
 * import { LAMBDA_TIMEOUT_ERROR } from 'drs-waves';
 *
 * LAMBDA_TIMEOUT_ERROR; // 'Sandbox.Timedout'
 * ```
 */
export const LAMBDA_TIMEOUT_ERROR = 'Sandbox.Timedout';

/**
 * The error Step Functions reports for an unhandled Lambda failure: out of memory, a crash, a
 * timeout on older runtimes. Every router action is idempotent, so the machine retries it.
 *
 * @example
 * ```ts
 * import { LAMBDA_UNKNOWN_ERROR } from 'drs-waves';
 *
 * LAMBDA_UNKNOWN_ERROR; // 'Lambda.Unknown'
 * ```
 */
export const LAMBDA_UNKNOWN_ERROR = 'Lambda.Unknown';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const SNS_PUBLISH = 'arn:aws:states:::sns:publish';
const ALL: readonly string[] = ['States.ALL'];

/** States of one machine, with names prefixed and `Next` targets prefixed to match. */
class StateGraph {
  readonly states: Record<string, AslState> = {};
  constructor(private readonly prefix: string) {}
  name(state: string): string {
    return `${this.prefix}${state}`;
  }
  add(name: string, state: AslState): void {
    this.states[this.name(name)] = state;
  }
}

/**
 * Builds the Amazon States Language definition (JSONPath) that runs a recovery plan in waves,
 * calling the router Lambda (`createActionRouter`).
 *
 * Shape: `BeginExecution` validates the input and returns the plan's stages; stages run one
 * after another; the waves of a stage run in a Distributed Map (at most `wavesInParallel` at a
 * time), each wave as its own child execution with its own 25,000-event history. Per wave:
 * optional approval (`.waitForTaskToken`, token stored by the router), `StartWave`, then
 * `Wait` / `CheckWaveStatus` / `Choice` until the wave is `COMPLETED` or fails.
 *
 * It fixes the seed design's machine:
 * - `ItemProcessor` and `ItemSelector` (never `Iterator` or `$.execution_id` inside the map)
 *   carry the execution ID and type into each wave;
 * - a `FAILED` start fails the wave, it never waits and counts as success;
 * - polling is bounded twice: the router answers `TIMED_OUT` after the wave's timeout, and the
 *   machine stops after `maxPolls` checks whatever the router says; both end in `WaveTimeout`;
 * - every router call retries the Lambda service errors with backoff and jitter;
 * - a failed wave is recorded in the history (`record_wave_failure`) before the wave fails,
 *   and the execution fails with the recorded `Error` and a `Cause` naming the wave and its
 *   failed servers;
 * - a failed wave does not stop the other waves of its stage: its child execution ends with
 *   status `FAILED` as its output, the others run to their end and record every server they
 *   launched, and only then does the execution fail (no later stage starts);
 * - state stays small: IDs and counts, never server lists, and one stage's waves at a time
 *   (`load_stage`), never the plan's whole stage list.
 *
 * @throws {@link InvalidOptionsError} listing every bad option.
 *
 * @example
 * ```ts
 * import { buildPollingStateMachine } from 'drs-waves';
 *
 * const definition = buildPollingStateMachine({
 *   lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
 *   pollIntervalSeconds: 30,
 *   notificationTopicArn: 'arn:aws:sns:us-east-1:123456789012:drs-waves',
 * });
 * console.log(JSON.stringify(definition, null, 2));
 * ```
 */
export function buildPollingStateMachine(
  options: PollingStateMachineOptions,
): StateMachineDefinition {
  const o = resolveOptions(options, 'buildPollingStateMachine');
  const events = o.completion === 'events';
  const parent = new StateGraph(o.statePrefix);
  const wave = new StateGraph(o.statePrefix);
  const lambdaRetry: AslRetrier[] =
    o.lambdaRetry === false
      ? []
      : [
          {
            ErrorEquals: [...LAMBDA_SERVICE_ERRORS, LAMBDA_TIMEOUT_ERROR, LAMBDA_UNKNOWN_ERROR],
            IntervalSeconds: o.lambdaRetry.intervalSeconds,
            MaxAttempts: o.lambdaRetry.maxAttempts,
            BackoffRate: o.lambdaRetry.backoffRate,
            JitterStrategy: 'FULL',
          },
        ];
  const transientRetry = (errors: readonly string[]): AslRetrier => ({
    ErrorEquals: errors,
    IntervalSeconds: o.transientRetry.intervalSeconds,
    MaxAttempts: o.transientRetry.maxAttempts,
    BackoffRate: o.transientRetry.backoffRate,
    JitterStrategy: 'FULL',
  });
  // Every action is idempotent: a store failure (and, for start and check, a DRS one) is retried.
  const storeRetry = transientRetry([ErrorName.DrsRetryable, ErrorName.HistoryUnavailable]);
  const invoke: Invoke = (g, payload, fields) => {
    const retry = [...lambdaRetry, storeRetry];
    const catchers: AslCatcher[] = [
      ...(fields.catchFirst ?? []).map((c) => ({ ...c, Next: g.name(c.Next) })),
      ...(fields.catchTo
        ? [{ ErrorEquals: ALL, ResultPath: '$.failure', Next: g.name(fields.catchTo) }]
        : []),
    ];
    return {
      Type: 'Task',
      ...(fields.comment ? { Comment: fields.comment } : {}),
      Resource: fields.waitForToken ? LAMBDA_INVOKE_WAIT : LAMBDA_INVOKE,
      Parameters: { FunctionName: o.lambdaArn, Payload: payload },
      ...(fields.resultSelector ? { ResultSelector: fields.resultSelector } : {}),
      ResultPath: fields.resultPath,
      ...(fields.timeoutSeconds ? { TimeoutSeconds: fields.timeoutSeconds } : {}),
      ...(fields.timeoutSecondsPath ? { TimeoutSecondsPath: fields.timeoutSecondsPath } : {}),
      ...(retry.length > 0 ? { Retry: retry } : {}),
      ...(catchers.length > 0 ? { Catch: catchers } : {}),
      Next: g.name(fields.next),
    };
  };
  /** An SNS notice that never fails the wave: a failed publish is caught and passed over. */
  const notify = (g: StateGraph, subject: string, message: string, next: string): AslState => ({
    Type: 'Task',
    Resource: SNS_PUBLISH,
    Parameters: { TopicArn: o.notificationTopicArn, Subject: subject, 'Message.$': message },
    ResultPath: null,
    Catch: [{ ErrorEquals: ALL, ResultPath: '$.notificationError', Next: g.name(next) }],
    Next: g.name(next),
  });
  const withNotice = (state: string, notifyState: string) =>
    o.notificationTopicArn ? notifyState : state;

  buildWaveStates(wave, o, invoke, notify, withNotice, lambdaRetry);

  parent.add(
    N.beginExecution,
    invoke(
      parent,
      {
        action: ACTIONS.beginExecution,
        'executionId.$': '$$.Execution.Name',
        'input.$': '$',
        // Seconds between two checks of a wave when nothing happens: the safety net with events.
        pollIntervalSeconds: events ? o.safetyNetPollSeconds : o.pollIntervalSeconds,
        defaultWaveTimeoutSeconds: o.defaultWaveTimeoutSeconds,
        ...(events ? { completion: 'events' } : {}),
      },
      {
        comment: 'Validate the input, load the plan, record the execution and its stages',
        resultSelector: {
          'executionId.$': '$.Payload.executionId',
          'executionType.$': '$.Payload.executionType',
          'planId.$': '$.Payload.planId',
          'stageCount.$': '$.Payload.stageCount',
        },
        resultPath: '$.execution',
        next: o.readinessCheck ? N.checkReadiness : N.startFirstStage,
        catchTo: N.invalidExecution,
      },
    ),
  );
  if (o.readinessCheck) {
    parent.add(
      N.checkReadiness,
      invoke(
        parent,
        { action: ACTIONS.checkReadiness, 'executionId.$': '$.execution.executionId' },
        {
          comment:
            "The plan against live DRS before any job: recorded; a RECOVERY that isn't ready stops",
          resultSelector: { 'refused.$': '$.Payload.refused', 'cause.$': '$.Payload.cause' },
          resultPath: '$.readiness',
          next: N.readinessOutcome,
          catchTo: N.finishFailed,
        },
      ),
    );
    parent.add(N.readinessOutcome, {
      Type: 'Choice',
      Choices: [
        {
          Variable: '$.readiness.refused',
          BooleanEquals: true,
          Next: parent.name(N.readinessBlocked),
        },
      ],
      Default: parent.name(N.startFirstStage),
    });
    parent.add(N.readinessBlocked, {
      Type: 'Pass',
      Parameters: { Error: ErrorName.ReadinessBlocked, 'Cause.$': '$.readiness.cause' },
      ResultPath: '$.failure',
      Next: parent.name(N.finishFailed),
    });
  }
  parent.add(N.invalidExecution, {
    Type: 'Fail',
    Comment: 'The input or the plan was refused; nothing was started',
    ErrorPath: '$.failure.Error',
    CausePath: '$.failure.Cause',
  });
  parent.add(N.startFirstStage, {
    Type: 'Pass',
    Result: { index: 0, failed: false, ended: 0, size: 0 },
    ResultPath: '$.cursor',
    Next: parent.name(N.hasNextStage),
  });
  parent.add(N.hasNextStage, {
    Type: 'Choice',
    Choices: [
      { Variable: '$.cursor.failed', BooleanEquals: true, Next: parent.name(N.stageFailed) },
      {
        // A wave whose child execution failed uncaught reported no status.
        Not: { Variable: '$.cursor.ended', NumericEqualsPath: '$.cursor.size' },
        Next: parent.name(N.stageFailed),
      },
      {
        Variable: '$.cursor.index',
        NumericLessThanPath: '$.execution.stageCount',
        Next: parent.name(N.loadStage),
      },
    ],
    Default: parent.name(N.finishSucceeded),
  });
  parent.add(
    N.loadStage,
    invoke(
      parent,
      {
        action: ACTIONS.loadStage,
        'executionId.$': '$.execution.executionId',
        'stageIndex.$': '$.cursor.index',
      },
      {
        comment: 'The waves of this stage, as recorded: the state never holds the whole plan',
        resultSelector: { 'index.$': '$.Payload.index', 'waves.$': '$.Payload.waves' },
        resultPath: '$.cursor',
        next: N.runStage,
        catchTo: N.finishFailed,
      },
    ),
  );
  parent.add(N.runStage, {
    Type: 'Map',
    Comment: 'The waves of one stage, each a child execution with its own history',
    ItemsPath: '$.cursor.waves',
    ItemSelector: {
      'executionId.$': '$.execution.executionId',
      'executionType.$': '$.execution.executionType',
      'wave.$': '$$.Map.Item.Value',
    },
    MaxConcurrency: o.wavesInParallel,
    // A child that fails uncaught must not stop its siblings: each wave's outcome is counted
    // below, and finish_execution records a wave whose child ended without one as FAILED.
    ToleratedFailurePercentage: 100,
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: wave.name(N.needsApproval),
      States: wave.states,
    },
    Label: 'Wave',
    // A wave that fails ends its child execution normally with status FAILED, so the other
    // waves of the stage run to their end and record every server they launched.
    ResultSelector: { 'statuses.$': '$[*].status' },
    ResultPath: '$.stage',
    Catch: [{ ErrorEquals: ALL, ResultPath: '$.failure', Next: parent.name(N.finishFailed) }],
    Next: parent.name(N.advanceStage),
  });
  parent.add(N.advanceStage, {
    Type: 'Pass',
    Parameters: {
      'index.$': 'States.MathAdd($.cursor.index, 1)',
      'failed.$': "States.ArrayContains($.stage.statuses, 'FAILED')",
      'ended.$': 'States.ArrayLength($.stage.statuses)',
      'size.$': 'States.ArrayLength($.cursor.waves)',
    },
    ResultPath: '$.cursor',
    Next: parent.name(N.hasNextStage),
  });
  parent.add(N.stageFailed, {
    Type: 'Pass',
    Comment: 'A wave of the stage failed (recorded); its other waves ran to their end',
    Result: { Error: ErrorName.WaveFailed, Cause: 'A wave of the stage failed' },
    ResultPath: '$.failure',
    Next: parent.name(N.finishFailed),
  });
  parent.add(
    N.finishSucceeded,
    invoke(
      parent,
      {
        action: ACTIONS.finishExecution,
        'executionId.$': '$.execution.executionId',
        status: 'SUCCEEDED',
      },
      { resultPath: null, next: N.executionSucceeded },
    ),
  );
  parent.add(N.executionSucceeded, { Type: 'Succeed' });
  parent.add(
    N.finishFailed,
    invoke(
      parent,
      {
        action: ACTIONS.finishExecution,
        'executionId.$': '$.execution.executionId',
        status: 'FAILED',
        'failure.$': '$.failure',
      },
      {
        comment: 'Record the failure; the answer names the failed wave and its servers',
        resultSelector: { 'error.$': '$.Payload.error', 'cause.$': '$.Payload.cause' },
        resultPath: '$.failed',
        next: withNotice(N.executionFailed, N.notifyExecutionFailed),
      },
    ),
  );
  if (o.notificationTopicArn) {
    parent.add(
      N.notifyExecutionFailed,
      notify(
        parent,
        'drs-waves: execution failed',
        "States.Format('Execution {} of plan {} failed: {}', $.execution.executionId, $.execution.planId, $.failed.cause)",
        N.executionFailed,
      ),
    );
  }
  parent.add(N.executionFailed, {
    Type: 'Fail',
    ErrorPath: '$.failed.error',
    CausePath: '$.failed.cause',
  });

  return {
    Comment: o.comment,
    QueryLanguage: 'JSONPath',
    StartAt: parent.name(N.beginExecution),
    ...(o.executionTimeoutSeconds === undefined
      ? {}
      : { TimeoutSeconds: o.executionTimeoutSeconds }),
    States: parent.states,
  };
}

/** How one router call is rendered: where its result goes, what it retries, where it fails to. */
interface InvokeFields {
  next: string;
  resultSelector?: Record<string, unknown>;
  resultPath: string | null;
  catchTo?: string;
  waitForToken?: boolean;
  timeoutSeconds?: number;
  comment?: string;
  /** Catchers tried before `catchTo`'s, with `Next` given unprefixed. */
  catchFirst?: readonly AslCatcher[];
  /** Where the timeout is read in the state, instead of `timeoutSeconds`. */
  timeoutSecondsPath?: string;
}

type Invoke = (g: StateGraph, payload: Record<string, unknown>, fields: InvokeFields) => AslState;

/** The states of one wave's child execution. */
function buildWaveStates(
  g: StateGraph,
  o: ResolvedOptions,
  invoke: Invoke,
  notify: (g: StateGraph, subject: string, message: string, next: string) => AslState,
  withNotice: (state: string, notifyState: string) => string,
  lambdaRetry: readonly AslRetrier[],
): void {
  const ids = { 'executionId.$': '$.executionId', 'waveId.$': '$.wave.waveId' };
  const start = withNotice(N.startWave, N.notifyWaveStarting);
  const approvalRules = [
    { Variable: '$.wave.requireApproval', BooleanEquals: true },
    ...o.approvalWaveIds.map((id) => ({ Variable: '$.wave.waveId', StringEquals: id })),
  ];
  g.add(N.needsApproval, {
    Type: 'Choice',
    Choices: [
      approvalRules.length === 1
        ? { ...approvalRules[0], Next: g.name(N.requestApproval) }
        : { Or: approvalRules, Next: g.name(N.requestApproval) },
    ],
    Default: g.name(N.hasBeforeActions),
  });
  g.add(
    N.requestApproval,
    invoke(
      g,
      { action: ACTIONS.requestApproval, ...ids, 'taskToken.$': '$$.Task.Token' },
      {
        comment: 'Wait for SendTaskSuccess (approve) or SendTaskFailure (reject)',
        waitForToken: true,
        timeoutSeconds: o.approvalTimeoutSeconds,
        resultPath: null,
        next: N.hasBeforeActions,
        catchTo: N.recordWaveFailure,
      },
    ),
  );
  if (o.notificationTopicArn) {
    g.add(
      N.notifyWaveStarting,
      notify(
        g,
        'drs-waves: wave starting',
        "States.Format('Wave {} of execution {} is starting ({})', $.wave.waveId, $.executionId, $.executionType)",
        N.startWave,
      ),
    );
  }
  g.add(
    N.startWave,
    invoke(
      g,
      { action: ACTIONS.startWave, ...ids, 'executionType.$': '$.executionType' },
      {
        resultSelector: {
          'status.$': '$.Payload.status',
          'serverCount.$': '$.Payload.serverCount',
          'jobCount.$': '$.Payload.jobCount',
          // The machine counts its own checks: the router need not record a count per poll.
          pollCount: 0,
        },
        resultPath: '$.status',
        next: N.startOutcome,
        catchTo: N.recordWaveFailure,
      },
    ),
  );
  const completed = withNotice(N.waveCompleted, N.notifyWaveCompleted);
  // Between two checks: a Wait (polling), or a wait for the router to resume the wave once DRS
  // reported each of its servers, at most safetyNetPollSeconds (events).
  const events = o.completion === 'events';
  const untilNextCheck = events ? N.awaitLaunches : N.waitForPoll;
  g.add(N.startOutcome, {
    Type: 'Choice',
    Choices: [
      { Variable: '$.status.status', StringEquals: 'FAILED', Next: g.name(N.startRefused) },
      { Variable: '$.status.status', StringEquals: 'COMPLETED', Next: g.name(N.hasAfterActions) },
    ],
    Default: g.name(untilNextCheck),
  });
  g.add(N.startRefused, {
    Type: 'Pass',
    Comment: 'DRS refused a job: the wave fails, it never waits and counts as success',
    Result: { Error: ErrorName.WaveFailed, Cause: 'DRS refused to start the wave' },
    ResultPath: '$.failure',
    Next: g.name(N.recordWaveFailure),
  });
  if (events) {
    g.add(
      N.awaitLaunches,
      invoke(
        g,
        { action: ACTIONS.awaitWave, ...ids, 'taskToken.$': '$$.Task.Token' },
        {
          comment:
            "Resumed by the router once DRS reported each server's launch (events are best-effort): at most the safety-net interval",
          waitForToken: true,
          timeoutSeconds: o.safetyNetPollSeconds,
          resultPath: null,
          next: N.checkWaveStatus,
          // The safety net: no resume within the interval is a check like any other.
          catchFirst: [
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.awaited', Next: N.checkWaveStatus },
          ],
          catchTo: N.recordWaveFailure,
        },
      ),
    );
  } else {
    g.add(N.waitForPoll, {
      Type: 'Wait',
      Seconds: o.pollIntervalSeconds,
      Next: g.name(N.checkWaveStatus),
    });
  }
  g.add(
    N.checkWaveStatus,
    invoke(
      g,
      {
        action: ACTIONS.checkWaveStatus,
        ...ids,
        'timeoutSeconds.$': '$.wave.timeoutSeconds',
        'requirePostLaunchActions.$': '$.wave.requirePostLaunchActions',
        'pollCount.$': 'States.MathAdd($.status.pollCount, 1)',
      },
      {
        resultSelector: {
          'status.$': '$.Payload.status',
          'total.$': '$.Payload.total',
          'launched.$': '$.Payload.launched',
          'failed.$': '$.Payload.failed',
          'pending.$': '$.Payload.pending',
          // The count the machine sent, answered back: maxPolls bounds the loop on it.
          'pollCount.$': '$.Payload.pollCount',
        },
        resultPath: '$.status',
        next: N.waveOutcome,
        catchTo: N.recordWaveFailure,
      },
    ),
  );
  g.add(N.waveOutcome, {
    Type: 'Choice',
    Choices: [
      { Variable: '$.status.status', StringEquals: 'COMPLETED', Next: g.name(N.hasAfterActions) },
      { Variable: '$.status.status', StringEquals: 'FAILED', Next: g.name(N.waveFailedStatus) },
      { Variable: '$.status.status', StringEquals: 'TIMED_OUT', Next: g.name(N.waveTimedOut) },
      {
        Variable: '$.status.pollCount',
        NumericGreaterThanEqualsPath: '$.wave.maxPolls',
        Next: g.name(N.waveTimedOut),
      },
    ],
    Default: g.name(untilNextCheck),
  });
  g.add(N.waveFailedStatus, {
    Type: 'Pass',
    Result: { Error: ErrorName.WaveFailed, Cause: 'A critical server of the wave failed' },
    ResultPath: '$.failure',
    Next: g.name(N.recordWaveFailure),
  });
  g.add(N.waveTimedOut, {
    Type: 'Pass',
    Result: { Error: ErrorName.WaveTimeout, Cause: 'The wave did not finish within its timeout' },
    ResultPath: '$.failure',
    Next: g.name(N.recordWaveFailure),
  });
  g.add(
    N.recordWaveFailure,
    invoke(
      g,
      { action: ACTIONS.recordWaveFailure, ...ids, 'failure.$': '$.failure' },
      {
        comment: 'Record the failure in the history before failing; the answer names the servers',
        resultSelector: { 'error.$': '$.Payload.error', 'cause.$': '$.Payload.cause' },
        resultPath: '$.failed',
        next: withNotice(N.decidesFailure, N.notifyWaveFailed),
        // Out of retries: the wave still ends FAILED, so its child never fails uncaught.
        catchTo: N.waveFailed,
      },
    ),
  );
  buildDecisionStates(g, invoke, ids);
  if (o.notificationTopicArn) {
    g.add(
      N.notifyWaveFailed,
      notify(
        g,
        'drs-waves: wave failed',
        "States.Format('Wave {} of execution {} failed: {}', $.wave.waveId, $.executionId, $.failed.cause)",
        N.decidesFailure,
      ),
    );
    g.add(
      N.notifyWaveCompleted,
      notify(
        g,
        'drs-waves: wave completed',
        "States.Format('Wave {} of execution {} completed', $.wave.waveId, $.executionId)",
        N.waveCompleted,
      ),
    );
  }
  buildActionStates(g, o, invoke, { start, completed, ids, lambdaRetry });
  g.add(N.waveFailed, {
    Type: 'Pass',
    Comment: 'The failure is recorded: the stage fails once its other waves have ended',
    Parameters: { 'waveId.$': '$.wave.waveId', status: 'FAILED' },
    End: true,
  });
  g.add(N.waveCompleted, {
    Type: 'Pass',
    Parameters: { 'waveId.$': '$.wave.waveId', status: 'COMPLETED' },
    End: true,
  });
}

/**
 * The states of a failed wave's decision (`onWaveFailure: 'DECIDE'`): the wave waits for an
 * operator (`.waitForTaskToken`, the wave's decision timeout), who retries its failed critical
 * servers as a new attempt (followed as the first one was, and able to fail and wait again),
 * skips it (the child ends `SKIPPED` and the stage goes on), or aborts (the child ends
 * `FAILED`). No answer in time aborts. A rejected approval never asks.
 */
function buildDecisionStates(g: StateGraph, invoke: Invoke, ids: Record<string, string>): void {
  g.add(N.decidesFailure, {
    Type: 'Choice',
    Choices: [
      {
        And: [
          { Variable: '$.wave.decideOnFailure', IsPresent: true },
          { Variable: '$.wave.decideOnFailure', BooleanEquals: true },
          { Not: { Variable: '$.failed.error', StringEquals: ErrorName.ApprovalRejected } },
        ],
        Next: g.name(N.awaitDecision),
      },
    ],
    Default: g.name(N.waveFailed),
  });
  g.add(
    N.awaitDecision,
    invoke(
      g,
      {
        action: ACTIONS.requestDecision,
        ...ids,
        'taskToken.$': '$$.Task.Token',
        failure: { 'Error.$': '$.failed.error', 'Cause.$': '$.failed.cause' },
      },
      {
        comment: 'Wait for the decision: SendTaskSuccess with RETRY, SKIP or ABORT',
        waitForToken: true,
        timeoutSecondsPath: '$.wave.decisionTimeoutSeconds',
        resultSelector: { 'decision.$': '$.decision', 'attempt.$': '$.attempt' },
        resultPath: '$.decision',
        next: N.decisionOutcome,
        catchFirst: [
          {
            ErrorEquals: ['States.Timeout'],
            ResultPath: '$.decisionError',
            Next: N.decisionTimedOut,
          },
        ],
        catchTo: N.waveFailed,
      },
    ),
  );
  g.add(N.decisionOutcome, {
    Type: 'Choice',
    Choices: [
      {
        // Never past the last attempt, whatever the answer says: the budget counts no more.
        And: [
          { Variable: '$.decision.decision', StringEquals: 'RETRY' },
          { Variable: '$.decision.attempt', NumericLessThan: MAX_WAVE_ATTEMPTS },
        ],
        Next: g.name(N.retryWave),
      },
      { Variable: '$.decision.decision', StringEquals: 'SKIP', Next: g.name(N.skipWave) },
    ],
    Default: g.name(N.waveFailed),
  });
  g.add(
    N.retryWave,
    invoke(
      g,
      {
        action: ACTIONS.retryWave,
        ...ids,
        'executionType.$': '$.executionType',
        'attempt.$': 'States.MathAdd($.decision.attempt, 1)',
      },
      {
        comment:
          "The wave's failed critical servers, as new DRS jobs: a new attempt, followed again",
        resultSelector: {
          'status.$': '$.Payload.status',
          'serverCount.$': '$.Payload.serverCount',
          'jobCount.$': '$.Payload.jobCount',
          pollCount: 0,
        },
        resultPath: '$.status',
        next: N.startOutcome,
        catchTo: N.recordWaveFailure,
      },
    ),
  );
  g.add(
    N.skipWave,
    invoke(
      g,
      { action: ACTIONS.skipWave, ...ids },
      { resultPath: null, next: N.waveSkipped, catchTo: N.waveFailed },
    ),
  );
  g.add(
    N.decisionTimedOut,
    invoke(
      g,
      { action: ACTIONS.expireDecision, ...ids },
      { resultPath: null, next: N.waveFailed, catchTo: N.waveFailed },
    ),
  );
  g.add(N.waveSkipped, {
    Type: 'Pass',
    Comment: 'Skipped by an operator (recorded): the stage goes on without the wave',
    Parameters: { 'waveId.$': '$.wave.waveId', status: 'SKIPPED' },
    End: true,
  });
}

/** The SSM Automation statuses that end a runbook other than `Success`: the action failed. */
const AUTOMATION_FAILED_STATUSES = [
  'Failed',
  'Cancelled',
  'TimedOut',
  'Rejected',
  'CompletedWithFailure',
  'ChangeCalendarOverrideRejected',
  'Exited',
];
const SSM = 'arn:aws:states:::aws-sdk:ssm:';

/**
 * The states of a wave's actions, before and after its launch: one loop for both phases.
 * `next_action` answers the action at the cursor (`$.actionStep`: phase and index) or the end of
 * the phase; the action runs through its service integration (`lambda:invoke`, SSM Automation,
 * a `Wait`, an approval's task token); `record_action` records how it ended and answers whether
 * the wave fails (`onFailure: FAIL`) or goes on to the next action. A wave without actions
 * passes by two Choice states.
 */
function buildActionStates(
  g: StateGraph,
  o: ResolvedOptions,
  invoke: Invoke,
  wave: {
    readonly start: string;
    readonly completed: string;
    readonly ids: Record<string, string>;
    readonly lambdaRetry: readonly AslRetrier[];
  },
): void {
  const { ids } = wave;
  const action = (field: string) => `$.action.next.${field}`;
  // SSM's throttling and internal errors, retried as the router's transient errors are.
  const ssmRetry: AslRetrier[] = [
    {
      ErrorEquals: ['Ssm.ThrottlingException', 'Ssm.InternalServerErrorException'],
      IntervalSeconds: o.transientRetry.intervalSeconds,
      MaxAttempts: o.transientRetry.maxAttempts,
      BackoffRate: o.transientRetry.backoffRate,
      JitterStrategy: 'FULL',
    },
  ];
  const failTo = (next: string, errors: readonly string[] = ALL): AslCatcher => ({
    ErrorEquals: errors,
    ResultPath: '$.actionError',
    Next: g.name(next),
  });
  const cursor = (phase: 'before' | 'after') => ({
    Type: 'Pass' as const,
    Result: { phase, index: 0 },
    ResultPath: '$.actionStep',
    Next: g.name(N.nextAction),
  });
  g.add(N.hasBeforeActions, {
    Type: 'Choice',
    Choices: [
      { Variable: '$.wave.beforeActions', IsPresent: true, Next: g.name(N.startBeforeActions) },
    ],
    Default: g.name(wave.start),
  });
  g.add(N.startBeforeActions, cursor('before'));
  g.add(N.hasAfterActions, {
    Type: 'Choice',
    Choices: [
      { Variable: '$.wave.afterActions', IsPresent: true, Next: g.name(N.startAfterActions) },
    ],
    Default: g.name(wave.completed),
  });
  g.add(N.startAfterActions, cursor('after'));
  g.add(
    N.nextAction,
    invoke(
      g,
      {
        action: ACTIONS.nextAction,
        ...ids,
        'phase.$': '$.actionStep.phase',
        'index.$': '$.actionStep.index',
      },
      {
        comment: 'The action at the cursor, as the execution began with it; its start recorded',
        resultSelector: { 'next.$': '$.Payload' },
        resultPath: '$.action',
        next: N.actionKind,
        catchTo: N.recordWaveFailure,
      },
    ),
  );
  g.add(N.actionKind, {
    Type: 'Choice',
    Choices: [
      {
        And: [
          { Variable: action('done'), BooleanEquals: true },
          { Variable: '$.actionStep.phase', StringEquals: 'before' },
        ],
        Next: g.name(wave.start),
      },
      { Variable: action('done'), BooleanEquals: true, Next: g.name(wave.completed) },
      { Variable: action('type'), StringEquals: 'lambda', Next: g.name(N.invokeLambdaAction) },
      {
        Variable: action('type'),
        StringEquals: 'ssmAutomation',
        Next: g.name(N.startAutomation),
      },
      { Variable: action('type'), StringEquals: 'wait', Next: g.name(N.waitAction) },
      { Variable: action('type'), StringEquals: 'approval', Next: g.name(N.approvalAction) },
    ],
    Default: g.name(N.unknownAction),
  });
  g.add(N.unknownAction, {
    Type: 'Pass',
    Comment: 'A router newer than this machine answered an action type it cannot run',
    Result: {
      Error: ErrorName.ActionFailed,
      Cause: 'The state machine cannot run this action type',
    },
    ResultPath: '$.failure',
    Next: g.name(N.recordWaveFailure),
  });
  g.add(N.invokeLambdaAction, {
    Type: 'Task',
    Comment: "The action's function, with the execution, the wave and its servers",
    Resource: LAMBDA_INVOKE,
    Parameters: { 'FunctionName.$': action('functionArn'), 'Payload.$': action('payload') },
    TimeoutSecondsPath: action('timeoutSeconds'),
    ResultPath: null,
    ...(wave.lambdaRetry.length > 0 ? { Retry: wave.lambdaRetry } : {}),
    Catch: [failTo(N.actionTimedOut, ['States.Timeout']), failTo(N.actionFailed)],
    Next: g.name(N.actionSucceeded),
  });
  g.add(N.startAutomation, {
    Type: 'Task',
    Resource: `${SSM}startAutomationExecution`,
    Parameters: {
      // The same on every attempt: SSM starts the runbook once, whatever is retried.
      'ClientToken.$': action('clientToken'),
      'DocumentName.$': action('documentName'),
      'DocumentVersion.$': action('documentVersion'),
      'Parameters.$': action('parameters'),
      // Who started the runbook, for operators and for the wave's IAM condition.
      Tags: [
        { Key: 'drs-waves:execution', 'Value.$': '$.executionId' },
        { Key: 'drs-waves:wave', 'Value.$': '$.wave.waveId' },
      ],
    },
    ResultSelector: { 'id.$': '$.AutomationExecutionId', checks: 0 },
    ResultPath: '$.automation',
    Retry: ssmRetry,
    Catch: [failTo(N.actionFailed)],
    Next: g.name(N.waitForAutomation),
  });
  g.add(N.waitForAutomation, {
    Type: 'Wait',
    Seconds: AUTOMATION_POLL_SECONDS,
    Next: g.name(N.checkAutomation),
  });
  g.add(N.checkAutomation, {
    Type: 'Task',
    Resource: `${SSM}getAutomationExecution`,
    Parameters: { 'AutomationExecutionId.$': '$.automation.id' },
    ResultSelector: { 'status.$': '$.AutomationExecution.AutomationExecutionStatus' },
    ResultPath: '$.automationStatus',
    Retry: ssmRetry,
    Catch: [failTo(N.actionFailed)],
    Next: g.name(N.automationOutcome),
  });
  const status = '$.automationStatus.status';
  g.add(N.automationOutcome, {
    Type: 'Choice',
    Choices: [
      {
        Or: ['Success', 'CompletedWithSuccess'].map((value) => ({
          Variable: status,
          StringEquals: value,
        })),
        Next: g.name(N.actionSucceeded),
      },
      {
        Or: AUTOMATION_FAILED_STATUSES.map((value) => ({ Variable: status, StringEquals: value })),
        Next: g.name(N.automationFailed),
      },
      {
        Variable: '$.automation.checks',
        NumericGreaterThanEqualsPath: action('maxPolls'),
        Next: g.name(N.stopAutomation),
      },
    ],
    Default: g.name(N.countAutomationCheck),
  });
  g.add(N.countAutomationCheck, {
    Type: 'Pass',
    Parameters: {
      'id.$': '$.automation.id',
      'checks.$': 'States.MathAdd($.automation.checks, 1)',
    },
    ResultPath: '$.automation',
    Next: g.name(N.waitForAutomation),
  });
  g.add(N.automationFailed, {
    Type: 'Pass',
    Parameters: {
      Error: 'AutomationFailed',
      'Cause.$':
        "States.Format('Automation {} ended {}', $.automation.id, $.automationStatus.status)",
    },
    ResultPath: '$.actionError',
    Next: g.name(N.actionFailed),
  });
  g.add(N.stopAutomation, {
    Type: 'Task',
    Comment: 'Past its timeout: stop the runbook (a failed stop still times the action out)',
    Resource: `${SSM}stopAutomationExecution`,
    Parameters: { 'AutomationExecutionId.$': '$.automation.id' },
    ResultPath: null,
    Catch: [{ ErrorEquals: ALL, ResultPath: '$.stopError', Next: g.name(N.actionTimedOut) }],
    Next: g.name(N.actionTimedOut),
  });
  g.add(N.waitAction, {
    Type: 'Wait',
    SecondsPath: action('seconds'),
    Next: g.name(N.actionSucceeded),
  });
  g.add(
    N.approvalAction,
    invoke(
      g,
      { action: ACTIONS.requestApproval, ...ids, 'taskToken.$': '$$.Task.Token' },
      {
        comment: 'Wait for SendTaskSuccess (approve) or SendTaskFailure (reject)',
        waitForToken: true,
        timeoutSecondsPath: action('timeoutSeconds'),
        resultPath: null,
        next: N.actionSucceeded,
        catchFirst: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.actionError', Next: N.actionTimedOut },
          { ErrorEquals: ALL, ResultPath: '$.actionError', Next: N.actionFailed },
        ],
      },
    ),
  );
  g.add(N.actionSucceeded, {
    Type: 'Pass',
    Result: { outcome: 'SUCCEEDED' },
    ResultPath: '$.actionEnd',
    Next: g.name(N.recordAction),
  });
  g.add(N.actionFailed, {
    Type: 'Pass',
    Parameters: { outcome: 'FAILED', 'failure.$': '$.actionError' },
    ResultPath: '$.actionEnd',
    Next: g.name(N.recordAction),
  });
  g.add(N.actionTimedOut, {
    Type: 'Pass',
    Result: {
      outcome: 'TIMED_OUT',
      failure: { Error: 'States.Timeout', Cause: 'The action did not end within its timeout' },
    },
    ResultPath: '$.actionEnd',
    Next: g.name(N.recordAction),
  });
  g.add(
    N.recordAction,
    invoke(
      g,
      {
        action: ACTIONS.recordAction,
        ...ids,
        'phase.$': '$.actionStep.phase',
        'index.$': '$.actionStep.index',
        'end.$': '$.actionEnd',
      },
      {
        comment: 'Record how the action ended; its onFailure says whether the wave goes on',
        resultSelector: { 'result.$': '$.Payload' },
        resultPath: '$.actionVerdict',
        next: N.actionVerdict,
        catchTo: N.recordWaveFailure,
      },
    ),
  );
  g.add(N.actionVerdict, {
    Type: 'Choice',
    Choices: [
      {
        Variable: '$.actionVerdict.result.verdict',
        StringEquals: 'FAIL',
        Next: g.name(N.actionFailsWave),
      },
    ],
    Default: g.name(N.nextActionStep),
  });
  g.add(N.actionFailsWave, {
    Type: 'Pass',
    Parameters: {
      'Error.$': '$.actionVerdict.result.error',
      'Cause.$': '$.actionVerdict.result.cause',
    },
    ResultPath: '$.failure',
    Next: g.name(N.recordWaveFailure),
  });
  g.add(N.nextActionStep, {
    Type: 'Pass',
    Parameters: {
      'phase.$': '$.actionStep.phase',
      'index.$': 'States.MathAdd($.actionStep.index, 1)',
    },
    ResultPath: '$.actionStep',
    Next: g.name(N.nextAction),
  });
}
