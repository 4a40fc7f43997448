/**
 * Tag selectors and recovery points, end to end on the DRS emulator over HTTP and dynalite:
 * servers selected by their tags at the wave's start (a server added after the plan was written
 * included, disconnected ones left out and recorded), an empty selector refused, a point-in-time
 * drill launching every server from its snapshot, a recovery point some servers cannot meet
 * refused before any StartRecovery, and retries launching the recorded layout only.
 */
import {
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DrsClient,
  type RecoverySnapshot,
} from '@aws-sdk/client-drs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkWaveStatus,
  EmptySelectorError,
  type ExecutionRecord,
  isEmptySelectorError,
  isRecoveryPointUnavailableError,
  parseRecoveryPlan,
  type RecoveryPoint,
  type RecoveryPointUnavailableError,
  startWave,
  type Wave,
} from '../../src/index';
import {
  buildDrillReport,
  formatDuration,
  renderDrillReportHtml,
  renderDrillReportMarkdown,
} from '../../src/report/index';
import { override } from '../helpers/override';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds } from '../helpers/waves';

let stack: Stack | undefined;
let client: DrsClient | undefined;
afterEach(async () => {
  client?.destroy();
  client = undefined;
  await stack?.close();
  stack = undefined;
});

const HOUR = 3_600_000;
const web = { Tier: 'web', App: 'shop' };

/** Records an execution with a recovery point, as `begin_execution` does. */
async function execution(s: Stack, id: string, waveIds: string[], recoveryPoint?: RecoveryPoint) {
  const record: ExecutionRecord = {
    executionId: id,
    planId: 'plan',
    executionType: 'DRILL',
    status: 'RUNNING',
    waveIds,
    startedAt: s.emulator.now().toISOString(),
    ...(recoveryPoint === undefined ? {} : { recoveryPoint }),
  };
  await s.history.createExecution(record);
}

/** The servers of every launch job the emulator ran, sorted. */
const launched = (s: Stack) =>
  s.emulator
    .jobs()
    .filter((j) => j.type === 'LAUNCH')
    .flatMap((j) => (j.participatingServers ?? []).map((p) => p.sourceServerID ?? ''))
    .sort();

