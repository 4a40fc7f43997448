import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import {
  buildPollingStateMachine,
  isInvalidOptionsError,
  type PollingStateMachineOptions,
  type StateMachineDefinition,
} from '../../src/index';
import { EXPECTED_DEFAULT_DEFINITION, ROUTER_ARN } from './expectedDefinition';

type Json = Record<string, unknown>;
/** A task of SSM Automation (a wave action's runbook). */
const isSsm = (s: Json) => String(s.Resource).startsWith('arn:aws:states:::aws-sdk:ssm:');
const clone = (): Json => structuredClone(EXPECTED_DEFAULT_DEFINITION) as unknown as Json;
const states = (def: Json): Json => def.States as Json;
const waveStates = (def: Json): Json =>
  ((states(def).RunStage as Json).ItemProcessor as Json).States as Json;

/** asl-validator mutates its input: give it a copy. */
function expectValid(definition: StateMachineDefinition): void {
  const { isValid, errorsText } = validator(structuredClone(definition) as never);
  expect(isValid, errorsText?.('\n')).toBe(true);
}

const build = (options: Partial<PollingStateMachineOptions> = {}) =>
  buildPollingStateMachine({ lambdaArn: ROUTER_ARN, ...options });

/** Every state name and reference renamed with a prefix. */
function withPrefix(def: Json, prefix: string): Json {
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename);
    if (typeof value !== 'object' || value === null) return value;
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'Next' || key === 'Default' || key === 'StartAt') && typeof v === 'string') {
        out[key] = prefix + v;
      } else if (key === 'States') {
        out[key] = Object.fromEntries(
          Object.entries(v as Json).map(([n, s]) => [prefix + n, rename(s)]),
        );
      } else {
        out[key] = rename(v);
      }
    }
    return out;
  };
  return rename(def) as Json;
}

