import type { RecoveryInstance } from '@aws-sdk/client-drs';
import { optionalField as opt } from '../../internal/optionalField';
import type { ServerRecord, WaveRecord } from '../../store/records';
import type { DrillReportServer, DrillReportWave } from '../DrillReport';

/**
 * A server of a report, from its history record and its recovery instance as DRS describes it.
 *
 * @internal
 */
export function reportServer(
  s: ServerRecord,
  instances: ReadonlyMap<string, RecoveryInstance>,
): DrillReportServer {
  const instance =
    s.recoveryInstanceId === undefined ? undefined : instances.get(s.recoveryInstanceId);
  return {
    sourceServerId: s.sourceServerId,
    waveId: s.waveId,
    impact: s.impact,
    verdict: s.verdict,
    phase: s.phase,
    ...opt('launchStatus', s.launchStatus),
    ...opt('jobId', s.jobId),
    ...opt('recoveryInstanceId', s.recoveryInstanceId),
    ...opt('error', s.error),
    ...opt('startedAt', s.startedAt),
    ...opt('launchedAt', s.launchedAt),
    ...opt('endedAt', s.endedAt),
    ...opt('snapshotAt', isoOrUndefined(instance?.pointInTimeSnapshotDateTime)),
    ...opt('ec2InstanceState', instance?.ec2InstanceState),
  };
}

/**
 * What a wave of a report is made of: its plan settings, its record (absent when it never
 * started) and its servers.
 *
 * @internal
 */
export interface WaveInput {
  readonly waveId: string;
  readonly name: string | undefined;
  readonly stage: number;
  readonly rtoMinutes: number | undefined;
  readonly record: WaveRecord | undefined;
  readonly servers: readonly DrillReportServer[];
  readonly startMs: number;
}

/**
 * A wave of a report: its record's counts and times, its measured recovery time from the
 * execution's start, and its oldest recovery point.
 *
 * @internal
 */
export function reportWave(w: WaveInput): DrillReportWave {
  const r = w.record;
  // Recovered when its last server's launch ended: measured from the execution's start.
  const ends = w.servers.flatMap((s) => (s.endedAt === undefined ? [] : [Date.parse(s.endedAt)]));
  const recoveredAt = ends.length > 0 ? Math.max(...ends) : Date.parse(r?.endedAt ?? '');
  const recovered = r?.status === 'COMPLETED' && Number.isFinite(recoveredAt);
  const snapshots = w.servers.flatMap((s) =>
    s.verdict === 'LAUNCHED' && s.snapshotAt !== undefined ? [s.snapshotAt] : [],
  );
  return {
    waveId: w.waveId,
    ...opt('name', w.name),
    stage: w.stage,
    status: r?.status === 'STARTING' ? 'STARTED' : (r?.status ?? 'NOT_STARTED'),
    serverCount: r?.serverCount ?? 0,
    launched: r?.counts?.launched ?? 0,
    failed: r?.counts?.failed ?? 0,
    pending: r?.counts?.pending ?? r?.serverCount ?? 0,
    jobIds: r?.jobIds ?? [],
    ...opt('startedAt', r?.startedAt),
    ...opt('endedAt', r?.endedAt),
    ...opt('error', r?.error),
    ...opt('cause', r?.cause),
    ...opt('quotaWaitSeconds', r?.quotaWaitSeconds || undefined),
    ...opt('rtoMinutes', w.rtoMinutes),
    ...opt(
      'recoveredAfterSeconds',
      recovered ? Math.round((recoveredAt - w.startMs) / 1000) : undefined,
    ),
    // ISO 8601 timestamps of one format sort as text.
    ...opt('recoveryPointAt', snapshots.length > 0 ? snapshots.sort()[0] : undefined),
  };
}

/** DRS timestamps as ISO 8601 (`Z`), whatever offset DRS wrote them with. */
function isoOrUndefined(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
