import { ExecutionMismatchError, PlanNotFoundError } from '../../errors';
import { startWaveOf } from '../../waves/startWave';
import type { StartWaveEvent, StartWaveEventResult } from '../actions';
import { type RouterContext, waveDepsOf } from './context';

/**
 * Starts the wave with startWave. The plan is read only while the wave's layout is not
 * recorded: a retry launches the recorded layout, whatever was edited since.
 */
export async function startWaveAction(
  event: StartWaveEvent,
  ctx: RouterContext,
): Promise<StartWaveEventResult> {
  const { executionId, executionType, waveId } = event;
  const result = await startWaveOf(
    {
      executionId,
      executionType,
      waveId,
      loadWave: async (execution) => {
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
        return wave;
      },
    },
    waveDepsOf(ctx, executionId),
  );
  return { status: result.status, serverCount: result.serverCount, jobCount: result.jobIds.length };
}
