import type { SFNClient } from '@aws-sdk/client-sfn';
import * as v from 'valibot';
import type { AccountRole } from '../accounts/AccountRole';
import { accountRoleProblems } from '../accounts/internal/accountRoleProblems';
import { accountDrsOf } from '../accounts/internal/drsForTarget';
import type { AssumedRoleCredentials, StsPort } from '../accounts/StsPort';
import type { DrsPort } from '../drs/DrsPort';
import type { DrsTarget } from '../drs/DrsTarget';
import { callback, instance, option, optionsObject, parseOptions } from '../internal/options';
import { type Logger, silentLogger } from '../logger';
import type { ExecutionHistoryStore } from '../store/ExecutionHistoryStore';
import {
  type CancelExecutionRequest,
  type CancelExecutionResult,
  cancelExecution,
} from './cancelExecution';
import { type CleanUpDrillRequest, type CleanUpDrillResult, cleanUpDrill } from './cleanUpDrill';
import {
  decideWaveFailure,
  type FailureDecisionRequest,
  type FailureDecisionResult,
} from './decideFailure';
import { decideWave, type WaveDecisionRequest, type WaveDecisionResult } from './decideWave';
import {
  type DescribeExecutionRequest,
  describeExecution,
  type ExecutionDescription,
} from './describeExecution';
import { parseStateMachineArn, type StateMachineArnParts } from './internal/arns';
import type { ControlContext } from './internal/context';
import { type ResumeExecutionRequest, resumeExecution } from './resumeExecution';
import {
  type StartExecutionRequest,
  type StartExecutionResult,
  startExecution,
} from './startExecution';

/**
 * What the control plane needs, injected. Create the clients once, outside the Lambda handler.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { SFNClient } from '@aws-sdk/client-sfn';
 * import { createDrsAdapter, InMemoryExecutionHistoryStore, type ControlPlaneDeps } from 'drs-waves';
 *
 * const deps: ControlPlaneDeps = {
 *   sfn: new SFNClient({}),
 *   stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:drs-waves',
 *   history: new InMemoryExecutionHistoryStore(),
 *   drs: createDrsAdapter(new DrsClient({})),
 * };
 * ```
 */
export interface ControlPlaneDeps {
  /** A bare Step Functions client. */
  readonly sfn: SFNClient;
  /** The polling state machine (`buildPollingStateMachine`), as a standard state machine ARN. */
  readonly stateMachineArn: string;
  /** The execution history the router writes. */
  readonly history: ExecutionHistoryStore;
  /** DRS in the orchestrator's own Region, for drill cleanup. */
  readonly drs: DrsPort;
  /**
   * DRS in another Region, for drills whose protection groups name one. When absent, cleaning
   * up such a drill fails with `InvalidOptionsError` before any call to that Region.
   */
  readonly drsForRegion?: (region: string) => DrsPort;
  /**
   * DRS in another account or Region (`{ accountId?, region? }`), for drills whose servers were
   * launched there; an account of `accountRoles` is reached through its role instead. Wins over
   * `drsForRegion`.
   */
  readonly drsFor?: (target: DrsTarget) => DrsPort;
  /**
   * The role to assume in each AWS account that plans name, as the router's `accountRoles`: drill
   * cleanup terminates recovery instances in the account where they were launched, assuming its
   * role (STS `AssumeRole` with the ExternalId, a session named `drs-waves-<executionId>`).
   *
   * @default {} (no other account)
   */
  readonly accountRoles?: Readonly<Record<string, AccountRole>>;
  /**
   * STS, for `accountRoles`.
   *
   * @default createStsAdapter()
   */
  readonly sts?: StsPort;
  /**
   * Builds DRS in an account of `accountRoles` from the role's credentials provider.
   *
   * @default a `DrsClient` of the target's Region with those credentials, through `createDrsAdapter`
   */
  readonly drsForAccount?: (
    target: DrsTarget & { readonly accountId: string },
    credentials: () => Promise<AssumedRoleCredentials>,
  ) => DrsPort;
  /**
   * The clock.
   *
   * @default () => new Date()
   */
  readonly clock?: () => Date;
  /**
   * Where to log: one `info` line per operation, with IDs and the outcome, never task tokens.
   *
   * @default a logger that drops everything
   */
  readonly logger?: Logger;
}

