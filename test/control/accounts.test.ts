import { afterEach, describe, expect, it } from 'vitest';
import { accountDrsOf, drsForTarget } from '../../src/accounts/internal/drsForTarget';
import { cleanup, type OperateContext, report } from '../../src/cli/commands/operate';
import {
  checkReadiness,
  createControlPlane,
  parseRecoveryPlan,
  silentLogger,
} from '../../src/index';
import { buildDrillReport } from '../../src/report/index';
import {
  A,
  type AccountsWorld,
  accountRoles,
  accountsWorld,
  B,
  DENIED,
  EU,
  roleOf,
  runDrill,
} from '../helpers/accounts';
import { serverIds as ids } from '../helpers/waves';

let world: AccountsWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:drs-waves';

/** A drill over the orchestrator's own DRS, two accounts, and two Regions of one of them. */
const plan = parseRecoveryPlan({
  id: 'accounts',
  waves: [
    { id: 'home', servers: ids(2) },
    {
      id: 'spread',
      accountId: A,
      servers: [...ids(2, 10), { sourceServerId: ids(1, 20)[0], region: EU }],
    },
    { id: 'b', accountId: B, region: EU, servers: ids(3, 30) },
  ],
});
const allServers = [...ids(2), ...ids(2, 10), ...ids(1, 20), ...ids(3, 30)];
const targets = [{ accountId: A }, { accountId: A, region: EU }, { accountId: B, region: EU }];

/** The recovery instances each emulator launched, by target key. */
const instancesOf = async (w: AccountsWorld) => {
  const out: Record<string, string[]> = {};
  for (const [target] of w.fleet.entries()) {
    const drs = w.fleet.drsFor(target);
    const found = await drs.describeRecoveryInstances({ sourceServerIds: allServers });
    out[`${target.accountId ?? 'own'}|${target.region ?? 'default'}`] = found
      .map((i) => i.recoveryInstanceID as string)
      .sort();
  }
  return out;
};

describe('drill cleanup across accounts', () => {
  it('terminates each instance in the account and Region where it was launched, through its role', async () => {
    world = await accountsWorld([plan], targets);
    const w = world;
    await runDrill(w, 'e1', plan);
    const launched = await instancesOf(w);
    expect(Object.values(launched).map((l) => l.length)).toStrictEqual([2, 2, 1, 3]);
    const stsBefore = w.sts.calls.length;

    const control = createControlPlane({
      sfn: {} as never,
      stateMachineArn: STATE_MACHINE,
      history: w.stack.history,
      drs: w.fleet.drsFor({}),
      accountRoles,
      sts: w.sts,
      drsForAccount: w.fleet.drsForAccount,
      clock: () => w.fleet.now(),
    });
    const result = await control.cleanUpDrill({ executionId: 'e1' });
    expect([...result.terminatedInstanceIds].sort()).toStrictEqual(
      Object.values(launched).flat().sort(),
    );
    expect(result.jobIds).toHaveLength(4);
    // One TerminateRecoveryInstances per (account, Region), each in its own emulator.
    for (const [target, emulator] of w.fleet.entries()) {
      expect(emulator.requestCount('TerminateRecoveryInstances'), JSON.stringify(target)).toBe(1);
      const terminate = emulator.jobs().filter((j) => j.type === 'TERMINATE');
      expect(terminate).toHaveLength(1);
    }
    // The batches name where they ran.
    const batches = await w.stack.history.listCleanupBatches('e1');
    expect(
      batches
        .map(
          (b) => `${b.accountId ?? 'own'} ${b.region ?? 'default'} ${b.recoveryInstanceIds.length}`,
        )
        .sort(),
    ).toStrictEqual([`${A} default 2`, `${A} ${EU} 1`, `${B} ${EU} 3`, 'own default 2']);
    // The roles of A and B, each with its ExternalId and a session naming the execution.
    expect(
      w.sts.calls.slice(stsBefore).sort((x, y) => x.roleArn.localeCompare(y.roleArn)),
    ).toStrictEqual([
      { roleArn: roleOf(A), externalId: 'ext-a', roleSessionName: 'drs-waves-e1' },
      { roleArn: roleOf(B), externalId: 'ext-b', roleSessionName: 'drs-waves-e1' },
    ]);

    // A retry sends nothing again.
    const again = await control.cleanUpDrill({ executionId: 'e1' });
    expect(again.terminatedInstanceIds).toStrictEqual([]);
    expect(again.alreadyRequestedInstanceIds).toStrictEqual(
      [...result.terminatedInstanceIds].sort(),
    );
    for (const [, emulator] of w.fleet.entries()) {
      expect(emulator.requestCount('TerminateRecoveryInstances')).toBe(1);
    }
  });

  it('refuses to clean up in an account whose role is denied, naming it, and sends nothing there', async () => {
    const denied = parseRecoveryPlan({
      id: 'denied-later',
      waves: [{ id: 'w', accountId: B, servers: ids(1, 40) }],
    });
    world = await accountsWorld([denied], [{ accountId: B }]);
    const w = world;
    await runDrill(w, 'e2', denied);
    const control = createControlPlane({
      sfn: {} as never,
      stateMachineArn: STATE_MACHINE,
      history: w.stack.history,
      drs: w.fleet.drsFor({}),
      // The deployment's control plane has B's role with a wrong ExternalId.
      accountRoles: { [B]: { roleArn: roleOf(B), externalId: 'ext-stale' } },
      sts: w.sts,
      drsForAccount: w.fleet.drsForAccount,
      clock: () => w.fleet.now(),
    });
    await expect(control.cleanUpDrill({ executionId: 'e2' })).rejects.toMatchObject({
      name: 'AccountRoleDeniedError',
      accountId: B,
      stsErrorName: 'AccessDenied',
    });
    expect(w.fleet.get({ accountId: B }).requestCount('TerminateRecoveryInstances')).toBe(0);
  });

  it('the CLI cleans up and reports through DRS_WAVES_ACCOUNT_ROLES', async () => {
    world = await accountsWorld([plan], targets);
    const w = world;
    await runDrill(w, 'e3', plan);
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const lines: string[] = [];
    const ctx: OperateContext = {
      env: { DRS_WAVES_ACCOUNT_ROLES: JSON.stringify(accountRoles) },
      clients: {
        sfn: new SFNClient({ region: 'us-east-1' }),
        doc: w.stack.dynamo.doc,
        drs: w.fleet.drsFor({}),
        sts: w.sts,
        drsForAccount: w.fleet.drsForAccount,
      },
      print: (line) => lines.push(line),
    };
    const flags = { stateMachine: STATE_MACHINE, historyTable: w.stack.tableName, json: true };
    const out = `${await import('node:os').then((os) => os.tmpdir())}/drs-waves-accounts-${process.pid}`;
    expect(await report('e3', { ...flags, out }, ctx)).toBe(0);
    const built = JSON.parse(lines.join('\n')) as { servers: { ec2InstanceState?: string }[] };
    // Every server's instance was found in its own account and Region.
    expect(built.servers.map((s) => s.ec2InstanceState)).toStrictEqual(Array(8).fill('RUNNING'));
    for (const [, emulator] of w.fleet.entries()) {
      expect(emulator.requestCount('DescribeRecoveryInstances')).toBe(1);
    }
    lines.length = 0;
    expect(await cleanup('e3', flags, ctx)).toBe(0);
    const cleaned = JSON.parse(lines.join('\n')) as { terminatedInstanceIds: string[] };
    expect(cleaned.terminatedInstanceIds).toHaveLength(8);
    for (const [, emulator] of w.fleet.entries()) {
      expect(emulator.requestCount('TerminateRecoveryInstances')).toBe(1);
    }
  });
});

