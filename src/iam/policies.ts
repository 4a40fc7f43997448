/**
 * The IAM statements of a drs-waves deployment, written once as CloudFormation `Fn::Sub`
 * templates and used by the CDK construct (`drs-waves/cdk`), the CloudFormation template and the
 * Terraform module. Every statement says why it exists; see `docs/deploying.md` for the
 * line-by-line explanation.
 *
 * Template variables, besides `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}`:
 * `HistoryTableArn`, `PlansTableArn`, `ProtectionGroupsTableArn`, `KeyArn`, `TopicArn`,
 * `RouterFunctionArn`, `StateMachineArn`, `StateMachineName`, `LogGroupArn` (the log group of
 * the function whose role the statement belongs to), `ApiId` and `ApiStage` (the control-plane
 * REST API, for the operator roles).
 *
 * A statement whose resources hold a wildcard says why in `WildcardReason`: the CDK construct
 * turns it into the reason of its cdk-nag acknowledgement of that finding (`AwsSolutions-IAM5`),
 * and refuses a wildcard without one.
 *
 * @module
 */

/** The Service Authorization Reference pages the reasons cite. */
const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
const DRS_SAR = `${SAR}/list_awselasticdisasterrecovery.html`;
const EC2_SAR = `${SAR}/list_amazonec2.html`;
const XRAY_SAR = `${SAR}/list_awsx-ray.html`;

/**
 * One IAM statement; `Resource` entries are `Fn::Sub` templates, or `*`.
 *
 * @example
 * ```ts
 * import type { StatementTemplate } from 'drs-waves';
 *
 * const readPlans: StatementTemplate = {
 *   Sid: 'ReadPlans',
 *   Action: ['dynamodb:GetItem'],
 *   Resource: ['${PlansTableArn}'],
 * };
 * ```
 */
export interface StatementTemplate {
  /** What the statement is for. */
  readonly Sid: string;
  /** The actions, never a wildcard. */
  readonly Action: readonly string[];
  /** `Fn::Sub` templates; `*` only for actions without resource-level permissions. */
  readonly Resource: readonly string[];
  /**
   * `Deny` for the guards of a role that must never do something, whatever else it is granted.
   *
   * @default 'Allow'
   */
  readonly Effect?: 'Allow' | 'Deny';
  /** Conditions, as IAM takes them. */
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
  /**
   * Why a resource of the statement holds a wildcard (`*`); required when one does. Not part of
   * the policy: it documents the statement and is the reason of the cdk-nag acknowledgement.
   */
  readonly WildcardReason?: string;
}

/**
 * The variables a statement template may name.
 *
 * @example
 * ```ts
 * import { TEMPLATE_VARIABLES } from 'drs-waves';
 *
 * TEMPLATE_VARIABLES.includes('HistoryTableArn'); // true
 * ```
 */
export const TEMPLATE_VARIABLES = [
  'HistoryTableArn',
  'PlansTableArn',
  'ProtectionGroupsTableArn',
  'KeyArn',
  'TopicArn',
  'RouterFunctionArn',
  'StateMachineArn',
  'StateMachineName',
  'LogGroupArn',
  'ApiId',
  'ApiStage',
  'ActionFunctionPrefix',
] as const;

/**
 * One of {@link TEMPLATE_VARIABLES}.
 *
 * @example
 * ```ts
 * import type { TemplateVariable } from 'drs-waves';
 *
 * const name: TemplateVariable = 'StateMachineArn';
 * ```
 */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** A reference to a template variable: `${name}`. */
const ref = (name: TemplateVariable): string => `\${${name}}`;

const pseudo = (name: 'Partition' | 'Region' | 'AccountId'): string => `\${AWS::${name}}`;

const ARN = `arn:${pseudo('Partition')}`;
const DRS = `${ARN}:drs:\${AWS::Region}:\${AWS::AccountId}`;
const EC2 = `${ARN}:ec2:\${AWS::Region}:\${AWS::AccountId}`;
const STATES = `${ARN}:states:\${AWS::Region}:\${AWS::AccountId}`;
const API = `${ARN}:execute-api:\${AWS::Region}:\${AWS::AccountId}:${ref('ApiId')}/${ref('ApiStage')}`;

/** Resources DRS creates for a launch carry this tag (see the DRS managed policies). */
const DRS_MANAGED_TAG = 'AWSElasticDisasterRecoveryManaged';
const VIA_AWS_SERVICE = { Bool: { 'aws:ViaAWSService': 'true' } } as const;
const managedResource = {
  ...VIA_AWS_SERVICE,
  Null: { [`aws:ResourceTag/${DRS_MANAGED_TAG}`]: 'false' },
} as const;
const managedRequest = {
  ...VIA_AWS_SERVICE,
  Null: { [`aws:RequestTag/${DRS_MANAGED_TAG}`]: 'false' },
} as const;

