import type { RecoveryInstance } from '@aws-sdk/client-drs';
import type { DrsPort } from '../drs/DrsPort';
import type { DrsTarget } from '../drs/DrsTarget';
import { HistoryRecordNotFoundError } from '../errors';
import { optionalField as opt } from '../internal/optionalField';
import { PACKAGE_VERSION } from '../internal/packageVersion';
import type { RecoveryPlan } from '../plan/types';
import type { ExecutionHistoryStore } from '../store/ExecutionHistoryStore';
import type { ChunkRecord, ExecutionRecord, ServerRecord, WaveRecord } from '../store/records';
import { portFor } from '../waves/internal/portFor';
import { targetKey, targetOf, targetOfKey } from '../waves/internal/target';
import type { DrillReport, DrillReportServer, DrillReportTarget } from './DrillReport';
import { reportServer, reportWave, withRecoveryPointAges } from './internal/reportRecords';

/**
 * What {@link buildDrillReport} reads.
 *
 * @example
 * ```ts
 * import type { BuildDrillReportInput } from 'drs-waves/report';
 * import type { DrsPort, ExecutionHistoryStore } from 'drs-waves';
 *
 * declare const history: ExecutionHistoryStore;
 * declare const drs: DrsPort;
 * const input: BuildDrillReportInput = { history, executionId: 'shop-drill-1', drs };
 * ```
 */
export interface BuildDrillReportInput {
  /** The deployment's execution history. */
  readonly history: ExecutionHistoryStore;
  /** The execution to report on (its Step Functions name). */
  readonly executionId: string;
  /**
   * DRS, to read each launched server's recovery point and EC2 state
   * (`DescribeRecoveryInstances`, 200 instances per call). Without it the report has neither.
   * Instances a drill cleanup terminated are no longer known to DRS: report before cleaning up.
   */
  readonly drs?: DrsPort;
  /** DRS in another Region than `drs`'s, for waves whose servers replicate there. */
  readonly drsForRegion?: (region: string) => DrsPort;
  /**
   * DRS in another account or Region (`{ accountId?, region? }`), for servers launched there:
   * one `DescribeRecoveryInstances` per (account, Region). Wins over `drsForRegion`.
   */
  readonly drsFor?: (target: DrsTarget) => DrsPort;
  /**
   * The plan as the execution ran it, to name its waves (the history keeps their IDs only).
   * @default the waves are shown by ID
   */
  readonly plan?: RecoveryPlan;
  /**
   * The clock: when the report is made, the end of a running execution's timeline.
   * @default () => new Date()
   */
  readonly clock?: () => Date;
}

/**
 * Builds the drill report of an execution from its history: the execution, each wave with its
 * servers and recovery-time objective (as the execution began with them), each server's
 * outcome, recovery instance and times, and, when `drs` is given, the recovery point each
 * instance launched from. An execution still running gets a report as far as it has run
 * (`status: 'RUNNING'`). `drs-waves report` and `simulateDrill` build theirs with it; render it
 * with {@link renderDrillReportHtml} or {@link renderDrillReportMarkdown}.
 *
 * @throws `HistoryRecordNotFoundError` (from `drs-waves`) when the history has no such execution.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { createDrsAdapter, DynamoDbExecutionHistoryStore } from 'drs-waves';
 * import { buildDrillReport, renderDrillReportHtml } from 'drs-waves/report';
 *
 * const history = new DynamoDbExecutionHistoryStore({
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: 'drs-waves-history',
 * });
 * const report = await buildDrillReport({
 *   history,
 *   executionId: 'shop-drill-1',
 *   drs: createDrsAdapter(new DrsClient({})),
 * });
 * const html = renderDrillReportHtml(report);
 * ```
 */
