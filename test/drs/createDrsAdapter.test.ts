import {
  AccessDeniedException,
  ConflictException,
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  DrsClient,
  GetLaunchConfigurationCommand,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
  ThrottlingException,
  UninitializedAccountException,
  ValidationException,
} from '@aws-sdk/client-drs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDrsAdapter,
  DrsNonRetryableError,
  DrsRetryableError,
  ErrorName,
  isDrsCallError,
  isDrsNonRetryableError,
  isDrsRetryableError,
} from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';

const drsMock = mockClient(DrsClient);
const drs = createDrsAdapter(new DrsClient({ region: 'us-east-1' }));
afterEach(() => drsMock.reset());

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, message: 'm' });

describe('createDrsAdapter', () => {
  it('starts a recovery with the servers, the drill flag and the tags', async () => {
    drsMock.on(StartRecoveryCommand).resolves({ job: { jobID: 'drsjob-1', status: 'PENDING' } });
    const job = await drs.startRecovery({
      sourceServerIds: [fakeSourceServerId(1), fakeSourceServerId(2)],
      isDrill: true,
      tags: { execution: 'e1' },
    });
    expect(job.jobID).toBe('drsjob-1');
    expect(drsMock.commandCalls(StartRecoveryCommand)[0]?.args[0].input).toStrictEqual({
      sourceServers: [
        { sourceServerID: fakeSourceServerId(1) },
        { sourceServerID: fakeSourceServerId(2) },
      ],
      isDrill: true,
      tags: { execution: 'e1' },
    });
  });

  it('follows nextToken through every page of job log items', async () => {
    drsMock
      .on(DescribeJobLogItemsCommand, { jobID: 'j1' })
      .resolves({ items: [{ event: 'JOB_START' }], nextToken: 't1' })
      .on(DescribeJobLogItemsCommand, { jobID: 'j1', nextToken: 't1' })
      .resolves({ items: [{ event: 'SNAPSHOT_START' }], nextToken: 't2' })
      .on(DescribeJobLogItemsCommand, { jobID: 'j1', nextToken: 't2' })
      .resolves({ items: [{ event: 'JOB_END' }] });
    const items = await drs.describeJobLogItems('j1');
    expect(items.map((i) => i.event)).toStrictEqual(['JOB_START', 'SNAPSHOT_START', 'JOB_END']);
    expect(drsMock.commandCalls(DescribeJobLogItemsCommand)).toHaveLength(3);
    // Every page is the largest DRS serves.
    for (const call of drsMock.commandCalls(DescribeJobLogItemsCommand)) {
      expect(call.args[0].input.maxResults).toBe(1000);
    }
  });

  it('asks for at most 1000 job IDs per DescribeJobs call, following pages', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `drsjob-${i}`);
    drsMock
      .on(DescribeJobsCommand)
      .callsFake((input: { filters?: { jobIDs?: string[] }; nextToken?: string }) => {
        const batch = input.filters?.jobIDs ?? [];
        const half = Math.ceil(batch.length / 2);
        return input.nextToken === undefined
          ? { items: batch.slice(0, half).map((jobID) => ({ jobID })), nextToken: 'more' }
          : { items: batch.slice(half).map((jobID) => ({ jobID })) };
      });
    const jobs = await drs.describeJobs({ jobIds: ids });
    expect(jobs.map((j) => j.jobID)).toStrictEqual(ids);
    const sizes = drsMock
      .commandCalls(DescribeJobsCommand)
      .filter((c) => c.args[0].input.nextToken === undefined)
      .map((c) => c.args[0].input.filters?.jobIDs?.length);
    expect(sizes).toStrictEqual([1000, 1000, 500]);
  });

  it('describes jobs by date window', async () => {
    drsMock.on(DescribeJobsCommand).resolves({ items: [{ jobID: 'j' }] });
    await drs.describeJobs({ fromDate: '2026-01-01T00:00:00Z', toDate: '2026-01-02T00:00:00Z' });
    expect(drsMock.commandCalls(DescribeJobsCommand)[0]?.args[0].input).toStrictEqual({
      filters: { fromDate: '2026-01-01T00:00:00Z', toDate: '2026-01-02T00:00:00Z' },
    });
  });

  it('asks for at most 200 IDs per source-server and recovery-instance call', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => fakeSourceServerId(i));
    drsMock.on(DescribeSourceServersCommand).callsFake((input) => ({
      items: (input.filters?.sourceServerIDs ?? []).map((sourceServerID: string) => ({
        sourceServerID,
      })),
    }));
    drsMock.on(DescribeRecoveryInstancesCommand).callsFake((input) => ({
      items: (input.filters?.sourceServerIDs ?? []).map((sourceServerID: string) => ({
        sourceServerID,
      })),
    }));
    expect(await drs.describeSourceServers(ids)).toHaveLength(450);
    expect(await drs.describeRecoveryInstances({ sourceServerIds: ids })).toHaveLength(450);
    const sizes = (calls: { args: [{ input: { filters?: { sourceServerIDs?: string[] } } }] }[]) =>
      calls.map((c) => c.args[0].input.filters?.sourceServerIDs?.length);
    expect(sizes(drsMock.commandCalls(DescribeSourceServersCommand))).toStrictEqual([200, 200, 50]);
    expect(sizes(drsMock.commandCalls(DescribeRecoveryInstancesCommand))).toStrictEqual([
      200, 200, 50,
    ]);
  });

  it('terminates recovery instances and returns the job', async () => {
    drsMock
      .on(TerminateRecoveryInstancesCommand)
      .resolves({ job: { jobID: 'drsjob-t', type: 'TERMINATE' } });
    expect((await drs.terminateRecoveryInstances(['i-1', 'i-2'])).jobID).toBe('drsjob-t');
    expect(drsMock.commandCalls(TerminateRecoveryInstancesCommand)[0]?.args[0].input).toStrictEqual(
      {
        recoveryInstanceIDs: ['i-1', 'i-2'],
      },
    );
  });

  it.each([
    [
      new ThrottlingException({ ...meta(429), retryAfterSeconds: '7' }),
      true,
      'ThrottlingException',
      7,
    ],
    [
      new InternalServerException({ ...meta(500), retryAfterSeconds: 3 }),
      true,
      'InternalServerException',
      3,
    ],
    [
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      true,
      'ECONNRESET',
      undefined,
    ],
    [
      Object.assign(new Error('gateway'), {
        name: 'BadGateway',
        $metadata: { httpStatusCode: 502 },
      }),
      true,
      'BadGateway',
      undefined,
    ],
    [new ValidationException(meta(400)), false, 'ValidationException', undefined],
    [new ConflictException(meta(409)), false, 'ConflictException', undefined],
    [
      new ServiceQuotaExceededException(meta(402)),
      false,
      'ServiceQuotaExceededException',
      undefined,
    ],
    [new AccessDeniedException(meta(403)), false, 'AccessDeniedException', undefined],
    [
      new UninitializedAccountException(meta(400)),
      false,
      'UninitializedAccountException',
      undefined,
    ],
    [new Error('something else'), false, 'UnknownError', undefined],
  ] as const)(
    'wraps %s (retryable: %s)',
    async (sdkError, retryable, drsErrorName, retryAfterSeconds) => {
      drsMock.on(StartRecoveryCommand).rejects(sdkError);
      const caught = await drs
        .startRecovery({ sourceServerIds: [fakeSourceServerId(1)], isDrill: true })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isDrsCallError(caught)).toBe(true);
      expect(isDrsRetryableError(caught)).toBe(retryable);
      expect(isDrsNonRetryableError(caught)).toBe(!retryable);
      const error = caught as DrsRetryableError | DrsNonRetryableError;
      expect(error).toBeInstanceOf(retryable ? DrsRetryableError : DrsNonRetryableError);
      expect(error.name).toBe(retryable ? ErrorName.DrsRetryable : ErrorName.DrsNonRetryable);
      expect(error.retryable).toBe(retryable);
      expect(error.operation).toBe('StartRecovery');
      expect(error.drsErrorName).toBe(drsErrorName);
      expect(error.retryAfterSeconds).toBe(retryAfterSeconds);
      expect(error.cause).toBe(sdkError);
      expect(error.message).toBe(
        `DRS StartRecovery failed with ${drsErrorName}: ${sdkError.message}`,
      );
    },
  );

  it('describes recovery snapshots with their filters and order, following every page', async () => {
    const id = fakeSourceServerId(1);
    drsMock
      .on(DescribeRecoverySnapshotsCommand)
      .resolves({
        items: [{ snapshotID: 'pit-1', sourceServerID: id, expectedTimestamp: 't' }],
        nextToken: 'n1',
      })
      .on(DescribeRecoverySnapshotsCommand, { nextToken: 'n1' })
      .resolves({ items: [{ snapshotID: 'pit-2', sourceServerID: id, expectedTimestamp: 't' }] });
    const all = await drs.describeRecoverySnapshots(id, {
      order: 'DESC',
      fromDateTime: '2026-01-01T00:00:00Z',
      toDateTime: '2026-01-02T00:00:00Z',
    });
    expect(all.map((s) => s.snapshotID)).toStrictEqual(['pit-1', 'pit-2']);
    expect(drsMock.commandCalls(DescribeRecoverySnapshotsCommand)[0]?.args[0].input).toStrictEqual({
      sourceServerID: id,
      filters: { fromDateTime: '2026-01-01T00:00:00Z', toDateTime: '2026-01-02T00:00:00Z' },
      order: 'DESC',
    });
    drsMock.resetHistory();
    await drs.describeRecoverySnapshots(id);
    expect(drsMock.commandCalls(DescribeRecoverySnapshotsCommand)[0]?.args[0].input).toStrictEqual({
      sourceServerID: id,
    });
  });

  it('stops at maxResults snapshots: pages no larger, and no page once it has them', async () => {
    const id = fakeSourceServerId(1);
    drsMock.on(DescribeRecoverySnapshotsCommand).resolves({
      items: [{ snapshotID: 'pit-1', sourceServerID: id, expectedTimestamp: 't' }],
      nextToken: 'n1',
    });
    const newest = await drs.describeRecoverySnapshots(id, { order: 'DESC', maxResults: 1 });
    expect(newest.map((s) => s.snapshotID)).toStrictEqual(['pit-1']);
    const calls = drsMock.commandCalls(DescribeRecoverySnapshotsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toStrictEqual({
      sourceServerID: id,
      order: 'DESC',
      maxResults: 1,
    });
  });

  it('gets a launch configuration without its metadata, and undefined when DRS has none', async () => {
    const id = fakeSourceServerId(1);
    drsMock
      .on(GetLaunchConfigurationCommand, { sourceServerID: id })
      .resolves({
        $metadata: { httpStatusCode: 200 },
        sourceServerID: id,
        ec2LaunchTemplateID: 'lt-1',
      })
      .on(GetLaunchConfigurationCommand, { sourceServerID: fakeSourceServerId(2) })
      .rejects(new ResourceNotFoundException(meta(404)))
      .on(GetLaunchConfigurationCommand, { sourceServerID: fakeSourceServerId(3) })
      .rejects(new AccessDeniedException(meta(403)));
    expect(await drs.getLaunchConfiguration(id)).toStrictEqual({
      sourceServerID: id,
      ec2LaunchTemplateID: 'lt-1',
    });
    expect(await drs.getLaunchConfiguration(fakeSourceServerId(2))).toBeUndefined();
    await expect(drs.getLaunchConfiguration(fakeSourceServerId(3))).rejects.toMatchObject({
      name: 'DrsNonRetryableError',
      operation: 'GetLaunchConfiguration',
      drsErrorName: 'AccessDeniedException',
    });
  });

  it('wraps failures of paginated calls with their operation', async () => {
    drsMock.on(DescribeJobLogItemsCommand).rejects(new ThrottlingException(meta(429)));
    await expect(drs.describeJobLogItems('j1')).rejects.toMatchObject({
      name: 'DrsRetryableError',
      operation: 'DescribeJobLogItems',
      statusCode: 429,
    });
  });
});
