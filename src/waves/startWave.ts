import type { DrsQuotas } from '../drs/limits';
import {
  describeValue,
  EmptySelectorError,
  ExecutionMismatchError,
  HistoryRecordNotFoundError,
  InvalidOptionsError,
  InvalidPlanError,
  InvalidProtectionGroupError,
  type Problem,
  UnknownProtectionGroupError,
  WaveQuotaExceededError,
} from '../errors';
import { isRecord } from '../internal/records';
import { type Logger, silentLogger } from '../logger';
import { parseExecutionType } from '../plan/executionType';
import { isSourceServerId } from '../plan/sourceServerId';
import type { ExecutionType, RecoveryPoint, Wave } from '../plan/types';
import type { ExecutionHistoryStore } from '../store/ExecutionHistoryStore';
import { guardStore } from '../store/internal/guardStore';
import type { ProtectionGroupStore } from '../store/ProtectionGroupStore';
import type {
  ChunkRecord,
  ExcludedServer,
  ExecutionRecord,
  ServerSnapshot,
  WaveLayoutRecord,
  WaveRecord,
} from '../store/records';
import { followWave } from './checkWaveStatus';
import { advanceStarts, executionStop, isOpen, startEngine } from './internal/advanceStarts';
import { chooseSnapshots } from './internal/chooseSnapshots';
import { checkDeps, withDefaultQuotas } from './internal/deps';
import {
  type ResolvedServer,
  splitIntoJobs,
  waveQuotaExcess,
  waveServers,
} from './internal/layout';
import { withPortPerTarget } from './internal/portFor';
import { launchedBefore } from './internal/resumedServers';
import { resolveSelectors, selectorsOf } from './internal/selectServers';
import type { WaveDeps } from './WaveDeps';

/**
 * Which wave to start, in which execution.
 *
 * @example
 * ```ts
 * import type { StartWaveInput } from 'drs-waves';
 *
 * const input: StartWaveInput = {
 *   executionId: 'three-tier-20260101T000000Z',
 *   executionType: 'DRILL',
 *   wave: { id: 'database', protectionGroups: ['pg-db'], servers: [], requireApproval: false },
 * };
 * ```
 */
export interface StartWaveInput {
  /** The execution, already recorded in the history. */
  readonly executionId: string;
  /** Must equal the execution type the execution was recorded with. */
  readonly executionType: ExecutionType;
  /** The wave, from the plan. */
  readonly wave: Wave;
}

/**
 * What startWave needs beyond {@link WaveDeps}.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import {
 *   createDrsAdapter, InMemoryExecutionHistoryStore, InMemoryProtectionGroupStore, type StartWaveDeps,
 * } from 'drs-waves';
 *
 * const deps: StartWaveDeps = {
 *   drs: createDrsAdapter(new DrsClient({})),
 *   history: new InMemoryExecutionHistoryStore(),
 *   protectionGroups: new InMemoryProtectionGroupStore([]),
 *   quotas: { maxServersPerJob: 50 },
 * };
 * ```
 */
export interface StartWaveDeps extends WaveDeps {
  /** Where the wave's protection groups are read. */
  readonly protectionGroups: ProtectionGroupStore;
}

/**
 * What startWave returns to the state machine: small, whatever the wave's size.
 *
 * @example
 * ```ts
 * import type { StartWaveResult } from 'drs-waves';
 *
 * const result: StartWaveResult = { status: 'STARTED', jobIds: ['drsjob-541cee6300c363be5'], serverCount: 2 };
 * ```
 */
export interface StartWaveResult {
  /**
   * `STARTED` (poll it: its jobs, and chunks still waiting for quota, are followed by
   * `checkWaveStatus`), `COMPLETED` (nothing to recover) or `FAILED` (DRS refused every job).
   */
  readonly status: 'STARTED' | 'COMPLETED' | 'FAILED';
  /** The wave's DRS jobs started so far. */
  readonly jobIds: readonly string[];
  /** Chunks of the wave that have no job yet (waiting for quota, a conflict, a retry). */
  readonly waitingJobs?: number;
  /** Servers in the wave. */
  readonly serverCount: number;
  /** `true` when the wave had no servers and completed without any DRS call. */
  readonly empty?: boolean;
  /** For `FAILED`: the error name. */
  readonly error?: string;
  /** For `FAILED`: why. */
  readonly cause?: string;
}

