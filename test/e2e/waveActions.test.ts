import { describe, expect, it } from 'vitest';
import { type LambdaActionInput, parseRecoveryPlan } from '../../src/index';
import { renderDrillReportHtml, renderDrillReportMarkdown } from '../../src/report/index';
import { clientToken } from '../../src/router/internal/waveActions';
import {
  type LocalLambdaHook,
  type LocalRunbook,
  type SimulatedDrill,
  simulateDrill,
} from '../../src/testing/index';
import { serverIds } from '../helpers/waves';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:drain';
const DOC = 'MyApp-HealthCheck';
const servers = serverIds(2);

/** One wave of two servers with `action` before or after its launch, and a wait after it. */
function run(
  phase: 'before' | 'after',
  action: Record<string, unknown>,
  local: {
    hook?: LocalLambdaHook;
    runbook?: LocalRunbook;
    approve?: 'approve' | 'reject' | 'timeout';
  } = {},
): Promise<SimulatedDrill> {
  const plan = parseRecoveryPlan({
    id: 'acts',
    waves: [
      {
        id: 'app',
        servers,
        [phase]: [action],
        ...(phase === 'after' ? {} : { after: [{ type: 'wait', seconds: 30 }] }),
      },
    ],
  });
  return simulateDrill({
    plan,
    ...(local.hook ? { lambdaHooks: { [FN]: local.hook } } : {}),
    ...(local.runbook ? { runbooks: { [DOC]: local.runbook } } : {}),
    approve: () => local.approve ?? 'approve',
  });
}

const outcomes = (drill: SimulatedDrill) =>
  (drill.report.actions ?? []).map((a) => [a.phase, a.index, a.label, a.outcome]);
const launched = (drill: SimulatedDrill) =>
  drill.jobs.flatMap((j) => j.participatingServers ?? []).length;

