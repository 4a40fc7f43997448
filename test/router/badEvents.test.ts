import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type ActionName,
  createActionRouter,
  InMemoryExecutionHistoryStore,
  InMemoryPlanStore,
  isInvalidEventError,
  isUnknownActionError,
  parseRecoveryPlan,
} from '../../src/index';
import { parseEvent } from '../../src/router/internal/schemas';
import { type Stack, startStack } from '../helpers/stack';
import { serverIds as ids } from '../helpers/waves';

const plans = new InMemoryPlanStore([
  parseRecoveryPlan({ id: 'shop', waves: [{ id: 'db', servers: ids(2) }] }),
]);

let stack: Stack;
let route: (event: unknown) => Promise<unknown>;
beforeAll(async () => {
  stack = await startStack();
  route = createActionRouter({ ...stack.deps(), plans });
});
afterAll(async () => {
  await stack.close();
  console.log(`bad events: ${CASES.length} cases`);
});

/** A well-formed event of each action: every case below breaks one in one or more ways. */
const VALID: Record<ActionName, Record<string, unknown>> = {
  begin_execution: {
    action: 'begin_execution',
    executionId: 'e1',
    input: { planId: 'shop', executionType: 'DRILL' },
    pollIntervalSeconds: 30,
    defaultWaveTimeoutSeconds: 7200,
    completion: 'polling',
  },
  load_stage: { action: 'load_stage', executionId: 'e1', stageIndex: 0 },
  check_readiness: { action: 'check_readiness', executionId: 'e1' },
  // A plan no store holds: refused before any DRS call.
  evaluate_readiness: { action: 'evaluate_readiness', planIds: ['nowhere'] },
  next_action: {
    action: 'next_action',
    executionId: 'e1',
    waveId: 'db',
    phase: 'before',
    index: 0,
  },
  record_action: {
    action: 'record_action',
    executionId: 'e1',
    waveId: 'db',
    phase: 'after',
    index: 1,
    end: { outcome: 'FAILED', failure: { Error: 'AutomationFailed', Cause: 'Status Failed' } },
  },
  await_wave: { action: 'await_wave', executionId: 'e1', waveId: 'db', taskToken: 'AQCE' },
  start_wave: { action: 'start_wave', executionId: 'e1', executionType: 'DRILL', waveId: 'db' },
  check_wave_status: {
    action: 'check_wave_status',
    executionId: 'e1',
    waveId: 'db',
    timeoutSeconds: 7200,
    requirePostLaunchActions: false,
    pollCount: 1,
  },
  request_approval: {
    action: 'request_approval',
    executionId: 'e1',
    waveId: 'db',
    taskToken: 'AQCEAAAAKgAAAA',
  },
  record_wave_failure: {
    action: 'record_wave_failure',
    executionId: 'e1',
    waveId: 'db',
    failure: { Error: 'WaveFailed', Cause: 'x' },
  },
  finish_execution: {
    action: 'finish_execution',
    executionId: 'e1',
    status: 'FAILED',
    failure: { Error: 'WaveFailed' },
  },
  request_decision: {
    action: 'request_decision',
    executionId: 'e1',
    waveId: 'db',
    taskToken: 'AQCEAAAAKgAAAA',
    failure: { Error: 'WaveFailed', Cause: 'x' },
  },
  retry_wave: {
    action: 'retry_wave',
    executionId: 'e1',
    executionType: 'DRILL',
    waveId: 'db',
    attempt: 2,
  },
  skip_wave: { action: 'skip_wave', executionId: 'e1', waveId: 'db' },
  expire_decision: { action: 'expire_decision', executionId: 'e1', waveId: 'db' },
};

