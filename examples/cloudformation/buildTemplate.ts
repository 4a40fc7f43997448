/**
 * The CloudFormation template of the reference deployment, for users without CDK: the same
 * tables, key, topic, router Lambda, state machine, roles and alarm as the CDK app (without the
 * API), plus a managed policy for operators who run the control plane from their own tools.
 * `scripts/generate-cloudformation.mjs` writes it to `drs-waves.template.json`; a test fails
 * when the checked-in file differs from what this module renders.
 */
import {
  ACTIONS,
  buildPollingStateMachine,
  DynamoDbExecutionHistoryStore,
  MAX_EVALUATED_PLANS,
  type PollingStateMachineOptions,
} from 'drs-waves';
import {
  accountRoleStatements,
  controlPlaneStatements,
  distributedMapStatements,
  readinessSchedulerStatements,
  routerReadinessNoticeStatements,
  routerStatements,
  type StatementTemplate,
  stateMachineLogDeliveryStatements,
  stateMachineStatements,
  stateMachineTracingStatements,
  type TemplateVariable,
  variablesOf,
  waveActionStatements,
} from '../../src/iam/policies';

/** The state machine options the template is generated with. */
export const TEMPLATE_MACHINE_OPTIONS: Omit<
  PollingStateMachineOptions,
  'lambdaArn' | 'notificationTopicArn'
> = { pollIntervalSeconds: 30, wavesInParallel: 5 };

/** The default of the ReadinessSchedule parameter: every 30 minutes. */
export const DEFAULT_READINESS_SCHEDULE = 'rate(30 minutes)';

/** A `DefinitionSubstitutions` placeholder: `${name}`. */
const placeholder = (name: string): string => `\${${name}}`;

type Intrinsic = Record<string, unknown>;
const ref = (id: string): Intrinsic => ({ Ref: id });
const arnOf = (id: string): Intrinsic => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** What each template variable is in this template. */
const VARIABLES: Readonly<
  Record<Exclude<TemplateVariable, 'LogGroupArn' | 'ApiId' | 'ApiStage'>, Intrinsic>
> = {
  HistoryTableArn: arnOf('HistoryTable'),
  PlansTableArn: arnOf('PlansTable'),
  ProtectionGroupsTableArn: arnOf('ProtectionGroupsTable'),
  KeyArn: arnOf('Key'),
  TopicArn: ref('Notifications'),
  RouterFunctionArn: arnOf('RouterFunction'),
  StateMachineArn: ref('StateMachine'),
  StateMachineName: { 'Fn::GetAtt': ['StateMachine', 'Name'] },
  ActionFunctionPrefix: ref('ActionFunctionPrefix'),
};

/** A policy document from statement templates; `logGroup` is the role's own log group. */
function policyDocument(templates: readonly StatementTemplate[], logGroup?: string) {
  const values: Partial<Record<TemplateVariable, Intrinsic>> = {
    ...VARIABLES,
    ...(logGroup === undefined ? {} : { LogGroupArn: arnOf(logGroup) }),
  };
  const resource = (text: string): unknown => {
    if (text === '*') return text;
    const names = variablesOf(text);
    const vars: Record<string, Intrinsic> = {};
    for (const name of names) {
      const value = values[name];
      if (value === undefined) throw new Error(`No value for ${placeholder(name)}`);
      vars[name] = value;
    }
    const only = names[0];
    if (names.length === 1 && only !== undefined && text === placeholder(only)) return vars[only];
    return names.length > 0 ? { 'Fn::Sub': [text, vars] } : { 'Fn::Sub': text };
  };
  return {
    Version: '2012-10-17',
    Statement: templates.map((t) => ({
      Sid: t.Sid,
      Effect: 'Allow',
      Action: [...t.Action],
      Resource: t.Resource.length === 1 ? resource(t.Resource[0] ?? '') : t.Resource.map(resource),
      ...(t.Condition ? { Condition: t.Condition } : {}),
    })),
  };
}

