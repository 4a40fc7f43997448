import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CheckContext, check } from '../../src/cli/commands/check';
import { report } from '../../src/cli/internal';
import { isInvalidOptionsError, type ReadinessReport } from '../../src/index';
import { captureCli } from '../helpers/cliConsole';
import { rejectionOf } from '../helpers/problems';
import { GROUPS, HOUR, OTHER_REGION, S, START, startWorld, type World } from '../readiness/world';

const cli = captureCli('drs-waves-check-');

const PLAN = {
  id: 'shop',
  waves: [
    { id: 'db', servers: [S[1], S[2], S[3]] },
    { id: 'app', protectionGroups: ['pg-app'] },
    { id: 'web', protectionGroups: ['pg-web'] },
  ],
};

/** The plan and groups files, and a context on the world's emulators, printing into `lines`. */
async function files(world: World, plan: unknown = PLAN) {
  const planFile = join(cli.dir, 'plan.json');
  const groupsFile = join(cli.dir, 'groups.yaml');
  await writeFile(planFile, JSON.stringify(plan));
  await writeFile(
    groupsFile,
    GROUPS.map(
      (g) =>
        `- id: ${g.id}\n${g.region ? `  region: ${g.region}\n` : ''}  servers: [${g.servers.map((s) => s.sourceServerId).join(', ')}]\n`,
    ).join(''),
  );
  const lines: string[] = [];
  const input = world.input();
  const ctx: CheckContext = {
    env: {},
    clients: {
      drsFor: input.drsFor,
      launchTemplates: { existingLaunchTemplateIds: async (ids) => ids },
    },
    clock: () => world.home.now(),
    print: (line) => lines.push(line),
  };
  return { planFile, groupsFile, lines, ctx };
}

