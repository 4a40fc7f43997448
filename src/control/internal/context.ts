import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DrsPort } from '../../drs/DrsPort';
import { InvalidOptionsError } from '../../errors';
import type { Logger } from '../../logger';
import type { ExecutionHistoryStore } from '../../store/ExecutionHistoryStore';
import type { StateMachineArnParts } from './arns';

/** The control plane's dependencies with every default applied. */
export interface ControlContext {
  readonly sfn: SFNClient;
  readonly stateMachine: StateMachineArnParts;
  readonly history: ExecutionHistoryStore;
  readonly drs: DrsPort;
  readonly drsForRegion: ((region: string) => DrsPort) | undefined;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** The DRS port for a Region: the default one when `region` is absent. */
export function drsFor(ctx: ControlContext, region: string | undefined): DrsPort {
  if (region === undefined) return ctx.drs;
  if (ctx.drsForRegion === undefined) {
    throw new InvalidOptionsError('cleanUpDrill', [
      {
        path: 'drsForRegion',
        message: `Expected a DRS client factory for Region ${JSON.stringify(region)}, got none`,
      },
    ]);
  }
  return ctx.drsForRegion(region);
}
