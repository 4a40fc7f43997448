import * as v from 'valibot';
import { ExecutionMismatchError, RecoveryNotConfirmedError } from '../errors';
import { loadClientSfn } from '../internal/optionalPeer';
import { parseOptions } from '../internal/options';
import { isRecord } from '../internal/records';
import { EXECUTION_TYPES, parseExecutionType } from '../plan/executionType';
import { recoveryPointInputSchema } from '../plan/internal/selection';
import type { ExecutionType, RecoveryPoint } from '../plan/types';
import type { ExecutionInput } from '../router/actions';
import type { ResumePoint } from '../store/records';
import { executionArnOf } from './internal/arns';
import type { ControlContext } from './internal/context';
import { awsErrorName } from './internal/sfnErrors';
import { executionId, ID, idOf, requestSchema } from './internal/validate';

/**
 * What `startExecution` takes.
 *
 * @example
 * ```ts
 * import type { StartExecutionRequest } from 'drs-waves';
 *
 * const drill: StartExecutionRequest = { planId: 'three-tier', executionType: 'DRILL' };
 * const recovery: StartExecutionRequest = {
 *   planId: 'three-tier',
 *   executionType: 'RECOVERY',
 *   confirmRecovery: 'three-tier',
 *   executionId: 'three-tier-failover-2026-03-01',
 * };
 * const beforeIncident: StartExecutionRequest = {
 *   planId: 'three-tier',
 *   executionType: 'DRILL',
 *   recoveryPoint: { before: '2026-11-30T12:00:00Z' },
 * };
 * ```
 */
export interface StartExecutionRequest {
  /** The plan to run, as the plan store knows it. */
  readonly planId: string;
  /** Exactly `DRILL` or `RECOVERY`. */
  readonly executionType: ExecutionType;
  /**
   * For `RECOVERY` only, and required then: the plan ID again. A `DRILL` must not carry it.
   */
  readonly confirmRecovery?: string;
  /**
   * The execution ID, which is also the Step Functions execution name: 1 to 80 letters, digits,
   * `-` or `_`. Pass the same ID again to repeat a start harmlessly.
   *
   * @default `<planId>-<UTC timestamp>`, such as `three-tier-20260301T101500Z`
   */
  readonly executionId?: string;
  /**
   * The point in time the servers launch from (a wave's own `recoveryPoint` wins): each from
   * its newest recovery snapshot at or before `before` (ISO 8601 with its offset), or from the
   * snapshot `snapshotIds` names for it. Absent: the latest data.
   *
   * @default the latest data
   */
  readonly recoveryPoint?: RecoveryPoint;
}

/**
 * What `startExecution` returns.
 *
 * @example
 * ```ts
 * import type { StartExecutionResult } from 'drs-waves';
 *
 * const describe = (r: StartExecutionResult) =>
 *   `${r.executionId} ${r.alreadyStarted ? 'was already started' : 'started'}: ${r.executionArn}`;
 * ```
 */
export interface StartExecutionResult {
  /** The execution ID (and Step Functions execution name). */
  readonly executionId: string;
  /** The Step Functions execution ARN. */
  readonly executionArn: string;
  /** When Step Functions started it (ISO 8601), when it said. */
  readonly startDate?: string;
  /** `true` when an execution with this ID and the same input existed: nothing new started. */
  readonly alreadyStarted: boolean;
  /** For an execution that existed, its Step Functions status (`RUNNING`, `SUCCEEDED`...). */
  readonly status?: string;
}

/**
 * The default execution ID of a plan started at `at`: the plan ID (cut to 63 characters) and
 * the UTC time to the second, such as `three-tier-20260301T101500Z`. Two starts of one plan in
 * the same second get the same ID, and so start one execution.
 *
 * @example
 * ```ts
 * import { defaultExecutionId } from 'drs-waves';
 *
 * defaultExecutionId('three-tier', new Date('2026-03-01T10:15:00Z')); // 'three-tier-20260301T101500Z'
 * ```
 */
