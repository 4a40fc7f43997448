import logUpdate from 'log-update';
import { InvalidOptionsError, type Problem } from '../../errors';
import { installCommand } from '../../internal/optionalPeer';
import { isSourceServerId, SOURCE_SERVER_ID_PATTERN } from '../../plan/sourceServerId';
import type { ProtectionGroup, RecoveryPlan } from '../../plan/types';
import { formatDuration } from '../../report/formatDuration';
import type { DrsFaults } from '../../testing/drsEmulator/DrsFaults';
import type { DrsSourceServerSettings } from '../../testing/drsEmulator/DrsSourceServerSettings';
import type { LocalLambdaHook } from '../../testing/localRunner/LocalStateMachine';
import type { LocalRunbook } from '../../testing/SsmAutomationStandIn';
import {
  type DrillProgress,
  missingSimulationPeers,
  simulateDrill,
} from '../../testing/simulateDrill';
import {
  beforeFlag,
  CliError,
  EXIT,
  numberOption,
  readDocument,
  readGroups,
  readPlan,
  requireNode,
} from '../internal';
import { summaryLines, writeReportFiles } from './summary';

/** The options of `drs-waves simulate`, as commander parses them. */
export interface SimulateFlags {
  readonly recovery?: boolean;
  readonly groups?: string;
  readonly speed?: string;
  readonly seed?: string;
  readonly failServer?: string[];
  readonly stuckServer?: string[];
  readonly throttleRate?: string;
  readonly internalErrorRate?: string;
  readonly pollInterval?: string;
  readonly events?: boolean;
  readonly safetyNet?: string;
  readonly dropEvents?: string;
  readonly reject?: string[];
  readonly failAction?: string[];
  readonly hangAction?: string[];
  readonly decide?: string;
  readonly storage?: string;
  readonly out: string;
  readonly progress?: boolean;
  /** The recovery point: each server from its newest snapshot at or before this ISO 8601 time. */
  readonly before?: string;
  /** A file of the emulated source servers' settings (tags...), by source server ID. */
  readonly sourceServers?: string;
}

