/**
 * The error family of drs-waves.
 *
 * Every error has a literal `name` (never derived from `constructor.name`, which minifiers
 * rename). The names that a Lambda may throw to Step Functions are listed in {@link ErrorName}:
 * the action router throws them and the state machine builder matches them in `Retry` and
 * `Catch`, so both sides read the same constants.
 *
 * @module
 */

const BRAND = Symbol.for('drs-waves.error');

/**
 * The `name` of every error drs-waves throws. Step Functions sees a Lambda error by its name,
 * so these strings are a contract between the action router and the state machine.
 *
 * @example
 * ```ts
 * import { ErrorName } from 'drs-waves';
 *
 * const catchInvalidPlan = { ErrorEquals: [ErrorName.InvalidPlan], Next: 'RecordFailure' };
 * ```
 */
export const ErrorName = {
  /** A recovery plan failed validation. */
  InvalidPlan: 'InvalidPlanError',
  /** Options given to a drs-waves function failed validation. */
  InvalidOptions: 'InvalidOptionsError',
  /** An execution type other than exactly `DRILL` or `RECOVERY`. */
  InvalidExecutionType: 'InvalidExecutionTypeError',
  /** A wave ended with a critical server failed (raised by the state machine, recorded in the history). */
  WaveFailed: 'WaveFailed',
  /** A wave was still in progress at its timeout (raised by the state machine). */
  WaveTimeout: 'WaveTimeout',
  /**
   * A wave action whose `onFailure` is `FAIL` failed or timed out (answered by `record_action`,
   * raised by the state machine).
   */
  ActionFailed: 'ActionFailed',
  /**
   * A `RECOVERY` refused by the readiness check before its first stage (raised by the state
   * machine built with `readinessCheck`).
   */
  ReadinessBlocked: 'ReadinessBlocked',
  /** An operator rejected a wave waiting for approval (sent with `SendTaskFailure`). */
  ApprovalRejected: 'ApprovalRejected',
  /** Running a plan would cross a Step Functions limit (history events, duration, payload). */
  ExecutionBudgetExceeded: 'ExecutionBudgetExceededError',
  /** The execution history could not be read or written (throttling, the network): retry. */
  HistoryUnavailable: 'HistoryUnavailableError',
  /** A stored protection group is malformed. */
  InvalidProtectionGroup: 'InvalidProtectionGroupError',
  /** A wave names protection groups that do not exist. */
  UnknownProtectionGroup: 'UnknownProtectionGroupError',
  /** A wave needs more of a DRS quota at once than the account has. */
  WaveQuotaExceeded: 'WaveQuotaExceededError',
  /** Another invocation is starting the same wave right now: retry shortly. */
  WaveStartInProgress: 'WaveStartInProgressError',
  /** A call contradicts what the history recorded (another execution type, another plan). */
  ExecutionMismatch: 'ExecutionMismatchError',
  /** The history has no record of an execution, wave or chunk that the call names. */
  HistoryRecordNotFound: 'HistoryRecordNotFoundError',
  /** A DRS call failed in a way worth retrying: throttling, an internal error, the network. */
  DrsRetryable: 'DrsRetryableError',
  /** A DRS call was refused and retrying it unchanged cannot help: validation, conflict, quota, access. */
  DrsNonRetryable: 'DrsNonRetryableError',
  /** An event of a known action (or a non-object event) failed validation in the action router. */
  InvalidEvent: 'InvalidEventError',
  /** An event whose `action` is missing, not a string, or not one the action router knows. */
  UnknownAction: 'UnknownActionError',
  /** The plan store has no plan with the ID an execution names. */
  PlanNotFound: 'PlanNotFoundError',
  /** A `RECOVERY` was asked for without `confirmRecovery` equal to the plan ID. */
  RecoveryNotConfirmed: 'RecoveryNotConfirmedError',
  /** The history has no approval request for the wave a decision names. */
  ApprovalNotFound: 'ApprovalNotFoundError',
  /** A wave's approval was decided already, by someone else or the other way. */
  ApprovalAlreadyDecided: 'ApprovalAlreadyDecidedError',
  /**
   * A failure decision was refused: the wave waits for none, it was decided already, or a retry
   * has no failed critical server to relaunch.
   */
  DecisionRefused: 'DecisionRefusedError',
  /**
   * A resume was refused: the execution did not end FAILED or CANCELLED, was resumed already,
   * or the wave is unknown, after its first unfinished wave, or leaves nothing to run.
   */
  ResumeRefused: 'ResumeRefusedError',
  /** A drill cleanup was refused: the execution is a `RECOVERY`, or still running. */
  CleanupRefused: 'CleanupRefusedError',
  /** An operator cancelled the execution (sent with `StopExecution`, recorded in the history). */
  ExecutionCancelled: 'ExecutionCancelled',
  /** An optional peer dependency (an AWS SDK client, `aws-local-stepfunctions`, `dynalite`) is not installed. */
  MissingPeerDependency: 'MissingPeerDependencyError',
  /**
   * STS refused the role of an account the plan names (access denied, a wrong ExternalId, the
   * Region disabled): not retried, the wave fails naming the account.
   */
  AccountRoleDenied: 'AccountRoleDeniedError',
  /** A plan names an account for which the deployment configures no role: refused at its start. */
  AccountNotConfigured: 'AccountNotConfiguredError',
  /** A wave's tag selector matched no server it could launch, and the wave does not allow it. */
  EmptySelector: 'EmptySelectorError',
  /** Servers of a wave have no recovery snapshot for its recovery point: nothing was started. */
  RecoveryPointUnavailable: 'RecoveryPointUnavailableError',
} as const;

/**
 * One of the literal error names in {@link ErrorName}.
 *
 * @example
 * ```ts
 * import type { ErrorNameValue } from 'drs-waves';
 *
 * const name: ErrorNameValue = 'InvalidPlanError';
 * ```
 */
export type ErrorNameValue = (typeof ErrorName)[keyof typeof ErrorName];

/**
 * One problem found while validating input: where it is and what is wrong.
 *
 * @example
 * ```ts
 * import type { Problem } from 'drs-waves';
 *
 * const problem: Problem = { path: 'waves[1].id', message: 'Duplicate wave ID "app"' };
 * ```
 */
export interface Problem {
  /** Where the problem is, as a path into the input (`waves[0].servers[2]`); empty for the root. */
  readonly path: string;
  /** What is wrong, naming the bad value. */
  readonly message: string;
}

