import {
  Aws,
  aws_apigateway as apigateway,
  CfnOutput,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  Duration,
  aws_dynamodb as dynamodb,
  Fn,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_stepfunctions as sfn,
  aws_sns as sns,
  Validations,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  buildPollingStateMachine,
  DynamoDbExecutionHistoryStore,
  type PollingStateMachineOptions,
} from 'drs-waves';
import {
  apiStatements,
  distributedMapStatements,
  routerStatements,
  type StatementTemplate,
  stateMachineLogDeliveryStatements,
  stateMachineStatements,
  stateMachineTracingStatements,
  type TemplateVariable,
  variablesOf,
} from './policies';

/** The state machine options the stack takes: everything but the ARNs it fills in. */
export type MachineOptions = Omit<PollingStateMachineOptions, 'lambdaArn' | 'notificationTopicArn'>;

/** Properties of {@link DrsWavesStack}. */
export interface DrsWavesStackProps extends StackProps {
  /** The router Lambda's code: a directory holding `index.mjs` (see `bundleLambdas`). */
  readonly routerCode: lambda.Code;
  /** The API Lambda's code: a directory holding `index.mjs`. */
  readonly apiCode: lambda.Code;
  /** Options of `buildPollingStateMachine`. */
  readonly machine?: MachineOptions;
  /**
   * What happens to the tables and the key when the stack is deleted. Keep `RETAIN` in
   * production: the history is the record of every drill and recovery.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly dataRemovalPolicy?: RemovalPolicy;
}

/**
 * The reference deployment of drs-waves: tables, the router Lambda, the polling state machine,
 * an SNS topic, a control-plane API with IAM authorization, a dashboard and an alarm.
 *
 * It passes cdk-nag's `AwsSolutionsChecks`: what the checks ask and a production deployment
 * needs is configured (state machine logs and tracing, API access and execution logs, request
 * validation); each remaining finding is acknowledged where it arises, with its reason (see
 * `docs/deploying.md`). The acknowledgements are aws-cdk-lib metadata: the stack does not need
 * cdk-nag to synthesize.
 */
export class DrsWavesStack extends Stack {
  /** The polling state machine. */
  readonly stateMachine: sfn.StateMachine;
  /** The router Lambda. */
  readonly router: lambda.Function;
  /** The control-plane API. */
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, props: DrsWavesStackProps) {
    super(scope, id, props);
    const removalPolicy = props.dataRemovalPolicy ?? RemovalPolicy.RETAIN;

    // One customer-managed key for the tables and the topic: the history holds approval task
    // tokens and the record of every recovery, so its key policy (not only IAM) decides who
    // reads it, every use is in CloudTrail, and the key can be shared with CloudWatch, which
    // an AWS-managed SNS key cannot.
    const key = new kms.Key(this, 'Key', {
      description: 'drs-waves: tables and notifications',
      enableKeyRotation: true,
      removalPolicy,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    const table = (tableId: string, partitionKey: string, sortKey?: string) =>
      new dynamodb.Table(this, tableId, {
        partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
        ...(sortKey ? { sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING } } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
        removalPolicy,
      });
    const historyKeys = historyKeySchema();
    const protectionGroups = table('ProtectionGroupsTable', 'ProtectionGroupId');
    const plans = table('PlansTable', 'PlanId');
    const history = table('HistoryTable', historyKeys.partitionKey, historyKeys.sortKey);

    const topic = new sns.Topic(this, 'Notifications', {
      displayName: 'drs-waves notifications',
      masterKey: key,
      enforceSSL: true,
    });

    const logGroup = (logId: string) =>
      new logs.LogGroup(this, logId, { retention: logs.RetentionDays.ONE_YEAR });

    const variables: Partial<Record<TemplateVariable, string>> = {
      HistoryTableArn: history.tableArn,
      PlansTableArn: plans.tableArn,
      ProtectionGroupsTableArn: protectionGroups.tableArn,
      KeyArn: key.keyArn,
      TopicArn: topic.topicArn,
    };

    const routerLogs = logGroup('RouterLogs');
    const routerRole = new iam.Role(this, 'RouterRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'drs-waves router: starts and follows DRS recovery jobs',
    });
    const routerVariables = { ...variables, LogGroupArn: routerLogs.logGroupArn };
    addStatements(routerRole, routerStatements(), routerVariables);
    acknowledgeWildcards(defaultPolicyOf(routerRole), routerStatements(), routerVariables);
    this.router = new lambda.Function(this, 'Router', {
      description: 'drs-waves: the action router the state machine calls',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.routerCode,
      role: routerRole,
      logGroup: routerLogs,
      memorySize: 512,
      // Shorter than startWave's claim lease (120 s): a start that times out is surely over
      // before another invocation may take its claim over.
      timeout: Duration.seconds(90),
      environment: {
        HISTORY_TABLE: history.tableName,
        PLANS_TABLE: plans.tableName,
        PROTECTION_GROUPS_TABLE: protectionGroups.tableName,
      },
    });

    // The definition is the library's output, unchanged; CloudFormation substitutes the ARNs.
    const definition = buildPollingStateMachine({
      ...props.machine,
      lambdaArn: substitution('RouterFunctionArn'),
      notificationTopicArn: substitution('NotificationTopicArn'),
    });
    const machineRole = new iam.Role(this, 'StateMachineRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'drs-waves state machine: invokes the router, runs waves as child executions',
    });
    const invokeVariables = { ...variables, RouterFunctionArn: this.router.functionArn };
    addStatements(machineRole, stateMachineStatements(), invokeVariables);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(definition)),
      definitionSubstitutions: {
        RouterFunctionArn: this.router.functionArn,
        NotificationTopicArn: topic.topicArn,
      },
      stateMachineType: sfn.StateMachineType.STANDARD,
      role: machineRole,
      // Every event of every execution (and of the waves' child executions) goes to the log
      // group, without execution data: inputs and outputs carry approval task tokens, which
      // would let anyone who reads the logs approve a wave.
      logs: {
        destination: logGroup('StateMachineLogs'),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      tracingEnabled: true,
    });
    // aws-cdk-lib has added the log delivery and X-Ray statements of policies.ts to the role.
    acknowledgeWildcards(
      defaultPolicyOf(machineRole),
      [
        ...stateMachineStatements(),
        ...stateMachineLogDeliveryStatements(),
        ...stateMachineTracingStatements(),
      ],
      invokeVariables,
    );
    // Naming the state machine in its own role's policy: a separate policy, created after it.
    const machineVariables = {
      ...variables,
      StateMachineArn: this.stateMachine.stateMachineArn,
      StateMachineName: this.stateMachine.stateMachineName,
    };
    const distributedMap = new iam.Policy(this, 'DistributedMapPolicy', { roles: [machineRole] });
    for (const statement of distributedMapStatements()) {
      distributedMap.addStatements(toStatement(statement, machineVariables));
    }
    acknowledgeWildcards(distributedMap, distributedMapStatements(), machineVariables);

    const apiLogs = logGroup('ApiLogs');
    const apiRole = new iam.Role(this, 'ApiRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'drs-waves control plane: starts, answers, stops executions, cleans up drills',
    });
    const apiVariables = { ...machineVariables, LogGroupArn: apiLogs.logGroupArn };
    addStatements(apiRole, apiStatements(), apiVariables);
    acknowledgeWildcards(defaultPolicyOf(apiRole), apiStatements(), apiVariables);
    const apiFunction = new lambda.Function(this, 'Api', {
      description: 'drs-waves: the control-plane API',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.apiCode,
      role: apiRole,
      logGroup: apiLogs,
      memorySize: 512,
      timeout: Duration.seconds(29),
      environment: {
        HISTORY_TABLE: history.tableName,
        STATE_MACHINE_ARN: this.stateMachine.stateMachineArn,
      },
    });

    // Every method needs SigV4-signed requests from a principal allowed execute-api:Invoke.
    // Access logs (one JSON line per request: caller, route, status) and execution logs at
    // ERROR, never request or response bodies (data tracing off). API Gateway writes both with
    // the account's CloudWatch Logs role, an account-wide setting this stack leaves alone: set it
    // once per account and Region before deploying (see docs/deploying.md).
    this.api = new apigateway.RestApi(this, 'ControlApi', {
      description: 'drs-waves control plane',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: 10,
        throttlingBurstLimit: 20,
        accessLogDestination: new apigateway.LogGroupLogDestination(logGroup('ApiAccessLogs')),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
      },
    });
    // API Gateway checks the path parameters and the start body before invoking the Lambda,
    // which still validates everything itself; its refusals keep the API's { error, message }.
    const validator = this.api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    for (const [id, type] of [
      ['BadRequestBody', apigateway.ResponseType.BAD_REQUEST_BODY],
      ['BadRequestParameters', apigateway.ResponseType.BAD_REQUEST_PARAMETERS],
    ] as const) {
      this.api.addGatewayResponse(id, {
        type,
        templates: {
          'application/json': '{"error":"BadRequest","message":$context.error.messageString}',
        },
      });
    }
    const startBody = this.api.addModel('StartExecutionBody', {
      contentType: 'application/json',
      description: 'POST /executions: the fields the API Lambda accepts',
      schema: startExecutionSchema(),
    });
    const integration = new apigateway.LambdaIntegration(apiFunction);
    const route = (
      resource: apigateway.IResource,
      httpMethod: string,
      options: apigateway.MethodOptions = {},
    ): void => {
      const pathParameters = [...resource.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const method = resource.addMethod(httpMethod, integration, {
        requestValidator: validator,
        ...(pathParameters.length > 0
          ? {
              requestParameters: Object.fromEntries(
                pathParameters.map((name) => [`method.request.path.${name}`, true]),
              ),
            }
          : {}),
        ...options,
      });
      Validations.of(method).acknowledge({
        id: 'AwsSolutions::AwsSolutions-COG4',
        reason:
          "IAM authorization (AWS_IAM) is the chosen control: the callers are operators and automation with IAM principals, each allowed execute-api:Invoke on the routes it needs, and the API records the caller's IAM identity as decider; a Cognito user pool would add a second identity store to keep in step with IAM.",
      });
    };
    const executions = this.api.root.addResource('executions');
    route(executions, 'POST', { requestModels: { 'application/json': startBody } });
    const execution = executions.addResource('{executionId}');
    route(execution, 'GET');
    route(execution.addResource('cancel'), 'POST');
    route(execution.addResource('cleanup'), 'POST');
    const wave = execution.addResource('waves').addResource('{waveId}');
    route(wave.addResource('approve'), 'POST');
    route(wave.addResource('reject'), 'POST');

    const failed = this.stateMachine.metricFailed({
      period: Duration.minutes(5),
      statistic: 'Sum',
    });
    const alarm = new cloudwatch.Alarm(this, 'ExecutionsFailedAlarm', {
      alarmDescription: 'A drs-waves execution failed: read its cause with describeExecution',
      metric: failed,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));

    const minutes = Duration.minutes(5);
    new cloudwatch.Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [alarm], width: 6 }),
          new cloudwatch.GraphWidget({
            title: 'Executions',
            width: 18,
            left: [
              this.stateMachine.metricStarted({ period: minutes }),
              this.stateMachine.metricSucceeded({ period: minutes }),
              failed,
              this.stateMachine.metricAborted({ period: minutes }),
              this.stateMachine.metricTimedOut({ period: minutes }),
            ],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Router',
            width: 12,
            left: [
              this.router.metricInvocations({ period: minutes }),
              this.router.metricErrors({ period: minutes }),
              this.router.metricThrottles({ period: minutes }),
            ],
            right: [this.router.metricDuration({ period: minutes, statistic: 'p99' })],
          }),
          new cloudwatch.GraphWidget({
            title: 'Control API',
            width: 12,
            left: [
              this.api.metricCount({ period: minutes }),
              this.api.metricClientError({ period: minutes }),
              this.api.metricServerError({ period: minutes }),
            ],
          }),
        ],
      ],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PlansTableName', { value: plans.tableName });
    new CfnOutput(this, 'ProtectionGroupsTableName', { value: protectionGroups.tableName });
    new CfnOutput(this, 'HistoryTableName', { value: history.tableName });
    new CfnOutput(this, 'NotificationTopicArn', { value: topic.topicArn });
  }
}

