/**
 * The names of the states {@link buildPollingStateMachine} writes, before `statePrefix`. Local
 * runners override Task and Wait states by these names; alarms and dashboards can match them.
 *
 * @example
 * ```ts
 * import { STATE_NAMES } from 'drs-waves';
 *
 * const waitState = `${'Dr'}${STATE_NAMES.waitForPoll}`; // with statePrefix 'Dr'
 * ```
 */
export const STATE_NAMES = Object.freeze({
  /** Validates the input and records the execution (router `begin_execution`). */
  beginExecution: 'BeginExecution',
  /** Fails an execution whose input or plan was refused. */
  invalidExecution: 'InvalidExecution',
  /** Checks the plan's readiness against live DRS (router `check_readiness`; `readinessCheck`). */
  checkReadiness: 'CheckReadiness',
  /** Routes on the readiness check: a refused `RECOVERY` fails, anything else goes on. */
  readinessOutcome: 'ReadinessOutcome',
  /** Turns a refused readiness check into the execution's failure (`ReadinessBlocked`). */
  readinessBlocked: 'ReadinessBlocked',
  /** Points the stage cursor at the first stage. */
  startFirstStage: 'StartFirstStage',
  /** Loops over the stages. */
  hasNextStage: 'HasNextStage',
  /** Loads the waves of the current stage from the history (router `load_stage`). */
  loadStage: 'LoadStage',
  /** Runs the waves of a stage, each as a child execution (Distributed Map). */
  runStage: 'RunStage',
  /** Moves the cursor to the next stage, noting whether a wave of this one failed. */
  advanceStage: 'AdvanceStage',
  /** Fails the execution after a stage in which a wave failed, once all its waves ended. */
  stageFailed: 'StageFailed',
  /** Records a successful end (router `finish_execution`). */
  finishSucceeded: 'FinishSucceeded',
  /** Ends the execution successfully. */
  executionSucceeded: 'ExecutionSucceeded',
  /** Records a failed end; answers the error and cause. */
  finishFailed: 'FinishFailed',
  /** SNS notice of a failed execution. */
  notifyExecutionFailed: 'NotifyExecutionFailed',
  /** Fails the execution with the recorded error and cause. */
  executionFailed: 'ExecutionFailed',
  /** Decides whether the wave waits for approval. */
  needsApproval: 'NeedsApproval',
  /** Stores the task token and waits for approval (`.waitForTaskToken`). */
  requestApproval: 'RequestApproval',
  /** SNS notice of a wave starting. */
  notifyWaveStarting: 'NotifyWaveStarting',
  /** Starts the DRS jobs of the wave (router `start_wave`). */
  startWave: 'StartWave',
  /** Routes on the status of the start. */
  startOutcome: 'StartOutcome',
  /** Turns a refused start into a wave failure. */
  startRefused: 'StartRefused',
  /**
   * With `completion: 'events'`: waits for the router to resume the wave once DRS reported a
   * launch result for each of its servers, or `safetyNetPollSeconds` (`.waitForTaskToken`).
   */
  awaitLaunches: 'AwaitLaunches',
  /** Waits the poll interval. */
  waitForPoll: 'WaitForPoll',
  /** Checks the wave once (router `check_wave_status`). */
  checkWaveStatus: 'CheckWaveStatus',
  /** Routes on the wave status and the poll count. */
  waveOutcome: 'WaveOutcome',
  /** Turns a failed status into a wave failure. */
  waveFailedStatus: 'WaveFailedStatus',
  /** Turns a timeout into a `WaveTimeout` failure. */
  waveTimedOut: 'WaveTimedOut',
  /** Records the failure of the wave (router `record_wave_failure`). */
  recordWaveFailure: 'RecordWaveFailure',
  /** SNS notice of a failed wave. */
  notifyWaveFailed: 'NotifyWaveFailed',
  /**
   * Ends the child execution of a failed wave (its failure recorded) with status `FAILED`, so
   * the other waves of the stage are not stopped.
   */
  waveFailed: 'WaveFailed',
  /** SNS notice of a completed wave. */
  notifyWaveCompleted: 'NotifyWaveCompleted',
  /** Ends the child execution of the wave successfully. */
  waveCompleted: 'WaveCompleted',
  /** Decides whether the wave runs actions before its launch. */
  hasBeforeActions: 'HasBeforeActions',
  /** Points the action cursor at the first action before the launch. */
  startBeforeActions: 'StartBeforeActions',
  /** Decides whether the completed wave runs actions after its launch. */
  hasAfterActions: 'HasAfterActions',
  /** Points the action cursor at the first action after the launch. */
  startAfterActions: 'StartAfterActions',
  /** Answers the action at the cursor and records its start (router `next_action`). */
  nextAction: 'NextAction',
  /** Routes on the action's type, or on the end of the phase. */
  actionKind: 'ActionKind',
  /** Fails the wave on an action type this machine does not know. */
  unknownAction: 'UnknownAction',
  /** Invokes a `lambda` action's function (`lambda:invoke`, `TimeoutSecondsPath`). */
  invokeLambdaAction: 'InvokeLambdaAction',
  /** Starts an `ssmAutomation` action's runbook (`ssm:startAutomationExecution`). */
  startAutomation: 'StartAutomation',
  /** Waits between two status checks of the runbook. */
  waitForAutomation: 'WaitForAutomation',
  /** Reads the runbook's status (`ssm:getAutomationExecution`). */
  checkAutomation: 'CheckAutomation',
  /** Routes on the runbook's status and its checks. */
  automationOutcome: 'AutomationOutcome',
  /** Counts one more check of the runbook. */
  countAutomationCheck: 'CountAutomationCheck',
  /** Turns the runbook's failed status into the action's failure. */
  automationFailed: 'AutomationFailed',
  /** Stops a runbook past its timeout (`ssm:stopAutomationExecution`). */
  stopAutomation: 'StopAutomation',
  /** A `wait` action (`SecondsPath`). */
  waitAction: 'WaitAction',
  /** An `approval` action: stores the task token and waits (`.waitForTaskToken`). */
  approvalAction: 'ApprovalAction',
  /** The action succeeded. */
  actionSucceeded: 'ActionSucceeded',
  /** The action failed. */
  actionFailed: 'ActionFailed',
  /** The action timed out. */
  actionTimedOut: 'ActionTimedOut',
  /** Records how the action ended (router `record_action`). */
  recordAction: 'RecordAction',
  /** Routes on the recorded verdict: the wave fails, or the next action runs. */
  actionVerdict: 'ActionVerdict',
  /** Turns a failed action whose `onFailure` is `FAIL` into the wave's failure. */
  actionFailsWave: 'ActionFailsWave',
  /** Moves the action cursor to the next action. */
  nextActionStep: 'NextActionStep',
  /** Decides whether the failed wave waits for an operator (`onWaveFailure: 'DECIDE'`). */
  decidesFailure: 'DecidesFailure',
  /**
   * Stores the task token of the failed wave and waits for a decision (router
   * `request_decision`, `.waitForTaskToken`, the wave's decision timeout).
   */
  awaitDecision: 'AwaitDecision',
  /** Routes on the decision: retry, skip, or abort. */
  decisionOutcome: 'DecisionOutcome',
  /** Starts the wave's next attempt: its failed critical servers (router `retry_wave`). */
  retryWave: 'RetryWave',
  /** Records the wave skipped (router `skip_wave`). */
  skipWave: 'SkipWave',
  /** Records that no decision came in time (router `expire_decision`): the wave fails. */
  decisionTimedOut: 'DecisionTimedOut',
  /** Ends the child execution of a skipped wave with status `SKIPPED`: the stage goes on. */
  waveSkipped: 'WaveSkipped',
} as const);