/**
 * Base class of every error drs-waves throws. Use {@link isDrsWavesError} rather than
 * `instanceof` to recognise it: the guard also works when the package is loaded twice
 * (once as ESM and once as CommonJS).
 *
 * @example
 * ```ts
 * import { isDrsWavesError, parseRecoveryPlan } from 'drs-waves';
 *
 * try {
 *   parseRecoveryPlan({});
 * } catch (error) {
 *   if (isDrsWavesError(error)) console.error(error.name, error.message);
 * }
 * ```
 */
export abstract class DrsWavesError extends Error {
  /** The literal error name, one of {@link ErrorName}. */
  abstract override readonly name: ErrorNameValue;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

function formatProblems(subject: string, problems: readonly Problem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `- ${p.path === '' ? '(root)' : p.path}: ${p.message}`);
  return [`${subject} (${count}):`, ...lines].join('\n');
}

/**
 * A recovery plan failed validation. `problems` lists every problem found, each with its path;
 * the message lists them too, one per line.
 *
 * @example
 * ```ts
 * import { isInvalidPlanError, parseRecoveryPlan } from 'drs-waves';
 *
 * try {
 *   parseRecoveryPlan({ id: 'app', waves: [] });
 * } catch (error) {
 *   if (isInvalidPlanError(error)) for (const p of error.problems) console.error(p.path, p.message);
 * }
 * ```
 */
export class InvalidPlanError extends DrsWavesError {
  override readonly name = ErrorName.InvalidPlan;
  /** Every problem found in the plan. */
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(formatProblems('Invalid recovery plan', problems));
    this.problems = problems;
  }
}

/**
 * Options given to a drs-waves function failed validation. `problems` lists every problem.
 *
 * @example
 * ```ts
 * import { InvalidOptionsError } from 'drs-waves';
 *
 * const error = new InvalidOptionsError('buildPollingStateMachine', [
 *   { path: 'pollIntervalSeconds', message: 'Expected a positive integer, got 0' },
 * ]);
 * console.log(error.message);
 * ```
 */
export class InvalidOptionsError extends DrsWavesError {
  override readonly name = ErrorName.InvalidOptions;
  /** Every problem found in the options. */
  readonly problems: readonly Problem[];
  /** The function whose options were invalid. */
  readonly functionName: string;

  constructor(functionName: string, problems: readonly Problem[]) {
    super(formatProblems(`Invalid options for ${functionName}`, problems));
    this.functionName = functionName;
    this.problems = problems;
  }
}

/**
 * An execution type other than exactly `DRILL` or `RECOVERY`. Nothing is case-folded: a typo
 * never becomes a real recovery.
 *
 * @example
 * ```ts
 * import { isInvalidExecutionTypeError, parseExecutionType } from 'drs-waves';
 *
 * try {
 *   parseExecutionType('drill');
 * } catch (error) {
 *   if (isInvalidExecutionTypeError(error)) console.error(error.value); // 'drill'
 * }
 * ```
 */
export class InvalidExecutionTypeError extends DrsWavesError {
  override readonly name = ErrorName.InvalidExecutionType;
  /** The value that was given. */
  readonly value: unknown;

  constructor(value: unknown) {
    super(`Expected execution type "DRILL" or "RECOVERY", got ${describeValue(value)}`);
    this.value = value;
  }
}

/**
 * The history has no record of the execution, wave or chunk a call names.
 *
 * @example
 * ```ts
 * import { HistoryRecordNotFoundError } from 'drs-waves';
 *
 * const error = new HistoryRecordNotFoundError('execution', 'three-tier-20260101');
 * error.message; // 'No execution "three-tier-20260101" in the execution history'
 * ```
 */
export class HistoryRecordNotFoundError extends DrsWavesError {
  override readonly name = ErrorName.HistoryRecordNotFound;
  /** What kind of record is missing. */
  readonly kind: 'execution' | 'wave' | 'chunk' | 'stage' | 'action';
  /** Its ID (`execution/wave/chunk` for nested records). */
  readonly id: string;

  constructor(kind: 'execution' | 'wave' | 'chunk' | 'stage' | 'action', id: string) {
    super(`No ${kind} ${describeValue(id)} in the execution history`);
    this.kind = kind;
    this.id = id;
  }
}

/**
 * A stored protection group is malformed: its servers are not source server IDs, or its impact
 * levels are unknown.
 *
 * @example
 * ```ts
 * import { InvalidProtectionGroupError } from 'drs-waves';
 *
 * const error = new InvalidProtectionGroupError('pg-db', 'Servers[0] is not a DRS source server ID: "db01"');
 * ```
 */
export class InvalidProtectionGroupError extends DrsWavesError {
  override readonly name = ErrorName.InvalidProtectionGroup;
  /** The group. */
  readonly groupId: string;

  constructor(groupId: string, reason: string) {
    super(`Protection group ${describeValue(groupId)} is invalid: ${reason}`);
    this.groupId = groupId;
  }
}

/**
 * A wave names protection groups that the store does not have.
 *
 * @example
 * ```ts
 * import { UnknownProtectionGroupError } from 'drs-waves';
 *
 * const error = new UnknownProtectionGroupError('app', ['pg-app', 'pg-cache']);
 * error.message; // 'Wave "app" names unknown protection groups: "pg-app", "pg-cache"'
 * ```
 */
export class UnknownProtectionGroupError extends DrsWavesError {
  override readonly name = ErrorName.UnknownProtectionGroup;
  /** The wave. */
  readonly waveId: string;
  /** The groups that do not exist. */
  readonly groupIds: readonly string[];

  constructor(waveId: string, groupIds: readonly string[]) {
    super(
      `Wave ${describeValue(waveId)} names unknown protection groups: ${groupIds.map((g) => describeValue(g)).join(', ')}`,
    );
    this.waveId = waveId;
    this.groupIds = groupIds;
  }
}

/**
 * A wave needs more of a DRS quota at once than the account allows (in one account and Region:
 * quotas are counted per account); nothing was started. `accountId` and `region` name where,
 * when it is not the orchestrator's own account and Region.
 *
 * @example
 * ```ts
 * import { WaveQuotaExceededError } from 'drs-waves';
 *
 * const error = new WaveQuotaExceededError('big', 'maxServersInActiveJobs', 600, 500, { accountId: '111122223333' });
 * error.message; // 'Wave "big" needs 600 against the DRS quota maxServersInActiveJobs of 500 in account 111122223333: split it into smaller waves'
 * ```
 */
export class WaveQuotaExceededError extends DrsWavesError {
  override readonly name = ErrorName.WaveQuotaExceeded;
  /** The wave. */
  readonly waveId: string;
  /** The quota, as named in `DrsQuotas`. */
  readonly quota: string;
  /** What the wave needs. */
  readonly needed: number;
  /** The quota's value. */
  readonly limit: number;
  /** The account where the quota is passed; absent for the orchestrator's own. */
  readonly accountId?: string;
  /** The Region where the quota is passed; absent for the orchestrator's own. */
  readonly region?: string;

