import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createActionRouter,
  createSnsAdapter,
  type EvaluateReadinessResult,
  InMemoryPlanStore,
  type PlanReadinessOutcome,
  parseRecoveryPlan,
} from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';
import { type Stack, startStack } from '../helpers/stack';

const START = new Date('2026-01-01T00:00:00Z');
const MINUTE = 60_000;
const [S1, S2, S3] = [1, 2, 3].map((i) => fakeSourceServerId(i)) as [string, string, string];
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:drs-waves-notifications';
const plan = parseRecoveryPlan({
  id: 'shop',
  waves: [
    { id: 'db', servers: [S1] },
    { id: 'app', servers: [S2, S3] },
  ],
});

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/**
 * The router as the deployment runs it, on the DRS emulator (over HTTP) and dynalite, its SNS
 * adapter over a client that records each Publish; `schedule()` invokes it as EventBridge
 * Scheduler does, then moves the emulator's clock 30 minutes.
 */
async function deployment(options: { readonly failPublish?: () => boolean } = {}) {
  const local = await startStack({ startTime: START });
  stack = local;
  const published: PublishCommandInput[] = [];
  const sns = {
    send: async (command: { input: PublishCommandInput }) => {
      if (options.failPublish?.() === true) throw new Error('SNS is down');
      published.push(command.input);
      return { MessageId: `m-${published.length}` };
    },
  } as unknown as SNSClient;
  const router = createActionRouter({
    ...local.deps(),
    plans: new InMemoryPlanStore([plan]),
    notifications: createSnsAdapter({ topicArn: TOPIC, client: sns }),
  });
  const emulator = local.emulator;
  const history = local.history;
  return {
    deps: () => local.deps(),
    emulator,
    history,
    published,
    async schedule(): Promise<PlanReadinessOutcome & { at: string }> {
      const at = emulator.now().toISOString();
      const result = (await router({
        action: 'evaluate_readiness',
        planIds: ['shop'],
      })) as EvaluateReadinessResult;
      emulator.advance(30 * MINUTE);
      expect(result.plans.map((p) => p.planId)).toStrictEqual(['shop']);
      return { ...(result.plans[0] as PlanReadinessOutcome), at };
    },
  };
}

