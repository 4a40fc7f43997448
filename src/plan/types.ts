/**
 * How an execution runs: a `DRILL` launches drill instances and leaves the source servers
 * replicating; a `RECOVERY` is the real thing. Parsed strictly by {@link parseExecutionType}.
 *
 * @example
 * ```ts
 * import type { ExecutionType } from 'drs-waves';
 *
 * const type: ExecutionType = 'DRILL';
 * ```
 */
export type ExecutionType = 'DRILL' | 'RECOVERY';

/**
 * How much a server matters to its wave. A `CRITICAL` server that fails to launch fails the
 * wave; an `OPTIONAL` one is reported but does not.
 *
 * @example
 * ```ts
 * import type { ImpactLevel } from 'drs-waves';
 *
 * const impact: ImpactLevel = 'OPTIONAL';
 * ```
 */
export type ImpactLevel = 'CRITICAL' | 'OPTIONAL';

/**
 * A DRS source server named in a wave or a protection group, with its impact level.
 *
 * @example
 * ```ts
 * import type { WaveServer } from 'drs-waves';
 *
 * const server: WaveServer = { sourceServerId: 's-1234567890abcdef0', impact: 'CRITICAL' };
 * ```
 */
export interface WaveServer {
  /** The DRS source server ID, `s-` followed by 17 letters or digits. */
  readonly sourceServerId: string;
  /** Whether a launch failure of this server fails the wave. */
  readonly impact: ImpactLevel;
  /**
   * The AWS account (12 digits) whose DRS holds the server, for a wave's inline server; the
   * wave's `accountId` when absent, else the orchestrator's own account. The orchestrator
   * assumes the role configured for the account (`accountRoles`). Protection groups name it for
   * the whole group.
   */
  readonly accountId?: string;
  /**
   * The AWS Region of the server's DRS, for a wave's inline server; the wave's `region` when
   * absent, else the orchestrator's own Region.
   */
  readonly region?: string;
}

/**
 * Selects source servers by their DRS tags, at the start of the wave that names it (directly or
 * through a protection group): every source server of the (account, Region) whose tags include
 * all of `tags` (same keys, same values). Servers disconnected from DRS or archived are left out
 * and reported. The servers found are recorded as the wave's layout, so retries launch the same
 * servers.
 *
 * @example
 * ```ts
 * import type { ServerSelector } from 'drs-waves';
 *
 * const webTier: ServerSelector = { tags: { Tier: 'web', App: 'shop' }, impact: 'CRITICAL' };
 * ```
 */
export interface ServerSelector {
  /** The tags every selected server carries, 1 to 50. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The AWS account (12 digits) whose DRS is searched; the account of the wave (or group) that
   * holds the selector when absent, else the orchestrator's own.
   */
  readonly accountId?: string;
  /** The Region whose DRS is searched; that of the wave (or group) when absent. */
  readonly region?: string;
  /**
   * The impact of the servers selected.
   * @default 'CRITICAL'
   */
  readonly impact: ImpactLevel;
}

/**
 * The point in time servers launch from: each server from its newest recovery snapshot taken at
 * or before `before`, or from the snapshot `snapshotIds` names for it (which wins). Without one,
 * DRS launches from a new snapshot (the latest data).
 *
 * @example
 * ```ts
 * import type { RecoveryPoint } from 'drs-waves';
 *
 * const beforeIncident: RecoveryPoint = { before: '2026-11-30T12:00:00Z' };
 * const pinned: RecoveryPoint = { snapshotIds: { 's-1234567890abcdef0': 'pit-1234567890abcdef0' } };
 * ```
 */
export interface RecoveryPoint {
  /** An ISO 8601 time with its offset: each server launches from its newest snapshot at or before it. */
  readonly before?: string;
  /** The recovery snapshot (`pit-...`) of given servers, by source server ID. */
  readonly snapshotIds?: Readonly<Record<string, string>>;
}

