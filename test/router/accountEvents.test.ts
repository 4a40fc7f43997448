import { afterEach, describe, expect, it } from 'vitest';
import type { DrsLaunchResultEvent, Logger } from '../../src/index';
import { parseRecoveryPlan } from '../../src/index';
import { A, type AccountsWorld, accountsWorld, B, EU } from '../helpers/accounts';
import { serverIds as ids } from '../helpers/waves';

let world: AccountsWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const OWN_FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router';
const UNMAPPED = '444444444444';

const plan = parseRecoveryPlan({
  id: 'events',
  waves: [
    {
      id: 'spread',
      servers: [
        ...ids(1),
        { sourceServerId: ids(1, 10)[0], accountId: A, region: EU },
        { sourceServerId: ids(1, 20)[0], accountId: B },
      ],
    },
  ],
});

describe('launch results from target accounts', () => {
  it('resumes the wave on events forwarded from its accounts, and ignores one from an unmapped account', async () => {
    const resumed: string[] = [];
    const logs: string[] = [];
    const log =
      (level: string) =>
      (message: string, ...details: unknown[]) =>
        logs.push(`${level} ${message} ${JSON.stringify(details)}`);
    const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') };
    world = await accountsWorld([plan], [{ accountId: A, region: EU }, { accountId: B }], {
      router: {
        logger,
        taskCallbacks: {
          sendTaskSuccess: async (token) => {
            resumed.push(token);
            return true;
          },
        },
      },
    });
    const w = world;
    // As Lambda invokes it: with the context naming the router's own function.
    const route = (event: unknown) =>
      (w.route as (e: unknown, c: unknown) => Promise<unknown>)(event, {
        invokedFunctionArn: OWN_FUNCTION,
      });
    await route({
      action: 'begin_execution',
      executionId: 'e1',
      input: { planId: 'events', executionType: 'DRILL' },
      pollIntervalSeconds: 300,
      defaultWaveTimeoutSeconds: 7200,
      completion: 'events',
    });
    expect(
      await route({
        action: 'start_wave',
        executionId: 'e1',
        executionType: 'DRILL',
        waveId: 'spread',
      }),
    ).toMatchObject({ status: 'STARTED', jobCount: 3 });
    expect(
      await route({ action: 'await_wave', executionId: 'e1', waveId: 'spread', taskToken: 'T1' }),
    ).toStrictEqual({ status: 'AWAITING_LAUNCHES' });

    w.fleet.advance(30 * 60_000);
    const events = w.fleet.takeLaunchEvents();
    expect(events.map((e) => `${e.account} ${e.region}`).sort()).toStrictEqual([
      '111111111111 eu-west-1',
      '123456789012 us-east-1',
      '222222222222 us-east-1',
    ]);
    const fromA = events.find((e) => e.account === A) as DrsLaunchResultEvent;

    // The same job and server, claimed by an account the deployment has no role for.
    const spoofed = {
      ...fromA,
      id: 'spoofed',
      account: UNMAPPED,
      resources: [fromA.resources[0]?.replace(`:${A}:`, `:${UNMAPPED}:`)],
    };
    expect(await route(spoofed)).toStrictEqual({ status: 'IGNORED' });
    expect(logs.filter((l) => l.startsWith('warn'))).toStrictEqual([
      `warn drs-waves ignored a launch result from an account without a role [{"account":"${UNMAPPED}","jobId":"${fromA.detail['job-id']}"}]`,
    ]);

    // The real ones: each counted in its job; the last resumes the wave, once.
    const answers = [];
    for (const event of events) answers.push(await route(event));
    expect(answers.map((a) => (a as { status: string }).status)).toStrictEqual([
      'RECORDED',
      'RECORDED',
      'RESUMED',
    ]);
    expect(resumed).toStrictEqual(['T1']);
    expect((await w.stack.history.getWave('e1', 'spread'))?.jobsReported).toBe(3);
  });
});
