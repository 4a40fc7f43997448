/**
 * DRS per target (account, Region) for one execution, as every caller outside the wave functions
 * reaches it too (the router's wave deps, the control plane, the CLI): an account with a role
 * through its assumed role, anything else as configured.
 *
 * @module
 */

import type { DrsPort } from '../../drs/DrsPort';
import type { DrsTarget } from '../../drs/DrsTarget';
import type { Logger } from '../../logger';
import { portFor } from '../../waves/internal/portFor';
import type { AccountRole } from '../AccountRole';
import { createStsAdapter } from '../createStsAdapter';
import type { StsPort } from '../StsPort';
import { AccountDrs, type DrsForAccount } from './accountDrs';
import { defaultDrsForAccount } from './defaultDrsForAccount';

/** The DRS a deployment configures besides its account roles. */
export interface ConfiguredDrs {
  /** DRS in the orchestrator's own account and Region. */
  readonly drs: DrsPort;
  /** DRS in another account or Region, as given. */
  readonly drsFor?: ((target: DrsTarget) => DrsPort) | undefined;
  /** DRS in another Region of the orchestrator's own account, as given. */
  readonly drsForRegion?: ((region: string) => DrsPort) | undefined;
}

/**
 * `drsFor` of one execution: an account that has a role in `accounts` (or any account when no
 * `drsFor` is configured, so that one without a role is refused as `AccountRoleDeniedError`)
 * is reached through its role, assumed for the execution; the rest through {@link portFor}.
 */
export function drsForTarget(
  configured: ConfiguredDrs,
  accounts: AccountDrs,
  executionId: string,
  functionName?: string,
): (target: DrsTarget) => DrsPort {
  const inAccount = accounts.forExecution(executionId);
  return (target) => {
    const { accountId } = target;
    if (accountId !== undefined && (accounts.has(accountId) || configured.drsFor === undefined)) {
      return inAccount({ ...target, accountId });
    }
    return portFor(configured, target, functionName);
  };
}

/** The account roles of a deployment, as the router and the control plane take them. */
export interface AccountRolesDeps {
  readonly accountRoles?: Readonly<Record<string, AccountRole>> | undefined;
  readonly sts?: StsPort | undefined;
  readonly drsForAccount?: DrsForAccount | undefined;
}

/** DRS in the accounts of `accountRoles`, with the defaults applied in one place. */
export function accountDrsOf(
  deps: AccountRolesDeps,
  clock: () => Date,
  logger: Logger,
): AccountDrs {
  return new AccountDrs({
    roles: deps.accountRoles ?? {},
    sts: deps.sts ?? createStsAdapter(),
    drsForAccount: deps.drsForAccount ?? defaultDrsForAccount,
    clock,
    logger,
  });
}
