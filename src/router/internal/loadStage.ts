import { HistoryRecordNotFoundError } from '../../errors';
import type { LoadStageEvent, LoadStageResult } from '../actions';
import { type RouterContext, requireExecution } from './context';

/**
 * Answers the waves of one stage, as `begin_execution` recorded them: the state carries the
 * stage index and one stage's waves, never the plan's whole stage list.
 */
export async function loadStage(
  event: LoadStageEvent,
  ctx: RouterContext,
): Promise<LoadStageResult> {
  const { executionId, stageIndex } = event;
  const execution = await requireExecution(ctx, executionId);
  const waves = execution.stages?.[stageIndex];
  if (waves === undefined) {
    throw new HistoryRecordNotFoundError('stage', `${executionId}/${stageIndex}`);
  }
  return { index: stageIndex, waves };
}
