import type { AccountRole } from '../accounts/AccountRole';
import { accountDrsOf } from '../accounts/internal/drsForTarget';
import type { AssumedRoleCredentials, StsPort } from '../accounts/StsPort';
import type { DrsPort } from '../drs/DrsPort';
import type { DrsTarget } from '../drs/DrsTarget';
import { isRecord } from '../internal/records';
import { silentLogger } from '../logger';
import type { NotificationPort } from '../notifications/NotificationPort';
import { guardStore } from '../store/internal/guardStore';
import type { PlanStore } from '../store/PlanStore';
import { checkDeps } from '../waves/internal/deps';
import type { StartWaveDeps } from '../waves/startWave';
import {
  ACTIONS,
  type BeginExecutionResult,
  type CheckReadinessResult,
  type CheckWaveStatusEventResult,
  type EvaluateReadinessResult,
  type FailureResult,
  type LaunchWaitResult,
  type LoadStageResult,
  type NextActionResult,
  type RecordActionResult,
  type StartWaveEventResult,
  type WaveDecisionStepResult,
} from './actions';
import { beginExecution } from './internal/beginExecution';
import { checkReadinessAction } from './internal/checkReadinessAction';
import { checkWaveStatusAction } from './internal/checkWaveStatusAction';
import type { RouterContext } from './internal/context';
import { evaluateReadinessAction } from './internal/evaluateReadinessAction';
import { endDecision, requestDecision, retryWaveAction } from './internal/failureDecisions';
import { finishExecution } from './internal/finishExecution';
import { awaitWave, isDrsEvent, recordLaunchEvent } from './internal/launchResults';
import { loadStage } from './internal/loadStage';
import { recordWaveFailure } from './internal/recordWaveFailure';
import { requestApproval } from './internal/requestApproval';
import { isActionName, type ParsedEvent, parseEvent } from './internal/schemas';
import { startWaveAction } from './internal/startWaveAction';
import { nextAction, recordAction } from './internal/waveActions';
import type { FinishExecutionResult, RequestApprovalResult } from './results';
import type { TaskCallbacks } from './TaskCallbacks';

/**
 * What the action router needs, injected: everything startWave needs, and the plan store.
 * Create clients and stores once, outside the handler, and pass them in.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import {
 *   createDrsAdapter, InMemoryExecutionHistoryStore, InMemoryPlanStore, InMemoryProtectionGroupStore,
 *   type ActionRouterDeps,
 * } from 'drs-waves';
 *
 * const deps: ActionRouterDeps = {
 *   drs: createDrsAdapter(new DrsClient({})),
 *   history: new InMemoryExecutionHistoryStore(),
 *   protectionGroups: new InMemoryProtectionGroupStore([]),
 *   plans: new InMemoryPlanStore([]),
 *   requirePostLaunchActions: true,
 * };
 * ```
 */
export interface ActionRouterDeps extends StartWaveDeps {
  /** Where recovery plans are read by ID. */
  readonly plans: PlanStore;
  /**
   * Whether non-optional post-launch actions must succeed for a server to count as recovered,
   * for waves that do not say; a wave's own `requirePostLaunchActions` wins.
   *
   * @default false
   */
  readonly requirePostLaunchActions?: boolean;
  /**
   * How waves waiting for launch results are resumed (`completion: 'events'` of the state
   * machine): `createTaskCallbacks(new SFNClient({}))`. Not needed for polling.
   */
  readonly taskCallbacks?: TaskCallbacks;
  /**
   * The role to assume in each AWS account that plans name (`accountId` of a wave, an inline
   * server or a protection group), by account ID: `{ roleArn, externalId }`. The router assumes
   * it with STS `AssumeRole` (the ExternalId, a session named `drs-waves-<executionId>`), keeps
   * the credentials until five minutes before they expire, never logs them, and reaches DRS in
   * the account with one client per (account, Region). `begin_execution` refuses a plan naming
   * an account that is not here, before any DRS call.
   *
   * @default {} (plans may name no account)
   */
  readonly accountRoles?: Readonly<Record<string, AccountRole>>;
  /**
   * Where a plan's readiness changes are published (`evaluate_readiness`, the scheduled check):
   * `createSnsAdapter({ topicArn })`. Without it, changes are recorded in the history only.
   */
  readonly notifications?: NotificationPort;
  /**
   * STS, for `accountRoles`.
   *
   * @default createStsAdapter() (an `STSClient` of the Lambda's Region, created on first use)
   */
  readonly sts?: StsPort;
  /**
   * Builds DRS in an account of `accountRoles` from the role's credentials provider (give it to
   * the SDK client as `credentials`). Called once per (account, Region) and execution.
   *
   * @default a `DrsClient` of the target's Region with those credentials, through `createDrsAdapter`
   */
  readonly drsForAccount?: (
    target: DrsTarget & { readonly accountId: string },
    credentials: () => Promise<AssumedRoleCredentials>,
  ) => DrsPort;
}

