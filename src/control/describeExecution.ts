import { HistoryRecordNotFoundError } from '../errors';
import { loadClientSfn } from '../internal/optionalPeer';
import { parseOptions } from '../internal/options';
import type {
  ApprovalRecord,
  CleanupBatchRecord,
  CleanupRecord,
  ExecutionRecord,
  FailureDecisionRecord,
  ServerRecord,
  WaveRecord,
} from '../store/records';
import { countChunks } from '../waves/checkWaveStatus';
import { executionArnOf } from './internal/arns';
import type { ControlContext } from './internal/context';
import { awsErrorName } from './internal/sfnErrors';
import { executionId as executionIdSchema, requestSchema } from './internal/validate';

/**
 * What `describeExecution` takes.
 *
 * @example
 * ```ts
 * import type { DescribeExecutionRequest } from 'drs-waves';
 *
 * const request: DescribeExecutionRequest = { executionId: 'three-tier-20260301T101500Z' };
 * ```
 */
export interface DescribeExecutionRequest {
  /** The execution. */
  readonly executionId: string;
}

/**
 * An execution as Step Functions reports it (`DescribeExecution`).
 *
 * @example
 * ```ts
 * import type { StepFunctionsExecutionStatus } from 'drs-waves';
 *
 * const status: StepFunctionsExecutionStatus = {
 *   status: 'FAILED',
 *   startDate: '2026-03-01T10:15:00.000Z',
 *   stopDate: '2026-03-01T10:40:00.000Z',
 *   error: 'WaveFailed',
 *   cause: 'Wave app failed: 1 critical server failed',
 * };
 * ```
 */
export interface StepFunctionsExecutionStatus {
  /** `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED` or `PENDING_REDRIVE`. */
  readonly status: string;
  /** When it started (ISO 8601). */
  readonly startDate?: string;
  /** When it ended. */
  readonly stopDate?: string;
  /** The error it failed with. */
  readonly error?: string;
  /** Why it failed. */
  readonly cause?: string;
}

/**
 * A wave's approval request without its task token, which never leaves the history.
 *
 * @example
 * ```ts
 * import type { ApprovalSummary } from 'drs-waves';
 *
 * const waiting = (approvals: readonly ApprovalSummary[]) =>
 *   approvals.filter((a) => a.status === 'PENDING').map((a) => a.waveId);
 * ```
 */
export type ApprovalSummary = Omit<ApprovalRecord, 'taskToken'>;

/**
 * A failed wave's decision without its task token, which never leaves the history.
 *
 * @example
 * ```ts
 * import type { DecisionSummary } from 'drs-waves';
 *
 * const waiting = (decisions: readonly DecisionSummary[]) =>
 *   decisions.filter((d) => d.status === 'PENDING').map((d) => d.waveId);
 * ```
 */
export type DecisionSummary = Omit<FailureDecisionRecord, 'taskToken'>;

/**
 * A wave as `describeExecution` shows it: without a stored task token.
 *
 * @example
 * ```ts
 * import type { WaveSummary } from 'drs-waves';
 *
 * const late = (waves: readonly WaveSummary[]) => waves.filter((w) => w.status === 'TIMED_OUT');
 * ```
 */
export type WaveSummary = Omit<WaveRecord, 'approvalToken'>;

/**
 * A drill cleanup with its terminate calls.
 *
 * @example
 * ```ts
 * import type { CleanupSummary } from 'drs-waves';
 *
 * const terminated = (c: CleanupSummary) => c.batches.flatMap((b) => b.recoveryInstanceIds).length;
 * ```
 */
export interface CleanupSummary {
  /** The cleanup. */
  readonly record: CleanupRecord;
  /** Its `TerminateRecoveryInstances` calls. */
  readonly batches: readonly CleanupBatchRecord[];
}

