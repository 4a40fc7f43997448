import * as v from 'valibot';
import { InvalidProtectionGroupError } from '../../errors';
import { selectorInputSchema } from '../../plan/internal/selection';
import { isSourceServerId } from '../../plan/sourceServerId';
import type { ImpactLevel, ServerSelector, WaveServer } from '../../plan/types';

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

/**
 * A stored group's tag selector, checked as a plan's: `undefined` when it has none. Throws
 * {@link InvalidProtectionGroupError} naming the group, the field and every problem.
 */
export function groupSelector(id: string, field: string, raw: unknown): ServerSelector | undefined {
  if (raw === undefined) return undefined;
  const result = v.safeParse(selectorInputSchema, raw);
  if (result.success) return result.output;
  throw new InvalidProtectionGroupError(
    id,
    `${field} is not a selector: ${result.issues.map((i) => i.message).join('; ')}`,
  );
}
