import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asl } from '../../src/cli/commands/asl';
import { simulate } from '../../src/cli/commands/simulate';
import { validate } from '../../src/cli/commands/validate';
import { CliError, report, requireNode } from '../../src/cli/internal';
import { buildPollingStateMachine, MissingPeerDependencyError } from '../../src/index';
import type { SimulatedDrillReport } from '../../src/testing/index';
import { captureCli } from '../helpers/cliConsole';

const threeTier = join(import.meta.dirname, '..', '..', 'examples', 'plans', 'three-tier.json');
const cli = captureCli('drs-waves-cli-');
const { logs, errors } = cli;

const readReport = async () =>
  JSON.parse(await readFile(join(cli.dir, 'drill-report.json'), 'utf8')) as SimulatedDrillReport;

describe('drs-waves simulate', () => {
  it('runs the three-tier drill, prints progress and a summary, writes three reports', async () => {
    const code = await simulate(threeTier, { out: cli.dir, storage: 'dynalite' });
    expect(code).toBe(0);
    expect(logs[0]).toBe(
      'drs-waves: simulating DRILL of plan "three-tier" (3 waves, seed 1) on the local stack, history on dynalite',
    );
    const report = await readReport();
    expect(report).toMatchObject({
      status: 'SUCCEEDED',
      executionType: 'DRILL',
      source: 'simulation',
      simulation: { seed: 1 },
    });
    expect(report.stats.dynamoRequests?.PutItem).toBeGreaterThan(0);
    expect(report.waves.map((w) => [w.waveId, w.status, w.launched])).toStrictEqual([
      ['database', 'COMPLETED', 3],
      ['app', 'COMPLETED', 5],
      ['web', 'COMPLETED', 4],
    ]);
    expect(report.servers.every((s) => s.recoveryInstanceId?.startsWith('i-'))).toBe(true);
    // Plain progress lines (not a TTY), then the summary table.
    expect(logs.some((l) => /^\[\+\d.*\] wave database: COMPLETED 3\/3$/.test(l))).toBe(true);
    expect(logs.some((l) => /^Stage +Wave +Status/.test(l))).toBe(true);
    expect(logs.at(-1)).toMatch(/^Drill SUCCEEDED in \d+ min \d\d s of simulated time/);
    const md = await readFile(join(cli.dir, 'drill-report.md'), 'utf8');
    const html = await readFile(join(cli.dir, 'drill-report.html'), 'utf8');
    expect(md).toContain('three-tier');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
  });

  it('keeps the history in memory by default, saying so', async () => {
    expect(await simulate(threeTier, { out: cli.dir })).toBe(0);
    expect(logs[0]).toBe(
      'drs-waves: simulating DRILL of plan "three-tier" (3 waves, seed 1) on the local stack, history in memory',
    );
    const report = await readReport();
    expect(report.status).toBe('SUCCEEDED');
    // DynamoDB requests are counted only when the history ran on dynalite.
    expect(report.stats.dynamoRequests).toBeUndefined();
  });

  it('reports a missing optional peer dependency in one line with its install command, exit 2', () => {
    const error = new MissingPeerDependencyError(
      'aws-local-stepfunctions',
      'LocalStateMachine',
      'npm install --save-dev aws-local-stepfunctions',
    );
    expect(report(error)).toBe(2);
    expect(errors).toStrictEqual([
      'drs-waves: drs-waves needs aws-local-stepfunctions for LocalStateMachine: npm install --save-dev aws-local-stepfunctions',
    ]);
  });

  it('exits 1 with the reason when a critical server fails, the same way for the same seed', async () => {
    const flags = {
      out: cli.dir,
      failServer: ['s-00000000000000005=InsufficientInstanceCapacity'],
      seed: '7',
    };
    expect(await simulate(threeTier, flags)).toBe(1);
    const first = await readReport();
    expect(errors.at(-1)).toBe(
      'Drill FAILED: WaveFailed: Wave app failed: 1 critical server failed: s-00000000000000005 (InsufficientInstanceCapacity)',
    );
    expect(first.waves.find((w) => w.waveId === 'web')?.status).toBe('NOT_STARTED');
    expect(await simulate(threeTier, flags)).toBe(1);
    const second = await readReport();
    const sameRun = (r: SimulatedDrillReport) => ({
      ...r,
      simulation: { ...r.simulation, wallSeconds: 0 },
    });
    expect(sameRun(second)).toStrictEqual(sameRun(first));
  });

  it("runs a plan's wave actions with stand-ins: each succeeds, fails or never ends as asked", async () => {
    const plan = join(import.meta.dirname, '..', '..', 'examples', 'plans', 'wave-actions.json');
    const smoke = 'arn:aws:lambda:eu-west-1:123456789012:function:drs-waves-action-smoke-test';
    expect(await simulate(plan, { out: cli.dir })).toBe(0);
    const ok = await readReport();
    expect(ok.actions?.map((a) => a.outcome)).toStrictEqual(Array(6).fill('SUCCEEDED'));
    const flags = { out: cli.dir, failAction: ['Shop-WarmCaches'], hangAction: [smoke] };
    expect(await simulate(plan, flags)).toBe(1);
    const bad = await readReport();
    expect(bad.actions?.map((a) => [a.waveId, a.label, a.outcome])).toStrictEqual([
      ['database', 'approval', 'SUCCEEDED'],
      ['database', 'ssmAutomation Shop-DatabaseHealthCheck', 'SUCCEEDED'],
      ['database', 'wait 120 s', 'SUCCEEDED'],
      ['app', 'lambda drs-waves-action-drain-pool', 'SUCCEEDED'],
      // onFailure CONTINUE: recorded, and the plan goes on.
      ['app', 'ssmAutomation Shop-WarmCaches', 'FAILED'],
      ['web', 'lambda drs-waves-action-smoke-test', 'TIMED_OUT'],
    ]);
    expect(bad.error).toBe('ActionFailed');
    const unknown = await simulate(plan, { out: cli.dir, failAction: ['Nope'] }).catch(
      (e: unknown) => e,
    );
    expect((unknown as Error).message).toContain(
      '--fail-action: No lambda or ssmAutomation action of the plan runs "Nope"',
    );
  });

  it('answers failure decisions with --decide: retry relaunches the failed server once fixed, skip goes on', async () => {
    const plan = join(import.meta.dirname, '..', '..', 'examples', 'plans', 'wave-actions.json');
    const failServer = ['s-00000000000000004=InsufficientInstanceCapacity'];
    expect(await simulate(plan, { out: cli.dir, failServer, decide: 'retry' })).toBe(0);
    const retried = await readReport();
    expect(retried.decisions?.map((d) => [d.waveId, d.attempt, d.status])).toStrictEqual([
      ['app', 1, 'RETRY'],
    ]);
    expect(retried.waves.map((w) => [w.waveId, w.status, w.launched, w.attempts])).toStrictEqual([
      ['database', 'COMPLETED', 2, undefined],
      ['app', 'COMPLETED', 3, 2],
      ['web', 'COMPLETED', 2, undefined],
    ]);
    expect(logs).toContain('Decision on wave app (attempt 1): RETRY by simulateDrill');
    expect(await simulate(plan, { out: cli.dir, failServer, decide: 'skip' })).toBe(0);
    expect((await readReport()).skippedWaveIds).toStrictEqual(['app']);
    expect(logs.at(-1)).toMatch(/^Drill SUCCEEDED with 1 skipped wave in /);
    const bad = await simulate(plan, { out: cli.dir, decide: 'later' }).catch((e: unknown) => e);
    expect((bad as Error).message).toContain(
      '--decide: Expected "retry", "skip", "abort" or "timeout", got "later"',
    );
  });

  it('fails a rejected wave, and times cli.dir a stuck server', async () => {
    expect(await simulate(threeTier, { out: cli.dir, reject: ['web'], storage: 'memory' })).toBe(1);
    expect(errors.at(-1)).toMatch(/^Drill FAILED: ApprovalRejected: Wave web failed: /);
    expect(
      await simulate(threeTier, {
        out: cli.dir,
        stuckServer: ['s-00000000000000001'],
        storage: 'memory',
      }),
    ).toBe(1);
    expect(errors.at(-1)).toMatch(
      /^Drill FAILED: WaveTimeout: Wave database did not finish within 3600 s/,
    );
  });

  it('runs the waves on launch events with --events, the same drill with fewer checks', async () => {
    expect(await simulate(threeTier, { out: cli.dir, storage: 'memory' })).toBe(0);
    const polled = await readReport();
    expect(await simulate(threeTier, { out: cli.dir, storage: 'memory', events: true })).toBe(0);
    const evented = await readReport();
    expect(logs.some((l) => l.includes('waves resumed by launch events'))).toBe(true);
    expect(evented.waves.map((w) => [w.waveId, w.status, w.launched])).toStrictEqual(
      polled.waves.map((w) => [w.waveId, w.status, w.launched]),
    );
    expect(evented.stats.routerCalls?.launch_result).toBe(polled.plan.serverCount);
    expect(evented.stats.routerCalls?.check_wave_status ?? 0).toBeLessThan(
      polled.stats.routerCalls?.check_wave_status ?? 0,
    );
    // Every event lost: the safety net still finishes the drill.
    const flags = {
      out: cli.dir,
      storage: 'memory',
      events: true,
      safetyNet: '60',
      dropEvents: '1',
    };
    expect(await simulate(threeTier, flags)).toBe(0);
    expect((await readReport()).stats.routerCalls?.launch_result ?? 0).toBe(0);
  });

  it('rehearses a RECOVERY only with --recovery, saying so', async () => {
    expect(await simulate(threeTier, { out: cli.dir, recovery: true, storage: 'memory' })).toBe(0);
    expect((await readReport()).executionType).toBe('RECOVERY');
    expect(logs[1]).toContain('--recovery rehearses a real RECOVERY against the emulator');
  });

  it('refuses bad flags, listing every problem, before running anything', async () => {
    await expect(
      simulate(threeTier, {
        out: cli.dir,
        seed: 'x',
        throttleRate: '2',
        pollInterval: '0',
        storage: 'disk',
        safetyNet: '10',
        dropEvents: '0.5',
      }),
    ).rejects.toThrow(
      [
        'Invalid options for drs-waves simulate (6 problems):',
        '- --seed: Expected an integer from 0 to 2147483647, got "x"',
        '- --throttle-rate: Expected a number from 0 to 1, got "2"',
        '- --poll-interval: Expected an integer from 1 to 3600, got "0"',
        '- --safety-net: Expected an integer from 30 to 3600, got "10"',
        '- --safety-net: Expected --events with it: only event-driven completion has launch events',
        '- --storage: Expected "memory" or "dynalite", got "disk"',
      ].join('\n'),
    );
    expect(logs).toStrictEqual([]);
  });
  it('refuses faults aimed at nothing, naming the value and the valid ones, before running', async () => {
    await expect(
      simulate(threeTier, {
        out: cli.dir,
        reject: ['webb', 'app'],
        failServer: ['s-000000000000000zz=Boom'],
        stuckServer: ['s-0000000000000000z'],
      }),
    ).rejects.toThrow(
      [
        'Invalid options for drs-waves simulate (4 problems):',
        '- --fail-server: Source server "s-000000000000000zz" is not in the plan; its servers: s-00000000000000001, s-00000000000000002, s-00000000000000003, s-00000000000000004, s-00000000000000005 and 7 more',
        '- --stuck-server: Source server "s-0000000000000000z" is not in the plan; its servers: s-00000000000000001, s-00000000000000002, s-00000000000000003, s-00000000000000004, s-00000000000000005 and 7 more',
        '- --reject: Wave "webb" is not in the plan; waves waiting for approval: web',
        '- --reject: Wave "app" does not wait for approval (requireApproval); waves waiting for approval: web',
      ].join('\n'),
    );
    expect(logs).toStrictEqual([]);
    await expect(readFile(join(cli.dir, 'drill-report.json'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses malformed server IDs as flag problems, not as emulator options', async () => {
    const error = await simulate(threeTier, {
      out: cli.dir,
      failServer: ['s-1=Boom', 's-00000000000000001'],
      stuckServer: ['i-0123', 's-00000000000000001'],
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      [
        'Invalid options for drs-waves simulate (3 problems):',
        '- --fail-server: Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got "s-1"',
        '- --stuck-server: Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got "i-0123"',
        '- --stuck-server: Source server "s-00000000000000001" is given to --fail-server too: a launch either fails or never ends',
      ].join('\n'),
    );
    expect(report(error)).toBe(2);
    expect(errors.at(-1)).toMatch(
      /^drs-waves: Invalid options for drs-waves simulate \(3 problems\):\n/,
    );
    expect(logs).toStrictEqual([]);
  });

  it('aims a fault at a server of a protection group given, and names the groups not given', async () => {
    const plan = join(cli.dir, 'groups-plan.json');
    const groups = join(cli.dir, 'groups.json');
    await writeFile(
      plan,
      JSON.stringify({
        id: 'grouped',
        waves: [
          { id: 'db', protectionGroups: ['pg-db'] },
          { id: 'app', protectionGroups: ['pg-app'] },
        ],
      }),
    );
    await writeFile(
      groups,
      JSON.stringify([
        { id: 'pg-db', servers: ['s-00000000000000001'] },
        { id: 'pg-app', servers: ['s-00000000000000002'] },
      ]),
    );
    const failServer = ['s-00000000000000002=InsufficientInstanceCapacity'];
    await expect(simulate(plan, { out: cli.dir, failServer, storage: 'memory' })).rejects.toThrow(
      [
        'Invalid options for drs-waves simulate (1 problem):',
        '- --fail-server: Source server "s-00000000000000002" is not in the plan; no server is known (protection groups pg-db, pg-app not given: pass --groups)',
      ].join('\n'),
    );
    await expect(simulate(plan, { out: cli.dir, reject: ['db'], groups })).rejects.toThrow(
      [
        'Invalid options for drs-waves simulate (1 problem):',
        '- --reject: Wave "db" does not wait for approval (requireApproval); no wave of the plan waits for approval',
      ].join('\n'),
    );
    expect(await simulate(plan, { out: cli.dir, failServer, groups, storage: 'memory' })).toBe(1);
    expect(errors.at(-1)).toBe(
      'Drill FAILED: WaveFailed: Wave app failed: 1 critical server failed: s-00000000000000002 (InsufficientInstanceCapacity)',
    );
  });

  it('refuses to run on Node.js older than 22, saying which version runs, before anything else', async () => {
    expect(() => requireNode('simulate', '20.20.2')).toThrow(
      new CliError('simulate needs Node.js 22 or newer; this is Node.js 20.20.2', 1),
    );
    expect(() => requireNode('simulate', '22.0.0')).not.toThrow();
    expect(() => requireNode('simulate', '24.21.0')).not.toThrow();
    const real = process.versions.node;
    Object.defineProperty(process.versions, 'node', { value: '20.11.1' });
    try {
      const error = await simulate(threeTier, { out: cli.dir, storage: 'memory' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CliError);
      expect(report(error)).toBe(1);
      expect(errors).toStrictEqual([
        'drs-waves: simulate needs Node.js 22 or newer; this is Node.js 20.11.1',
      ]);
    } finally {
      Object.defineProperty(process.versions, 'node', { value: real });
    }
    expect(logs).toStrictEqual([]);
    await expect(readFile(join(cli.dir, 'drill-report.json'))).rejects.toThrow(/ENOENT/);
  });
});

describe('drs-waves validate', () => {
  it('prints stages, jobs, quota checks and the budget', async () => {
    expect(await validate(threeTier, {})).toBe(0);
    expect(logs).toContain('  database: 3 servers in 1 DRS job');
    expect(logs).toContain('  web: 4 servers in 1 DRS job (approval)');
    expect(logs.some((l) => /^ {2}largest history: \d+ events of 25,000/.test(l))).toBe(true);
    expect(logs.at(-1)).toBe('OK: no problems found.');
  });

  it('lists every problem and exits 1', async () => {
    const plan = join(cli.dir, 'plan.json');
    const groups = join(cli.dir, 'groups.json');
    const ids = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `s-${(from + i).toString(36).padStart(17, '0')}`);
    await writeFile(
      plan,
      JSON.stringify({
        id: 'wide',
        waves: [
          { id: 'a', servers: ids(0, 300) },
          { id: 'b', servers: ids(300, 300), dependsOn: [] },
          { id: 'c', protectionGroups: ['pg-big', 'pg-missing'], timeoutSeconds: 31_536_000 },
        ],
      }),
    );
    await writeFile(groups, JSON.stringify([{ id: 'pg-big', servers: ids(600, 501) }]));
    expect(await validate(plan, { groups })).toBe(1);
    expect(errors).toStrictEqual([
      '5 problems:',
      '- stages[1]: 600 servers may be in active jobs at once (waves in parallel), above the DRS quota of 500: lower wavesInParallel or split the stage',
      '- waves[c].protectionGroups: Unknown protection groups: pg-missing',
      '- waves[c]: 501 servers exceed the DRS quota of 500 servers in active jobs',
      "- waves[c]: Needs up to 9618527 history events, above Step Functions' 25000: shorten its timeout or poll less often",
      '- plan: May run 31550520 s, above the one-year limit of 31536000 s',
    ]);
  });
  it('refuses an options file with a misspelled option, suggesting the right one', async () => {
    const options = join(cli.dir, 'options.json');
    await writeFile(options, JSON.stringify({ pollIntervalSecs: 5 }));
    expect(await validate(threeTier, { options })).toBe(1);
    expect(errors.join('\n')).toContain(
      'pollIntervalSecs: Unknown field "pollIntervalSecs" (did you mean "pollIntervalSeconds"?)',
    );
  });

  it('says protection groups were not checked without --groups, rather than counting 0 servers', async () => {
    const plan = join(cli.dir, 'groups-plan.json');
    await writeFile(
      plan,
      JSON.stringify({
        id: 'grouped',
        waves: [
          { id: 'db', protectionGroups: ['pg-a', 'pg-b'] },
          {
            id: 'app',
            servers: ['s-00000000000000001'],
            protectionGroups: ['pg-c'],
            requireApproval: true,
          },
        ],
      }),
    );
    expect(await validate(plan, {})).toBe(0);
    expect(logs.slice(0, 5)).toStrictEqual([
      'Plan "grouped": 2 waves in 2 stages',
      'Stage 1:',
      '  db: 0 servers listed inline; protection groups pg-a, pg-b not checked: pass --groups',
      'Stage 2:',
      '  app: 1 server listed inline (1 DRS job; approval); protection groups pg-c not checked: pass --groups',
    ]);
    expect(logs.at(-1)).toBe(
      'OK: no problems found, but protection groups pg-a, pg-b, pg-c were not checked: pass --groups to count their servers against the DRS quotas.',
    );

    logs.length = 0;
    const groups = join(cli.dir, 'groups.json');
    await writeFile(
      groups,
      JSON.stringify([
        { id: 'pg-a', servers: ['s-00000000000000002'] },
        { id: 'pg-b', servers: ['s-00000000000000003'] },
        { id: 'pg-c', servers: ['s-00000000000000004'] },
      ]),
    );
    expect(await validate(plan, { groups })).toBe(0);
    expect(logs).toContain('  db: 2 servers in 1 DRS job');
    expect(logs).toContain('  app: 2 servers in 1 DRS job (approval)');
    expect(logs.at(-1)).toBe('OK: no problems found.');
  });
});

describe('drs-waves asl', () => {
  it('prints the definition with a CloudFormation substitution for the Lambda ARN', async () => {
    expect(await asl({})).toBe(0);
    expect(JSON.parse(logs.join('\n'))).toStrictEqual(
      buildPollingStateMachine({ lambdaArn: '$' + '{RouterFunctionArn}' }),
    );
  });

  it('applies an options file', async () => {
    const file = join(cli.dir, 'options.json');
    await writeFile(
      file,
      JSON.stringify({
        lambdaArn: 'arn:aws:lambda:eu-west-1:1:function:r',
        pollIntervalSeconds: 60,
      }),
    );
    expect(await asl({ options: file })).toBe(0);
    expect(JSON.parse(logs.join('\n'))).toStrictEqual(
      buildPollingStateMachine({
        lambdaArn: 'arn:aws:lambda:eu-west-1:1:function:r',
        pollIntervalSeconds: 60,
      }),
    );
  });
});