/**
 * What the router answers: the result of the action the event names.
 *
 * @example
 * ```ts
 * import type { ActionResult } from 'drs-waves';
 *
 * const statusOf = (r: ActionResult) => ('status' in r ? r.status : undefined);
 * ```
 */
export type ActionResult =
  | BeginExecutionResult
  | LoadStageResult
  | StartWaveEventResult
  | CheckWaveStatusEventResult
  | RequestApprovalResult
  | FailureResult
  | FinishExecutionResult
  | LaunchWaitResult
  | NextActionResult
  | RecordActionResult
  | CheckReadinessResult
  | WaveDecisionStepResult
  | EvaluateReadinessResult;

/**
 * The router as a Lambda handler: it takes any event (every one is validated, and a malformed
 * one refused with a typed error) and the Lambda context, which it does not need, and answers
 * an {@link ActionResult}. It is assignable to `Handler<OrchestrationEvent, ActionResult>` of
 * `@types/aws-lambda`.
 *
 * @example
 * ```ts
 * import type { ActionRouterHandler } from 'drs-waves';
 *
 * declare const handler: ActionRouterHandler;
 * const result = await handler({ action: 'check_wave_status', executionId: 'e1', waveId: 'db', timeoutSeconds: 3600 });
 * ```
 */
export type ActionRouterHandler = (event: unknown, context?: unknown) => Promise<ActionResult>;

/** The one place defaults are applied; every store failure becomes `HistoryUnavailableError`. */
function withDefaults(deps: ActionRouterDeps): RouterContext {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  return {
    ...deps,
    accounts: accountDrsOf(deps, clock, logger),
    history: guardStore(deps.history, 'execution history'),
    plans: guardStore(deps.plans, 'plan store'),
    protectionGroups: guardStore(deps.protectionGroups, 'protection group store'),
    clock,
    logger,
    requirePostLaunchActions: deps.requirePostLaunchActions ?? false,
  };
}

function dispatch(event: ParsedEvent, ctx: RouterContext): Promise<ActionResult> {
  switch (event.action) {
    case ACTIONS.beginExecution:
      return beginExecution(event, ctx);
    case ACTIONS.loadStage:
      return loadStage(event, ctx);
    case ACTIONS.startWave:
      return startWaveAction(event, ctx);
    case ACTIONS.checkWaveStatus:
      return checkWaveStatusAction(event, ctx);
    case ACTIONS.requestApproval:
      return requestApproval(event, ctx);
    case ACTIONS.awaitWave:
      return awaitWave(event, ctx);
    case ACTIONS.recordWaveFailure:
      return recordWaveFailure(event, ctx);
    case ACTIONS.finishExecution:
      return finishExecution(event, ctx);
    case ACTIONS.nextAction:
      return nextAction(event, ctx);
    case ACTIONS.recordAction:
      return recordAction(event, ctx);
    case ACTIONS.checkReadiness:
      return checkReadinessAction(event, ctx);
    case ACTIONS.requestDecision:
      return requestDecision(event, ctx);
    case ACTIONS.retryWave:
      return retryWaveAction(event, ctx);
    case ACTIONS.skipWave:
    case ACTIONS.expireDecision:
      return endDecision(event, ctx);
    case ACTIONS.evaluateReadiness:
      return evaluateReadinessAction(event, ctx);
  }
}