/**
 * The operations on executions of the polling state machine. Every operation validates its
 * request first (every problem in one `InvalidOptionsError`, unknown fields included) and makes
 * no call on bad input.
 * Errors of Step Functions, DRS and DynamoDB that the operation does not expect are thrown
 * unchanged.
 *
 * @example
 * ```ts
 * import type { ControlPlane } from 'drs-waves';
 *
 * async function approveAll(control: ControlPlane, executionId: string, decidedBy: string) {
 *   const { approvals } = await control.describeExecution({ executionId });
 *   for (const a of approvals.filter((x) => x.status === 'PENDING')) {
 *     await control.approveWave({ executionId, waveId: a.waveId, decidedBy });
 *   }
 * }
 * ```
 */
export interface ControlPlane {
  /**
   * Starts an execution of a plan (`StartExecution`), named after its execution ID, so that
   * starting the same ID with the same input again is harmless: the existing execution is
   * returned with `alreadyStarted: true`.
   *
   * A `RECOVERY` needs `confirmRecovery` equal to the plan ID; without it
   * {@link RecoveryNotConfirmedError} is thrown before any call. An execution type other than
   * exactly `DRILL` or `RECOVERY` throws `InvalidExecutionTypeError`; the same ID started with
   * another input throws `ExecutionMismatchError`.
   */
  startExecution(request: StartExecutionRequest): Promise<StartExecutionResult>;
  /**
   * Resumes a `FAILED` or `CANCELLED` execution from one of its waves, as a new execution linked
   * to it (`resumedFrom`; the old one gets `resumedBy`): its stages start at the wave's stage,
   * waves the old one completed do not run again, and servers it launched do not launch again.
   * Throws {@link ResumeRefusedError} before any call for an execution that is running or
   * succeeded or was resumed already, an unknown wave, a wave after the first one that did not
   * complete, or nothing left to run; a `RECOVERY` needs `confirmRecovery` as
   * {@link ControlPlane.startExecution} does.
   */
  resumeExecution(request: ResumeExecutionRequest): Promise<StartExecutionResult>;
  /**
   * Approves a wave waiting for approval: records the decision in the history, then answers
   * its task token (`SendTaskSuccess`). Throws {@link ApprovalNotFoundError} when the wave has
   * no approval request, and {@link ApprovalAlreadyDecidedError} when someone else decided, or
   * it was rejected; the same person approving again is a harmless repeat.
   */
  approveWave(request: WaveDecisionRequest): Promise<WaveDecisionResult>;
  /**
   * Rejects a wave waiting for approval: records the decision, then fails its task
   * (`SendTaskFailure` with the error `ApprovalRejected` and the reason as cause), which fails
   * the wave and the execution. Same errors as {@link ControlPlane.approveWave}.
   */
  rejectWave(request: WaveDecisionRequest): Promise<WaveDecisionResult>;
  /**
   * Decides a failed wave waiting for an operator (`onWaveFailure: 'DECIDE'`): `RETRY` its
   * failed critical servers as a new DRS job of the wave, `SKIP` it, or `ABORT` the execution.
   * Records the decision (who, when, which) in the history, then answers the wave's task token.
   * Throws {@link DecisionRefusedError} when the wave waits for no decision, someone decided
   * otherwise already, or a retry would relaunch nothing; the same person deciding the same
   * again is a harmless repeat.
   */
  decideWaveFailure(request: FailureDecisionRequest): Promise<FailureDecisionResult>;
  /**
   * Stops the execution (`StopExecution`) and records it `CANCELLED` in the history. DRS jobs
   * already started are not stopped: clean up a drill afterwards with
   * {@link ControlPlane.cleanUpDrill}.
   */
  cancelExecution(request: CancelExecutionRequest): Promise<CancelExecutionResult>;
  /**
   * Terminates the recovery instances of a drill that has ended (DRS never does), at most 200
   * per `TerminateRecoveryInstances` call, recording every call; retries never send an instance
   * twice. A `RECOVERY`, or an execution still `RUNNING`, is refused with
   * {@link CleanupRefusedError} before any DRS call.
   */
  cleanUpDrill(request: CleanUpDrillRequest): Promise<CleanUpDrillResult>;
  /**
   * The Step Functions status (`DescribeExecution`) with the recorded execution, waves, server
   * outcomes, approvals (without tokens) and cleanup. Throws `HistoryRecordNotFoundError` when
   * neither Step Functions nor the history knows the execution.
   */
  describeExecution(request: DescribeExecutionRequest): Promise<ExecutionDescription>;
}

