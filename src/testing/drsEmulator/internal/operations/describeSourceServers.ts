/**
 * `POST /DescribeSourceServers`: source servers sorted by ID, filtered by `sourceServerIDs`
 * (up to 200), always paginated, each with its replication state and lag at the time of the
 * request.
 *
 * @module
 */

import { paginate } from '../paginate';
import { optionalIdList, optionalObject, SOURCE_SERVER_ID_PATTERN } from '../readRequest';
import { renderSourceServer } from '../render';
import { addedAt, replicationAt, settingsOf } from '../replication';
import { type Operation, pageBody } from './operation';

/** The most IDs one `DescribeSourceServers` filter takes. */
export const MAX_SOURCE_SERVER_IDS = 200;

export const describeSourceServers: Operation = (world, body) => {
  const filters = optionalObject(body, 'filters') ?? {};
  const ids = optionalIdList(
    filters,
    'sourceServerIDs',
    SOURCE_SERVER_ID_PATTERN,
    MAX_SOURCE_SERVER_IDS,
  );
  const listed =
    ids !== undefined && ids.length > 0
      ? [...new Set(ids)].filter((id) => world.serverExists(id)).sort()
      : world.listedServers();
  const page = paginate(listed, (id) => id, {
    maxResults: body.maxResults,
    nextToken: body.nextToken,
    scope: `DescribeSourceServers ${JSON.stringify(ids ?? [])}`,
    defaultPageSize: world.options.pageSize,
  });
  const instances = new Map(world.liveInstances().map((i) => [i.run.sourceServerID, i]));
  const items = page.items.map((id) =>
    renderSourceServer(
      id,
      {
        launch: world.latestLaunch(id),
        instance: instances.get(id),
        replication: replicationAt(world, id, world.now),
        addedAt: addedAt(world, id),
        tags: settingsOf(world, id).tags,
      },
      world.now,
      world.options,
    ),
  );
  return { status: 200, body: pageBody(items, page.nextToken) };
};
