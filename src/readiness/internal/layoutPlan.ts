/**
 * The plan as the readiness check reads it: each wave's servers (protection groups resolved the
 * way `startWave` resolves them), grouped by DRS target, and what each stage needs of the quotas
 * there (its jobs counted by `startWave`'s own planner).
 *
 * @module
 */

import type { DrsTarget } from '../../drs/DrsTarget';
import type { DrsQuotas } from '../../drs/limits';
import { planStages } from '../../plan/planStages';
import type { RecoveryPlan } from '../../plan/types';
import type { ProtectionGroupStore } from '../../store/ProtectionGroupStore';
import { splitIntoJobs, waveQuotaExcess, waveServers } from '../../waves/internal/layout';
import {
  type PlacedSelector,
  type Selection,
  selectorsOf,
} from '../../waves/internal/selectServers';
import { targetKey, targetOfKey } from '../../waves/internal/target';
import { ReadinessCode } from '../ReadinessCode';
import type { ReadinessFinding } from '../ReadinessFinding';
import { inTarget, targetFieldsOf } from './wording';

/** The servers of one DRS target (account, Region), and the waves that name each. */
export interface TargetServers {
  readonly target: DrsTarget;
  /** The source servers, sorted by ID. */
  readonly serverIds: readonly string[];
  /** The waves naming each server, in plan order. */
  readonly wavesOf: ReadonlyMap<string, readonly string[]>;
  /** What each stage with servers here needs of the quotas, in stage order. */
  readonly stageNeeds: readonly StageNeed[];
}

/** What one stage needs at once in one DRS target: its waves' servers and jobs together. */
export interface StageNeed {
  /** The stage, counted from 1. */
  readonly stage: number;
  /** Its waves with servers in the target. */
  readonly waveIds: readonly string[];
  readonly servers: number;
  readonly jobs: number;
}

/** The plan laid out: findings of the plan itself, and the servers of each target. */
export interface PlanLayout {
  /** Unknown protection groups, waves beyond the quotas. */
  readonly findings: readonly ReadinessFinding[];
  /** The targets (account, Region), the default ones first, then by account and Region. */
  readonly targets: readonly TargetServers[];
}

interface Building {
  readonly wavesOf: Map<string, string[]>;
  readonly needs: Map<number, { waveIds: string[]; servers: number; jobs: number }>;
}

/**
 * Lays the plan out. Protection groups are read in one call; a wave naming an unknown group is a
 * finding, and its other servers are still checked.
 *
 * @throws `InvalidProtectionGroupError` when a server is in two Regions within a wave, as
 * `startWave` would.
 */
export async function layoutPlan(
  plan: RecoveryPlan,
  groups: ProtectionGroupStore,
  quotas: DrsQuotas,
  select?: (selectors: readonly PlacedSelector[]) => Promise<Selection>,
): Promise<PlanLayout> {
  const groupIds = [...new Set(plan.waves.flatMap((w) => w.protectionGroups))];
  const found = groupIds.length === 0 ? new Map() : await groups.getGroups(groupIds);
  const findings: ReadinessFinding[] = [];
  const targets = new Map<string, Building>();
  const targetOf = (key: string): Building => {
    let building = targets.get(key);
    if (building === undefined) {
      building = { wavesOf: new Map(), needs: new Map() };
      targets.set(key, building);
    }
    return building;
  };

  for (const [index, stage] of planStages(plan).entries()) {
    for (const wave of stage) {
      for (const groupId of new Set(wave.protectionGroups)) {
        if (found.has(groupId)) continue;
        findings.push({
          code: ReadinessCode.ProtectionGroupNotFound,
          severity: 'BLOCKING',
          waveId: wave.id,
          message: `Wave ${wave.id} names protection group ${groupId}, which does not exist`,
          remedy:
            'Create the protection group (in the protection group store, or the --groups file), or correct its ID in the plan',
        });
      }
      const selectors = select === undefined ? [] : selectorsOf(wave, found);
      const selected =
        select === undefined || selectors.length === 0 ? [] : (await select(selectors)).servers;
      const servers = waveServers(wave, found, selected);
      const excess = waveQuotaExcess(servers, quotas);
      if (excess !== undefined) {
        const what = excess.quota === 'maxConcurrentJobs' ? 'DRS jobs' : 'source servers';
        findings.push({
          code: ReadinessCode.QuotaExceeded,
          severity: 'BLOCKING',
          waveId: wave.id,
          ...targetFieldsOf(excess),
          message: `Wave ${wave.id} needs ${excess.needed} ${what} at once${inTarget(excess)}, above the DRS quota ${excess.quota} of ${excess.limit}: startWave refuses it`,
          remedy: 'Split the wave into smaller waves',
        });
      }
      for (const chunk of splitIntoJobs(servers, quotas.maxServersPerJob)) {
        const building = targetOf(targetKey(chunk));
        const need = building.needs.get(index + 1) ?? { waveIds: [], servers: 0, jobs: 0 };
        if (!need.waveIds.includes(wave.id)) need.waveIds.push(wave.id);
        need.servers += chunk.servers.length;
        need.jobs += 1;
        building.needs.set(index + 1, need);
        for (const { sourceServerId } of chunk.servers) {
          const waves = building.wavesOf.get(sourceServerId) ?? [];
          waves.push(wave.id);
          building.wavesOf.set(sourceServerId, waves);
        }
      }
    }
  }

  return {
    findings,
    targets: [...targets.keys()].sort().map((key) => {
      const { wavesOf, needs } = targets.get(key) as Building;
      return {
        target: targetOfKey(key),
        serverIds: [...wavesOf.keys()].sort(),
        wavesOf,
        stageNeeds: [...needs.entries()].map(([stage, need]) => ({ stage, ...need })),
      };
    }),
  };
}