/**
 * A named set of source servers that waves refer to by ID. Groups live in a store, so one group
 * can serve many plans; a group may name the AWS Region its servers replicate to.
 *
 * @example
 * ```ts
 * import type { ProtectionGroup } from 'drs-waves';
 *
 * const group: ProtectionGroup = {
 *   id: 'pg-database',
 *   accountId: '111122223333',
 *   region: 'eu-west-1',
 *   servers: [{ sourceServerId: 's-1234567890abcdef0', impact: 'CRITICAL' }],
 * };
 * ```
 */
export interface ProtectionGroup {
  /** The group ID, as waves name it. */
  readonly id: string;
  /** The servers of the group. */
  readonly servers: readonly WaveServer[];
  /**
   * Servers the group holds by their tags, besides `servers`: resolved at the start of each wave
   * that names the group.
   */
  readonly selector?: ServerSelector;
  /**
   * The Region of the group's DRS servers; the `region` of the wave that names the group when
   * absent, else the orchestrator's own Region.
   */
  readonly region?: string;
  /**
   * The AWS account (12 digits) of the group's DRS servers; the `accountId` of the wave that
   * names the group when absent, else the orchestrator's own account.
   */
  readonly accountId?: string;
}

/**
 * One wave of a recovery plan: servers that launch together, after the waves they depend on.
 *
 * @example
 * ```ts
 * import type { Wave } from 'drs-waves';
 *
 * const wave: Wave = {
 *   id: 'app',
 *   protectionGroups: ['pg-app'],
 *   servers: [],
 *   dependsOn: ['database'],
 *   requireApproval: false,
 * };
 * ```
 */
export interface Wave {
  /** The wave ID: 1 to 64 letters, digits, `-` or `_`, unique in the plan. */
  readonly id: string;
  /** A human-readable name. */
  readonly name?: string;
  /**
   * The AWS account (12 digits) of the wave's servers, for inline servers and protection groups
   * that name none; the orchestrator's own account when absent. A wave may span several
   * accounts and Regions: its DRS jobs are split per (account, Region).
   */
  readonly accountId?: string;
  /**
   * The AWS Region of the wave's servers, for inline servers and protection groups that name
   * none; the orchestrator's own Region when absent.
   */
  readonly region?: string;
  /** IDs of the protection groups whose servers the wave recovers. */
  readonly protectionGroups: readonly string[];
  /** Source servers named directly in the wave. */
  readonly servers: readonly WaveServer[];
  /** Servers selected by their tags at the wave's start, besides `servers` and the groups'. */
  readonly selector?: ServerSelector;
  /**
   * Whether the wave may find no server: without it, a wave whose selectors (its own and its
   * groups') select nothing fails before any DRS `StartRecovery`; with it, such a wave completes
   * empty.
   */
  readonly allowEmpty?: boolean;
  /**
   * The point in time the wave's servers launch from; the execution's (its start input's
   * `recoveryPoint`) when absent, else the latest data.
   */
  readonly recoveryPoint?: RecoveryPoint;
  /**
   * Whether a server without a snapshot at or before the recovery point launches from the
   * latest data instead of failing the wave; the plan's `fallbackToLatestSnapshot` when absent.
   */
  readonly fallbackToLatestSnapshot?: boolean;
  /**
   * IDs of the waves that must complete before this one starts. When absent, the wave depends
   * on the wave listed before it, which keeps a plain list sequential; `[]` means no dependency.
   */
  readonly dependsOn?: readonly string[];
  /** How long the wave may take, from its start to its last launch, in seconds. */
  readonly timeoutSeconds?: number;
  /** Whether an operator must approve the wave before it starts. */
  readonly requireApproval: boolean;
  /**
   * Whether the wave's non-optional post-launch actions must succeed for a server to count as
   * recovered. When absent, the orchestrator's default applies.
   */
  readonly requirePostLaunchActions?: boolean;
  /**
   * The wave's recovery-time objective, in minutes: from the start of the execution (the
   * recovery declared) to the wave's last server recovered. Reports measure it, met or missed.
   */
  readonly rtoMinutes?: number;
  /** Actions run, in order, before the wave's launch (after its approval, when it has one). */
  readonly before?: readonly WaveAction[];
  /** Actions run, in order, after every server of the wave launched. */
  readonly after?: readonly WaveAction[];
  /** What the wave's failure does; the plan's `onWaveFailure` when absent. */
  readonly onWaveFailure?: WaveFailurePolicy;
  /**
   * With `onWaveFailure: 'DECIDE'`: seconds the failed wave waits for a decision before it
   * aborts; the plan's, else {@link DEFAULT_DECISION_TIMEOUT_SECONDS}, when absent.
   */
  readonly decisionTimeoutSeconds?: number;
}

