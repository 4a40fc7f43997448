import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrsWavesOrchestrator, type OrchestratorMachineOptions } from '../../src/cdk/index';
import {
  stateMachineLogDeliveryStatements,
  stateMachineTracingStatements,
} from '../../src/iam/policies';
import { buildPollingStateMachine, DynamoDbExecutionHistoryStore } from '../../src/index';
import { lambdaCodeFromSource } from '../helpers/lambdaBundles';
import { type PolicyStatementJson, policyProblems, statementsOf } from './iamChecks';

/** A CloudFormation substitution: `${name}`. */
const placeholder = (name: string) => `\${${name}}`;
const machine: OrchestratorMachineOptions = {
  pollIntervalSeconds: 60,
  wavesInParallel: 3,
  statePrefix: '',
};

/** Two target accounts' roles, as the target-account template creates them. */
const ACCOUNT_ROLES = {
  '111122223333': {
    roleArn: 'arn:aws:iam::111122223333:role/drs-waves-target',
    externalId: 'ext-1111',
  },
  '444455556666': {
    roleArn: 'arn:aws:iam::444455556666:role/drs-waves-target',
    externalId: 'ext-4444',
  },
};

let outDir: string;
let template: Template;
let eventsTemplate: Template;
let scheduledTemplate: Template;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'drs-waves-cdk-'));
  // Bundled once, offline and without Docker, exactly as app.ts does.
  const code = await lambdaCodeFromSource(outDir);
  const app = new App();
  const stack = new Stack(app, 'DrsWaves', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const orchestrator = new DrsWavesOrchestrator(stack, 'Orchestrator', {
    ...code,
    machine,
    dataRemovalPolicy: RemovalPolicy.RETAIN,
  });
  const operator = (id: string) => new Role(stack, id, { assumedBy: new AccountRootPrincipal() });
  orchestrator.grantDrillOperator(operator('DrillOperator'));
  orchestrator.grantRecoveryOperator(operator('RecoveryOperator'));
  template = Template.fromStack(stack);
  const eventsStack = new Stack(new App(), 'DrsWavesEvents', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  new DrsWavesOrchestrator(eventsStack, 'Orchestrator', {
    // A Code asset belongs to one stack: the same bundles, as new assets.
    routerCode: Code.fromAsset(join(outDir, 'router')),
    apiCode: Code.fromAsset(join(outDir, 'api')),
    machine: { ...machine, completion: 'events' },
    dataRemovalPolicy: RemovalPolicy.RETAIN,
    accountRoles: ACCOUNT_ROLES,
    readinessSchedule: { planIds: ['three-tier', 'crm'], every: Duration.minutes(15) },
  });
  eventsTemplate = Template.fromStack(eventsStack);
  const scheduledStack = new Stack(new App(), 'DrsWavesScheduled', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  new DrsWavesOrchestrator(scheduledStack, 'Orchestrator', {
    routerCode: Code.fromAsset(join(outDir, 'router')),
    apiCode: Code.fromAsset(join(outDir, 'api')),
    readinessSchedule: { planIds: ['three-tier'] },
  });
  scheduledTemplate = Template.fromStack(scheduledStack);
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const resourcesOf = (type: string) =>
  Object.entries(template.findResources(type)) as [
    string,
    { Properties: Record<string, unknown> },
  ][];

const logicalId = (type: string, idPrefix: string): string => {
  const found = Object.keys(template.findResources(type)).find((id) =>
    id.startsWith(`Orchestrator${idPrefix}`),
  );
  if (!found) throw new Error(`No ${type} named ${idPrefix}*`);
  return found;
};

describe('the CDK construct with accountRoles', () => {
  it('gives the router and the control plane the roles, and lets them assume those roles and no other', () => {
    const withRoles = Object.values(eventsTemplate.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties?.Environment?.Variables?.DRS_WAVES_ACCOUNT_ROLES !== undefined,
    );
    expect(withRoles.map((f) => f.Properties.Description).sort()).toStrictEqual([
      'drs-waves: the action router the state machine calls',
      'drs-waves: the control-plane API',
    ]);
    for (const f of withRoles) {
      expect(JSON.parse(f.Properties.Environment.Variables.DRS_WAVES_ACCOUNT_ROLES)).toStrictEqual(
        ACCOUNT_ROLES,
      );
    }
    const statements = Object.values(eventsTemplate.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        p.Properties.PolicyDocument.Statement as {
          Sid?: string;
          Action: unknown;
          Resource: unknown;
        }[],
    );
    const assume = statements.filter((s) => JSON.stringify(s.Action).includes('sts:'));
    // The router's (launches) and the API's (drill cleanup).
    const grant = {
      Sid: 'AssumeAccountRoles',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: Object.values(ACCOUNT_ROLES).map((r) => r.roleArn),
    };
    expect(assume).toStrictEqual([grant, grant]);
    // Without accountRoles: no environment variable, no sts:AssumeRole.
    const plain = JSON.stringify(template.toJSON());
    expect(plain.includes('DRS_WAVES_ACCOUNT_ROLES')).toBe(false);
    expect(plain.includes('AssumeAccountRoles')).toBe(false);
  });

  it('refuses malformed accountRoles at synthesis, naming each path', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(
      () =>
        new DrsWavesOrchestrator(stack, 'Orchestrator', {
          routerCode: Code.fromInline('x'),
          apiCode: Code.fromInline('x'),
          accountRoles: {
            '111122223333': { roleArn: 'arn:aws:iam::999999999999:role/x', externalId: 'ok' },
          },
        }),
    ).toThrow(
      'accountRoles.111122223333.roleArn: Expected a role of account 111122223333, got one of account 999999999999',
    );
  });
});

/** The logical ID of the one resource of `type` whose ID starts with `Orchestrator<prefix>`. */
const idIn = (t: Template, type: string, prefix: string): string => {
  const ids = Object.keys(t.findResources(type)).filter((id) =>
    id.startsWith(`Orchestrator${prefix}`),
  );
  if (ids.length !== 1) throw new Error(`${ids.length} ${type} named ${prefix}*`);
  return ids[0] as string;
};

describe('the CDK construct with readinessSchedule', () => {
  it('schedules each plan every 30 minutes by default, invoking the router with evaluate_readiness', () => {
    const router = idIn(scheduledTemplate, 'AWS::Lambda::Function', 'Router');
    const role = idIn(scheduledTemplate, 'AWS::IAM::Role', 'ReadinessSchedulerRole');
    const schedules = Object.values(scheduledTemplate.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.map((r) => r.Properties)).toStrictEqual([
      {
        Description: 'drs-waves: the readiness of plan three-tier',
        ScheduleExpression: 'rate(30 minutes)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [router, 'Arn'] },
          RoleArn: { 'Fn::GetAtt': [role, 'Arn'] },
          Input: '{"action":"evaluate_readiness","planIds":["three-tier"]}',
          RetryPolicy: { MaximumEventAgeInSeconds: 1800, MaximumRetryAttempts: 3 },
        },
      },
    ]);
    // The router publishes changes to the construct's topic, named in its environment.
    const topic = idIn(scheduledTemplate, 'AWS::SNS::Topic', 'Notifications');
    const [routerResource] = Object.values(
      scheduledTemplate.findResources('AWS::Lambda::Function', {
        Properties: { Description: 'drs-waves: the action router the state machine calls' },
      }),
    );
    expect(
      routerResource?.Properties.Environment.Variables.DRS_WAVES_READINESS_TOPIC_ARN,
    ).toStrictEqual({ Ref: topic });
  });

  it('lets the scheduler invoke the router only, and the router publish to the topic only', () => {
    const router = idIn(scheduledTemplate, 'AWS::Lambda::Function', 'Router');
    const role = idIn(scheduledTemplate, 'AWS::IAM::Role', 'ReadinessSchedulerRole');
    const topic = idIn(scheduledTemplate, 'AWS::SNS::Topic', 'Notifications');
    expect(
      scheduledTemplate.findResources('AWS::IAM::Role')[role]?.Properties.AssumeRolePolicyDocument
        .Statement,
    ).toStrictEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const policies = Object.values(scheduledTemplate.findResources('AWS::IAM::Policy'));
    const ofRole = (id: string) =>
      policies
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(id))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
    expect(ofRole(role)).toStrictEqual([
      {
        Sid: 'InvokeRouterOnSchedule',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [router, 'Arn'] },
      },
    ]);
    const publish = ofRole(idIn(scheduledTemplate, 'AWS::IAM::Role', 'RouterRole')).filter((s) =>
      JSON.stringify(s.Action).includes('sns:'),
    );
    expect(publish).toStrictEqual([
      {
        Sid: 'PublishReadinessChanges',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: { Ref: topic },
      },
    ]);
    // Without readinessSchedule: no schedule, no scheduler role, no publish, no topic variable.
    expect(template.findResources('AWS::Scheduler::Schedule')).toStrictEqual({});
    const plain = JSON.stringify(template.toJSON());
    expect(plain.includes('ReadinessScheduler')).toBe(false);
    expect(plain.includes('PublishReadinessChanges')).toBe(false);
    expect(plain.includes('DRS_WAVES_READINESS_TOPIC_ARN')).toBe(false);
  });

  it('takes the interval and schedules each plan on its own', () => {
    const schedules = Object.values(eventsTemplate.findResources('AWS::Scheduler::Schedule'));
    expect(
      schedules.map((r) => [r.Properties.ScheduleExpression, r.Properties.Target.Input]),
    ).toStrictEqual([
      ['rate(15 minutes)', '{"action":"evaluate_readiness","planIds":["three-tier"]}'],
      ['rate(15 minutes)', '{"action":"evaluate_readiness","planIds":["crm"]}'],
    ]);
  });

  it('refuses a bad readinessSchedule at synthesis, naming each path', () => {
    const stack = new Stack(new App(), 'BadSchedule');
    expect(
      () =>
        new DrsWavesOrchestrator(stack, 'Orchestrator', {
          routerCode: Code.fromInline('x'),
          apiCode: Code.fromInline('x'),
          readinessSchedule: { planIds: ['shop', 'bad plan', 'shop'], every: Duration.seconds(90) },
        }),
    ).toThrow(
      [
        'Invalid options for DrsWavesOrchestrator (3 problems):',
        '- readinessSchedule.planIds[1]: Expected a plan ID of 1 to 64 letters, digits, "-" or "_", got "bad plan"',
        '- readinessSchedule.planIds[2]: Expected each plan ID once, got "shop" twice',
        '- readinessSchedule.every: Expected whole minutes, at least one, got 1 minute 30 seconds',
      ].join('\n'),
    );
  });
});

