/**
 * The whole definition buildPollingStateMachine must return for
 * `{ lambdaArn: ROUTER_ARN }`: the contract, reviewed state by state. Variants in the tests
 * are derived from it by the change each option must make.
 */
export const ROUTER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router';

export const EXPECTED_DEFAULT_DEFINITION = {
  Comment: 'drs-waves: recover a plan in waves with AWS Elastic Disaster Recovery',
  QueryLanguage: 'JSONPath',
  StartAt: 'BeginExecution',
  States: {
    BeginExecution: {
      Type: 'Task',
      Comment: 'Validate the input, load the plan, record the execution and its stages',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
        Payload: {
          action: 'begin_execution',
          'executionId.$': '$$.Execution.Name',
          'input.$': '$',
          pollIntervalSeconds: 30,
          defaultWaveTimeoutSeconds: 14400,
        },
      },
      ResultSelector: {
        'executionId.$': '$.Payload.executionId',
        'executionType.$': '$.Payload.executionType',
        'planId.$': '$.Payload.planId',
        'stageCount.$': '$.Payload.stageCount',
      },
      ResultPath: '$.execution',
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
            'Lambda.ClientExecutionTimeoutException',
            'Lambda.TooManyRequestsException',
            'Sandbox.Timedout',
            'Lambda.Unknown',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
        {
          ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
          IntervalSeconds: 10,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          ResultPath: '$.failure',
          Next: 'InvalidExecution',
        },
      ],
      Next: 'StartFirstStage',
    },
    InvalidExecution: {
      Type: 'Fail',
      Comment: 'The input or the plan was refused; nothing was started',
      ErrorPath: '$.failure.Error',
      CausePath: '$.failure.Cause',
    },
    StartFirstStage: {
      Type: 'Pass',
      Result: {
        index: 0,
        failed: false,
        ended: 0,
        size: 0,
      },
      ResultPath: '$.cursor',
      Next: 'HasNextStage',
    },
    HasNextStage: {
      Type: 'Choice',
      Choices: [
        {
          Variable: '$.cursor.failed',
          BooleanEquals: true,
          Next: 'StageFailed',
        },
        {
          Not: {
            Variable: '$.cursor.ended',
            NumericEqualsPath: '$.cursor.size',
          },
          Next: 'StageFailed',
        },
        {
          Variable: '$.cursor.index',
          NumericLessThanPath: '$.execution.stageCount',
          Next: 'LoadStage',
        },
      ],
      Default: 'FinishSucceeded',
    },
    LoadStage: {
      Type: 'Task',
      Comment: 'The waves of this stage, as recorded: the state never holds the whole plan',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
        Payload: {
          action: 'load_stage',
          'executionId.$': '$.execution.executionId',
          'stageIndex.$': '$.cursor.index',
        },
      },
      ResultSelector: { 'index.$': '$.Payload.index', 'waves.$': '$.Payload.waves' },
      ResultPath: '$.cursor',
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
            'Lambda.ClientExecutionTimeoutException',
            'Lambda.TooManyRequestsException',
            'Sandbox.Timedout',
            'Lambda.Unknown',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
        {
          ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
          IntervalSeconds: 10,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'FinishFailed' }],
      Next: 'RunStage',
    },
    RunStage: {
      Type: 'Map',
      Comment: 'The waves of one stage, each a child execution with its own history',
      ItemsPath: '$.cursor.waves',
      ItemSelector: {
        'executionId.$': '$.execution.executionId',
        'executionType.$': '$.execution.executionType',
        'wave.$': '$$.Map.Item.Value',
      },
      MaxConcurrency: 5,
      ToleratedFailurePercentage: 100,
      ItemProcessor: {
        ProcessorConfig: {
          Mode: 'DISTRIBUTED',
          ExecutionType: 'STANDARD',
        },
        StartAt: 'NeedsApproval',
        States: {
          NeedsApproval: {
            Type: 'Choice',
            Choices: [
              {
                Variable: '$.wave.requireApproval',
                BooleanEquals: true,
                Next: 'RequestApproval',
              },
            ],
            Default: 'HasBeforeActions',
          },
          RequestApproval: {
            Type: 'Task',
            Comment: 'Wait for SendTaskSuccess (approve) or SendTaskFailure (reject)',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'request_approval',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'taskToken.$': '$$.Task.Token',
              },
            },
            ResultPath: null,
            TimeoutSeconds: 86400,
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'RecordWaveFailure',
              },
            ],
            Next: 'HasBeforeActions',
          },
          StartWave: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'start_wave',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'executionType.$': '$.executionType',
              },
            },
            ResultSelector: {
              'status.$': '$.Payload.status',
              'serverCount.$': '$.Payload.serverCount',
              'jobCount.$': '$.Payload.jobCount',
              pollCount: 0,
            },
            ResultPath: '$.status',
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'RecordWaveFailure',
              },
            ],
            Next: 'StartOutcome',
          },
          StartOutcome: {
            Type: 'Choice',
            Choices: [
              {
                Variable: '$.status.status',
                StringEquals: 'FAILED',
                Next: 'StartRefused',
              },
              {
                Variable: '$.status.status',
                StringEquals: 'COMPLETED',
                Next: 'HasAfterActions',
              },
            ],
            Default: 'WaitForPoll',
          },
          StartRefused: {
            Type: 'Pass',
            Comment: 'DRS refused a job: the wave fails, it never waits and counts as success',
            Result: {
              Error: 'WaveFailed',
              Cause: 'DRS refused to start the wave',
            },
            ResultPath: '$.failure',
            Next: 'RecordWaveFailure',
          },
          WaitForPoll: {
            Type: 'Wait',
            Seconds: 30,
            Next: 'CheckWaveStatus',
          },
          CheckWaveStatus: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'check_wave_status',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'timeoutSeconds.$': '$.wave.timeoutSeconds',
                'requirePostLaunchActions.$': '$.wave.requirePostLaunchActions',
                'pollCount.$': 'States.MathAdd($.status.pollCount, 1)',
              },
            },
            ResultSelector: {
              'status.$': '$.Payload.status',
              'total.$': '$.Payload.total',
              'launched.$': '$.Payload.launched',
              'failed.$': '$.Payload.failed',
              'pending.$': '$.Payload.pending',
              'pollCount.$': '$.Payload.pollCount',
            },
            ResultPath: '$.status',
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'RecordWaveFailure',
              },
            ],
            Next: 'WaveOutcome',
          },
          WaveOutcome: {
            Type: 'Choice',
            Choices: [
              {
                Variable: '$.status.status',
                StringEquals: 'COMPLETED',
                Next: 'HasAfterActions',
              },
              {
                Variable: '$.status.status',
                StringEquals: 'FAILED',
                Next: 'WaveFailedStatus',
              },
              {
                Variable: '$.status.status',
                StringEquals: 'TIMED_OUT',
                Next: 'WaveTimedOut',
              },
              {
                Variable: '$.status.pollCount',
                NumericGreaterThanEqualsPath: '$.wave.maxPolls',
                Next: 'WaveTimedOut',
              },
            ],
            Default: 'WaitForPoll',
          },
          WaveFailedStatus: {
            Type: 'Pass',
            Result: {
              Error: 'WaveFailed',
              Cause: 'A critical server of the wave failed',
            },
            ResultPath: '$.failure',
            Next: 'RecordWaveFailure',
          },
          WaveTimedOut: {
            Type: 'Pass',
            Result: {
              Error: 'WaveTimeout',
              Cause: 'The wave did not finish within its timeout',
            },
            ResultPath: '$.failure',
            Next: 'RecordWaveFailure',
          },
          RecordWaveFailure: {
            Type: 'Task',
            Comment:
              'Record the failure in the history before failing; the answer names the servers',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'record_wave_failure',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'failure.$': '$.failure',
              },
            },
            ResultSelector: {
              'error.$': '$.Payload.error',
              'cause.$': '$.Payload.cause',
            },
            ResultPath: '$.failed',
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'WaveFailed',
              },
            ],
            Next: 'DecidesFailure',
          },
          DecidesFailure: {
            Type: 'Choice',
            Choices: [
              {
                And: [
                  {
                    Variable: '$.wave.decideOnFailure',
                    IsPresent: true,
                  },
                  {
                    Variable: '$.wave.decideOnFailure',
                    BooleanEquals: true,
                  },
                  {
                    Not: {
                      Variable: '$.failed.error',
                      StringEquals: 'ApprovalRejected',
                    },
                  },
                ],
                Next: 'AwaitDecision',
              },
            ],
            Default: 'WaveFailed',
          },
          AwaitDecision: {
            Type: 'Task',
            Comment: 'Wait for the decision: SendTaskSuccess with RETRY, SKIP or ABORT',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'request_decision',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'taskToken.$': '$$.Task.Token',
                failure: {
                  'Error.$': '$.failed.error',
                  'Cause.$': '$.failed.cause',
                },
              },
            },
            ResultSelector: {
              'decision.$': '$.decision',
              'attempt.$': '$.attempt',
            },
            ResultPath: '$.decision',
            TimeoutSecondsPath: '$.wave.decisionTimeoutSeconds',
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.Timeout'],
                ResultPath: '$.decisionError',
                Next: 'DecisionTimedOut',
              },
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'WaveFailed',
              },
            ],
            Next: 'DecisionOutcome',
          },
          DecisionOutcome: {
            Type: 'Choice',
            Choices: [
              {
                And: [
                  { Variable: '$.decision.decision', StringEquals: 'RETRY' },
                  { Variable: '$.decision.attempt', NumericLessThan: 3 },
                ],
                Next: 'RetryWave',
              },
              {
                Variable: '$.decision.decision',
                StringEquals: 'SKIP',
                Next: 'SkipWave',
              },
            ],
            Default: 'WaveFailed',
          },
          RetryWave: {
            Type: 'Task',
            Comment:
              "The wave's failed critical servers, as new DRS jobs: a new attempt, followed again",
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'retry_wave',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'executionType.$': '$.executionType',
                'attempt.$': 'States.MathAdd($.decision.attempt, 1)',
              },
            },
            ResultSelector: {
              'status.$': '$.Payload.status',
              'serverCount.$': '$.Payload.serverCount',
              'jobCount.$': '$.Payload.jobCount',
              pollCount: 0,
            },
            ResultPath: '$.status',
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'RecordWaveFailure',
              },
            ],
            Next: 'StartOutcome',
          },
          SkipWave: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'skip_wave',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
              },
            },
            ResultPath: null,
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'WaveFailed',
              },
            ],
            Next: 'WaveSkipped',
          },
          DecisionTimedOut: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'expire_decision',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
              },
            },
            ResultPath: null,
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'WaveFailed',
              },
            ],
            Next: 'WaveFailed',
          },
          WaveSkipped: {
            Type: 'Pass',
            Comment: 'Skipped by an operator (recorded): the stage goes on without the wave',
            Parameters: {
              'waveId.$': '$.wave.waveId',
              status: 'SKIPPED',
            },
            End: true,
          },

          HasBeforeActions: {
            Type: 'Choice',
            Choices: [
              {
                Variable: '$.wave.beforeActions',
                IsPresent: true,
                Next: 'StartBeforeActions',
              },
            ],
            Default: 'StartWave',
          },
          StartBeforeActions: {
            Type: 'Pass',
            Result: {
              phase: 'before',
              index: 0,
            },
            ResultPath: '$.actionStep',
            Next: 'NextAction',
          },
          HasAfterActions: {
            Type: 'Choice',
            Choices: [
              {
                Variable: '$.wave.afterActions',
                IsPresent: true,
                Next: 'StartAfterActions',
              },
            ],
            Default: 'WaveCompleted',
          },
          StartAfterActions: {
            Type: 'Pass',
            Result: {
              phase: 'after',
              index: 0,
            },
            ResultPath: '$.actionStep',
            Next: 'NextAction',
          },
          NextAction: {
            Type: 'Task',
            Comment: 'The action at the cursor, as the execution began with it; its start recorded',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'next_action',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'phase.$': '$.actionStep.phase',
                'index.$': '$.actionStep.index',
              },
            },
            ResultSelector: {
              'next.$': '$.Payload',
            },
            ResultPath: '$.action',
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'RecordWaveFailure',
              },
            ],
            Next: 'ActionKind',
          },
          ActionKind: {
            Type: 'Choice',
            Choices: [
              {
                And: [
                  {
                    Variable: '$.action.next.done',
                    BooleanEquals: true,
                  },
                  {
                    Variable: '$.actionStep.phase',
                    StringEquals: 'before',
                  },
                ],
                Next: 'StartWave',
              },
              {
                Variable: '$.action.next.done',
                BooleanEquals: true,
                Next: 'WaveCompleted',
              },
              {
                Variable: '$.action.next.type',
                StringEquals: 'lambda',
                Next: 'InvokeLambdaAction',
              },
              {
                Variable: '$.action.next.type',
                StringEquals: 'ssmAutomation',
                Next: 'StartAutomation',
              },
              {
                Variable: '$.action.next.type',
                StringEquals: 'wait',
                Next: 'WaitAction',
              },
              {
                Variable: '$.action.next.type',
                StringEquals: 'approval',
                Next: 'ApprovalAction',
              },
            ],
            Default: 'UnknownAction',
          },
          UnknownAction: {
            Type: 'Pass',
            Comment: 'A router newer than this machine answered an action type it cannot run',
            Result: {
              Error: 'ActionFailed',
              Cause: 'The state machine cannot run this action type',
            },
            ResultPath: '$.failure',
            Next: 'RecordWaveFailure',
          },
          InvokeLambdaAction: {
            Type: 'Task',
            Comment: "The action's function, with the execution, the wave and its servers",
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              'FunctionName.$': '$.action.next.functionArn',
              'Payload.$': '$.action.next.payload',
            },
            TimeoutSecondsPath: '$.action.next.timeoutSeconds',
            ResultPath: null,
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.Timeout'],
                ResultPath: '$.actionError',
                Next: 'ActionTimedOut',
              },
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.actionError',
                Next: 'ActionFailed',
              },
            ],
            Next: 'ActionSucceeded',
          },
          StartAutomation: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:ssm:startAutomationExecution',
            Parameters: {
              'ClientToken.$': '$.action.next.clientToken',
              'DocumentName.$': '$.action.next.documentName',
              'DocumentVersion.$': '$.action.next.documentVersion',
              'Parameters.$': '$.action.next.parameters',
              Tags: [
                {
                  Key: 'drs-waves:execution',
                  'Value.$': '$.executionId',
                },
                {
                  Key: 'drs-waves:wave',
                  'Value.$': '$.wave.waveId',
                },
              ],
            },
            ResultSelector: {
              'id.$': '$.AutomationExecutionId',
              checks: 0,
            },
            ResultPath: '$.automation',
            Retry: [
              {
                ErrorEquals: ['Ssm.ThrottlingException', 'Ssm.InternalServerErrorException'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.actionError',
                Next: 'ActionFailed',
              },
            ],
            Next: 'WaitForAutomation',
          },
          WaitForAutomation: {
            Type: 'Wait',
            Seconds: 15,
            Next: 'CheckAutomation',
          },
          CheckAutomation: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:ssm:getAutomationExecution',
            Parameters: {
              'AutomationExecutionId.$': '$.automation.id',
            },
            ResultSelector: {
              'status.$': '$.AutomationExecution.AutomationExecutionStatus',
            },
            ResultPath: '$.automationStatus',
            Retry: [
              {
                ErrorEquals: ['Ssm.ThrottlingException', 'Ssm.InternalServerErrorException'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.actionError',
                Next: 'ActionFailed',
              },
            ],
            Next: 'AutomationOutcome',
          },
          AutomationOutcome: {
            Type: 'Choice',
            Choices: [
              {
                Or: [
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'Success',
                  },
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'CompletedWithSuccess',
                  },
                ],
                Next: 'ActionSucceeded',
              },
              {
                Or: [
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'Failed',
                  },
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'Cancelled',
                  },
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'TimedOut',
                  },
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'Rejected',
                  },
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'CompletedWithFailure',
                  },
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'ChangeCalendarOverrideRejected',
                  },
                  {
                    Variable: '$.automationStatus.status',
                    StringEquals: 'Exited',
                  },
                ],
                Next: 'AutomationFailed',
              },
              {
                Variable: '$.automation.checks',
                NumericGreaterThanEqualsPath: '$.action.next.maxPolls',
                Next: 'StopAutomation',
              },
            ],
            Default: 'CountAutomationCheck',
          },
          CountAutomationCheck: {
            Type: 'Pass',
            Parameters: {
              'id.$': '$.automation.id',
              'checks.$': 'States.MathAdd($.automation.checks, 1)',
            },
            ResultPath: '$.automation',
            Next: 'WaitForAutomation',
          },
          AutomationFailed: {
            Type: 'Pass',
            Parameters: {
              Error: 'AutomationFailed',
              'Cause.$':
                "States.Format('Automation {} ended {}', $.automation.id, $.automationStatus.status)",
            },
            ResultPath: '$.actionError',
            Next: 'ActionFailed',
          },
          StopAutomation: {
            Type: 'Task',
            Comment:
              'Past its timeout: stop the runbook (a failed stop still times the action out)',
            Resource: 'arn:aws:states:::aws-sdk:ssm:stopAutomationExecution',
            Parameters: {
              'AutomationExecutionId.$': '$.automation.id',
            },
            ResultPath: null,
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.stopError',
                Next: 'ActionTimedOut',
              },
            ],
            Next: 'ActionTimedOut',
          },
          WaitAction: {
            Type: 'Wait',
            SecondsPath: '$.action.next.seconds',
            Next: 'ActionSucceeded',
          },
          ApprovalAction: {
            Type: 'Task',
            Comment: 'Wait for SendTaskSuccess (approve) or SendTaskFailure (reject)',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'request_approval',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'taskToken.$': '$$.Task.Token',
              },
            },
            ResultPath: null,
            TimeoutSecondsPath: '$.action.next.timeoutSeconds',
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.Timeout'],
                ResultPath: '$.actionError',
                Next: 'ActionTimedOut',
              },
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.actionError',
                Next: 'ActionFailed',
              },
            ],
            Next: 'ActionSucceeded',
          },
          ActionSucceeded: {
            Type: 'Pass',
            Result: {
              outcome: 'SUCCEEDED',
            },
            ResultPath: '$.actionEnd',
            Next: 'RecordAction',
          },
          ActionFailed: {
            Type: 'Pass',
            Parameters: {
              outcome: 'FAILED',
              'failure.$': '$.actionError',
            },
            ResultPath: '$.actionEnd',
            Next: 'RecordAction',
          },
          ActionTimedOut: {
            Type: 'Pass',
            Result: {
              outcome: 'TIMED_OUT',
              failure: {
                Error: 'States.Timeout',
                Cause: 'The action did not end within its timeout',
              },
            },
            ResultPath: '$.actionEnd',
            Next: 'RecordAction',
          },
          RecordAction: {
            Type: 'Task',
            Comment: 'Record how the action ended; its onFailure says whether the wave goes on',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
              Payload: {
                action: 'record_action',
                'executionId.$': '$.executionId',
                'waveId.$': '$.wave.waveId',
                'phase.$': '$.actionStep.phase',
                'index.$': '$.actionStep.index',
                'end.$': '$.actionEnd',
              },
            },
            ResultSelector: {
              'result.$': '$.Payload',
            },
            ResultPath: '$.actionVerdict',
            Retry: [
              {
                ErrorEquals: [
                  'Lambda.ServiceException',
                  'Lambda.AWSLambdaException',
                  'Lambda.SdkClientException',
                  'Lambda.ClientExecutionTimeoutException',
                  'Lambda.TooManyRequestsException',
                  'Sandbox.Timedout',
                  'Lambda.Unknown',
                ],
                IntervalSeconds: 2,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
              {
                ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
                IntervalSeconds: 10,
                MaxAttempts: 6,
                BackoffRate: 2,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                ResultPath: '$.failure',
                Next: 'RecordWaveFailure',
              },
            ],
            Next: 'ActionVerdict',
          },
          ActionVerdict: {
            Type: 'Choice',
            Choices: [
              {
                Variable: '$.actionVerdict.result.verdict',
                StringEquals: 'FAIL',
                Next: 'ActionFailsWave',
              },
            ],
            Default: 'NextActionStep',
          },
          ActionFailsWave: {
            Type: 'Pass',
            Parameters: {
              'Error.$': '$.actionVerdict.result.error',
              'Cause.$': '$.actionVerdict.result.cause',
            },
            ResultPath: '$.failure',
            Next: 'RecordWaveFailure',
          },
          NextActionStep: {
            Type: 'Pass',
            Parameters: {
              'phase.$': '$.actionStep.phase',
              'index.$': 'States.MathAdd($.actionStep.index, 1)',
            },
            ResultPath: '$.actionStep',
            Next: 'NextAction',
          },
          WaveFailed: {
            Type: 'Pass',
            Comment: 'The failure is recorded: the stage fails once its other waves have ended',
            Parameters: {
              'waveId.$': '$.wave.waveId',
              status: 'FAILED',
            },
            End: true,
          },
          WaveCompleted: {
            Type: 'Pass',
            Parameters: {
              'waveId.$': '$.wave.waveId',
              status: 'COMPLETED',
            },
            End: true,
          },
        },
      },
      Label: 'Wave',
      ResultSelector: {
        'statuses.$': '$[*].status',
      },
      ResultPath: '$.stage',
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          ResultPath: '$.failure',
          Next: 'FinishFailed',
        },
      ],
      Next: 'AdvanceStage',
    },
    AdvanceStage: {
      Type: 'Pass',
      Parameters: {
        'index.$': 'States.MathAdd($.cursor.index, 1)',
        'failed.$': "States.ArrayContains($.stage.statuses, 'FAILED')",
        'ended.$': 'States.ArrayLength($.stage.statuses)',
        'size.$': 'States.ArrayLength($.cursor.waves)',
      },
      ResultPath: '$.cursor',
      Next: 'HasNextStage',
    },
    StageFailed: {
      Type: 'Pass',
      Comment: 'A wave of the stage failed (recorded); its other waves ran to their end',
      Result: {
        Error: 'WaveFailed',
        Cause: 'A wave of the stage failed',
      },
      ResultPath: '$.failure',
      Next: 'FinishFailed',
    },
    FinishSucceeded: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
        Payload: {
          action: 'finish_execution',
          'executionId.$': '$.execution.executionId',
          status: 'SUCCEEDED',
        },
      },
      ResultPath: null,
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
            'Lambda.ClientExecutionTimeoutException',
            'Lambda.TooManyRequestsException',
            'Sandbox.Timedout',
            'Lambda.Unknown',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
        {
          ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
          IntervalSeconds: 10,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      Next: 'ExecutionSucceeded',
    },
    ExecutionSucceeded: {
      Type: 'Succeed',
    },
    FinishFailed: {
      Type: 'Task',
      Comment: 'Record the failure; the answer names the failed wave and its servers',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-router',
        Payload: {
          action: 'finish_execution',
          'executionId.$': '$.execution.executionId',
          status: 'FAILED',
          'failure.$': '$.failure',
        },
      },
      ResultSelector: {
        'error.$': '$.Payload.error',
        'cause.$': '$.Payload.cause',
      },
      ResultPath: '$.failed',
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
            'Lambda.ClientExecutionTimeoutException',
            'Lambda.TooManyRequestsException',
            'Sandbox.Timedout',
            'Lambda.Unknown',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
        {
          ErrorEquals: ['DrsRetryableError', 'HistoryUnavailableError'],
          IntervalSeconds: 10,
          MaxAttempts: 6,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      Next: 'ExecutionFailed',
    },
    ExecutionFailed: {
      Type: 'Fail',
      ErrorPath: '$.failed.error',
      CausePath: '$.failed.cause',
    },
  },
} as const;
