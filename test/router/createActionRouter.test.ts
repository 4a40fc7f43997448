import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type ActionRouterDeps,
  type BeginExecutionResult,
  type CheckWaveStatusEventResult,
  createActionRouter,
  DynamoDbExecutionHistoryStore,
  estimateExecutionBudget,
  InMemoryPlanStore,
  isExecutionBudgetExceededError,
  isExecutionMismatchError,
  isHistoryRecordNotFoundError,
  isInvalidEventError,
  isOrchestrationEvent,
  isPlanNotFoundError,
  type LoadStageResult,
  type Logger,
  parseRecoveryPlan,
  type RecoveryPlan,
  type WaveItem,
} from '../../src/index';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds as ids } from '../helpers/waves';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** db and cache in parallel, then app (approval, post-launch actions, its own timeout). */
const shop = parseRecoveryPlan({
  id: 'shop',
  waves: [
    { id: 'db', servers: ids(2) },
    { id: 'cache', servers: ids(1, 2), dependsOn: [] },
    {
      id: 'app',
      servers: ids(2, 3),
      dependsOn: ['db', 'cache'],
      timeoutSeconds: 3600,
      requireApproval: true,
      requirePostLaunchActions: true,
    },
  ],
});
const other = parseRecoveryPlan({ id: 'other', waves: [{ id: 'db', servers: ids(1, 10) }] });

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly details: unknown[];
}

interface Harness {
  readonly stack: Stack;
  readonly route: (event: unknown) => Promise<unknown>;
  readonly logs: LogLine[];
}

async function harness(
  options: Parameters<typeof startStack>[0] = {},
  plans: readonly RecoveryPlan[] = [shop, other],
  overrides: Partial<ActionRouterDeps> = {},
): Promise<Harness> {
  stack = await startStack(options);
  const logs: LogLine[] = [];
  const logger: Logger = {
    info: (message, ...details) => logs.push({ level: 'info', message, details }),
    warn: (message, ...details) => logs.push({ level: 'warn', message, details }),
    error: (message, ...details) => logs.push({ level: 'error', message, details }),
  };
  const route = createActionRouter({
    ...stack.deps(),
    plans: new InMemoryPlanStore(plans),
    logger,
    ...overrides,
  });
  return { stack, route, logs };
}

const begin = (executionId: string, input: unknown) => ({
  action: ACTIONS.beginExecution,
  executionId,
  input,
  pollIntervalSeconds: 60,
  defaultWaveTimeoutSeconds: 7200,
});
const drill = { planId: 'shop', executionType: 'DRILL' };
const check = (executionId: string, waveId: string, timeoutSeconds = 7200) => ({
  action: ACTIONS.checkWaveStatus,
  executionId,
  waveId,
  timeoutSeconds,
  requirePostLaunchActions: false,
});

/** Polls every virtual minute until the wave is no longer IN_PROGRESS; returns every answer. */
async function pollToEnd(h: Harness, event: unknown, max = 200) {
  const answers: CheckWaveStatusEventResult[] = [];
  for (let i = 0; i < max; i += 1) {
    h.stack.emulator.advance(60_000);
    const answer = (await h.route(event)) as CheckWaveStatusEventResult;
    answers.push(answer);
    if (answer.status !== 'IN_PROGRESS') return answers;
  }
  throw new Error(`still in progress after ${max} polls`);
}

