/**
 * drs-waves: orchestrate AWS Elastic Disaster Recovery drills and recoveries in waves, with
 * Step Functions and Lambda.
 *
 * @module drs-waves
 */

export type { AccountRole } from './accounts/AccountRole';
export { createStsAdapter } from './accounts/createStsAdapter';
export type { AssumedRoleCredentials, AssumeRoleRequest, StsPort } from './accounts/StsPort';
export { type ApiEvent, type ApiResult, createApiHandler } from './api/createApiHandler';
export {
  buildPollingStateMachine,
  LAMBDA_SERVICE_ERRORS,
  LAMBDA_TIMEOUT_ERROR,
  LAMBDA_UNKNOWN_ERROR,
} from './asl/buildPollingStateMachine';
export {
  type ExecutionBudget,
  type ExecutionBudgetOptions,
  type ExecutionEstimate,
  estimateExecutionBudget,
  STEP_FUNCTIONS_LIMITS,
} from './asl/estimateExecutionBudget';
export type { PollingStateMachineOptions, RetryPolicy } from './asl/PollingStateMachineOptions';
export { stateMachineToMermaid } from './asl/stateMachineToMermaid';
export { STATE_NAMES } from './asl/stateNames';
export type {
  AslCatcher,
  AslChoiceRule,
  AslChoiceState,
  AslFailState,
  AslItemProcessor,
  AslMapState,
  AslPassState,
  AslProcessorConfig,
  AslRetrier,
  AslState,
  AslStateBase,
  AslSucceedState,
  AslTaskState,
  AslWaitState,
  StateMachineDefinition,
} from './asl/types';
export type { CancelExecutionRequest, CancelExecutionResult } from './control/cancelExecution';
export type { CleanUpDrillRequest, CleanUpDrillResult } from './control/cleanUpDrill';
export {
  type ControlPlane,
  type ControlPlaneDeps,
  createControlPlane,
} from './control/createControlPlane';
export type {
  FailureDecision,
  FailureDecisionRequest,
  FailureDecisionResult,
} from './control/decideFailure';
export type { WaveDecisionRequest, WaveDecisionResult } from './control/decideWave';
export type {
  ApprovalSummary,
  CleanupSummary,
  DecisionSummary,
  DescribeExecutionRequest,
  ExecutionDescription,
  StepFunctionsExecutionStatus,
  WaveSummary,
} from './control/describeExecution';
export type { ResumeExecutionRequest } from './control/resumeExecution';
export {
  defaultExecutionId,
  type StartExecutionRequest,
  type StartExecutionResult,
} from './control/startExecution';
export { createDrsAdapter } from './drs/createDrsAdapter';
export type { DrsLaunchResultEvent } from './drs/DrsLaunchResultEvent';
export type {
  DescribeJobsFilter,
  DescribeRecoveryInstancesFilter,
  DescribeRecoverySnapshotsOptions,
  DrsPort,
  StartRecoveryRequest,
} from './drs/DrsPort';
export type { DrsTarget } from './drs/DrsTarget';
export { DEFAULT_DRS_QUOTAS, DRS_API_LIMITS, type DrsQuotas } from './drs/limits';
export {
  AccountNotConfiguredError,
  AccountRoleDeniedError,
  ApprovalAlreadyDecidedError,
  ApprovalNotFoundError,
  CleanupRefusedError,
  type DecisionRefusal,
  DecisionRefusedError,
  DrsCallError,
  type DrsCallFailure,
  DrsNonRetryableError,
  DrsRetryableError,
  DrsWavesError,
  EmptySelectorError,
  ErrorName,
  type ErrorNameValue,
  ExecutionBudgetExceededError,
  ExecutionMismatchError,
  HistoryRecordNotFoundError,
  HistoryUnavailableError,
  InvalidEventError,
  InvalidExecutionTypeError,
  InvalidOptionsError,
  InvalidPlanError,
  InvalidProtectionGroupError,
  isAccountNotConfiguredError,
  isAccountRoleDeniedError,
  isApprovalAlreadyDecidedError,
  isApprovalNotFoundError,
  isCleanupRefusedError,
  isDecisionRefusedError,
  isDrsCallError,
  isDrsNonRetryableError,
  isDrsRetryableError,
  isDrsWavesError,
  isEmptySelectorError,
  isExecutionBudgetExceededError,
  isExecutionMismatchError,
  isHistoryRecordNotFoundError,
  isHistoryUnavailableError,
  isInvalidEventError,
  isInvalidExecutionTypeError,
  isInvalidOptionsError,
  isInvalidPlanError,
  isInvalidProtectionGroupError,
  isMissingPeerDependencyError,
  isPlanNotFoundError,
  isRecoveryNotConfirmedError,
  isRecoveryPointUnavailableError,
  isResumeRefusedError,
  isUnknownActionError,
  isUnknownProtectionGroupError,
  isWaveQuotaExceededError,
  isWaveStartInProgressError,
  MissingPeerDependencyError,
  PlanNotFoundError,
  type Problem,
  RecoveryNotConfirmedError,
  RecoveryPointUnavailableError,
  type ResumeRefusal,
  ResumeRefusedError,
  UnknownActionError,
  UnknownProtectionGroupError,
  WaveQuotaExceededError,
  WaveStartInProgressError,
} from './errors';
export {
  accountRoleStatements,
  type DrsWavesPolicies,
  drsWavesPolicies,
  type RenderedStatement,
  renderStatements,
  type StatementTemplate,
  TEMPLATE_VARIABLES,
  type TemplateValues,
  type TemplateVariable,
  variablesOf,
} from './iam/policies';
export { type Logger, silentLogger } from './logger';
export { createSnsAdapter, type SnsAdapterOptions } from './notifications/createSnsAdapter';
export type { Notice, NotificationPort } from './notifications/NotificationPort';
export { ACCOUNT_ID_PATTERN, isAccountId } from './plan/accountId';
export { EXECUTION_TYPES, parseExecutionType } from './plan/executionType';
export { parseRecoveryPlan } from './plan/parseRecoveryPlan';
export { planStages } from './plan/planStages';
export { isSourceServerId, SOURCE_SERVER_ID_PATTERN } from './plan/sourceServerId';
export type {
  ActionOnFailure,
  ApprovalAction,
  ExecutionType,
  ImpactLevel,
  LambdaAction,
  ProtectionGroup,
  RecoveryPlan,
  RecoveryPoint,
  ServerSelector,
  SsmAutomationAction,
  WaitAction,
  Wave,
  WaveAction,
  WaveFailurePolicy,
  WaveServer,
} from './plan/types';
export { DEFAULT_DECISION_TIMEOUT_SECONDS, MAX_WAVE_ATTEMPTS } from './plan/types';
export { type CheckReadinessInput, checkReadiness } from './readiness/checkReadiness';
export type { LaunchTemplatePort } from './readiness/LaunchTemplatePort';
export { ReadinessCode, type ReadinessCodeValue } from './readiness/ReadinessCode';
export type { ReadinessFinding, ReadinessSeverity } from './readiness/ReadinessFinding';
export { DEFAULT_READINESS_OPTIONS, type ReadinessOptions } from './readiness/ReadinessOptions';
export type {
  ReadinessReport,
  ReadinessSkippedCheck,
  ReadinessSummary,
} from './readiness/ReadinessReport';
export {
  ACTIONS,
  type ActionName,
  AUTOMATION_POLL_SECONDS,
  type AwaitWaveEvent,
  type BeginExecutionEvent,
  type BeginExecutionResult,
  type CheckReadinessEvent,
  type CheckReadinessResult,
  type CheckWaveStatusEvent,
  type CheckWaveStatusEventResult,
  type EvaluateReadinessEvent,
  type EvaluateReadinessResult,
  type ExecutionInput,
  type FailureDecisionOutput,
  type FailureResult,
  type FinishExecutionEvent,
  type LambdaActionInput,
  type LaunchWaitResult,
  type LoadStageEvent,
  type LoadStageResult,
  MAX_ACTION_SERVERS,
  MAX_EVALUATED_PLANS,
  type NextActionEvent,
  type NextActionResult,
  type OrchestrationEvent,
  type PlanReadinessOutcome,
  type RecordActionEvent,
  type RecordActionResult,
  type RecordWaveFailureEvent,
  type RequestApprovalEvent,
  type RequestDecisionEvent,
  type RetryWaveEvent,
  type StartWaveEvent,
  type StartWaveEventResult,
  type StepFunctionsError,
  type WaveDecisionEvent,
  type WaveDecisionStepResult,
  type WaveItem,
} from './router/actions';
export {
  type ActionResult,
  type ActionRouterDeps,
  type ActionRouterHandler,
  createActionRouter,
} from './router/createActionRouter';
export { type ActionEvent, isOrchestrationEvent } from './router/isOrchestrationEvent';
export type {
  ExecutionFailedResult,
  ExecutionSucceededResult,
  FinishExecutionResult,
  RequestApprovalResult,
} from './router/results';
export { resumeStagesOf } from './router/resumeStages';
export { createTaskCallbacks, type TaskCallbacks } from './router/TaskCallbacks';
export { planWaveItems, type WaveItemSettings } from './router/waveItems';
export {
  DynamoDbExecutionHistoryStore,
  type DynamoDbExecutionHistoryStoreOptions,
} from './store/DynamoDbExecutionHistoryStore';
export { DynamoDbPlanStore, type DynamoDbPlanStoreOptions } from './store/DynamoDbPlanStore';
export {
  DynamoDbProtectionGroupStore,
  type DynamoDbProtectionGroupStoreOptions,
} from './store/DynamoDbProtectionGroupStore';
export type {
  ChunkGuard,
  ChunkPatch,
  CreateCleanupResult,
  CreateExecutionResult,
  CreateWaveResult,
  ExecutionHistoryStore,
  ExecutionPatch,
  RecordLayoutResult,
  UnstartedChunkPatch,
  WavePatch,
  WaveWithChunks,
} from './store/ExecutionHistoryStore';
export { InMemoryExecutionHistoryStore } from './store/InMemoryExecutionHistoryStore';
export { InMemoryPlanStore } from './store/InMemoryPlanStore';
export { InMemoryProtectionGroupStore } from './store/InMemoryProtectionGroupStore';
export type { PlanStore } from './store/PlanStore';
export type { ProtectionGroupStore } from './store/ProtectionGroupStore';
export type {
  ActionOutcome,
  ActionPhase,
  ActionRecord,
  ApprovalRecord,
  ChunkClaim,
  ChunkNotStarted,
  ChunkRecord,
  CleanupBatchRecord,
  CleanupRecord,
  ExcludedServer,
  ExecutionReadiness,
  ExecutionRecord,
  ExecutionStatus,
  FailureDecisionRecord,
  FailureDecisionStatus,
  JobIndexRecord,
  LaunchResultCount,
  PlanReadinessChange,
  PlanReadinessRecord,
  ResumePoint,
  ServerRecord,
  ServerSnapshot,
  WaveActions,
  WaveLayoutRecord,
  WaveRecord,
  WaveRecordStatus,
  WaveServerCounts,
} from './store/records';
export {
  type AggregateWaveStatusInput,
  aggregateWaveStatus,
  type ServerOutcome,
  type ServerVerdict,
  type WaveCounts,
  type WaveJobStatus,
  type WaveStatus,
  type WaveStatusReport,
} from './waves/aggregateWaveStatus';
export {
  type CheckWaveStatusInput,
  checkWaveStatus,
  MAX_NAMED_FAILURES,
  type NamedFailure,
  type WaveStatusSummary,
} from './waves/checkWaveStatus';
export {
  type StartWaveDeps,
  type StartWaveInput,
  type StartWaveResult,
  startWave,
} from './waves/startWave';
export { DRS_JOB_TAGS } from './waves/tags';
export type { WaveDeps } from './waves/WaveDeps';
