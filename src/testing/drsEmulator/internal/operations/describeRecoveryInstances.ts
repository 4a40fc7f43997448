/**
 * `POST /DescribeRecoveryInstances`: the recovery instances that exist now, oldest launch
 * first, filtered by recovery instance IDs and source server IDs (up to 200 each), paginated.
 *
 * @module
 */

import { numericKey, paginate } from '../paginate';
import {
  optionalIdList,
  optionalObject,
  RECOVERY_INSTANCE_ID_PATTERN,
  SOURCE_SERVER_ID_PATTERN,
} from '../readRequest';
import { renderRecoveryInstance } from '../render';
import type { LiveInstance } from '../world';
import { type Operation, pageBody } from './operation';

/** The most IDs one `DescribeRecoveryInstances` filter takes. */
export const MAX_FILTER_IDS = 200;

function keyOf(instance: LiveInstance): string {
  return `${numericKey(instance.run.launchEndAt ?? 0)}|${instance.recoveryInstanceID}`;
}

export const describeRecoveryInstances: Operation = (world, body) => {
  const filters = optionalObject(body, 'filters') ?? {};
  const instanceIds = optionalIdList(
    filters,
    'recoveryInstanceIDs',
    RECOVERY_INSTANCE_ID_PATTERN,
    MAX_FILTER_IDS,
  );
  const serverIds = optionalIdList(
    filters,
    'sourceServerIDs',
    SOURCE_SERVER_ID_PATTERN,
    MAX_FILTER_IDS,
  );
  const byInstance = instanceIds?.length ? new Set(instanceIds) : undefined;
  const byServer = serverIds?.length ? new Set(serverIds) : undefined;
  const matching = world
    .liveInstances()
    .filter(
      (i) =>
        (byInstance === undefined || byInstance.has(i.recoveryInstanceID)) &&
        (byServer === undefined || byServer.has(i.run.sourceServerID)),
    )
    .map((instance) => ({ instance, key: keyOf(instance) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = paginate(matching, ({ key }) => key, {
    maxResults: body.maxResults,
    nextToken: body.nextToken,
    scope: `DescribeRecoveryInstances ${JSON.stringify([instanceIds ?? [], serverIds ?? []])}`,
    defaultPageSize: world.options.pageSize,
  });
  const items = page.items.map(({ instance }) => renderRecoveryInstance(instance, world.options));
  return { status: 200, body: pageBody(items, page.nextToken) };
};