describe('drs-waves check', () => {
  it('exits 0 for a ready plan, with a summary line', async () => {
    const world = await startWorld();
    const { planFile, groupsFile, lines, ctx } = await files(world);
    expect(await check(planFile, { groups: groupsFile }, ctx)).toBe(0);
    expect(lines).toStrictEqual([
      `Readiness of plan "shop" (8 servers in 3 waves), checked ${START.toISOString()}`,
      'READY: 0 blocking, 0 warnings',
    ]);
  });

  it('exits 1 on blocking findings, one line each, grouped by wave, plan-wide first', async () => {
    const world = await startWorld(
      {
        sourceServerSettings: {
          [S[2] as string]: { lagSeconds: (2 * HOUR) / 1000 },
          [S[5] as string]: { launchConfiguration: false },
        },
        faults: {
          replicationStops: [{ sourceServerId: S[6] as string, at: START, state: 'BACKLOG' }],
        },
      },
      { faults: { internalErrorRate: 1 } },
    );
    world.advance(30_000);
    const { planFile, groupsFile, lines, ctx } = await files(world);
    expect(await check(planFile, { groups: groupsFile }, ctx)).toBe(1);
    expect(lines).toStrictEqual([
      `Readiness of plan "shop" (8 servers in 3 waves), checked 2026-01-01T00:00:30.000Z`,
      'Plan:',
      `  BLOCKING CHECK_FAILED [${OTHER_REGION}]: Could not check 2 source servers in ${OTHER_REGION}: DescribeSourceServers failed (InternalServerException: An internal error occurred (injected by the DRS emulator)). Remedy: Check the credentials and IAM permissions for DRS in ${OTHER_REGION} (drs:DescribeSourceServers, drs:DescribeJobs, drs:DescribeRecoverySnapshots, drs:GetLaunchConfiguration) and that DRS is initialized there, then check again.`,
      'Wave db:',
      `  BLOCKING REPLICATION_LAG ${S[2]}: Replication of ${S[2]} lags 2 h 00 min 00 s, above the 1 h 00 min 00 s allowed (maxLagSeconds). Remedy: Find why replication falls behind (bandwidth to the replication server, write rate, replication server size); or raise maxLagSeconds if this much data loss is acceptable.`,
      'Wave app:',
      `  BLOCKING LAUNCH_CONFIGURATION_MISSING ${S[5]}: DRS has no launch configuration for ${S[5]} (GetLaunchConfiguration: ResourceNotFoundException). Remedy: Set the launch settings of the server in the DRS console (or UpdateLaunchConfiguration).`,
      `  WARNING REPLICATION_NOT_CONTINUOUS ${S[6]}: Data replication of ${S[6]} is BACKLOG, not CONTINUOUS. Remedy: Replication is catching up: wait for CONTINUOUS; if it lasts, check the bandwidth to the replication server and the write rate of the server.`,
      'NOT READY: 3 blocking, 1 warning',
    ]);
  });

  it('prints the report as JSON with --json, and takes the thresholds from the flags', async () => {
    const world = await startWorld({
      sourceServerSettings: { [S[2] as string]: { lagSeconds: (2 * HOUR) / 1000 } },
    });
    const { planFile, groupsFile, lines, ctx } = await files(world);
    expect(await check(planFile, { groups: groupsFile, json: true }, ctx)).toBe(1);
    const json = JSON.parse(lines.join('\n')) as ReadinessReport;
    expect(json.summary).toMatchObject({
      ready: false,
      blocking: 1,
      byCode: { REPLICATION_LAG: 1 },
    });
    expect(json.findings[0]).toMatchObject({ waveId: 'db', sourceServerId: S[2] });
    expect(json.skippedChecks).toStrictEqual([]);
    lines.length = 0;
    const flags = { groups: groupsFile, json: true, maxLag: '10800', maxSnapshotAge: '900' };
    expect(await check(planFile, flags, ctx)).toBe(0);
    expect((JSON.parse(lines.join('\n')) as ReadinessReport).thresholds).toStrictEqual({
      maxLagSeconds: 10800,
      maxSnapshotAgeSeconds: 900,
    });
  });

  it('says which check it skips without an EC2 launch template port', async () => {
    const world = await startWorld();
    const { planFile, groupsFile, lines, ctx } = await files(world);
    const clients = { drsFor: ctx.clients?.drsFor ?? (() => ({}) as never) };
    expect(await check(planFile, { groups: groupsFile }, { ...ctx, clients })).toBe(0);
    expect(lines.slice(1)).toStrictEqual([
      'Not checked: LAUNCH_TEMPLATE_EXISTS: no launch template port was given: that each launch configuration names an EC2 launch template was checked, not that the template exists in EC2',
      'READY: 0 blocking, 0 warnings',
    ]);
  });

  it('refuses bad flags before any call, naming each value (exit 2)', async () => {
    const world = await startWorld();
    const { planFile, groupsFile, ctx } = await files(world);
    const error = await rejectionOf(
      check(
        planFile,
        { groups: groupsFile, maxLag: '-5', maxSnapshotAge: 'soon', region: 'Mars' },
        ctx,
      ),
    );
    expect(isInvalidOptionsError(error)).toBe(true);
    expect((error as Error).message).toBe(
      [
        'Invalid options for drs-waves check (3 problems):',
        '- --max-lag: Expected a number from 0 to 31536000, got "-5"',
        '- --max-snapshot-age: Expected a number from 1 to 31536000, got "soon"',
        '- --region: Expected an AWS Region such as "eu-west-1", got "Mars"',
      ].join('\n'),
    );
    expect(report(error)).toBe(2);
    expect(world.home.requestCount()).toBe(0);
  });

  it('needs --groups when the plan names protection groups (exit 2)', async () => {
    const world = await startWorld();
    const { planFile, ctx } = await files(world);
    const error = await rejectionOf(check(planFile, {}, ctx));
    expect((error as Error).message).toBe(
      'Invalid options for drs-waves check (1 problem):\n- --groups: The plan names protection groups (pg-app, pg-web): pass --groups FILE',
    );
    expect(report(error)).toBe(2);
  });

  it('reads a bad AWS_REGION from the environment as a usage error too', async () => {
    const world = await startWorld();
    const { planFile, groupsFile, ctx } = await files(world);
    const error = await rejectionOf(
      check(planFile, { groups: groupsFile }, { ...ctx, env: { AWS_REGION: 'moon-1' } }),
    );
    expect((error as Error).message).toContain(
      '- AWS_REGION: Expected an AWS Region such as "eu-west-1", got "moon-1"',
    );
  });
});
