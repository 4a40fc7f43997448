/**
 * The drill report: what ran, how it ended, each wave and server against its recovery-time
 * objective, and the recovery point each server launched from. `drs-waves simulate` writes one
 * for a plan run on the local stack (with what the run cost in Step Functions and DRS terms);
 * `drs-waves report` writes one for a real execution, from its history and DRS. It is plain data
 * (JSON-serialisable) so that the same object is written as `drill-report.json` and rendered by
 * `renderDrillReportMarkdown` and `renderDrillReportHtml`.
 *
 * Every string in a report may come from a plan, from DRS or from an error message: renderers
 * treat all of them as untrusted text.
 *
 * @module
 */

/**
 * A drill report: one execution of a recovery plan, simulated or real, end to end (or as far as
 * it has run).
 *
 * @example
 * ```ts
 * import type { DrillReport } from 'drs-waves/report';
 *
 * const report: DrillReport = {
 *   tool: { name: 'drs-waves', version: '0.1.0' },
 *   plan: { id: 'shop', name: 'Shop', waveCount: 1, serverCount: 1 },
 *   source: 'simulation',
 *   executionId: 'shop-drill-1',
 *   executionType: 'DRILL',
 *   status: 'SUCCEEDED',
 *   startedAt: '2026-01-01T00:00:00.000Z',
 *   endedAt: '2026-01-01T00:08:54.000Z',
 *   reportedAt: '2026-01-01T00:08:54.000Z',
 *   durationSeconds: 534,
 *   simulation: { seed: 42, faults: [], wallSeconds: 1.2 },
 *   stages: [['db']],
 *   waves: [
 *     {
 *       waveId: 'db',
 *       stage: 0,
 *       status: 'COMPLETED',
 *       serverCount: 1,
 *       launched: 1,
 *       failed: 0,
 *       pending: 0,
 *       jobIds: ['drsjob-541cee6300c363be5'],
 *       startedAt: '2026-01-01T00:00:00.000Z',
 *       endedAt: '2026-01-01T00:08:54.000Z',
 *     },
 *   ],
 *   servers: [
 *     {
 *       sourceServerId: 's-5817ab4ccdfa96db3',
 *       waveId: 'db',
 *       impact: 'CRITICAL',
 *       verdict: 'LAUNCHED',
 *       phase: 'LAUNCH',
 *       recoveryInstanceId: 'i-0b8104bc29823c261',
 *       snapshotAt: '2026-01-01T00:00:41.000Z',
 *     },
 *   ],
 *   stats: {
 *     stateTransitions: 120,
 *     lambdaInvocations: 40,
 *     largestHistoryEvents: 150,
 *     largestPayloadBytes: 2048,
 *     drsCalls: { StartRecovery: 1, DescribeJobs: 18 },
 *   },
 * };
 * ```
 */