/** Writing to the function's own log group (instead of the `*`-wide managed policy). */
const logs: StatementTemplate = {
  Sid: 'WriteOwnLogs',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: [ref('LogGroupArn')],
};

/** Encrypting and decrypting with the deployment's key (tables and topic use it). */
const key: StatementTemplate = {
  Sid: 'UseDeploymentKey',
  Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
  Resource: [ref('KeyArn')],
};

/**
 * The EC2 calls DRS makes with the caller's credentials when `StartRecovery` launches recovery
 * instances: the dependent actions of `drs:StartRecovery` in the Service Authorization
 * Reference, scoped as `AWSElasticDisasterRecoveryConsoleFullAccess` scopes them (made through
 * DRS, on resources DRS tagged as its own), and to this account and Region.
 */
const launchOnCallersBehalf: readonly StatementTemplate[] = [
  {
    // EC2 Describe* actions have no resource-level permissions.
    Sid: 'Ec2DescribeForDrsLaunch',
    WildcardReason: `EC2 Describe* actions support no resource-level permissions (${EC2_SAR}); DRS calls them with the router's credentials when StartRecovery launches (dependent actions of drs:StartRecovery).`,
    Action: [
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
    ],
    Resource: ['*'],
  },
  {
    Sid: 'Ec2RunDrsManagedInstances',
    WildcardReason:
      'The recovery instances DRS launches for StartRecovery do not exist before the launch, so their IDs are unknown; only through DRS (aws:ViaAWSService) and only with the AWSElasticDisasterRecoveryManaged tag in the request.',
    Action: ['ec2:RunInstances'],
    Resource: [`${EC2}:instance/*`],
    Condition: managedRequest,
  },
  {
    Sid: 'Ec2RunInstancesWithDrsResources',
    WildcardReason:
      "The security groups, volumes, subnets, network interfaces, launch templates and images a launch uses come from each source server's DRS launch settings, not from this stack; only through DRS (aws:ViaAWSService), in this Region (and this account, except images, which may be shared or public).",
    Action: ['ec2:RunInstances'],
    Resource: [
      `${EC2}:security-group/*`,
      `${EC2}:volume/*`,
      `${EC2}:subnet/*`,
      `${EC2}:network-interface/*`,
      `${EC2}:launch-template/*`,
      // AMIs may belong to another account (public or shared images).
      `${ARN}:ec2:\${AWS::Region}::image/*`,
    ],
    Condition: VIA_AWS_SERVICE,
  },
  {
    Sid: 'Ec2CreateDrsLaunchTemplates',
    WildcardReason:
      'Launch templates DRS creates get their IDs at creation; only with the AWSElasticDisasterRecoveryManaged tag in the request.',
    Action: ['ec2:CreateLaunchTemplate'],
    Resource: [`${EC2}:launch-template/*`],
    Condition: { Null: { [`aws:RequestTag/${DRS_MANAGED_TAG}`]: 'false' } },
  },
  {
    Sid: 'Ec2UpdateDrsLaunchTemplates',
    WildcardReason:
      'DRS-managed launch templates, whose IDs DRS assigns; only those tagged AWSElasticDisasterRecoveryManaged.',
    Action: [
      'ec2:CreateLaunchTemplateVersion',
      'ec2:ModifyLaunchTemplate',
      'ec2:DeleteLaunchTemplateVersions',
      'ec2:CreateTags',
    ],
    Resource: [`${EC2}:launch-template/*`],
    Condition: { Null: { [`aws:ResourceTag/${DRS_MANAGED_TAG}`]: 'false' } },
  },
  {
    Sid: 'Ec2TagDrsResourcesOnCreate',
    WildcardReason:
      'Tags on the security groups, volumes, snapshots and instances DRS creates during a launch, IDs unknown in advance; only through DRS (aws:ViaAWSService) and only within the creating call (ec2:CreateAction).',
    Action: ['ec2:CreateTags'],
    Resource: [
      `${EC2}:security-group/*`,
      `${EC2}:volume/*`,
      `${EC2}:snapshot/*`,
      `${EC2}:instance/*`,
    ],
    Condition: {
      ...VIA_AWS_SERVICE,
      StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'RunInstances'] },
    },
  },
  {
    Sid: 'Ec2TagDrsLaunchTemplatesOnCreate',
    WildcardReason:
      'Tags on launch templates as they are created (ec2:CreateAction CreateLaunchTemplate), when no ID exists yet.',
    Action: ['ec2:CreateTags'],
    Resource: [`${EC2}:launch-template/*`],
    Condition: { StringEquals: { 'ec2:CreateAction': 'CreateLaunchTemplate' } },
  },
  {
    Sid: 'Ec2ManageDrsInstances',
    WildcardReason:
      'The recovery and conversion instances DRS launches, IDs unknown in advance; only through DRS (aws:ViaAWSService) and only instances tagged AWSElasticDisasterRecoveryManaged.',
    Action: [
      'ec2:StartInstances',
      'ec2:StopInstances',
      'ec2:TerminateInstances',
      'ec2:ModifyInstanceAttribute',
      'ec2:AttachVolume',
      'ec2:DetachVolume',
    ],
    Resource: [`${EC2}:instance/*`],
    Condition: managedResource,
  },
  {
    Sid: 'Ec2ManageDrsSecurityGroups',
    WildcardReason:
      'Security groups DRS creates for a launch, IDs unknown in advance; only through DRS (aws:ViaAWSService) and only groups tagged AWSElasticDisasterRecoveryManaged.',
    Action: [
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:AuthorizeSecurityGroupEgress',
      'ec2:RevokeSecurityGroupEgress',
    ],
    Resource: [`${EC2}:security-group/*`],
    Condition: managedResource,
  },
  {
    Sid: 'Ec2CreateDrsVolumes',
    WildcardReason:
      'Volumes DRS creates during conversion and launch get their IDs at creation; only through DRS (aws:ViaAWSService) and only with the AWSElasticDisasterRecoveryManaged tag in the request.',
    Action: ['ec2:CreateVolume'],
    Resource: [`${EC2}:volume/*`],
    Condition: managedRequest,
  },
  {
    Sid: 'Ec2CreateDrsSnapshots',
    WildcardReason:
      'Snapshots DRS creates during conversion get their IDs at creation; only through DRS (aws:ViaAWSService) and only with the AWSElasticDisasterRecoveryManaged tag in the request.',
    Action: ['ec2:CreateSnapshot'],
    Resource: [`${EC2}:snapshot/*`],
    Condition: managedRequest,
  },
  {
    Sid: 'Ec2UseDrsVolumes',
    WildcardReason:
      'Volumes DRS created, IDs unknown in advance; only through DRS (aws:ViaAWSService) and only volumes tagged AWSElasticDisasterRecoveryManaged.',
    Action: ['ec2:CreateSnapshot', 'ec2:AttachVolume', 'ec2:DeleteVolume'],
    Resource: [`${EC2}:volume/*`],
    Condition: managedResource,
  },
  {
    Sid: 'Ec2UseDrsSnapshots',
    WildcardReason:
      'Snapshots DRS created, IDs unknown in advance; only through DRS (aws:ViaAWSService) and only snapshots tagged AWSElasticDisasterRecoveryManaged.',
    Action: ['ec2:CreateVolume', 'ec2:DeleteSnapshot'],
    Resource: [`${EC2}:snapshot/*`],
    Condition: managedResource,
  },
  {
    Sid: 'Ec2DetachVolumesThroughDrs',
    WildcardReason:
      'Volumes DRS detaches during conversion, IDs unknown in advance; only through DRS (aws:ViaAWSService).',
    Action: ['ec2:DetachVolume'],
    Resource: [`${EC2}:volume/*`],
    Condition: VIA_AWS_SERVICE,
  },
  {
    Sid: 'PassDrsRolesToEc2',
    Action: ['iam:PassRole'],
    Resource: [
      `${ARN}:iam::\${AWS::AccountId}:role/service-role/AWSElasticDisasterRecoveryConversionServerRole`,
      `${ARN}:iam::\${AWS::AccountId}:role/service-role/AWSElasticDisasterRecoveryRecoveryInstanceRole`,
    ],
    Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
  },
];