  constructor(
    waveId: string,
    quota: string,
    needed: number,
    limit: number,
    where: { readonly accountId?: string; readonly region?: string } = {},
  ) {
    const at = `${where.accountId === undefined ? '' : ` in account ${where.accountId}`}${where.region === undefined ? '' : ` in ${where.region}`}`;
    super(
      `Wave ${describeValue(waveId)} needs ${needed} against the DRS quota ${quota} of ${limit}${at}: split it into smaller waves`,
    );
    this.waveId = waveId;
    this.quota = quota;
    this.needed = needed;
    this.limit = limit;
    if (where.accountId !== undefined) this.accountId = where.accountId;
    if (where.region !== undefined) this.region = where.region;
  }
}

/**
 * Another invocation holds a fresh claim on starting part of this wave; retry after a short
 * wait, when the claim is either fulfilled or stale.
 *
 * @deprecated `startWave` no longer throws it: a chunk another invocation holds is left to its
 * holder, and the wave's status checks start it if that invocation died. Kept so that code
 * matching the name still compiles; removed in the next major version.
 *
 * @example
 * ```ts
 * import { WaveStartInProgressError } from 'drs-waves';
 *
 * const error = new WaveStartInProgressError('e1', 'app', [2]);
 * ```
 */
export class WaveStartInProgressError extends DrsWavesError {
  override readonly name = ErrorName.WaveStartInProgress;
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** The chunks another invocation is starting. */
  readonly chunkIndexes: readonly number[];

  constructor(
    executionId: string,
    waveId: string,
    chunkIndexes: readonly number[],
    options?: { cause?: unknown },
  ) {
    super(
      `Wave ${describeValue(waveId)} of execution ${describeValue(executionId)} is being started by another invocation (chunks ${chunkIndexes.join(', ')}): retry shortly`,
      options,
    );
    this.executionId = executionId;
    this.waveId = waveId;
    this.chunkIndexes = chunkIndexes;
  }
}

/**
 * A call contradicts the execution recorded in the history, such as a wave start that names
 * another execution type than the execution was created with.
 *
 * @example
 * ```ts
 * import { ExecutionMismatchError } from 'drs-waves';
 *
 * const error = new ExecutionMismatchError('e1', 'executionType', 'RECOVERY', 'DRILL');
 * ```
 */
export class ExecutionMismatchError extends DrsWavesError {
  override readonly name = ErrorName.ExecutionMismatch;
  /** The execution. */
  readonly executionId: string;
  /** The field that disagrees. */
  readonly field: string;

  constructor(executionId: string, field: string, given: unknown, recorded: unknown) {
    super(
      `Execution ${describeValue(executionId)} was recorded with ${field} ${describeValue(recorded)}, not ${describeValue(given)}`,
    );
    this.executionId = executionId;
    this.field = field;
  }
}

/**
 * An event sent to the action router failed validation: a non-object event, an event over the
 * Step Functions payload limit or nested too deep, one that JSON cannot represent, or a known
 * action's event with missing, malformed or unknown fields. `problems` lists every problem with its path; the message lists them too, one per
 * line.
 *
 * @example
 * ```ts
 * import { InvalidEventError } from 'drs-waves';
 *
 * const error = new InvalidEventError('start_wave', [
 *   { path: 'waveId', message: 'Missing required field' },
 * ]);
 * error.message; // 'Invalid start_wave event (1 problem):\n- waveId: Missing required field'
 * ```
 */
export class InvalidEventError extends DrsWavesError {
  override readonly name = ErrorName.InvalidEvent;
  /** The event's action, or `undefined` when the event was not an object. */
  readonly action: string | undefined;
  /** Every problem found in the event. */
  readonly problems: readonly Problem[];

  constructor(action: string | undefined, problems: readonly Problem[]) {
    super(
      formatProblems(action === undefined ? 'Invalid event' : `Invalid ${action} event`, problems),
    );
    this.action = action;
    this.problems = problems;
  }
}

/**
 * An event sent to the action router names no action it knows: the `action` field is missing,
 * not a string, or not one of the expected names.
 *
 * @example
 * ```ts
 * import { UnknownActionError } from 'drs-waves';
 *
 * const error = new UnknownActionError('strat_wave', ['start_wave', 'check_wave_status']);
 * error.message; // 'Unknown action "strat_wave": expected one of start_wave, check_wave_status'
 * ```
 */
export class UnknownActionError extends DrsWavesError {
  override readonly name = ErrorName.UnknownAction;
  /** The `action` the event carried (`undefined` when it had none). */
  readonly action: unknown;
  /** The actions the router knows. */
  readonly expected: readonly string[];

  constructor(action: unknown, expected: readonly string[]) {
    const given =
      action === undefined ? 'Missing action' : `Unknown action ${describeValue(action)}`;
    super(`${given}: expected one of ${expected.join(', ')}`);
    this.action = action;
    this.expected = expected;
  }
}

/**
 * The plan store has no plan with the ID an execution names.
 *
 * @example
 * ```ts
 * import { PlanNotFoundError } from 'drs-waves';
 *
 * const error = new PlanNotFoundError('three-tier');
 * error.message; // 'No plan "three-tier" in the plan store'
 * ```
 */
export class PlanNotFoundError extends DrsWavesError {
  override readonly name = ErrorName.PlanNotFound;
  /** The plan that is missing. */
  readonly planId: string;

  constructor(planId: string) {
    super(`No plan ${describeValue(planId)} in the plan store`);
    this.planId = planId;
  }
}

/**
 * Running a plan on the state machine would cross a Step Functions limit; `problems` names each
 * one (see `estimateExecutionBudget`).
 *
 * @example
 * ```ts
 * import { ExecutionBudgetExceededError } from 'drs-waves';
 *
 * const error = new ExecutionBudgetExceededError('big', [
 *   { path: 'waves[w1]', message: "Needs up to 31000 history events, above Step Functions' 25000" },
 * ]);
 * ```
 */
export class ExecutionBudgetExceededError extends DrsWavesError {
  override readonly name = ErrorName.ExecutionBudgetExceeded;
  /** The plan. */
  readonly planId: string;
  /** Every limit crossed. */
  readonly problems: readonly Problem[];

  constructor(planId: string, problems: readonly Problem[]) {
    super(formatProblems(`Plan ${describeValue(planId)} exceeds Step Functions limits`, problems));
    this.planId = planId;
    this.problems = problems;
  }
}

