import * as v from 'valibot';
import { DecisionRefusedError } from '../errors';
import { loadClientSfn } from '../internal/optionalPeer';
import { parseOptions } from '../internal/options';
import { MAX_WAVE_ATTEMPTS } from '../plan/types';
import type { FailureDecisionOutput } from '../router/actions';
import type { ExecutionHistoryStore } from '../store/ExecutionHistoryStore';
import type { FailureDecisionRecord } from '../store/records';
import { failedCriticalServers } from '../waves/internal/retryWave';
import type { ControlContext } from './internal/context';
import { isClosedTask } from './internal/sfnErrors';
import {
  executionId,
  ID,
  idOf,
  MAX_CAUSE_LENGTH,
  MAX_PRINCIPAL_LENGTH,
  requestSchema,
  text,
} from './internal/validate';

/**
 * What an operator chooses for a failed wave: `RETRY` its failed critical servers as a new DRS
 * job of the wave, `SKIP` it (the execution goes on, and ends listing it as skipped), or
 * `ABORT` the execution.
 *
 * @example
 * ```ts
 * import type { FailureDecision } from 'drs-waves';
 *
 * const decision: FailureDecision = 'SKIP';
 * ```
 */
export type FailureDecision = FailureDecisionOutput['decision'];

/**
 * What `decideWaveFailure` takes.
 *
 * @example
 * ```ts
 * import type { FailureDecisionRequest } from 'drs-waves';
 *
 * const request: FailureDecisionRequest = {
 *   executionId: 'shop-20260301T101500Z',
 *   waveId: 'app',
 *   decision: 'RETRY',
 *   decidedBy: 'arn:aws:iam::123456789012:user/ops',
 *   reason: 'Capacity is back in eu-west-1b',
 * };
 * ```
 */
export interface FailureDecisionRequest {
  /** The execution. */
  readonly executionId: string;
  /** The failed wave waiting for a decision. */
  readonly waveId: string;
  /** `RETRY`, `SKIP` or `ABORT`. */
  readonly decision: FailureDecision;
  /** Who decides: take it from the authenticated caller, never from the request body. */
  readonly decidedBy: string;
  /** Why. */
  readonly reason?: string;
}

/**
 * What `decideWaveFailure` returns.
 *
 * @example
 * ```ts
 * import type { FailureDecisionResult } from 'drs-waves';
 *
 * const line = (r: FailureDecisionResult) => `${r.decision} wave ${r.waveId} (attempt ${r.attempt})`;
 * ```
 */
export interface FailureDecisionResult {
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** The wave's failed attempt the decision is about, from 1. */
  readonly attempt: number;
  /** The recorded decision. */
  readonly decision: FailureDecision;
  /** Who made it. */
  readonly decidedBy: string;
  /** When it was recorded (ISO 8601). */
  readonly decidedAt: string;
  /** `true` when this call repeated the same person's recorded decision (a retry). */
  readonly repeated: boolean;
  /**
   * `true` when Step Functions said the wave no longer waited: after a repeat, because the
   * first call answered it; after a first decision, because the decision timed out or the
   * execution ended.
   */
  readonly taskClosed: boolean;
}

const failureDecisionRequest = requestSchema({
  executionId,
  waveId: idOf(ID, 64, 'a wave ID'),
  decision: v.picklist(
    ['RETRY', 'SKIP', 'ABORT'],
    (i) => `Expected decision "RETRY", "SKIP" or "ABORT", got ${JSON.stringify(i.input)}`,
  ),
  decidedBy: text('decidedBy', MAX_PRINCIPAL_LENGTH),
  reason: v.optional(text('reason', MAX_CAUSE_LENGTH)),
});

/**
 * Records a decision on the wave's latest failed attempt, exactly once: the conditional write
 * from `PENDING` serialises competing deciders, and the same person deciding the same again is
 * a repeat. A retry of a wave with no failed critical server is refused before anything is
 * written. Answers the recorded decision and the task output that carries it.
 *
 * @internal shared by the control plane and the local simulation.
 */
