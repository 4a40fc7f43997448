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
            Default: 'StartWave',
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
            Next: 'StartWave',
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
                Next: 'WaveCompleted',
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
                Next: 'WaveCompleted',
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
            Next: 'WaveFailed',
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
