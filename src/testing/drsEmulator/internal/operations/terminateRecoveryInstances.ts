/**
 * `POST /TerminateRecoveryInstances`: starts a `TERMINATE` job for 1 to 200 recovery instances.
 *
 * @module
 */

import { validationError } from '../apiError';
import { RECOVERY_INSTANCE_ID_PATTERN } from '../readRequest';
import { renderJob } from '../render';
import type { Operation } from './operation';

/** The API's limit on `recoveryInstanceIDs`. */
export const MAX_INSTANCES_PER_TERMINATE = 200;

export const terminateRecoveryInstances: Operation = (world, body) => {
  const ids = body.recoveryInstanceIDs;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_INSTANCES_PER_TERMINATE) {
    throw validationError(
      `recoveryInstanceIDs: Member must have length between 1 and ${MAX_INSTANCES_PER_TERMINATE}`,
      [
        {
          name: 'recoveryInstanceIDs',
          message: `Must have 1 to ${MAX_INSTANCES_PER_TERMINATE} members`,
        },
      ],
    );
  }
  const seen = new Set<string>();
  for (const id of ids as unknown[]) {
    if (typeof id !== 'string' || !RECOVERY_INSTANCE_ID_PATTERN.test(id)) {
      throw validationError('recoveryInstanceIDs: Invalid recovery instance ID', [
        {
          name: 'recoveryInstanceIDs',
          message: `Member must satisfy regular expression pattern: ${RECOVERY_INSTANCE_ID_PATTERN.source}`,
        },
      ]);
    }
    if (seen.has(id)) {
      throw validationError(`Recovery instance ${id} is listed twice`, [
        { name: 'recoveryInstanceIDs', message: 'Duplicate recovery instance ID' },
      ]);
    }
    seen.add(id);
  }
  const job = world.terminate([...seen]);
  return { status: 200, body: { job: renderJob(job, world.now, world.options) } };
};
