import { describe, expect, it } from 'vitest';
import { estimateExecutionBudget, MAX_WAVE_ATTEMPTS, parseRecoveryPlan } from '../../src/index';
import { renderDrillReportHtml, renderDrillReportMarkdown } from '../../src/report/index';
import { type SimulatedDecisionRequest, simulateDrill } from '../../src/testing/index';
import { serverIds } from '../helpers/waves';

const [db1, db2, app1, app2, app3, web1] = serverIds(6);

/** db, then app (two critical servers and an optional one), then web; app decides its failure. */
const plan = (decisionTimeoutSeconds?: number) =>
  parseRecoveryPlan({
    id: 'shop',
    onWaveFailure: 'DECIDE',
    ...(decisionTimeoutSeconds === undefined ? {} : { decisionTimeoutSeconds }),
    waves: [
      { id: 'db', servers: [db1, db2], onWaveFailure: 'ABORT' },
      {
        id: 'app',
        servers: [
          { sourceServerId: app1, impact: 'CRITICAL' },
          { sourceServerId: app2, impact: 'CRITICAL' },
          { sourceServerId: app3, impact: 'OPTIONAL' },
        ],
      },
      { id: 'web', servers: [web1] },
    ],
  });

/** The app wave's first launch fails app1 (critical) and app3 (optional). */
const faults = { failLaunch: { [app1 ?? '']: 'Insufficient capacity', [app3 ?? '']: 'Boom' } };

const jobServers = (jobs: Awaited<ReturnType<typeof simulateDrill>>['jobs']) =>
  jobs.map((j) => (j.participatingServers ?? []).map((s) => s.sourceServerID).sort());