export function defaultExecutionId(planId: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${planId.slice(0, 63)}-${stamp}`;
}

/** Exactly the state machine's input: the router refuses any other field. */
function executionInput(
  request: StartExecutionRequest,
  type: ExecutionType,
  resumeFrom?: ResumePoint,
): ExecutionInput {
  return {
    planId: request.planId,
    executionType: type,
    ...(type === 'RECOVERY' && request.confirmRecovery !== undefined
      ? { confirmRecovery: request.confirmRecovery }
      : {}),
    ...(resumeFrom === undefined ? {} : { resumeFrom }),
    ...(request.recoveryPoint === undefined ? {} : { recoveryPoint: request.recoveryPoint }),
  };
}

/** A JSON value with its object keys sorted, to compare two values by content. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

/** Whether a stored execution input (JSON) is exactly `input`. */
function sameInput(stored: string | undefined, input: ExecutionInput): boolean {
  if (stored === undefined) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const record = parsed as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const expected = Object.keys(input).sort();
  return (
    keys.length === expected.length &&
    keys.every((key, i) => key === expected[i]) &&
    expected.every(
      (key) =>
        canonical(record[key]) === canonical((input as unknown as Record<string, unknown>)[key]),
    )
  );
}

const startExecutionRequest = requestSchema({
  planId: idOf(ID, 64, 'a plan ID'),
  // Checked first, by parseExecutionType, with its own error.
  executionType: v.picklist(EXECUTION_TYPES),
  confirmRecovery: v.optional(v.unknown()),
  executionId: v.optional(executionId),
  recoveryPoint: v.optional(recoveryPointInputSchema),
});

/** A DRILL carries no confirmation. */
function confirmationProblems(input: Record<string, unknown>) {
  return input.executionType === 'DRILL' && input.confirmRecovery !== undefined
    ? [{ path: 'confirmRecovery', message: 'Expected no confirmRecovery for a DRILL' }]
    : [];
}

/** Validates the request: the execution type, then the shape, then the confirmation. */
function validate(request: StartExecutionRequest): ExecutionType {
  const given: unknown = request === undefined ? {} : request;
  if (isRecord(given)) parseExecutionType(given.executionType);
  const parsed = parseOptions('startExecution', startExecutionRequest, given, {
    rules: confirmationProblems,
  });
  if (parsed.executionType === 'RECOVERY' && parsed.confirmRecovery !== parsed.planId) {
    throw new RecoveryNotConfirmedError(parsed.planId, parsed.confirmRecovery);
  }
  return parsed.executionType;
}

export async function startExecution(
  ctx: ControlContext,
  request: StartExecutionRequest,
  resumeFrom?: ResumePoint,
): Promise<StartExecutionResult> {
  const type = validate(request);
  const { DescribeExecutionCommand, StartExecutionCommand } = await loadClientSfn('startExecution');
  const executionId = request.executionId ?? defaultExecutionId(request.planId, ctx.clock());
  const executionArn = executionArnOf(ctx.stateMachine, executionId);
  const input = executionInput(request, type, resumeFrom);
  try {
    const output = await ctx.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: ctx.stateMachine.arn,
        name: executionId,
        input: JSON.stringify(input),
      }),
    );
    ctx.logger.info('drs-waves control', {
      operation: 'startExecution',
      executionId,
      executionType: type,
      outcome: 'STARTED',
    });
    return {
      executionId,
      executionArn: output.executionArn ?? executionArn,
      ...(output.startDate ? { startDate: output.startDate.toISOString() } : {}),
      alreadyStarted: false,
    };
  } catch (error) {
    if (awsErrorName(error) !== 'ExecutionAlreadyExists') throw error;
  }
  // The name is taken: harmless when it is this very start, repeated.
  const existing = await ctx.sfn.send(new DescribeExecutionCommand({ executionArn }));
  if (!sameInput(existing.input, input)) {
    throw new ExecutionMismatchError(executionId, 'input', JSON.stringify(input), existing.input);
  }
  ctx.logger.info('drs-waves control', {
    operation: 'startExecution',
    executionId,
    executionType: type,
    outcome: 'ALREADY_STARTED',
  });
  return {
    executionId,
    executionArn: existing.executionArn ?? executionArn,
    ...(existing.startDate ? { startDate: existing.startDate.toISOString() } : {}),
    alreadyStarted: true,
    ...(existing.status ? { status: existing.status } : {}),
  };
}
