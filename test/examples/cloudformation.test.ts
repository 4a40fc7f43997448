import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildCloudFormationTemplate,
  renderCloudFormationTemplate,
} from '../../examples/cloudformation/buildTemplate';
import { buildPollingStateMachine } from '../../src/index';
import { parseEvent } from '../../src/router/internal/schemas';
import { type PolicyStatementJson, policyProblems, statementsOf } from './iamChecks';

const file = join(
  import.meta.dirname,
  '..',
  '..',
  'examples',
  'cloudformation',
  'drs-waves.template.json',
);

interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}
const template = buildCloudFormationTemplate() as {
  Parameters: Record<string, unknown>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
};
const resources = Object.entries(template.Resources);
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

/** Every Ref and Fn::GetAtt target in a value. */
function references(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string') found.push(v);
      else if (key === 'Fn::GetAtt' && Array.isArray(v)) found.push(String(v[0]));
      else references(v, found);
    }
  }
  return found;
}

describe('the CloudFormation template', () => {
  it('is what npm run examples:cloudformation generates (run it after changing the library)', async () => {
    expect(await readFile(file, 'utf8')).toBe(renderCloudFormationTemplate());
  });

  it("holds the library's definition, with the router and topic substituted", () => {
    const [[, machine] = []] = ofType('AWS::StepFunctions::StateMachine');
    expect(JSON.parse(String(machine?.Properties.DefinitionString))).toStrictEqual(
      buildPollingStateMachine({
        pollIntervalSeconds: 30,
        wavesInParallel: 5,
        lambdaArn: `\${RouterFunctionArn}`,
        notificationTopicArn: `\${NotificationTopicArn}`,
      }),
    );
    expect(machine?.Properties.DefinitionSubstitutions).toStrictEqual({
      RouterFunctionArn: { 'Fn::GetAtt': ['RouterFunction', 'Arn'] },
      NotificationTopicArn: { Ref: 'Notifications' },
    });
  });

  it('logs every state machine event without execution data, and traces executions', () => {
    expect(template.Resources.StateMachine?.Properties).toMatchObject({
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [
          {
            CloudWatchLogsLogGroup: {
              LogGroupArn: { 'Fn::GetAtt': ['StateMachineLogGroup', 'Arn'] },
            },
          },
        ],
      },
      TracingConfiguration: { Enabled: true },
    });
    const policy = JSON.stringify(template.Resources.StateMachineRole?.Properties.Policies);
    expect(policy).toContain('xray:PutTraceSegments');
    expect(policy).toContain('logs:CreateLogDelivery');
  });

  it('takes the Lambda code location as parameters', () => {
    expect(template.Resources.RouterFunction?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Code: { S3Bucket: { Ref: 'RouterCodeS3Bucket' }, S3Key: { Ref: 'RouterCodeS3Key' } },
    });
  });

  it('grants least privilege in every policy', () => {
    const documents = [
      ...ofType('AWS::IAM::Role').flatMap(([, r]) =>
        (r.Properties.Policies as unknown as { PolicyDocument: unknown }[]).map(
          (p) => p.PolicyDocument,
        ),
      ),
      ...ofType('AWS::IAM::Policy').map(([, p]) => p.Properties.PolicyDocument),
      ...ofType('AWS::IAM::ManagedPolicy').map(([, p]) => p.Properties.PolicyDocument),
    ];
    // The roles' inline policies (the readiness scheduler's only with ReadinessPlanIds), the
    // distributed map's, the wave actions' (only with an ActionFunctionPrefix), the account
    // roles' (only with AccountRoleArns), the readiness notices' (only with ReadinessPlanIds),
    // the control plane's.
    expect(documents).toHaveLength(8);
    expect(template.Resources.WaveActionsPolicy).toMatchObject({ Condition: 'WaveActions' });
    expect(template.Resources.AccountRolesPolicy).toMatchObject({
      Condition: 'AccountRoles',
      Properties: {
        Roles: [{ Ref: 'RouterRole' }],
        PolicyDocument: {
          Statement: [
            {
              Sid: 'AssumeAccountRoles',
              Effect: 'Allow',
              Action: ['sts:AssumeRole'],
              Resource: { Ref: 'AccountRoleArns' },
            },
          ],
        },
      },
    });
    const statements: PolicyStatementJson[] = documents.flatMap(statementsOf);
    expect(policyProblems(statements)).toStrictEqual([]);
    expect(JSON.stringify(statements)).not.toContain('drs:*');
  });

  it('checks the readiness of ReadinessPlanIds every 30 minutes by default, only when given', () => {
    expect(template.Parameters.ReadinessPlanIds).toMatchObject({
      Type: 'CommaDelimitedList',
      Default: '',
    });
    expect(template.Parameters.ReadinessSchedule).toMatchObject({
      Type: 'String',
      Default: 'rate(30 minutes)',
    });
    expect(template.Conditions.ReadinessSchedule).toStrictEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', { Ref: 'ReadinessPlanIds' }] }, ''] }],
    });
    expect(ofType('AWS::Scheduler::Schedule')).toStrictEqual([
      [
        'ReadinessCheckSchedule',
        {
          Type: 'AWS::Scheduler::Schedule',
          Condition: 'ReadinessSchedule',
          Properties: {
            Description: 'drs-waves: the readiness of ReadinessPlanIds',
            ScheduleExpression: { Ref: 'ReadinessSchedule' },
            FlexibleTimeWindow: { Mode: 'OFF' },
            State: 'ENABLED',
            Target: {
              Arn: { 'Fn::GetAtt': ['RouterFunction', 'Arn'] },
              RoleArn: { 'Fn::GetAtt': ['ReadinessSchedulerRole', 'Arn'] },
              Input: {
                'Fn::Join': [
                  '',
                  [
                    '{"action":"evaluate_readiness","planIds":["',
                    { 'Fn::Join': ['","', { Ref: 'ReadinessPlanIds' }] },
                    '"]}',
                  ],
                ],
              },
              RetryPolicy: { MaximumEventAgeInSeconds: 1800, MaximumRetryAttempts: 3 },
            },
          },
        },
      ],
    ]);
    // The input, as Scheduler sends it for two plans, is an event the router takes.
    const input = `{"action":"evaluate_readiness","planIds":["${['shop', 'crm'].join('","')}"]}`;
    expect(parseEvent(JSON.parse(input))).toStrictEqual({
      action: 'evaluate_readiness',
      planIds: ['shop', 'crm'],
    });
    // The scheduler may invoke the router and nothing else; the router may publish to the topic.
    const role = template.Resources.ReadinessSchedulerRole as Resource & { Condition: string };
    expect(role.Condition).toBe('ReadinessSchedule');
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(
      '"Service":"scheduler.amazonaws.com"',
    );
    expect(
      statementsOf((role.Properties.Policies as { PolicyDocument: unknown }[])[0]?.PolicyDocument),
    ).toStrictEqual([
      {
        Sid: 'InvokeRouterOnSchedule',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: { 'Fn::GetAtt': ['RouterFunction', 'Arn'] },
      },
    ]);
    expect(template.Resources.ReadinessNoticesPolicy).toMatchObject({
      Condition: 'ReadinessSchedule',
      Properties: {
        Roles: [{ Ref: 'RouterRole' }],
        PolicyDocument: {
          Statement: [
            {
              Sid: 'PublishReadinessChanges',
              Effect: 'Allow',
              Action: ['sns:Publish'],
              Resource: { Ref: 'Notifications' },
            },
          ],
        },
      },
    });
    const environment = template.Resources.RouterFunction?.Properties.Environment as
      | { Variables: Record<string, unknown> }
      | undefined;
    expect(environment?.Variables.DRS_WAVES_READINESS_TOPIC_ARN).toStrictEqual({
      'Fn::If': ['ReadinessSchedule', { Ref: 'Notifications' }, { Ref: 'AWS::NoValue' }],
    });
  });

  it('refers only to its own parameters, resources and pseudo parameters', () => {
    const known = new Set([
      ...Object.keys(template.Parameters),
      ...Object.keys(template.Resources),
    ]);
    const unknown = references(template).filter((r) => !r.startsWith('AWS::') && !known.has(r));
    expect(unknown).toStrictEqual([]);
  });

  it('keeps tables encrypted, recoverable and retained, and alarms on failed executions', () => {
    for (const [, table] of ofType('AWS::DynamoDB::Table')) {
      expect(table).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: {
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true, KMSMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
        },
      });
    }
    expect(template.Resources.ExecutionsFailedAlarm?.Properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: 'StateMachine' } }],
    });
  });
});