/** Every snapshot of a server, oldest first, straight from the emulator. */
async function snapshotsOf(c: DrsClient, id: string): Promise<RecoverySnapshot[]> {
  const all: RecoverySnapshot[] = [];
  let nextToken: string | undefined;
  do {
    const page = await c.send(
      new DescribeRecoverySnapshotsCommand({
        sourceServerID: id,
        order: 'ASC',
        ...(nextToken === undefined ? {} : { nextToken }),
      }),
    );
    all.push(...(page.items ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken !== undefined);
  return all;
}

const wave = (id: string, fields: Partial<Wave> = {}): Wave => ({
  id,
  servers: [],
  protectionGroups: [],
  requireApproval: false,
  ...fields,
});

describe('tag selectors', () => {
  it('picks up a server tagged after the plan was written, and leaves out a disconnected one, recorded', async () => {
    const [a, b, app, late, gone] = serverIds(5, 100);
    stack = await startStack({
      sourceServerIds: [a, b, app, gone].map(String),
      sourceServerSettings: {
        [String(a)]: { tags: web },
        [String(b)]: { tags: { ...web, Owner: 'ops' } },
        [String(app)]: { tags: { Tier: 'app', App: 'shop' } },
        [String(gone)]: { tags: web, dataReplicationState: 'DISCONNECTED' },
      },
      quotas: { maxServersPerJob: 2 },
    });
    const plan = parseRecoveryPlan({
      id: 'shop',
      waves: [{ id: 'web', protectionGroups: ['pg-web'] }],
    });
    // Written before the server exists in DRS.
    stack.emulator.addSourceServer(String(late), { tags: web });
    await execution(stack, 'e1', ['web']);
    const deps = stack.deps({ quotas: { maxServersPerJob: 2 } }, [
      { id: 'pg-web', servers: [], selector: { tags: web, impact: 'CRITICAL' } },
    ]);
    const result = await startWave(
      { executionId: 'e1', executionType: 'DRILL', wave: plan.waves[0] as Wave },
      deps,
    );
    expect(result.serverCount).toBe(3);
    expect(result.jobIds).toHaveLength(2);
    expect(launched(stack)).toStrictEqual([a, b, late].map(String).sort());
    const layout = await stack.history.getLayout('e1', 'web');
    expect(layout?.chunks.flatMap((c) => c.servers.map((s) => s.sourceServerId)).sort()).toEqual(
      [a, b, late].map(String).sort(),
    );
    expect(layout?.excludedServers).toStrictEqual([
      { sourceServerId: gone, reason: 'DISCONNECTED', selectedBy: 'group pg-web' },
    ]);
    expect((await stack.history.getWave('e1', 'web'))?.excludedServers).toStrictEqual(
      layout?.excludedServers,
    );
  });

  it('refuses a selector that matches nothing before any StartRecovery, naming the wave and the selector; allowEmpty completes empty', async () => {
    const [a] = serverIds(1, 200);
    stack = await startStack({
      sourceServerIds: [String(a)],
      sourceServerSettings: { [String(a)]: { tags: { Tier: 'db' } } },
    });
    await execution(stack, 'e2', ['web', 'web2']);
    const selector = { tags: { Tier: 'web' }, impact: 'CRITICAL' as const };
    const refused = await startWave(
      { executionId: 'e2', executionType: 'DRILL', wave: wave('web', { selector, servers: [] }) },
      stack.deps(),
    ).catch((error: unknown) => error);
    expect(isEmptySelectorError(refused)).toBe(true);
    expect(refused).toBeInstanceOf(EmptySelectorError);
    expect((refused as Error).message).toBe(
      'Wave "web": selector of wave web (tags Tier=web) matched no server that can launch; set allowEmpty on the wave to let it complete empty',
    );
    expect(stack.emulator.requestCount('StartRecovery')).toBe(0);
    expect(await stack.history.getLayout('e2', 'web')).toBeUndefined();

    const allowed = await startWave(
      {
        executionId: 'e2',
        executionType: 'DRILL',
        wave: wave('web2', { selector, allowEmpty: true }),
      },
      stack.deps(),
    );
    expect(allowed).toMatchObject({ status: 'COMPLETED', serverCount: 0, empty: true });
    expect(stack.emulator.requestCount('StartRecovery')).toBe(0);
  });

  it('launches the recorded layout on a retry after a server is tagged mid-start, without resolving again', async () => {
    const [a, b, c] = serverIds(3, 300);
    stack = await startStack({
      sourceServerIds: [a, b, c].map(String),
      sourceServerSettings: { [String(a)]: { tags: web }, [String(b)]: { tags: web } },
    });
    await execution(stack, 'e3', ['web']);
    const input = {
      executionId: 'e3',
      executionType: 'DRILL' as const,
      wave: wave('web', { selector: { tags: web, impact: 'CRITICAL' } }),
    };
    // The invocation dies after the layout write, before the wave and its chunks are written.
    const dying = override(stack.history, {
      createWave: async () => {
        throw Object.assign(new Error('died'), { name: 'Sandbox.Timedout' });
      },
    });
    await expect(startWave(input, stack.deps({ history: dying }))).rejects.toThrow(
      'The execution history failed during createWave',
    );
    expect(stack.emulator.requestCount('StartRecovery')).toBe(0);
    const listings = stack.emulator.requestCount('DescribeSourceServers');

    stack.emulator.tagSourceServer(String(c), web);
    const retried = await startWave(input, stack.deps());
    expect(retried.serverCount).toBe(2);
    expect(launched(stack)).toStrictEqual([a, b].map(String).sort());
    expect(stack.emulator.requestCount('DescribeSourceServers')).toBe(listings);
    // A later execution selects the newly tagged server.
    await execution(stack, 'e4', ['web']);
    const next = await startWave({ ...input, executionId: 'e4' }, stack.deps());
    expect(next.serverCount).toBe(3);
  });
});

describe('recovery points', () => {
  it('launches every server of a multi-job wave from its newest snapshot at or before the recovery point', async () => {
    const ids = serverIds(5, 400).map(String);
    stack = await startStack({ sourceServerIds: ids, quotas: { maxServersPerJob: 2 } });
    stack.emulator.advance(5 * HOUR);
    client = new DrsClient({ ...stack.emulator.clientConfig() });
    const before = new Date(stack.emulator.now().getTime() - 2.5 * HOUR).toISOString();
    // What each server must launch from, found independently of the code under test.
    const expected = new Map<string, RecoverySnapshot>();
    for (const id of ids) {
      const older = (await snapshotsOf(client, id)).filter(
        (s) => Date.parse(s.timestamp ?? '') <= Date.parse(before),
      );
      expected.set(id, older[older.length - 1] as RecoverySnapshot);
    }
    await execution(stack, 'e5', ['db'], { before });
    const result = await startWave(
      {
        executionId: 'e5',
        executionType: 'DRILL',
        wave: wave('db', {
          servers: ids.map((sourceServerId) => ({ sourceServerId, impact: 'CRITICAL' })),
        }),
      },
      stack.deps({ quotas: { maxServersPerJob: 2 } }),
    );
    expect(result.jobIds).toHaveLength(3);
    // Recorded per server in the history, with the snapshot's time.
    const chunks = await stack.history.listChunks('e5', 'db');
    const recorded = Object.assign({}, ...chunks.map((c) => c.snapshots ?? {}));
    for (const id of ids) {
      const snapshot = expected.get(id) as RecoverySnapshot;
      expect(recorded[id]).toStrictEqual({
        snapshotId: snapshot.snapshotID,
        takenAt: new Date(Date.parse(snapshot.timestamp ?? '')).toISOString(),
        chosenBy: 'BEFORE',
      });
    }
    // What the emulator launched: each job logs the previous snapshot, each instance its time.
    stack.emulator.advance(2 * HOUR);
    const logs = stack.emulator.jobs().filter((j) => j.type === 'LAUNCH');
    expect(logs).toHaveLength(3);
    const { items = [] } = await client.send(
      new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids } }),
    );
    expect(items).toHaveLength(5);
    for (const instance of items) {
      const snapshot = expected.get(instance.sourceServerID ?? '') as RecoverySnapshot;
      expect(Date.parse(instance.pointInTimeSnapshotDateTime ?? '')).toBe(
        Date.parse(snapshot.timestamp ?? ''),
      );
      expect(Date.parse(instance.pointInTimeSnapshotDateTime ?? '')).toBeLessThanOrEqual(
        Date.parse(before),
      );
    }
    // The drill report: per server the snapshot and its age at the incident, per wave the oldest.
    const deps = stack.deps({ quotas: { maxServersPerJob: 2 } });
    expect((await checkWaveStatus({ executionId: 'e5', waveId: 'db' }, deps)).status).toBe(
      'COMPLETED',
    );
    const report = await buildDrillReport({
      history: stack.history,
      executionId: 'e5',
      drs: deps.drs,
      clock: () => stack?.emulator.now() ?? new Date(),
    });
    const ageOf = (id: string) =>
      Math.round((Date.parse(before) - Date.parse(expected.get(id)?.timestamp ?? '')) / 1000);
    for (const server of report.servers) {
      expect(server.recoverySnapshotId).toBe(expected.get(server.sourceServerId)?.snapshotID);
      expect(server.recoveryPointAgeSeconds).toBe(ageOf(server.sourceServerId));
    }
    const [db] = report.waves;
    expect(db?.incidentAt).toBe(before);
    expect(db?.recoveryPointAgeSeconds).toBe(Math.max(...ids.map(ageOf)));
    const markdown = renderDrillReportMarkdown(report);
    expect(markdown).toContain('| Recovery point age |');
    expect(markdown).toContain(
      `| ${expected.get(ids[0] ?? '')?.snapshotID} | ${formatDuration(ageOf(ids[0] ?? ''))} |`,
    );
    expect(renderDrillReportHtml(report)).toContain(
      `<td>${expected.get(ids[0] ?? '')?.snapshotID}</td>`,
    );
  });

  it('refuses a wave whose servers lack a snapshot old enough, listing every one, before any StartRecovery', async () => {
    const [ok, young, pinned, younger] = serverIds(4, 500).map(String);
    stack = await startStack({ sourceServerIds: [ok, pinned].map(String) });
    stack.emulator.advance(3 * HOUR);
    const before = new Date(stack.emulator.now().getTime() - HOUR).toISOString();
    // Added to DRS after the recovery point: no snapshot before it.
    stack.emulator.addSourceServer(String(young));
    stack.emulator.addSourceServer(String(younger));
    await execution(stack, 'e6', ['db', 'db2'], {
      before,
      snapshotIds: { [String(pinned)]: 'pit-0123456789abcdef0' },
    });
    const servers = [ok, young, pinned, younger].map((sourceServerId) => ({
      sourceServerId: String(sourceServerId),
      impact: 'CRITICAL' as const,
    }));
    const refused = await startWave(
      { executionId: 'e6', executionType: 'DRILL', wave: wave('db', { servers }) },
      stack.deps(),
    ).catch((error: unknown) => error);
    expect(isRecoveryPointUnavailableError(refused)).toBe(true);
    expect((refused as RecoveryPointUnavailableError).problems).toStrictEqual([
      { path: young, message: `no recovery snapshot taken at or before ${before}` },
      {
        path: pinned,
        message: 'recovery snapshot pit-0123456789abcdef0, named for it, does not exist',
      },
      { path: younger, message: `no recovery snapshot taken at or before ${before}` },
    ]);
    expect(stack.emulator.requestCount('StartRecovery')).toBe(0);
    expect(await stack.history.getLayout('e6', 'db')).toBeUndefined();

    // The same wave, allowed to fall back: those servers launch from the latest data.
    const fallback = await startWave(
      {
        executionId: 'e6',
        executionType: 'DRILL',
        wave: wave('db2', { servers, fallbackToLatestSnapshot: true }),
      },
      stack.deps(),
    );
    expect(fallback.status).toBe('STARTED');
    const [chunk] = await stack.history.listChunks('e6', 'db2');
    expect(chunk?.snapshots?.[String(young)]).toStrictEqual({ chosenBy: 'LATEST' });
    expect(chunk?.snapshots?.[String(ok)]?.chosenBy).toBe('BEFORE');
    expect(launched(stack)).toStrictEqual([ok, young, pinned, younger].map(String).sort());
  });
});
