/**
 * Where a DRS call goes: the AWS account and the Region of the source servers. Functions that
 * reach DRS in several places take a lookup keyed by it, `(target: DrsTarget) => DrsPort`: the
 * wave functions (`WaveDeps.drsFor`), the readiness check. A lookup reads the fields it knows:
 * one that serves a single account may ignore `accountId`.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { createDrsAdapter, type DrsPort, type DrsTarget } from 'drs-waves';
 *
 * const ports = new Map<string, DrsPort>();
 * const drsFor = ({ region = 'eu-west-1' }: DrsTarget): DrsPort => {
 *   let port = ports.get(region);
 *   if (port === undefined) {
 *     port = createDrsAdapter(new DrsClient({ region }));
 *     ports.set(region, port);
 *   }
 *   return port;
 * };
 * ```
 */
export interface DrsTarget {
  /**
   * The AWS account of the DRS source servers (12 digits); the orchestrator's own account when
   * absent.
   */
  readonly accountId?: string;
  /** The Region of the DRS source servers; the orchestrator's own Region when absent. */
  readonly region?: string;
}
