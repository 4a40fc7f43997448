import type { RecoveryInstance } from '@aws-sdk/client-drs';
import { optionalField as opt } from '../../internal/optionalField';
import type { ServerRecord, ServerSnapshot, WaveRecord } from '../../store/records';
import type { DrillReportServer, DrillReportWave } from '../DrillReport';

/**
 * A server of a report, from its history record and its recovery instance as DRS describes it.
 *
 * @internal
 */
export function reportServer(
  s: ServerRecord,
  instances: ReadonlyMap<string, RecoveryInstance>,
  snapshot?: ServerSnapshot,
): DrillReportServer {
  const instance =
    s.recoveryInstanceId === undefined ? undefined : instances.get(s.recoveryInstanceId);
  // DRS's word first; else, for a launched server, the snapshot chosen for it.
  const snapshotAt =
    isoOrUndefined(instance?.pointInTimeSnapshotDateTime) ??
    (s.verdict === 'LAUNCHED' ? snapshot?.takenAt : undefined);
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
    ...opt('snapshotAt', snapshotAt),
    ...opt('recoverySnapshotId', snapshot?.snapshotId),
    ...opt('snapshotChosenBy', snapshot?.chosenBy),
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
  /** When the execution started (ISO 8601): the incident time of waves without `before`. */
  readonly startedAt: string;
}

/** The age of `at` at `incidentAt`, in whole seconds: negative when `at` is after it. */
const ageAt = (incidentAt: string, at: string): number =>
  Math.round((Date.parse(incidentAt) - Date.parse(at)) / 1000);

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
  // ISO 8601 timestamps of one format sort as text.
  const oldest = snapshots.length > 0 ? snapshots.sort()[0] : undefined;
  // Measured only for a wave launched from a recovery point: else its data is the latest.
  const point = r?.recoveryPoint;
  const incidentAt =
    point?.before === undefined ? w.startedAt : new Date(point.before).toISOString();
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
    ...opt('recoveryPointAt', oldest),
    ...(oldest === undefined || point === undefined
      ? {}
      : { incidentAt, recoveryPointAgeSeconds: ageAt(incidentAt, oldest) }),
    ...opt(
      'excludedServers',
      r?.excludedServers?.length ? r.excludedServers.map((x) => ({ ...x })) : undefined,
    ),
  };
}

/**
 * The servers with their achieved recovery point, for waves launched from a recovery point:
 * the age of their data at their wave's incident time.
 *
 * @internal
 */
export function withRecoveryPointAges(
  servers: readonly DrillReportServer[],
  waves: readonly DrillReportWave[],
): DrillReportServer[] {
  const incidents = new Map(waves.map((w) => [w.waveId, w.incidentAt]));
  return servers.map((s) => {
    const incidentAt = incidents.get(s.waveId);
    return s.snapshotAt === undefined || incidentAt === undefined
      ? s
      : { ...s, recoveryPointAgeSeconds: ageAt(incidentAt, s.snapshotAt) };
  });
}

/** DRS timestamps as ISO 8601 (`Z`), whatever offset DRS wrote them with. */
function isoOrUndefined(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
