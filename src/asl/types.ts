/**
 * A retrier of a Task or Map state.
 *
 * @example
 * ```ts
 * import type { AslRetrier } from 'drs-waves';
 *
 * const retry: AslRetrier = { ErrorEquals: ['DrsRetryableError'], IntervalSeconds: 10, MaxAttempts: 6, BackoffRate: 2 };
 * ```
 */
export interface AslRetrier {
  /** The error names this retrier handles. */
  readonly ErrorEquals: readonly string[];
  /** Seconds before the first retry. */
  readonly IntervalSeconds?: number;
  /** Retries at most. */
  readonly MaxAttempts?: number;
  /** Multiplier of the interval per retry. */
  readonly BackoffRate?: number;
  /** `FULL` randomises each wait. */
  readonly JitterStrategy?: 'FULL' | 'NONE';
  /** The longest wait between retries. */
  readonly MaxDelaySeconds?: number;
}

/**
 * A catcher of a Task or Map state.
 *
 * @example
 * ```ts
 * import type { AslCatcher } from 'drs-waves';
 *
 * const onError: AslCatcher = { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordWaveFailure' };
 * ```
 */
export interface AslCatcher {
  /** The error names this catcher handles. */
  readonly ErrorEquals: readonly string[];
  /** Where to put `{ Error, Cause }` in the state. */
  readonly ResultPath?: string | null;
  /** The state to go to. */
  readonly Next: string;
}

/**
 * A Choice rule (JSONPath), possibly compound.
 *
 * @example
 * ```ts
 * import type { AslChoiceRule } from 'drs-waves';
 *
 * const rule: AslChoiceRule = { Variable: '$.status.status', StringEquals: 'COMPLETED', Next: 'WaveCompleted' };
 * ```
 */
export interface AslChoiceRule {
  /** The path compared. */
  readonly Variable?: string;
  /** Equal to this string. */
  readonly StringEquals?: string;
  /** Equal to this boolean. */
  readonly BooleanEquals?: boolean;
  /** Less than this number. */
  readonly NumericLessThan?: number;
  /** Less than the number at this path. */
  readonly NumericLessThanPath?: string;
  /** At least the number at this path. */
  readonly NumericGreaterThanEqualsPath?: string;
  /** Equal to the number at this path. */
  readonly NumericEqualsPath?: string;
  /** Whether the path is present (`true`) or absent (`false`). */
  readonly IsPresent?: boolean;
  /** Any of these rules. */
  readonly Or?: readonly AslChoiceRule[];
  /** All of these rules. */
  readonly And?: readonly AslChoiceRule[];
  /** The opposite of this rule. */
  readonly Not?: AslChoiceRule;
  /** The state to go to (top-level rules only). */
  readonly Next?: string;
}

/**
 * Fields every state may have.
 *
 * @example
 * ```ts
 * import type { AslStateBase } from 'drs-waves';
 *
 * const base: AslStateBase = { Comment: 'Wait between status checks' };
 * ```
 */
export interface AslStateBase {
  /** A note for readers. */
  readonly Comment?: string;
  /** The next state, unless `End`. */
  readonly Next?: string;
  /** Whether this state ends its machine. */
  readonly End?: true;
}

/**
 * A Task state: a router call (`lambda:invoke`, possibly `.waitForTaskToken`) or an SNS publish.
 *
 * @example
 * ```ts
 * import type { AslTaskState } from 'drs-waves';
 *
 * const task: AslTaskState = {
 *   Type: 'Task',
 *   Resource: 'arn:aws:states:::lambda:invoke',
 *   Parameters: { FunctionName: 'router', Payload: { action: 'start_wave' } },
 *   End: true,
 * };
 * ```
 */
export interface AslTaskState extends AslStateBase {
  /** `Task`. */
  readonly Type: 'Task';
  /** The service integration. */
  readonly Resource: string;
  /** The request, with `.$` keys read from the state. */
  readonly Parameters: Readonly<Record<string, unknown>>;
  /** What to keep of the answer. */
  readonly ResultSelector?: Readonly<Record<string, unknown>>;
  /** Where the answer goes in the state; `null` drops it. */
  readonly ResultPath?: string | null;
  /** How long the task may take. */
  readonly TimeoutSeconds?: number;
  /** Where in the state the task's timeout is read, instead of `TimeoutSeconds`. */
  readonly TimeoutSecondsPath?: string;
  /** Retriers, in order. */
  readonly Retry?: readonly AslRetrier[];
  /** Catchers, in order, `States.ALL` last. */
  readonly Catch?: readonly AslCatcher[];
}

/**
 * A Pass state: sets a value in the state.
 *
 * @example
 * ```ts
 * import type { AslPassState } from 'drs-waves';
 *
 * const pass: AslPassState = { Type: 'Pass', Result: { count: 0 }, ResultPath: '$.poll', Next: 'WaitForPoll' };
 * ```
 */
export interface AslPassState extends AslStateBase {
  /** `Pass`. */
  readonly Type: 'Pass';
  /** A value built from the state (`.$` keys, intrinsic functions). */
  readonly Parameters?: Readonly<Record<string, unknown>>;
  /** A constant value. */
  readonly Result?: unknown;
  /** Where the value goes. */
  readonly ResultPath?: string | null;
}

/**
 * A Choice state.
 *
 * @example
 * ```ts
 * import type { AslChoiceState } from 'drs-waves';
 *
 * const choice: AslChoiceState = {
 *   Type: 'Choice',
 *   Choices: [{ Variable: '$.status.status', StringEquals: 'FAILED', Next: 'StartRefused' }],
 *   Default: 'WaitForPoll',
 * };
 * ```
 */