describe('the scheduled readiness check', () => {
  it('publishes once when a server stops replicating and once when it recovers, nothing between', async () => {
    const d = await deployment();
    // S2 stops at 00:40 and comes back at 01:40: shorter than the hour of lag and snapshot age
    // allowed, so its one blocking finding is the replication state.
    d.emulator.setFaults({
      replicationStops: [
        {
          sourceServerId: S2,
          at: new Date(START.getTime() + 40 * MINUTE),
          until: new Date(START.getTime() + 100 * MINUTE),
        },
      ],
    });
    const runs = [];
    for (let i = 0; i < 7; i += 1) runs.push(await d.schedule());
    expect(runs.map((r) => [r.at.slice(11, 16), r.ready, r.changed, r.notified])).toStrictEqual([
      ['00:00', true, false, false],
      ['00:30', true, false, false],
      ['01:00', false, true, true],
      ['01:30', false, false, false],
      ['02:00', true, true, true],
      ['02:30', true, false, false],
      ['03:00', true, false, false],
    ]);
    expect(runs.every((r) => r.recorded)).toBe(true);

    expect(d.published).toHaveLength(2);
    const [down, up] = d.published as [PublishCommandInput, PublishCommandInput];
    expect(down.TopicArn).toBe(TOPIC);
    expect(down.Subject).toBe('drs-waves: plan shop is NOT READY');
    expect(down.MessageAttributes).toStrictEqual({
      planId: { DataType: 'String', StringValue: 'shop' },
      ready: { DataType: 'String', StringValue: 'false' },
      blocking: { DataType: 'String', StringValue: '1' },
    });
    const stalled = `REPLICATION_NOT_CONTINUOUS ${S2} (app): Data replication of ${S2} is STALLED, not CONTINUOUS`;
    expect(down.Message?.split('\n')).toStrictEqual([
      'Plan shop is NOT READY (was READY): 1 blocking finding, 0 warnings, checked 2026-01-01T01:00:00.000Z.',
      '',
      'Now blocking:',
      `- ${stalled}`,
      '',
      'Blocking findings:',
      `- ${stalled}`,
      '',
      'Run drs-waves check for the whole report, with what to do about each finding.',
    ]);
    expect(up.Subject).toBe('drs-waves: plan shop is READY');
    expect(up.MessageAttributes?.ready?.StringValue).toBe('true');
    expect(up.Message?.split('\n')).toStrictEqual([
      'Plan shop is READY (was NOT READY): 0 blocking findings, 0 warnings, checked 2026-01-01T02:00:00.000Z.',
      '',
      'No longer blocking:',
      `- REPLICATION_NOT_CONTINUOUS ${S2} (app)`,
      '',
      'Run drs-waves check for the whole report, with what to do about each finding.',
    ]);

    // The history keeps the last result and the two changes, newest first.
    const record = await d.history.getPlanReadiness('shop');
    expect(record).toMatchObject({
      planId: 'shop',
      checkedAt: '2026-01-01T03:00:00.000Z',
      ready: true,
      blocking: 0,
      blockingKeys: [],
      runs: 7,
      since: '2026-01-01T02:00:00.000Z',
    });
    expect(record?.changes.map((c) => [c.at, c.ready, c.blocking, c.added, c.resolved])).toEqual([
      ['2026-01-01T02:00:00.000Z', true, 0, 0, 1],
      ['2026-01-01T01:00:00.000Z', false, 1, 1, 0],
    ]);
    // Ready again: the fingerprint of no blocking finding, as before the stop.
    expect(record?.fingerprint).toBe(record?.changes[0]?.fingerprint);
    expect(record?.fingerprint).not.toBe(record?.changes[1]?.fingerprint);
  });

  it('publishes when the blocking findings change while the plan stays not ready', async () => {
    const d = await deployment();
    d.emulator.setFaults({
      replicationStops: [
        { sourceServerId: S1, at: new Date(START.getTime() + 10 * MINUTE) },
        { sourceServerId: S3, at: new Date(START.getTime() + 40 * MINUTE), state: 'PAUSED' },
      ],
    });
    d.emulator.advance(30 * MINUTE);
    const runs = [];
    for (let i = 0; i < 2; i += 1) runs.push(await d.schedule());
    expect(runs.map((r) => [r.ready, r.blocking, r.changed])).toStrictEqual([
      [false, 1, true],
      [false, 2, true],
    ]);
    expect(d.published.map((p) => p.Subject)).toStrictEqual([
      'drs-waves: plan shop is NOT READY',
      'drs-waves: plan shop is still NOT READY, its blocking findings changed',
    ]);
    const second = d.published[1]?.Message?.split('\n') ?? [];
    expect(second[0]).toBe(
      'Plan shop is NOT READY (was NOT READY): 2 blocking findings, 0 warnings, checked 2026-01-01T01:00:00.000Z.',
    );
    // What became blocking is S3 alone; both are listed as blocking now.
    expect(second.slice(1, 5)).toStrictEqual([
      '',
      'Now blocking:',
      `- REPLICATION_NOT_CONTINUOUS ${S3} (app): Data replication of ${S3} is PAUSED, not CONTINUOUS`,
      '',
    ]);
    expect(second.filter((line) => line.startsWith('- REPLICATION_NOT_CONTINUOUS'))).toHaveLength(
      3,
    );
  });

  it('records nothing when the publish fails, so that the next run announces the change', async () => {
    let down = true;
    const d = await deployment({ failPublish: () => down });
    d.emulator.setFaults({ replicationStops: [{ sourceServerId: S1, at: START }] });
    const failed = await d.schedule().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((failed as Error).message).toBe('SNS is down');
    expect(await d.history.getPlanReadiness('shop')).toBeUndefined();
    down = false;
    const retried = await d.schedule();
    expect(retried).toMatchObject({ ready: false, changed: true, notified: true, recorded: true });
    expect(d.published).toHaveLength(1);
    expect((await d.history.getPlanReadiness('shop'))?.runs).toBe(1);
  });

  it('checks the other plans of the event when one is unknown, then fails naming it', async () => {
    const d = await deployment();
    d.emulator.setFaults({ replicationStops: [{ sourceServerId: S1, at: START }] });
    const router = createActionRouter({
      ...d.deps(),
      plans: new InMemoryPlanStore([plan]),
      notifications: { publish: async (notice) => void sent.push(notice.subject) },
    });
    const sent: string[] = [];
    const error = await router({ action: 'evaluate_readiness', planIds: ['gone', 'shop'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('PlanNotFoundError');
    expect((error as Error).message).toContain('gone');
    expect(sent).toStrictEqual(['drs-waves: plan shop is NOT READY']);
    expect(await d.history.getPlanReadiness('shop')).toMatchObject({ ready: false, runs: 1 });
  });

  it('refuses a plan it does not know before any DRS call', async () => {
    const d = await deployment();
    const router = createActionRouter({ ...d.deps(), plans: new InMemoryPlanStore([]) });
    const error = await router({ action: 'evaluate_readiness', planIds: ['shop'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('PlanNotFoundError');
    expect(d.emulator.requestCount()).toBe(0);
  });
});