describe('failure decisions, end to end on the local runner and the DRS emulator', () => {
  it('retries only the failed critical servers as a new DRS job of the wave, then succeeds', async () => {
    const asked: { waveId: string; attempt: number }[] = [];
    const drill = await simulateDrill({
      plan: plan(),
      faults,
      decide: ({ waveId, attempt, emulator }: SimulatedDecisionRequest) => {
        asked.push({ waveId, attempt });
        // The operator fixed the capacity problem, then retries.
        emulator.setFaults({});
        return 'retry';
      },
    });
    expect(drill.result.status).toBe('SUCCEEDED');
    expect(asked).toStrictEqual([{ waveId: 'app', attempt: 1 }]);
    // db, app's first job, app's retry (only app1: app2 launched, app3 is optional), web.
    expect(jobServers(drill.jobs)).toStrictEqual([
      [db1, db2].sort(),
      [app1, app2, app3].sort(),
      [app1],
      [web1],
    ]);
    const app = drill.report.waves.find((w) => w.waveId === 'app');
    expect(app).toMatchObject({ status: 'COMPLETED', launched: 2, failed: 1 });
    expect(drill.report.status).toBe('SUCCEEDED');
    expect(drill.report.decisions).toMatchObject([
      { waveId: 'app', attempt: 1, status: 'RETRY', decidedBy: 'simulateDrill' },
    ]);
    expect(app?.attempts).toBe(2);
    const markdown = renderDrillReportMarkdown(drill.report);
    expect(markdown).toContain('## Failure decisions');
    expect(markdown).toMatch(/\| app \| 1 \| WaveFailed \| RETRY \| simulateDrill \| \+/);
    expect(markdown).toMatch(/\| 2 \| app \| COMPLETED \| 2 \| 3 \| 2 \| 1 \|/);
    expect(renderDrillReportHtml(drill.report)).toContain('<h2>Failure decisions</h2>');
  });

  it('retries a point-in-time wave from the snapshots first chosen, never from the latest data', async () => {
    // The emulator's clock starts at 2026-01-01T00:00Z with three hours of snapshots behind it.
    const before = '2025-12-31T22:00:00Z';
    const drill = await simulateDrill({
      plan: plan(),
      faults,
      recoveryPoint: { before },
      decide: ({ emulator }) => {
        emulator.setFaults({});
        return 'retry';
      },
    });
    expect(drill.result.status).toBe('SUCCEEDED');
    expect(jobServers(drill.jobs)[2]).toStrictEqual([app1]);
    const retried = drill.report.servers.find((s) => s.sourceServerId === app1);
    // Relaunched by the retry from the snapshot its first attempt chose, at or before the point.
    expect(retried).toMatchObject({ verdict: 'LAUNCHED', snapshotChosenBy: 'BEFORE' });
    expect(retried?.recoverySnapshotId).toMatch(/^pit-/);
    expect(Date.parse(retried?.snapshotAt ?? '')).toBeLessThanOrEqual(Date.parse(before));
    for (const server of drill.report.servers.filter((s) => s.verdict === 'LAUNCHED')) {
      expect(Date.parse(server.snapshotAt ?? ''), server.sourceServerId).toBeLessThanOrEqual(
        Date.parse(before),
      );
    }
  });

  it('fails again when the retry fails, and asks again; the second abort fails the execution', async () => {
    const asked: number[] = [];
    const drill = await simulateDrill({
      plan: plan(),
      faults,
      decide: ({ attempt }) => {
        asked.push(attempt);
        return attempt === 1 ? 'retry' : 'abort';
      },
    });
    expect(asked).toStrictEqual([1, 2]);
    expect(drill.result.status).toBe('FAILED');
    // The retry relaunched app1 alone, which failed again; web never started.
    expect(jobServers(drill.jobs)).toStrictEqual([
      [db1, db2].sort(),
      [app1, app2, app3].sort(),
      [app1],
    ]);
    expect(drill.report.decisions?.map((d) => [d.attempt, d.status])).toStrictEqual([
      [1, 'RETRY'],
      [2, 'ABORT'],
    ]);
  });

  it(`retries at most ${MAX_WAVE_ATTEMPTS - 1} times: past the last attempt a retry is refused and the wave aborts`, async () => {
    const asked: number[] = [];
    const drill = await simulateDrill({
      plan: plan(),
      faults,
      decide: ({ attempt }) => {
        asked.push(attempt);
        return 'retry';
      },
    });
    expect(asked).toStrictEqual([1, 2, 3]);
    expect(drill.result.status).toBe('FAILED');
    expect(jobServers(drill.jobs)).toStrictEqual([
      [db1, db2].sort(),
      [app1, app2, app3].sort(),
      [app1],
      [app1],
    ]);
    expect(drill.report.decisions?.map((d) => [d.attempt, d.status])).toStrictEqual([
      [1, 'RETRY'],
      [2, 'RETRY'],
      [3, 'ABORT'],
    ]);
    // Every attempt and decision is within what the budget counts for the wave, and above what
    // it counts for the same wave without decisions.
    const budget = estimateExecutionBudget(plan());
    const abortBudget = estimateExecutionBudget({ ...plan(), onWaveFailure: 'ABORT' });
    const measured = drill.result.stats.waveHistoryEvents;
    const app = budget.waves.find((w) => w.execution === 'app');
    const appEvents = Object.entries(measured).find(([key]) => key.includes('app'))?.[1] ?? 0;
    expect(appEvents).toBeGreaterThan(0);
    expect(appEvents).toBeLessThanOrEqual(app?.historyEvents ?? 0);
    expect(app?.historyEvents ?? 0).toBeGreaterThan(
      abortBudget.waves.find((w) => w.execution === 'app')?.historyEvents ?? 0,
    );
  });

  it('skips the failed wave: the next stage runs and the execution succeeds with the wave listed as skipped', async () => {
    const drill = await simulateDrill({ plan: plan(), faults, decide: () => 'skip' });
    expect(drill.result.status).toBe('SUCCEEDED');
    expect(jobServers(drill.jobs)).toStrictEqual([
      [db1, db2].sort(),
      [app1, app2, app3].sort(),
      [web1],
    ]);
    expect(drill.report.waves.find((w) => w.waveId === 'app')?.status).toBe('SKIPPED');
    expect(drill.report.skippedWaveIds).toStrictEqual(['app']);
  });

  it('aborts: the execution fails with the wave failure, as without a decision', async () => {
    const drill = await simulateDrill({ plan: plan(), faults, decide: () => 'abort' });
    expect(drill.result.status).toBe('FAILED');
    expect(drill.result.error).toBe('WaveFailed');
    expect(jobServers(drill.jobs)).toHaveLength(2);
    expect(drill.report.decisions?.map((d) => d.status)).toStrictEqual(['ABORT']);
  });

  it('aborts when no decision comes within the decision timeout, and records the timeout', async () => {
    const drill = await simulateDrill({ plan: plan(600), faults, decide: () => 'timeout' });
    expect(drill.result.status).toBe('FAILED');
    expect(drill.result.error).toBe('WaveFailed');
    expect(drill.report.decisions?.map((d) => d.status)).toStrictEqual(['TIMED_OUT']);
  });

  it('never asks for a wave that aborts on failure', async () => {
    const asked: string[] = [];
    const drill = await simulateDrill({
      plan: plan(),
      faults: { failLaunch: { [db1 ?? '']: 'Boom' } },
      decide: ({ waveId }) => {
        asked.push(waveId);
        return 'retry';
      },
    });
    expect(drill.result.status).toBe('FAILED');
    expect(asked).toStrictEqual([]);
  });
});
