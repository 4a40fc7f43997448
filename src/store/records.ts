import type {
  ActionOnFailure,
  ExecutionType,
  ImpactLevel,
  RecoveryPoint,
  WaveAction,
  WaveServer,
} from '../plan/types';
import type { WaveItem } from '../router/actions';
import type { ServerVerdict } from '../waves/aggregateWaveStatus';

/**
 * The state of an execution in the history.
 *
 * @example
 * ```ts
 * import type { ExecutionStatus } from 'drs-waves';
 *
 * const status: ExecutionStatus = 'RUNNING';
 * ```
 */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/**
 * The state of a wave in the history. `STARTED` means its layout is recorded and its chunks are
 * being started and followed (a chunk may still wait for quota). `STARTING` is what releases
 * before 0.2 wrote while the jobs were being started; it is read as `STARTED`.
 *
 * @example
 * ```ts
 * import type { WaveRecordStatus } from 'drs-waves';
 *
 * const status: WaveRecordStatus = 'STARTED';
 * ```
 */
export type WaveRecordStatus =
  | 'AWAITING_APPROVAL'
  | 'STARTING'
  | 'STARTED'
  | 'COMPLETED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'SKIPPED';

/**
 * A wave's servers by verdict.
 *
 * @example
 * ```ts
 * import type { WaveServerCounts } from 'drs-waves';
 *
 * const counts: WaveServerCounts = { launched: 98, failed: 2, pending: 0, criticalFailed: 1 };
 * ```
 */
export interface WaveServerCounts {
  /** Servers launched. */
  readonly launched: number;
  /** Servers failed. */
  readonly failed: number;
  /** Servers still pending. */
  readonly pending: number;
  /** Failed servers that are critical. */
  readonly criticalFailed: number;
}

/**
 * Who is starting a chunk's DRS job, and since when.
 *
 * @example
 * ```ts
 * import type { ChunkClaim } from 'drs-waves';
 *
 * const claim: ChunkClaim = { token: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', at: '2026-01-01T00:00:00.000Z' };
 * ```
 */
export interface ChunkClaim {
  /** A token unique to the claiming invocation. */
  readonly token: string;
  /** When the claim was made (ISO 8601). */
  readonly at: string;
}

/**
 * One execution of a plan, as the history records it.
 *
 * @example
 * ```ts
 * import type { ExecutionRecord } from 'drs-waves';
 *
 * const record: ExecutionRecord = {
 *   executionId: 'three-tier-20260101T000000Z',
 *   planId: 'three-tier',
 *   executionType: 'DRILL',
 *   status: 'RUNNING',
 *   waveIds: ['database', 'app', 'web'],
 *   startedAt: '2026-01-01T00:00:00.000Z',
 * };
 * ```
 */
export interface ExecutionRecord {
  /** The execution ID: 1 to 80 letters, digits, `-` or `_`. */
  readonly executionId: string;
  /** The plan that runs. */
  readonly planId: string;
  /** The plan's display name as the execution began with it, when it has one. */
  readonly planName?: string;
  /**
   * The plan's recovery-time objective in minutes, as the execution began with it: what its
   * drill report measures the recovery against.
   */
  readonly rtoMinutes?: number;
  /** `DRILL` or `RECOVERY`. */
  readonly executionType: ExecutionType;
  /** Whether the caller started it despite blocking readiness findings. */
  readonly overrideReadiness?: boolean;
  /**
   * The point in time its servers launch from, as its start input gave it (a wave's own
   * `recoveryPoint` wins); absent: the latest data.
   */
  readonly recoveryPoint?: RecoveryPoint;
  /** The readiness check before its first stage, when the machine runs one. */
  readonly readiness?: ExecutionReadiness;
  /** Where the execution stands. */
  readonly status: ExecutionStatus;
  /** The plan's wave IDs, in plan order. */
  readonly waveIds: readonly string[];
  /**
   * The plan's stages of waves with their settings, as the execution began with them: the
   * state machine loads them one stage at a time (`load_stage`).
   */
  readonly stages?: readonly (readonly WaveItem[])[];
  /**
   * Each wave's actions, by wave ID, as the execution began with them (waves without actions
   * are left out): `next_action` serves them one at a time.
   */
  readonly actions?: Readonly<Record<string, WaveActions>>;
  /** When the execution started (ISO 8601). */
  readonly startedAt: string;
  /** When it ended. */
  readonly endedAt?: string;
  /** The error name it failed with. */
  readonly error?: string;
  /** Why it failed, naming the wave and servers. */
  readonly cause?: string;
  /** Waves an operator skipped after their failure: the execution went on without them. */
  readonly skippedWaveIds?: readonly string[];
  /**
   * The execution this one resumes, and the wave it resumed from: one recovery, run by both.
   */
  readonly resumedFrom?: ResumePoint;
  /** The execution that resumed this one, once one did. */
  readonly resumedBy?: string;
}

