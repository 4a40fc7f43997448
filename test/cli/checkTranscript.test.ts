/**
 * `drs-waves check` as an operator runs it, its DRS clients made by the command itself and sent
 * to DRS emulators over HTTP with `--drs-endpoint`: a healthy plan, then a plan with every kind
 * of finding. With `DRS_WAVES_TRANSCRIPT=<file>` the test writes both runs there, as a terminal
 * shows them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DrsClient, StartRecoveryCommand } from '@aws-sdk/client-drs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CheckFlags, check } from '../../src/cli/commands/check';
import { report } from '../../src/cli/internal';
import { isInvalidOptionsError, ReadinessCode } from '../../src/index';
import { DrsEmulator, fakeSourceServerId } from '../../src/testing/index';
import { captureCli } from '../helpers/cliConsole';
import { rejectionOf } from '../helpers/problems';

const cli = captureCli('drs-waves-check-transcript-');
const START = new Date('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
const S = Array.from({ length: 13 }, (_, i) => fakeSourceServerId(i));
const id = (i: number) => S[i] as string;
/** Servers of other teams, in jobs of their own: 19 of them, with the plan's S9, fill 20 jobs. */
const FOREIGN = Array.from({ length: 19 }, (_, i) => fakeSourceServerId(100 + i));
const OTHER_REGION = 'eu-west-1';

const opened: { close(): Promise<void> | void }[] = [];
beforeEach(() => {
  // The command's SDK clients read credentials from the environment, as they would in a shell.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const item of opened.splice(0).reverse()) await item.close();
});

/**
 * The account: S1, S10-S12 healthy; S2 lags 2 h; S3 STALLED; S4 not in DRS; S5 disconnected; S6
 * without a snapshot since 00:30; S7 without launch configuration; S8's names no template; the
 * eu-west-1 endpoint fails every call. The clock stands at 04:00.
 */
async function account() {
  const home = await DrsEmulator.start({
    startTime: START,
    sourceServerIds: [...S.filter((_, i) => i !== 4), ...FOREIGN],
    sourceServerSettings: {
      [id(2)]: { lagSeconds: 7200 },
      [id(3)]: { dataReplicationState: 'STALLED' },
      [id(5)]: { dataReplicationState: 'DISCONNECTED' },
      [id(6)]: { lastSnapshotAt: new Date(START.getTime() + HOUR / 2) },
      [id(7)]: { launchConfiguration: false },
      [id(8)]: { ec2LaunchTemplateId: '' },
    },
  });
  opened.push(home);
  const other = await DrsEmulator.start({
    startTime: START,
    region: OTHER_REGION,
    faults: { internalErrorRate: 1 },
  });
  opened.push(other);
  home.advance(4 * HOUR);
  other.advance(4 * HOUR);
  return { home, other };
}

/** Other teams' drills: one job per server, as DRS counts them against the account's quotas. */
async function foreignDrills(emulator: DrsEmulator, ids: readonly string[]) {
  const client = new DrsClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  opened.push({ close: () => client.destroy() });
  for (const sourceServerID of ids) {
    await client.send(
      new StartRecoveryCommand({ sourceServers: [{ sourceServerID }], isDrill: true }),
    );
  }
}

/** Runs the command as typed, printing into the transcript; answers its exit code. */
async function run(
  transcript: string[],
  args: { readonly plan: string; readonly flags: CheckFlags },
  home: DrsEmulator,
): Promise<number> {
  const { plan, flags } = args;
  transcript.push(
    [
      '$ drs-waves check',
      plan,
      ...(flags.groups === undefined ? [] : ['--groups', flags.groups]),
      ...(flags.region === undefined ? [] : ['--region', flags.region]),
      ...(flags.drsEndpoint ?? []).flatMap((e) => ['--drs-endpoint', e]),
    ].join(' '),
  );
  const inFolder = flags.groups === undefined ? {} : { groups: join(cli.dir, flags.groups) };
  const code = await check(
    join(cli.dir, plan),
    { ...flags, ...inFolder },
    {
      env: {},
      // The emulators' virtual clock stands for the time of day.
      clock: () => home.now(),
      print: (line) => transcript.push(line),
    },
  );
  transcript.push(`(exit ${code})`, '');
  return code;
}