/** A `DefinitionSubstitutions` placeholder: `${name}`. */
export function substitution(name: string): string {
  return `\${${name}}`;
}

/**
 * The body of `POST /executions`, as the API Lambda takes it: an object of these string fields
 * only, `planId` and `executionType` required. The Lambda and the library check the rest (ID
 * formats, the recovery confirmation) and answer with precise messages.
 */
function startExecutionSchema(): apigateway.JsonSchema {
  const text: apigateway.JsonSchema = { type: apigateway.JsonSchemaType.STRING };
  return {
    schema: apigateway.JsonSchemaVersion.DRAFT4,
    title: 'StartExecution',
    type: apigateway.JsonSchemaType.OBJECT,
    properties: {
      planId: { ...text, minLength: 1 },
      executionType: { ...text, enum: ['DRILL', 'RECOVERY'] },
      confirmRecovery: text,
      executionId: text,
    },
    required: ['planId', 'executionType'],
    additionalProperties: false,
  };
}

/** The history table's keys, read from the store's own table definition. */
function historyKeySchema(): { partitionKey: string; sortKey: string } {
  const definition = DynamoDbExecutionHistoryStore.tableDefinition('history');
  const keyOf = (type: 'HASH' | 'RANGE') => {
    const name = definition.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
    if (name === undefined) throw new Error(`The history table definition has no ${type} key`);
    return name;
  };
  return { partitionKey: keyOf('HASH'), sortKey: keyOf('RANGE') };
}

