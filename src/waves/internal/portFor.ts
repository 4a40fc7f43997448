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