/** The dependencies: their shapes are the types' business, but none is missing or unknown. */
const controlPlaneDeps = optionsObject(
  {
    sfn: instance('sfn', 'a Step Functions client'),
    stateMachineArn: v.pipe(
      option(
        (value): value is string =>
          typeof value === 'string' && parseStateMachineArn(value) !== undefined,
        (shown) =>
          `Expected a state machine ARN (arn:<partition>:states:<region>:<account>:stateMachine:<name>), got ${shown}`,
      ),
      // The guard above parsed it already.
      v.transform((arn) => parseStateMachineArn(arn) as StateMachineArnParts),
    ),
    history: instance('history', 'an execution history store'),
    drs: instance('drs', 'a DRS port'),
    drsForRegion: callback('drsForRegion'),
    drsFor: callback('drsFor'),
    accountRoles: v.optional(v.unknown()),
    sts: v.optional(instance('sts', 'an STS port')),
    drsForAccount: callback('drsForAccount'),
    clock: callback('clock'),
    logger: v.optional(instance('logger', 'a logger')),
  },
  'a dependencies object',
);

/**
 * Creates the control plane of a deployed polling state machine: start, approve, reject,
 * cancel, clean up and describe executions. Nothing is created here: the Step Functions client,
 * the history and DRS come from `deps`.
 *
 * The Step Functions commands come from `@aws-sdk/client-sfn`, an optional peer dependency of
 * drs-waves, loaded by the first operation that calls Step Functions (after it validated its
 * request, before any call): when it is not installed, that operation rejects with a
 * {@link MissingPeerDependencyError} (`npm install @aws-sdk/client-sfn`).
 *
 * @throws {@link InvalidOptionsError} when `stateMachineArn` is not a state machine ARN, a
 * dependency is missing, or `deps` has a key it does not know.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { SFNClient } from '@aws-sdk/client-sfn';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { createControlPlane, createDrsAdapter, DynamoDbExecutionHistoryStore } from 'drs-waves';
 *
 * const control = createControlPlane({
 *   sfn: new SFNClient({}),
 *   stateMachineArn: process.env.STATE_MACHINE_ARN ?? '',
 *   history: new DynamoDbExecutionHistoryStore({
 *     client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *     tableName: process.env.HISTORY_TABLE ?? 'drs-waves-history',
 *   }),
 *   drs: createDrsAdapter(new DrsClient({})),
 * });
 * const { executionId } = await control.startExecution({ planId: 'three-tier', executionType: 'DRILL' });
 * ```
 */
export function createControlPlane(deps: ControlPlaneDeps): ControlPlane {
  const { stateMachineArn: stateMachine } = parseOptions(
    'createControlPlane',
    controlPlaneDeps,
    deps === undefined ? {} : deps,
    { rules: (input) => accountRoleProblems(input.accountRoles, 'accountRoles') },
  );
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const ctx: ControlContext = {
    sfn: deps.sfn,
    stateMachine,
    history: deps.history,
    drs: deps.drs,
    drsForRegion: deps.drsForRegion,
    drsFor: deps.drsFor,
    accounts: accountDrsOf(deps, clock, logger),
    clock,
    logger,
  };
  return {
    startExecution: (request) => startExecution(ctx, request),
    resumeExecution: (request) => resumeExecution(ctx, request),
    approveWave: (request) => decideWave(ctx, request, 'APPROVED'),
    rejectWave: (request) => decideWave(ctx, request, 'REJECTED'),
    decideWaveFailure: (request) => decideWaveFailure(ctx, request),
    cancelExecution: (request) => cancelExecution(ctx, request),
    cleanUpDrill: (request) => cleanUpDrill(ctx, request),
    describeExecution: (request) => describeExecution(ctx, request),
  };
}