async function tableItems(s: Stack) {
  const page = await s.dynamo.doc.send(new ScanCommand({ TableName: s.tableName }));
  return page.Items ?? [];
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

/** Every stage of a begun execution, loaded one at a time as the state machine does. */
async function stagesOf(
  route: (event: unknown) => Promise<unknown>,
  begun: BeginExecutionResult,
): Promise<WaveItem[][]> {
  const stages: WaveItem[][] = [];
  for (let stageIndex = 0; stageIndex < begun.stageCount; stageIndex += 1) {
    const loaded = (await route({
      action: 'load_stage',
      executionId: begun.executionId,
      stageIndex,
    })) as LoadStageResult;
    expect(loaded.index).toBe(stageIndex);
    stages.push([...loaded.waves]);
  }
  return stages;
}

describe('createActionRouter on the local stack', () => {
  it('runs a whole plan: begin, start and poll every wave, finish SUCCEEDED', async () => {
    const h = await harness();
    const startedAt = h.stack.emulator.now().toISOString();
    const begun = (await h.route(begin('e1', drill))) as BeginExecutionResult;
    expect(begun).toStrictEqual({
      executionId: 'e1',
      planId: 'shop',
      executionType: 'DRILL',
      stageCount: 2,
    });
    const stages = await stagesOf(h.route, begun);
    expect(stages).toStrictEqual([
      [
        {
          waveId: 'db',
          requireApproval: false,
          timeoutSeconds: 7200,
          maxPolls: 122,
          requirePostLaunchActions: false,
        },
        {
          waveId: 'cache',
          requireApproval: false,
          timeoutSeconds: 7200,
          maxPolls: 122,
          requirePostLaunchActions: false,
        },
      ],
      [
        {
          waveId: 'app',
          requireApproval: true,
          timeoutSeconds: 3600,
          maxPolls: 62,
          requirePostLaunchActions: true,
        },
      ],
    ]);
    expect(await h.stack.history.getExecution('e1')).toStrictEqual({
      executionId: 'e1',
      planId: 'shop',
      executionType: 'DRILL',
      status: 'RUNNING',
      waveIds: ['db', 'cache', 'app'],
      stages,
      startedAt,
    });
    await expect(
      h.route({ action: 'load_stage', executionId: 'e1', stageIndex: 2 }),
    ).rejects.toThrow('No stage "e1/2" in the execution history');

    let answersCount = 0;
    for (const stage of stages) {
      for (const item of stage) {
        expect(
          await h.route({
            action: 'start_wave',
            executionId: 'e1',
            executionType: 'DRILL',
            waveId: item.waveId,
          }),
        ).toStrictEqual({
          status: 'STARTED',
          serverCount: item.waveId === 'cache' ? 1 : 2,
          jobCount: 1,
        });
      }
      for (const item of stage) {
        const answers = await pollToEnd(h, {
          ...check('e1', item.waveId, item.timeoutSeconds),
          requirePostLaunchActions: item.requirePostLaunchActions,
        });
        expect(answers.slice(0, -1).every((a) => a.status === 'IN_PROGRESS')).toBe(true);
        expect(answers.at(-1)).toMatchObject({ waveId: item.waveId, status: 'COMPLETED' });
        answersCount += answers.length;
      }
    }
    expect(h.stack.emulator.jobs().map((j) => j.initiatedBy)).toStrictEqual([
      'START_DRILL',
      'START_DRILL',
      'START_DRILL',
    ]);

    expect(
      await h.route({ action: 'finish_execution', executionId: 'e1', status: 'SUCCEEDED' }),
    ).toStrictEqual({ status: 'SUCCEEDED' });
    expect(await h.stack.history.getExecution('e1')).toStrictEqual({
      executionId: 'e1',
      planId: 'shop',
      executionType: 'DRILL',
      status: 'SUCCEEDED',
      waveIds: ['db', 'cache', 'app'],
      stages,
      startedAt,
      endedAt: h.stack.emulator.now().toISOString(),
    });
    // One info line per call, with IDs and outcome only.
    const lines = h.logs.filter((l) => l.message === 'drs-waves action');
    expect(lines.every((l) => l.level === 'info')).toBe(true);
    // begin, 2 stages loaded and 1 refused, 3 starts, the checks, finish.
    expect(lines).toHaveLength(1 + 3 + 3 + answersCount + 1);
    expect(lines[0]?.details).toStrictEqual([
      { action: 'begin_execution', executionId: 'e1', outcome: 'RECORDED' },
    ]);
    expect(lines.slice(1, 5).map((l) => l.details)).toStrictEqual([
      [{ action: 'load_stage', executionId: 'e1', outcome: 'LOADED' }],
      [{ action: 'load_stage', executionId: 'e1', outcome: 'LOADED' }],
      [{ action: 'load_stage', executionId: 'e1', outcome: 'HistoryRecordNotFoundError' }],
      [{ action: 'start_wave', executionId: 'e1', waveId: 'db', outcome: 'STARTED' }],
    ]);
    expect(lines.at(-1)?.details).toStrictEqual([
      { action: 'finish_execution', executionId: 'e1', outcome: 'SUCCEEDED' },
    ]);
  });

  it('starts a confirmed RECOVERY as a recovery, not a drill', async () => {
    const h = await harness();
    const input = { planId: 'other', executionType: 'RECOVERY', confirmRecovery: 'other' };
    expect(await h.route(begin('r1', input))).toMatchObject({ executionType: 'RECOVERY' });
    await h.route({
      action: 'start_wave',
      executionId: 'r1',
      executionType: 'RECOVERY',
      waveId: 'db',
    });
    expect(h.stack.emulator.jobs().map((j) => j.initiatedBy)).toStrictEqual(['START_RECOVERY']);
  });

  it('answers a retried begin_execution the same, and refuses another plan or type', async () => {
    const h = await harness();
    const first = await h.route(begin('e1', drill));
    const recorded = await h.stack.history.getExecution('e1');
    h.stack.emulator.advance(60_000);
    expect(await h.route(begin('e1', drill))).toStrictEqual(first);
    expect(await h.stack.history.getExecution('e1')).toStrictEqual(recorded);

    const otherPlan = await rejection(
      h.route(begin('e1', { planId: 'other', executionType: 'DRILL' })),
    );
    expect(isExecutionMismatchError(otherPlan)).toBe(true);
    expect((otherPlan as Error).message).toBe(
      'Execution "e1" was recorded with planId "shop", not "other"',
    );
    const otherType = await rejection(
      h.route(begin('e1', { planId: 'shop', executionType: 'RECOVERY', confirmRecovery: 'shop' })),
    );
    expect(isExecutionMismatchError(otherType)).toBe(true);
    expect((otherType as Error).message).toBe(
      'Execution "e1" was recorded with executionType "DRILL", not "RECOVERY"',
    );
    expect(await h.stack.history.getExecution('e1')).toStrictEqual(recorded);
    expect(h.stack.emulator.requestCount()).toBe(0);
  });

  it.each([
    [
      'RECOVERY without confirmRecovery',
      { planId: 'shop', executionType: 'RECOVERY' },
      'A RECOVERY of plan "shop" needs confirmRecovery set to "shop", got nothing',
    ],
    [
      'RECOVERY confirming another plan',
      { planId: 'shop', executionType: 'RECOVERY', confirmRecovery: 'other' },
      'A RECOVERY of plan "shop" needs confirmRecovery set to "shop", got "other"',
    ],
    [
      'RECOVERY confirming in another case',
      { planId: 'shop', executionType: 'RECOVERY', confirmRecovery: 'SHOP' },
      'A RECOVERY of plan "shop" needs confirmRecovery set to "shop", got "SHOP"',
    ],
    [
      'DRILL with confirmRecovery',
      { planId: 'shop', executionType: 'DRILL', confirmRecovery: 'shop' },
      'Expected no confirmRecovery for a DRILL, got "shop"',
    ],
  ])('refuses a %s before any write or DRS call', async (_name, input, problem) => {
    const h = await harness();
    const error = await rejection(h.route(begin('e1', input)));
    expect(isInvalidEventError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `Invalid begin_execution event (1 problem):\n- input.confirmRecovery: ${problem}`,
    );
    expect(await tableItems(h.stack)).toStrictEqual([]);
    expect(h.stack.emulator.requestCount()).toBe(0);
  });

  it('refuses a plan the store does not have, writing nothing', async () => {
    const h = await harness();
    const error = await rejection(h.route(begin('e1', { planId: 'gone', executionType: 'DRILL' })));
    expect(isPlanNotFoundError(error)).toBe(true);
    expect((error as Error).message).toBe('No plan "gone" in the plan store');
    expect(await tableItems(h.stack)).toStrictEqual([]);
  });

  describe('the history budget of begin_execution', () => {
    // At 30-second polls a wave of 81,780 s is polled at most 2,728 times: its child execution
    // writes up to 24,995 history events (notifications counted); one more second, 2,729 polls
    // and more than 25,000.
    const longWave = (timeoutSeconds: number) =>
      parseRecoveryPlan({
        id: 'marathon',
        waves: [{ id: 'long', servers: ids(1), timeoutSeconds }],
      });
    const marathon = { planId: 'marathon', executionType: 'DRILL' };
    const every30s = (executionId: string, input: unknown) => ({
      ...begin(executionId, input),
      pollIntervalSeconds: 30,
    });

    it('refuses a wave whose child execution could outgrow 25,000 events, writing nothing', async () => {
      const h = await harness({}, [longWave(81_781)]);
      const error = await rejection(h.route(every30s('e1', marathon)));
      expect(isExecutionBudgetExceededError(error)).toBe(true);
      expect((error as Error).message).toBe(
        'Plan "marathon" exceeds Step Functions limits (1 problem):\n' +
          "- waves[long]: Needs up to 25008 history events, above Step Functions' 25000 (timeout 81781 s, polled every 30 s: up to 2729 polls): shorten its timeout or poll less often",
      );
      expect(await h.stack.history.getExecution('e1')).toBeUndefined();
      expect(await tableItems(h.stack)).toStrictEqual([]);
      expect(h.stack.emulator.requestCount()).toBe(0);
      expect(h.logs.map((l) => l.details)).toStrictEqual([
        [{ action: 'begin_execution', executionId: 'e1', outcome: 'ExecutionBudgetExceededError' }],
      ]);
    });

    it('counts the default timeout the state machine sends for waves without one', async () => {
      const h = await harness();
      const error = await rejection(
        h.route({
          ...every30s('e1', { planId: 'other', executionType: 'DRILL' }),
          defaultWaveTimeoutSeconds: 30 * 24 * 3600,
        }),
      );
      expect(isExecutionBudgetExceededError(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /- waves\[db\]: Needs up to 790617 history events, above Step Functions' 25000 \(timeout 2592000 s, polled every 30 s: up to 86402 polls\)/,
      );
      expect(await tableItems(h.stack)).toStrictEqual([]);
    });

    it('accepts a wave just under the limit, as validate estimates it with notifications', async () => {
      const plan = longWave(81_780);
      const budget = estimateExecutionBudget(plan, {
        pollIntervalSeconds: 30,
        notificationTopicArn: 'arn:aws:sns:us-east-1:123456789012:drs-waves',
      });
      expect(budget.waves[0]?.historyEvents).toBe(24_999);
      const h = await harness({}, [plan]);
      const begun = (await h.route(every30s('e1', marathon))) as BeginExecutionResult;
      expect(await stagesOf(h.route, begun)).toStrictEqual([
        [
          {
            waveId: 'long',
            requireApproval: false,
            timeoutSeconds: 81_780,
            maxPolls: 2728,
            requirePostLaunchActions: false,
          },
        ],
      ]);
      expect(await h.stack.history.getExecution('e1')).toMatchObject({ status: 'RUNNING' });
    });
  });

  it('reads the wave and its chunks in one DynamoDB request, and writes nothing, on a poll that learns nothing new', async () => {
    stack = await startStack({ faults: { stuckServers: [ids(1)[0] ?? ''] } });
    const base = stack.deps();
    const commands: string[] = [];
    const counting = {
      send: (command: { constructor: { name: string } }) => {
        commands.push(command.constructor.name);
        return stack?.dynamo.doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const history = new DynamoDbExecutionHistoryStore({
      client: counting,
      tableName: stack.tableName,
    });
    const route = createActionRouter({ ...base, history, plans: new InMemoryPlanStore([shop]) });
    await route(begin('e1', drill));
    await route({ action: 'start_wave', executionId: 'e1', executionType: 'DRILL', waveId: 'db' });
    stack.emulator.advance(60_000);
    await route({ ...check('e1', 'db'), pollCount: 1 });
    for (const pollCount of [2, 3, 4]) {
      stack.emulator.advance(5_000);
      commands.length = 0;
      const answer = (await route({
        ...check('e1', 'db'),
        pollCount,
      })) as CheckWaveStatusEventResult;
      expect(answer).toMatchObject({ status: 'IN_PROGRESS', pollCount });
      expect(commands).toStrictEqual(['QueryCommand']);
    }
    // The server that is not stuck launches within 20 minutes: that poll records it.
    stack.emulator.advance(20 * 60_000);
    commands.length = 0;
    const moved = (await route({
      ...check('e1', 'db'),
      pollCount: 5,
    })) as CheckWaveStatusEventResult;
    expect(moved).toMatchObject({ status: 'IN_PROGRESS', launched: 1, pollCount: 5 });
    // The verdict is recorded in the chunk (one UpdateItem); the wave's counts follow from it.
    expect(commands).toStrictEqual(['QueryCommand', 'UpdateCommand']);
    const [chunk] = await stack.history.listChunks('e1', 'db');
    expect(Object.values(chunk?.verdicts ?? {}).sort()).toStrictEqual(['LAUNCHED', 'PENDING']);
  });

  it('refuses to start a wave of an unknown execution, or one its plan lacks', async () => {
    const h = await harness();
    const start = (executionId: string, waveId: string) =>
      h.route({ action: 'start_wave', executionId, executionType: 'DRILL', waveId });
    const unknown = await rejection(start('nope', 'db'));
    expect(isHistoryRecordNotFoundError(unknown)).toBe(true);
    expect((unknown as Error).message).toBe('No execution "nope" in the execution history');

    await h.route(begin('e1', drill));
    const missing = await rejection(start('e1', 'web'));
    expect(isExecutionMismatchError(missing)).toBe(true);
    expect((missing as Error).message).toBe(
      'Execution "e1" was recorded with waveIds "db,cache,app", not "web"',
    );
    const notStarted = await rejection(h.route(check('e1', 'db')));
    expect(isHistoryRecordNotFoundError(notStarted)).toBe(true);
    expect((notStarted as Error).message).toBe('No wave "e1/db" in the execution history');
    expect(h.stack.emulator.requestCount()).toBe(0);
    expect(h.logs.at(-1)?.details).toStrictEqual([
      {
        action: 'check_wave_status',
        executionId: 'e1',
        waveId: 'db',
        outcome: 'HistoryRecordNotFoundError',
      },
    ]);
  });

  it('answers TIMED_OUT once the timeout has passed, and records it on the wave', async () => {
    const [ok, stuck] = ids(2) as [string, string];
    const plan = parseRecoveryPlan({
      id: 'slow',
      waves: [{ id: 'db', servers: [ok, stuck], timeoutSeconds: 1200 }],
    });
    const h = await harness({ faults: { stuckServers: [stuck] } }, [plan]);
    const begun = (await h.route(
      begin('e1', { planId: 'slow', executionType: 'DRILL' }),
    )) as BeginExecutionResult;
    expect((await stagesOf(h.route, begun))[0]?.[0]).toMatchObject({
      timeoutSeconds: 1200,
      maxPolls: 22,
    });
    await h.route({
      action: 'start_wave',
      executionId: 'e1',
      executionType: 'DRILL',
      waveId: 'db',
    });
    const startedAt = Date.parse(
      (await h.stack.history.getWave('e1', 'db'))?.startedAt ?? 'missing',
    );

    const answers = await pollToEnd(h, check('e1', 'db', 1200));
    // Polled every 60 s from the start: the 20th poll is at the timeout exactly.
    expect(answers).toHaveLength(20);
    expect(h.stack.emulator.now().getTime() - startedAt).toBe(1_200_000);
    expect(answers.at(-1)).toStrictEqual({
      waveId: 'db',
      status: 'TIMED_OUT',
      total: 2,
      launched: 1,
      failed: 0,
      pending: 1,
      criticalFailed: 0,
      failures: [],
      pollCount: 20,
    });
    const cause = 'Wave db did not finish within 1200 s: 1 of 2 servers launched, 1 pending';
    expect(await h.stack.history.getWave('e1', 'db')).toMatchObject({
      status: 'TIMED_OUT',
      error: 'WaveTimeout',
      cause,
      endedAt: h.stack.emulator.now().toISOString(),
    });

    // A later check answers from the history, without asking DRS.
    const calls = h.stack.emulator.requestCount();
    h.stack.emulator.advance(60_000);
    expect(await h.route(check('e1', 'db', 1200))).toMatchObject({ status: 'TIMED_OUT' });
    expect(h.stack.emulator.requestCount()).toBe(calls);

    const failure = { Error: 'WaveTimeout', Cause: 'raised by the state machine' };
    expect(
      await h.route({ action: 'record_wave_failure', executionId: 'e1', waveId: 'db', failure }),
    ).toStrictEqual({ error: 'WaveTimeout', cause });
    expect(await h.stack.history.getWave('e1', 'db')).toMatchObject({ status: 'TIMED_OUT' });
    expect(
      await h.route({ action: 'finish_execution', executionId: 'e1', status: 'FAILED', failure }),
    ).toStrictEqual({ status: 'FAILED', error: 'WaveTimeout', cause });

    // A failure for a wave the execution does not have is refused, and writes nothing.
    const foreign = await h
      .route({ action: 'record_wave_failure', executionId: 'e1', waveId: 'nosuchwave', failure })
      .catch((e: unknown) => e);
    expect(isExecutionMismatchError(foreign)).toBe(true);
    expect((foreign as Error).message).toBe(
      'Execution "e1" was recorded with waveIds "db", not "nosuchwave"',
    );
    expect(await h.stack.history.getWave('e1', 'nosuchwave')).toBeUndefined();
  });

  it('keeps the WaveFailed cause a check recorded, naming the failed server', async () => {
    const [ok, broken] = ids(2) as [string, string];
    const plan = parseRecoveryPlan({ id: 'p', waves: [{ id: 'db', servers: [ok, broken] }] });
    const h = await harness(
      { faults: { failLaunch: { [broken]: 'InsufficientInstanceCapacity' } } },
      [plan],
    );
    await h.route(begin('e1', { planId: 'p', executionType: 'DRILL' }));
    await h.route({
      action: 'start_wave',
      executionId: 'e1',
      executionType: 'DRILL',
      waveId: 'db',
    });
    const last = (await pollToEnd(h, check('e1', 'db'))).at(-1);
    expect(last).toMatchObject({
      status: 'FAILED',
      failures: [{ sourceServerId: broken, error: 'InsufficientInstanceCapacity' }],
    });
    const cause = `Wave db failed: 1 critical server failed: ${broken} (InsufficientInstanceCapacity)`;
    const recorded = await h.stack.history.getWave('e1', 'db');
    expect(
      await h.route({
        action: 'record_wave_failure',
        executionId: 'e1',
        waveId: 'db',
        failure: { Error: 'WaveFailed', Cause: 'the state machine has its own words' },
      }),
    ).toStrictEqual({ error: 'WaveFailed', cause });
    expect(await h.stack.history.getWave('e1', 'db')).toStrictEqual(recorded);
    expect(
      await h.route({ action: 'finish_execution', executionId: 'e1', status: 'FAILED' }),
    ).toStrictEqual({ status: 'FAILED', error: 'WaveFailed', cause });
    expect(await h.stack.history.getExecution('e1')).toMatchObject({
      status: 'FAILED',
      error: 'WaveFailed',
      cause,
      endedAt: h.stack.emulator.now().toISOString(),
    });
  });

  it('records a Lambda error on a started wave with its message as the cause', async () => {
    const h = await harness();
    await h.route(begin('e1', drill));
    await h.route({
      action: 'start_wave',
      executionId: 'e1',
      executionType: 'DRILL',
      waveId: 'db',
    });
    h.stack.emulator.advance(120_000);
    const lambdaCause = JSON.stringify({
      errorType: 'DrsNonRetryableError',
      errorMessage: 'DRS DescribeJobs failed with AccessDeniedException: not allowed',
      trace: ['DrsNonRetryableError: DRS DescribeJobs failed', '    at describeJobs'],
    });
    expect(
      await h.route({
        action: 'record_wave_failure',
        executionId: 'e1',
        waveId: 'db',
        failure: { Error: 'DrsNonRetryableError', Cause: lambdaCause },
      }),
    ).toStrictEqual({
      error: 'DrsNonRetryableError',
      cause: 'Wave db failed: DRS DescribeJobs failed with AccessDeniedException: not allowed',
    });
    expect(await h.stack.history.getWave('e1', 'db')).toMatchObject({
      status: 'FAILED',
      error: 'DrsNonRetryableError',
      cause: 'Wave db failed: DRS DescribeJobs failed with AccessDeniedException: not allowed',
      endedAt: h.stack.emulator.now().toISOString(),
      jobIds: [expect.stringMatching(/^drsjob-/)],
    });
  });

  it.each([
    [
      'a plain Cause',
      { Error: 'States.TaskFailed', Cause: 'Lambda timed out' },
      'Wave db failed: Lambda timed out',
    ],
    ['no Cause', { Error: 'States.Timeout' }, 'Wave db failed: States.Timeout'],
    ['an empty Cause', { Error: 'States.Timeout', Cause: '' }, 'Wave db failed: States.Timeout'],
    [
      'JSON that is not a Lambda error',
      { Error: 'X', Cause: '{"message":"not a Lambda error"}' },
      'Wave db failed: {"message":"not a Lambda error"}',
    ],
    [
      'a Cause over 32768 characters, cut',
      { Error: 'X', Cause: `${'y'.repeat(40_000)}` },
      `Wave db failed: ${'y'.repeat(32_768)}`,
    ],
  ])('words the cause from %s', async (_name, failure, cause) => {
    const h = await harness();
    await h.route(begin('e1', drill));
    expect(
      await h.route({ action: 'record_wave_failure', executionId: 'e1', waveId: 'db', failure }),
    ).toStrictEqual({ error: failure.Error, cause });
  });

  it('creates a FAILED wave that was never recorded, and fails the execution with it', async () => {
    const h = await harness();
    await h.route(begin('e1', drill));
    const failure = {
      Error: 'UnknownProtectionGroupError',
      Cause: JSON.stringify({
        errorType: 'UnknownProtectionGroupError',
        errorMessage: 'Wave "db" names unknown protection groups: "pg-db"',
      }),
    };
    const cause = 'Wave db failed: Wave "db" names unknown protection groups: "pg-db"';
    const now = h.stack.emulator.now().toISOString();
    expect(
      await h.route({ action: 'record_wave_failure', executionId: 'e1', waveId: 'db', failure }),
    ).toStrictEqual({ error: 'UnknownProtectionGroupError', cause });
    expect(await h.stack.history.getWave('e1', 'db')).toStrictEqual({
      executionId: 'e1',
      waveId: 'db',
      status: 'FAILED',
      serverCount: 0,
      chunkCount: 0,
      jobIds: [],
      pollCount: 0,
      startedAt: now,
      endedAt: now,
      error: 'UnknownProtectionGroupError',
      cause,
    });
    expect(await h.stack.history.listChunks('e1', 'db')).toStrictEqual([]);

    h.stack.emulator.advance(60_000);
    expect(
      await h.route({ action: 'finish_execution', executionId: 'e1', status: 'FAILED', failure }),
    ).toStrictEqual({ status: 'FAILED', error: 'UnknownProtectionGroupError', cause });
    expect(await h.stack.history.getExecution('e1')).toMatchObject({
      status: 'FAILED',
      error: 'UnknownProtectionGroupError',
      cause,
      endedAt: h.stack.emulator.now().toISOString(),
    });
    expect(h.stack.emulator.requestCount()).toBe(0);
  });

  it('fails the execution with the wave that failed first', async () => {
    const h = await harness();
    await h.route(begin('e1', drill));
    const fail = (waveId: string, reason: string) =>
      h.route({
        action: 'record_wave_failure',
        executionId: 'e1',
        waveId,
        failure: { Error: 'ApprovalRejected', Cause: reason },
      });
    // Listed by ID, cache comes before db: the earlier end must win, not the key order.
    expect(await fail('db', 'Rejected by ops: change freeze')).toStrictEqual({
      error: 'ApprovalRejected',
      cause: 'Wave db failed: Rejected by ops: change freeze',
    });
    h.stack.emulator.advance(60_000);
    await fail('cache', 'Rejected by ops: later');
    expect(
      await h.route({ action: 'finish_execution', executionId: 'e1', status: 'FAILED' }),
    ).toStrictEqual({
      status: 'FAILED',
      error: 'ApprovalRejected',
      cause: 'Wave db failed: Rejected by ops: change freeze',
    });
  });

  it('fails an execution without a failed wave from the caught error, or says nothing is known', async () => {
    const h = await harness();
    await h.route(begin('e1', drill));
    await h.route(begin('e2', drill));
    const failure = {
      Error: 'States.Runtime',
      Cause: 'An error occurred while executing the state "Stages"',
    };
    expect(
      await h.route({ action: 'finish_execution', executionId: 'e1', status: 'FAILED', failure }),
    ).toStrictEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'Execution e1 failed: An error occurred while executing the state "Stages"',
    });
    expect(
      await h.route({ action: 'finish_execution', executionId: 'e2', status: 'FAILED' }),
    ).toStrictEqual({
      status: 'FAILED',
      error: 'ExecutionFailed',
      cause: 'Execution e2 failed, and neither a wave nor the state machine recorded why',
    });
  });

  it('keeps a CANCELLED execution CANCELLED, and refuses an unknown one', async () => {
    const h = await harness();
    await h.route(begin('e1', drill));
    await h.stack.history.updateExecution('e1', { status: 'CANCELLED', endedAt: 'then' });
    const before = await h.stack.history.getExecution('e1');
    for (const status of ['FAILED', 'SUCCEEDED']) {
      await h.route({ action: 'finish_execution', executionId: 'e1', status });
    }
    expect(await h.stack.history.getExecution('e1')).toStrictEqual(before);
    const missing = await rejection(
      h.route({ action: 'finish_execution', executionId: 'nope', status: 'SUCCEEDED' }),
    );
    expect(isHistoryRecordNotFoundError(missing)).toBe(true);
    expect((missing as Error).message).toBe('No execution "nope" in the execution history');
  });

  it('stores an approval request PENDING, and never logs the token', async () => {
    const h = await harness();
    const taskToken = `AQCEAAAAKgAAAA${'x'.repeat(900)}`;
    const request = { action: 'request_approval', executionId: 'e1', waveId: 'app', taskToken };
    const early = await rejection(h.route(request));
    expect(isHistoryRecordNotFoundError(early)).toBe(true);

    await h.route(begin('e1', drill));
    h.stack.emulator.advance(60_000);
    expect(await h.route(request)).toStrictEqual({ status: 'AWAITING_APPROVAL' });
    expect(await h.stack.history.getApproval('e1', 'app')).toStrictEqual({
      executionId: 'e1',
      waveId: 'app',
      taskToken,
      status: 'PENDING',
      requestedAt: h.stack.emulator.now().toISOString(),
    });
    const stranger = await rejection(h.route({ ...request, waveId: 'web' }));
    expect(isExecutionMismatchError(stranger)).toBe(true);
    expect((stranger as Error).message).toBe(
      'Execution "e1" was recorded with waveIds "db,cache,app", not "web"',
    );
    const tooLong = await rejection(h.route({ ...request, taskToken: 'z'.repeat(8193) }));
    expect(isInvalidEventError(tooLong)).toBe(true);
    expect((tooLong as Error).message).not.toContain('zzz');
    expect(JSON.stringify(h.logs)).not.toContain('AQCE');
    expect(h.logs.at(-3)?.details).toStrictEqual([
      {
        action: 'request_approval',
        executionId: 'e1',
        waveId: 'app',
        outcome: 'AWAITING_APPROVAL',
      },
    ]);
  });

  it('applies the router-wide requirePostLaunchActions to waves that do not set it', async () => {
    const h = await harness({}, [shop], { requirePostLaunchActions: true });
    const begun = (await h.route(begin('e1', drill))) as BeginExecutionResult;
    const stages = await stagesOf(h.route, begun);
    expect(stages.flat().map((w) => [w.waveId, w.requirePostLaunchActions])).toStrictEqual([
      ['db', true],
      ['cache', true],
      ['app', true],
    ]);
    const off = parseRecoveryPlan({
      id: 'off',
      waves: [{ id: 'db', servers: ids(1), requirePostLaunchActions: false }],
    });
    const h2 = createActionRouter({
      ...h.stack.deps(),
      plans: new InMemoryPlanStore([off]),
      requirePostLaunchActions: true,
    });
    const own = (await h2(
      begin('e2', { planId: 'off', executionType: 'DRILL' }),
    )) as BeginExecutionResult;
    expect((await stagesOf(h2, own))[0]?.[0]?.requirePostLaunchActions).toBe(false);
  });
});

describe('isOrchestrationEvent', () => {
  const apiGateway = {
    version: '2.0',
    routeKey: 'POST /plans',
    rawPath: '/plans',
    requestContext: { http: { method: 'POST' } },
    body: '{"action":"start_wave"}',
  };
  it.each([
    [{ action: 'begin_execution' }, true],
    [{ action: 'start_wave', executionId: 'e1', whatever: 1 }, true],
    [{ action: 'finish_execution', status: 'nonsense' }, true],
    [apiGateway, false],
    [{ ...apiGateway, action: 'list_plans' }, false],
    [{ action: 'START_WAVE' }, false],
    [{ action: 'constructor' }, false],
    [{ action: 'toString' }, false],
    [{ action: 42 }, false],
    [{ action: ['start_wave'] }, false],
    [Object.create({ action: 'start_wave' }), false],
    [[{ action: 'start_wave' }], false],
    [['start_wave'], false],
    [null, false],
    [undefined, false],
    ['start_wave', false],
    [42, false],
  ])('%j -> %s', (event, expected) => {
    expect(isOrchestrationEvent(event)).toBe(expected);
  });
});
