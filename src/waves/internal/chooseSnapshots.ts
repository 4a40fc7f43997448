/**
 * The recovery snapshot each server of a wave launches from, for the wave's recovery point:
 * the snapshot named for the server, else its newest taken at or before `before`. Every server
 * is checked before anything is decided, and every one without its snapshot is listed.
 *
 * @module
 */

import type { RecoverySnapshot } from '@aws-sdk/client-drs';
import { type Problem, RecoveryPointUnavailableError } from '../../errors';
import type { RecoveryPoint } from '../../plan/types';
import { mapConcurrently } from '../../readiness/internal/mapConcurrently';
import type { ServerSnapshot } from '../../store/records';
import type { WaveDeps } from '../WaveDeps';
import type { ResolvedServer } from './layout';
import { portFor } from './portFor';

/** `DescribeRecoverySnapshots` calls in flight at once for one wave. */
const CONCURRENT_LOOKUPS = 8;

/** Snapshots read per server for `before`: DRS's filter is by time, re-checked here. */
const BEFORE_PAGE = 5;

/** A snapshot's time as an ISO 8601 string with milliseconds, `undefined` when it has none. */
function takenAtOf(snapshot: RecoverySnapshot): string | undefined {
  const at = snapshot.timestamp === undefined ? Number.NaN : Date.parse(snapshot.timestamp);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

const chosen = (
  snapshot: RecoverySnapshot,
  takenAt: string,
  chosenBy: ServerSnapshot['chosenBy'],
): ServerSnapshot => ({
  ...(snapshot.snapshotID === undefined ? {} : { snapshotId: snapshot.snapshotID }),
  takenAt,
  chosenBy,
});

/**
 * Each server's snapshot for `point`, by source server ID (servers the point says nothing about
 * are left out: they launch from the latest data).
 *
 * @throws {@link RecoveryPointUnavailableError} listing every server without its snapshot,
 * unless `fallbackToLatest` (those then launch from the latest data, `chosenBy: 'LATEST'`).
 */
export async function chooseSnapshots(
  waveId: string,
  servers: readonly ResolvedServer[],
  point: RecoveryPoint,
  fallbackToLatest: boolean,
  deps: WaveDeps,
): Promise<Map<string, ServerSnapshot>> {
  const before = point.before === undefined ? undefined : Date.parse(point.before);
  const results = await mapConcurrently(servers, CONCURRENT_LOOKUPS, async (server) => {
    const id = server.sourceServerId;
    const drs = portFor(deps, server);
    const named = point.snapshotIds?.[id];
    if (named !== undefined) {
      const all = await drs.describeRecoverySnapshots(id, { order: 'DESC' });
      const found = all.find((s) => s.snapshotID === named);
      const takenAt = found === undefined ? undefined : takenAtOf(found);
      if (found !== undefined && takenAt !== undefined) {
        return { id, choice: chosen(found, takenAt, 'SNAPSHOT_ID') };
      }
      return { id, problem: `recovery snapshot ${named}, named for it, does not exist` };
    }
    if (before === undefined || point.before === undefined) return { id };
    const page = await drs.describeRecoverySnapshots(id, {
      order: 'DESC',
      toDateTime: point.before,
      maxResults: BEFORE_PAGE,
    });
    for (const snapshot of page) {
      const takenAt = takenAtOf(snapshot);
      if (takenAt !== undefined && Date.parse(takenAt) <= before) {
        return { id, choice: chosen(snapshot, takenAt, 'BEFORE') };
      }
    }
    return { id, problem: `no recovery snapshot taken at or before ${point.before}` };
  });
  const choices = new Map<string, ServerSnapshot>();
  const problems: Problem[] = [];
  for (const result of results) {
    if ('choice' in result && result.choice !== undefined) {
      choices.set(result.id, result.choice);
    } else if ('problem' in result && result.problem !== undefined) {
      if (fallbackToLatest) choices.set(result.id, { chosenBy: 'LATEST' });
      else problems.push({ path: result.id, message: result.problem });
    }
  }
  if (problems.length > 0) throw new RecoveryPointUnavailableError(waveId, problems);
  return choices;
}
