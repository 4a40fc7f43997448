import type { DrsPort } from '../drs/DrsPort';
import type { DrsTarget } from '../drs/DrsTarget';
import type { DrsQuotas } from '../drs/limits';
import type { RecoveryPlan } from '../plan/types';
import type { ProtectionGroupStore } from '../store/ProtectionGroupStore';
import { resolveSelectors } from '../waves/internal/selectServers';
import { targetOf } from '../waves/internal/target';
import { checkTarget } from './internal/checkTarget';
import { layoutPlan } from './internal/layoutPlan';
import { resolveInput } from './internal/resolveInput';
import type { LaunchTemplatePort } from './LaunchTemplatePort';
import type { ReadinessCodeValue } from './ReadinessCode';
import type { ReadinessFinding } from './ReadinessFinding';
import type { ReadinessOptions } from './ReadinessOptions';
import type { ReadinessReport, ReadinessSkippedCheck } from './ReadinessReport';

/**
 * What {@link checkReadiness} checks, and with what: the plan, where its protection groups are,
 * DRS per target, and optionally EC2, the quotas, a clock and thresholds. The action router's
 * dependencies provide each of them.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import {
 *   type CheckReadinessInput, createDrsAdapter, InMemoryProtectionGroupStore, parseRecoveryPlan,
 * } from 'drs-waves';
 *
 * const drs = createDrsAdapter(new DrsClient({}));
 * const input: CheckReadinessInput = {
 *   plan: parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', protectionGroups: ['pg-db'] }] }),
 *   protectionGroups: new InMemoryProtectionGroupStore([]),
 *   drsFor: ({ region }) =>
 *     region === undefined ? drs : createDrsAdapter(new DrsClient({ region })),
 *   options: { maxLagSeconds: 300 },
 * };
 * ```
 */
export interface CheckReadinessInput {
  /** The plan, from `parseRecoveryPlan`. */
  readonly plan: RecoveryPlan;
  /** Where the plan's protection groups are read (one `getGroups` call). */
  readonly protectionGroups: ProtectionGroupStore;
  /**
   * DRS for a target: `{}` for the servers of the default Region (inline servers, groups without
   * a Region), `{ region }` for a group's Region. Called once per target and check. Keyed by a
   * {@link DrsTarget} rather than a Region, so that once plans name AWS accounts (and the
   * orchestrator assumes a role per account) the same lookup receives the account too.
   */
  readonly drsFor: (target: DrsTarget) => DrsPort;
  /**
   * Which EC2 launch templates exist. When absent, the check only verifies that each launch
   * configuration names a template, and `skippedChecks` says so.
   */
  readonly launchTemplates?: LaunchTemplatePort;
  /**
   * The account's DRS quotas; missing fields take {@link DEFAULT_DRS_QUOTAS}.
   *
   * @default DEFAULT_DRS_QUOTAS
   */
  readonly quotas?: Partial<DrsQuotas>;
  /**
   * The clock: snapshot ages and the window of active jobs are measured from it.
   *
   * @default () => new Date()
   */
  readonly clock?: () => Date;
  /**
   * Thresholds and limits.
   *
   * @default DEFAULT_READINESS_OPTIONS
   */
  readonly options?: ReadinessOptions;
}

const SEVERITY_RANK = { BLOCKING: 0, WARNING: 1 } as const;