const EXECUTION_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The wave's servers, and what its tag selectors left out. */
interface WaveSelection {
  readonly servers: ResolvedServer[];
  readonly excluded: readonly ExcludedServer[];
  /** Whether the wave's servers depend on DRS at its start (tag selectors). */
  readonly selects: boolean;
}

/**
 * The wave's servers: inline, from its groups and from the tag selectors (the wave's and its
 * groups'), each once, critical if any entry says so. With `select` false, the selectors are
 * not resolved (no DRS call): only whether there are any is told.
 *
 * @throws {@link EmptySelectorError} when a selector finds no server that can launch and the
 * wave does not `allowEmpty`.
 */
async function resolveServers(
  wave: Wave,
  groups: ProtectionGroupStore,
  deps: WaveDeps,
  select: boolean,
): Promise<WaveSelection> {
  const bad = wave.servers
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !isSourceServerId(s.sourceServerId));
  if (bad.length > 0) {
    throw new InvalidPlanError(
      bad.map(({ s, i }) => ({
        path: `waves[${wave.id}].servers[${i}]`,
        message: `Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got ${JSON.stringify(s.sourceServerId)}`,
      })),
    );
  }
  const found = await groups.getGroups(wave.protectionGroups);
  const missing = [...new Set(wave.protectionGroups)].filter((id) => !found.has(id));
  if (missing.length > 0) throw new UnknownProtectionGroupError(wave.id, missing);
  const selectors = selectorsOf(wave, found);
  if (!select || selectors.length === 0) {
    return { servers: waveServers(wave, found), excluded: [], selects: selectors.length > 0 };
  }
  const selection = await resolveSelectors(selectors, deps);
  if (selection.empty.length > 0 && wave.allowEmpty !== true) {
    throw new EmptySelectorError(
      wave.id,
      selection.empty.map((p) => ({ selectedBy: p.selectedBy, tags: p.selector.tags })),
    );
  }
  return {
    servers: waveServers(wave, found, selection.servers),
    excluded: selection.excluded,
    selects: true,
  };
}

/** Splits servers into jobs (see {@link splitIntoJobs}), refusing a wave beyond the quotas. */
function planLayout(
  executionId: string,
  waveId: string,
  servers: readonly ResolvedServer[],
  quotas: DrsQuotas,
  plannedAt: string,
  extra: Pick<WaveLayoutRecord, 'excludedServers' | 'recoveryPoint'> & {
    readonly snapshots?: ReadonlyMap<string, ServerSnapshot>;
  } = {},
): WaveLayoutRecord {
  const excess = waveQuotaExcess(servers, quotas);
  if (excess !== undefined) {
    throw new WaveQuotaExceededError(waveId, excess.quota, excess.needed, excess.limit, {
      ...(excess.accountId === undefined ? {} : { accountId: excess.accountId }),
      ...(excess.region === undefined ? {} : { region: excess.region }),
    });
  }
  const { snapshots, excludedServers, recoveryPoint } = extra;
  const chunks = splitIntoJobs(servers, quotas.maxServersPerJob).map((chunk) => {
    const chosen = chunk.servers.flatMap((s) => {
      const snapshot = snapshots?.get(s.sourceServerId);
      return snapshot === undefined ? [] : [[s.sourceServerId, snapshot] as const];
    });
    return chosen.length === 0 ? chunk : { ...chunk, snapshots: Object.fromEntries(chosen) };
  });
  return {
    executionId,
    waveId,
    serverCount: servers.length,
    chunks,
    plannedAt,
    ...(excludedServers === undefined || excludedServers.length === 0 ? {} : { excludedServers }),
    ...(recoveryPoint === undefined ? {} : { recoveryPoint }),
  };
}

const chunksOf = (layout: WaveLayoutRecord): ChunkRecord[] =>
  layout.chunks.map((c, chunkIndex) => ({
    executionId: layout.executionId,
    waveId: layout.waveId,
    chunkIndex,
    ...(c.accountId === undefined ? {} : { accountId: c.accountId }),
    ...(c.region === undefined ? {} : { region: c.region }),
    servers: c.servers,
    ...(c.snapshots === undefined ? {} : { snapshots: c.snapshots }),
    launchStatuses: {},
    verdicts: {},
    settled: false,
  }));

const sameLayout = (a: WaveLayoutRecord, b: WaveLayoutRecord) =>
  JSON.stringify(a.chunks) === JSON.stringify(b.chunks);