/**
 * A `RECOVERY` was asked for without `confirmRecovery` equal to the plan ID. Nothing was
 * started: a real recovery never starts from a default, a typo or a copied command.
 *
 * @example
 * ```ts
 * import { RecoveryNotConfirmedError } from 'drs-waves';
 *
 * const error = new RecoveryNotConfirmedError('three-tier', 'three_tier');
 * error.message; // 'A RECOVERY of plan "three-tier" needs confirmRecovery set to "three-tier", got "three_tier"'
 * ```
 */
export class RecoveryNotConfirmedError extends DrsWavesError {
  override readonly name = ErrorName.RecoveryNotConfirmed;
  /** The plan. */
  readonly planId: string;
  /** The `confirmRecovery` that was given (`undefined` when none was). */
  readonly confirmRecovery: unknown;

  constructor(planId: string, confirmRecovery: unknown) {
    const plan = describeValue(planId);
    super(
      `A RECOVERY of plan ${plan} needs confirmRecovery set to ${plan}, got ${describeValue(confirmRecovery)}`,
    );
    this.planId = planId;
    this.confirmRecovery = confirmRecovery;
  }
}

/**
 * The history has no approval request for the wave a decision names: the wave does not wait
 * for approval, has not reached its approval yet, or the IDs are wrong.
 *
 * @example
 * ```ts
 * import { ApprovalNotFoundError } from 'drs-waves';
 *
 * const error = new ApprovalNotFoundError('e1', 'web');
 * error.message; // 'No approval request for wave "web" of execution "e1" in the execution history'
 * ```
 */
export class ApprovalNotFoundError extends DrsWavesError {
  override readonly name = ErrorName.ApprovalNotFound;
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;

  constructor(executionId: string, waveId: string) {
    super(
      `No approval request for wave ${describeValue(waveId)} of execution ${describeValue(executionId)} in the execution history`,
    );
    this.executionId = executionId;
    this.waveId = waveId;
  }
}

/**
 * A wave's approval was decided already: by someone else, or the other way. Only a repeat of
 * the recorded decision, by the same person, is accepted.
 *
 * @example
 * ```ts
 * import { ApprovalAlreadyDecidedError } from 'drs-waves';
 *
 * const error = new ApprovalAlreadyDecidedError('e1', 'web', 'REJECTED', 'arn:aws:iam::123456789012:user/ops');
 * error.message; // 'Wave "web" of execution "e1" was already REJECTED by "arn:aws:iam::123456789012:user/ops"'
 * ```
 */
export class ApprovalAlreadyDecidedError extends DrsWavesError {
  override readonly name = ErrorName.ApprovalAlreadyDecided;
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** The recorded decision. */
  readonly status: 'APPROVED' | 'REJECTED';
  /** Who made it, when recorded. */
  readonly decidedBy: string | undefined;

  constructor(
    executionId: string,
    waveId: string,
    status: 'APPROVED' | 'REJECTED',
    decidedBy: string | undefined,
  ) {
    const by = decidedBy === undefined ? '' : ` by ${describeValue(decidedBy)}`;
    super(
      `Wave ${describeValue(waveId)} of execution ${describeValue(executionId)} was already ${status}${by}`,
    );
    this.executionId = executionId;
    this.waveId = waveId;
    this.status = status;
    this.decidedBy = decidedBy;
  }
}

/**
 * Why a failure decision was refused: the wave waits for no decision (`NOT_WAITING`), another
 * decision was recorded (`ALREADY_DECIDED`), a retry would relaunch nothing: the wave has
 * no failed critical server (`NOTHING_TO_RETRY`), or the wave had `MAX_WAVE_ATTEMPTS`
 * attempts (`NO_ATTEMPTS_LEFT`), or the execution is no longer `RUNNING` (cancelled): only
 * `ABORT` is accepted then (`EXECUTION_ENDED`).
 *
 * @example
 * ```ts
 * import type { DecisionRefusal } from 'drs-waves';
 *
 * const reason: DecisionRefusal = 'NOTHING_TO_RETRY';
 * ```
 */
export type DecisionRefusal =
  | 'NOT_WAITING'
  | 'ALREADY_DECIDED'
  | 'NOTHING_TO_RETRY'
  | 'NO_ATTEMPTS_LEFT'
  | 'EXECUTION_ENDED';

/**
 * A failure decision on a wave was refused, before anything was recorded or sent: the message
 * names the execution, the wave, the decision and why.
 *
 * @example
 * ```ts
 * import { DecisionRefusedError } from 'drs-waves';
 *
 * const error = new DecisionRefusedError('e1', 'app', 'RETRY', 'NOT_WAITING');
 * error.message; // 'Decision RETRY on wave "app" of execution "e1" refused: the wave waits for no failure decision'
 * ```
 */
export class DecisionRefusedError extends DrsWavesError {
  override readonly name = ErrorName.DecisionRefused;
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** The decision asked for. */
  readonly decision: string;
  /** Why it was refused. */
  readonly reason: DecisionRefusal;

  constructor(
    executionId: string,
    waveId: string,
    decision: string,
    reason: DecisionRefusal,
    detail?: string,
  ) {
    const why =
      reason === 'NOT_WAITING'
        ? 'the wave waits for no failure decision'
        : reason === 'ALREADY_DECIDED'
          ? `the failure was already decided${detail === undefined ? '' : `: ${detail}`}`
          : reason === 'NO_ATTEMPTS_LEFT'
            ? `the wave had its last attempt${detail === undefined ? '' : ` (${detail})`}: skip or abort it`
            : reason === 'EXECUTION_ENDED'
              ? `the execution is ${detail ?? 'not running'}: only ABORT is accepted`
              : 'the wave has no failed critical server to relaunch (skip or abort it)';
    super(
      `Decision ${decision} on wave ${describeValue(waveId)} of execution ${describeValue(executionId)} refused: ${why}`,
    );
    this.executionId = executionId;
    this.waveId = waveId;
    this.decision = decision;
    this.reason = reason;
  }
}

/**
 * Whether `error` is a {@link DecisionRefusedError}, from this copy of the package or another
 * one.
 *
 * @example
 * ```ts
 * import { isDecisionRefusedError } from 'drs-waves';
 *
 * const status = (error: unknown) => (isDecisionRefusedError(error) ? 409 : 500);
 * ```
 */
export function isDecisionRefusedError(error: unknown): error is DecisionRefusedError {
  return isNamed(error, ErrorName.DecisionRefused);
}

/**
 * Why a resume was refused.
 *
 * @example
 * ```ts
 * import type { ResumeRefusal } from 'drs-waves';
 *
 * const reason: ResumeRefusal = 'AFTER_UNFINISHED_WAVE';
 * ```
 */