/**
 * Where an execution resumes a failed or cancelled one: that execution, and the wave.
 *
 * @example
 * ```ts
 * import type { ResumePoint } from 'drs-waves';
 *
 * const from: ResumePoint = { executionId: 'shop-20260301T101500Z', waveId: 'app' };
 * ```
 */
export interface ResumePoint {
  /** The failed or cancelled execution. */
  readonly executionId: string;
  /** The wave its stages resume from. */
  readonly waveId: string;
}

/**
 * The readiness check of an execution, as recorded before its first stage: the counts and the
 * first blocking findings (the whole report is `checkReadiness`'s, and `drs-waves check`'s).
 *
 * @example
 * ```ts
 * import type { ExecutionReadiness } from 'drs-waves';
 *
 * const readiness: ExecutionReadiness = {
 *   checkedAt: '2026-01-01T00:00:01.000Z', ready: false, blocking: 1, warnings: 0,
 *   findings: ['SOURCE_SERVER_DISCONNECTED s-00000000000000001 (db): disconnected from DRS'],
 * };
 * ```
 */
export interface ExecutionReadiness {
  /** When it was checked. */
  readonly checkedAt: string;
  /** No blocking finding. */
  readonly ready: boolean;
  /** Blocking findings. */
  readonly blocking: number;
  /** Warnings. */
  readonly warnings: number;
  /** The first blocking findings (then warnings), in words: code, server, wave, message. */
  readonly findings: readonly string[];
}

/**
 * One change of a plan's readiness, as {@link PlanReadinessRecord.changes} keeps it.
 *
 * @example
 * ```ts
 * import type { PlanReadinessChange } from 'drs-waves';
 *
 * const change: PlanReadinessChange = {
 *   at: '2026-01-01T01:00:00.000Z', ready: false, blocking: 1, warnings: 0,
 *   fingerprint: '3b1f0c6f2a9e4d7c', added: 1, resolved: 0,
 * };
 * ```
 */
export interface PlanReadinessChange {
  /** When the check that found it ran. */
  readonly at: string;
  /** No blocking finding, from then on. */
  readonly ready: boolean;
  /** Blocking findings then. */
  readonly blocking: number;
  /** Warnings then. */
  readonly warnings: number;
  /** The fingerprint of the blocking findings then. */
  readonly fingerprint: string;
  /** Blocking findings that were not blocking before. */
  readonly added: number;
  /** Blocking findings that were, and are no more. */
  readonly resolved: number;
}

/**
 * The scheduled readiness check of a plan, as the history keeps it (one record per plan): the
 * last result, the fingerprint of its blocking findings, and the last changes. A change is
 * announced when the fingerprint differs from the last recorded one; see
 * `docs/execution-history.md`.
 *
 * @example
 * ```ts
 * import type { PlanReadinessRecord } from 'drs-waves';
 *
 * const record: PlanReadinessRecord = {
 *   planId: 'shop', checkedAt: '2026-01-01T01:00:00.000Z', ready: true, blocking: 0,
 *   warnings: 0, fingerprint: 'e3b0c44298fc1c14', blockingKeys: [], findings: [],
 *   runs: 3, since: '2026-01-01T00:00:00.000Z', changes: [],
 * };
 * ```
 */
export interface PlanReadinessRecord {
  /** The plan. */
  readonly planId: string;
  /** When it was last checked. */
  readonly checkedAt: string;
  /** No blocking finding, at the last check. */
  readonly ready: boolean;
  /** Blocking findings at the last check. */
  readonly blocking: number;
  /** Warnings at the last check. */
  readonly warnings: number;
  /**
   * The fingerprint of the blocking findings (16 hex digits of a SHA-256 of their sorted
   * keys: code, wave, server, account and Region, never the message, whose figures move).
   */
  readonly fingerprint: string;
  /** The keys of the blocking findings (the first 500), to say what changed next time. */
  readonly blockingKeys: readonly string[];
  /** The first findings in words, blocking first: code, server, wave, message. */
  readonly findings: readonly string[];
  /** Checks recorded; each write expects the count it read (two runs never both record). */
  readonly runs: number;
  /** Since when the plan has been as it is (the check that found the last change). */
  readonly since: string;
  /** The last changes, newest first (at most 20). */
  readonly changes: readonly PlanReadinessChange[];
}

