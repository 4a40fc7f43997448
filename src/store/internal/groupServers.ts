import { InvalidProtectionGroupError } from '../../errors';
import { isSourceServerId } from '../../plan/sourceServerId';
import type { ImpactLevel, WaveServer } from '../../plan/types';

/**
 * A stored group's servers, checked: each entry is a source server ID, or an object with
 * `sourceServerId` (or `SourceServerId`) and an optional `impact` (`CRITICAL` by default).
 * Throws {@link InvalidProtectionGroupError} naming the group, the entry and the bad value.
 */
export function groupServers(id: string, field: string, entries: readonly unknown[]): WaveServer[] {
  return entries.map((entry, index): WaveServer => {
    const object =
      typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : undefined;
    const sourceServerId = object ? (object.sourceServerId ?? object.SourceServerId) : entry;
    const impact = object ? (object.impact ?? object.Impact ?? 'CRITICAL') : 'CRITICAL';
    if (!isSourceServerId(sourceServerId)) {
      throw new InvalidProtectionGroupError(
        id,
        `${field}[${index}] is not a DRS source server ID: ${JSON.stringify(sourceServerId)}`,
      );
    }
    if (impact !== 'CRITICAL' && impact !== 'OPTIONAL') {
      throw new InvalidProtectionGroupError(
        id,
        `${field}[${index}] has impact ${JSON.stringify(impact)}, expected "CRITICAL" or "OPTIONAL"`,
      );
    }
    return { sourceServerId, impact: impact as ImpactLevel };
  });
}