/**
 * The router Lambda: reads plans and protection groups, writes the history, starts and follows
 * DRS jobs. It never terminates anything.
 */
export function routerStatements(): StatementTemplate[] {
  return [
    logs,
    key,
    {
      Sid: 'ReadPlans',
      Action: ['dynamodb:GetItem'],
      Resource: [ref('PlansTableArn')],
    },
    {
      Sid: 'ReadProtectionGroups',
      Action: ['dynamodb:BatchGetItem'],
      Resource: [ref('ProtectionGroupsTableArn')],
    },
    {
      Sid: 'WriteExecutionHistory',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'dynamodb:BatchWriteItem',
      ],
      Resource: [ref('HistoryTableArn')],
    },
    {
      // StartRecovery authorizes on the source servers; DRS then creates the recovery instances
      // (CreateRecoveryInstanceForDrs, a dependent action, also on source servers).
      Sid: 'StartDrsRecovery',
      WildcardReason:
        'The source servers of a wave are read at run time from the plans and protection groups tables, which operators change without redeploying, so they are not known when the policy is written; this account and Region only. CreateRecoveryInstanceForDrs, a dependent action of StartRecovery, is authorized on the same source servers.',
      Action: ['drs:StartRecovery', 'drs:CreateRecoveryInstanceForDrs'],
      Resource: [`${DRS}:source-server/*`],
    },
    {
      // startWave tags its jobs, and StartRecovery with tags also authorizes drs:TagResource on
      // the job it creates.
      Sid: 'TagDrsJobs',
      WildcardReason:
        'The DRS jobs StartRecovery creates: their IDs exist only once DRS has created them; this account and Region only.',
      Action: ['drs:TagResource'],
      Resource: [`${DRS}:job/*`],
    },
    {
      Sid: 'ReadDrsJobLogs',
      WildcardReason:
        'The log items of the DRS jobs the router started, whose IDs DRS assigns at StartRecovery; this account and Region only.',
      Action: ['drs:DescribeJobLogItems'],
      Resource: [`${DRS}:job/*`],
    },
    {
      // No resource-level permissions: DescribeJobs (status checks, reconciliation by tags) and
      // ListTagsForResource (a dependent action of StartRecovery).
      Sid: 'DescribeDrsJobs',
      WildcardReason: `drs:DescribeJobs and drs:ListTagsForResource support no resource-level permissions (${DRS_SAR}): IAM takes only Resource "*" for them.`,
      Action: ['drs:DescribeJobs', 'drs:ListTagsForResource'],
      Resource: ['*'],
    },
    {
      // The readiness check (`check_readiness`): replication, snapshots, launch configurations.
      Sid: 'CheckDrsReadiness',
      WildcardReason:
        'The source servers of a plan are read at run time from the plans and protection groups tables, which operators change without redeploying; this account and Region only.',
      Action: ['drs:DescribeRecoverySnapshots', 'drs:GetLaunchConfiguration'],
      Resource: [`${DRS}:source-server/*`],
    },
    {
      Sid: 'DescribeDrsSourceServers',
      WildcardReason: `drs:DescribeSourceServers supports no resource-level permissions (${DRS_SAR}): IAM takes only Resource "*" for it.`,
      Action: ['drs:DescribeSourceServers'],
      Resource: ['*'],
    },
    ...launchOnCallersBehalf,
  ];
}

