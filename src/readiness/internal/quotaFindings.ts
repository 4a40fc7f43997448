import type { DrsTarget } from '../../drs/DrsTarget';
import type { ActiveJobs } from '../../drs/internal/activeJobs';
import type { DrsQuotas } from '../../drs/limits';
import { ReadinessCode } from '../ReadinessCode';
import type { ReadinessFinding } from '../ReadinessFinding';
import type { StageNeed } from './layoutPlan';
import { count, inTarget } from './wording';

/**
 * A `WARNING` for each stage that needs more, in one account and Region, than the jobs active there now
 * leave of the quotas (concurrent jobs, servers in active jobs): its waves would wait for quota.
 */
export function stageQuotaFindings(
  needs: readonly StageNeed[],
  active: ActiveJobs,
  quotas: DrsQuotas,
  target: DrsTarget,
): ReadinessFinding[] {
  const freeJobs = Math.max(0, quotas.maxConcurrentJobs - active.jobs.length);
  const freeServers = Math.max(0, quotas.maxServersInActiveJobs - active.serverCount);
  return needs
    .filter((need) => need.jobs > freeJobs || need.servers > freeServers)
    .map((need) => ({
      code: ReadinessCode.QuotaExceeded,
      severity: 'WARNING' as const,
      ...target,
      message: `Stage ${need.stage} (${need.waveIds.join(', ')}) needs ${count(need.servers, 'source server')} in ${count(need.jobs, 'DRS job')} at once${inTarget(target)}, but the ${count(active.jobs.length, 'job')} active now (${count(active.serverCount, 'server')}) leave room for ${count(freeServers, 'server')} in ${count(freeJobs, 'job')} (quotas: ${quotas.maxServersInActiveJobs} servers in active jobs, ${quotas.maxConcurrentJobs} concurrent jobs)`,
      remedy:
        'Its waves would wait for quota, up to their timeouts: run the plan once the other jobs have completed, or give the stage fewer servers at once',
    }));
}
