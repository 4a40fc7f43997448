import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildTargetAccountTemplate,
  renderTargetAccountTemplate,
} from '../../examples/cloudformation/buildTargetAccountTemplate';
import { type PolicyStatementJson, policyProblems } from './iamChecks';

const file = join(
  import.meta.dirname,
  '..',
  '..',
  'examples',
  'cloudformation',
  'target-account.template.json',
);

interface PolicyJson {
  PolicyName: string;
  PolicyDocument: { Statement: PolicyStatementJson[] };
}
interface RoleProperties {
  AssumeRolePolicyDocument: { Statement: unknown[] };
  Policies: (PolicyJson | { 'Fn::If': [string, PolicyJson, unknown] })[];
}
const template = buildTargetAccountTemplate() as {
  Parameters: Record<string, unknown>;
  Resources: { TargetRole: { Type: string; Properties: RoleProperties } };
};
const role = template.Resources.TargetRole;
const [routerPolicy, cleanupPolicy] = role.Properties.Policies as [
  PolicyJson,
  { 'Fn::If': [string, PolicyJson, unknown] },
];
const statements = routerPolicy.PolicyDocument.Statement;
const actions = statements.flatMap((s) => s.Action as string[]);

describe('the target-account template', () => {
  it('is what npm run examples:cloudformation generates', async () => {
    expect(await readFile(file, 'utf8')).toBe(renderTargetAccountTemplate());
  });

  it('is StackSet-ready: parameters for the orchestrator role and the ExternalId, one role', () => {
    expect(Object.keys(template.Parameters)).toStrictEqual([
      'OrchestratorRoleArn',
      'ExternalId',
      'ControlPlaneRoleArn',
      'RoleName',
    ]);
    expect(Object.keys(template.Resources)).toStrictEqual(['TargetRole']);
    expect(role.Type).toBe('AWS::IAM::Role');
  });

  it("trusts only the orchestrator's router role and, for drill cleanup, its control plane, only with the ExternalId", () => {
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toStrictEqual([
      {
        Sid: 'OrchestratorRouterOnly',
        Effect: 'Allow',
        Principal: { AWS: { Ref: 'OrchestratorRoleArn' } },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
      },
      {
        'Fn::If': [
          'DrillCleanup',
          {
            Sid: 'ControlPlaneForDrillCleanup',
            Effect: 'Allow',
            Principal: { AWS: { Ref: 'ControlPlaneRoleArn' } },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
          },
          { Ref: 'AWS::NoValue' },
        ],
      },
    ]);
  });

  it('lets the control plane terminate drill instances only when ControlPlaneRoleArn is given', () => {
    const [condition, policy, otherwise] = cleanupPolicy['Fn::If'];
    expect(condition).toBe('DrillCleanup');
    expect(otherwise).toStrictEqual({ Ref: 'AWS::NoValue' });
    expect(
      (template as unknown as { Conditions: Record<string, unknown> }).Conditions.DrillCleanup,
    ).toStrictEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ControlPlaneRoleArn' }, ''] }] });
    const cleanup = policy.PolicyDocument.Statement;
    expect(cleanup.map((s) => s.Sid)).toStrictEqual([
      'TerminateDrillInstances',
      'DescribeDrsInstances',
      'Ec2DescribeForDrsTerminate',
      'Ec2TerminateDrsInstances',
    ]);
    expect(cleanup.flatMap((s) => s.Action as string[])).toContain(
      'drs:TerminateRecoveryInstances',
    );
    // The router's own role never terminates.
    expect(actions).not.toContain('drs:TerminateRecoveryInstances');
    expect(policyProblems(cleanup)).toStrictEqual([]);
  });

  it('grants the DRS actions the router uses, least privilege, and nothing of the orchestrator', () => {
    for (const action of [
      'drs:StartRecovery',
      'drs:DescribeJobs',
      'drs:DescribeJobLogItems',
      'drs:TagResource',
    ]) {
      expect(actions).toContain(action);
    }
    expect(actions.some((a) => a.startsWith('dynamodb:') || a.startsWith('kms:'))).toBe(false);
    expect(actions.some((a) => a.endsWith('*'))).toBe(false);
    expect(policyProblems(statements)).toStrictEqual([]);
  });
});