/**
 * The state machine: invokes the router, publishes notices, and (Distributed Map) runs each wave
 * as a child execution of itself. The statements naming the state machine are attached as a
 * separate policy, which CloudFormation creates after the state machine.
 */
export function stateMachineStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'InvokeRouter',
      WildcardReason:
        "The router's versions and aliases (the function ARN with a :<qualifier> suffix), as aws-cdk-lib's grantInvoke grants them, so a definition that invokes a published version or alias keeps working; the suffix cannot name another function.",
      Action: ['lambda:InvokeFunction'],
      Resource: [ref('RouterFunctionArn'), `${ref('RouterFunctionArn')}:*`],
    },
    {
      Sid: 'PublishNotices',
      Action: ['sns:Publish'],
      Resource: [ref('TopicArn')],
    },
    key,
  ];
}

/**
 * The state machine's wave actions (opt-in): invoking the `lambda` actions' functions, those
 * whose name starts with the deployment's `ActionFunctionPrefix`, and starting, following and
 * stopping the `ssmAutomation` actions' runbooks. A runbook runs with the state machine's
 * permissions unless it names an `AutomationAssumeRole` parameter; passing that role needs
 * `iam:PassRole`, granted separately.
 */
export function waveActionStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'InvokeActionFunctions',
      WildcardReason:
        'Plans name their action functions; the deployment allows the functions whose name starts with its ActionFunctionPrefix, with their versions and aliases, and no other.',
      Action: ['lambda:InvokeFunction'],
      Resource: [
        `${ARN}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${ref('ActionFunctionPrefix')}*`,
      ],
    },
    {
      Sid: 'StartActionRunbooks',
      WildcardReason:
        "Plans name their runbooks, yours and AWS-owned ones (an automation definition of AWS's account): StartAutomationExecution takes the definition's ARN, of any owner in the Region.",
      Action: ['ssm:StartAutomationExecution'],
      Resource: [`${ARN}:ssm:\${AWS::Region}:*:automation-definition/*`],
    },
    {
      Sid: 'FollowActionRunbooks',
      WildcardReason:
        'SSM names each automation execution when it starts: the ID is not known before.',
      Action: [
        'ssm:GetAutomationExecution',
        'ssm:StopAutomationExecution',
        'ssm:AddTagsToResource',
      ],
      Resource: [`${ARN}:ssm:\${AWS::Region}:\${AWS::AccountId}:automation-execution/*`],
    },
  ];
}