describe('drs-waves check against DRS over HTTP (--drs-endpoint)', () => {
  it('prints a healthy plan READY, then every kind of finding of an unready one', async () => {
    const { home, other } = await account();
    await writeFile(
      join(cli.dir, 'healthy.json'),
      JSON.stringify({
        id: 'shop',
        waves: [
          { id: 'db', servers: [id(1), id(10)] },
          { id: 'app', servers: [id(11), id(12)], dependsOn: ['db'] },
        ],
      }),
    );
    await writeFile(
      join(cli.dir, 'unready.json'),
      JSON.stringify({
        id: 'crm',
        waves: [
          { id: 'db', servers: [id(1), id(2), id(3), id(4)] },
          { id: 'app', protectionGroups: ['pg-app'], dependsOn: ['db'] },
          { id: 'web', protectionGroups: ['pg-web', 'pg-edge'], dependsOn: ['app'] },
        ],
      }),
    );
    await writeFile(
      join(cli.dir, 'groups.yaml'),
      [
        `- id: pg-app`,
        `  servers: [${[5, 6, 7, 8, 9].map(id).join(', ')}]`,
        `- id: pg-web`,
        `  region: ${OTHER_REGION}`,
        `  servers: [${id(10)}]`,
        '',
      ].join('\n'),
    );
    const transcript: string[] = [];
    const endpoints = [home.endpoint, `${OTHER_REGION}=${other.endpoint}`];

    const healthy = await run(
      transcript,
      { plan: 'healthy.json', flags: { region: 'us-east-1', drsEndpoint: [home.endpoint] } },
      home,
    );
    expect(healthy).toBe(0);
    expect(transcript.slice(1, 3)).toStrictEqual([
      'Readiness of plan "shop" (4 servers in 2 waves), checked 2026-01-01T04:00:00.000Z',
      'Not checked: LAUNCH_TEMPLATE_EXISTS: no launch template port was given: that each launch configuration names an EC2 launch template was checked, not that the template exists in EC2',
    ]);
    expect(transcript[3]).toBe('READY: 0 blocking, 0 warnings');

    await foreignDrills(home, [id(9), ...FOREIGN]);
    const from = transcript.length;
    const unready = await run(
      transcript,
      {
        plan: 'unready.json',
        flags: { groups: 'groups.yaml', region: 'us-east-1', drsEndpoint: endpoints },
      },
      home,
    );
    expect(unready).toBe(1);
    const lines = transcript.slice(from);
    // Every kind of finding, each once at least.
    const codes = new Set(
      lines.flatMap((l) => /^ {2}(?:BLOCKING|WARNING) ([A-Z_]+)/.exec(l)?.[1] ?? []),
    );
    expect([...codes].sort()).toStrictEqual(Object.values(ReadinessCode).sort());
    const finding = (code: string, server?: string) =>
      lines.find((l) => l.includes(` ${code}`) && (server === undefined || l.includes(server)));
    expect(finding('SOURCE_SERVER_NOT_FOUND', id(4))).toMatch(/^ {2}BLOCKING /);
    expect(finding('REPLICATION_LAG', id(2))).toContain('lags 2 h 00 min 00 s');
    expect(finding('REPLICATION_NOT_CONTINUOUS', id(3))).toContain('is STALLED, not CONTINUOUS');
    expect(finding('SOURCE_SERVER_DISCONNECTED', id(5))).toMatch(/^ {2}BLOCKING /);
    expect(finding('NO_RECENT_SNAPSHOT', id(6))).toMatch(/^ {2}BLOCKING /);
    expect(finding('LAUNCH_CONFIGURATION_MISSING', id(7))).toMatch(/^ {2}BLOCKING /);
    expect(finding('LAUNCH_TEMPLATE_MISSING', id(8))).toMatch(/^ {2}BLOCKING /);
    expect(finding('SERVER_IN_ACTIVE_JOB', id(9))).toMatch(/^ {2}BLOCKING /);
    expect(finding('PROTECTION_GROUP_NOT_FOUND')).toContain('pg-edge');
    expect(finding('CHECK_FAILED')).toContain(`[${OTHER_REGION}]`);
    expect(finding('QUOTA_EXCEEDED')).toMatch(/^ {2}WARNING /);
    expect(lines.at(-3)).toMatch(/^NOT READY: \d+ blocking, \d+ warnings?$/);

    if (process.env.DRS_WAVES_TRANSCRIPT) {
      await writeFile(process.env.DRS_WAVES_TRANSCRIPT, `${transcript.join('\n')}`);
    }
  });

  it('refuses a malformed --drs-endpoint before any call (exit 2)', async () => {
    await writeFile(
      join(cli.dir, 'plan.json'),
      JSON.stringify({ id: 'p', waves: [{ id: 'a', servers: [id(1)] }] }),
    );
    const error = await rejectionOf(
      check(join(cli.dir, 'plan.json'), {
        drsEndpoint: ['drs.local', 'Mars=http://127.0.0.1:1', 'http://a', 'http://b'],
      }),
    );
    expect(isInvalidOptionsError(error)).toBe(true);
    expect((error as Error).message).toBe(
      [
        'Invalid options for drs-waves check (3 problems):',
        '- --drs-endpoint: Expected an http or https URL such as "https://drs.eu-west-1.amazonaws.com", got "drs.local"',
        '- --drs-endpoint: Expected URL or REGION=URL with a Region such as "eu-west-1", got "Mars=http://127.0.0.1:1"',
        '- --drs-endpoint: Expected one endpoint for every Region, got a second: "http://b"',
      ].join('\n'),
    );
    expect(report(error)).toBe(2);
  });
});
