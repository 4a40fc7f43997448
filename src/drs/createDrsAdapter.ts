import type {
  DrsClient,
  Job,
  JobLog,
  RecoveryInstance,
  RecoverySnapshot,
  SourceServer,
} from '@aws-sdk/client-drs';
import { loadClientDrs } from '../internal/optionalPeer';
import type { DrsPort } from './DrsPort';
import { toDrsCallError } from './internal/toDrsCallError';
import { DRS_API_LIMITS } from './limits';

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Follows `nextToken` until DRS has no more pages, or `limit` items are in hand. */
async function allPages<T>(
  fetch: (page: { nextToken?: string }) => Promise<{ items?: T[]; nextToken?: string }>,
  limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken === undefined ? {} : { nextToken });
    items.push(...(page.items ?? []));
    nextToken = page.nextToken === '' ? undefined : page.nextToken;
  } while (nextToken !== undefined && items.length < limit);
  return items.slice(0, limit);
}

/** The name of a failed SDK call's exception. */
const errorName = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;

/** Runs `call`, turning any failure into the library's DRS error for `operation`. */
async function guarded<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDrsCallError(operation, error);
  }
}

/**
 * Implements {@link DrsPort} over a bare `DrsClient` with command objects. The client is yours:
 * create it once, outside the Lambda handler, with the Region, retry and credentials you need.
 * The SDK's own retries (throttling, 5xx) run first; what still fails is thrown as a
 * {@link DrsRetryableError} or {@link DrsNonRetryableError}.
 *
 * `@aws-sdk/client-drs` is an optional peer dependency of drs-waves: the adapter loads it on
 * its first call (once), and each method rejects with a {@link MissingPeerDependencyError}
 * (`npm install @aws-sdk/client-drs`) when it is not installed.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { createDrsAdapter } from 'drs-waves';
 *
 * const drs = createDrsAdapter(new DrsClient({ region: 'eu-west-1', maxAttempts: 5 }));
 * const job = await drs.startRecovery({ sourceServerIds: ['s-1234567890abcdef0'], isDrill: true });
 * ```
 */
