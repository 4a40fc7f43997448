/**
 * `POST /DescribeJobLogItems`: the log items of one job that exist now, oldest first, always
 * paginated. An unknown (well-formed) job ID has no items.
 *
 * @module
 */

import { validationError } from '../apiError';
import { numericKey, paginate } from '../paginate';
import { JOB_ID_PATTERN } from '../readRequest';
import { renderLogItems } from '../render';
import { type Operation, pageBody } from './operation';

export const describeJobLogItems: Operation = (world, body) => {
  const jobID = body.jobID;
  if (typeof jobID !== 'string' || !JOB_ID_PATTERN.test(jobID)) {
    throw validationError('jobID: Invalid job ID', [
      {
        name: 'jobID',
        message: `Member must satisfy regular expression pattern: ${JOB_ID_PATTERN.source}`,
      },
    ]);
  }
  const job = world.job(jobID);
  const items = job === undefined ? [] : renderLogItems(job, world.now);
  const page = paginate(
    items.map((item, index) => ({ item, index })),
    ({ index }) => numericKey(index),
    {
      maxResults: body.maxResults,
      nextToken: body.nextToken,
      scope: `DescribeJobLogItems ${jobID}`,
      defaultPageSize: world.options.pageSize,
    },
  );
  return {
    status: 200,
    body: pageBody(
      page.items.map(({ item }) => item),
      page.nextToken,
    ),
  };
};