/** Plan-wide findings first, then wave by wave in plan order; `BLOCKING` first in each. */
function sortFindings(findings: ReadinessFinding[], plan: RecoveryPlan): ReadinessFinding[] {
  const waveIndex = new Map(plan.waves.map((wave, index) => [wave.id, index]));
  const rank = (f: ReadinessFinding) =>
    f.waveId === undefined ? -1 : (waveIndex.get(f.waveId) ?? -1);
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        rank(a.finding) - rank(b.finding) ||
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        (a.finding.sourceServerId ?? '').localeCompare(b.finding.sourceServerId ?? '') ||
        a.finding.code.localeCompare(b.finding.code) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

/**
 * Checks, against the live DRS account, that a plan would run now: before a drill, before a
 * recovery, or on a schedule to keep knowing. Nothing is started or changed; every call reads.
 *
 * What it checks, each finding with its severity, wave, server and what to do
 * ({@link ReadinessCode} says when each is blocking):
 *
 * - every protection group the waves name exists;
 * - every server is a DRS source server, not disconnected, replicating `CONTINUOUS`ly, with a lag
 *   within `maxLagSeconds` and a recovery snapshot within `maxSnapshotAgeSeconds`;
 * - every server has a launch configuration naming an EC2 launch template, which exists (when a
 *   {@link LaunchTemplatePort} is given);
 * - no server is in a DRS job that has not completed;
 * - no wave needs more than the DRS quotas, and each stage fits in what the jobs active now
 *   (anyone's, in the last 24 hours) leave of them, per Region: the stage's jobs are counted by
 *   the planner `startWave` uses (jobs of at most `maxServersPerJob` servers of one Region), all
 *   its waves at once;
 * - a DRS target whose calls fail is one finding, not an exception.
 *
 * A server that two waves name has its findings under each of them.
 *
 * Calls are batched: per target one `DescribeSourceServers` per 200 servers and one
 * `DescribeJobs`, then `DescribeRecoverySnapshots` (the newest only) and `GetLaunchConfiguration`
 * per server (DRS has no batch form of either), at most `options.concurrency` at a time, and one
 * question to the launch template port.
 *
 * @throws `InvalidOptionsError` naming every bad field of the input (before any call);
 * `InvalidPlanError` for a plan whose dependencies do not order; `InvalidProtectionGroupError`
 * for a group that puts a server in two Regions; `HistoryUnavailableError` when the protection
 * group store fails; `MissingPeerDependencyError` from a DRS adapter without its SDK.
 *
 * @example
 * ```ts
 * import { DrsClient } from '@aws-sdk/client-drs';
 * import {
 *   checkReadiness, createDrsAdapter, InMemoryProtectionGroupStore, parseRecoveryPlan,
 * } from 'drs-waves';
 *
 * const drs = createDrsAdapter(new DrsClient({ region: 'eu-west-1' }));
 * const report = await checkReadiness({
 *   plan: parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: ['s-1234567890abcdef0'] }] }),
 *   protectionGroups: new InMemoryProtectionGroupStore([]),
 *   drsFor: () => drs,
 *   options: { maxLagSeconds: 600 },
 * });
 * if (!report.summary.ready) {
 *   for (const f of report.findings) console.log(f.severity, f.waveId, f.message, '->', f.remedy);
 * }
 * ```
 */
export async function checkReadiness(input: CheckReadinessInput): Promise<ReadinessReport> {
  const ctx = resolveInput(input);
  const now = ctx.clock();
  // Tag selectors find their servers as a wave's start would: those are the servers checked.
  const layout = await layoutPlan(ctx.plan, ctx.protectionGroups, ctx.quotas, (selectors) =>
    resolveSelectors(selectors, (target) => ctx.drsFor(targetOf(target))),
  );
  const found: ReadinessFinding[] = [...layout.findings];
  for (const target of layout.targets) found.push(...(await checkTarget(ctx, target, now)));
  const findings = sortFindings(found, ctx.plan);

  const skippedChecks: ReadinessSkippedCheck[] =
    ctx.launchTemplates === undefined
      ? [
          {
            check: 'LAUNCH_TEMPLATE_EXISTS',
            reason:
              'no launch template port was given: that each launch configuration names an EC2 launch template was checked, not that the template exists in EC2',
          },
        ]
      : [];
  const byCode: Partial<Record<ReadinessCodeValue, number>> = {};
  for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  const blocking = findings.filter((f) => f.severity === 'BLOCKING').length;
  return {
    planId: ctx.plan.id,
    checkedAt: now.toISOString(),
    thresholds: {
      maxLagSeconds: ctx.options.maxLagSeconds,
      maxSnapshotAgeSeconds: ctx.options.maxSnapshotAgeSeconds,
    },
    summary: {
      ready: blocking === 0,
      blocking,
      warnings: findings.length - blocking,
      waves: ctx.plan.waves.length,
      servers: layout.targets.reduce((n, t) => n + t.serverIds.length, 0),
      byCode,
    },
    findings,
    skippedChecks,
  };
}
