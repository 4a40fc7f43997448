import {
  DescribeRecoverySnapshotsCommand,
  type DescribeRecoverySnapshotsRequest,
  DescribeSourceServersCommand,
  DrsClient,
  GetLaunchConfigurationCommand,
  type RecoverySnapshot,
  StartRecoveryCommand,
} from '@aws-sdk/client-drs';
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidOptionsError } from '../../src/errors';
import {
  DrsEmulator,
  type DrsEmulatorOptions,
  type DrsFaults,
  fakeSourceServerId,
} from '../../src/testing/index';
import { rejectionOf } from '../helpers/problems';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = new Date('2026-01-01T00:00:00Z');
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;
const [A, B, C] = [fakeSourceServerId(1), fakeSourceServerId(2), fakeSourceServerId(3)];

const emulators: DrsEmulator[] = [];
const clients: DrsClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function setup(options: DrsEmulatorOptions = {}) {
  const emulator = await DrsEmulator.start({ startTime: START, ...options });
  emulators.push(emulator);
  const client = new DrsClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  clients.push(client);
  return { emulator, client };
}

const at = (ms: number) => new Date(START.getTime() + ms);

async function replication(client: DrsClient, id: string) {
  const { items } = await client.send(
    new DescribeSourceServersCommand({ filters: { sourceServerIDs: [id] } }),
  );
  return items?.[0]?.dataReplicationInfo;
}

/** Every snapshot, following `nextToken`, with how many pages it took. */
async function snapshots(
  client: DrsClient,
  request: DescribeRecoverySnapshotsRequest,
): Promise<{ items: RecoverySnapshot[]; pages: number }> {
  const items: RecoverySnapshot[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new DescribeRecoverySnapshotsCommand({
        ...request,
        ...(nextToken === undefined ? {} : { nextToken }),
      }),
    );
    items.push(...(page.items ?? []));
    nextToken = page.nextToken;
    pages += 1;
  } while (nextToken !== undefined);
  return { items, pages };
}

const slots = (items: readonly RecoverySnapshot[]) =>
  items.map((s) => s.expectedTimestamp?.slice(0, 19));