/**
 * A wave's actions, as an execution records them.
 *
 * @example
 * ```ts
 * import type { WaveActions } from 'drs-waves';
 *
 * const actions: WaveActions = { after: [{ type: 'wait', seconds: 120 }] };
 * ```
 */
export interface WaveActions {
  /** The actions before the wave's launch. */
  readonly before?: readonly WaveAction[];
  /** The actions after it. */
  readonly after?: readonly WaveAction[];
}

/**
 * One wave of an execution, as the history records it: small, whatever the wave's size.
 *
 * @example
 * ```ts
 * import type { WaveRecord } from 'drs-waves';
 *
 * const wave: WaveRecord = {
 *   executionId: 'e1',
 *   waveId: 'database',
 *   status: 'STARTED',
 *   serverCount: 2,
 *   chunkCount: 1,
 *   jobIds: ['drsjob-541cee6300c363be5'],
 *   pollCount: 0,
 *   startedAt: '2026-01-01T00:00:00.000Z',
 * };
 * ```
 */
export interface WaveRecord {
  /** The execution the wave belongs to. */
  readonly executionId: string;
  /** The wave ID from the plan. */
  readonly waveId: string;
  /** Where the wave stands. */
  readonly status: WaveRecordStatus;
  /** Servers the wave recovers, after protection groups are resolved. */
  readonly serverCount: number;
  /** DRS jobs the wave needs. */
  readonly chunkCount: number;
  /** The DRS job IDs recorded so far. */
  readonly jobIds: readonly string[];
  /** Status checks made so far, as of the last write of the wave. */
  readonly pollCount: number;
  /** Servers launched, failed and pending, as of the last change. */
  readonly counts?: WaveServerCounts;
  /** Servers by DRS launch status, as of the last change. */
  readonly countsByLaunchStatus?: Readonly<Record<string, number>>;
  /** When the wave started. */
  readonly startedAt: string;
  /** When it ended. */
  readonly endedAt?: string;
  /** The last status check that changed something. */
  readonly checkedAt?: string;
  /** The error name it failed with. */
  readonly error?: string;
  /** Why it failed. */
  readonly cause?: string;
  /** The Step Functions task token of a pending approval. */
  readonly approvalToken?: string;
  /**
   * How long the wave's chunks waited for DRS quota (the longest wait of any chunk), in
   * seconds, as of the last check.
   */
  readonly quotaWaitSeconds?: number;
  /**
   * With event-driven completion: the wave's DRS jobs each of whose servers DRS has reported a
   * launch result for.
   */
  readonly jobsReported?: number;
  /** With event-driven completion: the task token of the wave's latest wait for launches. */
  readonly awaitToken?: string;
  /** With event-driven completion: the wait the launch results resumed (once per wave). */
  readonly resumedToken?: string;
  /**
   * The wave's attempt, from 1: an operator's retry (a failure decision) relaunches the failed
   * critical servers as attempt 2, and so on. Absent for the first.
   */
  readonly attempt?: number;
  /** When the current attempt started (its timeout counts from here); absent for the first. */
  readonly attemptStartedAt?: string;
  /** The servers its selectors matched but left out (disconnected, archived), from its layout. */
  readonly excludedServers?: readonly ExcludedServer[];
  /** The recovery point its servers launch from, from its layout; absent: the latest data. */
  readonly recoveryPoint?: RecoveryPoint;
}

/**
 * A server a tag selector matched but the wave left out: DRS shows it disconnected or archived,
 * so nothing could launch it.
 *
 * @example
 * ```ts
 * import type { ExcludedServer } from 'drs-waves';
 *
 * const left: ExcludedServer = {
 *   sourceServerId: 's-1234567890abcdef0', reason: 'DISCONNECTED', selectedBy: 'wave web',
 * };
 * ```
 */
