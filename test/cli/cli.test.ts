import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asl } from '../../src/cli/commands/asl';
import { simulate } from '../../src/cli/commands/simulate';
import { validate } from '../../src/cli/commands/validate';
import { buildPollingStateMachine } from '../../src/index';
import type { DrillReport } from '../../src/testing/index';

const threeTier = join(import.meta.dirname, '..', '..', 'examples', 'plans', 'three-tier.json');
let out: string;
let logs: string[];
let errors: string[];

beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'drs-waves-cli-'));
  logs = [];
  errors = [];
  vi.spyOn(console, 'log').mockImplementation(
    (...args: unknown[]) => void logs.push(args.join(' ')),
  );
  vi.spyOn(console, 'error').mockImplementation(
    (...args: unknown[]) => void errors.push(args.join(' ')),
  );
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(out, { recursive: true, force: true });
});

const readReport = async () =>
  JSON.parse(await readFile(join(out, 'drill-report.json'), 'utf8')) as DrillReport;

describe('drs-waves simulate', () => {
  it('runs the three-tier drill, prints progress and a summary, writes three reports', async () => {
    const code = await simulate(threeTier, { out, storage: 'dynalite' });
    expect(code).toBe(0);
    const report = await readReport();
    expect(report).toMatchObject({ status: 'SUCCEEDED', executionType: 'DRILL', seed: 1 });
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
    const md = await readFile(join(out, 'drill-report.md'), 'utf8');
    const html = await readFile(join(out, 'drill-report.html'), 'utf8');
    expect(md).toContain('three-tier');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
  });

  it('exits 1 with the reason when a critical server fails, the same way for the same seed', async () => {
    const flags = {
      out,
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
    expect({ ...second, wallSeconds: 0 }).toStrictEqual({ ...first, wallSeconds: 0 });
  });

  it('fails a rejected wave, and times out a stuck server', async () => {
    expect(await simulate(threeTier, { out, reject: ['web'], storage: 'memory' })).toBe(1);
    expect(errors.at(-1)).toMatch(/^Drill FAILED: ApprovalRejected: Wave web failed: /);
    expect(
      await simulate(threeTier, { out, stuckServer: ['s-00000000000000001'], storage: 'memory' }),
    ).toBe(1);
    expect(errors.at(-1)).toMatch(
      /^Drill FAILED: WaveTimeout: Wave database did not finish within 3600 s/,
    );
  });

  it('rehearses a RECOVERY only with --recovery, saying so', async () => {
    expect(await simulate(threeTier, { out, recovery: true, storage: 'memory' })).toBe(0);
    expect((await readReport()).executionType).toBe('RECOVERY');
    expect(logs[1]).toContain('--recovery rehearses a real RECOVERY against the emulator');
  });

  it('refuses bad flags, listing every problem, before running anything', async () => {
    await expect(
      simulate(threeTier, {
        out,
        seed: 'x',
        throttleRate: '2',
        pollInterval: '0',
        storage: 'disk',
      }),
    ).rejects.toThrow(
      [
        'Invalid options for drs-waves simulate (4 problems):',
        '- --seed: Expected an integer from 0 to 2147483647, got "x"',
        '- --throttle-rate: Expected a number from 0 to 1, got "2"',
        '- --poll-interval: Expected an integer from 1 to 3600, got "0"',
        '- --storage: Expected "memory" or "dynalite", got "disk"',
      ].join('\n'),
    );
    expect(logs).toStrictEqual([]);
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
    const plan = join(out, 'plan.json');
    const groups = join(out, 'groups.json');
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
      "- waves[c]: Needs up to 11720927 history events, above Step Functions' 25000: shorten its timeout or poll less often",
      '- plan: May run 31550520 s, above the one-year limit of 31536000 s',
    ]);
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
    const file = join(out, 'options.json');
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