/**
 * Step Functions logging to CloudWatch Logs (vended log delivery): these actions have no
 * resource-level permissions. aws-cdk-lib adds the same statement for a state machine with
 * `logs`; the CloudFormation template adds it itself.
 */
export function stateMachineLogDeliveryStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'DeliverExecutionLogs',
      WildcardReason:
        'Step Functions logging to CloudWatch Logs uses vended log delivery, whose actions support no resource-level permissions (Step Functions Developer Guide, "IAM policies for logging to CloudWatch Logs"); aws-cdk-lib adds the same statement for a state machine with logs.',
      Action: [
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ],
      Resource: ['*'],
    },
  ];
}

/**
 * Step Functions X-Ray tracing: these actions have no resource-level permissions. aws-cdk-lib
 * adds the same statement for a state machine with `tracingEnabled`; the CloudFormation template
 * adds it itself.
 */
export function stateMachineTracingStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'SendTraces',
      Action: [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
      ],
      Resource: ['*'],
      WildcardReason: `X-Ray PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets support no resource-level permissions (${XRAY_SAR}); aws-cdk-lib adds the same statement for a state machine with tracing.`,
    },
  ];
}

/** The Distributed Map's own permissions: start, describe and stop its child executions. */
export function distributedMapStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'StartWaveExecutions',
      Action: ['states:StartExecution'],
      Resource: [ref('StateMachineArn')],
    },
    {
      // Child executions are named <machine>/<map label>:<id>; the Step Functions guide and
      // aws-cdk-lib's DistributedMap grant these on the machine's executions.
      Sid: 'FollowWaveExecutions',
      WildcardReason:
        "The state machine's own executions (execution:<name>:<id>) and its Distributed Map's child executions (execution:<name>/<map run label>:<id>): Step Functions names them at run time, so only the prefix, which is this state machine's name, is known.",
      Action: ['states:DescribeExecution', 'states:StopExecution'],
      Resource: [
        `${STATES}:execution:${ref('StateMachineName')}:*`,
        `${STATES}:execution:${ref('StateMachineName')}/*`,
      ],
    },
  ];
}

/**
 * The control plane (`createControlPlane`): the API Lambda, or an operator's role. It starts,
 * answers, stops and describes executions of this state machine only, reads and writes the
 * history, and terminates drill instances; it never starts a DRS recovery itself.
 */
export function controlPlaneStatements(): StatementTemplate[] {
  return [
    key,
    {
      Sid: 'UseExecutionHistory',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      Resource: [ref('HistoryTableArn')],
    },
    {
      Sid: 'StartExecutions',
      Action: ['states:StartExecution'],
      Resource: [ref('StateMachineArn')],
    },
    {
      Sid: 'DescribeAndStopExecutions',
      WildcardReason:
        "The executions of this state machine (execution:<name>:<id>): the ID is chosen when an execution starts, so only the prefix, this state machine's name, is known.",
      Action: ['states:DescribeExecution', 'states:StopExecution'],
      Resource: [`${STATES}:execution:${ref('StateMachineName')}:*`],
    },
    {
      // Approval tokens belong to the waves' child executions (Distributed Map).
      Sid: 'AnswerApprovals',
      WildcardReason:
        "Approval task tokens are issued by the waves' Distributed Map child workflows, whose state machine ARN is <this state machine's ARN>/<map run label>, a label Step Functions assigns at run time.",
      Action: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
      Resource: [ref('StateMachineArn'), `${STATES}:stateMachine:${ref('StateMachineName')}/*`],
    },
    {
      Sid: 'TerminateDrillInstances',
      WildcardReason:
        'Recovery instances are created by DRS when a drill launches, so their IDs are unknown when the policy is written; cleanup sends only the drill instances it finds in the history and in DRS; this account and Region only.',
      Action: ['drs:TerminateRecoveryInstances'],
      Resource: [`${DRS}:recovery-instance/*`],
    },
    {
      // No resource-level permissions: DescribeRecoveryInstances (what to terminate),
      // DescribeJobs (finding a terminate call whose answer was lost) and DescribeSourceServers
      // (a dependent action of TerminateRecoveryInstances).
      Sid: 'DescribeDrsInstances',
      WildcardReason: `drs:DescribeRecoveryInstances, drs:DescribeJobs and drs:DescribeSourceServers support no resource-level permissions (${DRS_SAR}): IAM takes only Resource "*" for them.`,
      Action: ['drs:DescribeRecoveryInstances', 'drs:DescribeJobs', 'drs:DescribeSourceServers'],
      Resource: ['*'],
    },
    {
      Sid: 'Ec2DescribeForDrsTerminate',
      WildcardReason: `EC2 Describe* actions support no resource-level permissions (${EC2_SAR}); DRS calls them with the caller's credentials for TerminateRecoveryInstances (dependent actions).`,
      Action: ['ec2:DescribeInstances', 'ec2:DescribeVolumes'],
      Resource: ['*'],
    },
    {
      // The dependent actions of TerminateRecoveryInstances, on DRS-managed resources only.
      Sid: 'Ec2TerminateDrsInstances',
      WildcardReason:
        'The recovery instances and volumes DRS terminates for TerminateRecoveryInstances (dependent actions), IDs unknown in advance; only through DRS (aws:ViaAWSService) and only resources tagged AWSElasticDisasterRecoveryManaged.',
      Action: ['ec2:TerminateInstances', 'ec2:DeleteVolume'],
      Resource: [`${EC2}:instance/*`, `${EC2}:volume/*`],
      Condition: managedResource,
    },
  ];
}

