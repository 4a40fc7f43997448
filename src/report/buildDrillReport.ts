import type { RecoveryInstance } from '@aws-sdk/client-drs';
import type { DrsPort } from '../drs/DrsPort';
import type { DrsTarget } from '../drs/DrsTarget';
import { HistoryRecordNotFoundError } from '../errors';
import { optionalField as opt } from '../internal/optionalField';
import { PACKAGE_VERSION } from '../internal/packageVersion';
import type { RecoveryPlan } from '../plan/types';
import type { ExecutionHistoryStore } from '../store/ExecutionHistoryStore';
import type { ServerRecord, WaveRecord } from '../store/records';
import { portFor } from '../waves/internal/portFor';
import { targetKey, targetOfKey } from '../waves/internal/target';
import type { DrillReport } from './DrillReport';
import { reportServer, reportWave } from './internal/reportRecords';

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
  const stages = execution.stages ?? [execution.waveIds.map((waveId) => ({ waveId }))];
  const names = new Map((input.plan?.waves ?? []).map((w) => [w.id, w.name]));
  const [recorded, records, actions] = await Promise.all([
    history.listWaves(executionId),
    history.listServers(executionId),
    history.listActions(executionId),
  ]);
  const waveRecords = new Map(recorded.map((w) => [w.waveId, w]));
  const instances = await recoveryInstances(input, records, recorded);
  const servers = records.map((record) => reportServer(record, instances));
  const startMs = Date.parse(execution.startedAt);
  const waves = stages.flatMap((stage, index) =>
    stage.map((item) =>
      reportWave({
        waveId: item.waveId,
        name: names.get(item.waveId),
        stage: index,
        rtoMinutes: 'rtoMinutes' in item ? item.rtoMinutes : undefined,
        record: waveRecords.get(item.waveId),
        servers: servers.filter((s) => s.waveId === item.waveId),
        startMs,
      }),
    ),
  );
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
    startedAt: execution.startedAt,
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
  };
}

/**
 * The recovery instances of the launched servers, by ID, from DRS in each server's account and
 * Region.
 */
async function recoveryInstances(
  input: BuildDrillReportInput,
  servers: readonly ServerRecord[],
  waves: readonly WaveRecord[],
): Promise<Map<string, RecoveryInstance>> {
  const found = new Map<string, RecoveryInstance>();
  if (input.drs === undefined) return found;
  const { drs: own, drsFor, drsForRegion } = input;
  // A server's target is its chunk's: read only when DRS elsewhere is given.
  const keyOf = new Map<string, string>();
  if (drsFor !== undefined || drsForRegion !== undefined) {
    for (const wave of waves) {
      for (const chunk of await input.history.listChunks(input.executionId, wave.waveId)) {
        for (const s of chunk.servers) keyOf.set(s.sourceServerId, targetKey(chunk));
      }
    }
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
