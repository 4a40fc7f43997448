/**
 * Where a DRS call goes: today the Region of the source servers. Functions that reach DRS in
 * several places take a lookup keyed by it, `(target: DrsTarget) => DrsPort`, so that the key
 * can grow (the AWS account, once plans name accounts and the orchestrator assumes a role per
 * account) without a change to their signatures: a lookup then reads the fields it knows.
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
  /** The Region of the DRS source servers; the orchestrator's own Region when absent. */
  readonly region?: string;
}