export interface DrillReport {
  /** The tool that wrote the report. */
  readonly tool: {
    /** Always `drs-waves`. */
    readonly name: 'drs-waves';
    /** The drs-waves version, from its `package.json`. */
    readonly version: string;
  };
  /** The recovery plan that ran. */
  readonly plan: {
    /** The plan's ID. */
    readonly id: string;
    /** The plan's display name, when it has one. */
    readonly name?: string;
    /** How many waves the plan has. */
    readonly waveCount: number;
    /** How many servers the plan recovers, over all its waves. */
    readonly serverCount: number;
    /** The plan's recovery-time objective, in minutes, when it sets one. */
    readonly rtoMinutes?: number;
  };
  /**
   * Seconds from the execution's start to its last server recovered, when every wave
   * completed: the plan's measured recovery time, against `plan.rtoMinutes`.
   */
  readonly recoveredAfterSeconds?: number;
  /**
   * Where the report comes from: `simulation` (the local stack, on a virtual clock) or
   * `execution` (a real execution, from its history and DRS).
   */
  readonly source: 'simulation' | 'execution';
  /** The Step Functions execution's ID (its name). */
  readonly executionId: string;
  /** Whether the execution was a drill or a real recovery. */
  readonly executionType: 'DRILL' | 'RECOVERY';
  /**
   * How the execution ended, or `RUNNING` when the report was made before its end (a real
   * execution only).
   */
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  /** The error name the execution failed with (`WaveFailed`, `WaveTimeout`, ...). */
  readonly error?: string;
  /** Why the execution failed or was cancelled, naming the wave and servers. */
  readonly cause?: string;
  /**
   * When the execution started, as an ISO 8601 timestamp: on the simulation's virtual clock for
   * a simulation.
   */
  readonly startedAt: string;
  /** When the execution ended; absent while it runs. */
  readonly endedAt?: string;
  /** When the report was made: the end of its timeline (the end itself for a simulation). */
  readonly reportedAt: string;
  /**
   * Seconds from `startedAt` to `endedAt` (or to `reportedAt` while the execution runs): how
   * long the execution took, or would have taken in AWS for a simulation.
   */
  readonly durationSeconds: number;
  /** What only a simulation has: its seed, its faults and its real time; absent for a real execution. */
  readonly simulation?: DrillReportSimulation;
  /** The wave IDs of each stage, in stage order; the waves of one stage run in parallel. */
  readonly stages: readonly (readonly string[])[];
  /** Every wave of the plan, started or not. */
  readonly waves: readonly DrillReportWave[];
  /** Every server of the plan, with its outcome. */
  readonly servers: readonly DrillReportServer[];
  /** The wave actions that ran (before and after each wave's launch), in wave and run order. */
  readonly actions?: readonly DrillReportAction[];
  /** The failure decisions asked of operators (`onWaveFailure: 'DECIDE'`), in the order asked. */
  readonly decisions?: readonly DrillReportDecision[];
  /**
   * Waves an operator skipped after their failure: an execution `SUCCEEDED` with skipped waves
   * is not a clean success.
   */
  readonly skippedWaveIds?: readonly string[];
  /**
   * The executions of one recovery resumed across executions, oldest first, when the reported
   * execution resumed another (`resumedFrom`): the report follows the chain back, measures the
   * recovery from the first one's start, and shows each wave as the execution that ran it last.
   */
  readonly executions?: readonly DrillReportExecution[];
  /**
   * Where the servers ran, when the execution reached DRS in another account or Region than the
   * orchestrator's own: one entry per (account, Region), the own first. Absent otherwise.
   */
  readonly targets?: readonly DrillReportTarget[];
  /**
   * What the execution cost: state transitions, Lambda invocations, history and DRS calls.
   * Counted by a simulation; absent for a real execution.
   */
  readonly stats?: DrillReportStats;
}

/**
 * The report of a simulated drill (`simulateDrill`, `drs-waves simulate`): a
 * {@link DrillReport} that always has its simulation, its cost and its end.
 *
 * @example
 * ```ts
 * import type { SimulatedDrillReport } from 'drs-waves/report';
 *
 * const cost = (report: SimulatedDrillReport) => report.stats.stateTransitions;
 * ```
 */
export interface SimulatedDrillReport extends DrillReport {
  /** `simulation`. */
  readonly source: 'simulation';
  /** A simulation always runs to its end: `SUCCEEDED` or `FAILED`. */
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** When the execution ended, on the virtual clock. */
  readonly endedAt: string;
  /** The simulation's seed, faults and real time. */
  readonly simulation: DrillReportSimulation;
  /** What the simulated execution cost. */
  readonly stats: DrillReportStats;
}

/**
 * What a simulated {@link DrillReport} has that a real execution's does not.
 *
 * @example
 * ```ts
 * import type { DrillReportSimulation } from 'drs-waves/report';
 *
 * const simulation: DrillReportSimulation = {
 *   seed: 7,
 *   faults: ['server s-5817ab4ccdfa96db3 fails to launch: InsufficientInstanceCapacity'],
 *   wallSeconds: 0.8,
 * };
 * ```
 */
export interface DrillReportSimulation {
  /** The seed of the simulation's random choices; the same plan, seed and faults replay the same run. */
  readonly seed: number;
  /**
   * The faults injected into the simulation, each described for a person, such as
   * `server s-5817ab4ccdfa96db3 fails to launch: InsufficientInstanceCapacity`.
   */
  readonly faults: readonly string[];
  /** How long the simulation took in real time, in seconds. */
  readonly wallSeconds: number;
}

/**
 * One wave of a {@link DrillReport}.
 *
 * @example
 * ```ts
 * import type { DrillReportWave } from 'drs-waves/report';
 *
 * const wave: DrillReportWave = {
 *   waveId: 'app',
 *   name: 'Application tier',
 *   stage: 1,
 *   status: 'FAILED',
 *   serverCount: 2,
 *   launched: 1,
 *   failed: 1,
 *   pending: 0,
 *   jobIds: ['drsjob-541cee6300c363be5'],
 *   startedAt: '2026-01-01T00:08:54.000Z',
 *   endedAt: '2026-01-01T00:20:00.000Z',
 *   error: 'WaveFailed',
 *   cause: 'Critical server s-5817ab4ccdfa96db3 failed: InsufficientInstanceCapacity',
 * };
 * ```
 */