export type ResumeRefusal =
  | 'NOT_FAILED'
  | 'ALREADY_RESUMED'
  | 'UNKNOWN_WAVE'
  | 'AFTER_UNFINISHED_WAVE'
  | 'NOTHING_TO_RESUME';

/**
 * A resume of an execution from a wave was refused before anything started: the message names
 * the execution, the wave and the value that refused it.
 *
 * @example
 * ```ts
 * import { ResumeRefusedError } from 'drs-waves';
 *
 * const error = new ResumeRefusedError('e1', 'web', 'NOT_FAILED', 'it is SUCCEEDED');
 * error.message; // 'Resume of execution "e1" from wave "web" refused: it is SUCCEEDED'
 * ```
 */
export class ResumeRefusedError extends DrsWavesError {
  override readonly name = ErrorName.ResumeRefused;
  /** The execution to resume. */
  readonly executionId: string;
  /** The wave to resume from. */
  readonly waveId: string;
  /** Why it was refused. */
  readonly reason: ResumeRefusal;

  constructor(executionId: string, waveId: string, reason: ResumeRefusal, why: string) {
    super(
      `Resume of execution ${describeValue(executionId)} from wave ${describeValue(waveId)} refused: ${why}`,
    );
    this.executionId = executionId;
    this.waveId = waveId;
    this.reason = reason;
  }
}

/**
 * Whether `error` is a {@link ResumeRefusedError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isResumeRefusedError } from 'drs-waves';
 *
 * const status = (error: unknown) => (isResumeRefusedError(error) ? 409 : 500);
 * ```
 */
export function isResumeRefusedError(error: unknown): error is ResumeRefusedError {
  return isNamed(error, ErrorName.ResumeRefused);
}

/**
 * A drill cleanup was refused before any DRS call: the execution is a `RECOVERY` (its recovery
 * instances are the production workload now), or it is still `RUNNING` (cancel it or let it end
 * first, or instances launched after the cleanup would be missed).
 *
 * @example
 * ```ts
 * import { CleanupRefusedError } from 'drs-waves';
 *
 * const error = new CleanupRefusedError('e1', 'RECOVERY');
 * error.reason; // 'RECOVERY'
 * ```
 */
export class CleanupRefusedError extends DrsWavesError {
  override readonly name = ErrorName.CleanupRefused;
  /** The execution. */
  readonly executionId: string;
  /** Why: a `RECOVERY` execution, or a `RUNNING` one. */
  readonly reason: 'RECOVERY' | 'RUNNING';

  constructor(executionId: string, reason: 'RECOVERY' | 'RUNNING') {
    const id = describeValue(executionId);
    super(
      reason === 'RECOVERY'
        ? `Execution ${id} is a RECOVERY: its recovery instances now run the workload, and drs-waves never terminates them`
        : `Execution ${id} is still RUNNING: cancel it or let it end before cleaning up its drill instances`,
    );
    this.executionId = executionId;
    this.reason = reason;
  }
}

/**
 * A store failed (DynamoDB throttling, a network error): the execution history, or the plan or
 * protection group store. Every router action converts such failures into this error, which the
 * state machine retries: nothing was decided, and every action is idempotent.
 *
 * @example
 * ```ts
 * import { HistoryUnavailableError } from 'drs-waves';
 *
 * const error = new HistoryUnavailableError('check_wave_status', { cause: new Error('ProvisionedThroughputExceededException') });
 * error.message; // 'The execution history failed during check_wave_status: retry'
 * ```
 */
export class HistoryUnavailableError extends DrsWavesError {
  override readonly name = ErrorName.HistoryUnavailable;
  /** What was being done. */
  readonly operation: string;
  /** Which store failed. */
  readonly store: string;

  constructor(operation: string, options?: { cause?: unknown; store?: string }) {
    const store = options?.store ?? 'execution history';
    super(
      `The ${store} failed during ${operation}: retry`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.operation = operation;
    this.store = store;
  }
}

/**
 * A function needs an optional peer dependency that is not installed: an AWS SDK client
 * (`@aws-sdk/client-drs`, `@aws-sdk/client-sfn`, `@aws-sdk/lib-dynamodb`...),
 * `aws-local-stepfunctions` or `dynalite`. drs-waves loads each on first use, so importing the
 * package never needs them; the message names the command that installs the missing one. The
 * import error is kept as `cause`.
 *
 * @example
 * ```ts
 * import { MissingPeerDependencyError } from 'drs-waves';
 *
 * const error = new MissingPeerDependencyError(
 *   '@aws-sdk/client-drs',
 *   'createDrsAdapter',
 *   'npm install @aws-sdk/client-drs',
 * );
 * error.message; // 'drs-waves needs @aws-sdk/client-drs for createDrsAdapter: npm install @aws-sdk/client-drs'
 * ```
 */
export class MissingPeerDependencyError extends DrsWavesError {
  override readonly name = ErrorName.MissingPeerDependency;
  /** The package that is missing, such as `@aws-sdk/client-drs`. */
  readonly packageName: string;
  /** The command that installs it, such as `npm install @aws-sdk/client-drs`. */
  readonly installCommand: string;

  constructor(
    packageName: string,
    usedBy: string,
    installCommand: string,
    options?: { cause?: unknown },
  ) {
    super(`drs-waves needs ${packageName} for ${usedBy}: ${installCommand}`, options);
    this.packageName = packageName;
    this.installCommand = installCommand;
  }
}

/**
 * STS refused to let the orchestrator assume the role configured for an account (`AccessDenied`:
 * the role's trust policy does not name the orchestrator's role, the ExternalId differs, the
 * role does not exist; or STS is disabled in the Region). Retrying cannot help: Step Functions
 * does not retry it, and the wave fails with it. The message names the account and the role,
 * never credentials; STS's error is kept as `cause`.
 *
 * @example
 * ```ts
 * import { AccountRoleDeniedError } from 'drs-waves';
 *
 * const error = new AccountRoleDeniedError('111122223333', 'arn:aws:iam::111122223333:role/drs-waves-target', 'AccessDenied');
 * error.message; // 'Could not assume the role arn:aws:iam::111122223333:role/drs-waves-target of account 111122223333: AccessDenied'
 * ```
 */
export class AccountRoleDeniedError extends DrsWavesError {
  override readonly name = ErrorName.AccountRoleDenied;
  /** The account whose role was refused. */
  readonly accountId: string;
  /** The role's ARN. */
  readonly roleArn: string;
  /** STS's error name, such as `AccessDenied`. */
  readonly stsErrorName: string;

