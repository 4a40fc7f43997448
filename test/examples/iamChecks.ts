/** One statement of a synthesized policy document. */
export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The statements of a policy document, as synthesized. */
export function statementsOf(document: unknown): PolicyStatementJson[] {
  const statements = (document as { Statement?: unknown })?.Statement;
  return Array.isArray(statements) ? (statements as PolicyStatementJson[]) : [];
}

/**
 * Actions that support no resource-level permissions (Service Authorization Reference), so
 * `Resource: '*'` is required, or that CloudWatch Logs requires on `*` for vended log delivery.
 * The X-Ray actions are those Step Functions tracing needs (aws-cdk-lib adds them for
 * `tracingEnabled`); the Service Authorization Reference for AWS X-Ray lists no resource type
 * for any of them.
 */
export const STAR_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'drs:DescribeJobs',
  'drs:DescribeRecoveryInstances',
  'drs:DescribeSourceServers',
  'drs:ListTagsForResource',
  'ec2:DescribeAccountAttributes',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeImages',
  'ec2:DescribeInstanceAttribute',
  'ec2:DescribeInstanceStatus',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeInstances',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:DescribeLaunchTemplates',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSnapshots',
  'ec2:DescribeSubnets',
  'ec2:DescribeVolumes',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
]);

/** Every least-privilege problem of the statements, one line each (none: `[]`). */
export function policyProblems(statements: readonly PolicyStatementJson[]): string[] {
  const problems: string[] = [];
  for (const statement of statements) {
    const name = statement.Sid ?? JSON.stringify(statement.Action);
    const actions = [statement.Action].flat();
    const resources = [statement.Resource].flat();
    // A Deny only takes away (the drill operator's guard against starting a recovery).
    if (statement.Effect === 'Deny') continue;
    if (statement.Effect !== 'Allow') problems.push(`${name}: not an Allow`);
    for (const action of actions) {
      if (action === '*' || action.endsWith(':*') || action.includes('*')) {
        problems.push(`${name}: wildcard action ${action}`);
      }
    }
    if (resources.includes('*')) {
      for (const action of actions) {
        if (!STAR_ONLY_ACTIONS.has(action)) {
          problems.push(`${name}: ${action} on Resource "*", but it supports narrower resources`);
        }
      }
    }
    if (resources.length === 0) problems.push(`${name}: no resource`);
  }
  return problems;
}