export async function recordFailureDecision(
  history: ExecutionHistoryStore,
  now: Date,
  request: Omit<FailureDecisionRequest, 'reason'> & { readonly reason?: string | undefined },
): Promise<{ record: FailureDecisionRecord; repeated: boolean; output: FailureDecisionOutput }> {
  const { executionId, waveId, decision, decidedBy, reason } = request;
  const asked = (await history.listDecisions(executionId)).filter((d) => d.waveId === waveId);
  const latest = asked.sort((a, b) => b.attempt - a.attempt)[0];
  if (latest === undefined) {
    throw new DecisionRefusedError(executionId, waveId, decision, 'NOT_WAITING');
  }
  const { attempt } = latest;
  if (latest.status === 'PENDING' && decision !== 'ABORT') {
    // A cancelled execution neither retries nor goes on past a wave: it can only abort.
    const status = (await history.getExecution(executionId))?.status;
    if (status !== 'RUNNING') {
      throw new DecisionRefusedError(
        executionId,
        waveId,
        decision,
        'EXECUTION_ENDED',
        status ?? 'not recorded',
      );
    }
  }
  if (latest.status === 'PENDING' && decision === 'RETRY' && attempt >= MAX_WAVE_ATTEMPTS) {
    throw new DecisionRefusedError(
      executionId,
      waveId,
      decision,
      'NO_ATTEMPTS_LEFT',
      `attempt ${attempt} of ${MAX_WAVE_ATTEMPTS}`,
    );
  }
  if (latest.status === 'PENDING' && decision === 'RETRY') {
    const chunks = await history.listChunks(executionId, waveId);
    if (failedCriticalServers(chunks).length === 0) {
      throw new DecisionRefusedError(executionId, waveId, decision, 'NOTHING_TO_RETRY');
    }
  }
  const made = {
    status: decision,
    decidedAt: now.toISOString(),
    decidedBy,
    ...(reason === undefined ? {} : { reason }),
  };
  const won =
    latest.status === 'PENDING' &&
    (await history.decideDecision(executionId, waveId, attempt, made));
  let record: FailureDecisionRecord = { ...latest, ...made };
  let repeated = false;
  if (!won) {
    const current = (await history.getDecision(executionId, waveId, attempt)) ?? latest;
    if (current.status === 'PENDING') {
      throw new DecisionRefusedError(executionId, waveId, decision, 'NOT_WAITING');
    }
    if (current.status !== decision || current.decidedBy !== decidedBy) {
      const by = current.decidedBy === undefined ? '' : ` by ${current.decidedBy}`;
      throw new DecisionRefusedError(
        executionId,
        waveId,
        decision,
        'ALREADY_DECIDED',
        `${current.status}${by}`,
      );
    }
    record = current;
    repeated = true;
  }
  return { record, repeated, output: { decision, attempt, decidedBy } };
}

/**
 * Records the decision on a failed wave, then answers its task token (`SendTaskSuccess` with
 * {@link FailureDecisionOutput}), in that order for the reasons `approveWave` gives: a crash in
 * between leaves the decision recorded and the wave waiting, and the same call again sends it.
 */
export async function decideWaveFailure(
  ctx: ControlContext,
  request: FailureDecisionRequest,
): Promise<FailureDecisionResult> {
  const functionName = 'decideWaveFailure';
  const parsed = parseOptions(
    functionName,
    failureDecisionRequest,
    request === undefined ? {} : request,
  );
  const { SendTaskSuccessCommand } = await loadClientSfn(functionName);
  const { record, repeated, output } = await recordFailureDecision(
    ctx.history,
    ctx.clock(),
    parsed,
  );
  let taskClosed = false;
  try {
    await ctx.sfn.send(
      new SendTaskSuccessCommand({ taskToken: record.taskToken, output: JSON.stringify(output) }),
    );
  } catch (error) {
    if (!isClosedTask(error)) throw error;
    taskClosed = true;
  }
  const { executionId, waveId, decision, decidedBy } = parsed;
  ctx.logger.info('drs-waves control', {
    operation: functionName,
    executionId,
    waveId,
    outcome: decision,
    attempt: record.attempt,
    repeated,
    taskClosed,
  });
  return {
    executionId,
    waveId,
    attempt: record.attempt,
    decision,
    decidedBy,
    decidedAt: record.decidedAt ?? ctx.clock().toISOString(),
    repeated,
    taskClosed,
  };
}
