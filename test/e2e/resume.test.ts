import { DrsClient } from '@aws-sdk/client-drs';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OperateContext, resume, start, status } from '../../src/cli/commands/operate';
import {
  createControlPlane,
  createDrsAdapter,
  isRecoveryNotConfirmedError,
  isResumeRefusedError,
  parseRecoveryPlan,
  type ResumeRefusedError,
} from '../../src/index';
import { buildDrillReport, renderDrillReportMarkdown } from '../../src/report/index';
import { controlPlane, execution } from '../control/helpers';
import {
  type LocalDeployment,
  operateContextOf,
  STATE_MACHINE_ARN,
  startLocalDeployment,
} from '../helpers/localDeployment';
import { serverIds } from '../helpers/waves';

const [db1, app1, app2, web1, web2] = serverIds(5);
// db, then app and web in parallel (one stage), then report: app fails, web completes.
const plan = parseRecoveryPlan({
  id: 'shop',
  waves: [
    { id: 'db', servers: [db1] },
    { id: 'app', servers: [app1, app2], dependsOn: ['db'] },
    { id: 'web', servers: [web1], dependsOn: ['db'] },
    { id: 'edge', servers: [web2], dependsOn: ['app', 'web'] },
  ],
});

let deployment: LocalDeployment;
let transcript: string[];
let ctx: OperateContext;
const flags = () => ({ stateMachine: STATE_MACHINE_ARN, historyTable: deployment.stack.tableName });

beforeEach(async () => {
  deployment = await startLocalDeployment([plan]);
  transcript = [];
  ctx = operateContextOf(deployment, (line) => transcript.push(line));
});
afterEach(async () => {
  await deployment.close();
});

/** The servers of each DRS job the emulator ran, in start order. */
const jobs = () =>
  deployment.stack.emulator
    .jobs()
    .map((j) => (j.participatingServers ?? []).map((s) => s.sourceServerID).sort());

const refusal = async (promise: Promise<unknown>): Promise<ResumeRefusedError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isResumeRefusedError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
};

/** Runs shop-1 to its failure: app2 fails to launch. */
async function failedFirst() {
  deployment.stack.emulator.setFaults({ failLaunch: { [app2 ?? '']: 'Insufficient capacity' } });
  expect(await start('shop', { ...flags(), executionId: 'shop-1' }, ctx)).toBe(0);
  expect(await status('shop-1', { ...flags(), watch: true, interval: '1' }, ctx)).toBe(1);
  deployment.stack.emulator.setFaults({});
}

