import { describe, expect, it } from 'vitest';
import { type ExecutionHistoryStore, parseRecoveryPlan } from '../../src/index';
import { simulateDrill } from '../../src/testing/index';
import { serverIds } from '../helpers/waves';

const [DB, APP, WEB] = serverIds(3) as [string, string, string];
const plan = parseRecoveryPlan({
  id: 'shop',
  waves: [
    { id: 'db', servers: [DB] },
    { id: 'app', servers: [APP, WEB] },
  ],
});

/** The plan run with the readiness check, DB disconnected from DRS. */
async function run(executionType: 'DRILL' | 'RECOVERY', overrideReadiness = false) {
  let history: ExecutionHistoryStore | undefined;
  const drill = await simulateDrill({
    plan,
    executionType,
    overrideReadiness,
    machine: { readinessCheck: true },
    emulator: { sourceServerSettings: { [DB]: { dataReplicationState: 'DISCONNECTED' } } },
    wrapHistory: (store) => {
      history = store;
      return store;
    },
  });
  const recorded = await history?.getExecution(drill.report.executionId);
  return { drill, readiness: recorded?.readiness };
}

describe('the readiness check before the first stage', () => {
  it('refuses a RECOVERY with a blocking finding before any DRS job, naming it', async () => {
    const { drill, readiness } = await run('RECOVERY');
    expect(drill.report.status).toBe('FAILED');
    expect(drill.report.error).toBe('ReadinessBlocked');
    expect(drill.report.cause).toMatch(
      new RegExp(
        `Plan shop is not ready for a RECOVERY \\(1 blocking finding; .*SOURCE_SERVER_DISCONNECTED ${DB} \\(db\\)`,
      ),
    );
    expect(drill.report.stats.drsCalls.StartRecovery).toBe(0);
    expect(drill.jobs).toHaveLength(0);
    expect(readiness).toMatchObject({ ready: false, blocking: 1 });
    expect(readiness?.findings[0]).toContain(`SOURCE_SERVER_DISCONNECTED ${DB} (db)`);
  });

  it('lets a drill go on with its findings recorded, and a RECOVERY started with overrideReadiness', async () => {
    const drill = await run('DRILL');
    expect(drill.drill.report.error).not.toBe('ReadinessBlocked');
    expect(drill.drill.report.stats.drsCalls.StartRecovery).toBeGreaterThan(0);
    expect(drill.readiness).toMatchObject({ ready: false, blocking: 1 });
    const overridden = await run('RECOVERY', true);
    expect(overridden.drill.report.error).not.toBe('ReadinessBlocked');
    expect(overridden.drill.report.stats.drsCalls.StartRecovery).toBeGreaterThan(0);
  });

  it('goes on when the plan is ready', async () => {
    let history: ExecutionHistoryStore | undefined;
    const drill = await simulateDrill({
      plan,
      executionType: 'RECOVERY',
      machine: { readinessCheck: true },
      wrapHistory: (store) => {
        history = store;
        return store;
      },
    });
    expect(drill.report.status).toBe('SUCCEEDED');
    expect(await history?.getExecution(drill.report.executionId)).toMatchObject({
      readiness: { ready: true, blocking: 0, findings: [] },
    });
  });
});