describe('the drill report across accounts', () => {
  it('reads recovery instances with one DescribeRecoveryInstances per (account, Region)', async () => {
    world = await accountsWorld([plan], targets);
    const w = world;
    await runDrill(w, 'e4', plan);
    const accounts = accountDrsOf(
      { accountRoles, sts: w.sts, drsForAccount: w.fleet.drsForAccount },
      () => w.fleet.now(),
      silentLogger,
    );
    const built = await buildDrillReport({
      history: w.stack.history,
      executionId: 'e4',
      drs: w.fleet.drsFor({}),
      drsFor: drsForTarget({ drs: w.fleet.drsFor({}) }, accounts, 'e4'),
      plan,
    });
    const states = built.servers.map((s) => [s.sourceServerId, s.ec2InstanceState]);
    expect(states).toHaveLength(8);
    expect(states.every(([, state]) => state === 'RUNNING')).toBe(true);
    for (const [, emulator] of w.fleet.entries()) {
      expect(emulator.requestCount('DescribeRecoveryInstances')).toBe(1);
    }
  });
});

describe('readiness across accounts', () => {
  it('checks two accounts in one Region apart, and reports a role that cannot be assumed as blocking', async () => {
    const readiness = parseRecoveryPlan({
      id: 'readiness',
      waves: [
        { id: 'a', accountId: A, region: EU, servers: ids(2, 60) },
        { id: 'b', accountId: B, region: EU, servers: ids(2, 70) },
        { id: 'd', accountId: DENIED, servers: ids(1, 80) },
      ],
    });
    const disconnected = ids(1, 70)[0] as string;
    world = await accountsWorld(
      [readiness],
      [{ accountId: A, region: EU }, { accountId: B, region: EU }, { accountId: DENIED }],
      {
        emulator: {
          sourceServerSettings: { [disconnected]: { dataReplicationState: 'DISCONNECTED' } },
        },
      },
    );
    const w = world;
    const accounts = accountDrsOf(
      { accountRoles, sts: w.sts, drsForAccount: w.fleet.drsForAccount },
      () => w.fleet.now(),
      silentLogger,
    );
    const result = await checkReadiness({
      plan: readiness,
      protectionGroups: new (await import('../../src/index')).InMemoryProtectionGroupStore([]),
      drsFor: drsForTarget({ drs: w.fleet.drsFor({}) }, accounts, 'check-readiness'),
      clock: () => w.fleet.now(),
    });
    for (const target of [
      { accountId: A, region: EU },
      { accountId: B, region: EU },
    ]) {
      expect(w.fleet.get(target).requestCount('DescribeSourceServers')).toBe(1);
    }
    expect(w.fleet.get({ accountId: DENIED }).requestCount()).toBe(0);
    const denied = result.findings.filter((f) => f.accountId === DENIED);
    expect(denied).toStrictEqual([
      {
        code: 'CHECK_FAILED',
        severity: 'BLOCKING',
        accountId: DENIED,
        message: `Could not check 1 source server in account ${DENIED}: the role ${roleOf(DENIED)} of account ${DENIED} cannot be assumed (AccessDenied)`,
        remedy: `Deploy the target-account template in account ${DENIED} (the orchestrator's role may assume it with the ExternalId), give the deployment its role in accountRoles, then check again`,
      },
    ]);
    // B's disconnected server, found in B's DRS and named with B's account.
    expect(
      result.findings
        .filter((f) => f.code === 'SOURCE_SERVER_DISCONNECTED')
        .map((f) => [f.sourceServerId, f.accountId, f.region, f.waveId]),
    ).toStrictEqual([[disconnected, B, EU, 'b']]);
    expect(result.summary.ready).toBe(false);
    expect(result.summary.servers).toBe(5);
  });
});