/**
 * What a wave's failure does: `ABORT` fails the execution (once the other waves of its stage
 * have ended); `DECIDE` pauses the wave for an operator, who retries its failed critical
 * servers, skips it or aborts (no answer within the decision timeout aborts).
 *
 * @example
 * ```ts
 * import type { WaveFailurePolicy } from 'drs-waves';
 *
 * const policy: WaveFailurePolicy = 'DECIDE';
 * ```
 */
export type WaveFailurePolicy = 'ABORT' | 'DECIDE';

/**
 * Seconds a failed wave waits for a failure decision when neither it nor its plan sets
 * `decisionTimeoutSeconds`: then it aborts.
 *
 * @example
 * ```ts
 * import { DEFAULT_DECISION_TIMEOUT_SECONDS } from 'drs-waves';
 *
 * DEFAULT_DECISION_TIMEOUT_SECONDS; // 3600
 * ```
 */
export const DEFAULT_DECISION_TIMEOUT_SECONDS = 3600;

/**
 * The most attempts of one wave: its first launch and at most two retries by failure decisions.
 * Bounded so that the wave's child execution stays within Step Functions' history limit, which
 * the plan's budget counts with every retry.
 *
 * @example
 * ```ts
 * import { MAX_WAVE_ATTEMPTS } from 'drs-waves';
 *
 * MAX_WAVE_ATTEMPTS; // 3
 * ```
 */
export const MAX_WAVE_ATTEMPTS = 3;

/**
 * What an action's failure (or timeout) does: `FAIL` fails the wave, `CONTINUE` records it and
 * goes on.
 *
 * @example
 * ```ts
 * import type { ActionOnFailure } from 'drs-waves';
 *
 * const onFailure: ActionOnFailure = 'CONTINUE';
 * ```
 */
export type ActionOnFailure = 'FAIL' | 'CONTINUE';

/**
 * Invokes a Lambda function (synchronously, through Step Functions' `lambda:invoke`) with the
 * execution, the wave and, after the launch, each server's outcome and recovery instance. A
 * function error, or no answer within `timeoutSeconds`, is the action's failure.
 *
 * @example
 * ```ts
 * import type { LambdaAction } from 'drs-waves';
 *
 * const drain: LambdaAction = {
 *   type: 'lambda',
 *   functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:drain',
 *   timeoutSeconds: 300,
 *   onFailure: 'FAIL',
 * };
 * ```
 */
export interface LambdaAction {
  /** `lambda`. */
  readonly type: 'lambda';
  /** The function's ARN (a version or alias may follow). */
  readonly functionArn: string;
  /**
   * Seconds the function may take, 1 to 900.
   * @default 300
   */
  readonly timeoutSeconds: number;
  /**
   * What its failure does.
   * @default 'FAIL'
   */
  readonly onFailure: ActionOnFailure;
  /** Fixed input passed to the function as `payload`, besides the execution and wave. */
  readonly payload?: Readonly<Record<string, unknown>>;
}

/**
 * Starts an SSM Automation runbook (`StartAutomationExecution`) and follows it until it ends:
 * `Success` succeeds; `Failed`, `Cancelled`, `TimedOut` and the like fail; still running after
 * `timeoutSeconds` is stopped (`StopAutomationExecution`) and times out.
 *
 * @example
 * ```ts
 * import type { SsmAutomationAction } from 'drs-waves';
 *
 * const healthCheck: SsmAutomationAction = {
 *   type: 'ssmAutomation',
 *   documentName: 'MyApp-HealthCheck',
 *   parameters: { Port: ['443'] },
 *   targetParameter: 'InstanceIds',
 *   timeoutSeconds: 900,
 *   onFailure: 'FAIL',
 * };
 * ```
 */
