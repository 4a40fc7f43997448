import type { SFNClient } from '@aws-sdk/client-sfn';
import type { AccountDrs } from '../../accounts/internal/accountDrs';
import { drsForTarget } from '../../accounts/internal/drsForTarget';
import type { DrsPort } from '../../drs/DrsPort';
import type { DrsTarget } from '../../drs/DrsTarget';
import type { Logger } from '../../logger';
import type { ExecutionHistoryStore } from '../../store/ExecutionHistoryStore';
import type { StateMachineArnParts } from './arns';

/** The control plane's dependencies with every default applied. */
export interface ControlContext {
  readonly sfn: SFNClient;
  readonly stateMachine: StateMachineArnParts;
  readonly history: ExecutionHistoryStore;
  readonly drs: DrsPort;
  readonly drsFor: ((target: DrsTarget) => DrsPort) | undefined;
  readonly drsForRegion: ((region: string) => DrsPort) | undefined;
  /** DRS in the accounts of `accountRoles`. */
  readonly accounts: AccountDrs;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/**
 * DRS per target (account, Region) for an operation on one execution: the default port when
 * both are absent, an account's through its role (assumed in a session named after the
 * execution), else `drsFor` or `drsForRegion`. An `InvalidOptionsError` of `operation` when none
 * serves.
 */
export function drsOf(
  ctx: ControlContext,
  executionId: string,
  operation: string,
): (target: DrsTarget) => DrsPort {
  return drsForTarget(ctx, ctx.accounts, executionId, operation);
}