export async function buildDrillReport(input: BuildDrillReportInput): Promise<DrillReport> {
  const { history, executionId } = input;
  const execution = await history.getExecution(executionId);
  if (execution === undefined) throw new HistoryRecordNotFoundError('execution', executionId);
  const reportedAt = (input.clock ?? (() => new Date()))();
  // A resumed execution is one recovery with those it resumed: oldest first, this one last.
  const chain = await executionChain(history, execution);
  const first = chain[0] ?? execution;
  const stages = first.stages ?? [first.waveIds.map((waveId) => ({ waveId }))];
  const names = new Map((input.plan?.waves ?? []).map((w) => [w.id, w.name]));
  const read = await Promise.all(
    chain.map((e) =>
      Promise.all([
        history.listWaves(e.executionId),
        history.listServers(e.executionId),
        history.listActions(e.executionId),
        history.listDecisions(e.executionId),
      ]),
    ),
  );
  // Each wave as the last execution that ran it; each server as the last that launched it
  // (else the last that tried).
  const ranBy = new Map<string, string>();
  const waveRecords = new Map<string, WaveRecord>();
  const serverRecords = new Map<string, ServerRecord>();
  for (const [i, [waves, servers]] of read.entries()) {
    for (const w of waves) {
      waveRecords.set(w.waveId, w);
      ranBy.set(w.waveId, chain[i]?.executionId ?? executionId);
    }
    for (const server of servers) {
      if (serverRecords.get(server.sourceServerId)?.verdict === 'LAUNCHED') continue;
      serverRecords.set(server.sourceServerId, server);
    }
  }
  const recorded = [...waveRecords.values()];
  const records = [...serverRecords.values()];
  const actions = read.flatMap(([, , a]) => a);
  const decisions = read.flatMap(([, , , d]) => d);
  // Where each server ran and the snapshot chosen for it are its chunk's: read when DRS
  // elsewhere is given or a wave launched from a recovery point.
  const chunks =
    input.drsFor === undefined &&
    input.drsForRegion === undefined &&
    recorded.every((w) => w.recoveryPoint === undefined)
      ? []
      : (
          await Promise.all(
            read.flatMap(([waves], i) =>
              waves.map((w) => history.listChunks(chain[i]?.executionId ?? executionId, w.waveId)),
            ),
          )
        ).flat();
  const instances = await recoveryInstances(input, records, chunks);
  const chunkOfServer = new Map(
    chunks.flatMap((c) => c.servers.map((s) => [`${c.waveId}\n${s.sourceServerId}`, c])),
  );
  const reported = records.map((record) => {
    const at = chunkOfServer.get(`${record.waveId}\n${record.sourceServerId}`);
    const server = reportServer(record, instances, at?.snapshots?.[record.sourceServerId]);
    return at === undefined ? server : { ...server, ...targetOf(at) };
  });
  const startMs = Date.parse(first.startedAt);
  const resumed = chain.length > 1;
  const waves = stages.flatMap((stage, index) =>
    stage.map((item) => {
      const record = waveRecords.get(item.waveId);
      return {
        ...reportWave({
          waveId: item.waveId,
          name: names.get(item.waveId),
          stage: index,
          rtoMinutes: 'rtoMinutes' in item ? item.rtoMinutes : undefined,
          record,
          servers: reported.filter((s) => s.waveId === item.waveId),
          startMs,
          startedAt: first.startedAt,
        }),
        ...opt('executionId', resumed ? ranBy.get(item.waveId) : undefined),
        ...opt('attempts', record?.attempt),
      };
    }),
  );
  const servers = withRecoveryPointAges(reported, waves);
  const allRecovered = waves.every((w) => w.recoveredAfterSeconds !== undefined);
  const end = execution.endedAt ?? reportedAt.toISOString();
  return {
    tool: { name: 'drs-waves', version: PACKAGE_VERSION },
    plan: {
      id: execution.planId,
      ...opt('name', execution.planName),
      waveCount: waves.length,
      serverCount: waves.reduce((sum, w) => sum + w.serverCount, 0),
      ...opt('rtoMinutes', execution.rtoMinutes),
    },
    ...opt(
      'recoveredAfterSeconds',
      allRecovered && waves.length > 0
        ? Math.max(...waves.map((w) => w.recoveredAfterSeconds ?? 0))
        : undefined,
    ),
    source: 'execution',
    executionId,
    executionType: execution.executionType,
    status: execution.status,
    ...opt('error', execution.error),
    ...opt('cause', execution.cause),
    startedAt: first.startedAt,
    ...opt('endedAt', execution.endedAt),
    reportedAt: reportedAt.toISOString(),
    durationSeconds: Math.max(0, Math.round((Date.parse(end) - startMs) / 1000)),
    stages: stages.map((stage) => stage.map((item) => item.waveId)),
    waves,
    servers,
    ...(actions.length === 0
      ? {}
      : {
          // In run order: by start, a wave's actions before its launch first.
          actions: actions
            .map(({ executionId: _execution, ...action }) => action)
            .sort(
              (a, b) =>
                a.startedAt.localeCompare(b.startedAt) ||
                (a.phase === b.phase ? 0 : a.phase === 'before' ? -1 : 1) ||
                a.index - b.index,
            ),
        }),
    ...(decisions.length === 0
      ? {}
      : {
          decisions: decisions
            .map(({ executionId: _execution, taskToken: _token, ...decision }) => decision)
            .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.attempt - b.attempt),
        }),
    ...opt('skippedWaveIds', execution.skippedWaveIds),
    ...opt('targets', reportTargets(chunks, servers, first.waveIds)),
    ...(resumed
      ? {
          executions: chain.map((e) => ({
            executionId: e.executionId,
            status: e.status,
            startedAt: e.startedAt,
            ...opt('endedAt', e.endedAt),
            ...opt('resumedFromWaveId', e.resumedFrom?.waveId),
          })),
        }
      : {}),
  };
}