  constructor(
    accountId: string,
    roleArn: string,
    stsErrorName: string,
    options?: { cause?: unknown },
  ) {
    super(`Could not assume the role ${roleArn} of account ${accountId}: ${stsErrorName}`, options);
    this.accountId = accountId;
    this.roleArn = roleArn;
    this.stsErrorName = stsErrorName;
  }
}

/**
 * A plan names AWS accounts for which the deployment configures no role (`accountRoles` of the
 * router, the construct or the template): the execution is refused at its start, before any
 * DRS call. `problems` names each place (`waves[1].servers[0].accountId`, or a protection group
 * by ID), `accountIds` the accounts.
 *
 * @example
 * ```ts
 * import { AccountNotConfiguredError } from 'drs-waves';
 *
 * const error = new AccountNotConfiguredError('shop', [
 *   { path: 'waves[0].accountId', message: 'Account 111122223333 has no role in accountRoles' },
 * ], ['111122223333']);
 * ```
 */
export class AccountNotConfiguredError extends DrsWavesError {
  override readonly name = ErrorName.AccountNotConfigured;
  /** The plan. */
  readonly planId: string;
  /** Where the plan (or a protection group it names) names each account, one problem each. */
  readonly problems: readonly Problem[];
  /** The accounts without a role, sorted. */
  readonly accountIds: readonly string[];

  constructor(planId: string, problems: readonly Problem[], accountIds: readonly string[]) {
    super(
      formatProblems(
        `Plan ${describeValue(planId)} names accounts without a role configured (${accountIds.join(', ')})`,
        problems,
      ),
    );
    this.planId = planId;
    this.problems = problems;
    this.accountIds = accountIds;
  }
}

/** What drs-waves knows of a failed DRS call. */
export interface DrsCallFailure {
  /** The DRS operation, such as `StartRecovery`. */
  readonly operation: string;
  /** The DRS exception name (`ThrottlingException`, `ConflictException`...), or the error's own name. */
  readonly drsErrorName: string;
  /** The HTTP status code of the response, when there was one. */
  readonly statusCode?: number;
  /** For throttling, how long DRS asked to wait, in seconds (DRS sends it as a string). */
  readonly retryAfterSeconds?: number;
  /** The message DRS gave. */
  readonly drsMessage: string;
}

/**
 * Base class of the two DRS call errors. `retryable` tells which class a failure is in, and
 * the two subclasses have different names, so a Step Functions `Retry` can match only
 * {@link ErrorName}.DrsRetryable. The SDK error is kept as `cause`.
 *
 * @example
 * ```ts
 * import { isDrsCallError } from 'drs-waves';
 *
 * function report(error: unknown): void {
 *   if (isDrsCallError(error)) {
 *     console.error(error.operation, error.drsErrorName, error.retryable ? 'retry' : 'give up');
 *   }
 * }
 * ```
 */
export abstract class DrsCallError extends DrsWavesError implements DrsCallFailure {
  /** Whether retrying the same call later can succeed. */
  abstract readonly retryable: boolean;
  readonly operation: string;
  readonly drsErrorName: string;
  readonly statusCode?: number;
  readonly retryAfterSeconds?: number;
  readonly drsMessage: string;

  constructor(failure: DrsCallFailure, options?: { cause?: unknown }) {
    super(
      `DRS ${failure.operation} failed with ${failure.drsErrorName}: ${failure.drsMessage}`,
      options,
    );
    this.operation = failure.operation;
    this.drsErrorName = failure.drsErrorName;
    this.drsMessage = failure.drsMessage;
    if (failure.statusCode !== undefined) this.statusCode = failure.statusCode;
    if (failure.retryAfterSeconds !== undefined) this.retryAfterSeconds = failure.retryAfterSeconds;
  }
}

/**
 * A DRS call failed in a way worth retrying: `ThrottlingException`, `InternalServerException`,
 * a 5xx answer or a network failure.
 *
 * @example
 * ```ts
 * import { DrsRetryableError } from 'drs-waves';
 *
 * const error = new DrsRetryableError({
 *   operation: 'DescribeJobs',
 *   drsErrorName: 'ThrottlingException',
 *   statusCode: 429,
 *   retryAfterSeconds: 2,
 *   drsMessage: 'Rate exceeded',
 * });
 * error.retryable; // true
 * ```
 */
export class DrsRetryableError extends DrsCallError {
  override readonly name = ErrorName.DrsRetryable;
  readonly retryable = true;
}

/**
 * A DRS call was refused and retrying it unchanged cannot help: `ValidationException`,
 * `ConflictException`, `ServiceQuotaExceededException`, `AccessDeniedException`,
 * `UninitializedAccountException`, `ResourceNotFoundException`, or anything unrecognised.
 *
 * @example
 * ```ts
 * import { DrsNonRetryableError } from 'drs-waves';
 *
 * const error = new DrsNonRetryableError({
 *   operation: 'StartRecovery',
 *   drsErrorName: 'ConflictException',
 *   statusCode: 409,
 *   drsMessage: 'Source server is already in an active job',
 * });
 * error.retryable; // false
 * ```
 */
export class DrsNonRetryableError extends DrsCallError {
  override readonly name = ErrorName.DrsNonRetryable;
  readonly retryable = false;
}

/**
 * Renders a value for an error message: strings quoted, other values by type, long values cut.
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
    return JSON.stringify(shown);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'nothing';
  return String(value);
}

/**
 * Whether `error` is any drs-waves error, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isDrsWavesError } from 'drs-waves';
 *
 * function describe(error: unknown): string {
 *   return isDrsWavesError(error) ? `${error.name}: ${error.message}` : String(error);
 * }
 * ```
 */
export function isDrsWavesError(error: unknown): error is DrsWavesError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[BRAND] === true &&
    typeof (error as { name?: unknown }).name === 'string'
  );
}

function isNamed<T extends DrsWavesError>(error: unknown, name: ErrorNameValue): error is T {
  return isDrsWavesError(error) && error.name === name;
}

/**
 * Whether `error` is an {@link InvalidPlanError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isInvalidPlanError, parseRecoveryPlan } from 'drs-waves';
 *
 * try {
 *   parseRecoveryPlan(JSON.parse('{"id":"p","waves":[]}'));
 * } catch (error) {
 *   if (isInvalidPlanError(error)) console.error(error.problems);
 * }
 * ```
 */
export function isInvalidPlanError(error: unknown): error is InvalidPlanError {
  return isNamed(error, ErrorName.InvalidPlan);
}

/**
 * Whether `error` is an {@link InvalidOptionsError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { InvalidOptionsError, isInvalidOptionsError } from 'drs-waves';
 *
 * const error: unknown = new InvalidOptionsError('f', [{ path: 'x', message: 'bad' }]);
 * if (isInvalidOptionsError(error)) console.error(error.problems);
 * ```
 */
