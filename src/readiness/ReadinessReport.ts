import type { ReadinessCodeValue } from './ReadinessCode';
import type { ReadinessFinding } from './ReadinessFinding';

/**
 * The counts of a readiness report.
 *
 * @example
 * ```ts
 * import type { ReadinessSummary } from 'drs-waves';
 *
 * const summary: ReadinessSummary = {
 *   ready: false, blocking: 1, warnings: 0, waves: 3, servers: 12, byCode: { REPLICATION_LAG: 1 },
 * };
 * ```
 */
export interface ReadinessSummary {
  /** `true` when there is no `BLOCKING` finding. */
  readonly ready: boolean;
  /** `BLOCKING` findings. */
  readonly blocking: number;
  /** `WARNING` findings. */
  readonly warnings: number;
  /** Waves of the plan. */
  readonly waves: number;
  /** Distinct source servers the plan names (per Region), protection groups resolved. */
  readonly servers: number;
  /** Findings by code; codes without findings are left out. */
  readonly byCode: Readonly<Partial<Record<ReadinessCodeValue, number>>>;
}

/**
 * A check the readiness check did not run, and why (for instance the EC2 launch templates, when
 * no {@link LaunchTemplatePort} is given).
 *
 * @example
 * ```ts
 * import type { ReadinessSkippedCheck } from 'drs-waves';
 *
 * const skipped: ReadinessSkippedCheck = {
 *   check: 'LAUNCH_TEMPLATE_EXISTS',
 *   reason: 'no launchTemplates port was given',
 * };
 * ```
 */
export interface ReadinessSkippedCheck {
  /** The check: `LAUNCH_TEMPLATE_EXISTS`. */
  readonly check: 'LAUNCH_TEMPLATE_EXISTS';
  /** Why it did not run. */
  readonly reason: string;
}

/**
 * What {@link checkReadiness} returns: the findings, most important first within each wave, and
 * their counts. Plain JSON: store it, send it, print it.
 *
 * @example
 * ```ts
 * import type { ReadinessReport } from 'drs-waves';
 *
 * const blocking = (report: ReadinessReport) =>
 *   report.findings.filter((f) => f.severity === 'BLOCKING').map((f) => f.message);
 * ```
 */
export interface ReadinessReport {
  /** The plan checked. */
  readonly planId: string;
  /** When it was checked (ISO 8601, from the clock given). */
  readonly checkedAt: string;
  /** The thresholds the check applied, defaults included. */
  readonly thresholds: {
    /** See {@link ReadinessOptions.maxLagSeconds}. */
    readonly maxLagSeconds: number;
    /** See {@link ReadinessOptions.maxSnapshotAgeSeconds}. */
    readonly maxSnapshotAgeSeconds: number;
  };
  /** The counts, and whether the plan is ready. */
  readonly summary: ReadinessSummary;
  /**
   * The findings: plan-wide ones (a stage, a Region) first, then wave by wave in plan order;
   * within each, `BLOCKING` first, then by source server and code.
   */
  readonly findings: readonly ReadinessFinding[];
  /** Checks that did not run. */
  readonly skippedChecks: readonly ReadinessSkippedCheck[];
}
