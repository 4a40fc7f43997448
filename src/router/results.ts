import type { FailureResult } from './actions';

/**
 * What `request_approval` returns: the wave now waits for an operator's decision, which
 * resumes the `.waitForTaskToken` task.
 *
 * @example
 * ```ts
 * import type { RequestApprovalResult } from 'drs-waves';
 *
 * const result: RequestApprovalResult = { status: 'AWAITING_APPROVAL' };
 * ```
 */
export interface RequestApprovalResult {
  /** `AWAITING_APPROVAL`. */
  readonly status: 'AWAITING_APPROVAL';
}

/**
 * What `finish_execution` returns for an execution that succeeded.
 *
 * @example
 * ```ts
 * import type { ExecutionSucceededResult } from 'drs-waves';
 *
 * const result: ExecutionSucceededResult = { status: 'SUCCEEDED' };
 * ```
 */
export interface ExecutionSucceededResult {
  /** `SUCCEEDED`. */
  readonly status: 'SUCCEEDED';
  /** Waves an operator skipped after their failure, when any: not a clean success. */
  readonly skippedWaveIds?: readonly string[];
}

/**
 * What `finish_execution` returns for an execution that failed: the error and cause the state
 * machine fails with, taken from the wave that failed first.
 *
 * @example
 * ```ts
 * import type { ExecutionFailedResult } from 'drs-waves';
 *
 * const result: ExecutionFailedResult = {
 *   status: 'FAILED',
 *   error: 'WaveTimeout',
 *   cause: 'Wave db did not finish within 7200 s: 98 of 100 servers launched, 2 pending',
 * };
 * ```
 */
export interface ExecutionFailedResult extends FailureResult {
  /** `FAILED`. */
  readonly status: 'FAILED';
}

/**
 * What `finish_execution` returns.
 *
 * @example
 * ```ts
 * import type { FinishExecutionResult } from 'drs-waves';
 *
 * const describe = (r: FinishExecutionResult) => (r.status === 'FAILED' ? `${r.error}: ${r.cause}` : 'ok');
 * ```
 */
export type FinishExecutionResult = ExecutionSucceededResult | ExecutionFailedResult;
