import type { Wave } from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';

/** `count` distinct, well-formed source server IDs, from `offset` on. */
export const serverIds = (count: number, offset = 0): string[] =>
  Array.from({ length: count }, (_, i) => fakeSourceServerId(offset + i));

/** A wave of the given servers (critical unless listed in `optional`) and groups. */
export function waveOf(
  id: string,
  servers: readonly string[],
  options: { optional?: readonly string[]; protectionGroups?: readonly string[] } = {},
): Wave {
  return {
    id,
    servers: servers.map((sourceServerId) => ({
      sourceServerId,
      impact: options.optional?.includes(sourceServerId) ? 'OPTIONAL' : 'CRITICAL',
    })),
    protectionGroups: options.protectionGroups ?? [],
    requireApproval: false,
  };
}