/** A wrong-typed value for each field, and the problem it makes. */
const WRONG_TYPE: Record<string, readonly [unknown, string]> = {
  executionId: [42, 'Expected an execution ID as a string, got 42'],
  planIds: ['shop', 'Expected planIds as an array of plan IDs, got "shop"'],
  waveId: [null, 'Expected a wave ID as a string, got null'],
  executionType: [true, 'Expected execution type "DRILL" or "RECOVERY", got true'],
  input: ['shop', 'Expected the execution input as an object, got "shop"'],
  pollIntervalSeconds: ['30', 'Expected pollIntervalSeconds to be a positive integer, got "30"'],
  defaultWaveTimeoutSeconds: [
    [7200],
    'Expected defaultWaveTimeoutSeconds to be a positive integer, got an array',
  ],
  timeoutSeconds: [{}, 'Expected timeoutSeconds to be a positive integer, got an object'],
  requirePostLaunchActions: [
    'false',
    'Expected requirePostLaunchActions to be a boolean, got "false"',
  ],
  taskToken: [42, 'Expected a task token as a string, got 42'],
  failure: [
    'WaveFailed',
    'Expected a Step Functions error ({ Error, Cause }) as an object, got "WaveFailed"',
  ],
  status: [1, 'Expected status "SUCCEEDED" or "FAILED", got 1'],
  attempt: [0, 'Expected attempt to be a positive integer, got 0'],
  stageIndex: [-1, 'Expected stageIndex to be a non-negative integer, got -1'],
  pollCount: [0, 'Expected pollCount to be a positive integer, got 0'],
  completion: ['push', 'Expected completion "polling" or "events", got "push"'],
  phase: ['during', 'Expected phase "before" or "after", got "during"'],
  index: [1.5, 'Expected index to be a non-negative integer, got 1.5'],
  end: ['FAILED', 'Expected an action end ({ outcome, failure }) as an object, got "FAILED"'],
};

const OPTIONAL: Partial<Record<ActionName, readonly string[]>> = {
  finish_execution: ['failure'],
  check_wave_status: ['pollCount'],
  begin_execution: ['completion'],
};

type Guard = (error: unknown) => boolean;
type Case = readonly [name: string, event: unknown, guard: Guard, message: string];

const invalid = (action: string, ...problems: string[]) =>
  `Invalid ${action} event (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}):\n${problems.map((p) => `- ${p}`).join('\n')}`;

const bytes = (event: unknown) => Buffer.byteLength(JSON.stringify(event), 'utf8');

const withField = (action: ActionName, field: string, value: unknown) => ({
  ...VALID[action],
  [field]: value,
});
const without = (action: ActionName, field: string) => {
  const { [field]: _dropped, ...rest } = VALID[action];
  return rest;
};
const withInput = (fields: Record<string, unknown>) =>
  withField('begin_execution', 'input', { planId: 'shop', executionType: 'DRILL', ...fields });
const withFailure = (action: ActionName, failure: unknown) => withField(action, 'failure', failure);

