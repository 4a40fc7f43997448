/**
 * drs-waves: orchestrate AWS Elastic Disaster Recovery drills and recoveries in waves, with
 * Step Functions and Lambda.
 *
 * @module drs-waves
 */

export { createDrsAdapter } from './drs/createDrsAdapter';
export type {
  DescribeJobsFilter,
  DescribeRecoveryInstancesFilter,
  DrsPort,
  StartRecoveryRequest,
} from './drs/DrsPort';
export { DEFAULT_DRS_QUOTAS, DRS_API_LIMITS, type DrsQuotas } from './drs/limits';
export {
  DrsCallError,
  type DrsCallFailure,
  DrsNonRetryableError,
  DrsRetryableError,
  DrsWavesError,
  ErrorName,
  type ErrorNameValue,
  ExecutionMismatchError,
  HistoryRecordNotFoundError,
  InvalidExecutionTypeError,
  InvalidOptionsError,
  InvalidPlanError,
  InvalidProtectionGroupError,
  isDrsCallError,
  isDrsNonRetryableError,
  isDrsRetryableError,
  isDrsWavesError,
  isExecutionMismatchError,
  isHistoryRecordNotFoundError,
  isInvalidExecutionTypeError,
  isInvalidOptionsError,
  isInvalidPlanError,
  isInvalidProtectionGroupError,
  isUnknownProtectionGroupError,
  isWaveQuotaExceededError,
  isWaveStartInProgressError,
  type Problem,
  UnknownProtectionGroupError,
  WaveQuotaExceededError,
  WaveStartInProgressError,
} from './errors';
export { type Logger, silentLogger } from './logger';
export { EXECUTION_TYPES, parseExecutionType } from './plan/executionType';
export { parseRecoveryPlan } from './plan/parseRecoveryPlan';
export { planStages } from './plan/planStages';
export { isSourceServerId, SOURCE_SERVER_ID_PATTERN } from './plan/sourceServerId';
export type {
  ExecutionType,
  ImpactLevel,
  ProtectionGroup,
  RecoveryPlan,
  Wave,
  WaveServer,
} from './plan/types';
export {
  DynamoDbExecutionHistoryStore,
  type DynamoDbExecutionHistoryStoreOptions,
} from './store/DynamoDbExecutionHistoryStore';
export {
  DynamoDbProtectionGroupStore,
  type DynamoDbProtectionGroupStoreOptions,
} from './store/DynamoDbProtectionGroupStore';
export type {
  ChunkPatch,
  CreateExecutionResult,
  CreateWaveResult,
  ExecutionHistoryStore,
  ExecutionPatch,
  WavePatch,
} from './store/ExecutionHistoryStore';
export { InMemoryExecutionHistoryStore } from './store/InMemoryExecutionHistoryStore';
export { InMemoryProtectionGroupStore } from './store/InMemoryProtectionGroupStore';
export type { ProtectionGroupStore } from './store/ProtectionGroupStore';
export type {
  ChunkClaim,
  ChunkRecord,
  ExecutionRecord,
  ExecutionStatus,
  ServerRecord,
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
