import { DrsClient } from '@aws-sdk/client-drs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type ActionRouterDeps,
  type AssumedRoleCredentials,
  type AssumeRoleRequest,
  buildPollingStateMachine,
  type CheckWaveStatusEventResult,
  createActionRouter,
  createDrsAdapter,
  ErrorName,
  InMemoryPlanStore,
  InMemoryProtectionGroupStore,
  isAccountNotConfiguredError,
  isAccountRoleDeniedError,
  isInvalidOptionsError,
  type Logger,
  parseRecoveryPlan,
  type RecoveryPlan,
  type StsPort,
} from '../../src/index';
import { DrsEmulator } from '../../src/testing/index';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds as ids } from '../helpers/waves';

const A = '111111111111';
const B = '222222222222';
const DENIED = '333333333333';
const EU = 'eu-west-1';
const roleOf = (account: string) => `arn:aws:iam::${account}:role/drs-waves-target`;

/** The roles the deployment configures; DENIED's ExternalId is not the one its role trusts. */
const accountRoles = {
  [A]: { roleArn: roleOf(A), externalId: 'ext-a' },
  [B]: { roleArn: roleOf(B), externalId: 'ext-b' },
  [DENIED]: { roleArn: roleOf(DENIED), externalId: 'ext-wrong' },
};

/** STS as the target accounts' trust policies see it: the role and its ExternalId must match. */
class StsStandIn implements StsPort {
  readonly calls: AssumeRoleRequest[] = [];
  readonly #trusted = new Map([
    [roleOf(A), 'ext-a'],
    [roleOf(B), 'ext-b'],
    [roleOf(DENIED), 'ext-denied'],
  ]);
  constructor(readonly clock: () => Date) {}

  async assumeRole(request: AssumeRoleRequest): Promise<AssumedRoleCredentials> {
    this.calls.push(request);
    if (this.#trusted.get(request.roleArn) !== request.externalId) {
      throw Object.assign(new Error(`User is not authorized to perform: sts:AssumeRole`), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
    }
    const account = request.roleArn.split(':')[4] ?? '';
    return {
      accessKeyId: `ASIA${account}${this.calls.length}`,
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(this.clock().getTime() + 3600_000),
    };
  }
}

interface World {
  readonly stack: Stack;
  /** One emulator per (account, Region), by `account|region`. */
  readonly emulators: Map<string, DrsEmulator>;
  readonly sts: StsStandIn;
  readonly route: (event: unknown) => Promise<unknown>;
  readonly logs: string[];
  /** Access keys each (account, Region) was called with. */
  readonly keysSeen: Map<string, Set<string>>;
  advance(ms: number): void;
}

let world: World | undefined;
afterEach(async () => {
  for (const e of world?.emulators.values() ?? []) await e.close();
  await world?.stack.close();
  world = undefined;
});

async function startWorld(
  plans: readonly RecoveryPlan[],
  overrides: Partial<ActionRouterDeps> = {},
): Promise<World> {
  const stack = await startStack();
  const emulators = new Map<string, DrsEmulator>();
  // Seeds differ, so do job IDs: as in DRS, where they are unique across accounts.
  let seed = 1;
  for (const account of [A, B, DENIED]) {
    for (const region of ['us-east-1', EU]) {
      seed += 1;
      emulators.set(
        `${account}|${region}`,
        await DrsEmulator.start({ accountId: account, region, seed }),
      );
    }
  }
  const sts = new StsStandIn(() => stack.emulator.now());
  const logs: string[] = [];
  const log =
    (level: string) =>
    (message: string, ...details: unknown[]) =>
      logs.push(`${level} ${message} ${JSON.stringify(details)}`);
  const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') };
  const keysSeen = new Map<string, Set<string>>();
  const route = createActionRouter({
    ...stack.deps({}, [
      {
        id: 'pg-b-eu',
        accountId: B,
        region: EU,
        servers: [{ sourceServerId: ids(1, 40)[0] as string, impact: 'CRITICAL' }],
      },
    ]),
    plans: new InMemoryPlanStore(plans),
    logger,
    accountRoles,
    sts,
    drsForAccount: ({ accountId, region = 'us-east-1' }, credentials) => {
      const key = `${accountId}|${region}`;
      const emulator = emulators.get(key);
      if (emulator === undefined) throw new Error(`no emulator for ${key}`);
      // The real SDK client, signing with the role's credentials from the provider.
      const client = new DrsClient({
        ...emulator.clientConfig(),
        maxAttempts: 5,
        credentials: async () => {
          const c = await credentials();
          keysSeen.set(key, new Set([...(keysSeen.get(key) ?? []), c.accessKeyId]));
          return c;
        },
      });
      return createDrsAdapter(client);
    },
    ...overrides,
  });
  world = {
    stack,
    emulators,
    sts,
    route,
    logs,
    keysSeen,
    advance(ms) {
      stack.emulator.advance(ms);
      for (const e of emulators.values()) e.advance(ms);
    },
  };
  return world;
}