const jobIdsOf = (chunks: readonly ChunkRecord[]) =>
  chunks.flatMap((c) => (c.jobId === undefined ? [] : [c.jobId]));

const resultOf = (wave: WaveRecord, chunks: readonly ChunkRecord[]): StartWaveResult => {
  const failed = wave.status === 'FAILED' || wave.status === 'TIMED_OUT';
  const waiting = chunks.filter(isOpen).length;
  return {
    status:
      wave.status === 'COMPLETED' && wave.serverCount === 0
        ? 'COMPLETED'
        : failed
          ? 'FAILED'
          : 'STARTED',
    jobIds: jobIdsOf(chunks),
    serverCount: wave.serverCount,
    ...(waiting > 0 && !failed ? { waitingJobs: waiting } : {}),
    ...(wave.serverCount === 0 ? { empty: true } : {}),
    ...(failed && wave.error ? { error: wave.error } : {}),
    ...(failed && wave.cause ? { cause: wave.cause } : {}),
  };
};

/**
 * Starts a wave's DRS recovery exactly once, whatever Step Functions retries.
 *
 * 1. Checks the input against the recorded execution (same execution type, a wave of its
 *    plan).
 * 2. Decides the wave's layout once: resolves protection groups and inline servers, removes
 *    duplicates, refuses unknown groups, malformed IDs and waves beyond the DRS quotas, and
 *    splits the servers into chunks (jobs of at most `maxServersPerJob` servers of one Region).
 *    The layout is recorded first, with a conditional write: the first one wins, and every later
 *    attempt launches it, whatever was edited in the plan or its groups since (a difference is
 *    logged). Then the chunks and the wave are recorded.
 * 3. Starts each chunk without a job, once (see below); a chunk that cannot start now waits,
 *    and every later `checkWaveStatus` tries it again, until the wave's timeout.
 *
 * Each start attempt reconciles first (finds, by its tags, a job that an earlier attempt
 * started but could not record), checks that the account's active jobs leave room under the
 * quotas, reads the execution's status (nothing starts after a cancel), claims the chunk with
 * a conditional write and calls `StartRecovery` with `isDrill` true only for `DRILL`, tagged
 * with the execution, wave and chunk ({@link DRS_JOB_TAGS}). What DRS answers decides the
 * chunk at once: a job is recorded; a quota refusal (`ServiceQuotaExceededException`), a
 * conflict with another job, throttling, or a lost answer (a 5xx, the network: the chunk is
 * then reconciled before any new call) release the claim and the chunk waits with backoff; a
 * refusal (validation, access) marks the chunk never to be started, starts nothing more in the
 * wave, and the wave fails once its started jobs have ended. Every job DRS accepted is
 * recorded and followed, whatever happens to the other chunks.
 *
 * A wave without servers completes without any DRS call.
 *
 * @throws {@link HistoryRecordNotFoundError} when the execution is not recorded,
 * {@link ExecutionMismatchError}, {@link InvalidExecutionTypeError}, {@link InvalidPlanError},
 * {@link UnknownProtectionGroupError}, {@link InvalidProtectionGroupError},
 * {@link WaveQuotaExceededError}, {@link InvalidOptionsError}: all before anything is written;
 * {@link HistoryUnavailableError} (a store failed) and {@link DrsRetryableError} (DRS failed
 * before any job could start): retry.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import {
 *   createDrsAdapter, InMemoryExecutionHistoryStore, InMemoryProtectionGroupStore, startWave,
 * } from 'drs-waves';
 *
 * const deps = {
 *   drs: createDrsAdapter(new DrsClient({})),
 *   history: new InMemoryExecutionHistoryStore(),
 *   protectionGroups: new InMemoryProtectionGroupStore([]),
 * };
 * const result = await startWave(
 *   {
 *     executionId: 'three-tier-20260101T000000Z',
 *     executionType: 'DRILL',
 *     wave: { id: 'database', servers: [{ sourceServerId: 's-1234567890abcdef0', impact: 'CRITICAL' }], protectionGroups: [], requireApproval: false },
 *   },
 *   deps,
 * );
 * result.jobIds; // the wave's DRS jobs
 * ```
 */
