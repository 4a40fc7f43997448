import { ResumeRefusedError } from '../errors';
import type { ExecutionHistoryStore } from '../store/ExecutionHistoryStore';
import type { ExecutionRecord, WaveRecordStatus } from '../store/records';
import type { WaveItem } from './actions';

/** Waves the execution went past: a resume never runs a completed one again. */
const FINISHED: ReadonlySet<WaveRecordStatus> = new Set(['COMPLETED', 'SKIPPED']);

/**
 * The stages a resume of `old` from `waveId` runs, by the rules every caller applies (the
 * control plane before it starts anything, the router when the new execution begins):
 *
 * - `old` ended `FAILED` or `CANCELLED`, and no other execution resumed it (`resumedBy`, unless
 *   it is `by`, the resuming execution itself, asking again);
 * - the wave is one of `old`'s, and comes no later than its first unfinished wave: every stage
 *   before the wave's completed (or was skipped);
 * - the stages run from the wave's stage on, without the waves `old` completed; what is left
 *   is not empty.
 *
 * @throws {@link ResumeRefusedError} naming the execution, the wave and why.
 *
 * @example
 * ```ts
 * import { InMemoryExecutionHistoryStore, resumeStagesOf } from 'drs-waves';
 *
 * const history = new InMemoryExecutionHistoryStore();
 * const old = await history.getExecution('shop-1');
 * if (old) console.log(await resumeStagesOf(history, old, 'app'));
 * ```
 */
export async function resumeStagesOf(
  history: Pick<ExecutionHistoryStore, 'listWaves'>,
  old: ExecutionRecord,
  waveId: string,
  by?: string,
): Promise<WaveItem[][]> {
  const refuse = (reason: ResumeRefusedError['reason'], why: string) =>
    new ResumeRefusedError(old.executionId, waveId, reason, why);
  if (old.status !== 'FAILED' && old.status !== 'CANCELLED') {
    throw refuse('NOT_FAILED', `it is ${old.status}: only a FAILED or CANCELLED one resumes`);
  }
  if (old.resumedBy !== undefined && old.resumedBy !== by) {
    throw refuse('ALREADY_RESUMED', `execution ${JSON.stringify(old.resumedBy)} resumed it`);
  }
  const stages = old.stages ?? [];
  const at = stages.findIndex((stage) => stage.some((w) => w.waveId === waveId));
  if (at < 0) {
    throw refuse(
      'UNKNOWN_WAVE',
      `the execution has no such wave (its waves: ${old.waveIds.join(', ')})`,
    );
  }
  const status = new Map(
    (await history.listWaves(old.executionId)).map((w) => [w.waveId, w.status]),
  );
  const finished = (id: string) => FINISHED.has(status.get(id) ?? 'STARTING');
  const firstUnfinished = stages.findIndex((stage) => stage.some((w) => !finished(w.waveId)));
  if (firstUnfinished >= 0 && at > firstUnfinished) {
    const wave = stages[firstUnfinished]?.find((w) => !finished(w.waveId))?.waveId ?? '';
    throw refuse(
      'AFTER_UNFINISHED_WAVE',
      `it comes after wave ${JSON.stringify(wave)}, which did not complete: resume from it or before`,
    );
  }
  const left = stages
    .slice(at)
    .map((stage) => stage.filter((w) => status.get(w.waveId) !== 'COMPLETED'))
    .filter((stage) => stage.length > 0);
  if (left.length === 0) {
    throw refuse('NOTHING_TO_RESUME', 'every wave from it on completed');
  }
  return left;
}