/** At most this many executions are followed back. */
const MAX_CHAIN = 100;

/** The executions `execution` resumes, following `resumedFrom` back: oldest first, it last. */
async function executionChain(
  history: ExecutionHistoryStore,
  execution: ExecutionRecord,
): Promise<ExecutionRecord[]> {
  const chain = [execution];
  let from = execution.resumedFrom?.executionId;
  while (from !== undefined && chain.length < MAX_CHAIN) {
    if (chain.some((e) => e.executionId === from)) break;
    const previous = await history.getExecution(from);
    if (previous === undefined) break;
    chain.unshift(previous);
    from = previous.resumedFrom?.executionId;
  }
  return chain;
}

/**
 * The servers and jobs per (account, Region), the own first; `undefined` when every chunk ran
 * in the orchestrator's own account and Region.
 */
function reportTargets(
  chunks: readonly ChunkRecord[],
  servers: readonly DrillReportServer[],
  waveIds: readonly string[],
): DrillReportTarget[] | undefined {
  if (chunks.every((c) => c.accountId === undefined && c.region === undefined)) return undefined;
  const byKey = new Map<string, { waveIds: Set<string>; jobIds: string[]; servers: Set<string> }>();
  for (const chunk of chunks) {
    const key = targetKey(chunk);
    const entry = byKey.get(key) ?? { waveIds: new Set(), jobIds: [], servers: new Set() };
    entry.waveIds.add(chunk.waveId);
    if (chunk.jobId !== undefined) entry.jobIds.push(chunk.jobId);
    for (const s of chunk.servers) entry.servers.add(`${chunk.waveId}\n${s.sourceServerId}`);
    byKey.set(key, entry);
  }
  const verdictOf = new Map(servers.map((s) => [`${s.waveId}\n${s.sourceServerId}`, s.verdict]));
  // By account, then Region: the orchestrator's own (no account, no Region) first.
  const order = (key: string) => {
    const t = targetOfKey(key);
    return [t.accountId ?? '', t.region ?? ''];
  };
  const keys = [...byKey.keys()].sort((x, y) => {
    const [ax = '', rx = ''] = order(x);
    const [ay = '', ry = ''] = order(y);
    return ax.localeCompare(ay) || rx.localeCompare(ry);
  });
  return keys.map((key) => {
    const entry = byKey.get(key) as {
      waveIds: Set<string>;
      jobIds: string[];
      servers: Set<string>;
    };
    const verdicts = [...entry.servers].map((id) => verdictOf.get(id));
    return {
      ...targetOfKey(key),
      waveIds: waveIds.filter((id) => entry.waveIds.has(id)),
      jobIds: entry.jobIds,
      serverCount: entry.servers.size,
      launched: verdicts.filter((v) => v === 'LAUNCHED').length,
      failed: verdicts.filter((v) => v === 'FAILED').length,
    };
  });
}

/**
 * The recovery instances of the launched servers, by ID, from DRS in each server's account and
 * Region.
 */
async function recoveryInstances(
  input: BuildDrillReportInput,
  servers: readonly ServerRecord[],
  chunks: readonly ChunkRecord[],
): Promise<Map<string, RecoveryInstance>> {
  const found = new Map<string, RecoveryInstance>();
  if (input.drs === undefined) return found;
  const { drs: own, drsFor, drsForRegion } = input;
  const keyOf = new Map<string, string>();
  for (const chunk of chunks) {
    for (const s of chunk.servers) keyOf.set(s.sourceServerId, targetKey(chunk));
  }
  const byTarget = new Map<string, string[]>();
  for (const server of servers) {
    if (server.recoveryInstanceId === undefined) continue;
    const key = keyOf.get(server.sourceServerId) ?? targetKey({});
    byTarget.set(key, [...(byTarget.get(key) ?? []), server.recoveryInstanceId]);
  }
  for (const [key, ids] of byTarget) {
    const target = targetOfKey(key);
    // Another account without `drsFor` is not asked (its instances are not in `drs`'s); a
    // Region without a way there is asked of `drs`, as before accounts were named.
    if (target.accountId !== undefined && drsFor === undefined) continue;
    const drs =
      drsFor !== undefined || drsForRegion !== undefined
        ? portFor({ drs: own, drsFor, drsForRegion }, target, 'buildDrillReport')
        : own;
    for (const instance of await drs.describeRecoveryInstances({ recoveryInstanceIds: ids })) {
      if (instance.recoveryInstanceID !== undefined)
        found.set(instance.recoveryInstanceID, instance);
    }
  }
  return found;
}
