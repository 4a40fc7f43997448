/**
 * Options of {@link buildPollingStateMachine}. Only `lambdaArn` is required. Every option is
 * checked, and a key that is not one of them (such as `pollIntervalSecs`) is refused, naming
 * the option it most likely misspells; so is one in `lambdaRetry` or `transientRetry`.
 *
 * @example
 * ```ts
 * import type { PollingStateMachineOptions } from 'drs-waves';
 *
 * const options: PollingStateMachineOptions = {
 *   lambdaArn: '${RouterFunctionArn}', // a CloudFormation substitution passes through
 *   pollIntervalSeconds: 60,
 *   wavesInParallel: 3,
 *   notificationTopicArn: 'arn:aws:sns:us-east-1:123456789012:drs-waves',
 * };
 * ```
 */
export interface PollingStateMachineOptions {
  /**
   * The router Lambda (see `createActionRouter`), as a plain string: an ARN, a CDK token or a
   * CloudFormation substitution such as `${RouterFunctionArn}`.
   */
  readonly lambdaArn: string;
  /**
   * Seconds between two status checks of a wave.
   *
   * @default 30
   */
  readonly pollIntervalSeconds?: number;
  /**
   * Timeout of waves whose plan sets no `timeoutSeconds`, from the wave's start to its end.
   *
   * @default 14400 (4 hours)
   */
  readonly defaultWaveTimeoutSeconds?: number;
  /**
   * How many waves of one stage run at the same time. DRS allows 20 concurrent jobs and 500
   * servers in active jobs per account and Region: keep waves x servers within that.
   *
   * @default 5
   */
  readonly wavesInParallel?: number;
  /**
   * Wave IDs that wait for manual approval before they start, in addition to the waves whose
   * plan says `requireApproval`.
   *
   * @default []
   */
  readonly approvalWaveIds?: readonly string[];
  /**
   * How long a wave waits for an approval before it fails with `States.Timeout`.
   *
   * @default 86400 (24 hours)
   */
  readonly approvalTimeoutSeconds?: number;
  /**
   * An SNS topic told when a wave starts, succeeds or fails, and when the execution fails.
   * No notification states when absent.
   */
  readonly notificationTopicArn?: string;
  /**
   * A prefix for every state name, to embed the states in a larger machine or tell machines
   * apart in logs. Letters, digits, `-` and `_`.
   *
   * @default ''
   */
  readonly statePrefix?: string;
  /**
   * The definition's `Comment`.
   *
   * @default 'drs-waves: recover a plan in waves with AWS Elastic Disaster Recovery'
   */
  readonly comment?: string;
  /**
   * The longest an execution may run, in seconds; Step Functions' own limit (one year) when
   * absent.
   */
  readonly executionTimeoutSeconds?: number;
  /**
   * Retry of the Lambda service errors (`Lambda.ServiceException`, `Lambda.TooManyRequestsException`...)
   * and of the router's own timeout (`Sandbox.Timedout`) on every router call, or `false` to
   * leave them out. Every router action is idempotent, so a retry never repeats a side effect.
   *
   * @default { intervalSeconds: 2, maxAttempts: 6, backoffRate: 2 }
   */
  readonly lambdaRetry?: RetryPolicy | false;
  /**
   * Retry of transient orchestration errors (`DrsRetryableError`, `HistoryUnavailableError`: a
   * store failed) on every router call. A wave start does not need it to wait for quota or a
   * conflict: chunks that cannot start yet are retried by the wave's status checks.
   *
   * @default { intervalSeconds: 10, maxAttempts: 6, backoffRate: 2 }
   */
  readonly transientRetry?: RetryPolicy;
  /**
   * How a wave learns that its servers launched:
   * - `'polling'`: it checks every `pollIntervalSeconds`;
   * - `'events'`: it waits (`.waitForTaskToken`) for DRS's "DRS Source Server Launch Result"
   *   events, which an EventBridge rule sends to the router: the router resumes the wave once
   *   every server of it has a result. Those events are best-effort, so the wave still checks
   *   every `safetyNetPollSeconds`, and its timeout holds. The router needs `taskCallbacks`,
   *   and the rule must send it `source: aws.drs` events (the CDK construct creates it).
   *
   * @default 'polling'
   */
  readonly completion?: 'polling' | 'events';
  /**
   * With `completion: 'events'`: seconds between two checks of a wave when no event resumes
   * it.
   *
   * @default 300
   */
  readonly safetyNetPollSeconds?: number;
  /**
   * Check the plan's readiness against live DRS before the first stage (router
   * `check_readiness`, the same check as `drs-waves check`), and record it with the execution.
   * A `RECOVERY` with blocking findings fails with `ReadinessBlocked` before any DRS job,
   * unless started with `overrideReadiness: true`; a drill goes on, its findings recorded.
   *
   * @default false
   */
  readonly readinessCheck?: boolean;
}

/**
 * How a retrier waits: `intervalSeconds`, then times `backoffRate`, at most `maxAttempts` times,
 * each wait randomised (full jitter).
 *
 * @example
 * ```ts
 * import type { RetryPolicy } from 'drs-waves';
 *
 * const patient: RetryPolicy = { intervalSeconds: 5, maxAttempts: 10, backoffRate: 1.5 };
 * ```
 */
export interface RetryPolicy {
  /** Seconds before the first retry. */
  readonly intervalSeconds: number;
  /** Retries at most. */
  readonly maxAttempts: number;
  /** Multiplier of the wait per retry. */
  readonly backoffRate: number;
}
