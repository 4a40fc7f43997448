import { createHash } from 'node:crypto';
import { ErrorName, HistoryRecordNotFoundError } from '../../errors';
import type { WaveAction } from '../../plan/types';
import type { ActionPhase } from '../../store/records';
import {
  AUTOMATION_POLL_SECONDS,
  MAX_ACTION_SERVERS,
  type NextActionEvent,
  type NextActionResult,
  type RecordActionEvent,
  type RecordActionResult,
} from '../actions';
import { type RouterContext, requireExecution } from './context';
import { failureText } from './failureText';

/**
 * SSM's idempotency token for the runbook of one action of one execution: the same on every
 * attempt (a retried start, a redriven execution), so that SSM starts the runbook once. A UUID
 * (version 8: custom) made of the SHA-256 of the action's coordinates.
 */
export function clientToken(
  executionId: string,
  waveId: string,
  phase: ActionPhase,
  index: number,
): string {
  const hex = createHash('sha256')
    .update(`drs-waves\n${executionId}\n${waveId}\n${phase}\n${index}`)
    .digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An action for people: `lambda drain`, `ssmAutomation MyApp-HealthCheck`, `wait 120 s`. */
export function actionLabel(action: WaveAction): string {
  switch (action.type) {
    case 'lambda':
      return `lambda ${action.functionArn.split(':function:')[1] ?? action.functionArn}`;
    case 'ssmAutomation':
      return `ssmAutomation ${action.documentName}`;
    case 'wait':
      return `wait ${action.seconds} s`;
    case 'approval':
      return 'approval';
  }
}

/** The action at `index` of the wave's `phase`, as the execution began with it. */
async function recordedAction(
  ctx: RouterContext,
  executionId: string,
  waveId: string,
  phase: ActionPhase,
  index: number,
) {
  const execution = await requireExecution(ctx, executionId);
  return { execution, action: execution.actions?.[waveId]?.[phase]?.[index] };
}

/**
 * `next_action`: the wave's action at `index` of `phase` with what the state machine needs to
 * run it (a lambda's input, a runbook's parameters with the recovery instances, a wait's
 * seconds), and its start recorded once. `done` past the last one.
 */
export async function nextAction(
  event: NextActionEvent,
  ctx: RouterContext,
): Promise<NextActionResult> {
  const { executionId, waveId, phase, index } = event;
  const { execution, action } = await recordedAction(ctx, executionId, waveId, phase, index);
  const none = { phase, index, payload: {}, parameters: {}, maxPolls: 0 };
  if (action === undefined) return { done: true, ...none };
  await ctx.history.startAction({
    executionId,
    waveId,
    phase,
    index,
    type: action.type,
    label: actionLabel(action),
    onFailure: action.type === 'wait' ? 'FAIL' : action.onFailure,
    startedAt: ctx.clock().toISOString(),
  });
  const launched = async () =>
    phase === 'after' ? await ctx.history.listServers(executionId, waveId) : [];
  switch (action.type) {
    case 'wait':
      return {
        done: false,
        ...none,
        type: 'wait',
        seconds: action.seconds,
        timeoutSeconds: action.seconds,
      };
    case 'approval':
      return { done: false, ...none, type: 'approval', timeoutSeconds: action.timeoutSeconds };
    case 'lambda': {
      const servers = await launched();
      return {
        done: false,
        ...none,
        type: 'lambda',
        functionArn: action.functionArn,
        timeoutSeconds: action.timeoutSeconds,
        payload: {
          executionId,
          planId: execution.planId,
          executionType: execution.executionType,
          waveId,
          phase,
          index,
          timeoutSeconds: action.timeoutSeconds,
          ...(action.payload === undefined ? {} : { payload: action.payload }),
          ...(phase === 'after' && servers.length <= MAX_ACTION_SERVERS
            ? {
                servers: servers.map((s) => ({
                  sourceServerId: s.sourceServerId,
                  verdict: s.verdict,
                  ...(s.recoveryInstanceId === undefined
                    ? {}
                    : { recoveryInstanceId: s.recoveryInstanceId }),
                })),
              }
            : {}),
        },
      };
    }
    case 'ssmAutomation': {
      const parameters: Record<string, readonly string[]> = { ...action.parameters };
      if (action.targetParameter !== undefined) {
        parameters[action.targetParameter] = (await launched()).flatMap((s) =>
          s.verdict === 'LAUNCHED' && s.recoveryInstanceId !== undefined
            ? [s.recoveryInstanceId]
            : [],
        );
      }
      return {
        done: false,
        ...none,
        type: 'ssmAutomation',
        clientToken: clientToken(executionId, waveId, phase, index),
        documentName: action.documentName,
        documentVersion: action.documentVersion ?? '$DEFAULT',
        parameters,
        timeoutSeconds: action.timeoutSeconds,
        maxPolls: Math.ceil(action.timeoutSeconds / AUTOMATION_POLL_SECONDS),
      };
    }
  }
}

/**
 * `record_action`: records how the action ended, and answers `FAIL` (with the error and cause
 * to fail the wave with) when it failed or timed out and its `onFailure` is `FAIL`.
 */
export async function recordAction(
  event: RecordActionEvent,
  ctx: RouterContext,
): Promise<RecordActionResult> {
  const { executionId, waveId, phase, index } = event;
  const { outcome, failure } = event.end;
  const { action } = await recordedAction(ctx, executionId, waveId, phase, index);
  if (action === undefined) {
    throw new HistoryRecordNotFoundError('action', `${executionId}/${waveId}/${phase}/${index}`);
  }
  const why =
    outcome === 'SUCCEEDED'
      ? undefined
      : failure === undefined
        ? outcome === 'TIMED_OUT'
          ? 'it timed out'
          : 'it failed'
        : failureText(failure);
  await ctx.history.finishAction(executionId, waveId, phase, index, {
    endedAt: ctx.clock().toISOString(),
    outcome,
    ...(failure?.Error === undefined ? {} : { error: failure.Error }),
    ...(why === undefined ? {} : { cause: why }),
  });
  const fails = outcome !== 'SUCCEEDED' && (action.type === 'wait' || action.onFailure === 'FAIL');
  if (!fails) return { verdict: 'CONTINUE' };
  return {
    verdict: 'FAIL',
    error: ErrorName.ActionFailed,
    cause: `Action ${phase}[${index}] (${actionLabel(action)}) of wave ${waveId} ${outcome === 'TIMED_OUT' ? 'timed out' : 'failed'}: ${why}`,
  };
}
