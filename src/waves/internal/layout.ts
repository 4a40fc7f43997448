/**
 * How a wave becomes DRS jobs: its servers (inline and from its protection groups, each once),
 * split into jobs of one (account, Region) each, and the quotas a wave's jobs must fit, counted
 * per (account, Region): DRS's quotas are an account's, in each Region. `startWave` lays a
 * wave out with it, and the readiness check counts a stage's jobs with it, so both agree.
 *
 * @module
 */

import type { DrsQuotas } from '../../drs/limits';
import { InvalidProtectionGroupError } from '../../errors';
import type { ImpactLevel, ProtectionGroup, Wave, WaveServer } from '../../plan/types';
import { targetKey, targetOfKey } from './target';

/**
 * One server of a wave, with its account and Region (`undefined`: the default ones): its own,
 * else its group's, else its wave's.
 */
export interface ResolvedServer {
  readonly sourceServerId: string;
  readonly impact: ImpactLevel;
  readonly region: string | undefined;
  readonly accountId?: string | undefined;
}

/** A server a tag selector found, with its target and where the selector is. */
export interface SelectedServer {
  readonly sourceServerId: string;
  readonly impact: ImpactLevel;
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  /** `wave <id>` or `group <id>`. */
  readonly from: string;
}

/** One DRS job of a wave: servers of one (account, Region), sorted by ID. */
export interface LayoutChunk {
  /** The account of the chunk's servers; the default account when absent. */
  readonly accountId?: string;
  /** The Region of the chunk's servers; the default Region when absent. */
  readonly region?: string;
  readonly servers: readonly WaveServer[];
}

/** A quota that a wave's jobs pass in one (account, Region), whatever else runs there. */
export interface QuotaExcess {
  readonly quota: 'maxServersInActiveJobs' | 'maxConcurrentJobs';
  readonly needed: number;
  readonly limit: number;
  readonly region: string | undefined;
  readonly accountId: string | undefined;
}

/**
 * The wave's servers, inline, from the groups `found` (missing ones are skipped: the caller
 * decides what an unknown group means) and `selected` by tag selectors, each once, critical if
 * any entry says so.
 *
 * @throws {@link InvalidProtectionGroupError} when a server is in two Regions or accounts.
 */
export function waveServers(
  wave: Wave,
  found: ReadonlyMap<string, ProtectionGroup>,
  selected: readonly SelectedServer[] = [],
): ResolvedServer[] {
  const byId = new Map<string, { server: ResolvedServer; from: string }>();
  const add = (
    id: string,
    impact: ImpactLevel,
    at: { readonly accountId?: string | undefined; readonly region?: string | undefined },
    from: string,
  ) => {
    const { accountId, region } = at;
    const known = byId.get(id);
    if (known === undefined) {
      byId.set(id, { server: { sourceServerId: id, impact, region, accountId }, from });
      return;
    }
    if (known.server.region !== region) {
      throw new InvalidProtectionGroupError(
        from,
        `source server ${JSON.stringify(id)} is in Region ${JSON.stringify(region ?? 'default')} here and ${JSON.stringify(known.server.region ?? 'default')} in ${known.from}`,
      );
    }
    if (known.server.accountId !== accountId) {
      throw new InvalidProtectionGroupError(
        from,
        `source server ${JSON.stringify(id)} is in account ${JSON.stringify(accountId ?? 'default')} here and ${JSON.stringify(known.server.accountId ?? 'default')} in ${known.from}`,
      );
    }
    if (impact === 'CRITICAL') known.server = { ...known.server, impact: 'CRITICAL' };
  };
  for (const s of wave.servers) {
    const at = { accountId: s.accountId ?? wave.accountId, region: s.region ?? wave.region };
    add(s.sourceServerId, s.impact, at, `wave ${wave.id}`);
  }
  for (const id of wave.protectionGroups) {
    const group = found.get(id);
    const at = {
      accountId: group?.accountId ?? wave.accountId,
      region: group?.region ?? wave.region,
    };
    for (const s of group?.servers ?? []) add(s.sourceServerId, s.impact, at, id);
  }
  for (const s of selected) add(s.sourceServerId, s.impact, s, `the selector of ${s.from}`);
  return [...byId.values()].map(({ server }) => server);
}

/**
 * The servers by (account, Region) key ({@link targetKey}), keys sorted (the default account
 * and Region first), servers sorted by ID.
 */
function byTarget(servers: readonly ResolvedServer[]): [string, ResolvedServer[]][] {
  const groups = new Map<string, ResolvedServer[]>();
  for (const s of servers) {
    const key = targetKey(s);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.keys()]
    .sort()
    .map((key) => [
      key,
      (groups.get(key) ?? []).sort((a, b) => (a.sourceServerId < b.sourceServerId ? -1 : 1)),
    ]);
}

/**
 * Splits servers into jobs: by (account, Region), sorted by ID, at most `maxServersPerJob` each.
 */
export function splitIntoJobs(
  servers: readonly ResolvedServer[],
  maxServersPerJob: number,
): LayoutChunk[] {
  const chunks: LayoutChunk[] = [];
  for (const [key, list] of byTarget(servers)) {
    const target = targetOfKey(key);
    for (let i = 0; i < list.length; i += maxServersPerJob) {
      chunks.push({
        ...target,
        servers: list
          .slice(i, i + maxServersPerJob)
          .map(({ sourceServerId, impact }) => ({ sourceServerId, impact })),
      });
    }
  }
  return chunks;
}

/**
 * The first quota the wave's servers pass on their own, (account, Region) by (account, Region)
 * (servers in active jobs, then concurrent jobs): such a wave can never start. `undefined` when
 * it fits.
 */
export function waveQuotaExcess(
  servers: readonly ResolvedServer[],
  quotas: DrsQuotas,
): QuotaExcess | undefined {
  for (const [key, list] of byTarget(servers)) {
    const { region, accountId } = targetOfKey(key);
    const jobs = Math.ceil(list.length / quotas.maxServersPerJob);
    if (list.length > quotas.maxServersInActiveJobs) {
      return {
        quota: 'maxServersInActiveJobs',
        needed: list.length,
        limit: quotas.maxServersInActiveJobs,
        region,
        accountId,
      };
    }
    if (jobs > quotas.maxConcurrentJobs) {
      return {
        quota: 'maxConcurrentJobs',
        needed: jobs,
        limit: quotas.maxConcurrentJobs,
        region,
        accountId,
      };
    }
  }
  return undefined;
}