export async function startWave(
  input: StartWaveInput,
  deps: StartWaveDeps,
): Promise<StartWaveResult> {
  checkDeps('startWave', deps);
  const wave = input.wave;
  checkWaveShape(wave);
  return startWaveOf(
    {
      executionId: input.executionId,
      executionType: input.executionType,
      waveId: wave?.id,
      loadWave: async () => wave,
    },
    deps,
  );
}

/** Refuses a wave that is not shaped as the plan parser makes them, before anything else. */
function checkWaveShape(wave: unknown): asserts wave is Wave {
  if (!isRecord(wave)) {
    throw new InvalidPlanError([
      {
        path: 'wave',
        message: `Expected a wave from parseRecoveryPlan, got ${describeValue(wave)}`,
      },
    ]);
  }
  const at = typeof wave.id === 'string' ? `waves[${wave.id}]` : 'wave';
  const problems: Problem[] = [];
  if (typeof wave.id !== 'string' || wave.id === '') {
    problems.push({
      path: `${at}.id`,
      message: `Expected a wave ID, got ${describeValue(wave.id)}`,
    });
  }
  for (const field of ['servers', 'protectionGroups'] as const) {
    if (!Array.isArray(wave[field])) {
      problems.push({
        path: `${at}.${field}`,
        message: `Expected a list, got ${describeValue(wave[field])}`,
      });
    }
  }
  if (Array.isArray(wave.servers)) {
    wave.servers.forEach((server: unknown, i) => {
      const impact = isRecord(server) ? server.impact : undefined;
      if (!isRecord(server) || (impact !== 'CRITICAL' && impact !== 'OPTIONAL')) {
        problems.push({
          path: `${at}.servers[${i}]`,
          message: `Expected { sourceServerId, impact: "CRITICAL" | "OPTIONAL" }, got ${isRecord(server) ? `impact ${describeValue(impact)}` : describeValue(server)}`,
        });
      }
    });
  }
  if (problems.length > 0) throw new InvalidPlanError(problems);
}

/** What {@link startWaveOf} needs: the wave by ID, and a way to read it only when it must be planned. */
export interface LazyStartWaveInput {
  readonly executionId: string;
  readonly executionType: ExecutionType;
  readonly waveId: string;
  /** Reads the wave from the plan: only called while its layout is not recorded. */
  readonly loadWave: (execution: ExecutionRecord) => Promise<Wave>;
}

/**
 * {@link startWave}, reading the plan only when the wave's layout is not recorded yet. Its
 * `deps` are not checked here: the action router checks them once, when it is created.
 */
export async function startWaveOf(
  input: LazyStartWaveInput,
  given: StartWaveDeps,
): Promise<StartWaveResult> {
  const deps = withPortPerTarget(given);
  const quotas = withDefaultQuotas(deps.quotas);
  if (typeof input.executionId !== 'string' || !EXECUTION_ID.test(input.executionId)) {
    throw new InvalidOptionsError('startWave', [
      {
        path: 'executionId',
        message: `Expected 1 to 80 letters, digits, "-" or "_", got ${JSON.stringify(input.executionId)}`,
      },
    ]);
  }
  const executionType = parseExecutionType(input.executionType);
  const { executionId, waveId } = input;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const history = guardStore(deps.history, 'execution history');

  const execution = await history.getExecution(executionId);
  if (execution === undefined) throw new HistoryRecordNotFoundError('execution', executionId);
  if (execution.executionType !== executionType) {
    throw new ExecutionMismatchError(
      executionId,
      'executionType',
      executionType,
      execution.executionType,
    );
  }
  if (!execution.waveIds.includes(waveId)) {
    throw new ExecutionMismatchError(executionId, 'waveIds', waveId, execution.waveIds.join(','));
  }

  let record = await history.getWave(executionId, waveId);
  if (record === undefined) {
    const layout = await decideLayout(execution, input, deps, history, quotas, clock, logger);
    const now = clock().toISOString();
    const empty = layout.serverCount === 0;
    const created = await history.createWave(
      {
        executionId,
        waveId,
        status: empty ? 'COMPLETED' : 'STARTED',
        serverCount: layout.serverCount,
        chunkCount: layout.chunks.length,
        jobIds: [],
        pollCount: 0,
        startedAt: now,
        ...(layout.excludedServers === undefined
          ? {}
          : { excludedServers: layout.excludedServers }),
        ...(layout.recoveryPoint === undefined ? {} : { recoveryPoint: layout.recoveryPoint }),
        ...(empty
          ? { endedAt: now, counts: { launched: 0, failed: 0, pending: 0, criticalFailed: 0 } }
          : {}),
      },
      chunksOf(layout),
    );
    record = created.wave;
    if (created.created) {
      logger.info('wave start recorded', {
        executionId,
        waveId,
        servers: layout.serverCount,
        jobs: layout.chunks.length,
      });
    }
  }
  if (record.status !== 'STARTED' && record.status !== 'STARTING') {
    return resultOf(record, await history.listChunks(executionId, waveId));
  }

  const engine = startEngine(executionId, waveId, deps, history, logger);
  const before = await history.listChunks(executionId, waveId);
  const chunks = await advanceStarts(engine, before, executionType === 'DRILL', () =>
    executionStop(history, executionId),
  );
  const jobIds = jobIdsOf(chunks);
  if (jobIds.length === 0 && chunks.every((c) => c.notStarted !== undefined)) {
    // DRS refused the wave before any job started: settle it now, there is nothing to wait for.
    await followWave({ executionId, waveId }, { ...deps, history });
    const settled = await history.getWave(executionId, waveId);
    return resultOf(settled ?? record, chunks);
  }
  if (jobIds.join() !== record.jobIds.join()) {
    await history.updateWave(executionId, waveId, { jobIds });
  }
  return resultOf(record, chunks);
}

