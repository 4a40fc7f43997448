/**
 * The readiness checks of one DRS target (an account and Region): one batched `DescribeSourceServers`, one
 * `DescribeJobs`, then the per-server calls at most `concurrency` at a time, then one question
 * to EC2 about the launch templates.
 *
 * @module
 */

import type { LaunchConfiguration, RecoverySnapshot } from '@aws-sdk/client-drs';
import { activeJobsOf } from '../../drs/internal/activeJobs';
import { isAccountRoleDeniedError, isDrsCallError } from '../../errors';
import { ACTIVE_JOB_WINDOW_MS } from '../../waves/internal/advanceStarts';
import { ReadinessCode } from '../ReadinessCode';
import type { ReadinessFinding } from '../ReadinessFinding';
import type { TargetServers } from './layoutPlan';
import { mapConcurrently } from './mapConcurrently';
import { stageQuotaFindings } from './quotaFindings';
import type { ReadinessContext } from './resolveInput';
import {
  activeJobIssue,
  launchConfigurationIssues,
  missingTemplateIssue,
  replicationIssues,
  type ServerIssue,
  snapshotIssues,
} from './serverIssues';
import { count, inTarget } from './wording';

/** What DRS says of one server that can be launched: its newest snapshot and launch settings. */
interface ServerDetails {
  readonly id: string;
  readonly newest: RecoverySnapshot | undefined;
  readonly configuration: LaunchConfiguration | undefined;
}

/**
 * The findings of one target. A DRS call that fails (after the SDK's retries), or an account
 * role that cannot be assumed, ends the target's checks with one `CHECK_FAILED` finding instead;
 * any other error is thrown.
 */
export async function checkTarget(
  ctx: ReadinessContext,
  t: TargetServers,
  now: Date,
): Promise<ReadinessFinding[]> {
  const region = t.target.region;
  const at = t.target;
  const where = inTarget(t.target);
  const findings: ReadinessFinding[] = [];
  const add = (id: string, issue: ServerIssue) => {
    for (const waveId of t.wavesOf.get(id) ?? []) {
      findings.push({
        code: issue.code,
        severity: issue.severity,
        waveId,
        sourceServerId: id,
        ...at,
        message: issue.message,
        remedy: issue.remedy,
      });
    }
  };
  try {
    const drs = ctx.drsFor(t.target);
    const servers = new Map(
      (await drs.describeSourceServers(t.serverIds)).map((s) => [s.sourceServerID, s]),
    );
    const jobs = await drs.describeJobs({
      fromDate: new Date(now.getTime() - ACTIVE_JOB_WINDOW_MS).toISOString(),
    });
    const active = activeJobsOf(jobs);
    const usable: string[] = [];
    for (const id of t.serverIds) {
      const replication = replicationIssues(id, servers.get(id), region, ctx.options);
      for (const issue of replication.issues) add(id, issue);
      if (replication.usable) usable.push(id);
      const job = active.jobOf.get(id);
      if (job !== undefined) add(id, activeJobIssue(id, job));
    }
    // One call after the other per server: `concurrency` bounds the calls in flight.
    const details = await mapConcurrently(
      usable,
      ctx.options.concurrency,
      async (id): Promise<ServerDetails> => {
        const [newest] = await drs.describeRecoverySnapshots(id, { order: 'DESC', maxResults: 1 });
        return { id, newest, configuration: await drs.getLaunchConfiguration(id) };
      },
    );
    for (const { id, newest, configuration } of details) {
      for (const issue of snapshotIssues(id, newest, now, ctx.options)) add(id, issue);
      for (const issue of launchConfigurationIssues(id, configuration)) add(id, issue);
    }
    findings.push(...(await templateFindings(ctx, t, details, add)));
    findings.push(...stageQuotaFindings(t.stageNeeds, active, ctx.quotas, t.target));
    return findings;
  } catch (error) {
    if (isAccountRoleDeniedError(error)) {
      return [
        {
          code: ReadinessCode.CheckFailed,
          severity: 'BLOCKING',
          ...at,
          message:
            error.stsErrorName === 'AccountNotConfigured'
              ? `Could not check ${count(t.serverIds.length, 'source server')}${where}: account ${error.accountId} has no role in accountRoles`
              : `Could not check ${count(t.serverIds.length, 'source server')}${where}: the role ${error.roleArn} of account ${error.accountId} cannot be assumed (${error.stsErrorName})`,
          remedy: `Deploy the target-account template in account ${error.accountId} (the orchestrator's role may assume it with the ExternalId), give the deployment its role in accountRoles, then check again`,
        },
      ];
    }
    if (!isDrsCallError(error)) throw error;
    return [
      {
        code: ReadinessCode.CheckFailed,
        severity: 'BLOCKING',
        ...at,
        message: `Could not check ${count(t.serverIds.length, 'source server')}${where}: ${error.operation} failed (${error.drsErrorName}: ${error.drsMessage})`,
        remedy: `Check the credentials and IAM permissions for DRS${where} (drs:DescribeSourceServers, drs:DescribeJobs, drs:DescribeRecoverySnapshots, drs:GetLaunchConfiguration) and that DRS is initialized there, then check again`,
      },
    ];
  }
}

/**
 * Asks EC2, once for the target, which of the launch templates exist; a server whose template
 * does not gets an issue. A failure of the port is one `CHECK_FAILED` finding.
 */
async function templateFindings(
  ctx: ReadinessContext,
  t: TargetServers,
  details: readonly ServerDetails[],
  add: (id: string, issue: ServerIssue) => void,
): Promise<ReadinessFinding[]> {
  const port = ctx.launchTemplates;
  const named = details.filter((d) => d.configuration?.ec2LaunchTemplateID);
  if (port === undefined || named.length === 0) return [];
  const ids = [...new Set(named.map((d) => d.configuration?.ec2LaunchTemplateID as string))];
  let existing: Set<string>;
  try {
    existing = new Set(await port.existingLaunchTemplateIds(ids, t.target));
  } catch (error) {
    const where = inTarget(t.target);
    return [
      {
        code: ReadinessCode.CheckFailed,
        severity: 'BLOCKING',
        ...t.target,
        message: `Could not check the EC2 launch templates of ${count(named.length, 'source server')}${where}: ${error instanceof Error ? error.message : String(error)}`,
        remedy: `Check the credentials and the ec2:DescribeLaunchTemplates permission${where}, then check again`,
      },
    ];
  }
  for (const { id, configuration } of named) {
    const templateId = configuration?.ec2LaunchTemplateID as string;
    if (!existing.has(templateId)) add(id, missingTemplateIssue(id, templateId));
  }
  return [];
}