export interface DrillReportWave {
  /** The wave's ID in the plan. */
  readonly waveId: string;
  /**
   * The execution that ran the wave, in a recovery resumed across executions
   * ({@link DrillReport.executions}); absent otherwise.
   */
  readonly executionId?: string;
  /** The wave's attempts when a failure decision retried it (2 and up); absent otherwise. */
  readonly attempts?: number;
  /** The wave's display name, when it has one. */
  readonly name?: string;
  /** The wave's stage, from 0 (an index into {@link DrillReport.stages}). */
  readonly stage: number;
  /**
   * The wave's state at the end of the execution: `COMPLETED`, `FAILED`, `TIMED_OUT`, `STARTED`,
   * `NOT_STARTED` or `AWAITING_APPROVAL`.
   */
  readonly status: string;
  /** How many servers the wave recovers. */
  readonly serverCount: number;
  /** How many of them launched. */
  readonly launched: number;
  /** How many of them failed. */
  readonly failed: number;
  /** How many of them had no outcome yet when the execution ended. */
  readonly pending: number;
  /** The DRS recovery jobs the wave started. */
  readonly jobIds: readonly string[];
  /** When the wave started (ISO 8601; on the virtual clock for a simulation); absent when it never started. */
  readonly startedAt?: string;
  /** When the wave ended (ISO 8601; on the virtual clock for a simulation); absent while it had not ended. */
  readonly endedAt?: string;
  /** The error name the wave failed with (`WaveFailed`, `WaveTimeout`, ...). */
  readonly error?: string;
  /** Why the wave failed, naming its servers. */
  readonly cause?: string;
  /**
   * How long the wave's chunks waited for DRS quota (the longest wait), in seconds; absent
   * when none waited.
   */
  readonly quotaWaitSeconds?: number;
  /** The wave's recovery-time objective, in minutes, when the plan sets one. */
  readonly rtoMinutes?: number;
  /**
   * Seconds from the execution's start to the wave's last server recovered, when the wave
   * completed: its measured recovery time, against `rtoMinutes`.
   */
  readonly recoveredAfterSeconds?: number;
  /**
   * The oldest recovery point of the wave's launched servers (ISO 8601): the data the wave
   * came back with is at least this recent. Absent when DRS reported none.
   */
  readonly recoveryPointAt?: string;
  /**
   * For a wave launched from a recovery point: the time its recovery points are measured
   * against, the recovery point's `before` (the incident), else the execution's start.
   */
  readonly incidentAt?: string;
  /**
   * For a wave launched from a recovery point: the achieved recovery point, the age of its
   * oldest launched server's data at `incidentAt`, in seconds (the data lost, at most).
   */
  readonly recoveryPointAgeSeconds?: number;
  /** Servers its tag selectors matched but left out (disconnected, archived). */
  readonly excludedServers?: readonly {
    /** The source server. */
    readonly sourceServerId: string;
    /** `DISCONNECTED` or `ARCHIVED`. */
    readonly reason: string;
    /** The selector that matched it: `wave <id>` or `group <id>`. */
    readonly selectedBy: string;
  }[];
}

/**
 * One server of a {@link DrillReport}.
 *
 * @example
 * ```ts
 * import type { DrillReportServer } from 'drs-waves/report';
 *
 * const server: DrillReportServer = {
 *   sourceServerId: 's-5817ab4ccdfa96db3',
 *   waveId: 'app',
 *   impact: 'CRITICAL',
 *   verdict: 'FAILED',
 *   phase: 'LAUNCH',
 *   launchStatus: 'FAILED',
 *   jobId: 'drsjob-541cee6300c363be5',
 *   error: 'InsufficientInstanceCapacity',
 *   startedAt: '2026-01-01T00:08:54.000Z',
 *   endedAt: '2026-01-01T00:14:10.000Z',
 * };
 * ```
 */