/** Runs `drs-waves simulate`: returns the exit code. */
export async function simulate(planFile: string, flags: SimulateFlags): Promise<number> {
  requireNode('simulate');
  const problems: Problem[] = [];
  const seed =
    numberOption(problems, 'seed', flags.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? 1;
  const speed = numberOption(problems, 'speed', flags.speed, { min: 0, max: 1e9 });
  const throttleRate = numberOption(problems, 'throttle-rate', flags.throttleRate, {
    min: 0,
    max: 1,
  });
  const internalErrorRate = numberOption(problems, 'internal-error-rate', flags.internalErrorRate, {
    min: 0,
    max: 1,
  });
  const pollIntervalSeconds = numberOption(problems, 'poll-interval', flags.pollInterval, {
    min: 1,
    max: 3600,
    integer: true,
  });
  const safetyNetPollSeconds = numberOption(problems, 'safety-net', flags.safetyNet, {
    min: 30,
    max: 3600,
    integer: true,
  });
  const dropLaunchEvents = numberOption(problems, 'drop-events', flags.dropEvents, {
    min: 0,
    max: 1,
  });
  const events = flags.events === true;
  if (!events && (flags.safetyNet !== undefined || flags.dropEvents !== undefined)) {
    problems.push({
      path: flags.safetyNet !== undefined ? '--safety-net' : '--drop-events',
      message: 'Expected --events with it: only event-driven completion has launch events',
    });
  }
  const storage = flags.storage ?? 'memory';
  if (storage !== 'memory' && storage !== 'dynalite') {
    problems.push({
      path: '--storage',
      message: `Expected "memory" or "dynalite", got ${JSON.stringify(storage)}`,
    });
  }
  const failLaunch: Record<string, string> = {};
  for (const entry of flags.failServer ?? []) {
    const [id = '', ...error] = entry.split('=');
    if (serverIdOption(problems, 'fail-server', id))
      failLaunch[id] = error.join('=') || 'Simulated launch failure';
  }
  const stuckServers: string[] = [];
  for (const id of flags.stuckServer ?? []) {
    if (!serverIdOption(problems, 'stuck-server', id)) continue;
    if (Object.hasOwn(failLaunch, id)) {
      problems.push({
        path: '--stuck-server',
        message: `Source server "${id}" is given to --fail-server too: a launch either fails or never ends`,
      });
    } else stuckServers.push(id);
  }
  const decide = flags.decide;
  if (decide !== undefined && !['retry', 'skip', 'abort', 'timeout'].includes(decide)) {
    problems.push({
      path: '--decide',
      message: `Expected "retry", "skip", "abort" or "timeout", got ${JSON.stringify(decide)}`,
    });
  }
  if (problems.length > 0) throw new InvalidOptionsError('drs-waves simulate', problems);
  const before = beforeFlag('drs-waves simulate', flags.before);

  const read = await readPlan(planFile);
  // With --decide, a failed wave waits for the simulated operator unless it says ABORT itself.
  const plan = decide === undefined ? read : { ...read, onWaveFailure: 'DECIDE' as const };
  const protectionGroups = await readGroups(flags.groups);
  const sourceServerSettings = await readSourceServers(flags.sourceServers);
  const targets = faultTargets(plan, protectionGroups, Object.keys(sourceServerSettings ?? {}));
  for (const id of Object.keys(failLaunch)) targets.server(problems, 'fail-server', id);
  for (const id of stuckServers) targets.server(problems, 'stuck-server', id);
  for (const waveId of flags.reject ?? []) targets.approvalWave(problems, 'reject', waveId);
  const failing = new Set(flags.failAction ?? []);
  const hanging = new Set(flags.hangAction ?? []);
  for (const name of failing) targets.action(problems, 'fail-action', name);
  for (const name of hanging) {
    targets.action(problems, 'hang-action', name);
    if (failing.has(name)) {
      problems.push({
        path: '--hang-action',
        message: `Action "${name}" is given to --fail-action too: it either fails or never ends`,
      });
    }
  }
  if (problems.length > 0) throw new InvalidOptionsError('drs-waves simulate', problems);
  const { lambdaHooks, runbooks } = localActions(plan, failing, hanging);

  const faults: DrsFaults = {
    ...(Object.keys(failLaunch).length > 0 ? { failLaunch } : {}),
    ...(stuckServers.length > 0 ? { stuckServers } : {}),
    ...(throttleRate ? { throttleRate } : {}),
    ...(internalErrorRate ? { internalErrorRate } : {}),
    ...(dropLaunchEvents ? { dropLaunchEvents } : {}),
  };
  await requirePeers(storage as 'memory' | 'dynalite');
  const rejected = new Set(flags.reject ?? []);
  const executionType = flags.recovery ? 'RECOVERY' : 'DRILL';
  const tty = process.stdout.isTTY === true && flags.progress !== false;

  console.log(
    `drs-waves: simulating ${executionType} of plan "${plan.id}" (${plan.waves.length} waves, seed ${seed}) on the local stack, history ${storage === 'memory' ? 'in memory' : 'on dynalite'}${events ? ', waves resumed by launch events' : ''}`,
  );
  if (executionType === 'RECOVERY') {
    console.log(
      'drs-waves: --recovery rehearses a real RECOVERY against the emulator; nothing leaves this machine',
    );
  }
  const seen = new Map<string, string>();
  const onProgress = (p: DrillProgress) => {
    if (tty) {
      logUpdate(progressBlock(p));
      return;
    }
    for (const w of p.waves) {
      const line = `${w.status} ${w.launched}/${w.total}`;
      const key = w.status === 'RUNNING' ? w.status : line;
      if (seen.get(w.waveId) !== key) {
        seen.set(w.waveId, key);
        console.log(`[+${formatDuration(p.simulatedSeconds)}] wave ${w.waveId}: ${line}`);
      }
    }
  };

  const { report } = await simulateDrill({
    plan,
    protectionGroups,
    executionType,
    seed,
    faults,
    storage: storage as 'memory' | 'dynalite',
    ...(before === undefined ? {} : { recoveryPoint: { before } }),
    ...(sourceServerSettings === undefined ? {} : { emulator: { sourceServerSettings } }),
    machine: {
      ...(pollIntervalSeconds === undefined ? {} : { pollIntervalSeconds }),
      ...(events ? { completion: 'events' as const } : {}),
      ...(safetyNetPollSeconds === undefined ? {} : { safetyNetPollSeconds }),
    },
    ...(speed === undefined ? {} : { speed }),
    approve: (waveId) => (rejected.has(waveId) ? 'reject' : 'approve'),
    ...(decide === undefined
      ? {}
      : {
          decide: ({ waveId, attempt, emulator }) => {
            const choice = decide as 'retry' | 'skip' | 'abort' | 'timeout';
            // A retry follows the fix: the launch faults are lifted first. A retried wave that
            // fails again aborts.
            if (choice !== 'retry') return choice;
            if (attempt > 1) return 'abort';
            emulator.setFaults({ ...faults, failLaunch: {}, stuckServers: [] });
            console.log(
              `drs-waves: wave ${waveId} failed; retrying its failed servers (--decide retry)`,
            );
            return 'retry';
          },
        }),
    lambdaHooks,
    runbooks,
    onProgress,
  });
  if (tty) logUpdate.done();

  const html = await writeReportFiles(flags.out, report);

  console.log('');
  for (const line of summaryLines(report)) console.log(line);
  console.log('');
  console.log(`Report: ${html} (also .md and .json)`);
  if (report.status === 'SUCCEEDED') {
    const skipped = report.skippedWaveIds?.length ?? 0;
    console.log(
      `Drill SUCCEEDED${skipped > 0 ? ` with ${skipped} skipped wave${skipped === 1 ? '' : 's'}` : ''} in ${formatDuration(report.durationSeconds)} of simulated time (${report.simulation.wallSeconds} s real).`,
    );
    return EXIT.ok;
  }
  console.error(`Drill FAILED: ${report.error}: ${report.cause}`);
  return EXIT.failed;
}

/**
 * Reads `--source-servers`: an object of the emulated source servers' settings by ID (`tags`,
 * `dataReplicationState`, `lagSeconds`, `lastSnapshotAt`, `addedAt`...), checked by the
 * emulator when it starts. Times are ISO 8601 strings in the file.
 */
async function readSourceServers(
  file: string | undefined,
): Promise<Record<string, DrsSourceServerSettings> | undefined> {
  if (file === undefined) return undefined;
  const raw = await readDocument(file, 'source servers');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidOptionsError('drs-waves simulate', [
      {
        path: '--source-servers',
        message: `Expected an object of source server settings by source server ID in ${file}`,
      },
    ]);
  }
  const dates = ['lastSnapshotAt', 'addedAt'] as const;
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).map(([id, settings]) => {
      if (settings === null || typeof settings !== 'object') return [id, settings];
      const copy: Record<string, unknown> = { ...settings };
      for (const field of dates) {
        if (typeof copy[field] === 'string') copy[field] = new Date(copy[field] as string);
      }
      return [id, copy];
    }),
  ) as Record<string, DrsSourceServerSettings>;
}

