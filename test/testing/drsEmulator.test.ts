import { readFileSync } from 'node:fs';
import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  type DescribeJobsRequestFilters,
  DescribeRecoveryInstancesCommand,
  type DescribeRecoveryInstancesRequestFilters,
  DescribeSourceServersCommand,
  DrsClient,
  type Job,
  type JobLog,
  type RecoveryInstance,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from '@aws-sdk/client-drs';
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidOptionsError } from '../../src/errors';
import {
  DrsEmulator,
  type DrsEmulatorOptions,
  type DrsFaults,
  type DrsLaunchResultEvent,
  fakeSourceServerId,
} from '../../src/testing/index';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;
const INSTANCE_ID = /^i-[0-9a-f]{17}$/;
const JOB_ID = /^drsjob-[0-9a-f]{17}$/;

const emulators: DrsEmulator[] = [];
const clients: DrsClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

async function setup(
  options?: DrsEmulatorOptions,
  clientOptions: { maxAttempts?: number } = {},
): Promise<{ emulator: DrsEmulator; client: DrsClient }> {
  const emulator = await DrsEmulator.start(options);
  emulators.push(emulator);
  const client = new DrsClient({ ...emulator.clientConfig(), ...clientOptions });
  clients.push(client);
  return { emulator, client };
}

/** `{ nextToken }` when there is one: the SDK input types refuse an explicit `undefined`. */
function after(nextToken: string | undefined): { nextToken?: string } {
  return nextToken === undefined ? {} : { nextToken };
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('Expected a value');
  return value;
}

function servers(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => fakeSourceServerId(from + i));
}

async function startDrill(
  client: DrsClient,
  ids: readonly string[],
  tags: Record<string, string> = {},
): Promise<Job> {
  const { job } = await client.send(
    new StartRecoveryCommand({
      sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
      isDrill: true,
      tags,
    }),
  );
  if (job === undefined) throw new Error('StartRecovery returned no job');
  return job;
}