export function isInvalidOptionsError(error: unknown): error is InvalidOptionsError {
  return isNamed(error, ErrorName.InvalidOptions);
}

/**
 * Whether `error` is an {@link InvalidExecutionTypeError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isInvalidExecutionTypeError, parseExecutionType } from 'drs-waves';
 *
 * try {
 *   parseExecutionType('RECOVER');
 * } catch (error) {
 *   if (isInvalidExecutionTypeError(error)) console.error(error.message);
 * }
 * ```
 */
export function isInvalidExecutionTypeError(error: unknown): error is InvalidExecutionTypeError {
  return isNamed(error, ErrorName.InvalidExecutionType);
}

/**
 * Whether `error` is a failed DRS call ({@link DrsRetryableError} or
 * {@link DrsNonRetryableError}), from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isDrsCallError } from 'drs-waves';
 *
 * const shouldRetry = (error: unknown) => isDrsCallError(error) && error.retryable;
 * ```
 */
export function isDrsCallError(error: unknown): error is DrsCallError {
  return isDrsRetryableError(error) || isDrsNonRetryableError(error);
}

/**
 * Whether `error` is a {@link DrsRetryableError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isDrsRetryableError } from 'drs-waves';
 *
 * const wait = (error: unknown) => (isDrsRetryableError(error) ? error.retryAfterSeconds ?? 1 : 0);
 * ```
 */
export function isDrsRetryableError(error: unknown): error is DrsRetryableError {
  return isNamed(error, ErrorName.DrsRetryable);
}

/**
 * Whether `error` is a {@link DrsNonRetryableError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isDrsNonRetryableError } from 'drs-waves';
 *
 * const isConflict = (error: unknown) =>
 *   isDrsNonRetryableError(error) && error.drsErrorName === 'ConflictException';
 * ```
 */
export function isDrsNonRetryableError(error: unknown): error is DrsNonRetryableError {
  return isNamed(error, ErrorName.DrsNonRetryable);
}

/**
 * Whether `error` is a {@link HistoryRecordNotFoundError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isHistoryRecordNotFoundError } from 'drs-waves';
 *
 * const missing = (error: unknown) => isHistoryRecordNotFoundError(error) && error.kind === 'execution';
 * ```
 */
export function isHistoryRecordNotFoundError(error: unknown): error is HistoryRecordNotFoundError {
  return isNamed(error, ErrorName.HistoryRecordNotFound);
}

/**
 * Whether `error` is a {@link InvalidProtectionGroupError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isInvalidProtectionGroupError } from 'drs-waves';
 *
 * const matches = (error: unknown) => isInvalidProtectionGroupError(error);
 * ```
 */
export function isInvalidProtectionGroupError(
  error: unknown,
): error is InvalidProtectionGroupError {
  return isNamed(error, ErrorName.InvalidProtectionGroup);
}

/**
 * A wave's tag selector (its own, or a protection group's) matched no source server that could
 * launch (none carries the tags, or all are disconnected or archived), and the wave does not set
 * `allowEmpty`. The wave failed before any DRS `StartRecovery`.
 *
 * @example
 * ```ts
 * import { EmptySelectorError } from 'drs-waves';
 *
 * const error = new EmptySelectorError('web', [{ selectedBy: 'wave web', tags: { Tier: 'web' } }]);
 * error.message; // 'Wave "web": selector of wave web (tags Tier=web) matched no server that can launch; set allowEmpty on the wave to let it complete empty'
 * ```
 */
export class EmptySelectorError extends DrsWavesError {
  override readonly name = ErrorName.EmptySelector;
  /** The wave. */
  readonly waveId: string;
  /** The selectors that matched nothing. */
  readonly selectors: readonly {
    /** Where the selector is: `wave <id>` or `group <id>`. */
    readonly selectedBy: string;
    /** Its tags. */
    readonly tags: Readonly<Record<string, string>>;
  }[];

  constructor(
    waveId: string,
    selectors: readonly {
      readonly selectedBy: string;
      readonly tags: Readonly<Record<string, string>>;
    }[],
  ) {
    const named = selectors.map(
      (s) =>
        `selector of ${s.selectedBy} (tags ${Object.entries(s.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`,
    );
    super(
      `Wave ${describeValue(waveId)}: ${named.join('; ')} matched no server that can launch; set allowEmpty on the wave to let it complete empty`,
    );
    this.waveId = waveId;
    this.selectors = selectors;
  }
}

/**
 * Servers of a wave have no recovery snapshot for the wave's recovery point (none taken at or
 * before its time, or the snapshot named for the server does not exist), and the plan does not
 * fall back to the latest data. Every server of the wave was checked: `problems` lists each one
 * (path: the server ID). Nothing was started.
 *
 * @example
 * ```ts
 * import { RecoveryPointUnavailableError } from 'drs-waves';
 *
 * const error = new RecoveryPointUnavailableError('db', [
 *   { path: 's-1234567890abcdef0', message: 'no recovery snapshot at or before 2026-11-30T12:00:00Z' },
 * ]);
 * error.problems.length; // 1
 * ```
 */
export class RecoveryPointUnavailableError extends DrsWavesError {
  override readonly name = ErrorName.RecoveryPointUnavailable;
  /** The wave. */
  readonly waveId: string;
  /** One problem per server, `path` its source server ID. */
  readonly problems: readonly Problem[];

  constructor(waveId: string, problems: readonly Problem[]) {
    super(
      formatProblems(
        `Wave ${describeValue(waveId)} cannot launch from its recovery point`,
        problems,
      ),
    );
    this.waveId = waveId;
    this.problems = problems;
  }
}

/**
 * Whether `error` is an {@link EmptySelectorError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isEmptySelectorError } from 'drs-waves';
 *
 * const matches = (error: unknown) => isEmptySelectorError(error);
 * ```
 */
export function isEmptySelectorError(error: unknown): error is EmptySelectorError {
  return isNamed(error, ErrorName.EmptySelector);
}

/**
 * Whether `error` is a {@link RecoveryPointUnavailableError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isRecoveryPointUnavailableError } from 'drs-waves';
 *
 * const matches = (error: unknown) => isRecoveryPointUnavailableError(error);
 * ```
 */
export function isRecoveryPointUnavailableError(
  error: unknown,
): error is RecoveryPointUnavailableError {
  return isNamed(error, ErrorName.RecoveryPointUnavailable);
}

/**
 * Whether `error` is a {@link UnknownProtectionGroupError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isUnknownProtectionGroupError } from 'drs-waves';
 *
 * const matches = (error: unknown) => isUnknownProtectionGroupError(error);
 * ```
 */