describe('buildPollingStateMachine', () => {
  it('builds the whole default definition, valid ASL', () => {
    const definition = build();
    expect(definition).toStrictEqual(EXPECTED_DEFAULT_DEFINITION);
    expectValid(definition);
  });

  it('fixes the seed design: map context, failed start, bounded polls, retries, small state', () => {
    const def = clone();
    const map = states(def).RunStage as Json;
    // The execution context reaches each wave through ItemSelector, not `$.execution_id`.
    expect(map.ItemSelector).toStrictEqual({
      'executionId.$': '$.execution.executionId',
      'executionType.$': '$.execution.executionType',
      'wave.$': '$$.Map.Item.Value',
    });
    expect(map).not.toHaveProperty('Iterator');
    const wave = waveStates(def);
    expect((wave.StartOutcome as Json).Choices).toContainEqual({
      Variable: '$.status.status',
      StringEquals: 'FAILED',
      Next: 'StartRefused',
    });
    expect((wave.WaveOutcome as Json).Choices).toContainEqual({
      Variable: '$.status.pollCount',
      NumericGreaterThanEqualsPath: '$.wave.maxPolls',
      Next: 'WaveTimedOut',
    });
    // A poll is three transitions: Wait, Task, Choice (the router counts the polls).
    expect((wave.WaitForPoll as Json).Next).toBe('CheckWaveStatus');
    expect((wave.CheckWaveStatus as Json).Next).toBe('WaveOutcome');
    expect((wave.WaveOutcome as Json).Default).toBe('WaitForPoll');
    expect((wave.WaveTimedOut as Json).Result).toStrictEqual({
      Error: 'WaveTimeout',
      Cause: 'The wave did not finish within its timeout',
    });
    // Every router call retries the Lambda service errors; every failure is recorded first.
    const tasks = [...Object.values(states(def)), ...Object.values(wave)].filter(
      (s) =>
        (s as Json).Type === 'Task' &&
        ((s as Json).Parameters as Json | undefined)?.FunctionName === ROUTER_ARN,
    ) as Json[];
    // 11, and the four of a failure decision: request, retry, skip, time out.
    expect(tasks.length).toBe(15);
    for (const task of tasks) {
      expect((task.Retry as Json[])[0]?.ErrorEquals).toContain('Lambda.TooManyRequestsException');
    }
    // A failed wave ends its child with status FAILED (not a Fail state, which would stop the
    // other waves of the stage); the stage then fails the execution.
    expect(wave.WaveFailed).toMatchObject({
      Type: 'Pass',
      Parameters: { 'waveId.$': '$.wave.waveId', status: 'FAILED' },
      End: true,
    });
    expect(states(def).AdvanceStage).toMatchObject({
      Parameters: { 'failed.$': "States.ArrayContains($.stage.statuses, 'FAILED')" },
    });
    // State carries no server lists: only IDs, settings and counts.
    expect(JSON.stringify(def)).not.toMatch(/\.servers|participatingServers|sourceServer/);
  });

  it('prefixes every state name and reference', () => {
    const definition = build({ statePrefix: 'Dr' });
    expect(definition).toStrictEqual(withPrefix(clone(), 'Dr'));
    expectValid(definition);
  });

  it.each<[string, Partial<PollingStateMachineOptions>, (def: Json) => void]>([
    [
      'pollIntervalSeconds',
      { pollIntervalSeconds: 60 },
      (def) => {
        (
          (states(def).BeginExecution as Json).Parameters as { Payload: Json }
        ).Payload.pollIntervalSeconds = 60;
        (waveStates(def).WaitForPoll as Json).Seconds = 60;
      },
    ],
    [
      'defaultWaveTimeoutSeconds',
      { defaultWaveTimeoutSeconds: 3600 },
      (def) => {
        (
          (states(def).BeginExecution as Json).Parameters as { Payload: Json }
        ).Payload.defaultWaveTimeoutSeconds = 3600;
      },
    ],
    [
      'wavesInParallel',
      { wavesInParallel: 2 },
      (def) => {
        (states(def).RunStage as Json).MaxConcurrency = 2;
      },
    ],
    [
      'approvalTimeoutSeconds',
      { approvalTimeoutSeconds: 600 },
      (def) => {
        (waveStates(def).RequestApproval as Json).TimeoutSeconds = 600;
      },
    ],
    [
      'comment',
      { comment: 'Payments DR' },
      (def) => {
        def.Comment = 'Payments DR';
      },
    ],
    [
      'executionTimeoutSeconds',
      { executionTimeoutSeconds: 86_400 },
      (def) => {
        const { Comment, QueryLanguage, StartAt, States } = def;
        for (const key of Object.keys(def)) delete def[key];
        Object.assign(def, { Comment, QueryLanguage, StartAt, TimeoutSeconds: 86_400, States });
      },
    ],
    [
      'approvalWaveIds',
      { approvalWaveIds: ['web', 'batch'] },
      (def) => {
        (waveStates(def).NeedsApproval as Json).Choices = [
          {
            Or: [
              { Variable: '$.wave.requireApproval', BooleanEquals: true },
              { Variable: '$.wave.waveId', StringEquals: 'web' },
              { Variable: '$.wave.waveId', StringEquals: 'batch' },
            ],
            Next: 'RequestApproval',
          },
        ];
      },
    ],
    [
      'lambdaRetry: false',
      { lambdaRetry: false },
      (def) => {
        for (const s of [
          ...Object.values(states(def)),
          ...Object.values(waveStates(def)),
        ] as Json[]) {
          // The SSM tasks retry only SSM's transient errors; a wave action's function, only Lambda's.
          if (s.Type !== 'Task' || s.Retry === undefined || isSsm(s)) continue;
          const rest = (s.Retry as Json[]).slice(1);
          if (rest.length > 0) s.Retry = rest;
          else delete s.Retry;
        }
      },
    ],
    [
      'lambdaRetry and transientRetry',
      {
        lambdaRetry: { intervalSeconds: 1, maxAttempts: 3, backoffRate: 1.5 },
        transientRetry: { intervalSeconds: 30, maxAttempts: 10, backoffRate: 1 },
      },
      (def) => {
        for (const s of [
          ...Object.values(states(def)),
          ...Object.values(waveStates(def)),
        ] as Json[]) {
          if (s.Type !== 'Task' || s.Retry === undefined) continue;
          const transientOnly = { IntervalSeconds: 30, MaxAttempts: 10, BackoffRate: 1 };
          if (isSsm(s)) {
            Object.assign((s.Retry as Json[])[0] as Json, transientOnly);
            continue;
          }
          const [lambda, transient] = s.Retry as Json[];
          Object.assign(lambda as Json, { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1.5 });
          if (transient) Object.assign(transient, transientOnly);
        }
      },
    ],
  ])('applies %s', (_name, options, change) => {
    const expected = clone();
    change(expected);
    const definition = build(options);
    expect(definition).toStrictEqual(expected);
    expectValid(definition);
  });

  it('adds SNS notices that never fail a wave when a topic is given', () => {
    const topic = 'arn:aws:sns:us-east-1:123456789012:drs-waves';
    const expected = clone();
    const notice = (subject: string, message: string, next: string) => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: topic, Subject: subject, 'Message.$': message },
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notificationError', Next: next }],
      Next: next,
    });
    const wave = waveStates(expected);
    // The wave starts, or completes, once its actions before, or after, the launch have run.
    (wave.HasBeforeActions as Json).Default = 'NotifyWaveStarting';
    (wave.HasAfterActions as Json).Default = 'NotifyWaveCompleted';
    const kinds = (wave.ActionKind as Json).Choices as Json[];
    (kinds[0] as Json).Next = 'NotifyWaveStarting';
    (kinds[1] as Json).Next = 'NotifyWaveCompleted';
    (wave.RecordWaveFailure as Json).Next = 'NotifyWaveFailed';
    wave.NotifyWaveStarting = notice(
      'drs-waves: wave starting',
      "States.Format('Wave {} of execution {} is starting ({})', $.wave.waveId, $.executionId, $.executionType)",
      'StartWave',
    );
    wave.NotifyWaveFailed = notice(
      'drs-waves: wave failed',
      "States.Format('Wave {} of execution {} failed: {}', $.wave.waveId, $.executionId, $.failed.cause)",
      'DecidesFailure',
    );
    wave.NotifyWaveCompleted = notice(
      'drs-waves: wave completed',
      "States.Format('Wave {} of execution {} completed', $.wave.waveId, $.executionId)",
      'WaveCompleted',
    );
    (states(expected).FinishFailed as Json).Next = 'NotifyExecutionFailed';
    states(expected).NotifyExecutionFailed = notice(
      'drs-waves: execution failed',
      "States.Format('Execution {} of plan {} failed: {}', $.execution.executionId, $.execution.planId, $.failed.cause)",
      'ExecutionFailed',
    );
    const definition = build({ notificationTopicArn: topic });
    // Key order is irrelevant to Step Functions: compare states as sets of named states.
    expect(definition).toEqual(expected);
    expect(Object.keys(waveStates(definition as unknown as Json)).sort()).toStrictEqual(
      Object.keys(wave).sort(),
    );
    expectValid(definition);
  });

  it('checks readiness before the first stage with readinessCheck: a refused RECOVERY fails', () => {
    const expected = clone();
    (states(expected).BeginExecution as Json).Next = 'CheckReadiness';
    const retry = (states(expected).LoadStage as Json).Retry;
    states(expected).CheckReadiness = {
      Type: 'Task',
      Comment:
        "The plan against live DRS before any job: recorded; a RECOVERY that isn't ready stops",
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: ROUTER_ARN,
        Payload: { action: 'check_readiness', 'executionId.$': '$.execution.executionId' },
      },
      ResultSelector: { 'refused.$': '$.Payload.refused', 'cause.$': '$.Payload.cause' },
      ResultPath: '$.readiness',
      Retry: retry,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'FinishFailed' }],
      Next: 'ReadinessOutcome',
    };
    states(expected).ReadinessOutcome = {
      Type: 'Choice',
      Choices: [{ Variable: '$.readiness.refused', BooleanEquals: true, Next: 'ReadinessBlocked' }],
      Default: 'StartFirstStage',
    };
    states(expected).ReadinessBlocked = {
      Type: 'Pass',
      Parameters: { Error: 'ReadinessBlocked', 'Cause.$': '$.readiness.cause' },
      ResultPath: '$.failure',
      Next: 'FinishFailed',
    };
    const definition = build({ readinessCheck: true });
    expect(definition).toStrictEqual(expected);
    expectValid(definition);
  });

  it('passes CloudFormation substitutions and CDK tokens through as the Lambda ARN', () => {
    // A CloudFormation substitution and a CDK token, as literal strings.
    for (const lambdaArn of ['$' + '{RouterFunctionArn}', '$' + '{Token[TOKEN.123]}']) {
      const text = JSON.stringify(buildPollingStateMachine({ lambdaArn }));
      expect(text.split(JSON.stringify(lambdaArn)).length - 1).toBe(15);
    }
  });

  it('refuses bad options with one error listing every problem', () => {
    let caught: unknown;
    try {
      buildPollingStateMachine({
        lambdaArn: ' ',
        pollIntervalSeconds: 0,
        wavesInParallel: 21,
        statePrefix: 'has space',
        approvalWaveIds: ['ok', 'not ok'],
        lambdaRetry: { intervalSeconds: 1, maxAttempts: 3, backoffRate: 0.5 },
        executionTimeoutSeconds: 1.5,
      });
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionsError(caught)).toBe(true);
    expect((caught as Error).message).toMatchInlineSnapshot(`
      "Invalid options for buildPollingStateMachine (7 problems):
      - lambdaArn: Expected \`lambdaArn\` to be a non-empty string, got " "
      - pollIntervalSeconds: Expected \`pollIntervalSeconds\` to be an integer from 1 to 3600, got 0
      - wavesInParallel: Expected \`wavesInParallel\` to be an integer from 1 to 20, got 21
      - executionTimeoutSeconds: Expected \`executionTimeoutSeconds\` to be an integer from 60 to 31536000, got 1.5
      - approvalWaveIds[1]: Expected a wave ID of 1 to 64 letters, digits, "-" or "_", got "not ok"
      - statePrefix: Expected \`statePrefix\` of at most 32 letters, digits, "-" or "_", got "has space"
      - lambdaRetry.backoffRate: Expected \`lambdaRetry.backoffRate\` to be a number from 1 to 10, got 0.5"
    `);
  });

  it('refuses an unknown option, telling the one it most likely misspells', () => {
    expect(() => build({ pollIntervalSecs: 5 } as Partial<PollingStateMachineOptions>)).toThrow(
      [
        'Invalid options for buildPollingStateMachine (1 problem):',
        '- pollIntervalSecs: Unknown field "pollIntervalSecs" (did you mean "pollIntervalSeconds"?)',
      ].join('\n'),
    );
  });

  it('refuses unknown keys of the retry policies, after every other problem', () => {
    let caught: unknown;
    try {
      build({
        wavesInParallel: 0,
        WavesInParallel: 3,
        colour: 'blue',
        lambdaRetry: { intervalSecond: 1, maxAttempts: 3, backoffRate: 2 },
        transientRetry: { intervalSeconds: 5, maxAttempts: 3, backoffRate: 2, jitter: 'FULL' },
      } as unknown as Partial<PollingStateMachineOptions>);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidOptionsError(caught)).toBe(true);
    if (!isInvalidOptionsError(caught)) return;
    expect(caught.functionName).toBe('buildPollingStateMachine');
    expect(caught.problems).toStrictEqual([
      {
        path: 'wavesInParallel',
        message: 'Expected `wavesInParallel` to be an integer from 1 to 20, got 0',
      },
      {
        path: 'lambdaRetry.intervalSeconds',
        message:
          'Expected `lambdaRetry.intervalSeconds` to be an integer from 1 to 3600, got nothing',
      },
      {
        path: 'WavesInParallel',
        message: 'Unknown field "WavesInParallel" (did you mean "wavesInParallel"?)',
      },
      { path: 'colour', message: 'Unknown field "colour"' },
      {
        path: 'lambdaRetry.intervalSecond',
        message: 'Unknown field "intervalSecond" (did you mean "intervalSeconds"?)',
      },
      { path: 'transientRetry.jitter', message: 'Unknown field "jitter"' },
    ]);
  });

  it('refuses options that are not an object, and values of the wrong kind, by name', () => {
    expect(() => buildPollingStateMachine(null as never)).toThrow(
      'Invalid options for buildPollingStateMachine (1 problem):\n- (root): Expected an options object, got null',
    );
    expect(() => buildPollingStateMachine({} as PollingStateMachineOptions)).toThrow(
      'Invalid options for buildPollingStateMachine (1 problem):\n- lambdaArn: Expected `lambdaArn` to be a non-empty string, got nothing',
    );
    expect(() =>
      build({
        pollIntervalSeconds: null,
        approvalWaveIds: 'web',
        lambdaRetry: [],
        transientRetry: true,
      } as unknown as Partial<PollingStateMachineOptions>),
    ).toThrow(
      [
        'Invalid options for buildPollingStateMachine (4 problems):',
        '- pollIntervalSeconds: Expected `pollIntervalSeconds` to be an integer from 1 to 3600, got null',
        '- approvalWaveIds: Expected `approvalWaveIds` to be an array of wave IDs, got "web"',
        '- lambdaRetry: Expected `lambdaRetry` to be a retry policy, got an array',
        '- transientRetry: Expected `transientRetry` to be a retry policy, got true',
      ].join('\n'),
    );
  });

  it('accepts every option at once, and options left undefined', () => {
    const every: Required<PollingStateMachineOptions> = {
      lambdaArn: ROUTER_ARN,
      pollIntervalSeconds: 60,
      defaultWaveTimeoutSeconds: 3600,
      wavesInParallel: 20,
      approvalWaveIds: ['web'],
      approvalTimeoutSeconds: 600,
      notificationTopicArn: 'arn:aws:sns:us-east-1:123456789012:drs-waves',
      statePrefix: 'Dr_',
      comment: '',
      executionTimeoutSeconds: 31_536_000,
      lambdaRetry: false,
      transientRetry: { intervalSeconds: 1, maxAttempts: 0, backoffRate: 1 },
      completion: 'events',
      safetyNetPollSeconds: 3600,
      readinessCheck: true,
    };
    expectValid(buildPollingStateMachine(every));
    const undefinedEverywhere = Object.fromEntries(
      Object.keys(every)
        .filter((key) => key !== 'lambdaArn')
        .map((key) => [key, undefined]),
    );
    expect(build(undefinedEverywhere)).toStrictEqual(build());
  });
});