/**
 * What `describeExecution` returns: Step Functions' view and the history's, side by side.
 *
 * @example
 * ```ts
 * import type { ExecutionDescription } from 'drs-waves';
 *
 * const line = (d: ExecutionDescription) =>
 *   `${d.executionId}: ${d.stepFunctions?.status ?? 'unknown to Step Functions'}, ` +
 *   `history ${d.execution?.status ?? 'none'}, ${d.waves.length} waves, ${d.servers.length} servers`;
 * ```
 */
export interface ExecutionDescription {
  /** The execution. */
  readonly executionId: string;
  /** Its Step Functions ARN. */
  readonly executionArn: string;
  /** Step Functions' view; absent when Step Functions does not know the execution. */
  readonly stepFunctions?: StepFunctionsExecutionStatus;
  /** The recorded execution; absent when the router never recorded it. */
  readonly execution?: ExecutionRecord;
  /** The recorded waves. */
  readonly waves: readonly WaveSummary[];
  /** The recorded server outcomes. */
  readonly servers: readonly ServerRecord[];
  /** The approval requests, without their task tokens. */
  readonly approvals: readonly ApprovalSummary[];
  /** The failure decisions asked for, by wave and attempt, without their task tokens. */
  readonly decisions: readonly DecisionSummary[];
  /** The drill cleanup, once one was asked for. */
  readonly cleanup?: CleanupSummary;
}

const describeExecutionRequest = requestSchema({ executionId: executionIdSchema });

async function stepFunctionsStatus(
  ctx: ControlContext,
  executionArn: string,
): Promise<StepFunctionsExecutionStatus | undefined> {
  const { DescribeExecutionCommand } = await loadClientSfn('describeExecution');
  try {
    const out = await ctx.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return {
      status: out.status ?? 'UNKNOWN',
      ...(out.startDate ? { startDate: out.startDate.toISOString() } : {}),
      ...(out.stopDate ? { stopDate: out.stopDate.toISOString() } : {}),
      ...(out.error === undefined ? {} : { error: out.error }),
      ...(out.cause === undefined ? {} : { cause: out.cause }),
    };
  } catch (error) {
    if (awsErrorName(error) === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
}

export async function describeExecution(
  ctx: ControlContext,
  request: DescribeExecutionRequest,
): Promise<ExecutionDescription> {
  const { executionId } = parseOptions(
    'describeExecution',
    describeExecutionRequest,
    request === undefined ? {} : request,
  );
  const executionArn = executionArnOf(ctx.stateMachine, executionId);
  const [stepFunctions, execution] = await Promise.all([
    stepFunctionsStatus(ctx, executionArn),
    ctx.history.getExecution(executionId),
  ]);
  if (stepFunctions === undefined && execution === undefined) {
    throw new HistoryRecordNotFoundError('execution', executionId);
  }
  const [waves, servers, approvals, decisions, cleanup, batches] = await Promise.all([
    ctx.history.listWaves(executionId),
    ctx.history.listServers(executionId),
    ctx.history.listApprovals(executionId),
    ctx.history.listDecisions(executionId),
    ctx.history.getCleanup(executionId),
    ctx.history.listCleanupBatches(executionId),
  ]);
  // A running wave's counts, from its chunks: status checks write the wave only when something
  // of it changes, and its verdicts as they change into its chunks.
  const live = await Promise.all(
    waves.map(async (wave) =>
      wave.status === 'STARTED' || wave.status === 'STARTING'
        ? {
            ...wave,
            counts: countChunks(
              await ctx.history.listChunks(executionId, wave.waveId),
              wave.serverCount,
            ).counts,
          }
        : wave,
    ),
  );
  return {
    executionId,
    executionArn,
    ...(stepFunctions === undefined ? {} : { stepFunctions }),
    ...(execution === undefined ? {} : { execution }),
    waves: live.map(({ approvalToken: _token, ...wave }) => wave),
    servers,
    approvals: approvals.map(({ taskToken: _token, ...approval }) => approval),
    decisions: decisions.map(({ taskToken: _token, ...decision }) => decision),
    ...(cleanup === undefined ? {} : { cleanup: { record: cleanup, batches } }),
  };
}