/** One resource of a statement template: an `Fn::Sub` of its variables. */
function resourceOf(
  template: StatementTemplate,
  text: string,
  variables: Partial<Record<TemplateVariable, string>>,
): string {
  if (text === '*') return text;
  const names = variablesOf(text);
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = variables[name];
    if (value === undefined) throw new Error(`No value for \${${name}} in ${template.Sid}`);
    values[name] = value;
  }
  // A template that is one variable is that variable's value.
  const only = names.length === 1 && names[0] !== undefined ? names[0] : undefined;
  if (only !== undefined && text === substitution(only)) return values[only] ?? text;
  return names.length > 0 ? Fn.sub(text, values) : Fn.sub(text);
}

/** A statement template as a CDK statement: each resource an `Fn::Sub` of its variables. */
function toStatement(
  template: StatementTemplate,
  variables: Partial<Record<TemplateVariable, string>>,
): iam.PolicyStatement {
  return iam.PolicyStatement.fromJson({
    Sid: template.Sid,
    Effect: 'Allow',
    Action: [...template.Action],
    Resource: template.Resource.map((text) => resourceOf(template, text, variables)),
    ...(template.Condition ? { Condition: template.Condition } : {}),
  });
}

/** The default policy of a role, which its first `addToPrincipalPolicy` created. */
function defaultPolicyOf(role: iam.Role): Construct {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy === undefined) throw new Error(`${role.node.path} has no default policy yet`);
  return policy;
}