export interface SsmAutomationAction {
  /** `ssmAutomation`. */
  readonly type: 'ssmAutomation';
  /** The Automation document's name or ARN. */
  readonly documentName: string;
  /** The document version; the default version when absent. */
  readonly documentVersion?: string;
  /**
   * The runbook's parameters, each a list of strings as SSM takes them.
   * @default {}
   */
  readonly parameters: Readonly<Record<string, readonly string[]>>;
  /**
   * After the launch only: the parameter that receives the recovery instance IDs of the wave's
   * launched servers (such as `InstanceIds`), so the runbook targets them.
   */
  readonly targetParameter?: string;
  /**
   * Seconds the runbook may run, from 60.
   * @default 3600
   */
  readonly timeoutSeconds: number;
  /**
   * What its failure does.
   * @default 'FAIL'
   */
  readonly onFailure: ActionOnFailure;
}

/**
 * Waits a fixed time (a Step Functions `Wait`): let a tier settle before the next action or
 * wave.
 *
 * @example
 * ```ts
 * import type { WaitAction } from 'drs-waves';
 *
 * const settle: WaitAction = { type: 'wait', seconds: 120 };
 * ```
 */
export interface WaitAction {
  /** `wait`. */
  readonly type: 'wait';
  /** Seconds to wait. */
  readonly seconds: number;
}

/**
 * Waits for an operator's approval (as `requireApproval`, at this point of the wave): approve
 * and reject through the control plane or `drs-waves approve`/`reject`. A rejection, or no
 * answer within `timeoutSeconds`, is the action's failure. A wave has at most one approval.
 *
 * @example
 * ```ts
 * import type { ApprovalAction } from 'drs-waves';
 *
 * const signOff: ApprovalAction = { type: 'approval', timeoutSeconds: 3600, onFailure: 'FAIL' };
 * ```
 */
export interface ApprovalAction {
  /** `approval`. */
  readonly type: 'approval';
  /**
   * Seconds to wait for the decision, from 60.
   * @default 86400
   */
  readonly timeoutSeconds: number;
  /**
   * What a rejection or a timeout does.
   * @default 'FAIL'
   */
  readonly onFailure: ActionOnFailure;
}

/**
 * An action a wave runs before or after its launch.
 *
 * @example
 * ```ts
 * import type { WaveAction } from 'drs-waves';
 *
 * const actions: WaveAction[] = [{ type: 'wait', seconds: 60 }];
 * ```
 */
export type WaveAction = LambdaAction | SsmAutomationAction | WaitAction | ApprovalAction;

/**
 * An ordered list of waves, the unit that runs as one drill or recovery. Get one from
 * {@link parseRecoveryPlan}, which validates every rule.
 *
 * @example
 * ```ts
 * import { parseRecoveryPlan, type RecoveryPlan } from 'drs-waves';
 *
 * const plan: RecoveryPlan = parseRecoveryPlan({
 *   id: 'payments',
 *   waves: [{ id: 'database', servers: ['s-1234567890abcdef0'] }],
 * });
 * ```
 */
export interface RecoveryPlan {
  /** The plan ID: 1 to 64 letters, digits, `-` or `_`. */
  readonly id: string;
  /** A human-readable name. */
  readonly name?: string;
  /** What the plan recovers, for operators. */
  readonly description?: string;
  /** The execution type the plan runs as unless the caller says otherwise. */
  readonly executionType: ExecutionType;
  /**
   * The plan's recovery-time objective, in minutes: from the start of the execution to its
   * last wave recovered.
   */
  readonly rtoMinutes?: number;
  /** What a wave's failure does, for waves that do not say: `ABORT` when absent. */
  readonly onWaveFailure?: WaveFailurePolicy;
  /** Seconds a failed wave waits for a decision, for waves that do not say. */
  readonly decisionTimeoutSeconds?: number;
  /**
   * Whether a server without a snapshot at or before the recovery point launches from the
   * latest data (for waves that do not say) instead of failing its wave before any launch.
   * @default false
   */
  readonly fallbackToLatestSnapshot?: boolean;
  /** The waves, in the order they are listed. */
  readonly waves: readonly Wave[];
}