describe('the CDK construct with event-driven completion', () => {
  it('sends DRS launch results to the router, and lets the router resume the waves, only then', () => {
    expect(template.findResources('AWS::Events::Rule')).toStrictEqual({});
    const router = Object.keys(eventsTemplate.findResources('AWS::Lambda::Function')).find((id) =>
      id.startsWith('OrchestratorRouter'),
    );
    eventsTemplate.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.drs'], 'detail-type': ['DRS Source Server Launch Result'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [router, 'Arn'] } })],
    });
    eventsTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
    });
    const resume = Object.values(eventsTemplate.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p).includes('ResumeWavesOnLaunchResults'),
    ) as { Properties: { PolicyDocument: { Statement: { Action: unknown }[] }; Roles: unknown[] } };
    expect(resume.Properties.PolicyDocument.Statement.map((s) => s.Action)).toStrictEqual([
      'states:SendTaskSuccess',
    ]);
    expect(JSON.stringify(resume.Properties.Roles)).toContain('OrchestratorRouterRole');
    const [[, machineResource] = []] = Object.entries(
      eventsTemplate.findResources('AWS::StepFunctions::StateMachine'),
    );
    const definition = JSON.parse(
      (machineResource as { Properties: { DefinitionString: string } }).Properties.DefinitionString,
    );
    expect(JSON.stringify(definition)).toContain('"action":"await_wave"');
  });

  it('lets the accounts of accountRoles, and only them, put their launch results on the default bus', () => {
    expect(template.findResources('AWS::Events::EventBusPolicy')).toStrictEqual({});
    const policies = Object.values(eventsTemplate.findResources('AWS::Events::EventBusPolicy'));
    expect(policies).toHaveLength(1);
    expect(policies[0]?.Properties).toMatchObject({
      EventBusName: 'default',
      Statement: {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Principal: {
          AWS: Object.keys(ACCOUNT_ROLES).map((account) => ({
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]],
          })),
        },
      },
    });
    expect(JSON.stringify(policies[0]?.Properties.Statement.Resource)).toContain(
      'event-bus/default',
    );
  });
});