describe('resuming a failed execution from a wave, on the local stack', () => {
  it('runs only what is left: app relaunches only its failed server, web (completed) never runs again', async () => {
    await failedFirst();
    expect(jobs()).toStrictEqual([[db1], [app1, app2].sort(), [web1]]);

    transcript.push('$ drs-waves resume shop-1 --from app --execution-id shop-2');
    expect(await resume('shop-1', { ...flags(), from: 'app', executionId: 'shop-2' }, ctx)).toBe(0);
    expect(transcript.at(-2)).toBe('Resumed shop-1 from wave app: execution shop-2');
    expect(await status('shop-2', { ...flags(), watch: true, interval: '1' }, ctx)).toBe(0);

    // One new job for app holding app2 alone, then edge; db, app1 and web never again.
    expect(jobs()).toStrictEqual([[db1], [app1, app2].sort(), [web1], [app2], [web2]]);
    const history = deployment.stack.history;
    expect(await history.getExecution('shop-1')).toMatchObject({
      status: 'FAILED',
      resumedBy: 'shop-2',
    });
    expect(await history.getExecution('shop-2')).toMatchObject({
      status: 'SUCCEEDED',
      resumedFrom: { executionId: 'shop-1', waveId: 'app' },
      waveIds: ['app', 'edge'],
    });

    // The report of the newest follows the chain back: one recovery, each wave by its runner.
    const report = await buildDrillReport({ history, executionId: 'shop-2' });
    expect(
      report.executions?.map((e) => [e.executionId, e.status, e.resumedFromWaveId]),
    ).toStrictEqual([
      ['shop-1', 'FAILED', undefined],
      ['shop-2', 'SUCCEEDED', 'app'],
    ]);
    expect(report.startedAt).toBe((await history.getExecution('shop-1'))?.startedAt);
    expect(report.waves.map((w) => [w.waveId, w.executionId, w.status, w.launched])).toStrictEqual([
      ['db', 'shop-1', 'COMPLETED', 1],
      ['app', 'shop-2', 'COMPLETED', 1],
      ['web', 'shop-1', 'COMPLETED', 1],
      ['edge', 'shop-2', 'COMPLETED', 1],
    ]);
    // Every server once, launched: app1 by shop-1, app2 by shop-2.
    expect(report.servers.filter((s) => s.verdict === 'LAUNCHED')).toHaveLength(5);
    const markdown = renderDrillReportMarkdown(report);
    expect(markdown).toContain('| Stage | Wave | Execution | Status |');
    expect(markdown).toMatch(/\| 2 \| app \| shop-2 \| COMPLETED \|/);
  });

  it('refuses, naming the value: a wave after the first unfinished one, an unknown wave, a succeeded or already resumed execution', async () => {
    await failedFirst();
    const control = createControlPlane({
      sfn: deployment.sfn,
      stateMachineArn: STATE_MACHINE_ARN,
      history: deployment.stack.history,
      drs: createDrsAdapter(new DrsClient(deployment.stack.emulator.clientConfig())),
    });
    const after = await refusal(
      control.resumeExecution({ executionId: 'shop-1', fromWaveId: 'edge' }),
    );
    expect(after.reason).toBe('AFTER_UNFINISHED_WAVE');
    expect(after.message).toBe(
      'Resume of execution "shop-1" from wave "edge" refused: it comes after wave "app", which did not complete: resume from it or before',
    );
    const unknown = await refusal(
      control.resumeExecution({ executionId: 'shop-1', fromWaveId: 'cache' }),
    );
    expect(unknown.reason).toBe('UNKNOWN_WAVE');
    expect(unknown.message).toContain('"cache"');

    // From db: db completed, so it is left out, and the resume is the same as from app.
    expect(
      await control.resumeExecution({
        executionId: 'shop-1',
        fromWaveId: 'db',
        newExecutionId: 'shop-2',
      }),
    ).toMatchObject({ executionId: 'shop-2', alreadyStarted: false });
    expect(await status('shop-2', { ...flags(), watch: true, interval: '1' }, ctx)).toBe(0);
    expect(jobs().filter((ids) => ids.includes(db1 ?? ''))).toHaveLength(1);

    const succeeded = await refusal(
      control.resumeExecution({ executionId: 'shop-2', fromWaveId: 'app' }),
    );
    expect(succeeded.reason).toBe('NOT_FAILED');
    expect(succeeded.message).toContain('it is SUCCEEDED');
    const again = await refusal(
      control.resumeExecution({
        executionId: 'shop-1',
        fromWaveId: 'app',
        newExecutionId: 'shop-3',
      }),
    );
    expect(again.reason).toBe('ALREADY_RESUMED');
    expect(again.message).toContain('"shop-2"');
  });
});

describe('resumeExecution', () => {
  it('still needs confirmRecovery for a RECOVERY, and starts nothing without it', async () => {
    const { control, sfn, history } = controlPlane();
    await history.createExecution(
      execution('e1', {
        executionType: 'RECOVERY',
        status: 'FAILED',
        stages: [
          [
            {
              waveId: 'db',
              requireApproval: false,
              timeoutSeconds: 600,
              maxPolls: 22,
              requirePostLaunchActions: false,
            },
          ],
        ],
        waveIds: ['db'],
      }),
    );
    const error = await control
      .resumeExecution({ executionId: 'e1', fromWaveId: 'db' })
      .catch((e: unknown) => e);
    expect(isRecoveryNotConfirmedError(error)).toBe(true);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);

    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x' });
    await control.resumeExecution({
      executionId: 'e1',
      fromWaveId: 'db',
      newExecutionId: 'e2',
      confirmRecovery: 'shop',
    });
    expect(
      JSON.parse(String(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input)),
    ).toStrictEqual({
      planId: 'shop',
      executionType: 'RECOVERY',
      confirmRecovery: 'shop',
      resumeFrom: { executionId: 'e1', waveId: 'db' },
    });
  });
});