/** The SDK error `promise` rejects with. */
const failure = async (promise: Promise<unknown>) =>
  (await rejectionOf(promise)) as (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;

describe('DRS emulator: replication, snapshots, launch configurations', () => {
  it('replicates every server CONTINUOUSly with no lag by default', async () => {
    const { client } = await setup();
    expect(await replication(client, A)).toStrictEqual({
      dataReplicationState: 'CONTINUOUS',
      lagDuration: 'PT0S',
      replicatedDisks: [],
    });
  });

  it("shows each server's settings: state, lag as an ISO 8601 duration, no lag once disconnected", async () => {
    const { client } = await setup({
      sourceServerSettings: {
        [A]: { dataReplicationState: 'BACKLOG', lagSeconds: 2 * 3600 + 5 * 60 + 7 },
        [B]: { dataReplicationState: 'DISCONNECTED', lagSeconds: 50 },
      },
    });
    expect(await replication(client, A)).toMatchObject({
      dataReplicationState: 'BACKLOG',
      lagDuration: 'PT2H5M7S',
    });
    const disconnected = await replication(client, B);
    expect(disconnected?.dataReplicationState).toBe('DISCONNECTED');
    expect(disconnected?.lagDuration).toBeUndefined();
  });

  it('keeps snapshots as the default point-in-time policy does: 10 minutes, hourly, daily', async () => {
    const { client } = await setup({ pageSize: 1000 });
    const { items } = await snapshots(client, { sourceServerID: A });
    // Oldest first; the slot of "now" is not taken yet (a snapshot lands seconds after its slot).
    expect(slots(items)).toStrictEqual([
      ...[25, 26, 27, 28, 29, 30].map((d) => `2025-12-${d}T00:00:00`),
      ...Array.from({ length: 24 }, (_, h) => `2025-12-31T${String(h).padStart(2, '0')}:00:00`),
      ...[10, 20, 30, 40, 50].map((m) => `2025-12-31T23:${m}:00`),
    ]);
    for (const s of items) {
      expect(s.snapshotID).toMatch(/^pit-[0-9a-zA-Z]{17}$/);
      expect(s.ebsSnapshots?.[0]).toMatch(/^snap-[0-9a-zA-Z]{17}$/);
      expect(s.sourceServerID).toBe(A);
      expect(s.timestamp).toMatch(TIMESTAMP);
      const delay = Date.parse(s.timestamp ?? '') - Date.parse(s.expectedTimestamp ?? '');
      expect(delay).toBeGreaterThanOrEqual(5_000);
      expect(delay).toBeLessThanOrEqual(40_000);
    }
    // As time passes, the slot of "now" is taken and the oldest 10-minute one gives way.
    const { emulator } = await setup({ pageSize: 1000 });
    emulator.advance(MINUTE);
    const later = await snapshots(new DrsClient(emulator.clientConfig()), {
      sourceServerID: A,
      filters: { fromDateTime: '2025-12-31T23:00:00Z' },
    });
    expect(slots(later.items)).toStrictEqual([
      '2025-12-31T23:00:00',
      '2025-12-31T23:10:00',
      '2025-12-31T23:20:00',
      '2025-12-31T23:30:00',
      '2025-12-31T23:40:00',
      '2025-12-31T23:50:00',
      '2026-01-01T00:00:00',
    ]);
  });

  it('serves snapshots newest first, filtered by time (inclusive), in pages, the same for the same seed', async () => {
    const { client } = await setup({ pageSize: 4, seed: 9 });
    const from = '2025-12-31T20:00:00Z';
    const to = '2025-12-31T23:30:40Z';
    const asc = await snapshots(client, {
      sourceServerID: A,
      filters: { fromDateTime: from, toDateTime: to },
    });
    const desc = await snapshots(client, {
      sourceServerID: A,
      filters: { fromDateTime: from, toDateTime: to },
      order: 'DESC',
    });
    expect(desc.items).toStrictEqual([...asc.items].reverse());
    expect(asc.pages).toBe(Math.ceil(asc.items.length / 4));
    expect(asc.pages).toBeGreaterThan(1);
    for (const s of asc.items) {
      expect(Date.parse(s.timestamp ?? '')).toBeGreaterThanOrEqual(Date.parse(from));
      expect(Date.parse(s.timestamp ?? '')).toBeLessThanOrEqual(Date.parse(to));
    }
    // maxResults is the page size; the newest comes first with DESC.
    const newest = await client.send(
      new DescribeRecoverySnapshotsCommand({ sourceServerID: A, order: 'DESC', maxResults: 1 }),
    );
    expect(slots(newest.items ?? [])).toStrictEqual(['2025-12-31T23:50:00']);
    expect(newest.nextToken).toBeDefined();
    const again = await setup({ pageSize: 4, seed: 9 });
    const same = await snapshots(again.client, {
      sourceServerID: A,
      filters: { fromDateTime: from, toDateTime: to },
    });
    expect(same.items).toStrictEqual(asc.items);
  });

  it('has no snapshot after lastSnapshotAt, none for a server that does not exist, and refuses a bad order', async () => {
    const { client } = await setup({
      sourceServerIds: [A, B],
      sourceServerSettings: { [A]: { lastSnapshotAt: at(-3 * HOUR) } },
      pageSize: 1000,
    });
    const { items } = await snapshots(client, { sourceServerID: A, order: 'DESC' });
    expect(slots(items)[0]).toBe('2025-12-31T21:00:00');
    expect((await snapshots(client, { sourceServerID: C })).items).toStrictEqual([]);
    const bad = await failure(
      client.send(
        new DescribeRecoverySnapshotsCommand({ sourceServerID: A, order: 'NEWEST' as 'DESC' }),
      ),
    );
    expect(bad?.name).toBe('ValidationException');
    const noId = await failure(
      client.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: 'x' })),
    );
    expect(noId?.name).toBe('ValidationException');
  });

  it('stops replication at a virtual time: the state, a growing lag and missing snapshots show, then it comes back', async () => {
    const stop = { sourceServerId: A, at: at(30 * MINUTE), until: at(3 * HOUR) };
    const { emulator, client } = await setup({
      pageSize: 1000,
      faults: { replicationStops: [stop] },
    });
    emulator.advance(20 * MINUTE);
    expect((await replication(client, A))?.dataReplicationState).toBe('CONTINUOUS');
    emulator.advance(70 * MINUTE); // 01:30, stopped for an hour
    expect(await replication(client, A)).toMatchObject({
      dataReplicationState: 'STALLED',
      lagDuration: 'PT1H',
    });
    emulator.advance(30 * MINUTE);
    expect((await replication(client, A))?.lagDuration).toBe('PT1H30M');
    expect((await replication(client, B))?.dataReplicationState).toBe('CONTINUOUS');
    // 00:10 and 00:20 were 10-minute slots, kept an hour: the hourly 00:00 is the newest left.
    const during = await snapshots(client, { sourceServerID: A, order: 'DESC', maxResults: 1 });
    expect(slots(during.items)[0]).toBe('2026-01-01T00:00:00');
    emulator.advance(75 * MINUTE); // 03:15: back since 03:00
    expect(await replication(client, A)).toMatchObject({
      dataReplicationState: 'CONTINUOUS',
      lagDuration: 'PT0S',
    });
    const after = await snapshots(client, {
      sourceServerID: A,
      filters: { fromDateTime: '2026-01-01T00:00:00Z' },
    });
    // 01:00 and 02:00 were missed while stopped; 03:00 and 03:10 were taken since.
    expect(slots(after.items)).toStrictEqual([
      '2026-01-01T00:00:00',
      '2026-01-01T03:00:00',
      '2026-01-01T03:10:00',
    ]);
  });

  it('applies a stop set later as if it had begun at its time, in the state it names', async () => {
    const { emulator, client } = await setup();
    emulator.advance(2 * HOUR);
    emulator.setFaults({
      replicationStops: [{ sourceServerId: A, at: at(HOUR), state: 'PAUSED' }],
    });
    expect(await replication(client, A)).toMatchObject({
      dataReplicationState: 'PAUSED',
      lagDuration: 'PT1H',
    });
    emulator.setFaults({});
    expect((await replication(client, A))?.dataReplicationState).toBe('CONTINUOUS');
  });

  it('serves launch configurations with an EC2 launch template, and ResourceNotFoundException without one', async () => {
    const template = 'lt-0123456789abcdef0';
    const { client } = await setup({
      sourceServerIds: [A, B, C],
      postLaunchActions: true,
      sourceServerSettings: {
        [B]: { ec2LaunchTemplateId: template },
        [C]: { launchConfiguration: false },
      },
    });
    const { $metadata: _, ...a } = await client.send(
      new GetLaunchConfigurationCommand({ sourceServerID: A }),
    );
    expect(a).toStrictEqual({
      copyPrivateIp: false,
      copyTags: true,
      ec2LaunchTemplateID: expect.stringMatching(/^lt-[0-9a-f]{17}$/),
      launchDisposition: 'STARTED',
      launchIntoInstanceProperties: {},
      licensing: { osByol: false },
      name: 'host-000001',
      postLaunchEnabled: true,
      sourceServerID: A,
      targetInstanceTypeRightSizingMethod: 'BASIC',
    });
    const b = await client.send(new GetLaunchConfigurationCommand({ sourceServerID: B }));
    expect(b.ec2LaunchTemplateID).toBe(template);
    for (const id of [C, fakeSourceServerId(4)]) {
      const missing = await failure(
        client.send(new GetLaunchConfigurationCommand({ sourceServerID: id })),
      );
      expect(missing?.name).toBe('ResourceNotFoundException');
      expect(missing?.$metadata?.httpStatusCode).toBe(404);
    }
  });

  it('launches servers whatever their replication shows, as before', async () => {
    const { emulator, client } = await setup({
      sourceServerSettings: { [A]: { dataReplicationState: 'STALLED' } },
    });
    const { job } = await client.send(
      new StartRecoveryCommand({ sourceServers: [{ sourceServerID: A }], isDrill: true }),
    );
    emulator.advance(15 * MINUTE);
    expect(emulator.jobs().find((j) => j.jobID === job?.jobID)?.participatingServers).toMatchObject(
      [{ sourceServerID: A, launchStatus: 'LAUNCHED' }],
    );
    expect(emulator.requestCount('GetLaunchConfiguration')).toBe(0);
  });

  it('refuses bad settings and stops, naming each value', async () => {
    let caught: unknown;
    try {
      await DrsEmulator.start({
        sourceServerIds: [A, B],
        sourceServerSettings: {
          [A]: { dataReplicationState: 'ASLEEP', lagSeconds: -1, ec2LaunchTemplateId: 'lt-1' },
          [C]: { launchConfig: false },
        },
        faults: {
          replicationStops: [
            { sourceServerId: A, at: at(HOUR), until: at(0) },
            { sourceServerId: B, at: at(0) },
            { sourceServerId: B, at: at(HOUR), state: 'CONTINUOUS' },
            { sourceServerId: C, at: 'soon' },
          ],
        },
      } as unknown as DrsEmulatorOptions);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      [
        'Invalid options for DrsEmulator.start (10 problems):',
        `- sourceServerSettings.${A}.dataReplicationState: Expected \`dataReplicationState\` to be one of STOPPED, INITIATING, INITIAL_SYNC, BACKLOG, CREATING_SNAPSHOT, CONTINUOUS, PAUSED, RESCAN, STALLED, DISCONNECTED, got "ASLEEP"`,
        `- sourceServerSettings.${A}.lagSeconds: Expected \`lagSeconds\` to be a non-negative finite number of seconds, got -1`,
        `- sourceServerSettings.${A}.ec2LaunchTemplateId: Expected \`ec2LaunchTemplateId\` to be "lt-" and 17 hexadecimal digits (or "" for none), got "lt-1"`,
        `- faults.replicationStops[2].state: Expected \`state\` to be one of STOPPED, INITIATING, INITIAL_SYNC, BACKLOG, CREATING_SNAPSHOT, PAUSED, RESCAN, STALLED, DISCONNECTED, got "CONTINUOUS"`,
        '- faults.replicationStops[3].at: Expected `at` to be a valid Date, got "soon"',
        `- sourceServerSettings.${C}: Source server "${C}" is not in \`sourceServerIds\``,
        `- sourceServerSettings.${C}.launchConfig: Unknown field "launchConfig"`,
        '- faults.replicationStops[0].until: Expected `until` after `at` (2026-01-01T01:00:00.000Z), got 2026-01-01T00:00:00.000Z',
        '- faults.replicationStops[2]: Source server "s-00000000000000002" already stops then (faults.replicationStops[1]): stops of a server must not overlap',
        `- faults.replicationStops[3]: Source server "${C}" is not in \`sourceServerIds\``,
      ].join('\n'),
    );
  });

  it('checks stops given to setFaults against the servers that exist', async () => {
    const { emulator } = await setup({ sourceServerIds: [A] });
    expect(() =>
      emulator.setFaults({
        replicationStops: [{ sourceServerId: B, at: at(0), unit: 's' }],
      } as unknown as DrsFaults),
    ).toThrow(
      [
        'Invalid options for DrsEmulator.setFaults (2 problems):',
        '- replicationStops[0].unit: Unknown field "unit"',
        `- replicationStops[0]: Source server "${B}" is not in \`sourceServerIds\``,
      ].join('\n'),
    );
  });
});
