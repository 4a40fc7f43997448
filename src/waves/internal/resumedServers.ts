import type { ExecutionHistoryStore } from '../../store/ExecutionHistoryStore';
import type { ChunkRecord, ExecutionRecord } from '../../store/records';

/** At most this many executions are followed back: a chain is short, a loop is a bug. */
const MAX_CHAIN = 100;

/**
 * The servers of `waveId` that the executions `execution` resumes (following the chain back)
 * launched, or may still be launching: each server whose latest chunk there has a DRS job and a
 * verdict other than `FAILED`. A resume leaves them out of its layout, so only what did not
 * launch is launched.
 */
export async function launchedBefore(
  history: Pick<ExecutionHistoryStore, 'getExecution' | 'listChunks'>,
  execution: ExecutionRecord,
  waveId: string,
): Promise<Set<string>> {
  const launched = new Set<string>();
  const seen = new Set<string>([execution.executionId]);
  let from = execution.resumedFrom?.executionId;
  while (from !== undefined && !seen.has(from) && seen.size <= MAX_CHAIN) {
    seen.add(from);
    const latest = new Map<string, ChunkRecord>();
    const chunks = await history.listChunks(from, waveId);
    for (const chunk of [...chunks].sort((a, b) => a.chunkIndex - b.chunkIndex)) {
      for (const s of chunk.servers) latest.set(s.sourceServerId, chunk);
    }
    for (const [id, chunk] of latest) {
      if (chunk.jobId !== undefined && chunk.verdicts[id] !== 'FAILED') launched.add(id);
    }
    from = (await history.getExecution(from))?.resumedFrom?.executionId;
  }
  return launched;
}