export interface ExcludedServer {
  /** The source server. */
  readonly sourceServerId: string;
  /** Why: `DISCONNECTED` (replication state) or `ARCHIVED` (`isArchived`). */
  readonly reason: 'DISCONNECTED' | 'ARCHIVED';
  /** The selector that matched it: `wave <id>` or `group <id>`. */
  readonly selectedBy: string;
}

/**
 * The recovery snapshot a server launches from, decided with its wave's layout.
 *
 * @example
 * ```ts
 * import type { ServerSnapshot } from 'drs-waves';
 *
 * const chosen: ServerSnapshot = {
 *   snapshotId: 'pit-1234567890abcdef0', takenAt: '2026-11-30T11:50:12.000Z', chosenBy: 'BEFORE',
 * };
 * ```
 */
export interface ServerSnapshot {
  /** The recovery snapshot (`pit-...`); absent when the server falls back to the latest data. */
  readonly snapshotId?: string;
  /** When it was taken (DRS's `timestamp`, ISO 8601). */
  readonly takenAt?: string;
  /**
   * How it was chosen: `BEFORE` (the newest at or before the recovery point), `SNAPSHOT_ID` (named
   * for the server), `LATEST` (none old enough: the latest data, as the plan allows).
   */
  readonly chosenBy: 'BEFORE' | 'SNAPSHOT_ID' | 'LATEST';
}

/**
 * A DRS job of an execution, found by its ID: what routes a "DRS Source Server Launch Result"
 * event to its wave, and counts the job's servers DRS reported.
 *
 * @example
 * ```ts
 * import type { JobIndexRecord } from 'drs-waves';
 *
 * const index: JobIndexRecord = {
 *   jobId: 'drsjob-541cee6300c363be5', executionId: 'e1', waveId: 'db', chunkIndex: 0, serverCount: 2,
 * };
 * ```
 */
export interface JobIndexRecord {
  /** The DRS job. */
  readonly jobId: string;
  /** Its execution. */
  readonly executionId: string;
  /** Its wave. */
  readonly waveId: string;
  /** Its chunk of the wave. */
  readonly chunkIndex: number;
  /** Servers the job launches. */
  readonly serverCount: number;
}

/**
 * What recording one launch result answers: the job's index and how many of its servers DRS
 * has reported so far, this one included.
 *
 * @example
 * ```ts
 * import type { LaunchResultCount } from 'drs-waves';
 *
 * const jobDone = (c: LaunchResultCount) => c.reported >= c.serverCount;
 * ```
 */
export interface LaunchResultCount extends JobIndexRecord {
  /** Servers of the job reported so far. */
  readonly reported: number;
}

/**
 * One DRS job of a wave (a chunk of at most `maxServersPerJob` servers of one account and
 * Region), from the
 * recorded intent to the job's last known state.
 *
 * @example
 * ```ts
 * import type { ChunkRecord } from 'drs-waves';
 *
 * const chunk: ChunkRecord = {
 *   executionId: 'e1',
 *   waveId: 'database',
 *   chunkIndex: 0,
 *   servers: [{ sourceServerId: 's-1234567890abcdef0', impact: 'CRITICAL' }],
 *   launchStatuses: {},
 *   verdicts: {},
 *   settled: false,
 * };
 * ```
 */
export interface ChunkRecord {
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** The chunk's position in the wave, from 0. */
  readonly chunkIndex: number;
  /**
   * The AWS account of its servers; the orchestrator's own account when absent (as in every
   * record written before accounts were named).
   */
  readonly accountId?: string;
  /** The Region of its servers; the default Region when absent. */
  readonly region?: string;
  /** Its servers. */
  readonly servers: readonly WaveServer[];
  /** The recovery snapshot of each server, by ID, when the wave has a recovery point. */
  readonly snapshots?: Readonly<Record<string, ServerSnapshot>>;
  /** Who is starting the chunk's job, and since when; absent until claimed. */
  readonly claim?: ChunkClaim;
  /** The DRS job, once started. */
  readonly jobId?: string;
  /** The job's DRS status at the last check. */
  readonly jobStatus?: string;
  /** Each server's DRS launch status at the last check. */
  readonly launchStatuses: Readonly<Record<string, string>>;
  /** Each server's verdict at the last check. */
  readonly verdicts: Readonly<Record<string, ServerVerdict>>;
  /** Whether the job is `COMPLETED` and its log was read: nothing about it changes any more. */
  readonly settled: boolean;
  /** When its DRS job was started (or found by reconciliation). */
  readonly jobStartedAt?: string;
  /** `StartRecovery` attempts that gave no job (refused for quota, conflict, a transient error). */
  readonly attempts?: number;
  /** No new `StartRecovery` for the chunk before this time (backoff after a failed attempt). */
  readonly nextAttemptAt?: string;
  /** Why the chunk's last attempt gave no job, for the operator. */
  readonly waitReason?: string;
  /** When DRS first refused the chunk for its account quotas (or the pre-call quota check held it). */
  readonly quotaWaitSince?: string;
  /**
   * When a `StartRecovery` of the chunk ended without an answer (a 5xx, the network): DRS may
   * hold its job. Before any new call the chunk is reconciled by its job tags.
   */
  readonly unansweredAt?: string;
  /** Set when the chunk's job will never be started: its servers count as failed. */
  readonly notStarted?: ChunkNotStarted;
  /**
   * The wave's attempt the chunk belongs to, for a retry's chunks (2 and up); absent for the
   * first attempt's. A server in a later chunk takes its verdict from there.
   */
  readonly attempt?: number;
}

