import {
  DescribeJobLogItemsCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  DrsClient,
  StartRecoveryCommand,
} from '@aws-sdk/client-drs';
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidOptionsError } from '../../src/index';
import { DrsEmulator, fakeSourceServerId } from '../../src/testing/index';

let emulator: DrsEmulator | undefined;
let client: DrsClient | undefined;
afterEach(async () => {
  client?.destroy();
  await emulator?.close();
  emulator = undefined;
});

const [a, b, c] = [fakeSourceServerId(1), fakeSourceServerId(2), fakeSourceServerId(3)];

describe('DrsEmulator: tags and recovery snapshots', () => {
  it('shows tags in DescribeSourceServers, and servers added or tagged while it runs', async () => {
    emulator = await DrsEmulator.start({
      sourceServerIds: [a, b],
      sourceServerSettings: { [a]: { tags: { Tier: 'web' } } },
    });
    client = new DrsClient({ ...emulator.clientConfig(), maxAttempts: 1 });
    const tags = async () =>
      Object.fromEntries(
        ((await client?.send(new DescribeSourceServersCommand({})))?.items ?? []).map((s) => [
          s.sourceServerID,
          s.tags,
        ]),
      );
    expect(await tags()).toStrictEqual({ [a]: { Tier: 'web' }, [b]: {} });
    emulator.advance(60_000);
    emulator.addSourceServer(c, { tags: { Tier: 'web', App: 'shop' } });
    emulator.tagSourceServer(b, { Tier: 'app' });
    expect(await tags()).toStrictEqual({
      [a]: { Tier: 'web' },
      [b]: { Tier: 'app' },
      [c]: { Tier: 'web', App: 'shop' },
    });
    const { items = [] } = await client.send(
      new DescribeSourceServersCommand({ filters: { sourceServerIDs: [c] } }),
    );
    expect(items[0]?.lifeCycle?.addedToServiceDateTime).toBe('2026-01-01T00:01:00.000000+00:00');
    // Added now: no snapshot yet.
    const snapshots = await client.send(
      new DescribeRecoverySnapshotsCommand({ sourceServerID: c }),
    );
    expect(snapshots.items).toStrictEqual([]);
    expect(() => emulator?.addSourceServer(a)).toThrow(/exists already/);
    expect(() => emulator?.tagSourceServer(fakeSourceServerId(9), {})).toThrow(/does not exist/);
    let refused: unknown;
    try {
      emulator.addSourceServer('s-1', { tags: { Tier: 1 } as never });
    } catch (error) {
      refused = error;
    }
    expect(isInvalidOptionsError(refused)).toBe(true);
  });

  it('launches a server from the recoverySnapshotID it is given, and refuses one it does not have', async () => {
    emulator = await DrsEmulator.start({ sourceServerIds: [a, b] });
    emulator.advance(3 * 3_600_000);
    client = new DrsClient({ ...emulator.clientConfig(), maxAttempts: 1 });
    const { items = [] } = await client.send(
      new DescribeRecoverySnapshotsCommand({
        sourceServerID: a,
        order: 'DESC',
        filters: { toDateTime: '2026-01-01T01:30:00Z' },
        maxResults: 1,
      }),
    );
    const [older] = items;
    expect(older?.timestamp?.startsWith('2026-01-01T01:00:')).toBe(true);
    const { job } = await client.send(
      new StartRecoveryCommand({
        sourceServers: [
          { sourceServerID: a, recoverySnapshotID: older?.snapshotID ?? '' },
          { sourceServerID: b },
        ],
        isDrill: true,
      }),
    );
    emulator.advance(60_000);
    const events = (
      await client.send(new DescribeJobLogItemsCommand({ jobID: job?.jobID ?? '' }))
    ).items?.map((i) => `${i.event} ${i.eventData?.sourceServerID ?? ''}`);
    expect(events).toContain(`USING_PREVIOUS_SNAPSHOT ${a}`);
    expect(events).not.toContain(`SNAPSHOT_START ${a}`);
    expect(events).toContain(`SNAPSHOT_START ${b}`);
    await expect(
      client.send(
        new StartRecoveryCommand({
          sourceServers: [{ sourceServerID: b, recoverySnapshotID: older?.snapshotID ?? '' }],
          isDrill: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
