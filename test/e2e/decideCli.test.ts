import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideFailure, type OperateContext, start, status } from '../../src/cli/commands/operate';
import { isDecisionRefusedError, parseRecoveryPlan } from '../../src/index';
import {
  type LocalDeployment,
  operateContextOf,
  STATE_MACHINE_ARN,
  startLocalDeployment,
} from '../helpers/localDeployment';
import { serverIds } from '../helpers/waves';

const [db1, app1, app2, web1] = serverIds(4);
const plan = parseRecoveryPlan({
  id: 'shop',
  onWaveFailure: 'DECIDE',
  waves: [
    { id: 'db', servers: [db1] },
    { id: 'app', servers: [app1, app2], dependsOn: ['db'] },
    { id: 'web', servers: [web1], dependsOn: ['app'] },
  ],
});

let deployment: LocalDeployment;
let transcript: string[];
let ctx: OperateContext;
const flags = () => ({ stateMachine: STATE_MACHINE_ARN, historyTable: deployment.stack.tableName });
const say = (command: string) => transcript.push(`$ drs-waves ${command}`);

beforeEach(async () => {
  deployment = await startLocalDeployment([plan]);
  deployment.stack.emulator.setFaults({ failLaunch: { [app2 ?? '']: 'Insufficient capacity' } });
  transcript = [];
  ctx = operateContextOf(deployment, (line) => transcript.push(line));
});
afterEach(async () => {
  await deployment.close();
});

/** Waits until the wave's failure waits for a decision, as an operator watching would. */
async function decisionRequested(executionId: string, waveId: string, attempt: number) {
  for (let i = 0; i < 1000; i += 1) {
    const decision = await deployment.stack.history.getDecision(executionId, waveId, attempt);
    if (decision?.status === 'PENDING') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`wave ${waveId} never asked for a decision`);
}

const appJobs = () =>
  deployment.stack.emulator
    .jobs()
    .map((j) => (j.participatingServers ?? []).map((s) => s.sourceServerID).sort())
    .filter((ids) => ids.some((id) => id === app1 || id === app2));

describe('drs-waves decide, on the local stack', () => {
  it('shows the failed wave waiting, retries it once the cause is fixed, and the drill succeeds', async () => {
    say('start shop --execution-id shop-1');
    expect(await start('shop', { ...flags(), executionId: 'shop-1' }, ctx)).toBe(0);
    await decisionRequested('shop-1', 'app', 1);

    say('status shop-1');
    expect(await status('shop-1', flags(), ctx)).toBe(0);
    expect(transcript.join('\n')).toMatch(
      /\n {2}app: AWAITING_DECISION \(attempt 1\), 1\/2 launched, 1 failed, /,
    );
    expect(transcript.join('\n')).toContain('  web: NOT_STARTED');

    // The operator fixed the capacity problem, then retries.
    deployment.stack.emulator.setFaults({});
    say('decide shop-1 app retry --by ops@example.com');
    expect(
      await decideFailure('shop-1', 'app', 'retry', { ...flags(), by: 'ops@example.com' }, ctx),
    ).toBe(0);
    expect(transcript.at(-1)).toBe('RETRY wave app of shop-1, attempt 1 (ops@example.com)');

    say('status shop-1 --watch --interval 1');
    expect(await status('shop-1', { ...flags(), watch: true, interval: '1' }, ctx)).toBe(0);
    expect(transcript.join('\n')).toContain('Execution shop-1: SUCCEEDED (DRILL of plan shop)');
    // The retry is a new DRS job holding exactly the failed critical server.
    expect(appJobs()).toStrictEqual([[app1, app2].sort(), [app2]]);
    const decisions = await deployment.stack.history.listDecisions('shop-1');
    expect(decisions).toMatchObject([
      { waveId: 'app', attempt: 1, status: 'RETRY', decidedBy: 'ops@example.com' },
    ]);
  });

  it('skips the wave from the command line: the execution succeeds listing it as skipped', async () => {
    expect(await start('shop', { ...flags(), executionId: 'shop-2' }, ctx)).toBe(0);
    await decisionRequested('shop-2', 'app', 1);
    expect(
      await decideFailure(
        'shop-2',
        'app',
        'skip',
        { ...flags(), by: 'ops@example.com', reason: 'app tier not needed for this drill' },
        ctx,
      ),
    ).toBe(0);
    expect(await status('shop-2', { ...flags(), watch: true, interval: '1' }, ctx)).toBe(0);
    const execution = await deployment.stack.history.getExecution('shop-2');
    expect(execution).toMatchObject({ status: 'SUCCEEDED', skippedWaveIds: ['app'] });
    expect((await deployment.stack.history.getWave('shop-2', 'app'))?.status).toBe('SKIPPED');
    expect(appJobs()).toStrictEqual([[app1, app2].sort()]);
  });

  it('refuses a decision on a wave that waits for none, naming it, and aborts from the command line', async () => {
    expect(await start('shop', { ...flags(), executionId: 'shop-3' }, ctx)).toBe(0);
    await decisionRequested('shop-3', 'app', 1);
    const refused = await decideFailure(
      'shop-3',
      'web',
      'retry',
      { ...flags(), by: 'ops@example.com' },
      ctx,
    ).catch((e: unknown) => e);
    expect(isDecisionRefusedError(refused)).toBe(true);
    expect((refused as Error).message).toBe(
      'Decision RETRY on wave "web" of execution "shop-3" refused: the wave waits for no failure decision',
    );
    expect(
      await decideFailure('shop-3', 'app', 'abort', { ...flags(), by: 'ops@example.com' }, ctx),
    ).toBe(0);
    // exit 1: the execution failed.
    expect(await status('shop-3', { ...flags(), watch: true, interval: '1' }, ctx)).toBe(1);
    expect((await deployment.stack.history.getExecution('shop-3'))?.status).toBe('FAILED');
  });
});