const begin = (executionId: string, planId: string) => ({
  action: ACTIONS.beginExecution,
  executionId,
  input: { planId, executionType: 'DRILL' },
  pollIntervalSeconds: 60,
  defaultWaveTimeoutSeconds: 7200,
});
const start = (executionId: string, waveId: string) => ({
  action: ACTIONS.startWave,
  executionId,
  executionType: 'DRILL',
  waveId,
});
const check = (executionId: string, waveId: string) => ({
  action: ACTIONS.checkWaveStatus,
  executionId,
  waveId,
  timeoutSeconds: 7200,
  requirePostLaunchActions: false,
});

async function pollToEnd(w: World, executionId: string, waveId: string) {
  for (let i = 0; i < 100; i += 1) {
    w.advance(60_000);
    const answer = (await w.route(check(executionId, waveId))) as CheckWaveStatusEventResult;
    if (answer.status !== 'IN_PROGRESS') return answer;
  }
  throw new Error('still in progress');
}

/** One wave across two accounts and two Regions, then a wave of the orchestrator's own. */
const spanning = parseRecoveryPlan({
  id: 'spanning',
  waves: [
    {
      id: 'multi',
      accountId: A,
      servers: [
        ...ids(2),
        { sourceServerId: ids(1, 10)[0], region: EU },
        { sourceServerId: ids(1, 20)[0], accountId: B },
      ],
      protectionGroups: ['pg-b-eu'],
    },
    { id: 'home', servers: ids(1, 30) },
    { id: 'later', accountId: A, servers: ids(1, 50) },
  ],
});

const jobsOf = (w: World, key: string) =>
  (w.emulators.get(key)?.jobs() ?? []).map((j) => ({
    servers: (j.participatingServers ?? []).map((s) => s.sourceServerID).sort(),
    arn: j.arn,
  }));

