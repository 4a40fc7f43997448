import {
  Aws,
  aws_apigateway as apigateway,
  CfnOutput,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cloudwatchActions,
  Duration,
  aws_dynamodb as dynamodb,
  aws_events as events,
  aws_events_targets as eventTargets,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
  Names,
  RemovalPolicy,
  aws_scheduler as scheduler,
  aws_stepfunctions as sfn,
  aws_sns as sns,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  type AccountRole,
  accountRoleStatements,
  buildPollingStateMachine,
  DynamoDbExecutionHistoryStore,
  drsWavesPolicies,
  InvalidOptionsError,
  type PollingStateMachineOptions,
  type StatementTemplate,
} from 'drs-waves';
import { accountRoleProblems } from '../accounts/internal/accountRoleProblems';
import { ACCOUNT_ROLES_ENV, READINESS_TOPIC_ENV } from '../lambda/env';
import { prebuiltBundle } from './internal/bundles';
import {
  acknowledgeWildcards,
  addStatements,
  defaultPolicyOf,
  substitution,
  toStatement,
  type Variables,
} from './internal/policy';
import { readinessScheduleProblems } from './internal/readinessSchedule';

/**
 * The state machine options the construct takes: everything but the ARNs it fills in.
 *
 * @example
 * ```ts
 * import type { OrchestratorMachineOptions } from 'drs-waves/cdk';
 *
 * const machine: OrchestratorMachineOptions = { pollIntervalSeconds: 30, wavesInParallel: 5 };
 * ```
 */
export type OrchestratorMachineOptions = Omit<
  PollingStateMachineOptions,
  'lambdaArn' | 'notificationTopicArn'
>;

/**
 * Properties of {@link DrsWavesOrchestrator}. Every one is optional.
 *
 * @example
 * ```ts
 * import { RemovalPolicy } from 'aws-cdk-lib';
 * import type { DrsWavesOrchestratorProps } from 'drs-waves/cdk';
 *
 * const props: DrsWavesOrchestratorProps = {
 *   machine: { pollIntervalSeconds: 30 },
 *   dataRemovalPolicy: RemovalPolicy.RETAIN,
 * };
 * ```
 */
export interface DrsWavesOrchestratorProps {
  /** Options of `buildPollingStateMachine`. */
  readonly machine?: OrchestratorMachineOptions;
  /**
   * What happens to the tables and the key it creates when the stack is deleted. Keep `RETAIN`
   * in production: the history is the record of every drill and recovery.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly dataRemovalPolicy?: RemovalPolicy;
  /**
   * Tables to use instead of creating them (same keys as the created ones: `PlanId`,
   * `ProtectionGroupId`, and the history's from `DynamoDbExecutionHistoryStore.tableDefinition`).
   * A table encrypted with a customer-managed key needs `encryptionKey` to be that key.
   *
   * @default three new tables, encrypted with the construct's key
   */
  readonly tables?: {
    /** The execution history table. */
    readonly history?: dynamodb.ITable;
    /** The plans table. */
    readonly plans?: dynamodb.ITable;
    /** The protection groups table. */
    readonly protectionGroups?: dynamodb.ITable;
  };
  /**
   * The customer-managed key of the tables and the topic.
   *
   * @default a new key, with rotation
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Whether to deploy the control-plane REST API (IAM authorization) and its Lambda.
   *
   * @default true
   */
  readonly api?: boolean;
  /**
   * The router's code.
   *
   * @default the prebuilt `dist/lambda/router` of the package
   */
  readonly routerCode?: lambda.Code;
  /**
   * The API Lambda's code.
   *
   * @default the prebuilt `dist/lambda/api` of the package
   */
  readonly apiCode?: lambda.Code;
  /**
   * Lets plans run wave actions: the state machine may invoke the `lambda` actions' functions
   * whose name starts with `functionNamePrefix`, and start, follow and stop SSM Automation
   * runbooks (`ssmAutomation` actions). Without it, an action fails with `AccessDenied`
   * (recorded, and the wave fails under `onFailure: 'FAIL'`); `wait` and `approval` actions
   * need nothing.
   *
   * @default no wave actions that call other services
   */
  readonly waveActions?: {
    /** The prefix of the action functions' names, such as `drs-waves-action-`. */
    readonly functionNamePrefix: string;
  };
  /**
   * The role to assume in each AWS account that plans name (`accountId` of a wave, a server or a
   * protection group), by account ID: `{ roleArn, externalId }`, such as the role
   * `examples/cloudformation/target-account.template.json` creates. The router gets them in
   * `DRS_WAVES_ACCOUNT_ROLES` and may assume these roles (`sts:AssumeRole`), and no other. A
   * plan naming another account is refused at its start.
   *
   * @default {} (plans may name no account)
   */
  readonly accountRoles?: Readonly<Record<string, AccountRole>>;
  /**
   * Checks the readiness of these plans on a schedule: one EventBridge Scheduler schedule per
   * plan invokes the router with `{ action: 'evaluate_readiness', planIds: [<plan>] }`, through a
   * role that may invoke the router and nothing else. The router records each result in the
   * history and publishes to `topic` when a plan's readiness changes (the router may publish
   * there, and nowhere else). See `docs/approvals-and-notifications.md`.
   *
   * @default no scheduled check
   */
  readonly readinessSchedule?: ReadinessScheduleProps;
  /**
   * Whether to add stack outputs (`StateMachineArn`, table names, `NotificationTopicArn`,
   * `ApiUrl`): the operator CLI reads them.
   *
   * @default true
   */
  readonly outputs?: boolean;
}

