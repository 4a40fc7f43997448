/**
 * `drs-waves/cdk`: the {@link DrsWavesOrchestrator} construct. It needs `aws-cdk-lib` and
 * `constructs` (optional peers of drs-waves), which a CDK app has already.
 *
 * @module
 */
export {
  DrsWavesOrchestrator,
  type DrsWavesOrchestratorProps,
  type OrchestratorMachineOptions,
  type ReadinessScheduleProps,
} from './DrsWavesOrchestrator';