export interface AslChoiceState extends AslStateBase {
  /** `Choice`. */
  readonly Type: 'Choice';
  /** The rules, first match wins. */
  readonly Choices: readonly AslChoiceRule[];
  /** Where to go when no rule matches. */
  readonly Default: string;
}

/**
 * A Wait state.
 *
 * @example
 * ```ts
 * import type { AslWaitState } from 'drs-waves';
 *
 * const wait: AslWaitState = { Type: 'Wait', Seconds: 30, Next: 'CheckWaveStatus' };
 * ```
 */
export interface AslWaitState extends AslStateBase {
  /** `Wait`. */
  readonly Type: 'Wait';
  /** How long, in seconds. */
  readonly Seconds?: number;
  /** Where in the state the seconds are read, instead of `Seconds`. */
  readonly SecondsPath?: string;
}

/**
 * How a Map runs its items.
 *
 * @example
 * ```ts
 * import type { AslProcessorConfig } from 'drs-waves';
 *
 * const config: AslProcessorConfig = { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' };
 * ```
 */
export interface AslProcessorConfig {
  /** `DISTRIBUTED`: each item is a child execution with its own history. */
  readonly Mode: 'DISTRIBUTED';
  /** `STANDARD`: child executions may run up to a year. */
  readonly ExecutionType: 'STANDARD';
}

/**
 * The processor of a Distributed Map: each item runs as a Standard child execution.
 *
 * @example
 * ```ts
 * import type { AslItemProcessor } from 'drs-waves';
 *
 * const processor: AslItemProcessor = {
 *   ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
 *   StartAt: 'Done',
 *   States: { Done: { Type: 'Succeed' } },
 * };
 * ```
 */
export interface AslItemProcessor {
  /** Distributed mode, Standard child executions. */
  readonly ProcessorConfig: AslProcessorConfig;
  /** The first state of each child execution. */
  readonly StartAt: string;
  /** The states of each child execution. */
  readonly States: Readonly<Record<string, AslState>>;
}

/**
 * A Map state.
 *
 * @example
 * ```ts
 * import type { AslMapState } from 'drs-waves';
 *
 * const map: AslMapState = {
 *   Type: 'Map',
 *   ItemsPath: '$.cursor.waves',
 *   ItemSelector: { 'wave.$': '$$.Map.Item.Value' },
 *   MaxConcurrency: 5,
 *   ItemProcessor: {
 *     ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
 *     StartAt: 'Done',
 *     States: { Done: { Type: 'Succeed' } },
 *   },
 *   End: true,
 * };
 * ```
 */
export interface AslMapState extends AslStateBase {
  /** `Map`. */
  readonly Type: 'Map';
  /** Where the items are. */
  readonly ItemsPath: string;
  /** Each child's input, built from the Map's input and `$$.Map.Item.Value`. */
  readonly ItemSelector: Readonly<Record<string, unknown>>;
  /** Children running at once. */
  readonly MaxConcurrency: number;
  /** Failed child executions (percent) the Map Run tolerates before it fails and stops the others. */
  readonly ToleratedFailurePercentage?: number;
  /** What runs each item. */
  readonly ItemProcessor: AslItemProcessor;
  /** The map run's label. */
  readonly Label?: string;
  /** What is kept of the children's outputs. */
  readonly ResultSelector?: Readonly<Record<string, unknown>>;
  /** Where the results go; `null` drops them. */
  readonly ResultPath?: string | null;
  /** Catchers, `States.ALL` last. */
  readonly Catch?: readonly AslCatcher[];
}

/**
 * A Succeed state.
 *
 * @example
 * ```ts
 * import type { AslSucceedState } from 'drs-waves';
 *
 * const done: AslSucceedState = { Type: 'Succeed' };
 * ```
 */
export interface AslSucceedState extends AslStateBase {
  /** `Succeed`. */
  readonly Type: 'Succeed';
}

/**
 * A Fail state, with a fixed or a read error and cause.
 *
 * @example
 * ```ts
 * import type { AslFailState } from 'drs-waves';
 *
 * const failed: AslFailState = { Type: 'Fail', ErrorPath: '$.failed.error', CausePath: '$.failed.cause' };
 * ```
 */
export interface AslFailState extends AslStateBase {
  /** `Fail`. */
  readonly Type: 'Fail';
  /** A fixed error name. */
  readonly Error?: string;
  /** A fixed cause. */
  readonly Cause?: string;
  /** Where the error name is read. */
  readonly ErrorPath?: string;
  /** Where the cause is read. */
  readonly CausePath?: string;
}

/**
 * One state of the definition. drs-waves uses these types and fields only.
 *
 * @example
 * ```ts
 * import type { AslState } from 'drs-waves';
 *
 * const wait: AslState = { Type: 'Wait', Seconds: 30, Next: 'CheckWaveStatus' };
 * ```
 */
export type AslState =
  | AslTaskState
  | AslPassState
  | AslChoiceState
  | AslWaitState
  | AslMapState
  | AslSucceedState
  | AslFailState;

/**
 * An Amazon States Language definition, JSONPath flavour: `JSON.stringify` it for
 * `CreateStateMachine`, CloudFormation or Terraform.
 *
 * @example
 * ```ts
 * import { buildPollingStateMachine, type StateMachineDefinition } from 'drs-waves';
 *
 * const definition: StateMachineDefinition = buildPollingStateMachine({
 *   lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves',
 * });
 * const json = JSON.stringify(definition);
 * ```
 */
export interface StateMachineDefinition {
  /** What the state machine does. */
  readonly Comment?: string;
  /** The JSONPath query language (JSONata is not used). */
  readonly QueryLanguage: 'JSONPath';
  /** The first state. */
  readonly StartAt: string;
  /** The longest an execution may run. */
  readonly TimeoutSeconds?: number;
  /** The states, by name. */
  readonly States: Readonly<Record<string, AslState>>;
}