/** The API Lambda: the control plane, and its own logs. */
export function apiStatements(): StatementTemplate[] {
  return [logs, ...controlPlaneStatements()];
}

/**
 * A drill operator, through the control-plane API: starts drills (`POST /executions` takes
 * `DRILL` only), describes, approves, rejects, cancels and cleans up executions. Denied the
 * recovery route and a direct `states:StartExecution`, whatever else the role is granted: the
 * state machine itself cannot tell who may start a `RECOVERY`, so only the API's routes can.
 */
export function drillOperatorStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'StartDrills',
      Action: ['execute-api:Invoke'],
      Resource: [`${API}/POST/executions`],
    },
    {
      Sid: 'OperateExecutions',
      WildcardReason:
        'The execution and wave IDs in the paths are chosen when an execution starts; only the routes of this API and stage.',
      Action: ['execute-api:Invoke'],
      Resource: [
        `${API}/GET/executions/*`,
        `${API}/POST/executions/*/cancel`,
        `${API}/POST/executions/*/cleanup`,
        `${API}/POST/executions/*/waves/*/approve`,
        `${API}/POST/executions/*/waves/*/reject`,
      ],
    },
    {
      Sid: 'NeverStartRecoveries',
      Effect: 'Deny',
      Action: ['execute-api:Invoke', 'states:StartExecution'],
      Resource: [`${API}/POST/recoveries`, ref('StateMachineArn')],
    },
  ];
}

/**
 * The router with event-driven completion (`completion: 'events'`): resuming a wave that waits
 * for its launch results. A policy of its own, created after the state machine it names.
 */
export function routerEventDrivenStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'ResumeWavesOnLaunchResults',
      WildcardReason:
        "The waits for launch results are tasks of the waves' Distributed Map child workflows, whose state machine ARN is <this state machine's ARN>/<map run label>, a label Step Functions assigns at run time.",
      Action: ['states:SendTaskSuccess'],
      Resource: [ref('StateMachineArn'), `${STATES}:stateMachine:${ref('StateMachineName')}/*`],
    },
  ];
}

/**
 * The router with the scheduled readiness check (`evaluate_readiness`): publishing a plan's
 * readiness changes to the notification topic, and no other (the topic's key is the
 * deployment's, which the router uses already).
 *
 * @example
 * ```ts
 * import { drsWavesPolicies } from 'drs-waves';
 *
 * const [publish] = drsWavesPolicies().routerReadinessNotices;
 * publish?.Resource; // ['${TopicArn}']
 * ```
 */
export function routerReadinessNoticeStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'PublishReadinessChanges',
      Action: ['sns:Publish'],
      Resource: [ref('TopicArn')],
    },
  ];
}

/**
 * The role EventBridge Scheduler assumes to run the scheduled readiness check: invoking the
 * router, this function only (no version or alias), and nothing else.
 *
 * @example
 * ```ts
 * import { drsWavesPolicies } from 'drs-waves';
 *
 * const [invoke] = drsWavesPolicies().readinessScheduler;
 * invoke?.Action; // ['lambda:InvokeFunction']
 * ```
 */
export function readinessSchedulerStatements(): StatementTemplate[] {
  return [
    {
      Sid: 'InvokeRouterOnSchedule',
      Action: ['lambda:InvokeFunction'],
      Resource: [ref('RouterFunctionArn')],
    },
  ];
}

