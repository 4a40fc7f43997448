/**
 * How a wave becomes DRS jobs: its servers (inline and from its protection groups, each once),
 * split into jobs of one Region each, and the quotas a wave's jobs must fit. `startWave` lays a
 * wave out with it, and the readiness check counts a stage's jobs with it, so both agree.
 *
 * @module
 */

import type { DrsQuotas } from '../../drs/limits';
import { InvalidProtectionGroupError } from '../../errors';
import type { ImpactLevel, ProtectionGroup, Wave, WaveServer } from '../../plan/types';

/** One server of a wave, with the Region its group names (`undefined`: the default Region). */
export interface ResolvedServer {
  readonly sourceServerId: string;
  readonly impact: ImpactLevel;
  readonly region: string | undefined;
}

/** One DRS job of a wave: servers of one Region, sorted by ID. */
export interface LayoutChunk {
  /** The Region of the chunk's servers; the default Region when absent. */
  readonly region?: string;
  readonly servers: readonly WaveServer[];
}

/** A quota that a wave's jobs pass in one Region, whatever else runs in the account. */
export interface QuotaExcess {
  readonly quota: 'maxServersInActiveJobs' | 'maxConcurrentJobs';
  readonly needed: number;
  readonly limit: number;
  readonly region: string | undefined;
}

/**
 * The wave's servers, inline and from the groups `found` (missing ones are skipped: the caller
 * decides what an unknown group means), each once, critical if any entry says so.
 *
 * @throws {@link InvalidProtectionGroupError} when a server is in two Regions.
 */
export function waveServers(
  wave: Wave,
  found: ReadonlyMap<string, ProtectionGroup>,
): ResolvedServer[] {
  const byId = new Map<string, { server: ResolvedServer; from: string }>();
  const add = (id: string, impact: ImpactLevel, region: string | undefined, from: string) => {
    const known = byId.get(id);
    if (known === undefined) {
      byId.set(id, { server: { sourceServerId: id, impact, region }, from });
      return;
    }
    if (known.server.region !== region) {
      throw new InvalidProtectionGroupError(
        from,
        `source server ${JSON.stringify(id)} is in Region ${JSON.stringify(region ?? 'default')} here and ${JSON.stringify(known.server.region ?? 'default')} in ${known.from}`,
      );
    }
    if (impact === 'CRITICAL') known.server = { ...known.server, impact: 'CRITICAL' };
  };
  for (const s of wave.servers) add(s.sourceServerId, s.impact, undefined, `wave ${wave.id}`);
  for (const id of wave.protectionGroups) {
    const group = found.get(id);
    for (const s of group?.servers ?? []) add(s.sourceServerId, s.impact, group?.region, id);
  }
  return [...byId.values()].map(({ server }) => server);
}

/** The servers by Region, Regions sorted (the default one, `''`, first), servers sorted by ID. */
function byRegion(servers: readonly ResolvedServer[]): [string, ResolvedServer[]][] {
  const groups = new Map<string, ResolvedServer[]>();
  for (const s of servers) {
    const key = s.region ?? '';
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.keys()]
    .sort()
    .map((region) => [
      region,
      (groups.get(region) ?? []).sort((a, b) => (a.sourceServerId < b.sourceServerId ? -1 : 1)),
    ]);
}

/** Splits servers into jobs: by Region, sorted by ID, at most `maxServersPerJob` each. */
export function splitIntoJobs(
  servers: readonly ResolvedServer[],
  maxServersPerJob: number,
): LayoutChunk[] {
  const chunks: LayoutChunk[] = [];
  for (const [region, list] of byRegion(servers)) {
    for (let i = 0; i < list.length; i += maxServersPerJob) {
      chunks.push({
        ...(region === '' ? {} : { region }),
        servers: list
          .slice(i, i + maxServersPerJob)
          .map(({ sourceServerId, impact }) => ({ sourceServerId, impact })),
      });
    }
  }
  return chunks;
}

/**
 * The first quota the wave's servers pass on their own, Region by Region (servers in active
 * jobs, then concurrent jobs): such a wave can never start. `undefined` when it fits.
 */
export function waveQuotaExcess(
  servers: readonly ResolvedServer[],
  quotas: DrsQuotas,
): QuotaExcess | undefined {
  for (const [key, list] of byRegion(servers)) {
    const region = key === '' ? undefined : key;
    const jobs = Math.ceil(list.length / quotas.maxServersPerJob);
    if (list.length > quotas.maxServersInActiveJobs) {
      return {
        quota: 'maxServersInActiveJobs',
        needed: list.length,
        limit: quotas.maxServersInActiveJobs,
        region,
      };
    }
    if (jobs > quotas.maxConcurrentJobs) {
      return { quota: 'maxConcurrentJobs', needed: jobs, limit: quotas.maxConcurrentJobs, region };
    }
  }
  return undefined;
}