export function createDrsAdapter(client: DrsClient): DrsPort {
  // Outside `guarded`: a missing SDK is not a failed DRS call.
  const sdk = () => loadClientDrs('createDrsAdapter');
  return {
    startRecovery: async (request) => {
      const { StartRecoveryCommand } = await sdk();
      return guarded('StartRecovery', async () => {
        const output = await client.send(
          new StartRecoveryCommand({
            sourceServers: request.sourceServerIds.map((sourceServerID) => {
              const recoverySnapshotID = request.recoverySnapshotIds?.[sourceServerID];
              return recoverySnapshotID === undefined
                ? { sourceServerID }
                : { sourceServerID, recoverySnapshotID };
            }),
            isDrill: request.isDrill,
            ...(request.tags === undefined ? {} : { tags: { ...request.tags } }),
          }),
        );
        if (output.job === undefined) throw new Error('StartRecovery returned no job');
        return output.job;
      });
    },

    describeJobs: async (filter) => {
      const { DescribeJobsCommand } = await sdk();
      return guarded('DescribeJobs', async () => {
        if (!('jobIds' in filter)) {
          const filters = {
            fromDate: filter.fromDate,
            ...(filter.toDate ? { toDate: filter.toDate } : {}),
          };
          return allPages<Job>((page) =>
            client.send(new DescribeJobsCommand({ filters, ...page })),
          );
        }
        const jobs: Job[] = [];
        for (const jobIDs of chunk(filter.jobIds, DRS_API_LIMITS.maxJobIdsPerDescribeJobs)) {
          jobs.push(
            ...(await allPages<Job>((page) =>
              client.send(new DescribeJobsCommand({ filters: { jobIDs }, ...page })),
            )),
          );
        }
        return jobs;
      });
    },

    describeJobLogItems: async (jobID) => {
      const { DescribeJobLogItemsCommand } = await sdk();
      return guarded('DescribeJobLogItems', () =>
        // The largest page DRS serves: a job's log (a few items per server) in as few calls
        // as it allows.
        allPages<JobLog>((page) =>
          client.send(
            new DescribeJobLogItemsCommand({
              jobID,
              maxResults: DRS_API_LIMITS.maxJobLogItemsPerPage,
              ...page,
            }),
          ),
        ),
      );
    },

    describeSourceServers: async (ids) => {
      const { DescribeSourceServersCommand } = await sdk();
      return guarded('DescribeSourceServers', async () => {
        const servers: SourceServer[] = [];
        for (const sourceServerIDs of chunk(ids, DRS_API_LIMITS.maxIdsPerFilter)) {
          servers.push(
            ...(await allPages<SourceServer>((page) =>
              client.send(
                new DescribeSourceServersCommand({ filters: { sourceServerIDs }, ...page }),
              ),
            )),
          );
        }
        return servers;
      });
    },

    listSourceServers: async () => {
      const { DescribeSourceServersCommand } = await sdk();
      return guarded('DescribeSourceServers', () =>
        allPages<SourceServer>((page) => client.send(new DescribeSourceServersCommand(page))),
      );
    },

    describeRecoveryInstances: async (filter) => {
      const { DescribeRecoveryInstancesCommand } = await sdk();
      return guarded('DescribeRecoveryInstances', async () => {
        const byInstance = 'recoveryInstanceIds' in filter;
        const ids = byInstance ? filter.recoveryInstanceIds : filter.sourceServerIds;
        const instances: RecoveryInstance[] = [];
        for (const part of chunk(ids, DRS_API_LIMITS.maxIdsPerFilter)) {
          const filters = byInstance ? { recoveryInstanceIDs: part } : { sourceServerIDs: part };
          instances.push(
            ...(await allPages<RecoveryInstance>((page) =>
              client.send(new DescribeRecoveryInstancesCommand({ filters, ...page })),
            )),
          );
        }
        return instances;
      });
    },

    terminateRecoveryInstances: async (ids) => {
      const { TerminateRecoveryInstancesCommand } = await sdk();
      return guarded('TerminateRecoveryInstances', async () => {
        const output = await client.send(
          new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: [...ids] }),
        );
        if (output.job === undefined) throw new Error('TerminateRecoveryInstances returned no job');
        return output.job;
      });
    },

    describeRecoverySnapshots: async (sourceServerID, options = {}) => {
      const { DescribeRecoverySnapshotsCommand } = await sdk();
      const { order, fromDateTime, toDateTime, maxResults } = options;
      const filters = {
        ...(fromDateTime === undefined ? {} : { fromDateTime }),
        ...(toDateTime === undefined ? {} : { toDateTime }),
      };
      return guarded('DescribeRecoverySnapshots', () =>
        allPages<RecoverySnapshot>(
          (page) =>
            client.send(
              new DescribeRecoverySnapshotsCommand({
                sourceServerID,
                ...(Object.keys(filters).length > 0 ? { filters } : {}),
                ...(order === undefined ? {} : { order }),
                ...(maxResults === undefined ? {} : { maxResults }),
                ...page,
              }),
            ),
          maxResults,
        ),
      );
    },

    getLaunchConfiguration: async (sourceServerID) => {
      const { GetLaunchConfigurationCommand } = await sdk();
      return guarded('GetLaunchConfiguration', async () => {
        try {
          const { $metadata: _metadata, ...configuration } = await client.send(
            new GetLaunchConfigurationCommand({ sourceServerID }),
          );
          return configuration;
        } catch (error) {
          // DRS has no launch configuration for the server: an answer, not a failed call.
          if (errorName(error) === 'ResourceNotFoundException') return undefined;
          throw error;
        }
      });
    },
  };
}