/**
 * Acknowledges, on `policy`, each cdk-nag wildcard finding (`AwsSolutions-IAM5[Resource::...]`)
 * that its statement templates cause, one finding at a time, with the `WildcardReason` of every
 * statement naming that resource. A wildcard resource without a reason is an error: no finding
 * is acknowledged without one.
 */
function acknowledgeWildcards(
  policy: Construct,
  templates: readonly StatementTemplate[],
  variables: Partial<Record<TemplateVariable, string>>,
): void {
  const stack = Stack.of(policy);
  const reasons = new Map<string, string[]>();
  for (const template of templates) {
    for (const text of template.Resource.filter((r) => r.includes('*'))) {
      if (template.WildcardReason === undefined) {
        throw new Error(`${template.Sid}: the wildcard in ${text} needs a WildcardReason`);
      }
      const finding = nagResourceName(stack.resolve(resourceOf(template, text, variables)));
      const id = `AwsSolutions::AwsSolutions-IAM5[Resource::${finding}]`;
      reasons.set(id, [...(reasons.get(id) ?? []), `${template.Sid}: ${template.WildcardReason}`]);
    }
  }
  for (const [id, why] of reasons)
    Validations.of(policy).acknowledge({ id, reason: why.join(' ') });
}

/**
 * A resolved resource as cdk-nag names it in an IAM5 finding (its `flattenCfnReference`): a
 * string or a one-argument `Fn::Sub` with `${...}` written `<...>`, an `Fn::Sub` with variables
 * as its JSON.
 */
function nagResourceName(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const sub = (resolved as Record<string, unknown> | null)?.['Fn::Sub'];
  if (typeof sub === 'string') return nagResourceName(sub);
  if (Array.isArray(sub)) return JSON.stringify(sub);
  throw new Error(`Cannot name the resource ${JSON.stringify(resolved)} as cdk-nag does`);
}

function addStatements(
  role: iam.Role,
  templates: readonly StatementTemplate[],
  variables: Partial<Record<TemplateVariable, string>>,
): void {
  for (const template of templates) role.addToPrincipalPolicy(toStatement(template, variables));
}