/** A trust policy letting an AWS service of this account (only) assume the role. */
const trustedBy = (service: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
    },
  ],
});

const RETAIN = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } as const;

function table(partitionKey: string, sortKey?: string) {
  return {
    Type: 'AWS::DynamoDB::Table',
    ...RETAIN,
    Properties: {
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: partitionKey, AttributeType: 'S' },
        ...(sortKey ? [{ AttributeName: sortKey, AttributeType: 'S' }] : []),
      ],
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' }] : []),
      ],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arnOf('Key') },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    },
  };
}

const logGroup = () => ({
  Type: 'AWS::Logs::LogGroup',
  ...RETAIN,
  Properties: { RetentionInDays: ref('LogRetentionDays') },
});

/** The template, as an object. */
export function buildCloudFormationTemplate(): Record<string, unknown> {
  const history = DynamoDbExecutionHistoryStore.tableDefinition('history');
  const keyName = (type: string) =>
    history.KeySchema?.find((k) => k.KeyType === type)?.AttributeName ?? '';
  const definition = buildPollingStateMachine({
    ...TEMPLATE_MACHINE_OPTIONS,
    lambdaArn: placeholder('RouterFunctionArn'),
    notificationTopicArn: placeholder('NotificationTopicArn'),
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'drs-waves: orchestrate AWS Elastic Disaster Recovery drills and recoveries in waves (generated by scripts/generate-cloudformation.mjs; do not edit)',
    Parameters: {
      RouterCodeS3Bucket: {
        Type: 'String',
        Description: 'The S3 bucket holding the router Lambda zip (index.mjs at its root)',
      },
      RouterCodeS3Key: { Type: 'String', Description: 'The key of the router Lambda zip' },
      LogRetentionDays: {
        Type: 'Number',
        Default: 365,
        AllowedValues: [30, 90, 180, 365, 731, 1827, 3653],
        Description: 'How long the Lambda and state machine logs are kept',
      },
      ActionFunctionPrefix: {
        Type: 'String',
        Default: '',
        AllowedPattern: '^[A-Za-z0-9_-]{0,63}$',
        Description:
          "Lets plans run wave actions: the name prefix of the lambda actions' functions (such as drs-waves-action-), and SSM Automation runbooks. Empty: no wave action that calls another service",
      },
      AccountRoles: {
        Type: 'String',
        Default: '',
        Description:
          'The roles of the other AWS accounts plans name, as JSON: {"<account ID>": {"roleArn": "...", "externalId": "..."}} (target-account.template.json creates them). Empty: plans name no account',
      },
      AccountRoleArns: {
        Type: 'CommaDelimitedList',
        Default: '',
        Description:
          'The role ARNs of AccountRoles, comma-separated: the router may assume these roles (sts:AssumeRole) and no other',
      },
      ReadinessPlanIds: {
        Type: 'CommaDelimitedList',
        Default: '',
        Description: `Plans whose readiness is checked on a schedule, comma-separated (at most ${MAX_EVALUATED_PLANS}): the router records each result in the history and publishes to the notification topic when a plan's readiness changes. Empty: no scheduled check`,
      },
      ReadinessSchedule: {
        Type: 'String',
        Default: DEFAULT_READINESS_SCHEDULE,
        AllowedPattern: '^(rate|cron)\\(.+\\)$',
        Description:
          'When the readiness of ReadinessPlanIds is checked: an EventBridge Scheduler rate or cron expression',
      },
    },
    Conditions: {
      ReadinessSchedule: {
        'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', ref('ReadinessPlanIds')] }, ''] }],
      },
      WaveActions: { 'Fn::Not': [{ 'Fn::Equals': [ref('ActionFunctionPrefix'), ''] }] },
      AccountRoles: {
        'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', ref('AccountRoleArns')] }, ''] }],
      },
    },
    Resources: {
      Key: {
        Type: 'AWS::KMS::Key',
        ...RETAIN,
        Properties: {
          Description: 'drs-waves: tables and notifications',
          EnableKeyRotation: true,
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AccountAdministersTheKey',
                Effect: 'Allow',
                Principal: {
                  AWS: {
                    'Fn::Join': [
                      '',
                      ['arn:', ref('AWS::Partition'), ':iam::', ref('AWS::AccountId'), ':root'],
                    ],
                  },
                },
                Action: 'kms:*',
                Resource: '*',
              },
              {
                Sid: 'CloudWatchAlarmsPublishToTheTopic',
                Effect: 'Allow',
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
                Resource: '*',
                Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
              },
            ],
          },
        },
      },
      ProtectionGroupsTable: table('ProtectionGroupId'),
      PlansTable: table('PlanId'),
      HistoryTable: table(keyName('HASH'), keyName('RANGE')),
      Notifications: {
        Type: 'AWS::SNS::Topic',
        Properties: { DisplayName: 'drs-waves notifications', KmsMasterKeyId: arnOf('Key') },
      },
      NotificationsPolicy: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: {
          Topics: [ref('Notifications')],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowPublishThroughSSLOnly',
                Effect: 'Deny',
                Principal: '*',
                Action: 'sns:Publish',
                Resource: ref('Notifications'),
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },
      RouterLogGroup: logGroup(),
      RouterRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: 'drs-waves router: starts and follows DRS recovery jobs',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'lambda.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'drs-waves-router',
              PolicyDocument: policyDocument(routerStatements(), 'RouterLogGroup'),
            },
          ],
        },
      },
      RouterFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Description: 'drs-waves: the action router the state machine calls',
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          Code: { S3Bucket: ref('RouterCodeS3Bucket'), S3Key: ref('RouterCodeS3Key') },
          Role: arnOf('RouterRole'),
          MemorySize: 512,
          // Shorter than startWave's claim lease (120 s).
          Timeout: 90,
          LoggingConfig: { LogGroup: ref('RouterLogGroup') },
          Environment: {
            Variables: {
              HISTORY_TABLE: ref('HistoryTable'),
              PLANS_TABLE: ref('PlansTable'),
              PROTECTION_GROUPS_TABLE: ref('ProtectionGroupsTable'),
              DRS_WAVES_ACCOUNT_ROLES: ref('AccountRoles'),
              DRS_WAVES_READINESS_TOPIC_ARN: {
                'Fn::If': ['ReadinessSchedule', ref('Notifications'), ref('AWS::NoValue')],
              },
            },
          },
        },
      },
      StateMachineLogGroup: logGroup(),
      StateMachineRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description:
            'drs-waves state machine: invokes the router, runs waves as child executions',
          AssumeRolePolicyDocument: trustedBy('states.amazonaws.com'),
          Policies: [
            {
              PolicyName: 'drs-waves-state-machine',
              PolicyDocument: policyDocument([
                ...stateMachineStatements(),
                ...stateMachineLogDeliveryStatements(),
                ...stateMachineTracingStatements(),
              ]),
            },
          ],
        },
      },
      AccountRolesPolicy: {
        Type: 'AWS::IAM::Policy',
        Condition: 'AccountRoles',
        Properties: {
          PolicyName: 'drs-waves-account-roles',
          Roles: [ref('RouterRole')],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: accountRoleStatements(['(the AccountRoleArns parameter)']).map((t) => ({
              Sid: t.Sid,
              Effect: 'Allow',
              Action: [...t.Action],
              Resource: ref('AccountRoleArns'),
            })),
          },
        },
      },
      ReadinessNoticesPolicy: {
        Type: 'AWS::IAM::Policy',
        Condition: 'ReadinessSchedule',
        Properties: {
          PolicyName: 'drs-waves-readiness-notices',
          Roles: [ref('RouterRole')],
          PolicyDocument: policyDocument(routerReadinessNoticeStatements()),
        },
      },
      ReadinessSchedulerRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'ReadinessSchedule',
        Properties: {
          Description: 'drs-waves readiness schedule: invokes the router to check plans',
          AssumeRolePolicyDocument: trustedBy('scheduler.amazonaws.com'),
          Policies: [
            {
              PolicyName: 'drs-waves-readiness-scheduler',
              PolicyDocument: policyDocument(readinessSchedulerStatements()),
            },
          ],
        },
      },
      ReadinessCheckSchedule: {
        Type: 'AWS::Scheduler::Schedule',
        Condition: 'ReadinessSchedule',
        Properties: {
          Description: 'drs-waves: the readiness of ReadinessPlanIds',
          ScheduleExpression: ref('ReadinessSchedule'),
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
          Target: {
            Arn: arnOf('RouterFunction'),
            RoleArn: arnOf('ReadinessSchedulerRole'),
            // {"action":"evaluate_readiness","planIds":["<id>","<id>"]}
            Input: {
              'Fn::Join': [
                '',
                [
                  `{"action":"${ACTIONS.evaluateReadiness}","planIds":["`,
                  { 'Fn::Join': ['","', ref('ReadinessPlanIds')] },
                  '"]}',
                ],
              ],
            },
            // An invocation older than the next one is worth nothing.
            RetryPolicy: { MaximumEventAgeInSeconds: 1800, MaximumRetryAttempts: 3 },
          },
        },
      },
      WaveActionsPolicy: {
        Type: 'AWS::IAM::Policy',
        Condition: 'WaveActions',
        Properties: {
          PolicyName: 'drs-waves-wave-actions',
          Roles: [ref('StateMachineRole')],
          PolicyDocument: policyDocument(waveActionStatements()),
        },
      },
      StateMachine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          StateMachineType: 'STANDARD',
          RoleArn: arnOf('StateMachineRole'),
          DefinitionString: JSON.stringify(definition),
          DefinitionSubstitutions: {
            RouterFunctionArn: arnOf('RouterFunction'),
            NotificationTopicArn: ref('Notifications'),
          },
          // Every event, without execution data: inputs and outputs carry approval task tokens.
          LoggingConfiguration: {
            Level: 'ALL',
            IncludeExecutionData: false,
            Destinations: [
              { CloudWatchLogsLogGroup: { LogGroupArn: arnOf('StateMachineLogGroup') } },
            ],
          },
          TracingConfiguration: { Enabled: true },
        },
      },
      DistributedMapPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'drs-waves-distributed-map',
          Roles: [ref('StateMachineRole')],
          PolicyDocument: policyDocument(distributedMapStatements()),
        },
      },
      ControlPlanePolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          Description:
            'drs-waves control plane (createControlPlane): start, approve, reject, cancel, describe, clean up drills. Attach it to the role of the tool or function that runs it.',
          PolicyDocument: policyDocument(controlPlaneStatements()),
        },
      },
      ExecutionsFailedAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmDescription: 'A drs-waves execution failed: read its cause with describeExecution',
          Namespace: 'AWS/States',
          MetricName: 'ExecutionsFailed',
          Dimensions: [{ Name: 'StateMachineArn', Value: ref('StateMachine') }],
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [ref('Notifications')],
        },
      },
    },
    Outputs: {
      StateMachineArn: { Value: ref('StateMachine') },
      RouterFunctionArn: { Value: arnOf('RouterFunction') },
      PlansTableName: { Value: ref('PlansTable') },
      ProtectionGroupsTableName: { Value: ref('ProtectionGroupsTable') },
      HistoryTableName: { Value: ref('HistoryTable') },
      NotificationTopicArn: { Value: ref('Notifications') },
      ControlPlanePolicyArn: { Value: ref('ControlPlanePolicy') },
    },
  };
}

/** The template as the checked-in file holds it: two-space JSON and a final newline. */
export function renderCloudFormationTemplate(): string {
  return `${JSON.stringify(buildCloudFormationTemplate(), null, 2)}\n`;
}
