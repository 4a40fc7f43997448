/**
 * How to test your own plan in your own test suite, before paying for a real drill.
 * Runs with vitest; any test runner works the same way.
 */
import { readFile } from 'node:fs/promises';
import { parseRecoveryPlan } from 'drs-waves';
import { simulateDrill } from 'drs-waves/testing';
import { describe, expect, it } from 'vitest';

const plan = parseRecoveryPlan(
  JSON.parse(await readFile(new URL('../plans/three-tier.json', import.meta.url), 'utf8')),
);

describe('the three-tier plan', () => {
  it('recovers every tier, in order', async () => {
    const { report } = await simulateDrill({ plan });
    expect(report.status).toBe('SUCCEEDED');
    const [db, app, web] = ['database', 'app', 'web'].map((id) =>
      report.waves.find((w) => w.waveId === id),
    );
    expect(app?.startedAt && db?.endedAt && app.startedAt >= db.endedAt).toBe(true);
    expect(web?.startedAt && app?.endedAt && web.startedAt >= app.endedAt).toBe(true);
    expect(report.servers.every((s) => s.verdict === 'LAUNCHED')).toBe(true);
  });

  it('survives an optional server failing, and stops at a critical one', async () => {
    const optional = await simulateDrill({
      plan,
      faults: { failLaunch: { 's-00000000000000003': 'InsufficientInstanceCapacity' } },
    });
    expect(optional.report.status).toBe('SUCCEEDED');

    const critical = await simulateDrill({
      plan,
      faults: { failLaunch: { 's-00000000000000004': 'InsufficientInstanceCapacity' } },
    });
    expect(critical.report.status).toBe('FAILED');
    expect(critical.report.cause).toContain('s-00000000000000004');
    expect(critical.report.waves.find((w) => w.waveId === 'web')?.status).toBe('NOT_STARTED');
  });

  it('keeps going through DRS throttling', async () => {
    const { report } = await simulateDrill({ plan, faults: { throttleRate: 0.1 }, seed: 11 });
    expect(report.status).toBe('SUCCEEDED');
    expect(report.stats.drsCalls.StartRecovery).toBeGreaterThanOrEqual(3);
  });
});