/** Missing, wrong-typed and unknown fields, and prototype keys, for every action. */
function perActionCases(): Case[] {
  const cases: Case[] = [];
  for (const action of Object.values(ACTIONS)) {
    const valid = VALID[action];
    for (const field of Object.keys(valid).filter((f) => f !== 'action')) {
      if (!OPTIONAL[action]?.includes(field)) {
        cases.push([
          `${action}: missing ${field}`,
          without(action, field),
          isInvalidEventError,
          invalid(action, `${field}: Missing required field`),
        ]);
      }
      const [value, problem] = WRONG_TYPE[field] ?? [];
      cases.push([
        `${action}: wrong-typed ${field}`,
        withField(action, field, value),
        isInvalidEventError,
        invalid(action, `${field}: ${problem}`),
      ]);
    }
    const json = JSON.stringify(valid);
    // The ID the event names: the plan's for the scheduled check, the execution's for the rest.
    const [id, idName, idLimit] =
      action === 'evaluate_readiness'
        ? (['planIds', 'a plan ID', 64] as const)
        : (['executionId', 'an execution ID', 80] as const);
    const misspelt = `${id.slice(0, -1)}D`;
    cases.push(
      [
        `${action}: an unknown field`,
        withField(action, misspelt, 'e1'),
        isInvalidEventError,
        invalid(action, `${misspelt}: Unknown field "${misspelt}" (did you mean "${id}"?)`),
      ],
      [
        `${action}: __proto__`,
        JSON.parse(`${json.slice(0, -1)},"__proto__":{"isDrill":false,"polluted":true}}`),
        isInvalidEventError,
        invalid(action, '__proto__: Unknown field "__proto__"'),
      ],
      [
        `${action}: constructor.prototype`,
        JSON.parse(`${json.slice(0, -1)},"constructor":{"prototype":{"polluted":true}}}`),
        isInvalidEventError,
        invalid(action, 'constructor: Unknown field "constructor"'),
      ],
      [
        `${action}: prototype, toString and three other unknown fields, all reported`,
        JSON.parse(`${json.slice(0, -1)},"prototype":1,"toString":2,"a":3,"b":4,"c":5}`),
        isInvalidEventError,
        invalid(
          action,
          'prototype: Unknown field "prototype"',
          'toString: Unknown field "toString"',
          'a: Unknown field "a"',
          'b: Unknown field "b"',
          'c: Unknown field "c"',
        ),
      ],
      [
        `${action}: malformed ${id}`,
        withField(action, id, id === 'planIds' ? ['shop', 'e 1'] : 'e 1'),
        isInvalidEventError,
        invalid(
          action,
          `${id === 'planIds' ? 'planIds[1]' : id}: Expected ${idName} of 1 to ${idLimit} letters, digits, "-" or "_", got "e 1"`,
        ),
      ],
      [
        `${action}: over 256 KiB of JSON`,
        withField(action, 'padding', 'x'.repeat(262_144)),
        isInvalidEventError,
        invalid(
          action,
          `(root): Expected an event of at most 262144 bytes of JSON, got ${bytes(withField(action, 'padding', 'x'.repeat(262_144)))}`,
        ),
      ],
    );
  }
  return cases;
}

const expectedActions =
  'expected one of begin_execution, load_stage, start_wave, check_wave_status, await_wave, request_approval, record_wave_failure, check_readiness, evaluate_readiness, next_action, record_action, finish_execution, request_decision, retry_wave, skip_wave, expire_decision';