/**
 * Why a chunk's DRS job will never be started: DRS refused it (validation, access), the wave
 * gave up (another chunk refused, the wave's timeout) or the execution was cancelled.
 *
 * @example
 * ```ts
 * import type { ChunkNotStarted } from 'drs-waves';
 *
 * const reason: ChunkNotStarted = {
 *   error: 'ValidationException',
 *   cause: 'DRS refused job 2 of 3: Invalid source server ID',
 *   at: '2026-01-01T00:00:05.000Z',
 * };
 * ```
 */
export interface ChunkNotStarted {
  /** The DRS error name, or `WaveTimeout`, `ExecutionCancelled`, `NotStarted`. */
  readonly error: string;
  /** Why, naming the chunk. */
  readonly cause: string;
  /** When it was decided. */
  readonly at: string;
}

/**
 * A wave's layout: its servers, split into DRS jobs (chunks), decided once, at the wave's first
 * start, and recorded before any `StartRecovery`. Every later attempt launches this layout,
 * whatever happened to the plan or its protection groups since.
 *
 * @example
 * ```ts
 * import type { WaveLayoutRecord } from 'drs-waves';
 *
 * const layout: WaveLayoutRecord = {
 *   executionId: 'e1',
 *   waveId: 'database',
 *   serverCount: 1,
 *   chunks: [{ servers: [{ sourceServerId: 's-1234567890abcdef0', impact: 'CRITICAL' }] }],
 *   plannedAt: '2026-01-01T00:00:00.000Z',
 * };
 * ```
 */
export interface WaveLayoutRecord {
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** Servers in the wave, after protection groups are resolved and duplicates removed. */
  readonly serverCount: number;
  /**
   * Its DRS jobs, by chunk index: the account and Region (absent for the default ones) and the
   * servers.
   */
  readonly chunks: readonly {
    /** The AWS account of the chunk's servers; the orchestrator's own account when absent. */
    readonly accountId?: string;
    /** The Region of the chunk's servers; the default Region when absent. */
    readonly region?: string;
    /** Its servers, sorted by ID. */
    readonly servers: readonly WaveServer[];
    /** The recovery snapshot of each server, by ID, when the wave has a recovery point. */
    readonly snapshots?: Readonly<Record<string, ServerSnapshot>>;
  }[];
  /** The servers its selectors matched but left out. */
  readonly excludedServers?: readonly ExcludedServer[];
  /** The recovery point the servers launch from; absent: the latest data. */
  readonly recoveryPoint?: RecoveryPoint;
  /** When the layout was decided. */
  readonly plannedAt: string;
}

/**
 * One server's outcome in an execution.
 *
 * @example
 * ```ts
 * import type { ServerRecord } from 'drs-waves';
 *
 * const server: ServerRecord = {
 *   executionId: 'e1',
 *   waveId: 'database',
 *   sourceServerId: 's-5817ab4ccdfa96db3',
 *   impact: 'CRITICAL',
 *   verdict: 'LAUNCHED',
 *   phase: 'LAUNCH',
 *   jobId: 'drsjob-541cee6300c363be5',
 *   recoveryInstanceId: 'i-0b8104bc29823c261',
 *   updatedAt: '2026-01-01T00:09:00.000Z',
 * };
 * ```
 */