/**
 * The scheduled readiness check of {@link DrsWavesOrchestratorProps.readinessSchedule}.
 *
 * @example
 * ```ts
 * import { Duration } from 'aws-cdk-lib';
 * import type { ReadinessScheduleProps } from 'drs-waves/cdk';
 *
 * const readinessSchedule: ReadinessScheduleProps = {
 *   planIds: ['three-tier', 'crm'],
 *   every: Duration.minutes(15),
 * };
 * ```
 */
export interface ReadinessScheduleProps {
  /** The plans to check, each once (1 to 100 plan IDs). */
  readonly planIds: readonly string[];
  /**
   * How often each plan is checked: whole minutes, at least one.
   *
   * @default Duration.minutes(30)
   */
  readonly every?: Duration;
  /**
   * Where readiness changes are published. A topic encrypted with another key than the
   * construct's needs the router allowed to use that key.
   *
   * @default the construct's notification topic
   */
  readonly topic?: sns.ITopic;
}

/** Every IAM statement of the deployment. */
const POLICIES = drsWavesPolicies();

/** The default keys of the tables it creates. */
function historyKeySchema(): { partitionKey: string; sortKey: string } {
  const definition = DynamoDbExecutionHistoryStore.tableDefinition('history');
  const keyOf = (type: 'HASH' | 'RANGE') => {
    const name = definition.KeySchema?.find((k) => k.KeyType === type)?.AttributeName;
    if (name === undefined) throw new Error(`The history table definition has no ${type} key`);
    return name;
  };
  return { partitionKey: keyOf('HASH'), sortKey: keyOf('RANGE') };
}

/**
 * drs-waves, deployed: tables (or yours), the router Lambda from the bundle the package ships
 * (no bundler, no Docker), the polling state machine from `buildPollingStateMachine`, an SNS
 * topic, a control-plane API with IAM authorization, a failed-executions alarm and a dashboard,
 * every role least-privilege from `drsWavesPolicies()`.
 *
 * It passes cdk-nag's `AwsSolutionsChecks`: each remaining finding is acknowledged where it
 * arises, with its reason (aws-cdk-lib metadata: cdk-nag is not needed to synthesize). Grant
 * operators with {@link DrsWavesOrchestrator.grantDrillOperator} (drills only: the recovery route
 * and a direct `StartExecution` are denied) or {@link DrsWavesOrchestrator.grantRecoveryOperator}.
 *
 * @example
 * ```ts
 * import { App, Stack } from 'aws-cdk-lib';
 * import { DrsWavesOrchestrator } from 'drs-waves/cdk';
 *
 * const app = new App();
 * const stack = new Stack(app, 'DrsWaves');
 * const orchestrator = new DrsWavesOrchestrator(stack, 'Orchestrator', {
 *   machine: { pollIntervalSeconds: 30, wavesInParallel: 5 },
 * });
 * ```
 */