export interface DrillReportServer {
  /** The DRS source server's ID. */
  readonly sourceServerId: string;
  /** The wave the server belongs to. */
  readonly waveId: string;
  /** Whether its failure fails the wave (`CRITICAL`) or is only reported (`OPTIONAL`). */
  readonly impact: 'CRITICAL' | 'OPTIONAL';
  /** The server's outcome when the execution ended. */
  readonly verdict: 'PENDING' | 'LAUNCHED' | 'FAILED';
  /** How far its recovery got (`SNAPSHOT`, `CONVERSION`, `LAUNCH`, ...). */
  readonly phase: string;
  /** Its DRS launch status at the last check. */
  readonly launchStatus?: string;
  /** The DRS job that recovers it. */
  readonly jobId?: string;
  /** The recovery instance that was launched. */
  readonly recoveryInstanceId?: string;
  /** Why it failed. */
  readonly error?: string;
  /** When its recovery started (its first job log event) (ISO 8601; on the virtual clock for a simulation). */
  readonly startedAt?: string;
  /** When its recovery instance launched (`LAUNCH_END`) (ISO 8601; on the virtual clock for a simulation). */
  readonly launchedAt?: string;
  /** When its outcome became final (ISO 8601; on the virtual clock for a simulation). */
  readonly endedAt?: string;
  /**
   * The recovery point: when the snapshot its recovery instance launched from was taken
   * (DRS's `pointInTimeSnapshotDateTime`, ISO 8601). Absent when DRS no longer knows the
   * instance (terminated by a cleanup) or the report did not ask DRS.
   */
  readonly snapshotAt?: string;
  /**
   * The recovery snapshot the server launched from (`pit-...`), when its wave had a recovery
   * point: chosen before the launch, recorded in the history.
   */
  readonly recoverySnapshotId?: string;
  /**
   * How its snapshot was chosen, when its wave had a recovery point: `BEFORE` (the newest at or
   * before the recovery point), `SNAPSHOT_ID` (named for it), `LATEST` (none was old enough and
   * the plan let it fall back to the latest data).
   */
  readonly snapshotChosenBy?: 'BEFORE' | 'SNAPSHOT_ID' | 'LATEST';
  /**
   * For a server of a wave launched from a recovery point: the achieved recovery point, the
   * age of the data it launched from (`snapshotAt`) at its wave's `incidentAt`, in seconds;
   * negative when the data is newer than the incident (a fallback to the latest data).
   */
  readonly recoveryPointAgeSeconds?: number;
  /** The recovery instance's EC2 state when the report was made (`running`, `stopped`...). */
  readonly ec2InstanceState?: string;
  /** The AWS account where it was recovered; absent for the orchestrator's own. */
  readonly accountId?: string;
  /** The Region where it was recovered; absent for the orchestrator's own. */
  readonly region?: string;
}

/**
 * The servers and DRS jobs of an execution in one AWS account and Region.
 *
 * @example
 * ```ts
 * import type { DrillReportTarget } from 'drs-waves/report';
 *
 * const target: DrillReportTarget = {
 *   accountId: '111122223333',
 *   region: 'eu-west-1',
 *   waveIds: ['database'],
 *   jobIds: ['drsjob-541cee6300c363be5'],
 *   serverCount: 2,
 *   launched: 2,
 *   failed: 0,
 * };
 * ```
 */
export interface DrillReportTarget {
  /** The AWS account; absent for the orchestrator's own. */
  readonly accountId?: string;
  /** The Region; absent for the orchestrator's own. */
  readonly region?: string;
  /** The waves with servers here, in plan order. */
  readonly waveIds: readonly string[];
  /** The DRS jobs started here. */
  readonly jobIds: readonly string[];
  /** Its servers. */
  readonly serverCount: number;
  /** Of them, launched. */
  readonly launched: number;
  /** Of them, failed. */
  readonly failed: number;
}

/**
 * One wave action of a {@link DrillReport}: what ran, and how it ended.
 *
 * @example
 * ```ts
 * import type { DrillReportAction } from 'drs-waves/report';
 *
 * const action: DrillReportAction = {
 *   waveId: 'app',
 *   phase: 'after',
 *   index: 0,
 *   type: 'ssmAutomation',
 *   label: 'ssmAutomation MyApp-HealthCheck',
 *   onFailure: 'FAIL',
 *   startedAt: '2026-01-01T00:20:00.000Z',
 *   endedAt: '2026-01-01T00:21:30.000Z',
 *   outcome: 'SUCCEEDED',
 * };
 * ```
 */
export interface DrillReportAction {
  /** The wave. */
  readonly waveId: string;
  /** Before or after the wave's launch. */
  readonly phase: 'before' | 'after';
  /** Its position in the phase, from 0. */
  readonly index: number;
  /** `lambda`, `ssmAutomation`, `wait` or `approval`. */
  readonly type: string;
  /** What it ran, for people. */
  readonly label: string;
  /** What its failure does: `FAIL` fails the wave, `CONTINUE` goes on. */
  readonly onFailure: 'FAIL' | 'CONTINUE';
  /** When it started (ISO 8601). */
  readonly startedAt: string;
  /** When it ended; absent while it runs. */
  readonly endedAt?: string;
  /** `SUCCEEDED`, `FAILED` or `TIMED_OUT`; absent while it runs. */
  readonly outcome?: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  /** The error name of a failure. */
  readonly error?: string;
  /** Why it failed. */
  readonly cause?: string;
}