export interface ServerRecord {
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** The source server. */
  readonly sourceServerId: string;
  /** Its impact level. */
  readonly impact: ImpactLevel;
  /** The verdict. */
  readonly verdict: ServerVerdict;
  /** How far it got. */
  readonly phase: string;
  /** Its DRS job. */
  readonly jobId?: string;
  /** Its DRS launch status. */
  readonly launchStatus?: string;
  /** The recovery instance that was launched. */
  readonly recoveryInstanceId?: string;
  /** Why it failed. */
  readonly error?: string;
  /** Its first log event. */
  readonly startedAt?: string;
  /** Its `LAUNCH_END`. */
  readonly launchedAt?: string;
  /** When the outcome became final. */
  readonly endedAt?: string;
  /** When drs-waves last wrote the record. */
  readonly updatedAt: string;
}

/**
 * One run of a wave action: recorded when the action starts (`next_action`), completed when it
 * ends (`record_action`). What the drill report's timeline draws.
 *
 * @example
 * ```ts
 * import type { ActionRecord } from 'drs-waves';
 *
 * const action: ActionRecord = {
 *   executionId: 'e1',
 *   waveId: 'app',
 *   phase: 'after',
 *   index: 0,
 *   type: 'ssmAutomation',
 *   label: 'ssmAutomation MyApp-HealthCheck',
 *   onFailure: 'FAIL',
 *   startedAt: '2026-01-01T00:20:00.000Z',
 *   endedAt: '2026-01-01T00:24:30.000Z',
 *   outcome: 'SUCCEEDED',
 * };
 * ```
 */
export interface ActionRecord {
  /** The execution. */
  readonly executionId: string;
  /** The wave. */
  readonly waveId: string;
  /** Before or after the wave's launch. */
  readonly phase: ActionPhase;
  /** The action's position in its phase, from 0. */
  readonly index: number;
  /** Its type. */
  readonly type: WaveAction['type'];
  /** What it runs, for people: `lambda drain`, `ssmAutomation MyApp-HealthCheck`, `wait 120 s`. */
  readonly label: string;
  /** What its failure does. */
  readonly onFailure: ActionOnFailure;
  /** When it started. */
  readonly startedAt: string;
  /** When it ended. */
  readonly endedAt?: string;
  /** How it ended. */
  readonly outcome?: ActionOutcome;
  /** The error name of a failure or timeout. */
  readonly error?: string;
  /** Why it failed. */
  readonly cause?: string;
}

/**
 * When a wave action runs: `before` the wave's launch or `after` it.
 *
 * @example
 * ```ts
 * import type { ActionPhase } from 'drs-waves';
 *
 * const phase: ActionPhase = 'after';
 * ```
 */
export type ActionPhase = 'before' | 'after';

/**
 * How a wave action ended.
 *
 * @example
 * ```ts
 * import type { ActionOutcome } from 'drs-waves';
 *
 * const outcome: ActionOutcome = 'TIMED_OUT';
 * ```
 */
export type ActionOutcome = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/**
 * A manual approval that a wave waits for: the Step Functions task token to answer, and the
 * decision once made. The token is a secret of the execution: never log it.
 *
 * @example
 * ```ts
 * import type { ApprovalRecord } from 'drs-waves';
 *
 * const approval: ApprovalRecord = {
 *   executionId: 'e1',
 *   waveId: 'web',
 *   taskToken: 'AQCEAAAAKgAAAA...',
 *   status: 'PENDING',
 *   requestedAt: '2026-01-01T00:30:00.000Z',
 * };
 * ```
 */
export interface ApprovalRecord {
  /** The execution. */
  readonly executionId: string;
  /** The wave waiting for approval. */
  readonly waveId: string;
  /** The task token that `SendTaskSuccess` or `SendTaskFailure` answers. */
  readonly taskToken: string;
  /** `PENDING` until someone decides. */
  readonly status: 'PENDING' | 'APPROVED' | 'REJECTED';
  /** When the wave asked. */
  readonly requestedAt: string;
  /** When the decision was made. */
  readonly decidedAt?: string;
  /** Who decided (an IAM principal, a user name). */
  readonly decidedBy?: string;
  /** Why, in the decider's words. */
  readonly reason?: string;
}