/** `depth` objects nested in one another, built from JSON as an event would be. */
const deep = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Nested deeper than JSON.stringify can follow (no JSON parser would build it). */
function tooDeep(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

const idMessage = (what: string, max: number, shown: string) =>
  `Expected ${what} of 1 to ${max} letters, digits, "-" or "_", got ${shown}`;

const CASES: Case[] = [
  ...perActionCases(),

  // Actions.
  [
    'unknown action',
    { action: 'foo' },
    isUnknownActionError,
    `Unknown action "foo": ${expectedActions}`,
  ],
  [
    'action in another case',
    { ...VALID.start_wave, action: 'START_WAVE' },
    isUnknownActionError,
    `Unknown action "START_WAVE": ${expectedActions}`,
  ],
  [
    'action naming a prototype member',
    { action: 'constructor' },
    isUnknownActionError,
    `Unknown action "constructor": ${expectedActions}`,
  ],
  [
    'action "__proto__"',
    JSON.parse('{"action":"__proto__"}'),
    isUnknownActionError,
    `Unknown action "__proto__": ${expectedActions}`,
  ],
  [
    'action only inside a "__proto__" field',
    JSON.parse('{"__proto__":{"action":"start_wave"},"executionId":"e1"}'),
    isUnknownActionError,
    `Missing action: ${expectedActions}`,
  ],
  [
    'action only on the prototype',
    Object.create({ action: 'start_wave' }),
    isUnknownActionError,
    `Missing action: ${expectedActions}`,
  ],
  [
    'missing action',
    without('start_wave', 'action'),
    isUnknownActionError,
    `Missing action: ${expectedActions}`,
  ],
  ['numeric action', { action: 1 }, isUnknownActionError, `Unknown action 1: ${expectedActions}`],
  [
    'null action',
    { action: null },
    isUnknownActionError,
    `Unknown action null: ${expectedActions}`,
  ],
  [
    'action in an array',
    { action: ['start_wave'] },
    isUnknownActionError,
    `Unknown action an array: ${expectedActions}`,
  ],

  // Not an object.
  ...(
    [
      [null, 'null'],
      [undefined, 'nothing'],
      ['start_wave', '"start_wave"'],
      [42, '42'],
      [true, 'true'],
      [[], 'an array'],
      [[VALID.start_wave], 'an array'],
    ] as const
  ).map(
    ([event, shown]): Case => [
      `event ${JSON.stringify(event) ?? 'undefined'}`,
      event,
      isInvalidEventError,
      `Invalid event (1 problem):\n- (root): Expected an event object, got ${shown}`,
    ],
  ),

  // Size is counted in UTF-8 bytes, before any field is read.
  [
    '140,000 two-byte characters: under 256 Ki characters, over 256 KiB',
    withField('start_wave', 'waveId', 'é'.repeat(140_000)),
    isInvalidEventError,
    invalid(
      'start_wave',
      `(root): Expected an event of at most 262144 bytes of JSON, got ${bytes(withField('start_wave', 'waveId', 'é'.repeat(140_000)))}`,
    ),
  ],
  [
    'a huge event of an unknown action',
    { action: 'foo', padding: 'x'.repeat(300_000) },
    isUnknownActionError,
    `Unknown action "foo": ${expectedActions}`,
  ],

  // Deep nesting: refused past 32 levels, before any deep walk; within them, fields are checked.
  [
    'junk nested 31 deep in an unknown field (32 levels with the event: the limit)',
    withField('check_wave_status', 'junk', deep(31)),
    isInvalidEventError,
    invalid('check_wave_status', 'junk: Unknown field "junk"'),
  ],
  [
    'an ID nested 31 deep',
    withField('start_wave', 'waveId', deep(31)),
    isInvalidEventError,
    invalid('start_wave', 'waveId: Expected a wave ID as a string, got an object'),
  ],
  [
    'nesting in the execution input, at the limit',
    withInput({ planId: deep(30), more: deep(30) }),
    isInvalidEventError,
    invalid(
      'begin_execution',
      'input.planId: Expected a plan ID as a string, got an object',
      'input.more: Unknown field "more"',
    ),
  ],
  [
    'junk nested 32 deep in an unknown field (33 levels)',
    withField('check_wave_status', 'junk', deep(32)),
    isInvalidEventError,
    invalid('check_wave_status', '(root): Expected an event nested at most 32 levels deep'),
  ],
  [
    'deeply nested junk in an unknown field',
    withField('check_wave_status', 'junk', deep(2000)),
    isInvalidEventError,
    invalid('check_wave_status', '(root): Expected an event nested at most 32 levels deep'),
  ],
  [
    'deeply nested junk as an ID',
    withField('start_wave', 'waveId', deep(2000)),
    isInvalidEventError,
    invalid('start_wave', '(root): Expected an event nested at most 32 levels deep'),
  ],
  [
    'deeply nested junk in the execution input',
    withInput({ planId: deep(2000), more: deep(2000) }),
    isInvalidEventError,
    invalid('begin_execution', '(root): Expected an event nested at most 32 levels deep'),
  ],
  [
    'an event nested 5,000 deep (JSON.stringify cannot follow it)',
    withField('finish_execution', 'failure', deep(5_000)),
    isInvalidEventError,
    invalid('finish_execution', '(root): Expected an event nested at most 32 levels deep'),
  ],
  [
    'arrays nested 5,000 deep',
    withField(
      'request_approval',
      'taskToken',
      JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`),
    ),
    isInvalidEventError,
    invalid('request_approval', '(root): Expected an event nested at most 32 levels deep'),
  ],
  [
    'nested 1,000,000 deep (no JSON parser would build it)',
    withField('start_wave', 'junk', tooDeep(1_000_000)),
    isInvalidEventError,
    invalid('start_wave', '(root): Expected an event nested at most 32 levels deep'),
  ],

  // Values JSON cannot hold.
  [
    'a cycle',
    (() => {
      const event: Record<string, unknown> = { ...VALID.start_wave };
      event.self = event;
      return event;
    })(),
    isInvalidEventError,
    invalid('start_wave', '(root): Expected an event that JSON can represent'),
  ],
  [
    'a BigInt timeout',
    withField('check_wave_status', 'timeoutSeconds', 7200n),
    isInvalidEventError,
    invalid('check_wave_status', '(root): Expected an event that JSON can represent'),
  ],
  [
    'a getter that throws',
    Object.defineProperty({ ...VALID.start_wave }, 'waveId', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    }),
    isInvalidEventError,
    invalid('start_wave', '(root): Expected an event that JSON can represent'),
  ],

  // Misspelled fields: the closest known field is suggested, when one is close enough.
  [
    '"waveID" for "waveId"',
    { ...without('start_wave', 'waveId'), waveID: 'db' },
    isInvalidEventError,
    invalid(
      'start_wave',
      'waveId: Missing required field',
      'waveID: Unknown field "waveID" (did you mean "waveId"?)',
    ),
  ],
  [
    '"executionTyp" for "executionType"',
    { ...without('start_wave', 'executionType'), executionTyp: 'DRILL' },
    isInvalidEventError,
    invalid(
      'start_wave',
      'executionType: Missing required field',
      'executionTyp: Unknown field "executionTyp" (did you mean "executionType"?)',
    ),
  ],
  [
    '"stauts" for "status" (two letters swapped)',
    { ...without('finish_execution', 'status'), stauts: 'FAILED' },
    isInvalidEventError,
    invalid(
      'finish_execution',
      'status: Missing required field',
      'stauts: Unknown field "stauts" (did you mean "status"?)',
    ),
  ],
  [
    '"timeoutSecond" for "timeoutSeconds"',
    { ...without('check_wave_status', 'timeoutSeconds'), timeoutSecond: 7200 },
    isInvalidEventError,
    invalid(
      'check_wave_status',
      'timeoutSeconds: Missing required field',
      'timeoutSecond: Unknown field "timeoutSecond" (did you mean "timeoutSeconds"?)',
    ),
  ],
  [
    '"task_token" for "taskToken"',
    { ...without('request_approval', 'taskToken'), task_token: 'AQCEAAAAKgAAAA' },
    isInvalidEventError,
    invalid(
      'request_approval',
      'taskToken: Missing required field',
      'task_token: Unknown field "task_token" (did you mean "taskToken"?)',
    ),
  ],
  [
    '"planID" in the execution input',
    withField('begin_execution', 'input', { planID: 'shop', executionType: 'DRILL' }),
    isInvalidEventError,
    invalid(
      'begin_execution',
      'input.planId: Missing required field',
      'input.planID: Unknown field "planID" (did you mean "planId"?)',
    ),
  ],
  [
    '"confirmRecovry" on a RECOVERY: not a confirmation',
    withInput({ executionType: 'RECOVERY', confirmRecovry: 'shop' }),
    isInvalidEventError,
    invalid(
      'begin_execution',
      'input.confirmRecovery: A RECOVERY of plan "shop" needs confirmRecovery set to "shop", got nothing',
      'input.confirmRecovry: Unknown field "confirmRecovry" (did you mean "confirmRecovery"?)',
    ),
  ],
  [
    '"cause" in a Step Functions error',
    withFailure('record_wave_failure', { Error: 'WaveFailed', cause: 'x' }),
    isInvalidEventError,
    invalid('record_wave_failure', 'failure.cause: Unknown field "cause" (did you mean "Cause"?)'),
  ],
  [
    '"pollInterval": too far from "pollIntervalSeconds" for a suggestion',
    { ...without('begin_execution', 'pollIntervalSeconds'), pollInterval: 30 },
    isInvalidEventError,
    invalid(
      'begin_execution',
      'pollIntervalSeconds: Missing required field',
      'pollInterval: Unknown field "pollInterval"',
    ),
  ],

  // Control characters and lone surrogates in IDs.
  ...(
    [
      ['waveId', 'db\u0000', '"db\\u0000"'],
      ['waveId', 'db\n', '"db\\n"'],
      ['waveId', '\u001b[31mdb', '"\\u001b[31mdb"'],
      ['waveId', 'db\ud800', '"db\\ud800"'],
      ['waveId', '\udc00', '"\\udc00"'],
      ['waveId', 'db\u200b', '"db\u200b"'],
      ['executionId', 'e1\t', '"e1\\t"'],
      ['executionId', 'e1\udfff', '"e1\\udfff"'],
    ] as const
  ).map(
    ([field, value, shown]): Case => [
      `${field} ${JSON.stringify(value)}`,
      withField('start_wave', field, value),
      isInvalidEventError,
      invalid(
        'start_wave',
        `${field}: ${field === 'waveId' ? idMessage('a wave ID', 64, shown) : idMessage('an execution ID', 80, shown)}`,
      ),
    ],
  ),
  [
    'planId with a lone surrogate',
    withInput({ planId: 'shop\ud83d' }),
    isInvalidEventError,
    invalid('begin_execution', `input.planId: ${idMessage('a plan ID', 64, '"shop\\ud83d"')}`),
  ],

  // Execution type typos never become a recovery (or a drill).
  ...['drill', 'Drill', 'RECOVERY ', ' DRILL', 'REAL', 'recovery', 'RECOVER', ''].flatMap(
    (typo): Case[] => [
      [
        `start_wave executionType ${JSON.stringify(typo)}`,
        withField('start_wave', 'executionType', typo),
        isInvalidEventError,
        invalid(
          'start_wave',
          `executionType: Expected execution type "DRILL" or "RECOVERY", got ${JSON.stringify(typo)}`,
        ),
      ],
      [
        `begin_execution executionType ${JSON.stringify(typo)}`,
        withInput({ executionType: typo, confirmRecovery: 'shop' }),
        isInvalidEventError,
        invalid(
          'begin_execution',
          `input.executionType: Expected execution type "DRILL" or "RECOVERY", got ${JSON.stringify(typo)}`,
        ),
      ],
    ],
  ),

  // Malformed execution IDs.
  ...(
    [
      ['', '""'],
      ['a'.repeat(81), JSON.stringify(`${'a'.repeat(80)}...`)],
      ['e/1', '"e/1"'],
      ['e.1', '"e.1"'],
      ['exécution', '"exécution"'],
      [
        'arn:aws:states:us-east-1:123456789012:execution:m:e1',
        '"arn:aws:states:us-east-1:123456789012:execution:m:e1"',
      ],
    ] as const
  ).map(
    ([value, shown]): Case => [
      `executionId ${JSON.stringify(value).slice(0, 40)}`,
      withField('check_wave_status', 'executionId', value),
      isInvalidEventError,
      invalid('check_wave_status', `executionId: ${idMessage('an execution ID', 80, shown)}`),
    ],
  ),
  [
    'waveId of 65 characters',
    withField('request_approval', 'waveId', 'w'.repeat(65)),
    isInvalidEventError,
    invalid('request_approval', `waveId: ${idMessage('a wave ID', 64, `"${'w'.repeat(65)}"`)}`),
  ],

  // Numbers.
  ...(
    [
      [0, '0'],
      [-60, '-60'],
      [1.5, '1.5'],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [1e300, '1e+300'],
    ] as const
  ).map(
    ([value, shown]): Case => [
      `timeoutSeconds ${shown}`,
      withField('check_wave_status', 'timeoutSeconds', value),
      isInvalidEventError,
      invalid(
        'check_wave_status',
        `timeoutSeconds: Expected timeoutSeconds to be a positive integer, got ${shown}`,
      ),
    ],
  ),
  [
    'both begin_execution numbers zero',
    { ...VALID.begin_execution, pollIntervalSeconds: 0, defaultWaveTimeoutSeconds: -1 },
    isInvalidEventError,
    invalid(
      'begin_execution',
      'pollIntervalSeconds: Expected pollIntervalSeconds to be a positive integer, got 0',
      'defaultWaveTimeoutSeconds: Expected defaultWaveTimeoutSeconds to be a positive integer, got -1',
    ),
  ],

  // Booleans are booleans.
  ...(
    [
      [0, '0'],
      ['true', '"true"'],
      [null, 'null'],
    ] as const
  ).map(
    ([value, shown]): Case => [
      `requirePostLaunchActions ${shown}`,
      withField('check_wave_status', 'requirePostLaunchActions', value),
      isInvalidEventError,
      invalid(
        'check_wave_status',
        `requirePostLaunchActions: Expected requirePostLaunchActions to be a boolean, got ${shown}`,
      ),
    ],
  ),

  // Task tokens: never shown.
  [
    'empty task token',
    withField('request_approval', 'taskToken', ''),
    isInvalidEventError,
    invalid('request_approval', 'taskToken: Expected a non-empty task token'),
  ],
  [
    'task token over 8192 characters',
    withField('request_approval', 'taskToken', 'AQCE'.repeat(2049)),
    isInvalidEventError,
    invalid(
      'request_approval',
      'taskToken: Expected a task token of at most 8192 characters, got 8196',
    ),
  ],

  // The execution input.
  [
    'input null',
    withField('begin_execution', 'input', null),
    isInvalidEventError,
    invalid('begin_execution', 'input: Expected the execution input as an object, got null'),
  ],
  [
    'input an array',
    withField('begin_execution', 'input', [{ planId: 'shop', executionType: 'DRILL' }]),
    isInvalidEventError,
    invalid('begin_execution', 'input: Expected the execution input as an object, got an array'),
  ],
  [
    'input empty',
    withField('begin_execution', 'input', {}),
    isInvalidEventError,
    invalid(
      'begin_execution',
      'input.planId: Missing required field',
      'input.executionType: Missing required field',
    ),
  ],
  [
    'input with a malformed plan ID and an unknown field',
    withInput({ planId: 'shop!', isDrill: true }),
    isInvalidEventError,
    invalid(
      'begin_execution',
      `input.planId: ${idMessage('a plan ID', 64, '"shop!"')}`,
      'input.isDrill: Unknown field "isDrill"',
    ),
  ],
  [
    'input with __proto__ and constructor',
    withField(
      'begin_execution',
      'input',
      JSON.parse(
        '{"planId":"shop","executionType":"DRILL","__proto__":{"executionType":"RECOVERY"},"constructor":{"prototype":{}}}',
      ),
    ),
    isInvalidEventError,
    invalid(
      'begin_execution',
      'input.__proto__: Unknown field "__proto__"',
      'input.constructor: Unknown field "constructor"',
    ),
  ],
  [
    'confirmRecovery not a string',
    withInput({ executionType: 'RECOVERY', confirmRecovery: true }),
    isInvalidEventError,
    invalid(
      'begin_execution',
      'input.confirmRecovery: Expected confirmRecovery as a string, got true',
    ),
  ],
  [
    'RECOVERY confirmed with the plan ID padded',
    withInput({ executionType: 'RECOVERY', confirmRecovery: 'shop ' }),
    isInvalidEventError,
    invalid(
      'begin_execution',
      'input.confirmRecovery: A RECOVERY of plan "shop" needs confirmRecovery set to "shop", got "shop "',
    ),
  ],

  // Step Functions errors.
  [
    'failure without Error',
    withFailure('record_wave_failure', { Cause: 'x' }),
    isInvalidEventError,
    invalid('record_wave_failure', 'failure.Error: Missing required field'),
  ],
  [
    'failure with wrong-typed Error and Cause',
    withFailure('finish_execution', { Error: 42, Cause: { errorMessage: 'x' } }),
    isInvalidEventError,
    invalid(
      'finish_execution',
      'failure.Error: Expected Error as a string, got 42',
      'failure.Cause: Expected Cause as a string, got an object',
    ),
  ],
  [
    'failure null',
    withFailure('record_wave_failure', null),
    isInvalidEventError,
    invalid(
      'record_wave_failure',
      'failure: Expected a Step Functions error ({ Error, Cause }) as an object, got null',
    ),
  ],
  [
    'failure with an unknown field and __proto__',
    withFailure(
      'record_wave_failure',
      JSON.parse('{"Error":"WaveFailed","error":"x","__proto__":{"Error":"y"}}'),
    ),
    isInvalidEventError,
    invalid(
      'record_wave_failure',
      'failure.error: Unknown field "error" (did you mean "Error"?)',
      'failure.__proto__: Unknown field "__proto__"',
    ),
  ],
  [
    'finish status in lower case',
    withField('finish_execution', 'status', 'succeeded'),
    isInvalidEventError,
    invalid('finish_execution', 'status: Expected status "SUCCEEDED" or "FAILED", got "succeeded"'),
  ],

  // Everything at once, every problem reported.
  [
    'five problems in one start_wave event',
    JSON.parse(
      '{"action":"start_wave","executionId":"","executionType":"drill","__proto__":{},"WaveId":"db"}',
    ),
    isInvalidEventError,
    invalid(
      'start_wave',
      `executionId: ${idMessage('an execution ID', 80, '""')}`,
      'executionType: Expected execution type "DRILL" or "RECOVERY", got "drill"',
      'waveId: Missing required field',
      '__proto__: Unknown field "__proto__"',
      'WaveId: Unknown field "WaveId" (did you mean "waveId"?)',
    ),
  ],
];

/** The plans of a scheduled check: between 1 and 20, each once. */
const PLAN_LIST_CASES: Case[] = [
  [
    'evaluate_readiness: no plan',
    { action: 'evaluate_readiness', planIds: [] },
    isInvalidEventError,
    invalid('evaluate_readiness', 'planIds: Expected 1 to 20 plan IDs, got 0'),
  ],
  [
    'evaluate_readiness: 21 plans',
    { action: 'evaluate_readiness', planIds: Array.from({ length: 21 }, (_, i) => `p${i}`) },
    isInvalidEventError,
    invalid('evaluate_readiness', 'planIds: Expected 1 to 20 plan IDs, got 21'),
  ],
  [
    'evaluate_readiness: a plan twice',
    { action: 'evaluate_readiness', planIds: ['shop', 'crm', 'shop'] },
    isInvalidEventError,
    invalid('evaluate_readiness', 'planIds: Expected each plan ID once, got "shop" twice'),
  ],
];
CASES.push(...PLAN_LIST_CASES);

describe('the action router refuses bad events', () => {
  it('accepts each VALID event (the cases break them on purpose)', async () => {
    for (const event of Object.values(VALID)) {
      // A history of its own per event: no execution exists, so nothing reaches DRS.
      const memory = createActionRouter({
        ...stack.deps({ history: new InMemoryExecutionHistoryStore() }),
        plans,
      });
      const error = await memory(event).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isInvalidEventError(error) || isUnknownActionError(error)).toBe(false);
    }
    expect(stack.emulator.requestCount()).toBe(0);
  });

  it.each(CASES)('%s', async (_name, event, guard, message) => {
    const error = await route(event).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(guard(error)).toBe(true);
    expect((error as Error).message).toBe(message);
    if (isInvalidEventError(error)) {
      expect(error.problems).toHaveLength(message.split('\n').length - 1);
    }
    expect(stack.emulator.requestCount()).toBe(0);
    const scan = await stack.dynamo.doc.send(new ScanCommand({ TableName: stack.tableName }));
    expect(scan.Items).toStrictEqual([]);
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(Object.hasOwn(Object.prototype, 'isDrill')).toBe(false);
  });
});

describe('events whose action cannot be read', () => {
  // Through parseEvent, and through the router, whose log line reads `action` again.
  const NOT_JSON =
    'Invalid event (1 problem):\n- (root): Expected an event that JSON can represent';
  const revoked = Proxy.revocable({ ...VALID.start_wave }, {});
  revoked.revoke();
  it.each([
    [
      'a getter on action that throws',
      Object.defineProperty({}, 'action', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      }),
    ],
    ['a revoked proxy', revoked.proxy],
    [
      'a proxy whose traps throw',
      new Proxy(
        { ...VALID.start_wave },
        {
          getOwnPropertyDescriptor() {
            throw new Error('trap');
          },
        },
      ),
    ],
  ])('%s', async (_name, event) => {
    let error: unknown;
    try {
      parseEvent(event);
    } catch (e) {
      error = e;
    }
    expect(isInvalidEventError(error)).toBe(true);
    expect((error as Error).message).toBe(NOT_JSON);
    const routed = await route(event).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isInvalidEventError(routed)).toBe(true);
    expect((routed as Error).message).toBe(NOT_JSON);
  });
});
