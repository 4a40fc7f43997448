import { DrsClient } from '@aws-sdk/client-drs';
import type { DrsTarget } from '../../src/drs/DrsTarget';
import {
  ACTIONS,
  type ActionRouterDeps,
  type CheckWaveStatusEventResult,
  createActionRouter,
  InMemoryPlanStore,
  InMemoryProtectionGroupStore,
  type ProtectionGroup,
  type RecoveryPlan,
} from '../../src/index';
import type { DrsEmulatorOptions } from '../../src/testing/index';
import { StsStandIn } from '../../src/testing/index';
import { EmulatorFleet } from '../../src/testing/internal/emulatorFleet';
import { type Stack, startStack } from './stack';

export const A = '111111111111';
export const B = '222222222222';
export const DENIED = '333333333333';
export const EU = 'eu-west-1';
export const roleOf = (account: string) => `arn:aws:iam::${account}:role/drs-waves-target`;

/** The deployment's roles; DENIED's ExternalId is not the one its role trusts. */
export const accountRoles = {
  [A]: { roleArn: roleOf(A), externalId: 'ext-a' },
  [B]: { roleArn: roleOf(B), externalId: 'ext-b' },
  [DENIED]: { roleArn: roleOf(DENIED), externalId: 'ext-wrong' },
};

/** What STS trusts: the roles of A and B with their ExternalIds, DENIED's with another. */
export const trusted = {
  [roleOf(A)]: 'ext-a',
  [roleOf(B)]: 'ext-b',
  [roleOf(DENIED)]: 'ext-denied',
};

/** A history in dynalite, emulators per (account, Region) and STS checking role and ExternalId. */
export interface AccountsWorld {
  readonly stack: Stack;
  readonly fleet: EmulatorFleet;
  readonly sts: StsStandIn;
  readonly route: (event: unknown) => Promise<unknown>;
  close(): Promise<void>;
}

export async function accountsWorld(
  plans: readonly RecoveryPlan[],
  targets: readonly DrsTarget[],
  options: {
    readonly groups?: readonly ProtectionGroup[];
    readonly emulator?: DrsEmulatorOptions;
    readonly router?: Partial<ActionRouterDeps>;
  } = {},
): Promise<AccountsWorld> {
  const stack = await startStack();
  const fleet = await EmulatorFleet.start(targets, { ...options.emulator, seed: 3 }, DrsClient);
  const sts = new StsStandIn(trusted, () => fleet.now());
  const route = createActionRouter({
    drs: fleet.drsFor({}),
    history: stack.history,
    protectionGroups: new InMemoryProtectionGroupStore(options.groups ?? []),
    plans: new InMemoryPlanStore(plans),
    clock: () => fleet.now(),
    accountRoles,
    sts,
    drsForAccount: fleet.drsForAccount,
    drsFor: fleet.drsFor,
    ...options.router,
  });
  return {
    stack,
    fleet,
    sts,
    route,
    async close() {
      await fleet.close();
      await stack.close();
    },
  };
}

/** Runs a drill of the plan to its end with the router (waves in plan order). */
export async function runDrill(w: AccountsWorld, executionId: string, plan: RecoveryPlan) {
  await w.route({
    action: ACTIONS.beginExecution,
    executionId,
    input: { planId: plan.id, executionType: 'DRILL' },
    pollIntervalSeconds: 60,
    defaultWaveTimeoutSeconds: 7200,
  });
  for (const wave of plan.waves) {
    await w.route({
      action: ACTIONS.startWave,
      executionId,
      executionType: 'DRILL',
      waveId: wave.id,
    });
    for (let i = 0; ; i += 1) {
      if (i > 100) throw new Error(`wave ${wave.id} still in progress`);
      w.fleet.advance(60_000);
      const answer = (await w.route({
        action: ACTIONS.checkWaveStatus,
        executionId,
        waveId: wave.id,
        timeoutSeconds: 7200,
        requirePostLaunchActions: false,
      })) as CheckWaveStatusEventResult;
      if (answer.status !== 'IN_PROGRESS') break;
    }
  }
  await w.route({ action: ACTIONS.finishExecution, executionId, status: 'SUCCEEDED' });
}