/**
 * What an operator chose for a failed wave: `RETRY` its failed critical servers as a new DRS
 * job, `SKIP` it, or `ABORT` the execution. `TIMED_OUT` is recorded when no one chose within
 * the decision timeout (the execution aborts).
 *
 * @example
 * ```ts
 * import type { FailureDecisionStatus } from 'drs-waves';
 *
 * const status: FailureDecisionStatus = 'RETRY';
 * ```
 */
export type FailureDecisionStatus = 'PENDING' | 'RETRY' | 'SKIP' | 'ABORT' | 'TIMED_OUT';

/**
 * A failed wave waiting for an operator's decision (`onWaveFailure: 'DECIDE'`), one per failed
 * attempt: the task token to answer, the failure, and the decision once made. The token is a
 * secret of the execution: never log it.
 *
 * @example
 * ```ts
 * import type { FailureDecisionRecord } from 'drs-waves';
 *
 * const decision: FailureDecisionRecord = {
 *   executionId: 'e1',
 *   waveId: 'app',
 *   attempt: 1,
 *   taskToken: 'AQCEAAAAKgAAAA...',
 *   status: 'RETRY',
 *   error: 'WaveFailed',
 *   cause: 'Wave app failed: 1 critical server failed: s-00000000000000003 (Insufficient capacity)',
 *   requestedAt: '2026-01-01T00:30:00.000Z',
 *   decidedAt: '2026-01-01T00:34:00.000Z',
 *   decidedBy: 'ops@example.com',
 * };
 * ```
 */
export interface FailureDecisionRecord {
  /** The execution. */
  readonly executionId: string;
  /** The failed wave. */
  readonly waveId: string;
  /** The wave's attempt that failed, from 1. */
  readonly attempt: number;
  /** The task token that `SendTaskSuccess` answers with the decision. */
  readonly taskToken: string;
  /** `PENDING` until someone decides or the decision times out. */
  readonly status: FailureDecisionStatus;
  /** The error the attempt failed with. */
  readonly error?: string;
  /** Why it failed. */
  readonly cause?: string;
  /** When the wave asked. */
  readonly requestedAt: string;
  /** When the decision was made (or timed out). */
  readonly decidedAt?: string;
  /** Who decided (an IAM principal, a user name). */
  readonly decidedBy?: string;
  /** Why, in the decider's words. */
  readonly reason?: string;
}

/**
 * A drill cleanup of an execution: written once, before the first `TerminateRecoveryInstances`
 * call, so that a later call can find the terminate jobs DRS started after that time even when
 * their answers were lost.
 *
 * @example
 * ```ts
 * import type { CleanupRecord } from 'drs-waves';
 *
 * const cleanup: CleanupRecord = {
 *   executionId: 'e1',
 *   startedAt: '2026-01-01T02:00:00.000Z',
 *   requestedBy: 'arn:aws:iam::123456789012:user/ops',
 * };
 * ```
 */
export interface CleanupRecord {
  /** The drill execution whose instances are cleaned up. */
  readonly executionId: string;
  /** When the first cleanup call began (ISO 8601). */
  readonly startedAt: string;
  /** Who asked first (an IAM principal, a user name). */
  readonly requestedBy?: string;
}

/**
 * One `TerminateRecoveryInstances` call of a drill cleanup: at most 200 recovery instances and
 * the DRS job that terminates them.
 *
 * @example
 * ```ts
 * import type { CleanupBatchRecord } from 'drs-waves';
 *
 * const batch: CleanupBatchRecord = {
 *   executionId: 'e1',
 *   jobId: 'drsjob-3f1c0a8e5b7d9e2a1',
 *   recoveryInstanceIds: ['i-0b8104bc29823c261'],
 *   requestedAt: '2026-01-01T02:00:01.000Z',
 *   reconciled: false,
 * };
 * ```
 */
export interface CleanupBatchRecord {
  /** The drill execution. */
  readonly executionId: string;
  /** The DRS `TERMINATE` job. */
  readonly jobId: string;
  /** The AWS account of the instances; the orchestrator's own account when absent. */
  readonly accountId?: string;
  /** The Region of the instances; the default Region when absent. */
  readonly region?: string;
  /** The recovery instances the job terminates (1 to 200). */
  readonly recoveryInstanceIds: readonly string[];
  /** When the call was made, or, for a reconciled job, when DRS created it. */
  readonly requestedAt: string;
  /** Whether the job was found with `DescribeJobs` after its answer was lost. */
  readonly reconciled: boolean;
}
