/**
 * The tags drs-waves puts on every DRS job it starts. Reconciliation after a lost response
 * finds the job by them, and operators can find an execution's jobs in the console.
 *
 * @example
 * ```ts
 * import { DRS_JOB_TAGS } from 'drs-waves';
 *
 * const mine = (tags: Record<string, string>) => tags[DRS_JOB_TAGS.executionId] === 'e1';
 * ```
 */
export const DRS_JOB_TAGS = Object.freeze({
  /** The execution ID. */
  executionId: 'drs-waves:execution-id',
  /** The wave ID. */
  waveId: 'drs-waves:wave-id',
  /** The chunk index within the wave, as a decimal string. */
  chunk: 'drs-waves:chunk',
});