/**
 * The router with `accountRoles`: assuming the role of each account plans name, and only those
 * roles (their trust policies, from `examples/cloudformation/target-account.template.json`,
 * require the ExternalId too). Give it the role ARNs of the deployment's `accountRoles`; the
 * CDK construct does, and the CloudFormation template passes its `AccountRoleArns` parameter.
 *
 * @example
 * ```ts
 * import { accountRoleStatements } from 'drs-waves';
 *
 * const [assume] = accountRoleStatements(['arn:aws:iam::111122223333:role/drs-waves-target']);
 * assume?.Action; // ['sts:AssumeRole']
 * ```
 */
export function accountRoleStatements(roleArns: readonly string[]): StatementTemplate[] {
  return roleArns.length === 0
    ? []
    : [{ Sid: 'AssumeAccountRoles', Action: ['sts:AssumeRole'], Resource: [...roleArns] }];
}

/**
 * A recovery operator: everything a drill operator may do, and `POST /recoveries`, the one
 * route that starts a `RECOVERY` (still with `confirmRecovery` naming the plan).
 */
export function recoveryOperatorStatements(): StatementTemplate[] {
  return [
    ...drillOperatorStatements().filter((s) => s.Effect !== 'Deny'),
    {
      Sid: 'StartRecoveries',
      Action: ['execute-api:Invoke'],
      Resource: [`${API}/POST/recoveries`],
    },
  ];
}

/**
 * Every statement of a drs-waves deployment, by the role it belongs to.
 *
 * @example
 * ```ts
 * import type { DrsWavesPolicies } from 'drs-waves';
 *
 * const sids = (p: DrsWavesPolicies) => p.router.map((s) => s.Sid);
 * ```
 */
export interface DrsWavesPolicies {
  /** The router Lambda: plans, groups, history, and starting and following DRS jobs. */
  readonly router: readonly StatementTemplate[];
  /**
   * The router with event-driven completion: resuming waves (a policy created after the state
   * machine).
   */
  readonly routerEventDriven: readonly StatementTemplate[];
  /** The router with the scheduled readiness check: publishing readiness changes. */
  readonly routerReadinessNotices: readonly StatementTemplate[];
  /** EventBridge Scheduler's role for the scheduled readiness check: invoking the router. */
  readonly readinessScheduler: readonly StatementTemplate[];
  /** The state machine: invoking the router, publishing notices. */
  readonly stateMachine: readonly StatementTemplate[];
  /** The state machine's Distributed Map: its child executions (a policy created after it). */
  readonly distributedMap: readonly StatementTemplate[];
  /** The state machine's wave actions: action functions and SSM Automation runbooks (opt-in). */
  readonly waveActions: readonly StatementTemplate[];
  /** The state machine's log delivery to CloudWatch Logs. */
  readonly stateMachineLogDelivery: readonly StatementTemplate[];
  /** The state machine's X-Ray tracing. */
  readonly stateMachineTracing: readonly StatementTemplate[];
  /** The control plane (`createControlPlane`), run by the API Lambda. */
  readonly controlPlane: readonly StatementTemplate[];
  /** The API Lambda: the control plane and its own logs. */
  readonly api: readonly StatementTemplate[];
  /** An operator who may start drills, never a recovery. */
  readonly drillOperator: readonly StatementTemplate[];
  /** An operator who may start recoveries too. */
  readonly recoveryOperator: readonly StatementTemplate[];
}

/**
 * The IAM statements of every role of a drs-waves deployment, as data: CloudFormation `Fn::Sub`
 * templates naming {@link TEMPLATE_VARIABLES}. The CDK construct, the CloudFormation template
 * and the Terraform module are built from them; {@link renderStatements} fills them in for
 * anything else.
 *
 * @example
 * ```ts
 * import { drsWavesPolicies } from 'drs-waves';
 *
 * const { router } = drsWavesPolicies();
 * router.some((s) => s.Action.includes('drs:StartRecovery')); // true
 * ```
 */
export function drsWavesPolicies(): DrsWavesPolicies {
  return {
    router: routerStatements(),
    routerEventDriven: routerEventDrivenStatements(),
    routerReadinessNotices: routerReadinessNoticeStatements(),
    readinessScheduler: readinessSchedulerStatements(),
    stateMachine: stateMachineStatements(),
    distributedMap: distributedMapStatements(),
    waveActions: waveActionStatements(),
    stateMachineLogDelivery: stateMachineLogDeliveryStatements(),
    stateMachineTracing: stateMachineTracingStatements(),
    controlPlane: controlPlaneStatements(),
    api: apiStatements(),
    drillOperator: drillOperatorStatements(),
    recoveryOperator: recoveryOperatorStatements(),
  };
}