/** A result's status (or error name), for the log. */
function outcomeOf(result: unknown): string {
  if (!isRecord(result)) return 'DONE';
  if (typeof result.status === 'string') return result.status;
  if (typeof result.error === 'string') return result.error;
  if (Array.isArray(result.waves)) return 'LOADED';
  return 'RECORDED';
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * Creates the Lambda handler that the polling state machine calls with
 * `{ action: 'begin_execution' | 'start_wave' | 'check_wave_status' | ... }` (see
 * {@link ACTIONS}). It validates the event strictly, dispatches it, and returns the action's
 * result:
 *
 * | action | returns |
 * | --- | --- |
 * | `begin_execution` | {@link BeginExecutionResult}: the execution and its number of stages |
 * | `load_stage` | {@link LoadStageResult}: one recorded stage of {@link WaveItem}s |
 * | `start_wave` | {@link StartWaveEventResult} |
 * | `check_wave_status` | {@link CheckWaveStatusEventResult}, `TIMED_OUT` past the wave's timeout |
 * | `request_approval` | {@link RequestApprovalResult} |
 * | `await_wave` | {@link LaunchWaitResult} |
 * | a DRS "DRS Source Server Launch Result" event (EventBridge) | {@link LaunchWaitResult} |
 * | `record_wave_failure` | {@link FailureResult} |
 * | `finish_execution` | {@link FinishExecutionResult} |
 * | `request_decision`, `skip_wave`, `expire_decision` | {@link WaveDecisionStepResult} |
 * | `retry_wave` | {@link StartWaveEventResult} |
 * | `check_readiness` | {@link CheckReadinessResult} |
 * | `evaluate_readiness` (EventBridge Scheduler) | {@link EvaluateReadinessResult} |
 *
 * Errors reach Step Functions unchanged: their literal `name` (one of `ErrorName`) is what a
 * `Retry` or `Catch` matches. Each call logs its action, execution, wave and outcome at `info`;
 * never task tokens, tags or plan contents. Nothing is created here: every client and store
 * comes from `deps`.
 *
 * Creating it throws {@link InvalidOptionsError} when a dependency is missing, of the wrong
 * kind, or unknown, or a quota is not a positive integer. The handler throws
 * {@link InvalidEventError} for a malformed event of a known action, or a non-object
 * event; {@link UnknownActionError} for a missing or unknown `action`; {@link PlanNotFoundError},
 * {@link HistoryRecordNotFoundError}, {@link ExecutionMismatchError}, and whatever startWave and
 * checkWaveStatus throw.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import {
 *   createActionRouter, createDrsAdapter, DynamoDbExecutionHistoryStore, DynamoDbPlanStore,
 *   DynamoDbProtectionGroupStore,
 * } from 'drs-waves';
 *
 * const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
 * export const handler = createActionRouter({
 *   drs: createDrsAdapter(new DrsClient({})),
 *   history: new DynamoDbExecutionHistoryStore({ client, tableName: 'drs-waves-history' }),
 *   plans: new DynamoDbPlanStore({ client, tableName: 'drs-waves-plans' }),
 *   protectionGroups: new DynamoDbProtectionGroupStore({ client, tableName: 'drs-waves-groups' }),
 *   logger: console,
 * });
 * ```
 */
export function createActionRouter(deps: ActionRouterDeps): ActionRouterHandler {
  checkDeps('createActionRouter', deps);
  const ctx = withDefaults(deps);
  return async (event: unknown, context?: unknown): Promise<ActionResult> => {
    // DRS's own events, through an EventBridge rule: a launch result of a wave's server, from
    // the router's account or forwarded from a target account's.
    if (isDrsEvent(event)) {
      const fields = { action: 'launch_result', detailType: String(event['detail-type']) };
      try {
        const result = await recordLaunchEvent(event, ctx, ownAccountOf(context));
        ctx.logger.info('drs-waves action', { ...fields, outcome: result.status });
        return result;
      } catch (error) {
        ctx.logger.info('drs-waves action', { ...fields, outcome: errorName(error) });
        throw error;
      }
    }
    let parsed: ParsedEvent | undefined;
    try {
      parsed = parseEvent(event);
      const result = await dispatch(parsed, ctx);
      ctx.logger.info('drs-waves action', {
        ...logFields(event, parsed),
        outcome: outcomeOf(result),
      });
      return result;
    } catch (error) {
      ctx.logger.info('drs-waves action', {
        ...logFields(event, parsed),
        outcome: errorName(error),
      });
      throw error;
    }
  };
}

/** The router's own account: its function ARN's, from the Lambda context. */
function ownAccountOf(context: unknown): string | undefined {
  const arn = isRecord(context) ? context.invokedFunctionArn : undefined;
  return typeof arn === 'string' ? /^arn:[^:]+:lambda:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;
}

/** Action, execution and wave of a validated event; only a known action name otherwise. */
function logFields(event: unknown, parsed: ParsedEvent | undefined): Record<string, string> {
  if (parsed === undefined) {
    // The event was refused: reading it again may throw (a getter, a revoked proxy).
    try {
      return { action: isRecord(event) && isActionName(event.action) ? event.action : 'unknown' };
    } catch {
      return { action: 'unknown' };
    }
  }
  return {
    action: parsed.action,
    ...('executionId' in parsed ? { executionId: parsed.executionId } : {}),
    ...('planIds' in parsed ? { planIds: parsed.planIds.join(',') } : {}),
    ...('waveId' in parsed ? { waveId: parsed.waveId } : {}),
  };
}
