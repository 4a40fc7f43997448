/**
 * Tag selectors resolved at a wave's start: each selector (the wave's, its protection groups')
 * lists the source servers of its (account, Region) through `DescribeSourceServers` (DRS filters
 * by neither tag nor state) and keeps those that carry all its tags. Servers disconnected from
 * DRS or archived are left out and reported.
 *
 * @module
 */

import type { SourceServer } from '@aws-sdk/client-drs';
import type { DrsPort } from '../../drs/DrsPort';
import type { ProtectionGroup, ServerSelector, Wave } from '../../plan/types';
import type { ExcludedServer } from '../../store/records';
import type { WaveDeps } from '../WaveDeps';
import type { SelectedServer } from './layout';
import { portFor } from './portFor';
import { type TargetFields, targetKey } from './target';

/** One selector of a wave, where it is and the target it searches. */
export interface PlacedSelector {
  readonly selector: ServerSelector;
  /** `wave <id>` or `group <id>`. */
  readonly selectedBy: string;
  readonly target: TargetFields;
}

/** What a wave's selectors found. */
export interface Selection {
  /** The servers that can launch, each with the selector that found it. */
  readonly servers: readonly SelectedServer[];
  /** The servers matched but left out. */
  readonly excluded: readonly ExcludedServer[];
  /** The selectors that found no server that can launch. */
  readonly empty: readonly PlacedSelector[];
}

/** The wave's selectors: its own, then those of its groups `found`, in the wave's order. */
export function selectorsOf(
  wave: Wave,
  found: ReadonlyMap<string, ProtectionGroup>,
): PlacedSelector[] {
  const placed: PlacedSelector[] = [];
  if (wave.selector !== undefined) {
    placed.push({
      selector: wave.selector,
      selectedBy: `wave ${wave.id}`,
      target: {
        accountId: wave.selector.accountId ?? wave.accountId,
        region: wave.selector.region ?? wave.region,
      },
    });
  }
  for (const id of wave.protectionGroups) {
    const group = found.get(id);
    if (group?.selector === undefined) continue;
    placed.push({
      selector: group.selector,
      selectedBy: `group ${id}`,
      target: {
        accountId: group.selector.accountId ?? group.accountId ?? wave.accountId,
        region: group.selector.region ?? group.region ?? wave.region,
      },
    });
  }
  return placed;
}

/** Whether `server` carries every tag of `tags`, with the same value. */
export const hasTags = (server: SourceServer, tags: Readonly<Record<string, string>>): boolean =>
  Object.entries(tags).every(([key, value]) => server.tags?.[key] === value);

/**
 * Why a matched server cannot launch, if it cannot: archived (`isArchived`, read as an open
 * field: the SDK's model of 3.523 does not list it) or disconnected from DRS.
 */
function exclusionOf(server: SourceServer): ExcludedServer['reason'] | undefined {
  if ((server as { isArchived?: unknown }).isArchived === true) return 'ARCHIVED';
  if (server.dataReplicationInfo?.dataReplicationState === 'DISCONNECTED') return 'DISCONNECTED';
  return undefined;
}

/**
 * Resolves `selectors`, listing each (account, Region) once, through the DRS port of its target
 * (`portOf`, else the wave deps' port for it).
 */
export async function resolveSelectors(
  selectors: readonly PlacedSelector[],
  deps: WaveDeps | ((target: TargetFields) => DrsPort),
): Promise<Selection> {
  const listings = new Map<string, Promise<SourceServer[]>>();
  const list = (target: TargetFields): Promise<SourceServer[]> => {
    const key = targetKey(target);
    let listing = listings.get(key);
    if (listing === undefined) {
      const port: DrsPort = typeof deps === 'function' ? deps(target) : portFor(deps, target);
      listing = port.listSourceServers();
      listings.set(key, listing);
    }
    return listing;
  };
  const servers: SelectedServer[] = [];
  const excluded: ExcludedServer[] = [];
  const empty: PlacedSelector[] = [];
  for (const placed of selectors) {
    const matched = (await list(placed.target)).filter((s) => hasTags(s, placed.selector.tags));
    let launchable = 0;
    for (const server of matched) {
      const id = server.sourceServerID;
      if (id === undefined) continue;
      const reason = exclusionOf(server);
      if (reason !== undefined) {
        excluded.push({ sourceServerId: id, reason, selectedBy: placed.selectedBy });
        continue;
      }
      launchable += 1;
      servers.push({
        sourceServerId: id,
        impact: placed.selector.impact,
        accountId: placed.target.accountId,
        region: placed.target.region,
        from: placed.selectedBy,
      });
    }
    if (launchable === 0) empty.push(placed);
  }
  return { servers, excluded, empty };
}