/**
 * Refuses to go on when an optional peer dependency the simulation needs is not installed,
 * naming them all in one install command.
 *
 * @throws {@link CliError} (exit 2).
 */
async function requirePeers(storage: 'memory' | 'dynalite'): Promise<void> {
  const missing = (await missingSimulationPeers(storage)).map((e) => e.packageName);
  if (missing.length === 0) return;
  const names =
    missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  const command = storage === 'dynalite' ? 'simulate --storage dynalite' : 'simulate';
  throw new CliError(
    `${command} needs ${names}: ${installCommand(missing.join(' '), { dev: true })}`,
    EXIT.usage,
  );
}

function progressBlock(p: DrillProgress): string {
  const width = Math.max(4, ...p.waves.map((w) => w.waveId.length));
  const lines = p.waves.map((w) => {
    const bar =
      w.total > 0
        ? '#'.repeat(Math.round((w.launched / w.total) * 20)).padEnd(20, '.')
        : '.'.repeat(20);
    return `  ${w.waveId.padEnd(width)}  ${w.status.padEnd(17)} [${bar}] ${w.launched}/${w.total}${w.failed ? ` (${w.failed} failed)` : ''}`;
  });
  return [`Simulated time +${formatDuration(p.simulatedSeconds)}`, ...lines].join('\n');
}

/** Checks a source server ID given to a flag, collecting a problem when it is malformed. */
function serverIdOption(problems: Problem[], name: string, id: string): boolean {
  if (isSourceServerId(id)) return true;
  problems.push({
    path: `--${name}`,
    message: `Expected a DRS source server ID matching ${SOURCE_SERVER_ID_PATTERN.source}, got ${JSON.stringify(id)}`,
  });
  return false;
}

