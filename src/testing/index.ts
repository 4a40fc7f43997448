/**
 * Test helpers for drs-waves users: import from `drs-waves/testing`, never from Lambda code.
 *
 * @module drs-waves/testing
 */

export type { DrsLaunchResultEvent } from '../drs/DrsLaunchResultEvent';
export type {
  DrillReport,
  DrillReportAction,
  DrillReportServer,
  DrillReportSimulation,
  DrillReportStats,
  DrillReportTarget,
  DrillReportWave,
  SimulatedDrillReport,
} from '../report/DrillReport';
export { formatDuration } from '../report/formatDuration';
export { renderDrillReportHtml } from '../report/renderDrillReportHtml';
export { renderDrillReportMarkdown } from '../report/renderDrillReportMarkdown';
export { DrsEmulator } from './drsEmulator/DrsEmulator';
export type { DrsEmulatorOptions } from './drsEmulator/DrsEmulatorOptions';
export type { DrsEmulatorQuotas } from './drsEmulator/DrsEmulatorQuotas';
export type { DrsFaults } from './drsEmulator/DrsFaults';
export type { DrsReplicationStop } from './drsEmulator/DrsReplicationStop';
export type { DrsSourceServerSettings } from './drsEmulator/DrsSourceServerSettings';
export { fakeSourceServerId } from './fakeSourceServerId';
export {
  LocalExecution,
  type LocalExecutionResult,
  type LocalExecutionStats,
  type PendingApproval,
} from './localRunner/LocalExecution';
export {
  type LambdaCall,
  type LambdaFault,
  type LocalLambdaHook,
  type LocalNotification,
  LocalStateMachine,
  type LocalStateMachineOptions,
} from './localRunner/LocalStateMachine';
export {
  type LocalAutomation,
  type LocalRunbook,
  SsmAutomationStandIn,
} from './SsmAutomationStandIn';
export { StsStandIn } from './StsStandIn';
export {
  type DrillProgress,
  type SimulateDrillOptions,
  type SimulatedDecisionRequest,
  type SimulatedDrill,
  type SimulatedWaveProgress,
  simulateDrill,
} from './simulateDrill';
