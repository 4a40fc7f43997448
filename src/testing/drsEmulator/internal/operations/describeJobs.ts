/**
 * `POST /DescribeJobs`: jobs oldest first, filtered by job IDs (up to 1000) and by creation
 * date, always paginated. A job created less than `jobListingDelaySeconds` ago is not listed yet
 * (DRS's listing is eventually consistent); since jobs are created in order, the unlisted ones
 * are always the newest, so keyset pagination neither skips nor repeats a job.
 *
 * @module
 */

import { numericKey, paginate } from '../paginate';
import { JOB_ID_PATTERN, optionalIdList, optionalObject, optionalTimestamp } from '../readRequest';
import { renderJob } from '../render';
import { MICROS_PER_SECOND } from '../timestamps';
import { type Operation, pageBody } from './operation';

/** The most job IDs one `DescribeJobs` filter takes. */
export const MAX_JOB_IDS = 1000;

export const describeJobs: Operation = (world, body) => {
  const filters = optionalObject(body, 'filters') ?? {};
  const jobIDs = optionalIdList(filters, 'jobIDs', JOB_ID_PATTERN, MAX_JOB_IDS);
  const from = optionalTimestamp(filters, 'fromDate');
  const to = optionalTimestamp(filters, 'toDate');
  const wanted = jobIDs !== undefined && jobIDs.length > 0 ? new Set(jobIDs) : undefined;
  const listedUntil = world.now - world.options.jobListingDelaySeconds * MICROS_PER_SECOND;
  const matching = world.jobs
    .map((job, index) => ({ job, index }))
    .filter(
      ({ job }) =>
        job.createdAt <= listedUntil &&
        (wanted === undefined || wanted.has(job.jobID)) &&
        (from === undefined || job.createdAt >= from) &&
        (to === undefined || job.createdAt <= to),
    );
  const page = paginate(matching, ({ index }) => numericKey(index), {
    maxResults: body.maxResults,
    nextToken: body.nextToken,
    scope: `DescribeJobs ${JSON.stringify([jobIDs ?? [], from ?? null, to ?? null])}`,
    defaultPageSize: world.options.pageSize,
  });
  const items = page.items.map(({ job }) => renderJob(job, world.now, world.options));
  return { status: 200, body: pageBody(items, page.nextToken) };
};
