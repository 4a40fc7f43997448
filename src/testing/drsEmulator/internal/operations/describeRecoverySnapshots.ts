/**
 * `POST /DescribeRecoverySnapshots`: the recovery snapshots of one source server that exist now,
 * filtered by the time they were taken (`filters.fromDateTime` and `filters.toDateTime`, both
 * inclusive), sorted by that time (`order`: `ASC`, the default, or `DESC`), always paginated. A
 * source server that does not exist has none: the API model lists no `ResourceNotFoundException`
 * for this operation.
 *
 * @module
 */

import { validationError } from '../apiError';
import { numericKey, paginate } from '../paginate';
import {
  optionalObject,
  optionalString,
  optionalTimestamp,
  requiredId,
  SOURCE_SERVER_ID_PATTERN,
} from '../readRequest';
import { renderRecoverySnapshot } from '../render';
import { snapshotsOf } from '../replication';
import { type Operation, pageBody } from './operation';

export const describeRecoverySnapshots: Operation = (world, body) => {
  const id = requiredId(body, 'sourceServerID', SOURCE_SERVER_ID_PATTERN);
  const filters = optionalObject(body, 'filters') ?? {};
  const from = optionalTimestamp(filters, 'fromDateTime');
  const to = optionalTimestamp(filters, 'toDateTime');
  const order = optionalString(body, 'order') ?? 'ASC';
  if (order !== 'ASC' && order !== 'DESC') {
    throw validationError('order: Must be ASC or DESC', [
      { name: 'order', message: 'Value must satisfy enum value set: [ASC, DESC]' },
    ]);
  }
  const matching = (world.serverExists(id) ? snapshotsOf(world, id) : []).filter(
    (s) => (from === undefined || s.takenAt >= from) && (to === undefined || s.takenAt <= to),
  );
  if (order === 'DESC') matching.reverse();
  // Keyset pagination wants keys that rise along the list: newest first, they count down.
  const keyOf = (takenAt: number) =>
    numericKey(order === 'DESC' ? Number.MAX_SAFE_INTEGER - takenAt : takenAt);
  const page = paginate(matching, (s) => keyOf(s.takenAt), {
    maxResults: body.maxResults,
    nextToken: body.nextToken,
    scope: `DescribeRecoverySnapshots ${JSON.stringify([id, from ?? null, to ?? null, order])}`,
    defaultPageSize: world.options.pageSize,
  });
  return { status: 200, body: pageBody(page.items.map(renderRecoverySnapshot), page.nextToken) };
};
