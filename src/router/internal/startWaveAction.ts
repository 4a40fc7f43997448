import { ExecutionMismatchError, PlanNotFoundError } from '../../errors';
import { startWave } from '../../waves/startWave';
import type { StartWaveEvent, StartWaveEventResult } from '../actions';
import { type RouterContext, requireExecution } from './context';

/** Finds the wave in the execution's plan and starts it with startWave. */
export async function startWaveAction(
  event: StartWaveEvent,
  ctx: RouterContext,
): Promise<StartWaveEventResult> {
  const { executionId, executionType, waveId } = event;
  const execution = await requireExecution(ctx, executionId);
  const plan = await ctx.plans.getPlan(execution.planId);
  if (plan === undefined) throw new PlanNotFoundError(execution.planId);
  const wave = plan.waves.find((w) => w.id === waveId);
  if (wave === undefined) {
    throw new ExecutionMismatchError(
      executionId,
      'waveIds',
      waveId,
      plan.waves.map((w) => w.id).join(','),
    );
  }
  const result = await startWave({ executionId, executionType, wave }, ctx);
  return { status: result.status, serverCount: result.serverCount, jobCount: result.jobIds.length };
}
