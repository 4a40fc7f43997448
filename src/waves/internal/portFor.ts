import type { ConfiguredDrs } from '../../accounts/internal/drsForTarget';
import type { DrsPort } from '../../drs/DrsPort';
import type { DrsTarget } from '../../drs/DrsTarget';
import { InvalidOptionsError } from '../../errors';
import type { WaveDeps } from '../WaveDeps';
import { describeTarget, type TargetFields, targetKey, targetOf } from './target';

/**
 * The DRS port for a target (account, Region): `drs` for the default one, else `drsFor`, else
 * (a Region of the default account) `drsForRegion`; an `InvalidOptionsError` of `functionName`
 * when none serves.
 */
export function portFor(
  deps: ConfiguredDrs,
  target: TargetFields,
  functionName = 'startWave',
): DrsPort {
  const { accountId, region } = target;
  if (accountId === undefined && region === undefined) return deps.drs;
  if (deps.drsFor !== undefined) return deps.drsFor(targetOf(target));
  if (accountId === undefined && region !== undefined && deps.drsForRegion !== undefined) {
    return deps.drsForRegion(region);
  }
  throw new InvalidOptionsError(functionName, [
    {
      path: 'drsFor',
      message: `Expected a DRS client factory for servers${describeTarget(target)}, got none`,
    },
  ]);
}

/**
 * The same deps, whose `drsFor` and `drsForRegion` are asked once per target however many calls
 * follow: one start or check then uses one client per (account, Region), as
 * {@link WaveDeps.drsFor} promises.
 */
export function withPortPerTarget<T extends WaveDeps>(deps: T): T {
  const { drsFor, drsForRegion } = deps;
  if (drsFor === undefined && drsForRegion === undefined) return deps;
  const ports = new Map<string, DrsPort>();
  const cached = (key: string, make: () => DrsPort): DrsPort => {
    let port = ports.get(key);
    if (port === undefined) {
      port = make();
      ports.set(key, port);
    }
    return port;
  };
  return {
    ...deps,
    ...(drsFor === undefined
      ? {}
      : { drsFor: (target: DrsTarget) => cached(targetKey(target), () => drsFor(target)) }),
    ...(drsForRegion === undefined
      ? {}
      : {
          drsForRegion: (region: string) =>
            cached(targetKey({ region }), () => drsForRegion(region)),
        }),
  };
}
