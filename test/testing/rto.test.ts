import { describe, expect, it } from 'vitest';
import { parseRecoveryPlan } from '../../src/index';
import {
  renderDrillReportHtml,
  renderDrillReportMarkdown,
  simulateDrill,
} from '../../src/testing/index';
import { serverIds } from '../helpers/waves';

const plan = parseRecoveryPlan({
  id: 'rto',
  rtoMinutes: 60,
  waves: [
    // Two servers launch in about 9 minutes: within 30.
    { id: 'db', servers: serverIds(2), rtoMinutes: 30 },
    // Recovered after db, about 18 minutes from the start: not within 10.
    { id: 'app', servers: serverIds(2, 2), rtoMinutes: 10 },
    { id: 'web', servers: serverIds(1, 4) },
  ],
});

describe('recovery-time objectives in the drill report', () => {
  it('measures each wave and the plan from the execution start, met or missed', async () => {
    const { report } = await simulateDrill({ plan, storage: 'memory' });
    expect(report.status).toBe('SUCCEEDED');
    const [db, app, web] = report.waves;
    const start = Date.parse(report.startedAt);
    const lastEnd = (waveId: string) =>
      Math.max(
        ...report.servers
          .filter((s) => s.waveId === waveId)
          .map((s) => Date.parse(s.endedAt ?? '')),
      );
    expect(db?.recoveredAfterSeconds).toBe(Math.round((lastEnd('db') - start) / 1000));
    expect(db?.recoveredAfterSeconds).toBeLessThan(30 * 60);
    expect(app?.recoveredAfterSeconds).toBeGreaterThan(10 * 60);
    expect(web).toMatchObject({ waveId: 'web', recoveredAfterSeconds: expect.any(Number) });
    expect(web?.rtoMinutes).toBeUndefined();
    expect(report.plan.rtoMinutes).toBe(60);
    expect(report.recoveredAfterSeconds).toBe(web?.recoveredAfterSeconds);

    const md = renderDrillReportMarkdown(report);
    expect(md).toMatch(/\| Recovered after \| RTO \| RTO met \|/);
    const row = (waveId: string) => md.split('\n').find((l) => l.includes(`| ${waveId} |`)) ?? '';
    expect(row('db')).toMatch(/\| 30 min \| met \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \|$/);
    expect(row('app')).toMatch(/\| 10 min \| MISSED \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \|$/);
    expect(row('web')).toMatch(/\| — \| — \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \|$/);
    expect(md).toMatch(/\| Recovery time \| .* of an RTO of 1 h: met \|/);
    expect(renderDrillReportHtml(report)).toContain('RTO met');
  });

  it('counts a wave that never recovered as a miss', async () => {
    const failing = serverIds(1)[0] ?? '';
    const { report } = await simulateDrill({
      plan,
      storage: 'memory',
      faults: { failLaunch: { [failing]: 'InsufficientInstanceCapacity' } },
    });
    expect(report.status).toBe('FAILED');
    expect(report.waves[0]?.recoveredAfterSeconds).toBeUndefined();
    expect(report.recoveredAfterSeconds).toBeUndefined();
    const md = renderDrillReportMarkdown(report);
    expect(md.split('\n').find((l) => l.includes('| db |'))).toMatch(
      /\| — \| 30 min \| MISSED \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \|$/,
    );
    expect(md).toMatch(/\| Recovery time \| not recovered of an RTO of 1 h: MISSED \|/);
  });
});
