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
  /** The Region of the group's DRS servers; the orchestrator's own Region when absent. */
  readonly region?: string;
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
  /** IDs of the protection groups whose servers the wave recovers. */
  readonly protectionGroups: readonly string[];
  /** Source servers named directly in the wave. */
  readonly servers: readonly WaveServer[];
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
}

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
  /** The waves, in the order they are listed. */
  readonly waves: readonly Wave[];
}
