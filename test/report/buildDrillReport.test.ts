import type { RecoveryInstance } from '@aws-sdk/client-drs';
import { describe, expect, it } from 'vitest';
import {
  type DrsPort,
  InMemoryExecutionHistoryStore,
  isHistoryRecordNotFoundError,
  parseRecoveryPlan,
  type ServerRecord,
} from '../../src/index';
import { buildDrillReport } from '../../src/report/index';

const EAST = 's-0000000000000000e';
const WEST = 's-0000000000000000f';
const GONE = 's-00000000000000010';

/** A DRS of one Region that knows some recovery instances, and counts what it was asked. */
function drsKnowing(instances: readonly RecoveryInstance[], asked: string[][]): DrsPort {
  return {
    describeRecoveryInstances: async (filter) => {
      const ids = 'recoveryInstanceIds' in filter ? filter.recoveryInstanceIds : [];
      asked.push([...ids]);
      return instances.filter((i) => ids.includes(i.recoveryInstanceID ?? ''));
    },
  } as DrsPort;
}

const server = (sourceServerId: string, patch: Partial<ServerRecord>): ServerRecord => ({
  executionId: 'e1',
  waveId: 'db',
  sourceServerId,
  impact: 'CRITICAL',
  verdict: 'LAUNCHED',
  phase: 'LAUNCH',
  updatedAt: '2026-01-01T00:10:00.000Z',
  ...patch,
});

async function history() {
  const store = new InMemoryExecutionHistoryStore();
  await store.createExecution({
    executionId: 'e1',
    planId: 'shop',
    planName: 'Shop',
    rtoMinutes: 20,
    executionType: 'DRILL',
    status: 'RUNNING',
    waveIds: ['db', 'web'],
    stages: [
      [
        {
          waveId: 'db',
          requireApproval: false,
          timeoutSeconds: 600,
          maxPolls: 22,
          requirePostLaunchActions: false,
          rtoMinutes: 15,
        },
      ],
      [
        {
          waveId: 'web',
          requireApproval: false,
          timeoutSeconds: 600,
          maxPolls: 22,
          requirePostLaunchActions: false,
        },
      ],
    ],
    startedAt: '2026-01-01T00:00:00.000Z',
  });
  await store.createWave(
    {
      executionId: 'e1',
      waveId: 'db',
      status: 'COMPLETED',
      serverCount: 3,
      chunkCount: 2,
      jobIds: ['drsjob-1', 'drsjob-2'],
      pollCount: 4,
      counts: { launched: 3, failed: 0, pending: 0, criticalFailed: 0 },
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:10:00.000Z',
    },
    [
      {
        executionId: 'e1',
        waveId: 'db',
        chunkIndex: 0,
        servers: [
          { sourceServerId: EAST, impact: 'CRITICAL' },
          { sourceServerId: GONE, impact: 'CRITICAL' },
        ],
        launchStatuses: {},
        verdicts: {},
        settled: true,
      },
      {
        executionId: 'e1',
        waveId: 'db',
        chunkIndex: 1,
        region: 'us-west-2',
        servers: [{ sourceServerId: WEST, impact: 'CRITICAL' }],
        launchStatuses: {},
        verdicts: {},
        settled: true,
      },
    ],
  );
  await store.putServers([
    server(EAST, { recoveryInstanceId: 'i-0000000000000000e', endedAt: '2026-01-01T00:09:00Z' }),
    server(WEST, { recoveryInstanceId: 'i-0000000000000000f', endedAt: '2026-01-01T00:09:30Z' }),
    // Terminated by a cleanup: DRS no longer knows its instance.
    server(GONE, { recoveryInstanceId: 'i-00000000000000010', endedAt: '2026-01-01T00:08:00Z' }),
  ]);
  return store;
}

describe('buildDrillReport', () => {
  it("asks each server's Region for its instance, and reports the recovery points DRS knows", async () => {
    const asked: string[][] = [];
    const askedWest: string[][] = [];
    const report = await buildDrillReport({
      history: await history(),
      executionId: 'e1',
      clock: () => new Date('2026-01-01T00:12:00Z'),
      drs: drsKnowing(
        [
          {
            recoveryInstanceID: 'i-0000000000000000e',
            pointInTimeSnapshotDateTime: '2026-01-01T00:00:30.250000+00:00',
            ec2InstanceState: 'RUNNING',
          },
        ],
        asked,
      ),
      drsForRegion: (region) => {
        expect(region).toBe('us-west-2');
        return drsKnowing(
          [
            {
              recoveryInstanceID: 'i-0000000000000000f',
              pointInTimeSnapshotDateTime: '2026-01-01T00:00:20.000000+00:00',
              ec2InstanceState: 'STOPPED',
            },
          ],
          askedWest,
        );
      },
    });
    expect(asked).toStrictEqual([['i-0000000000000000e', 'i-00000000000000010']]);
    expect(askedWest).toStrictEqual([['i-0000000000000000f']]);
    const byId = new Map(report.servers.map((s) => [s.sourceServerId, s]));
    expect(byId.get(EAST)).toMatchObject({
      snapshotAt: '2026-01-01T00:00:30.250Z',
      ec2InstanceState: 'RUNNING',
    });
    expect(byId.get(WEST)).toMatchObject({
      snapshotAt: '2026-01-01T00:00:20.000Z',
      ec2InstanceState: 'STOPPED',
    });
    expect(byId.get(GONE)?.snapshotAt).toBeUndefined();
    expect(report).toMatchObject({
      source: 'execution',
      status: 'RUNNING',
      plan: { id: 'shop', name: 'Shop', waveCount: 2, serverCount: 3, rtoMinutes: 20 },
      reportedAt: '2026-01-01T00:12:00.000Z',
      durationSeconds: 720,
      stages: [['db'], ['web']],
    });
    expect(report.endedAt).toBeUndefined();
    // The plan is not recovered while a wave has not: no plan-wide recovery time yet.
    expect(report.recoveredAfterSeconds).toBeUndefined();
    expect(report.waves).toStrictEqual([
      expect.objectContaining({
        waveId: 'db',
        stage: 0,
        status: 'COMPLETED',
        rtoMinutes: 15,
        recoveredAfterSeconds: 570,
        recoveryPointAt: '2026-01-01T00:00:20.000Z',
      }),
      {
        waveId: 'web',
        stage: 1,
        status: 'NOT_STARTED',
        serverCount: 0,
        launched: 0,
        failed: 0,
        pending: 0,
        jobIds: [],
      },
    ]);
  });

  it('names waves from the plan when given, and asks DRS nothing without a port', async () => {
    const plan = parseRecoveryPlan({
      id: 'shop',
      waves: [
        { id: 'db', name: 'Database', servers: [EAST] },
        { id: 'web', servers: [WEST], dependsOn: ['db'] },
      ],
    });
    const report = await buildDrillReport({ history: await history(), executionId: 'e1', plan });
    expect(report.waves.map((w) => w.name)).toStrictEqual(['Database', undefined]);
    expect(report.servers.every((s) => s.snapshotAt === undefined)).toBe(true);
  });

  it('refuses an execution the history does not hold, by its ID', async () => {
    const error = await buildDrillReport({
      history: new InMemoryExecutionHistoryStore(),
      executionId: 'nope',
    }).catch((e: unknown) => e);
    expect(isHistoryRecordNotFoundError(error)).toBe(true);
    expect((error as Error).message).toBe('No execution "nope" in the execution history');
  });
});
