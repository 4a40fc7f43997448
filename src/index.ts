/**
 * drs-waves: orchestrate AWS Elastic Disaster Recovery drills and recoveries in waves, with
 * Step Functions and Lambda.
 *
 * @module drs-waves
 */

export {
  DrsWavesError,
  ErrorName,
  type ErrorNameValue,
  InvalidExecutionTypeError,
  InvalidOptionsError,
  InvalidPlanError,
  isDrsWavesError,
  isInvalidExecutionTypeError,
  isInvalidOptionsError,
  isInvalidPlanError,
  type Problem,
} from './errors';
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