describe('the router across accounts and Regions', () => {
  it('launches each server of a wave spanning two accounts and two Regions in its own DRS', async () => {
    const w = await startWorld([spanning]);
    await w.route(begin('e1', 'spanning'));
    const started = await w.route(start('e1', 'multi'));
    expect(started).toStrictEqual({ status: 'STARTED', serverCount: 5, jobCount: 4 });

    expect(jobsOf(w, `${A}|us-east-1`).map((j) => j.servers)).toStrictEqual([ids(2)]);
    expect(jobsOf(w, `${A}|${EU}`).map((j) => j.servers)).toStrictEqual([ids(1, 10)]);
    expect(jobsOf(w, `${B}|us-east-1`).map((j) => j.servers)).toStrictEqual([ids(1, 20)]);
    expect(jobsOf(w, `${B}|${EU}`).map((j) => j.servers)).toStrictEqual([ids(1, 40)]);
    expect(jobsOf(w, `${B}|${EU}`)[0]?.arn).toMatch(new RegExp(`^arn:aws:drs:${EU}:${B}:job/`));
    expect(w.stack.emulator.jobs()).toStrictEqual([]);

    const done = await pollToEnd(w, 'e1', 'multi');
    expect(done).toMatchObject({ status: 'COMPLETED', launched: 5, failed: 0 });
    const servers = await w.stack.history.listServers('e1', 'multi');
    expect(servers.every((s) => s.recoveryInstanceId?.startsWith('i-'))).toBe(true);
    const chunks = await w.stack.history.listChunks('e1', 'multi');
    expect(chunks.map((c) => [c.accountId, c.region])).toStrictEqual([
      [A, undefined],
      [A, EU],
      [B, undefined],
      [B, EU],
    ]);

    // The orchestrator's own account and Region, as before: no role assumed for it.
    await w.route(start('e1', 'home'));
    expect(w.stack.emulator.jobs().map((j) => j.participatingServers?.length)).toStrictEqual([1]);

    // One AssumeRole per account, with its ExternalId and a session naming the execution.
    expect(w.sts.calls).toStrictEqual([
      { roleArn: roleOf(A), externalId: 'ext-a', roleSessionName: 'drs-waves-e1' },
      { roleArn: roleOf(B), externalId: 'ext-b', roleSessionName: 'drs-waves-e1' },
    ]);
    // Each DRS was called with its own account's credentials.
    for (const [key, keys] of w.keysSeen) {
      expect([...keys].every((k) => k.startsWith(`ASIA${key.split('|')[0]}`))).toBe(true);
    }
    // Credentials never reach the log.
    expect(w.logs.join('\n')).not.toMatch(/ASIA|secret|token"/);
    expect(w.logs.some((l) => l.includes('assumed the role of an account'))).toBe(true);
  });

  it('keeps credentials until five minutes before they expire, then assumes the role again', async () => {
    const w = await startWorld([spanning]);
    await w.route(begin('e1', 'spanning'));
    await w.route(start('e1', 'multi'));
    await pollToEnd(w, 'e1', 'multi');
    const first = w.sts.calls.length;
    expect(first).toBe(2);
    // 50 minutes after the role was assumed: still cached.
    w.advance(
      50 * 60_000 - (w.stack.emulator.now().getTime() - Date.parse('2026-01-01T00:00:00Z')),
    );
    await w.route(start('e1', 'later'));
    expect(w.sts.calls).toHaveLength(2);
    // 56 minutes after: within five minutes of the expiry, renewed once.
    w.advance(6 * 60_000);
    await pollToEnd(w, 'e1', 'later');
    expect(w.sts.calls).toHaveLength(3);
    expect(w.sts.calls[2]?.roleArn).toBe(roleOf(A));
    expect(jobsOf(w, `${A}|us-east-1`)).toHaveLength(2);
  });

  it('gives a denied AssumeRole as a typed, non-retryable error naming the account', async () => {
    const plan = parseRecoveryPlan({
      id: 'denied',
      waves: [{ id: 'w', accountId: DENIED, servers: ids(1) }],
    });
    const w = await startWorld([plan]);
    await w.route(begin('e2', 'denied'));
    const caught = await w.route(start('e2', 'w')).catch((e: unknown) => e);
    expect(isAccountRoleDeniedError(caught)).toBe(true);
    expect(caught).toMatchObject({
      name: 'AccountRoleDeniedError',
      accountId: DENIED,
      roleArn: roleOf(DENIED),
      stsErrorName: 'AccessDenied',
    });
    expect((caught as Error).message).toBe(
      `Could not assume the role ${roleOf(DENIED)} of account ${DENIED}: AccessDenied`,
    );
    expect(w.emulators.get(`${DENIED}|us-east-1`)?.jobs()).toStrictEqual([]);
    // The state machine retries only transient errors: this one goes to its Catch.
    const definition = JSON.stringify(
      buildPollingStateMachine({ lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:r' }),
    );
    expect(definition).not.toContain(ErrorName.AccountRoleDenied);
    expect(definition).toContain(ErrorName.DrsRetryable);
  });

  it('refuses at begin_execution a plan naming an account without a role, before any DRS call', async () => {
    const plan = parseRecoveryPlan({
      id: 'unknown',
      waves: [
        { id: 'a', servers: [{ sourceServerId: ids(1)[0], accountId: '444444444444' }] },
        { id: 'b', accountId: A, servers: ids(1, 1), protectionGroups: ['pg-c'] },
        { id: 'c', selector: { tags: { Tier: 'web' }, accountId: '666666666666' } },
      ],
    });
    const w = await startWorld([plan], {
      protectionGroups: new InMemoryProtectionGroupStore([
        {
          id: 'pg-c',
          accountId: '555555555555',
          servers: [{ sourceServerId: ids(1, 2)[0] as string, impact: 'CRITICAL' }],
          selector: { tags: { Tier: 'app' }, accountId: '777777777777', impact: 'CRITICAL' },
        },
      ]),
    });
    const caught = await w.route(begin('e3', 'unknown')).catch((e: unknown) => e);
    expect(isAccountNotConfiguredError(caught)).toBe(true);
    expect(caught).toMatchObject({
      accountIds: ['444444444444', '555555555555', '666666666666', '777777777777'],
      problems: [
        {
          path: 'waves[0].servers[0].accountId',
          message:
            'Account 444444444444 has no role in accountRoles: add its role and ExternalId to the deployment',
        },
        {
          path: 'waves[1].protectionGroups[0]',
          message:
            'Protection group "pg-c" names account 555555555555. Account 555555555555 has no role in accountRoles: add its role and ExternalId to the deployment',
        },
        {
          path: 'waves[1].protectionGroups[0]',
          message:
            'The selector of protection group "pg-c" names account 777777777777. Account 777777777777 has no role in accountRoles: add its role and ExternalId to the deployment',
        },
        {
          path: 'waves[2].selector.accountId',
          message:
            'Account 666666666666 has no role in accountRoles: add its role and ExternalId to the deployment',
        },
      ],
    });
    expect(await w.stack.history.getExecution('e3')).toBeUndefined();
    expect(w.sts.calls).toStrictEqual([]);
    for (const e of w.emulators.values()) expect(e.jobs()).toStrictEqual([]);
  });

  it('refuses malformed account roles when the router is created, naming each path', () => {
    let caught: unknown;
    try {
      createActionRouter({
        drs: createDrsAdapter(new DrsClient({})),
        history: new InMemoryPlanStore([]) as never,
        protectionGroups: new InMemoryProtectionGroupStore([]),
        plans: new InMemoryPlanStore([]),
        accountRoles: {
          '1234': { roleArn: roleOf('1234'), externalId: 'ok' },
          [A]: { roleArn: roleOf(B), externalId: 'x' },
        },
      });
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as { problems: unknown }).problems).toStrictEqual([
      {
        path: 'accountRoles.1234',
        message: 'Expected an AWS account ID of 12 digits as the key, got "1234"',
      },
      {
        path: 'accountRoles.1234.roleArn',
        message: 'Expected an IAM role ARN, got "arn:aws:iam::1234:role/drs-waves-target"',
      },
      {
        path: `accountRoles.${A}.roleArn`,
        message: `Expected a role of account ${A}, got one of account ${B}`,
      },
      {
        path: `accountRoles.${A}.externalId`,
        message:
          'Expected an ExternalId of 2 to 1224 letters, digits or +=,.@:/-_ characters, got 1 characters',
      },
    ]);
  });
});
