/**
 * `POST /StartRecovery`: starts a launch job (a drill or a recovery) for 1 to 200 servers, each
 * from a new snapshot or from the `recoverySnapshotID` it names (one of its snapshots that exist
 * now, else `ValidationException`): its recovery instance's `pointInTimeSnapshotDateTime` is then
 * that snapshot's time.
 *
 * @module
 */

import { validationError } from '../apiError';
import {
  isJsonObject,
  optionalBoolean,
  optionalTags,
  RECOVERY_SNAPSHOT_ID_PATTERN,
  SOURCE_SERVER_ID_PATTERN,
} from '../readRequest';
import type { RecoverySnapshotUse } from '../records';
import { renderJob } from '../render';
import { snapshotsOf } from '../replication';
import type { Operation } from './operation';

/** The API's own limit on `sourceServers`, whatever the quotas. */
export const MAX_SERVERS_PER_START_RECOVERY = 200;

export const startRecovery: Operation = (world, body) => {
  const servers = body.sourceServers;
  if (!Array.isArray(servers)) {
    throw validationError('sourceServers: Must be a list', [
      { name: 'sourceServers', message: 'Required list is missing' },
    ]);
  }
  if (servers.length < 1 || servers.length > MAX_SERVERS_PER_START_RECOVERY) {
    throw validationError(
      `sourceServers: Member must have length between 1 and ${MAX_SERVERS_PER_START_RECOVERY}, got ${servers.length}`,
      [
        {
          name: 'sourceServers',
          message: `Must have 1 to ${MAX_SERVERS_PER_START_RECOVERY} members`,
        },
      ],
    );
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  const snapshots = new Map<string, RecoverySnapshotUse>();
  servers.forEach((server: unknown, index) => {
    const name = `sourceServers.${index}`;
    const id = isJsonObject(server) ? server.sourceServerID : undefined;
    if (typeof id !== 'string' || !SOURCE_SERVER_ID_PATTERN.test(id)) {
      throw validationError(`${name}.sourceServerID: Invalid source server ID`, [
        {
          name: `${name}.sourceServerID`,
          message: `Member must satisfy regular expression pattern: ${SOURCE_SERVER_ID_PATTERN.source}`,
        },
      ]);
    }
    const snapshot = isJsonObject(server) ? server.recoverySnapshotID : undefined;
    if (
      snapshot !== undefined &&
      (typeof snapshot !== 'string' || !RECOVERY_SNAPSHOT_ID_PATTERN.test(snapshot))
    ) {
      throw validationError(`${name}.recoverySnapshotID: Invalid recovery snapshot ID`, [
        {
          name: `${name}.recoverySnapshotID`,
          message: `Member must satisfy regular expression pattern: ${RECOVERY_SNAPSHOT_ID_PATTERN.source}`,
        },
      ]);
    }
    if (seen.has(id)) {
      throw validationError(`Source server ${id} is listed twice`, [
        { name: `${name}.sourceServerID`, message: 'Duplicate source server ID' },
      ]);
    }
    seen.add(id);
    ids.push(id);
    if (typeof snapshot === 'string' && world.serverExists(id)) {
      // The snapshot must be one of the server's that exist now.
      const found = snapshotsOf(world, id).find((s) => s.snapshotID === snapshot);
      if (found === undefined) {
        throw validationError(`Recovery snapshot ${snapshot} not found for source server ${id}`, [
          {
            name: `${name}.recoverySnapshotID`,
            message: `Recovery snapshot ${snapshot} not found`,
          },
        ]);
      }
      snapshots.set(id, { snapshotID: found.snapshotID, takenAt: found.takenAt });
    }
  });
  const job = world.startRecovery({
    sourceServerIDs: ids,
    isDrill: optionalBoolean(body, 'isDrill') ?? false,
    tags: optionalTags(body, 'tags'),
    ...(snapshots.size > 0 ? { snapshots } : {}),
  });
  return { status: 202, body: { job: renderJob(job, world.now, world.options) } };
};