export function isUnknownProtectionGroupError(
  error: unknown,
): error is UnknownProtectionGroupError {
  return isNamed(error, ErrorName.UnknownProtectionGroup);
}

/**
 * Whether `error` is a {@link WaveQuotaExceededError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isWaveQuotaExceededError } from 'drs-waves';
 *
 * const matches = (error: unknown) => isWaveQuotaExceededError(error);
 * ```
 */
export function isWaveQuotaExceededError(error: unknown): error is WaveQuotaExceededError {
  return isNamed(error, ErrorName.WaveQuotaExceeded);
}

/**
 * Whether `error` is a {@link WaveStartInProgressError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isWaveStartInProgressError } from 'drs-waves';
 *
 * const matches = (error: unknown) => isWaveStartInProgressError(error);
 * ```
 */
export function isWaveStartInProgressError(error: unknown): error is WaveStartInProgressError {
  return isNamed(error, ErrorName.WaveStartInProgress);
}

/**
 * Whether `error` is a {@link ExecutionMismatchError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isExecutionMismatchError } from 'drs-waves';
 *
 * const matches = (error: unknown) => isExecutionMismatchError(error);
 * ```
 */
export function isExecutionMismatchError(error: unknown): error is ExecutionMismatchError {
  return isNamed(error, ErrorName.ExecutionMismatch);
}

/**
 * Whether `error` is an {@link InvalidEventError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isInvalidEventError } from 'drs-waves';
 *
 * const paths = (error: unknown) => (isInvalidEventError(error) ? error.problems.map((p) => p.path) : []);
 * ```
 */
export function isInvalidEventError(error: unknown): error is InvalidEventError {
  return isNamed(error, ErrorName.InvalidEvent);
}

/**
 * Whether `error` is an {@link UnknownActionError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isUnknownActionError } from 'drs-waves';
 *
 * const given = (error: unknown) => (isUnknownActionError(error) ? error.action : undefined);
 * ```
 */
export function isUnknownActionError(error: unknown): error is UnknownActionError {
  return isNamed(error, ErrorName.UnknownAction);
}

/**
 * Whether `error` is a {@link PlanNotFoundError}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isPlanNotFoundError } from 'drs-waves';
 *
 * const missingPlan = (error: unknown) => (isPlanNotFoundError(error) ? error.planId : undefined);
 * ```
 */
export function isPlanNotFoundError(error: unknown): error is PlanNotFoundError {
  return isNamed(error, ErrorName.PlanNotFound);
}

/**
 * Whether `error` is an {@link ExecutionBudgetExceededError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isExecutionBudgetExceededError } from 'drs-waves';
 *
 * const tooBig = (error: unknown) => isExecutionBudgetExceededError(error);
 * ```
 */
export function isExecutionBudgetExceededError(
  error: unknown,
): error is ExecutionBudgetExceededError {
  return isNamed(error, ErrorName.ExecutionBudgetExceeded);
}

/**
 * Whether `error` is a {@link RecoveryNotConfirmedError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isRecoveryNotConfirmedError } from 'drs-waves';
 *
 * const unconfirmed = (error: unknown) => (isRecoveryNotConfirmedError(error) ? error.planId : undefined);
 * ```
 */
export function isRecoveryNotConfirmedError(error: unknown): error is RecoveryNotConfirmedError {
  return isNamed(error, ErrorName.RecoveryNotConfirmed);
}

/**
 * Whether `error` is an {@link ApprovalNotFoundError}, from this copy of the package or another
 * one.
 *
 * @example
 * ```ts
 * import { isApprovalNotFoundError } from 'drs-waves';
 *
 * const status = (error: unknown) => (isApprovalNotFoundError(error) ? 404 : 500);
 * ```
 */
export function isApprovalNotFoundError(error: unknown): error is ApprovalNotFoundError {
  return isNamed(error, ErrorName.ApprovalNotFound);
}

/**
 * Whether `error` is an {@link ApprovalAlreadyDecidedError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isApprovalAlreadyDecidedError } from 'drs-waves';
 *
 * const decided = (error: unknown) => (isApprovalAlreadyDecidedError(error) ? error.status : undefined);
 * ```
 */
export function isApprovalAlreadyDecidedError(
  error: unknown,
): error is ApprovalAlreadyDecidedError {
  return isNamed(error, ErrorName.ApprovalAlreadyDecided);
}

/**
 * Whether `error` is a {@link CleanupRefusedError}, from this copy of the package or another
 * one.
 *
 * @example
 * ```ts
 * import { isCleanupRefusedError } from 'drs-waves';
 *
 * const why = (error: unknown) => (isCleanupRefusedError(error) ? error.reason : undefined);
 * ```
 */
export function isCleanupRefusedError(error: unknown): error is CleanupRefusedError {
  return isNamed(error, ErrorName.CleanupRefused);
}

/**
 * Whether `error` is a {@link HistoryUnavailableError}, from this copy of the package or another
 * one.
 *
 * @example
 * ```ts
 * import { isHistoryUnavailableError } from 'drs-waves';
 *
 * const retry = (error: unknown) => isHistoryUnavailableError(error);
 * ```
 */
export function isHistoryUnavailableError(error: unknown): error is HistoryUnavailableError {
  return isNamed(error, ErrorName.HistoryUnavailable);
}

/**
 * Whether `error` is a {@link MissingPeerDependencyError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isMissingPeerDependencyError } from 'drs-waves';
 *
 * const hint = (error: unknown) => (isMissingPeerDependencyError(error) ? error.installCommand : undefined);
 * ```
 */
export function isMissingPeerDependencyError(error: unknown): error is MissingPeerDependencyError {
  return isNamed(error, ErrorName.MissingPeerDependency);
}

/**
 * Whether `error` is an {@link AccountRoleDeniedError}, from this copy of the package or another
 * one.
 *
 * @example
 * ```ts
 * import { isAccountRoleDeniedError } from 'drs-waves';
 *
 * const account = (error: unknown) => (isAccountRoleDeniedError(error) ? error.accountId : undefined);
 * ```
 */
export function isAccountRoleDeniedError(error: unknown): error is AccountRoleDeniedError {
  return isNamed(error, ErrorName.AccountRoleDenied);
}

/**
 * Whether `error` is an {@link AccountNotConfiguredError}, from this copy of the package or
 * another one.
 *
 * @example
 * ```ts
 * import { isAccountNotConfiguredError } from 'drs-waves';
 *
 * const accounts = (error: unknown) => (isAccountNotConfiguredError(error) ? error.accountIds : []);
 * ```
 */
export function isAccountNotConfiguredError(error: unknown): error is AccountNotConfiguredError {
  return isNamed(error, ErrorName.AccountNotConfigured);
}