describe('the CDK app, synthesized offline', () => {
  it("deploys the library's state machine definition, unchanged", () => {
    const [[, machineResource] = []] = resourcesOf('AWS::StepFunctions::StateMachine');
    const props = machineResource?.Properties as {
      DefinitionString: string;
      DefinitionSubstitutions: Record<string, unknown>;
    };
    expect(typeof props.DefinitionString).toBe('string');
    expect(JSON.parse(props.DefinitionString)).toStrictEqual(
      buildPollingStateMachine({
        ...machine,
        lambdaArn: placeholder('RouterFunctionArn'),
        notificationTopicArn: placeholder('NotificationTopicArn'),
      }),
    );
    // The placeholders resolve to the router Lambda and the topic of this stack.
    expect(props.DefinitionSubstitutions).toStrictEqual({
      RouterFunctionArn: { 'Fn::GetAtt': [logicalId('AWS::Lambda::Function', 'Router'), 'Arn'] },
      NotificationTopicArn: { Ref: logicalId('AWS::SNS::Topic', 'Notifications') },
    });
  });

  it('grants least privilege in every IAM statement', () => {
    const policies = resourcesOf('AWS::IAM::Policy');
    expect(policies.length).toBeGreaterThanOrEqual(4);
    const all: PolicyStatementJson[] = policies.flatMap(([, p]) =>
      statementsOf(p.Properties.PolicyDocument),
    );
    expect(policyProblems(all)).toStrictEqual([]);
    // No role carries a managed policy (AWSLambdaBasicExecutionRole allows logs on `*`).
    for (const [, role] of resourcesOf('AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('gives each role only the DRS actions it uses', () => {
    const drsActionsOf = (rolePrefix: string) => {
      const role = logicalId('AWS::IAM::Role', rolePrefix);
      return resourcesOf('AWS::IAM::Policy')
        .filter(([, p]) =>
          (p.Properties.Roles as unknown as { Ref: string }[]).some((r) => r.Ref === role),
        )
        .flatMap(([, p]) => statementsOf(p.Properties.PolicyDocument))
        .flatMap((s) => [s.Action].flat())
        .filter((a) => a.startsWith('drs:'))
        .sort();
    };
    expect(drsActionsOf('RouterRole')).toStrictEqual([
      'drs:CreateRecoveryInstanceForDrs',
      'drs:DescribeJobLogItems',
      'drs:DescribeJobs',
      // The readiness check (check_readiness).
      'drs:DescribeRecoverySnapshots',
      'drs:DescribeSourceServers',
      'drs:GetLaunchConfiguration',
      'drs:ListTagsForResource',
      'drs:StartRecovery',
      'drs:TagResource',
    ]);
    expect(drsActionsOf('ApiRole')).toStrictEqual([
      'drs:DescribeJobs',
      'drs:DescribeRecoveryInstances',
      'drs:DescribeSourceServers',
      'drs:TerminateRecoveryInstances',
    ]);
    expect(drsActionsOf('StateMachineRole')).toStrictEqual([]);
  });

  it('lets the state machine run its waves as its own child executions', () => {
    const policy = resourcesOf('AWS::IAM::Policy').find(([id]) =>
      id.startsWith('OrchestratorDistributedMapPolicy'),
    );
    const statements = statementsOf(policy?.[1].Properties.PolicyDocument);
    const machineRef = { Ref: logicalId('AWS::StepFunctions::StateMachine', 'StateMachine') };
    expect(statements.find((s) => s.Sid === 'StartWaveExecutions')).toMatchObject({
      Action: 'states:StartExecution',
      Resource: machineRef,
    });
    expect(JSON.stringify(statements.find((s) => s.Sid === 'FollowWaveExecutions'))).toContain(
      `:execution:${placeholder('StateMachineName')}/*`,
    );
  });

  it('logs every state machine event, without execution data, and traces executions', () => {
    const [[, machineResource] = []] = resourcesOf('AWS::StepFunctions::StateMachine');
    const logGroupArn = {
      'Fn::GetAtt': [logicalId('AWS::Logs::LogGroup', 'StateMachineLogs'), 'Arn'],
    };
    expect(machineResource?.Properties).toMatchObject({
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: logGroupArn } }],
      },
      TracingConfiguration: { Enabled: true },
    });
    // aws-cdk-lib grants log delivery and X-Ray itself: with the statements policies.ts
    // documents (and the cdk-nag acknowledgements explain), no more.
    const role = logicalId('AWS::IAM::Role', 'StateMachineRole');
    const statements = resourcesOf('AWS::IAM::Policy')
      .filter(([, p]) =>
        (p.Properties.Roles as unknown as { Ref: string }[]).some((r) => r.Ref === role),
      )
      .flatMap(([, p]) => statementsOf(p.Properties.PolicyDocument));
    const onStar = statements.filter((s) => s.Resource === '*');
    expect(onStar.map((s) => [s.Action].flat())).toStrictEqual(
      [...stateMachineLogDeliveryStatements(), ...stateMachineTracingStatements()].map((t) => [
        ...t.Action,
      ]),
    );
  });

  it('logs API access and errors without bodies, and validates requests first', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      AccessLogSetting: {
        DestinationArn: {
          'Fn::GetAtt': [logicalId('AWS::Logs::LogGroup', 'ApiAccessLogs'), 'Arn'],
        },
        Format: Match.stringLikeRegexp('"requestId":"\\$context\\.requestId"'),
      },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ],
    });
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    const validator = {
      Ref: logicalId('AWS::ApiGateway::RequestValidator', 'ControlApiRequestValidator'),
    };
    for (const [, method] of resourcesOf('AWS::ApiGateway::Method')) {
      expect(method.Properties.RequestValidatorId).toStrictEqual(validator);
    }
    // Drills and recoveries start on two routes, each with its own body model, so IAM on the
    // routes decides who may start a RECOVERY.
    for (const [model, executionType, required] of [
      ['ControlApiStartDrillBody', 'DRILL', ['planId', 'executionType']],
      ['ControlApiStartRecoveryBody', 'RECOVERY', ['planId', 'executionType', 'confirmRecovery']],
    ] as const) {
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'POST',
        RequestModels: { 'application/json': { Ref: logicalId('AWS::ApiGateway::Model', model) } },
      });
      template.hasResourceProperties('AWS::ApiGateway::Model', {
        Schema: Match.objectLike({
          properties: Match.objectLike({
            executionType: { type: 'string', enum: [executionType] },
            recoveryPoint: { type: 'object' },
          }),
          required,
          additionalProperties: false,
        }),
      });
    }
    for (const type of ['BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseTemplates: {
          'application/json': '{"error":"BadRequest","message":$context.error.messageString}',
        },
      });
    }
  });

  it('lets a drill operator start drills only, and a recovery operator recoveries too', () => {
    const statementsOfRole = (prefix: string) => {
      const role = Object.keys(template.findResources('AWS::IAM::Role')).find((id) =>
        id.startsWith(prefix),
      );
      return resourcesOf('AWS::IAM::Policy')
        .filter(([, p]) =>
          (p.Properties.Roles as unknown as { Ref: string }[]).some((r) => r.Ref === role),
        )
        .flatMap(([, p]) => statementsOf(p.Properties.PolicyDocument));
    };
    const routes = (statements: PolicyStatementJson[], effect: 'Allow' | 'Deny') =>
      statements
        .filter((s) => s.Effect === effect)
        .flatMap((s) => [s.Resource].flat())
        .map((r) => JSON.stringify(r).match(/\/(GET|POST)\/[^"]*/)?.[0] ?? JSON.stringify(r))
        .sort();
    const drill = statementsOfRole('DrillOperator');
    expect(routes(drill, 'Allow')).toStrictEqual([
      '/GET/executions/*',
      '/POST/executions',
      '/POST/executions/*/cancel',
      '/POST/executions/*/cleanup',
      '/POST/executions/*/waves/*/approve',
      '/POST/executions/*/waves/*/reject',
    ]);
    // Denied explicitly, whatever else the role is given: the recovery route and the state
    // machine itself.
    const denied = drill.find((s) => s.Effect === 'Deny');
    expect([denied?.Action].flat().sort()).toStrictEqual([
      'execute-api:Invoke',
      'states:StartExecution',
    ]);
    expect(JSON.stringify(denied?.Resource)).toContain('/POST/recoveries');
    expect(JSON.stringify(denied?.Resource)).toContain(
      logicalId('AWS::StepFunctions::StateMachine', 'StateMachine'),
    );
    const recovery = statementsOfRole('RecoveryOperator');
    expect(routes(recovery, 'Allow')).toStrictEqual(
      [...routes(drill, 'Allow'), '/POST/recoveries'].sort(),
    );
    expect(routes(recovery, 'Deny')).toStrictEqual([]);
  });

  it('puts IAM authorization on every API method', () => {
    const methods = resourcesOf('AWS::ApiGateway::Method');
    expect(methods.map(([, m]) => m.Properties.HttpMethod).sort()).toStrictEqual([
      'GET',
      'POST',
      'POST',
      'POST',
      'POST',
      'POST',
      'POST',
      'POST',
    ]);
    for (const [, method] of methods) expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
  });

  it('alarms on failed executions of the state machine, to the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [
        {
          Name: 'StateMachineArn',
          Value: { Ref: logicalId('AWS::StepFunctions::StateMachine', 'StateMachine') },
        },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalId('AWS::SNS::Topic', 'Notifications') }],
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('keeps every table encrypted with the key and recoverable to a point in time', () => {
    const keyArn = { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'Key'), 'Arn'] };
    const tables = resourcesOf('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(3);
    for (const [, table] of tables) {
      expect(table.Properties).toMatchObject({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
      });
    }
    const keys = tables.map(([, t]) => t.Properties.KeySchema);
    expect(keys).toContainEqual([{ AttributeName: 'ProtectionGroupId', KeyType: 'HASH' }]);
    expect(keys).toContainEqual([{ AttributeName: 'PlanId', KeyType: 'HASH' }]);
    expect(keys).toContainEqual(DynamoDbExecutionHistoryStore.tableDefinition('h').KeySchema);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
  });

  it('bundles a router that loads on its own and answers the state machine', async () => {
    Object.assign(process.env, {
      HISTORY_TABLE: 'history',
      PLANS_TABLE: 'plans',
      PROTECTION_GROUPS_TABLE: 'groups',
    });
    const bundled = await import(pathToFileURL(join(outDir, 'router', 'index.mjs')).href);
    await expect(bundled.handler({ action: 'launch_everything' })).rejects.toMatchObject({
      name: 'UnknownActionError',
    });
  });

  it('runs both Lambdas on Node.js 24', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    expect(functions.map(([, f]) => f.Properties.Runtime)).toStrictEqual([
      'nodejs24.x',
      'nodejs24.x',
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STATE_MACHINE_ARN: Match.anyValue() }) },
    });
  });
});