/** The recovery point a wave launches from: its own, else its execution's. */
const recordedPointOf = (wave: Wave, execution: ExecutionRecord): RecoveryPoint | undefined =>
  wave.recoveryPoint ?? execution.recoveryPoint;

/**
 * The wave's layout: the recorded one if any (a difference with the plan now is logged), else
 * planned from the wave and recorded, the first writer winning.
 */
async function decideLayout(
  execution: ExecutionRecord,
  input: LazyStartWaveInput,
  deps: StartWaveDeps,
  history: ExecutionHistoryStore,
  quotas: DrsQuotas,
  clock: () => Date,
  logger: Logger,
): Promise<WaveLayoutRecord> {
  const { executionId, waveId } = input;
  const recorded = await history.getLayout(executionId, waveId);
  const groups = guardStore(deps.protectionGroups, 'protection group store');
  if (recorded !== undefined) {
    // A retry: the recorded layout launches, its selectors and snapshots as first resolved
    // (never again: no DRS call). An edit of a plan without them is only worth a log line.
    const wave = await input.loadWave(execution).catch((error: unknown) => error);
    const now =
      wave instanceof Error ||
      execution.resumedFrom !== undefined ||
      recordedPointOf(wave as Wave, execution) !== undefined
        ? undefined
        : await resolveServers(wave as Wave, groups, deps, false).catch(() => undefined);
    if (now !== undefined && !now.selects) {
      const layout = planLayout(executionId, waveId, now.servers, quotas, recorded.plannedAt);
      if (!sameLayout(layout, recorded)) {
        logger.warn(
          'the plan or its groups changed since the wave was laid out: the recorded layout launches',
          {
            executionId,
            waveId,
            recordedServers: recorded.serverCount,
            planServers: layout.serverCount,
          },
        );
      }
    }
    return recorded;
  }
  const plan = async () => {
    const wave = await input.loadWave(execution);
    const resolved = await resolveServers(wave, groups, deps, true);
    // A resumed execution never launches again what an execution it resumes launched.
    const before =
      execution.resumedFrom && (await launchedBefore(history, execution, waveId, deps));
    const servers = resolved.servers.filter((s) => !before?.has(s.sourceServerId));
    const excluded = resolved.excluded;
    const point = recordedPointOf(wave, execution);
    const snapshots =
      point === undefined
        ? undefined
        : await chooseSnapshots(
            waveId,
            servers,
            point,
            wave.fallbackToLatestSnapshot === true,
            deps,
          );
    return planLayout(executionId, waveId, servers, quotas, clock().toISOString(), {
      excludedServers: excluded,
      ...(point === undefined ? {} : { recoveryPoint: point }),
      ...(snapshots === undefined ? {} : { snapshots }),
    });
  };
  const planned = await plan();
  const { created, layout } = await history.recordLayout(planned);
  if (!created && !sameLayout(planned, layout)) {
    logger.warn('another attempt laid the wave out first, differently: its layout launches', {
      executionId,
      waveId,
      recordedServers: layout.serverCount,
      planServers: planned.serverCount,
    });
  }
  return layout;
}
