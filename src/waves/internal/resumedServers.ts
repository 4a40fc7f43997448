import type { ExecutionHistoryStore } from '../../store/ExecutionHistoryStore';
import type { ChunkRecord, ExecutionRecord } from '../../store/records';
import type { WaveDeps } from '../WaveDeps';
import { isChunkJobOf, lastTouch, RECONCILE_SLACK_MS } from './advanceStarts';
import { portFor } from './portFor';

/** At most this many executions are followed back: a chain is short, a loop is a bug. */
const MAX_CHAIN = 100;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The servers of `waveId` that the executions `execution` resumes (following the chain back)
 * launched, or may still be launching: each server whose latest chunk there has a DRS job and a
 * verdict other than `FAILED`. A resume leaves them out of its layout, so only what did not
 * launch is launched.
 *
 * A chunk an execution touched (a claim, a call whose answer was lost) without recording a job
 * may have started one all the same, if the execution died or ended before it reconciled: DRS is
 * asked for it by the job tags, as the start engine reconciles, and the servers of such a job
 * count as launched unless DRS says their launch failed.
 */
export async function launchedBefore(
  history: Pick<ExecutionHistoryStore, 'getExecution' | 'listChunks'>,
  execution: ExecutionRecord,
  waveId: string,
  deps: WaveDeps,
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
    const unrecorded = new Set([...latest.values()].filter((c) => c.jobId === undefined));
    for (const chunk of unrecorded) {
      for (const id of await startedUnrecorded(deps, from, waveId, chunk)) launched.add(id);
    }
    from = (await history.getExecution(from))?.resumedFrom?.executionId;
  }
  return launched;
}

/**
 * The servers of a touched chunk without a recorded job whose job DRS has (found by its tags
 * around the touch), their launch not failed; none for a chunk never touched.
 */
async function startedUnrecorded(
  deps: WaveDeps,
  executionId: string,
  waveId: string,
  chunk: ChunkRecord,
): Promise<string[]> {
  const touched = lastTouch(chunk);
  if (touched === undefined) return [];
  const jobs = await portFor(deps, chunk).describeJobs({
    fromDate: iso(touched - RECONCILE_SLACK_MS),
    toDate: iso(touched + RECONCILE_SLACK_MS),
  });
  const job = jobs.find((j) => isChunkJobOf(j, executionId, waveId, chunk.chunkIndex));
  if (job === undefined) return [];
  const failed = new Set(
    (job.participatingServers ?? [])
      .filter((p) => p.launchStatus === 'FAILED')
      .map((p) => p.sourceServerID),
  );
  return chunk.servers.map((s) => s.sourceServerId).filter((id) => !failed.has(id));
}