async function describeJobs(
  client: DrsClient,
  filters: DescribeJobsRequestFilters,
): Promise<Job[]> {
  const jobs: Job[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeJobsCommand({ filters, ...after(nextToken) }));
    jobs.push(...(page.items ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return jobs;
}

async function describeJob(client: DrsClient, jobID: string): Promise<Job> {
  const [job] = await describeJobs(client, { jobIDs: [jobID] });
  if (job === undefined) throw new Error(`No job ${jobID}`);
  return job;
}

async function logItems(
  client: DrsClient,
  jobID: string,
  maxResults?: number,
): Promise<{ items: JobLog[]; pages: number }> {
  const items: JobLog[] = [];
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeJobLogItemsCommand({
        jobID,
        ...after(nextToken),
        ...(maxResults !== undefined ? { maxResults } : {}),
      }),
    );
    pages += 1;
    items.push(...(page.items ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { items, pages };
}

async function recoveryInstances(
  client: DrsClient,
  filters: DescribeRecoveryInstancesRequestFilters = {},
): Promise<RecoveryInstance[]> {
  const items: RecoveryInstance[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeRecoveryInstancesCommand({ filters, ...after(nextToken) }),
    );
    items.push(...(page.items ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return items;
}

/** The rejection of `promise`; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('Expected the call to fail');
}

function httpStatusOf(error: Record<string, unknown>): unknown {
  return (error.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode;
}

/** Every key path of a JSON value, arrays written `[]`. */
function keyPaths(value: unknown, prefix = ''): Set<string> {
  const paths = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const p of keyPaths(item, `${prefix}[]`)) paths.add(p);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      paths.add(path);
      for (const p of keyPaths(child, path)) paths.add(p);
    }
  }
  return paths;
}

function readFixture(name: string): { items: unknown[] } {
  const url = new URL(`../fixtures/drs/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as { items: unknown[] };
}

const FIXTURE_JOBS = ['drsjob-541cee6300c363be5', 'drsjob-556c7b1d99221f996'];

describe('DrsEmulator', () => {
  it('runs a 250-server drill in three jobs from PENDING to COMPLETED', async () => {
    const { emulator, client } = await setup({ seed: 11 });
    const ids = servers(0, 250);
    const chunks = [ids.slice(0, 100), ids.slice(100, 200), ids.slice(200)];
    const started: Job[] = [];
    for (const chunk of chunks) started.push(await startDrill(client, chunk, { plan: 'p1' }));
    const jobIds = started.map((job) => job.jobID ?? '');
    expect(started.map((job) => job.status)).toStrictEqual(['PENDING', 'PENDING', 'PENDING']);
    expect(started.every((job) => JOB_ID.test(job.jobID ?? ''))).toBe(true);
    expect(started.map((job) => job.tags)).toStrictEqual([
      { plan: 'p1' },
      { plan: 'p1' },
      { plan: 'p1' },
    ]);

    const history = new Map<string, string[]>(jobIds.map((id) => [id, []]));
    const serverStatuses = new Set<string>();
    let jobs: Job[] = [];
    for (let step = 0; step < 300; step += 1) {
      if (step > 0) emulator.advance(MINUTE);
      jobs = await describeJobs(client, { jobIDs: jobIds });
      for (const job of jobs) {
        const seen = history.get(job.jobID ?? '') ?? [];
        if (seen.at(-1) !== job.status) seen.push(job.status ?? 'none');
        for (const server of job.participatingServers ?? []) {
          serverStatuses.add(server.launchStatus ?? 'none');
        }
      }
      if (jobs.every((job) => job.status === 'COMPLETED')) break;
    }
    for (const id of jobIds)
      expect(history.get(id)).toStrictEqual(['PENDING', 'STARTED', 'COMPLETED']);
    expect([...serverStatuses].sort()).toStrictEqual(['IN_PROGRESS', 'LAUNCHED', 'PENDING']);
    const participating = jobs.flatMap((job) => job.participatingServers ?? []);
    expect(participating).toHaveLength(250);
    expect(participating.every((s) => s.launchStatus === 'LAUNCHED')).toBe(true);
    expect(participating.some((s) => 'recoveryInstanceID' in s)).toBe(false);
    expect(new Set(participating.map((s) => s.sourceServerID))).toStrictEqual(new Set(ids));
    expect(jobs.every((job) => TIMESTAMP.test(job.endDateTime ?? ''))).toBe(true);

    const targets = new Set<string>();
    for (const [index, id] of jobIds.entries()) {
      const count = chunks[index]?.length ?? 0;
      const whole = await logItems(client, id, 1000);
      const paged = await logItems(client, id, 7);
      const byDefault = await logItems(client, id);
      expect(whole.pages).toBe(1);
      expect(paged.pages).toBe(Math.ceil((2 + 6 * count) / 7));
      expect(byDefault.pages).toBe(Math.ceil((2 + 6 * count) / 50));
      expect(paged.items).toStrictEqual(whole.items);
      expect(byDefault.items).toStrictEqual(whole.items);
      expect(whole.items).toHaveLength(2 + 6 * count);
      expect(new Set(whole.items.map((item) => JSON.stringify(item))).size).toBe(
        whole.items.length,
      );
      expect(whole.items[0]?.event).toBe('JOB_START');
      expect(whole.items.at(-1)?.event).toBe('JOB_END');
      const ends = whole.items.filter((item) => (item.event as string) === 'LAUNCH_END');
      expect(ends).toHaveLength(count);
      for (const end of ends) {
        expect(end.eventData?.targetInstanceID).toMatch(INSTANCE_ID);
        targets.add(end.eventData?.targetInstanceID ?? '');
      }
    }
    const instances = await recoveryInstances(client);
    expect(instances).toHaveLength(250);
    expect(new Set(instances.map((i) => i.recoveryInstanceID))).toStrictEqual(targets);
    expect(instances.every((i) => i.ec2InstanceID === i.recoveryInstanceID)).toBe(true);
    expect(instances.every((i) => i.ec2InstanceState === 'RUNNING' && i.isDrill === true)).toBe(
      true,
    );
    expect(new Set(instances.map((i) => i.jobID))).toStrictEqual(new Set(jobIds));
  });

  it('follows the recorded timings: ~9 min for 2 servers, ~29 min for 25', async () => {
    const { emulator, client } = await setup({ seed: 5 });
    const small = await startDrill(client, servers(0, 2));
    const large = await startDrill(client, servers(2, 25));
    emulator.advance(2 * HOUR);
    const minutes = async (jobID: string): Promise<number> => {
      const job = await describeJob(client, jobID);
      return (Date.parse(job.endDateTime ?? '') - Date.parse(job.creationDateTime ?? '')) / MINUTE;
    };
    const smallMinutes = await minutes(small.jobID ?? '');
    const largeMinutes = await minutes(large.jobID ?? '');
    expect(smallMinutes).toBeGreaterThan(8);
    expect(smallMinutes).toBeLessThan(10);
    expect(largeMinutes).toBeGreaterThan(26);
    expect(largeMinutes).toBeLessThan(32);
  });

  it('matches the recorded DRS responses (contract)', async () => {
    const { emulator, client } = await setup({ seed: 2 });
    const job = await startDrill(client, servers(0, 2));
    emulator.advance(15 * MINUTE);
    const done = await describeJob(client, job.jobID ?? '');
    const { items } = await logItems(client, job.jobID ?? '');
    expect(done.status).toBe('COMPLETED');
    expect(done.initiatedBy).toBe('START_DRILL');
    expect(done.type).toBe('LAUNCH');
    expect(done.arn).toBe(`arn:aws:drs:us-east-1:123456789012:job/${job.jobID}`);

    const jobPaths = keyPaths(done);
    const logPaths = keyPaths(items);
    for (const jobID of FIXTURE_JOBS) {
      const recordedJobs = readFixture(`${jobID}.describe-jobs.json`).items;
      const recordedLog = readFixture(`${jobID}.describe-job-log-items.json`).items;
      for (const recorded of recordedJobs) {
        for (const path of keyPaths(recorded)) expect(jobPaths, path).toContain(path);
      }
      for (const path of keyPaths(recordedLog)) expect(logPaths, path).toContain(path);
      const recordedEvents = recordedLog.map((item) => (item as { event: string }).event);
      expect(items.map((item) => item.event)).toStrictEqual(recordedEvents);
    }
    expect(done.creationDateTime).toMatch(TIMESTAMP);
    expect(done.endDateTime).toMatch(TIMESTAMP);
    for (const item of items) expect(item.logDateTime).toMatch(TIMESTAMP);
    const times = items.map((item) => item.logDateTime ?? '');
    expect([...times].sort()).toStrictEqual(times);
    const conversions = items.filter((item) => item.event === 'CONVERSION_END');
    for (const item of conversions) expect(item.eventData?.conversionServerID).toMatch(INSTANCE_ID);
  });

  it('shows log items and states only once their time has passed', async () => {
    const { emulator, client } = await setup({ seed: 3 });
    const job = await startDrill(client, servers(0, 2));
    const jobID = job.jobID ?? '';
    expect((await logItems(client, jobID)).items).toStrictEqual([]);
    expect(job.endDateTime).toBeUndefined();
    emulator.advance(2000);
    const early = await logItems(client, jobID);
    expect(early.items.map((item) => item.event)).toStrictEqual([
      'JOB_START',
      'SNAPSHOT_START',
      'SNAPSHOT_START',
      'SNAPSHOT_END',
      'SNAPSHOT_END',
    ]);
    const started = await describeJob(client, jobID);
    expect(started.status).toBe('STARTED');
    expect(started.endDateTime).toBeUndefined();
    expect(started.participatingServers?.map((s) => s.launchStatus)).toStrictEqual([
      'PENDING',
      'PENDING',
    ]);
    emulator.advance(5 * MINUTE);
    const launching = await describeJob(client, jobID);
    expect(launching.participatingServers?.map((s) => s.launchStatus)).toStrictEqual([
      'IN_PROGRESS',
      'IN_PROGRESS',
    ]);
    expect(await recoveryInstances(client)).toStrictEqual([]);
  });

  describe('StartRecovery limits', () => {
    it('refuses 0 and 201 servers with ValidationException, 101 with ServiceQuotaExceeded', async () => {
      const { client, emulator } = await setup();
      const none = await rejectionOf(startDrill(client, []));
      expect(none.name).toBe('ValidationException');
      expect(httpStatusOf(none)).toBe(400);
      const tooMany = await rejectionOf(startDrill(client, servers(0, 201)));
      expect(tooMany.name).toBe('ValidationException');
      expect(httpStatusOf(tooMany)).toBe(400);
      const overQuota = await rejectionOf(startDrill(client, servers(0, 101)));
      expect(overQuota.name).toBe('ServiceQuotaExceededException');
      expect(httpStatusOf(overQuota)).toBe(402);
      expect(overQuota.quotaCode).toBe('MaxServersPerJob');
      expect(overQuota.serviceCode).toBe('drs');
      expect(emulator.jobs()).toStrictEqual([]);
    });

    it('refuses malformed and unknown source server IDs with ValidationException', async () => {
      const { client } = await setup({ sourceServerIds: servers(0, 3) });
      const malformed = await rejectionOf(startDrill(client, ['s-123']));
      expect(malformed.name).toBe('ValidationException');
      expect(malformed.reason).toBe('fieldValidationFailed');
      expect(malformed.fieldList).toStrictEqual([
        {
          name: 'sourceServers.0.sourceServerID',
          message: 'Member must satisfy regular expression pattern: ^s-[0-9a-zA-Z]{17}$',
        },
      ]);
      const unknown = await rejectionOf(startDrill(client, [fakeSourceServerId(3)]));
      expect(unknown.name).toBe('ValidationException');
      expect(String(unknown.message)).toContain(fakeSourceServerId(3));
      const twice = await rejectionOf(
        startDrill(client, [fakeSourceServerId(0), fakeSourceServerId(0)]),
      );
      expect(twice.name).toBe('ValidationException');
      await expect(startDrill(client, servers(0, 3))).resolves.toMatchObject({ status: 'PENDING' });
    });

    it('refuses a 21st concurrent job, then accepts it once a job is COMPLETED', async () => {
      const { emulator, client } = await setup();
      for (let i = 0; i < 20; i += 1) await startDrill(client, [fakeSourceServerId(i)]);
      const error = await rejectionOf(startDrill(client, [fakeSourceServerId(20)]));
      expect(error.name).toBe('ServiceQuotaExceededException');
      expect(error.quotaCode).toBe('MaxConcurrentJobs');
      emulator.advance(HOUR);
      expect(emulator.jobs().every((job) => job.status === 'COMPLETED')).toBe(true);
      await expect(startDrill(client, [fakeSourceServerId(20)])).resolves.toMatchObject({
        status: 'PENDING',
      });
    });

    it('refuses more than 500 servers in active jobs', async () => {
      const { emulator, client } = await setup();
      for (let i = 0; i < 5; i += 1) await startDrill(client, servers(i * 100, 100));
      const error = await rejectionOf(startDrill(client, [fakeSourceServerId(500)]));
      expect(error.name).toBe('ServiceQuotaExceededException');
      expect(httpStatusOf(error)).toBe(402);
      expect(error.quotaCode).toBe('MaxServersInActiveJobs');
      expect(emulator.jobs()).toHaveLength(5);
    });

    it('refuses a server already in an active job with ConflictException, until it completes', async () => {
      const { emulator, client } = await setup();
      const first = await startDrill(client, servers(0, 2));
      emulator.advance(5 * MINUTE);
      const error = await rejectionOf(
        startDrill(client, [fakeSourceServerId(1), fakeSourceServerId(9)]),
      );
      expect(error.name).toBe('ConflictException');
      expect(httpStatusOf(error)).toBe(409);
      expect(error.resourceId).toBe(fakeSourceServerId(1));
      emulator.advance(10 * MINUTE);
      expect((await describeJob(client, first.jobID ?? '')).status).toBe('COMPLETED');
      const again = await startDrill(client, [fakeSourceServerId(1), fakeSourceServerId(9)]);
      expect(again.jobID).not.toBe(first.jobID);
    });

    it('applies custom quotas', async () => {
      const { client } = await setup({ quotas: { maxServersPerJob: 2, maxConcurrentJobs: 1 } });
      const perJob = await rejectionOf(startDrill(client, servers(0, 3)));
      expect(perJob.name).toBe('ServiceQuotaExceededException');
      await startDrill(client, servers(0, 2));
      const concurrent = await rejectionOf(startDrill(client, servers(2, 1)));
      expect(concurrent.quotaCode).toBe('MaxConcurrentJobs');
    });
  });

  describe('faults', () => {
    it('throttles half the requests; the SDK retries them transparently', async () => {
      const { emulator, client } = await setup({ seed: 4, faults: { throttleRate: 0.5 } });
      for (let i = 0; i < 4; i += 1) {
        const page = await client.send(new DescribeSourceServersCommand({}));
        expect(page.items).toStrictEqual([]);
      }
      expect(emulator.requestCount('DescribeSourceServers')).toBeGreaterThan(4);
      expect(emulator.requestCount()).toBe(emulator.requestCount('DescribeSourceServers'));
    });

    it('sends ThrottlingException with Retry-After as retryAfterSeconds', async () => {
      const { client } = await setup({ faults: { throttleRate: 1 } }, { maxAttempts: 1 });
      const error = await rejectionOf(client.send(new DescribeJobsCommand({})));
      expect(error.name).toBe('ThrottlingException');
      expect(httpStatusOf(error)).toBe(429);
      expect(error.retryAfterSeconds).toBe('1');
    });

    it('surfaces InternalServerException after the SDK retries', async () => {
      const { emulator, client } = await setup({ faults: { internalErrorRate: 1 } });
      const error = await rejectionOf(client.send(new DescribeJobsCommand({})));
      expect(error.name).toBe('InternalServerException');
      expect(httpStatusOf(error)).toBe(500);
      expect((error.$metadata as { attempts?: number }).attempts).toBe(3);
      expect(emulator.requestCount('DescribeJobs')).toBe(3);
      emulator.setFaults({});
      await expect(client.send(new DescribeJobsCommand({}))).resolves.toMatchObject({ items: [] });
      expect(emulator.requestCount('DescribeJobs')).toBe(4);
    });

    it('fails a launch: FAILED server, LAUNCH_FAILED with rawError, job still COMPLETED', async () => {
      const [ok, bad] = servers(0, 2) as [string, string];
      const { emulator, client } = await setup({
        faults: { failLaunch: { [bad]: 'InsufficientInstanceCapacity' } },
      });
      const job = await startDrill(client, [ok, bad]);
      emulator.advance(20 * MINUTE);
      const done = await describeJob(client, job.jobID ?? '');
      expect(done.status).toBe('COMPLETED');
      expect(done.participatingServers).toStrictEqual([
        { launchStatus: 'LAUNCHED', sourceServerID: ok },
        { launchStatus: 'FAILED', sourceServerID: bad },
      ]);
      const { items } = await logItems(client, job.jobID ?? '');
      const failed = items.filter((item) => item.event === 'LAUNCH_FAILED');
      expect(failed.map((item) => item.eventData)).toStrictEqual([
        { rawError: 'InsufficientInstanceCapacity', sourceServerID: bad },
      ]);
      const ends = items.filter((item) => (item.event as string) === 'LAUNCH_END');
      expect(ends.map((item) => item.eventData?.sourceServerID)).toStrictEqual([ok]);
      expect(items.at(-1)?.event).toBe('JOB_END');
      const instances = await recoveryInstances(client);
      expect(instances.map((i) => i.sourceServerID)).toStrictEqual([ok]);
      const { items: sources } = await client.send(
        new DescribeSourceServersCommand({ filters: { sourceServerIDs: [ok, bad] } }),
      );
      expect(sources?.map((s) => s.lastLaunchResult)).toStrictEqual(['SUCCEEDED', 'FAILED']);
    });

    it('keeps a job with a stuck server STARTED for good', async () => {
      const [ok, stuck] = servers(0, 2) as [string, string];
      const { emulator, client } = await setup({ faults: { stuckServers: [stuck] } });
      const job = await startDrill(client, [ok, stuck]);
      for (let hour = 0; hour < 48; hour += 1) {
        emulator.advance(HOUR);
        const current = await describeJob(client, job.jobID ?? '');
        expect(current.status).toBe('STARTED');
        expect(current.endDateTime).toBeUndefined();
      }
      const last = await describeJob(client, job.jobID ?? '');
      expect(last.participatingServers).toStrictEqual([
        { launchStatus: 'LAUNCHED', sourceServerID: ok },
        { launchStatus: 'IN_PROGRESS', sourceServerID: stuck },
      ]);
      const { items } = await logItems(client, job.jobID ?? '');
      expect(items.some((item) => item.event === 'JOB_END')).toBe(false);
      const conflict = await rejectionOf(startDrill(client, [stuck]));
      expect(conflict.name).toBe('ConflictException');
    });

    it('launches a slow server late, by the seconds asked', async () => {
      const [fast, slow] = servers(0, 2) as [string, string];
      const { emulator, client } = await setup({ faults: { slowLaunch: { [slow]: 12 * 3600 } } });
      const job = await startDrill(client, [fast, slow]);
      emulator.advance(11 * HOUR);
      const midway = await describeJob(client, job.jobID ?? '');
      expect(midway.status).toBe('STARTED');
      expect(midway.participatingServers?.map((p) => p.launchStatus)).toStrictEqual([
        'LAUNCHED',
        'IN_PROGRESS',
      ]);
      emulator.advance(2 * HOUR);
      const done = await describeJob(client, job.jobID ?? '');
      expect(done.status).toBe('COMPLETED');
      expect(done.participatingServers?.map((p) => p.launchStatus)).toStrictEqual([
        'LAUNCHED',
        'LAUNCHED',
      ]);
      const { items } = await logItems(client, job.jobID ?? '');
      const ends = items
        .filter((i) => (i.event as string) === 'LAUNCH_END')
        .map((i) => Date.parse(i.logDateTime ?? ''));
      expect((Math.max(...ends) - Math.min(...ends)) / HOUR).toBeGreaterThan(11.9);
      expect(() => emulator.setFaults({ slowLaunch: { [fast]: -1 } })).toThrow(
        /slowLaunch.*Expected a non-negative number of seconds, got -1/s,
      );
    });

    it('reports post-launch action runs, FAILED for the faulted server', async () => {
      const [ok, bad] = servers(0, 2) as [string, string];
      const { emulator, client } = await setup({
        postLaunchActions: true,
        faults: { failPostLaunchActions: [bad] },
      });
      const job = await startDrill(client, [ok, bad]);
      emulator.advance(9 * MINUTE + 30_000);
      const launched = await describeJob(client, job.jobID ?? '');
      expect(launched.status).toBe('STARTED');
      expect(launched.participatingServers?.map((s) => s.launchStatus)).toStrictEqual([
        'LAUNCHED',
        'LAUNCHED',
      ]);
      expect(
        launched.participatingServers?.map((s) => s.launchActionsStatus?.runs?.[0]?.status),
      ).toStrictEqual(['IN_PROGRESS', 'IN_PROGRESS']);
      emulator.advance(10 * MINUTE);
      const done = await describeJob(client, job.jobID ?? '');
      expect(done.status).toBe('COMPLETED');
      expect(done.participatingServers?.map((s) => s.launchStatus)).toStrictEqual([
        'LAUNCHED',
        'LAUNCHED',
      ]);
      const runs = done.participatingServers?.map((s) => s.launchActionsStatus?.runs?.[0]);
      expect(runs?.map((run) => run?.status)).toStrictEqual(['SUCCEEDED', 'FAILED']);
      expect(runs?.[1]?.failureReason).toBeTypeOf('string');
      expect(
        done.participatingServers?.[0]?.launchActionsStatus?.ssmAgentDiscoveryDatetime,
      ).toMatch(TIMESTAMP);
    });
  });

  it('gives the same IDs and times for the same seed, others for another seed', async () => {
    const run = async (seed: number): Promise<{ jobs: Job[]; log: JobLog[] }> => {
      const { emulator, client } = await setup({ seed });
      await startDrill(client, servers(0, 3));
      const second = await startDrill(client, servers(3, 2));
      emulator.advance(12 * MINUTE);
      const jobs = await describeJobs(client, {});
      const { items } = await logItems(client, second.jobID ?? '');
      return { jobs, log: items };
    };
    const first = await run(7);
    const again = await run(7);
    const other = await run(8);
    expect(again).toStrictEqual(first);
    expect(first.jobs).toHaveLength(2);
    const jobIds = (r: { jobs: Job[] }) => r.jobs.map((job) => job.jobID);
    const times = (r: { log: JobLog[] }) => r.log.map((item) => item.logDateTime);
    expect(jobIds(other)).not.toStrictEqual(jobIds(first));
    expect(jobIds(other).some((id) => jobIds(first).includes(id))).toBe(false);
    expect(times(other)).not.toStrictEqual(times(first));
  });

  describe('recovery instances', () => {
    it('reports recoveryInstanceID in participatingServers when asked', async () => {
      const { emulator, client } = await setup({ reportRecoveryInstanceId: true });
      const job = await startDrill(client, servers(0, 2));
      emulator.advance(15 * MINUTE);
      const done = await describeJob(client, job.jobID ?? '');
      const { items } = await logItems(client, job.jobID ?? '');
      const targets = items
        .filter((item) => (item.event as string) === 'LAUNCH_END')
        .map((item) => [item.eventData?.sourceServerID, item.eventData?.targetInstanceID]);
      const reported = done.participatingServers?.map((s) => [
        s.sourceServerID,
        s.recoveryInstanceID,
      ]);
      expect(new Set(reported?.map((pair) => pair.join()))).toStrictEqual(
        new Set(targets.map((pair) => pair.join())),
      );
    });

    it('filters recovery instances and terminates them with a TERMINATE job', async () => {
      const ids = servers(0, 3);
      const { emulator, client } = await setup();
      const launch = await startDrill(client, ids);
      emulator.advance(15 * MINUTE);
      const all = await recoveryInstances(client);
      expect(all).toHaveLength(3);
      const [first, second] = all as [RecoveryInstance, RecoveryInstance];
      expect(first.arn).toBe(
        `arn:aws:drs:us-east-1:123456789012:recovery-instance/${first.recoveryInstanceID}`,
      );
      expect(first.originEnvironment).toBe('ON_PREMISES');
      const byServer = await recoveryInstances(client, {
        sourceServerIDs: [second.sourceServerID ?? ''],
      });
      expect(byServer.map((i) => i.recoveryInstanceID)).toStrictEqual([second.recoveryInstanceID]);
      const byId = await recoveryInstances(client, {
        recoveryInstanceIDs: [first.recoveryInstanceID ?? ''],
      });
      expect(byId.map((i) => i.sourceServerID)).toStrictEqual([first.sourceServerID]);

      const { job } = await client.send(
        new TerminateRecoveryInstancesCommand({
          recoveryInstanceIDs: [first.recoveryInstanceID ?? '', second.recoveryInstanceID ?? ''],
        }),
      );
      expect(job?.type).toBe('TERMINATE');
      expect(job?.initiatedBy).toBe('TERMINATE_RECOVERY_INSTANCES');
      expect(job?.status).toBe('PENDING');
      emulator.advance(5000);
      const shuttingDown = await recoveryInstances(client);
      expect(shuttingDown.map((i) => i.ec2InstanceState).sort()).toStrictEqual([
        'RUNNING',
        'SHUTTING-DOWN',
        'SHUTTING-DOWN',
      ]);
      const again = await rejectionOf(
        client.send(
          new TerminateRecoveryInstancesCommand({
            recoveryInstanceIDs: [first.recoveryInstanceID ?? ''],
          }),
        ),
      );
      expect(again.name).toBe('ConflictException');
      emulator.advance(5 * MINUTE);
      const left = await recoveryInstances(client);
      expect(left.map((i) => i.sourceServerID)).toStrictEqual(
        ids.filter((id) => id !== first.sourceServerID && id !== second.sourceServerID),
      );
      const terminate = await describeJob(client, job?.jobID ?? '');
      expect(terminate.status).toBe('COMPLETED');
      expect(terminate.participatingServers?.map((s) => s.launchStatus)).toStrictEqual([
        'TERMINATED',
        'TERMINATED',
      ]);
      const { items } = await logItems(client, job?.jobID ?? '');
      expect(items.map((item) => item.event)).toStrictEqual([
        'JOB_START',
        'CLEANUP_START',
        'CLEANUP_START',
        'CLEANUP_END',
        'CLEANUP_END',
        'JOB_END',
      ]);
      const launched = await describeJob(client, launch.jobID ?? '');
      expect(
        launched.participatingServers?.filter((s) => s.launchStatus === 'TERMINATED'),
      ).toHaveLength(2);
    });

    it('refuses bad TerminateRecoveryInstances requests with ValidationException', async () => {
      const { client } = await setup();
      const send = (recoveryInstanceIDs: string[]) =>
        rejectionOf(client.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs })));
      expect((await send([])).name).toBe('ValidationException');
      const many = Array.from({ length: 201 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
      expect((await send(many)).name).toBe('ValidationException');
      const unknown = await send(['i-0123456789abcdef0']);
      expect(unknown.name).toBe('ValidationException');
      expect(String(unknown.message)).toContain('i-0123456789abcdef0');
    });
  });

  describe('Describe operations', () => {
    it('lists source servers with pagination, filters and launch results', async () => {
      const ids = servers(0, 5);
      const { emulator, client } = await setup({ sourceServerIds: ids, pageSize: 2 });
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(new DescribeSourceServersCommand(after(nextToken)));
        seen.push(...(page.items ?? []).map((s) => s.sourceServerID ?? ''));
        nextToken = page.nextToken;
        pages += 1;
      } while (nextToken !== undefined);
      expect(seen).toStrictEqual(ids);
      expect(pages).toBe(3);
      await startDrill(client, [ids[1] ?? '']);
      emulator.advance(15 * MINUTE);
      const { items } = await client.send(
        new DescribeSourceServersCommand({
          filters: { sourceServerIDs: [ids[1] ?? '', ids[2] ?? ''] },
        }),
      );
      const [launched, idle] = items ?? [];
      expect(launched?.lastLaunchResult).toBe('SUCCEEDED');
      expect(launched?.recoveryInstanceId).toMatch(INSTANCE_ID);
      expect(launched?.dataReplicationInfo?.dataReplicationState).toBe('CONTINUOUS');
      expect(launched?.sourceProperties?.identificationHints?.hostname).toBeTypeOf('string');
      expect(idle?.lastLaunchResult).toBe('NOT_STARTED');
      expect(idle?.recoveryInstanceId).toBeUndefined();
      expect(idle?.arn).toBe(`arn:aws:drs:us-east-1:123456789012:source-server/${ids[2]}`);
    });

    it('filters jobs by ID and creation date, paginates, and limits jobIDs to 1000', async () => {
      const { emulator, client } = await setup({ pageSize: 2 });
      const jobs: Job[] = [];
      const starts: Date[] = [];
      for (let i = 0; i < 5; i += 1) {
        starts.push(emulator.now());
        jobs.push(await startDrill(client, [fakeSourceServerId(i)]));
        emulator.advance(MINUTE);
      }
      const all = await describeJobs(client, {});
      expect(all.map((job) => job.jobID)).toStrictEqual(jobs.map((job) => job.jobID));
      const page = await client.send(new DescribeJobsCommand({}));
      expect(page.items).toHaveLength(2);
      expect(page.nextToken).toBeTypeOf('string');
      const ranged = await describeJobs(client, {
        fromDate: must(starts[1]).toISOString(),
        toDate: must(starts[3]).toISOString(),
      });
      expect(ranged.map((job) => job.jobID)).toStrictEqual(
        jobs.slice(1, 4).map((job) => job.jobID),
      );
      const picked = await describeJobs(client, {
        jobIDs: [jobs[4]?.jobID ?? '', jobs[0]?.jobID ?? ''],
      });
      expect(picked.map((job) => job.jobID)).toStrictEqual([jobs[0]?.jobID, jobs[4]?.jobID]);
      const tooMany = Array.from(
        { length: 1001 },
        (_, i) => `drsjob-${i.toString(16).padStart(17, '0')}`,
      );
      const error = await rejectionOf(
        client.send(new DescribeJobsCommand({ filters: { jobIDs: tooMany } })),
      );
      expect(error.name).toBe('ValidationException');
      const badToken = await rejectionOf(
        client.send(new DescribeJobsCommand({ nextToken: 'nope' })),
      );
      expect(badToken.name).toBe('ValidationException');
      expect(emulator.jobs().map((job) => job.jobID)).toStrictEqual(jobs.map((job) => job.jobID));
    });
  });

  describe('job listing delay', () => {
    it('keeps a new job out of DescribeJobs until the delay has passed', async () => {
      const { emulator, client } = await setup({ jobListingDelaySeconds: 10 });
      const before = emulator.now();
      const job = await startDrill(client, [fakeSourceServerId(1)]);
      const jobID = must(job.jobID);
      expect(jobID).toMatch(JOB_ID);
      const byDate = { fromDate: before.toISOString(), toDate: emulator.now().toISOString() };
      expect(await describeJobs(client, { jobIDs: [jobID] })).toStrictEqual([]);
      expect(await describeJobs(client, byDate)).toStrictEqual([]);
      expect(await describeJobs(client, {})).toStrictEqual([]);
      // DRS itself knows the job: the same server conflicts at once.
      const conflict = await rejectionOf(startDrill(client, [fakeSourceServerId(1)]));
      expect(conflict.name).toBe('ConflictException');
      emulator.advance(9_999);
      expect(await describeJobs(client, { jobIDs: [jobID] })).toStrictEqual([]);
      emulator.advance(1);
      expect((await describeJobs(client, { jobIDs: [jobID] })).map((j) => j.jobID)).toStrictEqual([
        jobID,
      ]);
      expect((await describeJobs(client, byDate)).map((j) => j.jobID)).toStrictEqual([jobID]);
      expect((await describeJobs(client, {})).map((j) => j.jobID)).toStrictEqual([jobID]);
    });

    it('lists only the jobs old enough, and can be changed after start', async () => {
      const { emulator, client } = await setup({ jobListingDelaySeconds: 30 });
      const first = must((await startDrill(client, [fakeSourceServerId(1)])).jobID);
      emulator.advance(20_000);
      const second = must((await startDrill(client, [fakeSourceServerId(2)])).jobID);
      emulator.advance(10_000);
      expect((await describeJobs(client, {})).map((j) => j.jobID)).toStrictEqual([first]);
      expect(
        (await describeJobs(client, { jobIDs: [first, second] })).map((j) => j.jobID),
      ).toStrictEqual([first]);
      emulator.setJobListingDelay(0);
      expect((await describeJobs(client, {})).map((j) => j.jobID)).toStrictEqual([first, second]);
      expect(() => emulator.setJobListingDelay(-1)).toThrow(
        'Expected `seconds` to be a non-negative finite number of seconds, got -1',
      );
    });

    it('lists a new job at once by default', async () => {
      const { client } = await setup();
      const jobID = must((await startDrill(client, [fakeSourceServerId(1)])).jobID);
      expect((await describeJobs(client, { jobIDs: [jobID] })).map((j) => j.jobID)).toStrictEqual([
        jobID,
      ]);
    });

    it.each([
      [-1, 'got -1'],
      [Number.NaN, 'got NaN'],
      ['5', 'got "5"'],
    ])('refuses jobListingDelaySeconds %s', async (value, shown) => {
      let caught: unknown;
      try {
        await DrsEmulator.start({ jobListingDelaySeconds: value as number });
      } catch (error) {
        caught = error;
      }
      expect(isInvalidOptionsError(caught)).toBe(true);
      if (!isInvalidOptionsError(caught)) return;
      expect(caught.functionName).toBe('DrsEmulator.start');
      expect(caught.problems).toStrictEqual([
        {
          path: 'jobListingDelaySeconds',
          message: `Expected \`jobListingDelaySeconds\` to be a non-negative finite number of seconds, ${shown}`,
        },
      ]);
      expect(caught.message).toContain(shown);
    });
  });

  describe('launch events', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/;

    interface LaunchEnd {
      readonly jobID: string;
      readonly sourceServerID: string;
      readonly event: 'LAUNCH_END' | 'LAUNCH_FAILED';
      readonly logDateTime: string;
    }

    /** A DRS timestamp (`...T08:09:01.123456+00:00`) in microseconds since the epoch. */
    function micros(logDateTime: string): number {
      return Date.parse(`${logDateTime.slice(0, 19)}Z`) * 1000 + Number(logDateTime.slice(20, 26));
    }

    /** The `LAUNCH_END` and `LAUNCH_FAILED` log items of the jobs, oldest first. */
    async function launchEnds(client: DrsClient, jobIDs: readonly string[]): Promise<LaunchEnd[]> {
      const ends: LaunchEnd[] = [];
      for (const jobID of jobIDs) {
        const { items } = await logItems(client, jobID);
        for (const item of items) {
          const event = item.event as string;
          if (event !== 'LAUNCH_END' && event !== 'LAUNCH_FAILED') continue;
          ends.push({
            jobID,
            sourceServerID: item.eventData?.sourceServerID ?? '',
            event,
            logDateTime: item.logDateTime ?? '',
          });
        }
      }
      return ends.sort((a, b) => micros(a.logDateTime) - micros(b.logDateTime));
    }

    /** The event DRS sends for `end`. */
    function expectedEvent(
      end: LaunchEnd,
      isDrill: boolean,
      region = 'us-east-1',
      account = '123456789012',
    ): unknown {
      return {
        version: '0',
        id: expect.stringMatching(UUID),
        'detail-type': 'DRS Source Server Launch Result',
        source: 'aws.drs',
        account,
        time: `${end.logDateTime.slice(0, 19)}Z`,
        region,
        resources: [`arn:aws:drs:${region}:${account}:source-server/${end.sourceServerID}`],
        detail: {
          state:
            end.event === 'LAUNCH_END' ? 'RECOVERY_LAUNCH_SUCCEEDED' : 'RECOVERY_LAUNCH_FAILED',
          'job-id': end.jobID,
          'is-drill': isDrill ? 'TRUE' : 'FALSE',
        },
      };
    }

    /** Moves the clock to each announced event in turn, taking the events due at each step. */
    function walkEvents(emulator: DrsEmulator): { at: Date; events: DrsLaunchResultEvent[] }[] {
      const steps: { at: Date; events: DrsLaunchResultEvent[] }[] = [];
      for (let next = emulator.nextLaunchEventAt(); next !== undefined; ) {
        expect(next.getTime()).toBeGreaterThan(emulator.now().getTime());
        emulator.advance(next.getTime() - emulator.now().getTime());
        steps.push({ at: next, events: emulator.takeLaunchEvents() });
        if (steps.length > 1000) throw new Error('Too many launch events');
        next = emulator.nextLaunchEventAt();
      }
      return steps;
    }

    /** The problems `action` throws in an `InvalidOptionsError`. */
    async function problemsOf(action: () => unknown): Promise<unknown> {
      let caught: unknown;
      try {
        await action();
      } catch (error) {
        caught = error;
      }
      expect(isInvalidOptionsError(caught)).toBe(true);
      return isInvalidOptionsError(caught)
        ? { functionName: caught.functionName, problems: caught.problems }
        : undefined;
    }

    it('sends one event per launched server, only once its launch has ended, in the DRS shape', async () => {
      const { emulator, client } = await setup({
        seed: 21,
        region: 'us-west-2',
        accountId: '111122223333',
        startTime: new Date('2026-03-01T08:00:00Z'),
      });
      const [a, b, c] = servers(0, 3) as [string, string, string];
      const drill = await startDrill(client, [a, b]);
      const { job: recovery } = await client.send(
        new StartRecoveryCommand({ sourceServers: [{ sourceServerID: c }], isDrill: false }),
      );
      const jobIDs = [drill.jobID ?? '', recovery?.jobID ?? ''];
      expect(emulator.takeLaunchEvents()).toStrictEqual([]);

      const taken: { event: DrsLaunchResultEvent; at: number }[] = [];
      for (let step = 0; step < 120; step += 1) {
        emulator.advance(10_000);
        for (const event of emulator.takeLaunchEvents()) {
          taken.push({ event, at: emulator.now().getTime() });
        }
      }
      const ends = await launchEnds(client, jobIDs);
      expect(ends.map((end) => [end.event, end.sourceServerID])).toStrictEqual(
        expect.arrayContaining([
          ['LAUNCH_END', a],
          ['LAUNCH_END', b],
          ['LAUNCH_END', c],
        ]),
      );
      expect(ends).toHaveLength(3);
      // Each event is taken at the first 10-s step at or after its launch end, not before.
      expect(taken.map((t) => t.at)).toStrictEqual(
        ends.map((end) => Math.ceil(micros(end.logDateTime) / 10_000_000) * 10_000),
      );
      expect(taken.map((t) => t.event)).toStrictEqual(
        ends.map((end) =>
          expectedEvent(end, end.sourceServerID !== c, 'us-west-2', '111122223333'),
        ),
      );
      const byServer = new Map(taken.map(({ event }) => [event.resources[0], event.detail]));
      expect(byServer.get(`arn:aws:drs:us-west-2:111122223333:source-server/${c}`)).toStrictEqual({
        state: 'RECOVERY_LAUNCH_SUCCEEDED',
        'job-id': recovery?.jobID,
        'is-drill': 'FALSE',
      });
      expect(byServer.get(`arn:aws:drs:us-west-2:111122223333:source-server/${a}`)).toStrictEqual({
        state: 'RECOVERY_LAUNCH_SUCCEEDED',
        'job-id': drill.jobID,
        'is-drill': 'TRUE',
      });
      expect(taken[0]?.event.time).toMatch(/^2026-03-01T08:\d{2}:\d{2}Z$/);
      expect(new Set(taken.map((t) => t.event.id)).size).toBe(3);

      // Taken once only; a terminate job sends none.
      expect(emulator.takeLaunchEvents()).toStrictEqual([]);
      expect(emulator.nextLaunchEventAt()).toBeUndefined();
      const instances = await recoveryInstances(client);
      expect(instances).toHaveLength(3);
      await client.send(
        new TerminateRecoveryInstancesCommand({
          recoveryInstanceIDs: instances.map((i) => i.recoveryInstanceID ?? ''),
        }),
      );
      expect(emulator.nextLaunchEventAt()).toBeUndefined();
      emulator.advance(10 * MINUTE);
      expect(emulator.jobs().map((job) => [job.type, job.status])).toStrictEqual([
        ['LAUNCH', 'COMPLETED'],
        ['LAUNCH', 'COMPLETED'],
        ['TERMINATE', 'COMPLETED'],
      ]);
      expect(emulator.takeLaunchEvents()).toStrictEqual([]);
    });

    it('ends a failed launch RECOVERY_LAUNCH_FAILED and sends nothing for a stuck server', async () => {
      const [ok, bad, stuck] = servers(0, 3) as [string, string, string];
      const { emulator, client } = await setup({
        seed: 5,
        faults: { failLaunch: { [bad]: 'InsufficientInstanceCapacity' }, stuckServers: [stuck] },
      });
      const job = await startDrill(client, [ok, bad, stuck]);
      emulator.advance(20 * MINUTE);
      const ends = await launchEnds(client, [job.jobID ?? '']);
      expect(ends.map((end) => [end.event, end.sourceServerID])).toStrictEqual([
        ['LAUNCH_FAILED', bad],
        ['LAUNCH_END', ok],
      ]);
      const events = emulator.takeLaunchEvents();
      expect(events).toStrictEqual(ends.map((end) => expectedEvent(end, true)));
      expect(events.map((e) => [e.detail.state, e.resources[0]?.slice(-19)])).toStrictEqual([
        ['RECOVERY_LAUNCH_FAILED', bad],
        ['RECOVERY_LAUNCH_SUCCEEDED', ok],
      ]);
      expect(emulator.nextLaunchEventAt()).toBeUndefined();
      emulator.advance(48 * HOUR);
      expect(emulator.takeLaunchEvents()).toStrictEqual([]);
      expect((await describeJob(client, job.jobID ?? '')).status).toBe('STARTED');
    });

    it('tells when the next event is due, leaving due events to be taken', async () => {
      const [a, b, c] = servers(0, 3) as [string, string, string];
      const { emulator, client } = await setup({ seed: 9, faults: { slowLaunch: { [c]: 600 } } });
      expect(emulator.nextLaunchEventAt()).toBeUndefined();
      const job = await startDrill(client, [a, b, c]);
      const first = must(emulator.nextLaunchEventAt());
      // One millisecond early, nothing is due; at the announced time, the first event is.
      emulator.advance(first.getTime() - emulator.now().getTime() - 1);
      expect(emulator.takeLaunchEvents()).toStrictEqual([]);
      expect(emulator.nextLaunchEventAt()).toStrictEqual(first);
      emulator.advance(1);
      // Due but not taken: the next one announced is the one after it.
      const second = must(emulator.nextLaunchEventAt());
      expect(second.getTime()).toBeGreaterThan(first.getTime());
      const firstEvents = emulator.takeLaunchEvents();
      expect(firstEvents).toHaveLength(1);
      const rest = walkEvents(emulator);
      expect(emulator.nextLaunchEventAt()).toBeUndefined();
      expect(emulator.takeLaunchEvents()).toStrictEqual([]);

      const ends = await launchEnds(client, [job.jobID ?? '']);
      // The slow server ends last; the other two in the order of their jitter.
      expect(ends.map((end) => end.sourceServerID).sort()).toStrictEqual([a, b, c]);
      expect(ends[2]?.sourceServerID).toBe(c);
      const dueAt = ends.map((end) => new Date(Math.ceil(micros(end.logDateTime) / 1000)));
      expect([first, ...rest.map((step) => step.at)]).toStrictEqual(dueAt);
      expect(rest[0]?.at).toStrictEqual(second);
      expect([firstEvents, ...rest.map((step) => step.events)]).toStrictEqual(
        ends.map((end) => [expectedEvent(end, true)]),
      );
      // The slow server's event comes about 10 minutes after the others.
      expect(dueAt[2] && dueAt[1] && dueAt[2].getTime() - dueAt[1].getTime()).toBeGreaterThan(
        9 * MINUTE,
      );
    });

    it('drops events at the rate asked, the same ones for the same seed', async () => {
      const ids = servers(0, 40);
      const run = async (
        seed: number,
        dropLaunchEvents: number,
      ): Promise<{ steps: number; events: DrsLaunchResultEvent[] }> => {
        const { emulator, client } = await setup({ seed, faults: { dropLaunchEvents } });
        await startDrill(client, ids);
        const steps = walkEvents(emulator);
        // Every announced time brings an event: dropped ones are not announced.
        for (const step of steps) expect(step.events.length).toBeGreaterThan(0);
        emulator.advance(2 * HOUR);
        expect(emulator.jobs()[0]?.status).toBe('COMPLETED');
        expect(emulator.takeLaunchEvents()).toStrictEqual([]);
        return { steps: steps.length, events: steps.flatMap((step) => step.events) };
      };
      const all = await run(7, 0);
      expect(all.events).toHaveLength(40);
      const halved = await run(7, 0.5);
      const again = await run(7, 0.5);
      const otherSeed = await run(8, 0.5);
      expect(halved.events.length).toBeGreaterThan(8);
      expect(halved.events.length).toBeLessThan(32);
      expect(again).toStrictEqual(halved);
      // The kept events are events of the run without drops, IDs and all.
      const allIds = new Set(all.events.map((event) => event.id));
      expect(halved.events.every((event) => allIds.has(event.id))).toBe(true);
      expect(otherSeed.events.map((event) => event.resources[0])).not.toStrictEqual(
        halved.events.map((event) => event.resources[0]),
      );
      const none = await run(7, 1);
      expect(none).toStrictEqual({ steps: 0, events: [] });
    });

    it('drops every event of the servers listed, as set when the events are taken', async () => {
      const ids = servers(0, 4);
      const [a, b, c, d] = ids as [string, string, string, string];
      const { emulator, client } = await setup({
        sourceServerIds: ids,
        faults: { dropLaunchEvents: [a] },
      });
      const first = await startDrill(client, ids);
      emulator.setFaults({ dropLaunchEvents: [b, c] });
      emulator.advance(20 * MINUTE);
      const ends = await launchEnds(client, [first.jobID ?? '']);
      expect(emulator.takeLaunchEvents()).toStrictEqual(
        ends
          .filter((end) => end.sourceServerID === a || end.sourceServerID === d)
          .map((end) => expectedEvent(end, true)),
      );

      // Events due but not taken follow the faults set in the meantime.
      const second = await startDrill(client, ids);
      emulator.advance(20 * MINUTE);
      emulator.setFaults({ dropLaunchEvents: [d] });
      const secondEnds = await launchEnds(client, [second.jobID ?? '']);
      const events = emulator.takeLaunchEvents();
      expect(events.map((event) => event.resources[0]?.slice(-19)).sort()).toStrictEqual([a, b, c]);
      expect(events).toStrictEqual(
        secondEnds.filter((end) => end.sourceServerID !== d).map((end) => expectedEvent(end, true)),
      );
      // Dropped events are gone for good.
      emulator.setFaults({});
      expect(emulator.takeLaunchEvents()).toStrictEqual([]);
    });

    it.each([
      [1.5, 'Expected `dropLaunchEvents` between 0 and 1, got 1.5'],
      [-0.1, 'Expected `dropLaunchEvents` between 0 and 1, got -0.1'],
      [Number.NaN, 'Expected `dropLaunchEvents` between 0 and 1, got NaN'],
      [Number.POSITIVE_INFINITY, 'Expected `dropLaunchEvents` between 0 and 1, got Infinity'],
      [
        'half',
        'Expected `dropLaunchEvents` to be a rate between 0 and 1 or an array of source server IDs, got "half"',
      ],
      [
        null,
        'Expected `dropLaunchEvents` to be a rate between 0 and 1 or an array of source server IDs, got null',
      ],
    ])('refuses dropLaunchEvents %s', async (value, message) => {
      const { emulator } = await setup();
      expect(
        await problemsOf(() => emulator.setFaults({ dropLaunchEvents: value as number })),
      ).toStrictEqual({
        functionName: 'DrsEmulator.setFaults',
        problems: [{ path: 'dropLaunchEvents', message }],
      });
      expect(
        await problemsOf(() =>
          DrsEmulator.start({ faults: { dropLaunchEvents: value as number } }),
        ),
      ).toStrictEqual({
        functionName: 'DrsEmulator.start',
        problems: [{ path: 'faults.dropLaunchEvents', message }],
      });
    });

    it('refuses malformed, repeated and unknown source servers in dropLaunchEvents', async () => {
      const [a, b] = servers(0, 2) as [string, string];
      const { emulator } = await setup({ sourceServerIds: [a] });
      expect(
        await problemsOf(() => emulator.setFaults({ dropLaunchEvents: ['x', a, a, b] })),
      ).toStrictEqual({
        functionName: 'DrsEmulator.setFaults',
        problems: [
          {
            path: 'dropLaunchEvents[0]',
            message: 'Expected a source server ID (s- and 17 letters or digits), got "x"',
          },
          { path: 'dropLaunchEvents[2]', message: `Duplicate source server ID "${a}"` },
          {
            path: 'dropLaunchEvents',
            message: `Source server "${b}" is not in \`sourceServerIds\``,
          },
        ],
      });
      emulator.setFaults({ dropLaunchEvents: [a] });
      emulator.setFaults({ dropLaunchEvents: 0 });
      emulator.setFaults({ dropLaunchEvents: 1 });
    });
  });

  describe('HTTP protocol', () => {
    it('answers unknown paths with 404 and unsigned requests with AccessDeniedException', async () => {
      const { emulator } = await setup();
      const missing = await fetch(`${emulator.endpoint}/DescribeNothing`, {
        method: 'POST',
        body: '{}',
      });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({
        message: expect.stringContaining('DescribeNothing'),
      });
      const unsigned = await fetch(`${emulator.endpoint}/DescribeJobs`, {
        method: 'POST',
        body: '{}',
      });
      expect(unsigned.status).toBe(403);
      expect(unsigned.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
      expect(await unsigned.json()).toMatchObject({ message: expect.any(String) });
      expect(emulator.requestCount()).toBe(2);
      expect(emulator.requestCount('DescribeJobs')).toBe(1);
    });
  });

  describe('options', () => {
    it('rejects bad options, listing every problem', async () => {
      let caught: unknown;
      try {
        await DrsEmulator.start({
          seed: 1.5,
          region: 'Mars',
          pageSize: 0,
          quotas: { maxServersPerJob: -1 },
          faults: { throttleRate: 2, stuckServers: ['x'] },
        });
      } catch (error) {
        caught = error;
      }
      expect(isInvalidOptionsError(caught)).toBe(true);
      if (!isInvalidOptionsError(caught)) return;
      expect(caught.functionName).toBe('DrsEmulator.start');
      expect(caught.problems.map((p) => p.path)).toStrictEqual([
        'seed',
        'region',
        'quotas.maxServersPerJob',
        'pageSize',
        'faults.stuckServers[0]',
        'faults.throttleRate',
      ]);
      expect(caught.message).toContain('Expected `throttleRate` between 0 and 1, got 2');
    });

    it('accepts every option and every fault at once', async () => {
      const ids = servers(0, 6);
      const [fail, post, stuck, slow] = ids as [string, string, string, string];
      const faults: Required<DrsFaults> = {
        failLaunch: { [fail]: 'boom' },
        failPostLaunchActions: [post],
        throttleRate: 0,
        internalErrorRate: 0,
        stuckServers: [stuck],
        slowLaunch: { [slow]: 60 },
        dropLaunchEvents: [slow],
        replicationStops: [{ sourceServerId: slow, at: new Date('2026-03-01T09:00:00Z') }],
      };
      const options: Required<DrsEmulatorOptions> = {
        seed: 3,
        region: 'eu-west-1',
        accountId: '210987654321',
        startTime: new Date('2026-03-01T08:00:00Z'),
        sourceServerIds: ids,
        sourceServerSettings: { [fail]: { dataReplicationState: 'BACKLOG', lagSeconds: 60 } },
        quotas: { maxServersPerJob: 10, maxConcurrentJobs: 2, maxServersInActiveJobs: 20 },
        pageSize: 1000,
        reportRecoveryInstanceId: true,
        postLaunchActions: true,
        jobListingDelaySeconds: 0.5,
        faults,
      };
      const { emulator } = await setup(options);
      expect(emulator.region).toBe('eu-west-1');
      emulator.setFaults(faults);
    });

    it('refuses unknown options at every level, telling the one meant', async () => {
      let caught: unknown;
      try {
        await DrsEmulator.start({
          seeds: 7,
          pageSize: 0,
          quotas: { maxServerPerJob: 3 },
          faults: { throttlerate: 0.5, outage: true },
        } as DrsEmulatorOptions);
      } catch (error) {
        caught = error;
      }
      expect(isInvalidOptionsError(caught)).toBe(true);
      expect((caught as Error).message).toBe(
        [
          'Invalid options for DrsEmulator.start (5 problems):',
          '- pageSize: Expected `pageSize` to be an integer from 1 to 1000, got 0',
          '- seeds: Unknown field "seeds" (did you mean "seed"?)',
          '- quotas.maxServerPerJob: Unknown field "maxServerPerJob" (did you mean "maxServersPerJob"?)',
          '- faults.throttlerate: Unknown field "throttlerate" (did you mean "throttleRate"?)',
          '- faults.outage: Unknown field "outage"',
        ].join('\n'),
      );
    });

    it('lists shape, cross-field and unknown-key problems of a fault set together', async () => {
      const [a, b, c] = ['s-00000000000000001', 's-00000000000000002', 's-00000000000000003'];
      const { emulator } = await setup({ sourceServerIds: [a, b] });
      expect(() =>
        emulator.setFaults({
          failLaunch: { [a]: 'boom' },
          stuckServers: [a, c, c],
          slowLaunch: { x: 5 },
          stuckserver: [b],
        } as DrsFaults),
      ).toThrow(
        [
          'Invalid options for DrsEmulator.setFaults (5 problems):',
          '- stuckServers[2]: Duplicate source server ID "s-00000000000000003"',
          '- slowLaunch.x: Expected a source server ID as a key, got "x"',
          '- stuckServers: Source server "s-00000000000000001" cannot be both in `failLaunch` and in `stuckServers`',
          '- stuckServers: Source server "s-00000000000000003" is not in `sourceServerIds`',
          '- stuckserver: Unknown field "stuckserver" (did you mean "stuckServers"?)',
        ].join('\n'),
      );
      expect(() => emulator.setFaults(null as never)).toThrow(
        'Invalid options for DrsEmulator.setFaults (1 problem):\n- (root): Expected the faults to be an object, got null',
      );
      emulator.setFaults({
        failLaunch: { [a]: 'boom' },
        stuckServers: [b],
        slowLaunch: { [a]: 5 },
      });
    });

    it('rejects bad faults, bad clock moves and unknown operation names', async () => {
      const { emulator } = await setup({ sourceServerIds: servers(0, 1) });
      expect(() => emulator.setFaults({ internalErrorRate: -0.1 })).toThrow(
        'Expected `internalErrorRate` between 0 and 1, got -0.1',
      );
      expect(() => emulator.setFaults({ stuckServers: [fakeSourceServerId(5)] })).toThrow(
        'is not in `sourceServerIds`',
      );
      expect(() => emulator.advance(-1)).toThrow('got -1');
      expect(() => emulator.requestCount('StartRecovry')).toThrow('got "StartRecovry"');
    });

    it('keeps its virtual clock and configuration', async () => {
      const { emulator } = await setup({
        startTime: new Date('2026-03-01T08:00:00Z'),
        region: 'eu-west-1',
      });
      expect(emulator.now().toISOString()).toBe('2026-03-01T08:00:00.000Z');
      emulator.advance(90_000);
      expect(emulator.now().toISOString()).toBe('2026-03-01T08:01:30.000Z');
      expect(emulator.region).toBe('eu-west-1');
      expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.clientConfig()).toMatchObject({
        endpoint: emulator.endpoint,
        region: 'eu-west-1',
      });
    });
  });
});