export class DrsWavesOrchestrator extends Construct {
  /** The polling state machine. */
  readonly stateMachine: sfn.StateMachine;
  /** The router Lambda. */
  readonly router: lambda.Function;
  /** The control-plane API, unless `api: false`. */
  readonly api: apigateway.RestApi | undefined;
  /** The execution history table. */
  readonly historyTable: dynamodb.ITable;
  /** The plans table. */
  readonly plansTable: dynamodb.ITable;
  /** The protection groups table. */
  readonly protectionGroupsTable: dynamodb.ITable;
  /** The notifications topic (approvals, alarms). */
  readonly topic: sns.Topic;
  /** The key of the tables and the topic. */
  readonly key: kms.IKey;
  /** The alarm on failed executions. */
  readonly failedExecutionsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DrsWavesOrchestratorProps = {}) {
    super(scope, id);
    const removalPolicy = props.dataRemovalPolicy ?? RemovalPolicy.RETAIN;

    // One customer-managed key for the tables and the topic: the history holds approval task
    // tokens and the record of every recovery, so its key policy (not only IAM) decides who
    // reads it, every use is in CloudTrail, and the key can be shared with CloudWatch, which
    // an AWS-managed SNS key cannot.
    const key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
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
    this.key = key;

    // Typed as ITable, the type of the tables a user passes (aws-cdk-lib's own types differ
    // under exactOptionalPropertyTypes).
    const table = (tableId: string, partitionKey: string, sortKey?: string): dynamodb.ITable =>
      new dynamodb.Table(this, tableId, {
        partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
        ...(sortKey ? { sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING } } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
        removalPolicy,
      }) as unknown as dynamodb.ITable;
    const historyKeys = historyKeySchema();
    const protectionGroups =
      props.tables?.protectionGroups ?? table('ProtectionGroupsTable', 'ProtectionGroupId');
    const plans = props.tables?.plans ?? table('PlansTable', 'PlanId');
    const history =
      props.tables?.history ?? table('HistoryTable', historyKeys.partitionKey, historyKeys.sortKey);
    this.historyTable = history;
    this.plansTable = plans;
    this.protectionGroupsTable = protectionGroups;

    const topic = new sns.Topic(this, 'Notifications', {
      displayName: 'drs-waves notifications',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic = topic;

    const logGroup = (logId: string) =>
      new logs.LogGroup(this, logId, { retention: logs.RetentionDays.ONE_YEAR });

    const variables: Variables = {
      HistoryTableArn: history.tableArn,
      PlansTableArn: plans.tableArn,
      ProtectionGroupsTableArn: protectionGroups.tableArn,
      KeyArn: key.keyArn,
      TopicArn: topic.topicArn,
    };

    const accountRoles = Object.entries(props.accountRoles ?? {});
    const roleProblems = accountRoleProblems(props.accountRoles, 'accountRoles');
    if (roleProblems.length > 0) {
      throw new InvalidOptionsError('DrsWavesOrchestrator', roleProblems);
    }
    const routerLogs = logGroup('RouterLogs');
    const routerRole = new iam.Role(this, 'RouterRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'drs-waves router: starts and follows DRS recovery jobs',
    });
    const routerVariables = { ...variables, LogGroupArn: routerLogs.logGroupArn };
    addStatements(routerRole, POLICIES.router, routerVariables);
    acknowledgeWildcards(defaultPolicyOf(routerRole), POLICIES.router, routerVariables);
    this.router = new lambda.Function(this, 'Router', {
      description: 'drs-waves: the action router the state machine calls',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.routerCode ?? lambda.Code.fromAsset(prebuiltBundle('router')),
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
        ...(accountRoles.length === 0
          ? {}
          : { [ACCOUNT_ROLES_ENV]: JSON.stringify(props.accountRoles) }),
      },
    });
    addStatements(
      routerRole,
      accountRoleStatements(accountRoles.map(([, role]) => role.roleArn)),
      routerVariables,
    );

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
    const invokeVariables = {
      ...variables,
      RouterFunctionArn: this.router.functionArn,
      ...(props.waveActions === undefined
        ? {}
        : { ActionFunctionPrefix: props.waveActions.functionNamePrefix }),
    };
    addStatements(machineRole, POLICIES.stateMachine, invokeVariables);
    if (props.waveActions !== undefined) {
      addStatements(machineRole, POLICIES.waveActions, invokeVariables);
    }
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
    // aws-cdk-lib has added the log delivery and X-Ray statements of the policies to the role.
    acknowledgeWildcards(
      defaultPolicyOf(machineRole),
      [
        ...POLICIES.stateMachine,
        ...POLICIES.stateMachineLogDelivery,
        ...POLICIES.stateMachineTracing,
        ...(props.waveActions === undefined ? [] : POLICIES.waveActions),
      ],
      invokeVariables,
    );
    // Naming the state machine in its own role's policy: a separate policy, created after it.
    const machineVariables: Variables = {
      ...variables,
      StateMachineArn: this.stateMachine.stateMachineArn,
      StateMachineName: this.stateMachine.stateMachineName,
    };
    const distributedMap = new iam.Policy(this, 'DistributedMapPolicy', { roles: [machineRole] });
    for (const statement of POLICIES.distributedMap) {
      distributedMap.addStatements(toStatement(statement, machineVariables));
    }
    acknowledgeWildcards(distributedMap, POLICIES.distributedMap, machineVariables);
    this.#machineVariables = machineVariables;

    if (props.readinessSchedule !== undefined) {
      this.#readinessSchedule(props.readinessSchedule, routerRole, variables);
    }

    if (props.machine?.completion === 'events') {
      // DRS's launch results reach the router, which resumes the waves waiting for them.
      const resume = new iam.Policy(this, 'RouterResumePolicy', { roles: [routerRole] });
      for (const statement of POLICIES.routerEventDriven) {
        resume.addStatements(toStatement(statement, machineVariables));
      }
      acknowledgeWildcards(resume, POLICIES.routerEventDriven, machineVariables);
      new events.Rule(this, 'LaunchResults', {
        description: 'drs-waves: DRS launch results resume the waves waiting for them',
        eventPattern: { source: ['aws.drs'], detailType: ['DRS Source Server Launch Result'] },
        targets: [new eventTargets.LambdaFunction(this.router, { retryAttempts: 2 })],
      });
      // The accounts of accountRoles forward theirs here (target-account-events.template.json):
      // the default bus lets them, and only them, put events.
      const targetAccounts = Object.keys(props.accountRoles ?? {});
      if (targetAccounts.length > 0) {
        new events.CfnEventBusPolicy(this, 'TargetAccountLaunchResults', {
          eventBusName: 'default',
          statementId: `drs-waves-${Names.uniqueId(this).slice(-32)}`.slice(0, 64),
          statement: {
            Sid: 'TargetAccountsPutLaunchResults',
            Effect: 'Allow',
            Principal: { AWS: targetAccounts.map((a) => `arn:${Aws.PARTITION}:iam::${a}:root`) },
            Action: 'events:PutEvents',
            Resource: `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/default`,
          },
        });
      }
    }

    this.api =
      props.api === false ? undefined : this.#controlApi(props, machineVariables, logGroup);

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
    this.failedExecutionsAlarm = alarm;
    this.#dashboard(alarm, failed);

    if (props.outputs !== false) {
      const output = (outputId: string, value: string) => new CfnOutput(this, outputId, { value });
      if (this.api) output('ApiUrl', this.api.url);
      output('StateMachineArn', this.stateMachine.stateMachineArn);
      output('PlansTableName', plans.tableName);
      output('ProtectionGroupsTableName', protectionGroups.tableName);
      output('HistoryTableName', history.tableName);
      output('NotificationTopicArn', topic.topicArn);
    }
  }

  readonly #machineVariables: Variables;

  /**
   * The scheduled readiness check: the router may publish to the topic (and gets it in its
   * environment), a role EventBridge Scheduler assumes may invoke the router, and one schedule
   * per plan.
   */
  #readinessSchedule(
    schedule: ReadinessScheduleProps,
    routerRole: iam.Role,
    variables: Variables,
  ): void {
    const problems = readinessScheduleProblems(schedule, 'readinessSchedule');
    if (problems.length > 0) throw new InvalidOptionsError('DrsWavesOrchestrator', problems);
    const topic = schedule.topic ?? this.topic;
    this.router.addEnvironment(READINESS_TOPIC_ENV, topic.topicArn);
    addStatements(routerRole, POLICIES.routerReadinessNotices, {
      ...variables,
      TopicArn: topic.topicArn,
    });
    const role = new iam.Role(this, 'ReadinessSchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'drs-waves readiness schedule: invokes the router to check plans',
    });
    addStatements(role, POLICIES.readinessScheduler, {
      RouterFunctionArn: this.router.functionArn,
    });
    const seconds = (schedule.every ?? Duration.minutes(30)).toSeconds();
    const minutes = seconds / 60;
    for (const planId of schedule.planIds) {
      new scheduler.CfnSchedule(this, `ReadinessSchedule-${planId}`, {
        description: `drs-waves: the readiness of plan ${planId}`,
        scheduleExpression: `rate(${minutes} minute${minutes === 1 ? '' : 's'})`,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: this.router.functionArn,
          roleArn: role.roleArn,
          input: JSON.stringify({ action: 'evaluate_readiness', planIds: [planId] }),
          // An invocation older than the next one is worth nothing.
          retryPolicy: {
            maximumEventAgeInSeconds: Math.min(Math.max(seconds, 60), 86_400),
            maximumRetryAttempts: 3,
          },
        },
      });
    }
  }

  /**
   * Lets `grantee` operate drills through the control-plane API: start drills, describe,
   * approve, reject, cancel and clean up. A RECOVERY stays out of reach: the recovery route and
   * a direct `states:StartExecution` on the state machine are denied explicitly.
   *
   * @throws `Error` when the construct has no API (`api: false`).
   *
   * @example
   * ```ts
   * import { aws_iam as iam } from 'aws-cdk-lib';
   * import type { DrsWavesOrchestrator } from 'drs-waves/cdk';
   *
   * declare const orchestrator: DrsWavesOrchestrator;
   * declare const drillTeam: iam.Role;
   * orchestrator.grantDrillOperator(drillTeam);
   * ```
   */
  grantDrillOperator(grantee: iam.IGrantable): void {
    this.#grant(grantee, POLICIES.drillOperator);
  }

  /**
   * Lets `grantee` operate drills and start recoveries (`POST /recoveries`, still with
   * `confirmRecovery` naming the plan).
   *
   * @throws `Error` when the construct has no API (`api: false`).
   *
   * @example
   * ```ts
   * import { aws_iam as iam } from 'aws-cdk-lib';
   * import type { DrsWavesOrchestrator } from 'drs-waves/cdk';
   *
   * declare const orchestrator: DrsWavesOrchestrator;
   * declare const recoveryLead: iam.Role;
   * orchestrator.grantRecoveryOperator(recoveryLead);
   * ```
   */
  grantRecoveryOperator(grantee: iam.IGrantable): void {
    this.#grant(grantee, POLICIES.recoveryOperator);
  }

  /** Adds the statements, and acknowledges their wildcards on the grantee's default policy. */
  #grant(grantee: iam.IGrantable, statements: readonly StatementTemplate[]): void {
    const variables = this.#apiVariables();
    const principal = grantee.grantPrincipal;
    addStatements(principal, statements, variables);
    const policy =
      principal instanceof Construct ? principal.node.tryFindChild('DefaultPolicy') : undefined;
    if (policy !== undefined) acknowledgeWildcards(policy, statements, variables);
  }

  #apiVariables(): Variables {
    if (this.api === undefined) {
      throw new Error(`${this.node.path} has no control-plane API (api: false): operators use it`);
    }
    return {
      ...this.#machineVariables,
      ApiId: this.api.restApiId,
      ApiStage: this.api.deploymentStage.stageName,
    };
  }

  #controlApi(
    props: DrsWavesOrchestratorProps,
    machineVariables: Variables,
    logGroup: (id: string) => logs.LogGroup,
  ): apigateway.RestApi {
    const apiLogs = logGroup('ApiLogs');
    const apiRole = new iam.Role(this, 'ApiRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'drs-waves control plane: starts, answers, stops executions, cleans up drills',
    });
    const apiVariables = { ...machineVariables, LogGroupArn: apiLogs.logGroupArn };
    addStatements(apiRole, POLICIES.api, apiVariables);
    acknowledgeWildcards(defaultPolicyOf(apiRole), POLICIES.api, apiVariables);
    // Drill cleanup in the accounts of accountRoles, through their roles (which must trust
    // this role too: ControlPlaneRoleArn of the target-account template).
    const accountRoles = Object.values(props.accountRoles ?? {});
    addStatements(
      apiRole,
      accountRoleStatements(accountRoles.map((role) => role.roleArn)),
      apiVariables,
    );
    const apiFunction = new lambda.Function(this, 'Api', {
      description: 'drs-waves: the control-plane API',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.apiCode ?? lambda.Code.fromAsset(prebuiltBundle('api')),
      role: apiRole,
      logGroup: apiLogs,
      memorySize: 512,
      timeout: Duration.seconds(29),
      environment: {
        HISTORY_TABLE: this.historyTable.tableName,
        STATE_MACHINE_ARN: this.stateMachine.stateMachineArn,
        ...(accountRoles.length === 0
          ? {}
          : { [ACCOUNT_ROLES_ENV]: JSON.stringify(props.accountRoles) }),
      },
    });

    // Every method needs SigV4-signed requests from a principal allowed execute-api:Invoke.
    // Access logs (one JSON line per request: caller, route, status) and execution logs at
    // ERROR, never request or response bodies (data tracing off). API Gateway writes both with
    // the account's CloudWatch Logs role, an account-wide setting this construct leaves alone:
    // set it once per account and Region before deploying (see docs/deploying.md).
    const api = new apigateway.RestApi(this, 'ControlApi', {
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
    const validator = api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    for (const [responseId, type] of [
      ['BadRequestBody', apigateway.ResponseType.BAD_REQUEST_BODY],
      ['BadRequestParameters', apigateway.ResponseType.BAD_REQUEST_PARAMETERS],
    ] as const) {
      api.addGatewayResponse(responseId, {
        type,
        templates: {
          'application/json': '{"error":"BadRequest","message":$context.error.messageString}',
        },
      });
    }
    const startModel = (modelId: string, executionType: 'DRILL' | 'RECOVERY') =>
      api.addModel(modelId, {
        contentType: 'application/json',
        description: `POST /${executionType === 'DRILL' ? 'executions' : 'recoveries'}: the fields the API Lambda accepts`,
        schema: startExecutionSchema(executionType),
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
          "IAM authorization (AWS_IAM) is the chosen control: the callers are operators and automation with IAM principals, each allowed execute-api:Invoke on the routes it needs (grantDrillOperator, grantRecoveryOperator), and the API records the caller's IAM identity as decider; a Cognito user pool would add a second identity store to keep in step with IAM.",
      });
    };
    const executions = api.root.addResource('executions');
    route(executions, 'POST', {
      requestModels: { 'application/json': startModel('StartDrillBody', 'DRILL') },
    });
    route(api.root.addResource('recoveries'), 'POST', {
      requestModels: { 'application/json': startModel('StartRecoveryBody', 'RECOVERY') },
    });
    const execution = executions.addResource('{executionId}');
    route(execution, 'GET');
    route(execution.addResource('cancel'), 'POST');
    route(execution.addResource('cleanup'), 'POST');
    const wave = execution.addResource('waves').addResource('{waveId}');
    route(wave.addResource('approve'), 'POST');
    route(wave.addResource('reject'), 'POST');
    route(wave.addResource('decide'), 'POST');
    return api;
  }

  #dashboard(alarm: cloudwatch.Alarm, failed: cloudwatch.Metric): void {
    const minutes = Duration.minutes(5);
    const row: cloudwatch.IWidget[] = [
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
    ];
    if (this.api) {
      row.push(
        new cloudwatch.GraphWidget({
          title: 'Control API',
          width: 12,
          left: [
            this.api.metricCount({ period: minutes }),
            this.api.metricClientError({ period: minutes }),
            this.api.metricServerError({ period: minutes }),
          ],
        }),
      );
    }
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
        row,
      ],
    });
  }
}

/**
 * The body of a start route, as the API Lambda takes it: an object of these fields only (strings,
 * and the `recoveryPoint` object), `planId` and `executionType` (the route's type) required, and
 * `confirmRecovery` for a recovery.
 * The Lambda and the library check the rest (ID formats, the confirmation naming the plan).
 */
function startExecutionSchema(executionType: 'DRILL' | 'RECOVERY'): apigateway.JsonSchema {
  const text: apigateway.JsonSchema = { type: apigateway.JsonSchemaType.STRING };
  const recovery = executionType === 'RECOVERY';
  return {
    schema: apigateway.JsonSchemaVersion.DRAFT4,
    title: recovery ? 'StartRecovery' : 'StartDrill',
    type: apigateway.JsonSchemaType.OBJECT,
    properties: {
      planId: { ...text, minLength: 1 },
      executionType: { ...text, enum: [executionType] },
      ...(recovery ? { confirmRecovery: { ...text, minLength: 1 } } : {}),
      executionId: text,
      recoveryPoint: { type: apigateway.JsonSchemaType.OBJECT },
    },
    required: recovery
      ? ['planId', 'executionType', 'confirmRecovery']
      : ['planId', 'executionType'],
    additionalProperties: false,
  };
}