/**
 * What a simulated execution cost, in the units AWS bills and limits.
 *
 * @example
 * ```ts
 * import type { DrillReportStats } from 'drs-waves/report';
 *
 * const stats: DrillReportStats = {
 *   stateTransitions: 1204,
 *   lambdaInvocations: 388,
 *   largestHistoryEvents: 2410,
 *   largestPayloadBytes: 18_432,
 *   drsCalls: { StartRecovery: 3, DescribeJobs: 120, DescribeJobLogItems: 240 },
 * };
 * ```
 */
export interface DrillReportStats {
  /** Step Functions state transitions, over every execution the run started. */
  readonly stateTransitions: number;
  /** Lambda invocations of the action router. */
  readonly lambdaInvocations: number;
  /** The most events one execution's history reached (Step Functions allows 25,000). */
  readonly largestHistoryEvents: number;
  /** The largest state input or output, in bytes (Step Functions allows 256 KiB). */
  readonly largestPayloadBytes: number;
  /** DRS API calls by operation name (`StartRecovery`, `DescribeJobs`, ...). */
  readonly drsCalls: Readonly<Record<string, number>>;
  /** Router invocations by action (`start_wave`, `check_wave_status`, ...), retries included. */
  readonly routerCalls?: Readonly<Record<string, number>>;
  /** DynamoDB requests by operation (`PutItem`, `Query`...), when the history ran on dynalite. */
  readonly dynamoRequests?: Readonly<Record<string, number>>;
  /**
   * DynamoDB capacity units consumed (reads strongly consistent), when the history ran on
   * dynalite, which computes them from item sizes as DynamoDB does.
   */
  readonly dynamoCapacityUnits?: {
    /** Read capacity units. */
    readonly read: number;
    /** Write capacity units. */
    readonly write: number;
  };
  /**
   * The longest time, in virtual seconds, from a wave's last server reaching its final state to
   * the state machine knowing the wave is done.
   */
  readonly maxNoticeDelaySeconds?: number;
}

/**
 * A failure decision in a {@link DrillReport}: which wave and attempt failed, what was chosen,
 * by whom and when.
 *
 * @example
 * ```ts
 * import type { DrillReportDecision } from 'drs-waves/report';
 *
 * const decision: DrillReportDecision = {
 *   waveId: 'app', attempt: 1, status: 'RETRY', error: 'WaveFailed',
 *   requestedAt: '2026-01-01T00:30:00.000Z', decidedAt: '2026-01-01T00:34:00.000Z', decidedBy: 'ops@example.com',
 * };
 * ```
 */
export interface DrillReportDecision {
  /** The failed wave. */
  readonly waveId: string;
  /** Its failed attempt, from 1. */
  readonly attempt: number;
  /** `RETRY`, `SKIP`, `ABORT`, `TIMED_OUT` (no answer: aborted), or `PENDING`. */
  readonly status: string;
  /** The error the attempt failed with. */
  readonly error?: string;
  /** Why it failed. */
  readonly cause?: string;
  /** When the wave asked. */
  readonly requestedAt: string;
  /** When it was decided, or timed out. */
  readonly decidedAt?: string;
  /** Who decided. */
  readonly decidedBy?: string;
  /** Why, in the decider's words. */
  readonly reason?: string;
}

/**
 * One execution of a recovery resumed across executions, in a {@link DrillReport}.
 *
 * @example
 * ```ts
 * import type { DrillReportExecution } from 'drs-waves/report';
 *
 * const resumed: DrillReportExecution = {
 *   executionId: 'shop-2', status: 'SUCCEEDED', startedAt: '2026-01-01T01:00:00.000Z', resumedFromWaveId: 'app',
 * };
 * ```
 */
export interface DrillReportExecution {
  /** The execution. */
  readonly executionId: string;
  /** How it ended, or `RUNNING`. */
  readonly status: string;
  /** When it started. */
  readonly startedAt: string;
  /** When it ended. */
  readonly endedAt?: string;
  /** The wave it resumed the previous execution from; absent for the first. */
  readonly resumedFromWaveId?: string;
}
