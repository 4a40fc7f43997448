import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGroups } from '../../src/cli/internal';
import { parseRecoveryPlan } from '../../src/index';
import {
  renderDrillReportHtml,
  renderDrillReportMarkdown,
  simulateDrill,
} from '../../src/testing/index';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const plan = parseRecoveryPlan(
  JSON.parse(await readFile(join(examples, 'plans', 'multi-account.json'), 'utf8')),
);
const protectionGroups = await readGroups(
  join(examples, 'protection-groups', 'multi-account.json'),
);
const D = '111111111111';
const P = '222222222222';

/** `account region` of a DRS ARN. */
const whereOf = (arn: string | undefined) => {
  const [, , , region, account] = (arn ?? '').split(':');
  return `${account} ${region}`;
};

describe('simulating a plan across accounts and Regions', () => {
  it.each(['polling', 'events'] as const)(
    'runs every server in the DRS of its account and Region (%s)',
    async (completion) => {
      const { report, jobs } = await simulateDrill({
        plan,
        protectionGroups,
        seed: 4,
        machine: { completion },
      });
      expect(report.status).toBe('SUCCEEDED');
      // One job per (account, Region), each started in its own emulator.
      expect(jobs.map((j) => whereOf(j.arn)).sort()).toStrictEqual([
        `${D} eu-central-1`,
        `${D} eu-west-1`,
        '123456789012 us-east-1',
        `${P} eu-central-1`,
        `${P} eu-west-1`,
      ]);
      const jobAt = new Map(jobs.map((j) => [j.jobID, whereOf(j.arn)]));
      // Each server's job ran where the plan (or its protection group) puts it.
      for (const server of report.servers) {
        const expected = `${server.accountId ?? '123456789012'} ${server.region ?? 'us-east-1'}`;
        expect(jobAt.get(server.jobId), server.sourceServerId).toBe(expected);
        expect(server.ec2InstanceState, server.sourceServerId).toBe('RUNNING');
      }
      expect(
        report.servers.filter((s) => s.accountId === P && s.region === 'eu-central-1'),
      ).toHaveLength(2);
      expect(report.targets).toStrictEqual([
        {
          waveIds: ['directory'],
          jobIds: [jobs.find((j) => whereOf(j.arn).startsWith('1234'))?.jobID],
          serverCount: 2,
          launched: 2,
          failed: 0,
        },
        expect.objectContaining({ accountId: D, region: 'eu-central-1', serverCount: 3 }),
        expect.objectContaining({ accountId: D, region: 'eu-west-1', serverCount: 2 }),
        expect.objectContaining({ accountId: P, region: 'eu-central-1', serverCount: 2 }),
        expect.objectContaining({ accountId: P, region: 'eu-west-1', serverCount: 4 }),
      ]);

      const md = renderDrillReportMarkdown(report);
      expect(md).toContain(
        [
          '## Accounts and Regions',
          '',
          '| Account | Region | Waves | DRS jobs | Servers | Launched | Failed |',
          '| --- | --- | --- | ---: | ---: | ---: | ---: |',
          '| (orchestrator) | (orchestrator) | directory | 1 | 2 | 2 | 0 |',
          `| ${D} | eu-central-1 | data | 1 | 3 | 3 | 0 |`,
          `| ${D} | eu-west-1 | data | 1 | 2 | 2 | 0 |`,
          `| ${P} | eu-central-1 | app | 1 | 2 | 2 | 0 |`,
          `| ${P} | eu-west-1 | app | 1 | 4 | 4 | 0 |`,
        ].join('\n'),
      );
      // Each server's row says where it ran.
      expect(md).toContain(
        '| Server | Wave | Account | Region | Impact | Verdict | Recovery instance |',
      );
      for (const server of report.servers) {
        expect(md).toContain(
          `| ${server.sourceServerId} | ${server.waveId} | ${server.accountId ?? '(orchestrator)'} | ${server.region ?? '(orchestrator)'} | ${server.impact} |`,
        );
      }
      const html = renderDrillReportHtml(report);
      expect(html).toContain('<h2>Accounts and Regions</h2>');
      expect(html).toContain(`<td>${P}</td>`);
    },
  );

  it('keeps a plan of one account as it was: no targets, no STS', async () => {
    const single = parseRecoveryPlan({
      id: 'one',
      waves: [{ id: 'w', servers: ['s-00000000000000001'] }],
    });
    const { report } = await simulateDrill({ plan: single });
    expect(report.targets).toBeUndefined();
    expect(report.servers[0]?.accountId).toBeUndefined();
    expect(renderDrillReportMarkdown(report)).not.toContain('Accounts and Regions');
  });
});