describe('wave actions, end to end on the local runner', () => {
  describe('lambda', () => {
    it('invokes the function before the launch with the execution and wave, then launches', async () => {
      const events: LambdaActionInput[] = [];
      const drill = await run(
        'before',
        { type: 'lambda', functionArn: FN, timeoutSeconds: 60, payload: { pool: 'blue' } },
        { hook: { durationSeconds: 20, handler: (e) => events.push(e) } },
      );
      expect(drill.report.status).toBe('SUCCEEDED');
      expect(events).toStrictEqual([
        {
          executionId: 'acts-sim-1',
          planId: 'acts',
          executionType: 'DRILL',
          waveId: 'app',
          phase: 'before',
          index: 0,
          timeoutSeconds: 60,
          payload: { pool: 'blue' },
        },
      ]);
      expect(outcomes(drill)).toStrictEqual([
        ['before', 0, 'lambda drain', 'SUCCEEDED'],
        ['after', 0, 'wait 30 s', 'SUCCEEDED'],
      ]);
      // The function's 20 virtual seconds passed before the wave started.
      const [fn] = drill.report.actions ?? [];
      expect(Date.parse(fn?.endedAt ?? '') - Date.parse(fn?.startedAt ?? '')).toBe(20_000);
      expect(Date.parse(drill.report.waves[0]?.startedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(fn?.endedAt ?? ''),
      );
      expect(launched(drill)).toBe(2);
    });

    it('passes each server and its recovery instance after the launch', async () => {
      const events: LambdaActionInput[] = [];
      const drill = await run(
        'after',
        { type: 'lambda', functionArn: FN },
        { hook: { handler: (e) => events.push(e) } },
      );
      expect(drill.report.status).toBe('SUCCEEDED');
      const instances = new Map(
        drill.report.servers.map((s) => [s.sourceServerId, s.recoveryInstanceId]),
      );
      expect(events[0]?.servers).toStrictEqual(
        servers.map((id) => ({
          sourceServerId: id,
          verdict: 'LAUNCHED',
          recoveryInstanceId: instances.get(id),
        })),
      );
    });

    it('fails the wave before any DRS call when it fails under FAIL', async () => {
      const drill = await run(
        'before',
        { type: 'lambda', functionArn: FN },
        {
          hook: {
            handler: () => {
              throw new Error('Load balancer drs-blue not found');
            },
          },
        },
      );
      expect(drill.report.status).toBe('FAILED');
      expect(drill.report.error).toBe('ActionFailed');
      expect(drill.report.cause).toContain(
        'Action before[0] (lambda drain) of wave app failed: Load balancer drs-blue not found',
      );
      expect(launched(drill)).toBe(0);
      expect(outcomes(drill)).toStrictEqual([['before', 0, 'lambda drain', 'FAILED']]);
    });

    it('records the failure and goes on under CONTINUE', async () => {
      const drill = await run(
        'before',
        { type: 'lambda', functionArn: FN, onFailure: 'CONTINUE' },
        {
          hook: {
            handler: () => {
              throw new Error('boom');
            },
          },
        },
      );
      expect(drill.report.status).toBe('SUCCEEDED');
      expect(launched(drill)).toBe(2);
      expect(drill.report.actions?.[0]).toMatchObject({ outcome: 'FAILED', cause: 'boom' });
    });

    it('times out a function slower than its timeout, and fails a missing one', async () => {
      const slow = await run(
        'before',
        { type: 'lambda', functionArn: FN, timeoutSeconds: 30 },
        { hook: { durationSeconds: 31 } },
      );
      expect(slow.report.status).toBe('FAILED');
      expect(slow.report.cause).toContain('Action before[0] (lambda drain) of wave app timed out');
      expect(outcomes(slow)).toStrictEqual([['before', 0, 'lambda drain', 'TIMED_OUT']]);
      const missing = await run('before', { type: 'lambda', functionArn: FN });
      expect(missing.report.actions?.[0]).toMatchObject({
        outcome: 'FAILED',
        error: 'Lambda.ResourceNotFoundException',
      });
    });
  });

  describe('ssmAutomation', () => {
    it('starts the runbook on the recovery instances after the launch and follows it to Success', async () => {
      const drill = await run(
        'after',
        {
          type: 'ssmAutomation',
          documentName: DOC,
          parameters: { Port: ['443'] },
          targetParameter: 'InstanceIds',
          timeoutSeconds: 900,
        },
        { runbook: { outcome: 'Success', durationSeconds: 100 } },
      );
      expect(drill.report.status).toBe('SUCCEEDED');
      expect(outcomes(drill)).toStrictEqual([['after', 0, `ssmAutomation ${DOC}`, 'SUCCEEDED']]);
      const [automation] = drill.automations;
      expect(automation?.parameters).toStrictEqual({
        Port: ['443'],
        InstanceIds: drill.report.servers.map((s) => s.recoveryInstanceId),
      });
      // SSM's idempotency token: the same for every attempt of this action of this execution.
      expect(automation?.clientToken).toBe(clientToken('acts-sim-1', 'app', 'after', 0));
      expect(automation?.clientToken).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(clientToken('acts-sim-1', 'app', 'after', 1)).not.toBe(automation?.clientToken);
      expect(automation?.tags).toStrictEqual({
        'drs-waves:execution': 'acts-sim-1',
        'drs-waves:wave': 'app',
      });
      // Followed every 15 s until it ended: done within one check of its 100 s.
      const [action] = drill.report.actions ?? [];
      const took = (Date.parse(action?.endedAt ?? '') - Date.parse(action?.startedAt ?? '')) / 1000;
      expect(took).toBeGreaterThanOrEqual(100);
      expect(took).toBeLessThanOrEqual(115);
    });

    it('fails the wave on a failed runbook under FAIL, and goes on under CONTINUE', async () => {
      const action = { type: 'ssmAutomation', documentName: DOC };
      const failed = await run('after', action, { runbook: { outcome: 'Failed' } });
      expect(failed.report.status).toBe('FAILED');
      expect(failed.report.cause).toMatch(
        /Action after\[0\] \(ssmAutomation MyApp-HealthCheck\) of wave app failed: Automation .* ended Failed/,
      );
      const going = await run(
        'after',
        { ...action, onFailure: 'CONTINUE' },
        { runbook: { outcome: 'Failed' } },
      );
      expect(going.report.status).toBe('SUCCEEDED');
      expect(outcomes(going)).toStrictEqual([['after', 0, `ssmAutomation ${DOC}`, 'FAILED']]);
    });

    it('stops a runbook that never ends at its timeout', async () => {
      const drill = await run(
        'after',
        { type: 'ssmAutomation', documentName: DOC, timeoutSeconds: 120 },
        { runbook: { outcome: 'never' } },
      );
      expect(drill.report.status).toBe('FAILED');
      expect(outcomes(drill)).toStrictEqual([['after', 0, `ssmAutomation ${DOC}`, 'TIMED_OUT']]);
      expect(drill.automations[0]?.stoppedAt).toBeInstanceOf(Date);
    });
  });

  describe('wait', () => {
    it('waits its seconds on the clock before the launch', async () => {
      const drill = await run('before', { type: 'wait', seconds: 600 });
      expect(drill.report.status).toBe('SUCCEEDED');
      const [wait] = drill.report.actions ?? [];
      expect(Date.parse(wait?.endedAt ?? '') - Date.parse(wait?.startedAt ?? '')).toBe(600_000);
      expect(Date.parse(drill.report.waves[0]?.startedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(wait?.endedAt ?? ''),
      );
    });
  });

  describe('approval', () => {
    it('waits for the decision: approved goes on, rejected fails, CONTINUE goes on past it, no answer times out', async () => {
      const approved = await run('before', { type: 'approval' });
      expect(approved.report.status).toBe('SUCCEEDED');
      expect(outcomes(approved)[0]).toStrictEqual(['before', 0, 'approval', 'SUCCEEDED']);

      const rejected = await run('before', { type: 'approval' }, { approve: 'reject' });
      expect(rejected.report.status).toBe('FAILED');
      expect(rejected.report.cause).toContain('Action before[0] (approval) of wave app failed');
      expect(launched(rejected)).toBe(0);

      const continued = await run(
        'before',
        { type: 'approval', onFailure: 'CONTINUE' },
        { approve: 'reject' },
      );
      expect(continued.report.status).toBe('SUCCEEDED');
      expect(launched(continued)).toBe(2);

      const ignored = await run(
        'before',
        { type: 'approval', timeoutSeconds: 3600 },
        { approve: 'timeout' },
      );
      expect(ignored.report.status).toBe('FAILED');
      expect(outcomes(ignored)).toStrictEqual([['before', 0, 'approval', 'TIMED_OUT']]);
      const [action] = ignored.report.actions ?? [];
      expect(Date.parse(action?.endedAt ?? '') - Date.parse(action?.startedAt ?? '')).toBe(
        3_600_000,
      );
    });
  });

  it('shows every action in the report: a table and a bar on its wave', async () => {
    const drill = await run(
      'after',
      { type: 'ssmAutomation', documentName: DOC, onFailure: 'CONTINUE' },
      { runbook: { outcome: 'Failed' } },
    );
    const md = renderDrillReportMarkdown(drill.report);
    expect(md).toContain('## Wave actions');
    expect(md).toMatch(
      /\| app \| after 1 \| ssmAutomation MyApp-HealthCheck \| FAILED \(CONTINUE\) \|/,
    );
    const html = renderDrillReportHtml(drill.report);
    expect(html).toContain('<h2>Wave actions</h2>');
    expect(html).toMatch(/<rect class="action-bar failed-optional" data-outcome="failed-optional"/);
  });
});
