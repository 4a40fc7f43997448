import { estimateExecutionBudget } from '../../asl/estimateExecutionBudget';
import type { PollingStateMachineOptions } from '../../asl/PollingStateMachineOptions';
import { DEFAULT_DRS_QUOTAS } from '../../drs/limits';
import { isDrsWavesError, type Problem } from '../../errors';
import { planStages } from '../../plan/planStages';
import { formatDuration } from '../../report/formatDuration';
import { EXIT, readDocument, readGroups, readPlan } from '../internal';

/** The options of `drs-waves validate`. */
export interface ValidateFlags {
  readonly groups?: string;
  readonly options?: string;
}

/**
 * Runs `drs-waves validate`: prints the stages, the DRS jobs each wave needs, the quota checks
 * and the budget estimate; every problem listed, non-zero exit when there is one.
 */
export async function validate(planFile: string, flags: ValidateFlags): Promise<number> {
  const plan = await readPlan(planFile);
  const groups = new Map((await readGroups(flags.groups)).map((g) => [g.id, g]));
  const machine = (flags.options ? await readDocument(flags.options, 'options') : {}) as Omit<
    PollingStateMachineOptions,
    'lambdaArn'
  >;
  const quotas = DEFAULT_DRS_QUOTAS;
  const parallel = machine.wavesInParallel ?? 5;
  const problems: Problem[] = [];
  const stages = planStages(plan);
  // Without --groups, the servers of protection groups are unknown: say so, never count them 0.
  const unchecked = new Set<string>();

  console.log(
    `Plan "${plan.id}"${plan.name ? ` (${plan.name})` : ''}: ${plan.waves.length} waves in ${stages.length} stages`,
  );
  stages.forEach((stage, index) => {
    console.log(`Stage ${index + 1}:`);
    let stageServers = 0;
    let stageJobs = 0;
    for (const wave of stage) {
      const ids = new Set(wave.servers.map((s) => s.sourceServerId));
      const unresolved: string[] = [];
      for (const groupId of wave.protectionGroups) {
        const group = groups.get(groupId);
        if (group) for (const s of group.servers) ids.add(s.sourceServerId);
        else unresolved.push(groupId);
      }
      const jobs = Math.ceil(ids.size / quotas.maxServersPerJob);
      stageServers += ids.size;
      stageJobs += jobs;
      const servers = `${ids.size} server${ids.size === 1 ? '' : 's'}`;
      const jobCount = `${jobs} DRS job${jobs === 1 ? '' : 's'}`;
      if (!flags.groups && unresolved.length > 0) {
        for (const groupId of unresolved) unchecked.add(groupId);
        const notes = [ids.size > 0 ? jobCount : '', wave.requireApproval ? 'approval' : ''];
        const note = notes.filter(Boolean).join('; ');
        console.log(
          `  ${wave.id}: ${servers} listed inline${note ? ` (${note})` : ''}; protection groups ${unresolved.join(', ')} not checked: pass --groups`,
        );
      } else {
        const notes = [
          wave.requireApproval ? 'approval' : '',
          unresolved.length > 0 ? `unknown groups: ${unresolved.join(', ')}` : '',
        ].filter(Boolean);
        console.log(
          `  ${wave.id}: ${servers} in ${jobCount}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        );
      }
      if (flags.groups && unresolved.length > 0) {
        problems.push({
          path: `waves[${wave.id}].protectionGroups`,
          message: `Unknown protection groups: ${unresolved.join(', ')}`,
        });
      }
      if (ids.size > quotas.maxServersInActiveJobs) {
        problems.push({
          path: `waves[${wave.id}]`,
          message: `${ids.size} servers exceed the DRS quota of ${quotas.maxServersInActiveJobs} servers in active jobs`,
        });
      }
      if (jobs > quotas.maxConcurrentJobs) {
        problems.push({
          path: `waves[${wave.id}]`,
          message: `${jobs} jobs exceed the DRS quota of ${quotas.maxConcurrentJobs} concurrent jobs`,
        });
      }
    }
    if (Math.min(parallel, stage.length) > 1 && stageServers > quotas.maxServersInActiveJobs) {
      problems.push({
        path: `stages[${index + 1}]`,
        message: `${stageServers} servers may be in active jobs at once (waves in parallel), above the DRS quota of ${quotas.maxServersInActiveJobs}: lower wavesInParallel or split the stage`,
      });
    }
    if (Math.min(parallel, stage.length) > 1 && stageJobs > quotas.maxConcurrentJobs) {
      problems.push({
        path: `stages[${index + 1}]`,
        message: `${stageJobs} DRS jobs may run at once, above the DRS quota of ${quotas.maxConcurrentJobs}`,
      });
    }
  });

  try {
    const budget = estimateExecutionBudget(plan, machine);
    console.log('Budget (worst case: every wave polled until its timeout):');
    console.log(
      `  largest history: ${budget.largestHistoryEvents} events of 25,000 (parent ${budget.parent.historyEvents})`,
    );
    console.log(
      `  state transitions: ${budget.totalStateTransitions}, about $${budget.totalCostUsd.toFixed(2)}`,
    );
    console.log(`  router invocations: ${budget.totalLambdaInvocations}`);
    console.log(
      `  longest run: ${formatDuration(budget.maxDurationSeconds)}; largest payload: ${budget.largestPayloadBytes} bytes`,
    );
  } catch (error) {
    if (!isDrsWavesError(error) || !('problems' in error)) throw error;
    problems.push(...(error.problems as Problem[]));
  }

  if (problems.length === 0) {
    console.log(
      unchecked.size === 0
        ? 'OK: no problems found.'
        : `OK: no problems found, but protection groups ${[...unchecked].join(', ')} were not checked: pass --groups to count their servers against the DRS quotas.`,
    );
    return EXIT.ok;
  }
  console.error(`${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const p of problems) console.error(`- ${p.path}: ${p.message}`);
  return EXIT.failed;
}