/** At most `max` items, then how many more: a list short enough for one line. */
function brief(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * What a fault flag may aim at: the plan's waves that wait for approval, and the servers its
 * waves list or take from the protection groups given. A fault aimed at anything else would
 * change nothing, silently.
 */
/** A wave's actions, before its launch and after it. */
const actionsOf = (wave: RecoveryPlan['waves'][number] | undefined) => [
  ...(wave?.before ?? []),
  ...(wave?.after ?? []),
];

/** The function ARNs and document names the plan's actions run. */
function actionTargets(plan: RecoveryPlan): Set<string> {
  return new Set(
    plan.waves.flatMap((w) =>
      actionsOf(w).flatMap((a) =>
        a.type === 'lambda' ? [a.functionArn] : a.type === 'ssmAutomation' ? [a.documentName] : [],
      ),
    ),
  );
}

const hasApprovalAction = (wave: RecoveryPlan['waves'][number] | undefined) =>
  actionsOf(wave).some((a) => a.type === 'approval');

/**
 * Stand-ins for the plan's action functions and runbooks: each succeeds (a function in 1 s, a
 * runbook in 60 s), fails when named by `--fail-action`, or never ends (`--hang-action`).
 */
function localActions(plan: RecoveryPlan, failing: Set<string>, hanging: Set<string>) {
  const lambdaHooks: Record<string, LocalLambdaHook> = {};
  const runbooks: Record<string, LocalRunbook> = {};
  for (const wave of plan.waves) {
    for (const action of actionsOf(wave)) {
      if (action.type === 'lambda') {
        const arn = action.functionArn;
        lambdaHooks[arn] = hanging.has(arn)
          ? { durationSeconds: Number.MAX_SAFE_INTEGER }
          : failing.has(arn)
            ? {
                handler: () => {
                  throw new Error(`Simulated failure of ${arn}`);
                },
              }
            : {};
      } else if (action.type === 'ssmAutomation') {
        const name = action.documentName;
        runbooks[name] = hanging.has(name)
          ? { outcome: 'never' }
          : { outcome: failing.has(name) ? 'Failed' : 'Success' };
      }
    }
  }
  return { lambdaHooks, runbooks };
}

function faultTargets(
  plan: RecoveryPlan,
  groups: readonly ProtectionGroup[],
  inventory: readonly string[],
) {
  const byId = new Map(groups.map((g) => [g.id, g]));
  // Servers tag selectors may select are among those of --source-servers.
  const servers = new Set<string>(inventory);
  const missingGroups = new Set<string>();
  for (const wave of plan.waves) {
    for (const s of wave.servers) servers.add(s.sourceServerId);
    for (const groupId of wave.protectionGroups) {
      const group = byId.get(groupId);
      if (group === undefined) missingGroups.add(groupId);
      else for (const s of group.servers) servers.add(s.sourceServerId);
    }
  }
  const notGiven =
    missingGroups.size > 0
      ? ` (protection groups ${brief([...missingGroups])} not given: pass --groups)`
      : '';
  return {
    server(problems: Problem[], name: string, id: string): void {
      if (servers.has(id)) return;
      const known = servers.size > 0 ? `its servers: ${brief([...servers])}` : 'no server is known';
      problems.push({
        path: `--${name}`,
        message: `Source server "${id}" is not in the plan; ${known}${notGiven}`,
      });
    },
    /** A `lambda` action's function ARN or an `ssmAutomation` action's document of the plan. */
    action(problems: Problem[], name: string, target: string): void {
      const names = actionTargets(plan);
      if (names.has(target)) return;
      problems.push({
        path: `--${name}`,
        message: `No lambda or ssmAutomation action of the plan runs ${JSON.stringify(target)}; ${names.size > 0 ? `its actions run: ${brief([...names])}` : 'the plan has none'}`,
      });
    },
    /** Only a wave that waits for approval can be rejected. */
    approvalWave(problems: Problem[], name: string, waveId: string): void {
      const wave = plan.waves.find((w) => w.id === waveId);
      if (wave?.requireApproval || hasApprovalAction(wave)) return;
      const what =
        wave === undefined ? 'is not in the plan' : 'does not wait for approval (requireApproval)';
      const valid = plan.waves.filter((w) => w.requireApproval).map((w) => w.id);
      const which =
        valid.length > 0
          ? `waves waiting for approval: ${brief(valid)}`
          : 'no wave of the plan waits for approval';
      problems.push({
        path: `--${name}`,
        message: `Wave ${JSON.stringify(waveId)} ${what}; ${which}`,
      });
    },
  };
}
