import type { DrsPort } from '../../drs/DrsPort';
import { InvalidOptionsError } from '../../errors';
import type { WaveDeps } from '../WaveDeps';

/** The DRS port for a Region: the default one when `region` is absent. */
export function portFor(deps: WaveDeps, region: string | undefined): DrsPort {
  if (region === undefined) return deps.drs;
  if (deps.drsForRegion === undefined) {
    throw new InvalidOptionsError('startWave', [
      {
        path: 'drsForRegion',
        message: `Expected a DRS client factory for Region ${JSON.stringify(region)}, got none`,
      },
    ]);
  }
  return deps.drsForRegion(region);
}

/**
 * The same deps, whose `drsForRegion` is asked once per Region however many calls follow: one
 * start or check then uses one client per Region, as {@link WaveDeps.drsForRegion} promises.
 */
export function withPortPerRegion<T extends WaveDeps>(deps: T): T {
  const factory = deps.drsForRegion;
  if (factory === undefined) return deps;
  const ports = new Map<string, DrsPort>();
  return {
    ...deps,
    drsForRegion: (region: string) => {
      let port = ports.get(region);
      if (port === undefined) {
        port = factory(region);
        ports.set(region, port);
      }
      return port;
    },
  };
}
