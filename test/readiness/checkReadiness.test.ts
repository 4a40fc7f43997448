import { describe, expect, it } from 'vitest';
import {
  checkReadiness,
  InMemoryProtectionGroupStore,
  type LaunchTemplatePort,
  parseRecoveryPlan,
  ReadinessCode,
} from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';
import { brief, GROUPS, HOUR, MINUTE, OTHER_REGION, S, START, startWorld } from './world';

/** A launch template port that knows every template but `missing`, and records its calls. */
function templates(missing: readonly string[] = []) {
  const calls: { ids: readonly string[]; region: string | undefined }[] = [];
  const port: LaunchTemplatePort = {
    async existingLaunchTemplateIds(ids, target) {
      calls.push({ ids, region: target.region });
      return ids.filter((id) => !missing.includes(id));
    },
  };
  return { port, calls };
}

const DELETED = 'lt-0000000000000dead';

describe('checkReadiness against the DRS emulator', () => {
  it('finds nothing in a healthy plan, asking DRS once per Region and EC2 once per Region', async () => {
    const world = await startWorld();
    const ec2 = templates();
    const report = await checkReadiness(world.input({ launchTemplates: ec2.port }));
    expect(report).toStrictEqual({
      planId: 'shop',
      checkedAt: START.toISOString(),
      thresholds: { maxLagSeconds: 3600, maxSnapshotAgeSeconds: 3600 },
      summary: { ready: true, blocking: 0, warnings: 0, waves: 3, servers: 8, byCode: {} },
      findings: [],
      skippedChecks: [],
    });
    expect(world.asked).toStrictEqual([{}, { region: OTHER_REGION }]);
    expect(ec2.calls.map((c) => [c.ids.length, c.region])).toStrictEqual([
      [6, undefined],
      [2, OTHER_REGION],
    ]);
    expect(world.home.requestCount('DescribeSourceServers')).toBe(1);
    expect(world.home.requestCount('DescribeJobs')).toBe(1);
    expect(world.home.requestCount('DescribeRecoverySnapshots')).toBe(6);
    expect(world.home.requestCount('GetLaunchConfiguration')).toBe(6);
    expect(world.other.requestCount('GetLaunchConfiguration')).toBe(2);
    expect(world.home.requestCount('StartRecovery')).toBe(0);
  });

  it('says when the EC2 launch templates were not checked', async () => {
    const world = await startWorld();
    const report = await checkReadiness(world.input());
    expect(report.summary.ready).toBe(true);
    expect(report.skippedChecks).toStrictEqual([
      {
        check: 'LAUNCH_TEMPLATE_EXISTS',
        reason:
          'no launch template port was given: that each launch configuration names an EC2 launch template was checked, not that the template exists in EC2',
      },
    ]);
  });

  it('finds a server that is not in DRS, in its Region', async () => {
    const world = await startWorld({}, { sourceServerIds: [S[7] as string] });
    const report = await checkReadiness(world.input());
    expect(report.findings).toStrictEqual([
      {
        code: 'SOURCE_SERVER_NOT_FOUND',
        severity: 'BLOCKING',
        waveId: 'web',
        sourceServerId: S[8],
        region: OTHER_REGION,
        message: `Source server ${S[8]} is not in DRS in ${OTHER_REGION}`,
        remedy:
          'Correct the ID in the plan or its protection group, or check that the server replicates to this account and Region (a deleted source server comes back only by installing the replication agent again, under a new ID)',
      },
    ]);
    expect(report.summary).toMatchObject({ ready: false, blocking: 1, warnings: 0 });
    // Nothing more is asked about a server DRS does not have.
    expect(world.other.requestCount('GetLaunchConfiguration')).toBe(1);
  });

  it('finds a disconnected server, and checks nothing more of it', async () => {
    const world = await startWorld({
      sourceServerSettings: { [S[2] as string]: { dataReplicationState: 'DISCONNECTED' } },
    });
    const report = await checkReadiness(world.input());
    expect(brief(report.findings)).toStrictEqual([
      [ReadinessCode.SourceServerDisconnected, 'BLOCKING', 'db', S[2]],
    ]);
    expect(report.findings[0]?.message).toBe(
      `Source server ${S[2]} is disconnected from DRS (dataReplicationState DISCONNECTED): it does not replicate and cannot be launched`,
    );
    expect(world.home.requestCount('DescribeRecoverySnapshots')).toBe(5);
  });

  it('blocks on replication that does not run, warns on replication that catches up', async () => {
    const world = await startWorld({
      sourceServerSettings: { [S[1] as string]: { dataReplicationState: 'PAUSED' } },
      // Catching up for 5 minutes: the snapshot of 10 minutes ago is recent enough.
      faults: {
        replicationStops: [
          {
            sourceServerId: S[4] as string,
            at: new Date(START.getTime() - 5 * MINUTE),
            state: 'BACKLOG',
          },
        ],
      },
    });
    const report = await checkReadiness(world.input());
    expect(brief(report.findings)).toStrictEqual([
      ['NO_RECENT_SNAPSHOT', 'BLOCKING', 'db', S[1]],
      ['REPLICATION_NOT_CONTINUOUS', 'BLOCKING', 'db', S[1]],
      ['REPLICATION_NOT_CONTINUOUS', 'WARNING', 'app', S[4]],
    ]);
    expect(report.findings[1]).toMatchObject({
      message: `Data replication of ${S[1]} is PAUSED, not CONTINUOUS`,
      remedy: 'Resume data replication of the server (the DRS console), or find who paused it',
    });
    expect(report.findings[2]?.remedy).toMatch(/^Replication is catching up/);
    expect(report.summary).toMatchObject({
      ready: false,
      blocking: 2,
      warnings: 1,
      byCode: { NO_RECENT_SNAPSHOT: 1, REPLICATION_NOT_CONTINUOUS: 2 },
    });
  });

  it('checks the servers a tag selector finds, as the wave would launch them', async () => {
    const tagged = S[12] as string;
    const world = await startWorld({
      sourceServerSettings: {
        [tagged]: { tags: { Tier: 'cache' }, lastSnapshotAt: new Date(START.getTime() - 3 * HOUR) },
      },
    });
    const plan = parseRecoveryPlan({
      id: 'by-tag',
      waves: [{ id: 'cache', selector: { tags: { Tier: 'cache' } } }],
    });
    const report = await checkReadiness(world.input({ plan }));
    expect(brief(report.findings)).toStrictEqual([
      ['NO_RECENT_SNAPSHOT', 'BLOCKING', 'cache', tagged],
    ]);
    expect(report.summary.servers).toBe(1);
  });

  it('blocks on a lag above maxLagSeconds, and not below it', async () => {
    const world = await startWorld({
      sourceServerSettings: { [S[5] as string]: { lagSeconds: 2 * 3600 } },
    });
    const report = await checkReadiness(world.input());
    expect(report.findings).toStrictEqual([
      expect.objectContaining({
        code: 'REPLICATION_LAG',
        severity: 'BLOCKING',
        waveId: 'app',
        sourceServerId: S[5],
        message: `Replication of ${S[5]} lags 2 h 00 min 00 s, above the 1 h 00 min 00 s allowed (maxLagSeconds)`,
      }),
    ]);
    const tolerant = await checkReadiness(world.input({ options: { maxLagSeconds: 3 * 3600 } }));
    expect(tolerant.findings).toStrictEqual([]);
    expect(tolerant.thresholds.maxLagSeconds).toBe(3 * 3600);
  });

  it('blocks on a server whose newest snapshot is too old', async () => {
    const world = await startWorld({
      sourceServerSettings: {
        [S[3] as string]: { lastSnapshotAt: new Date(START.getTime() - 3 * HOUR) },
      },
    });
    const report = await checkReadiness(world.input());
    expect(brief(report.findings)).toStrictEqual([['NO_RECENT_SNAPSHOT', 'BLOCKING', 'db', S[3]]]);
    expect(report.findings[0]?.message).toMatch(
      new RegExp(
        `^The newest recovery snapshot of ${S[3]} \\(pit-[0-9a-z]{17}\\) was taken 2 h 59 min \\d\\d s ago, more than the 1 h 00 min 00 s allowed \\(maxSnapshotAgeSeconds\\)$`,
      ),
    );
    const tolerant = await checkReadiness(
      world.input({ options: { maxSnapshotAgeSeconds: 4 * 3600 } }),
    );
    expect(tolerant.findings).toStrictEqual([]);
  });

  it('blocks on a missing launch configuration and a launch template EC2 does not have', async () => {
    const world = await startWorld(
      { sourceServerSettings: { [S[6] as string]: { launchConfiguration: false } } },
      { sourceServerSettings: { [S[8] as string]: { ec2LaunchTemplateId: DELETED } } },
    );
    const ec2 = templates([DELETED]);
    const report = await checkReadiness(world.input({ launchTemplates: ec2.port }));
    expect(brief(report.findings)).toStrictEqual([
      ['LAUNCH_CONFIGURATION_MISSING', 'BLOCKING', 'app', S[6]],
      ['LAUNCH_TEMPLATE_MISSING', 'BLOCKING', 'web', S[8]],
    ]);
    expect(report.findings[1]).toMatchObject({
      region: OTHER_REGION,
      message: `The EC2 launch template ${DELETED} of ${S[8]}'s launch configuration does not exist`,
    });
    // The template of a server without a launch configuration is not asked about.
    expect(ec2.calls[0]?.ids).toHaveLength(5);
    // Without the port, only the launch configuration is found.
    const unchecked = await checkReadiness(world.input());
    expect(brief(unchecked.findings)).toStrictEqual([
      ['LAUNCH_CONFIGURATION_MISSING', 'BLOCKING', 'app', S[6]],
    ]);
  });

  it('reports a launch template port that fails as a check that could not run', async () => {
    const world = await startWorld();
    const report = await checkReadiness(
      world.input({
        launchTemplates: {
          existingLaunchTemplateIds: async () => {
            throw new Error('UnauthorizedOperation: not allowed ec2:DescribeLaunchTemplates');
          },
        },
      }),
    );
    expect(report.findings.map((f) => [f.code, f.region, f.message])).toStrictEqual([
      [
        'CHECK_FAILED',
        undefined,
        'Could not check the EC2 launch templates of 6 source servers: UnauthorizedOperation: not allowed ec2:DescribeLaunchTemplates',
      ],
      [
        'CHECK_FAILED',
        OTHER_REGION,
        `Could not check the EC2 launch templates of 2 source servers in ${OTHER_REGION}: UnauthorizedOperation: not allowed ec2:DescribeLaunchTemplates`,
      ],
    ]);
    expect(report.summary.ready).toBe(false);
  });

  it('blocks on a server in another active job, until that job completes', async () => {
    const world = await startWorld();
    const jobId = await world.foreignDrill([S[2] as string]);
    world.advance(MINUTE);
    const report = await checkReadiness(world.input());
    expect(report.findings).toStrictEqual([
      expect.objectContaining({
        code: 'SERVER_IN_ACTIVE_JOB',
        severity: 'BLOCKING',
        waveId: 'db',
        sourceServerId: S[2],
        message: `Source server ${S[2]} is in DRS job ${jobId} (STARTED, START_DRILL), which has not completed: DRS refuses another job for it until then`,
      }),
    ]);
    world.advance(15 * MINUTE);
    expect((await checkReadiness(world.input())).findings).toStrictEqual([]);
  });

  it("warns when a stage does not fit in what another tenant's jobs leave of the quotas, per Region", async () => {
    const quotas = { maxConcurrentJobs: 3, maxServersInActiveJobs: 8 };
    const world = await startWorld({ quotas });
    const plan = parseRecoveryPlan({
      id: 'wide',
      waves: [
        { id: 'a', servers: [S[1], S[2]] },
        { id: 'b', servers: [S[3]], dependsOn: [] },
        { id: 'web', protectionGroups: ['pg-web'], dependsOn: ['a', 'b'] },
      ],
    });
    // Another tenant: 6 servers in 2 jobs, leaving 1 job and 2 servers.
    const others = [9, 10, 11].map((i) => S[i] as string);
    await world.foreignDrill(others);
    await world.foreignDrill([S[12] as string, fakeSourceServerId(40), fakeSourceServerId(41)]);
    world.advance(MINUTE);
    const report = await checkReadiness(world.input({ plan, quotas }));
    expect(report.findings).toStrictEqual([
      {
        code: 'QUOTA_EXCEEDED',
        severity: 'WARNING',
        message:
          'Stage 1 (a, b) needs 3 source servers in 2 DRS jobs at once, but the 2 jobs active now (6 servers) leave room for 2 servers in 1 job (quotas: 8 servers in active jobs, 3 concurrent jobs)',
        remedy:
          'Its waves would wait for quota, up to their timeouts: run the plan once the other jobs have completed, or give the stage fewer servers at once',
      },
    ]);
    expect(report.summary.ready).toBe(true);
    // Once they complete, the stage fits.
    world.advance(20 * MINUTE);
    expect((await checkReadiness(world.input({ plan, quotas }))).findings).toStrictEqual([]);
  });

  it('blocks on a wave that needs more than the quotas themselves, however idle the account', async () => {
    const world = await startWorld();
    const plan = parseRecoveryPlan({ id: 'big', waves: [{ id: 'all', servers: S.slice(1, 7) }] });
    const report = await checkReadiness(
      world.input({ plan, quotas: { maxServersPerJob: 2, maxConcurrentJobs: 2 } }),
    );
    expect(report.findings.map((f) => [f.code, f.severity, f.waveId, f.message])).toStrictEqual([
      [
        'QUOTA_EXCEEDED',
        'WARNING',
        undefined,
        'Stage 1 (all) needs 6 source servers in 3 DRS jobs at once, but the 0 jobs active now (0 servers) leave room for 500 servers in 2 jobs (quotas: 500 servers in active jobs, 2 concurrent jobs)',
      ],
      [
        'QUOTA_EXCEEDED',
        'BLOCKING',
        'all',
        'Wave all needs 3 DRS jobs at once, above the DRS quota maxConcurrentJobs of 2: startWave refuses it',
      ],
    ]);
  });

  it('blocks on a protection group that does not resolve, and checks the rest', async () => {
    const world = await startWorld();
    const report = await checkReadiness(
      world.input({ protectionGroups: new InMemoryProtectionGroupStore([GROUPS[0] as never]) }),
    );
    expect(report.findings).toStrictEqual([
      {
        code: 'PROTECTION_GROUP_NOT_FOUND',
        severity: 'BLOCKING',
        waveId: 'web',
        message: 'Wave web names protection group pg-web, which does not exist',
        remedy:
          'Create the protection group (in the protection group store, or the --groups file), or correct its ID in the plan',
      },
    ]);
    expect(report.summary.servers).toBe(6);
    expect(world.asked).toStrictEqual([{}]);
  });

  it('sees a replication stop only once its virtual time has come, and sees it end', async () => {
    const stop = {
      sourceServerId: S[7] as string,
      at: new Date(START.getTime() + 30 * MINUTE),
      until: new Date(START.getTime() + 4 * HOUR),
    };
    const world = await startWorld({}, { faults: { replicationStops: [stop] } });
    world.advance(20 * MINUTE);
    expect((await checkReadiness(world.input())).summary.ready).toBe(true);
    world.advance(2 * HOUR); // 02:20: stalled for 1 h 50 min
    const stalled = await checkReadiness(world.input());
    expect(brief(stalled.findings)).toStrictEqual([
      ['NO_RECENT_SNAPSHOT', 'BLOCKING', 'web', S[7]],
      ['REPLICATION_LAG', 'BLOCKING', 'web', S[7]],
      ['REPLICATION_NOT_CONTINUOUS', 'BLOCKING', 'web', S[7]],
    ]);
    expect(stalled.findings.map((f) => f.message).slice(1)).toStrictEqual([
      `Replication of ${S[7]} lags 1 h 50 min 00 s, above the 1 h 00 min 00 s allowed (maxLagSeconds)`,
      `Data replication of ${S[7]} is STALLED, not CONTINUOUS`,
    ]);
    expect(stalled.findings.every((f) => f.region === OTHER_REGION)).toBe(true);
    world.advance(2 * HOUR); // 04:20: back since 04:00, snapshots again
    expect((await checkReadiness(world.input())).findings).toStrictEqual([]);
  });

  it('turns a Region whose DRS calls fail into one finding, and checks the other Regions', async () => {
    const world = await startWorld({}, { faults: { internalErrorRate: 1 } });
    const report = await checkReadiness(world.input());
    expect(report.findings).toStrictEqual([
      {
        code: 'CHECK_FAILED',
        severity: 'BLOCKING',
        region: OTHER_REGION,
        message: `Could not check 2 source servers in ${OTHER_REGION}: DescribeSourceServers failed (InternalServerException: An internal error occurred (injected by the DRS emulator))`,
        remedy: `Check the credentials and IAM permissions for DRS in ${OTHER_REGION} (drs:DescribeSourceServers, drs:DescribeJobs, drs:DescribeRecoverySnapshots, drs:GetLaunchConfiguration) and that DRS is initialized there, then check again`,
      },
    ]);
    expect(world.home.requestCount('GetLaunchConfiguration')).toBe(6);
  });

  it('lists plan-wide findings first, then wave by wave in plan order, blocking first', async () => {
    const world = await startWorld(
      {
        sourceServerSettings: {
          [S[5] as string]: { dataReplicationState: 'RESCAN' },
          [S[4] as string]: { launchConfiguration: false },
          [S[1] as string]: { lagSeconds: 99_999 },
        },
      },
      { faults: { internalErrorRate: 1 } },
    );
    const report = await checkReadiness(world.input());
    expect(brief(report.findings)).toStrictEqual([
      ['CHECK_FAILED', 'BLOCKING', undefined, undefined],
      ['REPLICATION_LAG', 'BLOCKING', 'db', S[1]],
      ['LAUNCH_CONFIGURATION_MISSING', 'BLOCKING', 'app', S[4]],
      ['NO_RECENT_SNAPSHOT', 'BLOCKING', 'app', S[5]],
      ['REPLICATION_NOT_CONTINUOUS', 'WARNING', 'app', S[5]],
    ]);
  });
});