/**
 * A statement as IAM takes it: what {@link renderStatements} returns.
 *
 * @example
 * ```ts
 * import type { RenderedStatement } from 'drs-waves';
 *
 * const document = (Statement: RenderedStatement[]) => ({ Version: '2012-10-17', Statement });
 * ```
 */
export interface RenderedStatement {
  /** The statement's ID. */
  readonly Sid: string;
  /** `Allow`, or `Deny` for a guard. */
  readonly Effect: 'Allow' | 'Deny';
  /** The actions. */
  readonly Action: readonly string[];
  /** The resources, filled in. */
  readonly Resource: readonly string[];
  /** Conditions, as IAM takes them. */
  readonly Condition?: StatementTemplate['Condition'];
}

/**
 * What {@link renderStatements} fills in: the pseudo parameters, and the variables the
 * templates use (a template naming one that is absent is an error).
 *
 * @example
 * ```ts
 * import type { TemplateValues } from 'drs-waves';
 *
 * const values: TemplateValues = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };
 * ```
 */
export interface TemplateValues {
  /** `${AWS::Partition}`, such as `aws`. */
  readonly partition: string;
  /** `${AWS::Region}`. */
  readonly region: string;
  /** `${AWS::AccountId}`. */
  readonly accountId: string;
  /** The execution history table's ARN. */
  readonly HistoryTableArn?: string;
  /** The plans table's ARN. */
  readonly PlansTableArn?: string;
  /** The protection groups table's ARN. */
  readonly ProtectionGroupsTableArn?: string;
  /** The KMS key's ARN (tables and topic). */
  readonly KeyArn?: string;
  /** The notification topic's ARN. */
  readonly TopicArn?: string;
  /** The router function's ARN. */
  readonly RouterFunctionArn?: string;
  /** The state machine's ARN. */
  readonly StateMachineArn?: string;
  /** The state machine's name. */
  readonly StateMachineName?: string;
  /** The log group ARN of the function whose role the statements belong to. */
  readonly LogGroupArn?: string;
  /** The control-plane REST API's ID. */
  readonly ApiId?: string;
  /** The control-plane API's stage name. */
  readonly ApiStage?: string;
  /** The name prefix of the wave actions' Lambda functions. */
  readonly ActionFunctionPrefix?: string;
}

/**
 * Fills statement templates in with `values` (concrete ARNs, or another tool's references such
 * as Terraform's `${aws_dynamodb_table.history.arn}`): a policy document's `Statement`, without
 * `WildcardReason`.
 *
 * @throws `Error` naming the statement and the variable when a template names a variable
 * `values` lacks.
 *
 * @example
 * ```ts
 * import { drsWavesPolicies, renderStatements } from 'drs-waves';
 *
 * const statements = renderStatements(drsWavesPolicies().stateMachine, {
 *   partition: 'aws',
 *   region: 'eu-west-1',
 *   accountId: '123456789012',
 *   RouterFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:router',
 *   TopicArn: 'arn:aws:sns:eu-west-1:123456789012:drs-waves',
 *   KeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 * });
 * ```
 */
export function renderStatements(
  templates: readonly StatementTemplate[],
  values: TemplateValues,
): RenderedStatement[] {
  const pseudo: Record<string, string> = {
    'AWS::Partition': values.partition,
    'AWS::Region': values.region,
    'AWS::AccountId': values.accountId,
  };
  return templates.map((template) => ({
    Sid: template.Sid,
    Effect: template.Effect ?? 'Allow',
    Action: [...template.Action],
    Resource: template.Resource.map((text) =>
      text.replace(/\$\{([A-Za-z:]+)\}/g, (_, name: string) => {
        const value = pseudo[name] ?? values[name as TemplateVariable & keyof TemplateValues];
        if (value === undefined) {
          throw new Error(`No value for \${${name}} in statement ${template.Sid}`);
        }
        return value;
      }),
    ),
    ...(template.Condition ? { Condition: template.Condition } : {}),
  }));
}

/**
 * The variables a template names, in order of first use (pseudo parameters such as
 * `${AWS::Region}` are not variables).
 *
 * @example
 * ```ts
 * import { variablesOf } from 'drs-waves';
 *
 * variablesOf('${StateMachineArn}/*'); // ['StateMachineArn']
 * ```
 */
export function variablesOf(template: string): TemplateVariable[] {
  const names = [...template.matchAll(/\$\{([A-Za-z]+)\}/g)].map((m) => m[1]);
  return [...new Set(names)].filter((n): n is TemplateVariable =>
    (TEMPLATE_VARIABLES as readonly string[]).includes(n ?? ''),
  );
}
