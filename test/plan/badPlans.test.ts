import { afterAll, describe, expect, it } from 'vitest';
import { isInvalidPlanError, parseRecoveryPlan } from '../../src/index';
import { fakeSourceServerId } from '../../src/testing/index';
import { serverIds } from '../helpers/waves';

const [S1, S2, S3] = serverIds(3) as [string, string, string];

/** One bad input and the exact message of the InvalidPlanError it must give. */
type Case = readonly [name: string, input: () => unknown, message: string];

/** The message of an InvalidPlanError listing `problems` (`path: message` each). */
const invalid = (...problems: string[]) =>
  `Invalid recovery plan (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}):\n${problems.map((p) => `- ${p}`).join('\n')}`;

/** A valid plan of one wave, with fields replaced. */
const plan = (fields: Record<string, unknown> = {}) => ({
  id: 'shop',
  waves: [{ id: 'db', servers: [S1] }],
  ...fields,
});
/** A valid plan whose only wave has fields replaced. */
const wave = (fields: Record<string, unknown>) => plan({ waves: [{ id: 'db', ...fields }] });
/** A valid plan built from JSON text, so `__proto__` stays an own key as a parser leaves it. */
const json = (text: string) => () => JSON.parse(text) as unknown;

const SERVER_ID = (shown: string) =>
  `Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got ${shown}`;
const WAVE_ID = (shown: string) =>
  `Expected a wave ID of 1 to 64 letters, digits, "-" or "_", got ${shown}`;
const PLAN_ID = (shown: string) =>
  `Expected a plan ID of 1 to 64 letters, digits, "-" or "_", got ${shown}`;
const TYPE = (shown: string) => `Expected execution type "DRILL" or "RECOVERY", got ${shown}`;
const NOTHING = (waveId: string) =>
  `Wave "${waveId}" has nothing to recover: list servers or protectionGroups`;

/** `depth` objects nested in one another, as JSON.parse builds them. */
const nested = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** A plan of `count` one-server waves (each about 60 bytes of JSON). */
const manyWaves = (count: number) =>
  plan({
    waves: Array.from({ length: count }, (_, i) => ({
      id: `w${i}`,
      servers: [`s-${String(i + 1).padStart(17, '0')}`],
      dependsOn: [],
    })),
  });
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Short wave IDs (base 36), so that long chains fit in a plan. */
const waveId = (i: number) => i.toString(36);
/**
 * `count` waves, each depending on the one listed after it: the order in which a recursive walk
 * of the dependencies goes deepest. With `closed`, the last depends on the first: one cycle.
 */
const chain = (count: number, closed = false) =>
  plan({
    waves: Array.from({ length: count }, (_, i) => ({
      id: waveId(i),
      servers: [fakeSourceServerId(i)],
      dependsOn: i + 1 < count ? [waveId(i + 1)] : closed ? [waveId(0)] : [],
    })),
  });
/**
 * `count` waves listed one after another (each waits for the one before it), the first waiting
 * for the last: one cycle through them all, the longest a plan can hold.
 */
const loop = (count: number) =>
  plan({
    waves: Array.from({ length: count }, (_, i) => ({
      id: waveId(i),
      servers: [fakeSourceServerId(i)],
      ...(i === 0 ? { dependsOn: [waveId(count - 1)] } : {}),
    })),
  });
/** `count` waves, each depending on itself: `count` cycles. */
const selfCycles = (count: number) =>
  plan({
    waves: Array.from({ length: count }, (_, i) => ({
      id: waveId(i),
      servers: [fakeSourceServerId(i)],
      dependsOn: [waveId(i)],
    })),
  });
const selfCycleProblems = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `waves[${i}].dependsOn: Waves form a dependency cycle: ${waveId(i)} -> ${waveId(i)}`,
  );

/** A valid plan of exactly `size` bytes of JSON: waves, then a description of under 4 KB. */
function planOfBytes(size: number) {
  const perWave = bytes(manyWaves(10_000)) / 10_000;
  const base = manyWaves(Math.floor((size - 3_000) / perWave));
  return { ...base, description: 'x'.repeat(size - bytes({ ...base, description: '' })) };
}

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:drain';

const CASES: Case[] = [
  // Wave actions: each problem named by its path.
  [
    'wave actions of an unknown type, without their ARN or document, with bad timeouts',
    () =>
      wave({
        servers: [S1],
        requireApproval: true,
        before: [
          { type: 'lambda', functionArn: 'drain' },
          { type: 'script', path: 'x.sh' },
          { type: 'ssmAutomation' },
          { type: 'approval', timeoutSeconds: 10 },
        ],
        after: [
          { type: 'lambda', functionArn: FN, timeoutSeconds: 901, onFailure: 'IGNORE' },
          { type: 'wait', seconds: 0, note: 'x' },
        ],
      }),
    invalid(
      'waves[0].before[0].functionArn: Expected functionArn to be a Lambda function ARN, got "drain"',
      'waves[0].before[1].type: Expected an action of type "lambda", "ssmAutomation", "wait" or "approval", got "script"',
      'waves[0].before[2].documentName: Missing required field',
      'waves[0].before[3].timeoutSeconds: Expected timeoutSeconds of at least 60, got 10',
      'waves[0].after[0].timeoutSeconds: Expected timeoutSeconds of at most 900, got 901',
      'waves[0].after[0].onFailure: Expected onFailure "FAIL" or "CONTINUE", got "IGNORE"',
      'waves[0].after[1].seconds: Expected seconds of at least 1, got 0',
      'waves[0].after[1].note: Unknown field "note"',
      'waves[0].before[3]: Expected at most one approval per wave, got 2 (waves[0].requireApproval, waves[0].before[3])',
    ),
  ],
  [
    'a targetParameter before the launch, and too many actions',
    () =>
      wave({
        servers: [S1],
        before: [{ type: 'ssmAutomation', documentName: 'Doc-1', targetParameter: 'InstanceIds' }],
        after: Array.from({ length: 21 }, () => ({ type: 'wait', seconds: 1 })),
      }),
    invalid(
      'waves[0].after: Expected at most 20 after actions, got 21',
      'waves[0].before[0].targetParameter: Expected targetParameter only after the launch: before it, the wave has no recovery instances',
    ),
  ],
  // Not a plan at all.
  ...(
    [
      ['null', null, 'null'],
      ['nothing', undefined, 'nothing'],
      ['a number', 42, '42'],
      ['a string', 'shop', '"shop"'],
      ['a boolean', true, 'true'],
      ['an array', [], 'an array'],
      ['an array of a plan', [plan()], 'an array'],
    ] as const
  ).map(
    ([name, input, shown]): Case => [
      `the plan is ${name}`,
      () => input,
      invalid(`(root): Expected a recovery plan object, got ${shown}`),
    ],
  ),

  // Missing fields.
  [
    'an empty object',
    () => ({}),
    invalid('id: Missing required field', 'waves: Missing required field'),
  ],
  ['no id', () => ({ waves: plan().waves }), invalid('id: Missing required field')],
  ['no waves', () => ({ id: 'shop' }), invalid('waves: Missing required field')],
  [
    'no wave at all',
    () => plan({ waves: [] }),
    invalid('waves: Expected at least one wave, got none'),
  ],
  [
    'a wave without id or servers',
    () => plan({ waves: [{}] }),
    invalid('waves[0].id: Missing required field', `waves[0]: ${NOTHING('#0')}`),
  ],
  [
    'a wave with empty lists',
    () => wave({ servers: [], protectionGroups: [] }),
    invalid(`waves[0]: ${NOTHING('db')}`),
  ],
  [
    'a server object without sourceServerId',
    () => wave({ servers: [{ impact: 'CRITICAL' }] }),
    invalid('waves[0].servers[0].sourceServerId: Missing required field'),
  ],

  // Wrong types.
  ['id a number', () => plan({ id: 42 }), invalid('id: Expected a plan ID as a string, got 42')],
  ['id null', () => plan({ id: null }), invalid('id: Expected a plan ID as a string, got null')],
  [
    'name a number',
    () => plan({ name: 5 }),
    invalid('name: Expected a plan name as a string, got 5'),
  ],
  [
    'description an array',
    () => plan({ description: ['x'] }),
    invalid('description: Expected a plan description as a string, got an array'),
  ],
  [
    'waves an object',
    () => plan({ waves: { db: { servers: [S1] } } }),
    invalid('waves: Expected waves as an array, got an object'),
  ],
  [
    'waves a string',
    () => plan({ waves: 'db' }),
    invalid('waves: Expected waves as an array, got "db"'),
  ],
  [
    'a wave that is a string',
    () => plan({ waves: ['db'] }),
    invalid('waves[0]: Expected a wave object, got "db"'),
  ],
  [
    'a wave that is null',
    () => plan({ waves: [null] }),
    invalid('waves[0]: Expected a wave object, got null'),
  ],
  [
    'servers a string',
    () => wave({ servers: S1 }),
    invalid(
      `waves[0].servers: Expected servers as an array, got "${S1}"`,
      `waves[0]: ${NOTHING('db')}`,
    ),
  ],
  [
    'protectionGroups a string',
    () => wave({ protectionGroups: 'pg-db' }),
    invalid(
      'waves[0].protectionGroups: Expected protectionGroups as an array, got "pg-db"',
      `waves[0]: ${NOTHING('db')}`,
    ),
  ],
  [
    'dependsOn a string',
    () => plan({ waves: [...plan().waves, { id: 'app', servers: [S2], dependsOn: 'db' }] }),
    invalid('waves[1].dependsOn: Expected dependsOn as an array, got "db"'),
  ],
  [
    'timeoutSeconds a string',
    () => wave({ servers: [S1], timeoutSeconds: '600' }),
    invalid('waves[0].timeoutSeconds: Expected timeoutSeconds as a number, got "600"'),
  ],
  [
    'requireApproval a string',
    () => wave({ servers: [S1], requireApproval: 'yes' }),
    invalid('waves[0].requireApproval: Expected requireApproval as a boolean, got "yes"'),
  ],
  [
    'requirePostLaunchActions a number',
    () => wave({ servers: [S1], requirePostLaunchActions: 1 }),
    invalid(
      'waves[0].requirePostLaunchActions: Expected requirePostLaunchActions as a boolean, got 1',
    ),
  ],
  [
    'an impact level that does not exist',
    () => wave({ servers: [{ sourceServerId: S1, impact: 'LOW' }] }),
    invalid('waves[0].servers[0].impact: Expected impact "CRITICAL" or "OPTIONAL", got "LOW"'),
  ],
  [
    'an impact level in lower case',
    () => wave({ servers: [{ sourceServerId: S1, impact: 'optional' }] }),
    invalid('waves[0].servers[0].impact: Expected impact "CRITICAL" or "OPTIONAL", got "optional"'),
  ],
  ...(
    [
      [5, '5'],
      [null, 'null'],
      [[S1], 'an array'],
      [true, 'true'],
    ] as const
  ).map(
    ([server, shown]): Case => [
      `a server that is ${shown}`,
      () => wave({ servers: [server] }),
      invalid(
        `waves[0].servers[0]: Expected a source server ID or { sourceServerId, impact }, got ${shown}`,
      ),
    ],
  ),
  ...(
    [
      [Number.NaN, ['Expected timeoutSeconds as a number, got NaN']],
      [59, ['Expected timeoutSeconds of at least 60, got 59']],
      [-1, ['Expected timeoutSeconds of at least 60, got -1']],
      [
        1.5,
        [
          'Expected timeoutSeconds to be an integer, got 1.5',
          'Expected timeoutSeconds of at least 60, got 1.5',
        ],
      ],
      [31_536_001, ['Expected timeoutSeconds of at most 31536000, got 31536001']],
    ] as const
  ).map(
    ([timeoutSeconds, problems]): Case => [
      `timeoutSeconds ${timeoutSeconds}`,
      () => wave({ servers: [S1], timeoutSeconds }),
      invalid(...problems.map((p) => `waves[0].timeoutSeconds: ${p}`)),
    ],
  ),
  // Recovery-time objectives: whole minutes, from 1 to a year, on the plan and on a wave.
  ...(
    [
      [0, ['Expected rtoMinutes of at least 1, got 0']],
      [2.5, ['Expected rtoMinutes to be an integer, got 2.5']],
      ['60', ['Expected rtoMinutes as a number, got "60"']],
      [525_601, ['Expected rtoMinutes of at most 525600, got 525601']],
    ] as const
  ).flatMap(([rtoMinutes, problems]): Case[] => [
    [
      `a wave's rtoMinutes ${JSON.stringify(rtoMinutes)}`,
      () => wave({ servers: [S1], rtoMinutes }),
      invalid(...problems.map((p) => `waves[0].rtoMinutes: ${p}`)),
    ],
    [
      `the plan's rtoMinutes ${JSON.stringify(rtoMinutes)}`,
      () => ({ ...(wave({ servers: [S1] }) as object), rtoMinutes }),
      invalid(...problems.map((p) => `rtoMinutes: ${p}`)),
    ],
  ]),
  [
    'timeoutSeconds Infinity',
    () => wave({ servers: [S1], timeoutSeconds: Number.POSITIVE_INFINITY }),
    invalid(
      'waves[0].timeoutSeconds: Expected timeoutSeconds to be an integer, got Infinity',
      'waves[0].timeoutSeconds: Expected timeoutSeconds of at most 31536000, got Infinity',
    ),
  ],

  // Execution type typos: never a recovery, never case-folded or trimmed.
  ...(
    [
      ['drill', '"drill"'],
      ['Drill', '"Drill"'],
      ['DRILL ', '"DRILL "'],
      [' RECOVERY', '" RECOVERY"'],
      ['recovery', '"recovery"'],
      ['Recovery', '"Recovery"'],
      ['RECOVER', '"RECOVER"'],
      ['RECOVERY\n', '"RECOVERY\\n"'],
      ['REAL', '"REAL"'],
      ['DR1LL', '"DR1LL"'],
      ['ＤＲＩＬＬ', '"ＤＲＩＬＬ"'],
      ['DRILL\u0000', '"DRILL\\u0000"'],
      ['', '""'],
      [null, 'null'],
      [true, 'true'],
      [['DRILL'], 'an array'],
      [{ type: 'DRILL' }, 'an object'],
    ] as const
  ).map(
    ([executionType, shown]): Case => [
      `execution type ${shown}`,
      () => plan({ executionType }),
      invalid(`executionType: ${TYPE(shown)}`),
    ],
  ),

  // Malformed source server IDs.
  ...(
    [
      ['s-123', '"s-123"'],
      ['S-00000000000000001', '"S-00000000000000001"'],
      ['i-00000000000000001', '"i-00000000000000001"'],
      ['s-0000000000000000!', '"s-0000000000000000!"'],
      ['s-000000000000000001', '"s-000000000000000001"'],
      ['s_00000000000000001', '"s_00000000000000001"'],
      [` ${S1}`, `" ${S1}"`],
      [`${S1}\n`, `"${S1}\\n"`],
      ['s-٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠١', '"s-٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠١"'],
      ['s-0000000000000000\u0000', '"s-0000000000000000\\u0000"'],
      ['s-0000000000000000\ud800', '"s-0000000000000000\\ud800"'],
      ['', '""'],
    ] as const
  ).map(
    ([id, shown]): Case => [
      `server ID ${shown}`,
      () => wave({ servers: [id] }),
      invalid(`waves[0].servers[0]: ${SERVER_ID(shown)}`),
    ],
  ),
  [
    'a malformed server ID in object form',
    () => wave({ servers: [{ sourceServerId: 's-x', impact: 'OPTIONAL' }] }),
    invalid(`waves[0].servers[0].sourceServerId: ${SERVER_ID('"s-x"')}`),
  ],

  // Duplicated server IDs.
  [
    'a server twice in a wave',
    () => wave({ servers: [S1, S2, S1] }),
    invalid(
      `waves[0].servers[2]: Source server "${S1}" is listed twice in wave "db" already (waves[0].servers[0])`,
    ),
  ],
  [
    'a server twice in a wave, once as an object',
    () => wave({ servers: [S1, { sourceServerId: S1, impact: 'OPTIONAL' }] }),
    invalid(
      `waves[0].servers[1]: Source server "${S1}" is listed twice in wave "db" already (waves[0].servers[0])`,
    ),
  ],
  [
    'a server in two waves',
    () => plan({ waves: [...plan().waves, { id: 'app', servers: [S2, S1] }] }),
    invalid(
      `waves[1].servers[1]: Source server "${S1}" is listed in wave "db" already (waves[0].servers[0])`,
    ),
  ],

  // Protection groups: well-formed, and each in one wave once (its servers would launch twice).
  [
    'a protection group twice in a wave',
    () => wave({ protectionGroups: ['pg-db', 'pg-db'] }),
    invalid(
      'waves[0].protectionGroups[1]: Protection group "pg-db" is listed twice in wave "db" already (waves[0].protectionGroups[0])',
    ),
  ],
  [
    'a protection group in two waves',
    () =>
      plan({
        waves: [
          { id: 'db', protectionGroups: ['pg-shared'] },
          { id: 'app', protectionGroups: ['pg-app', 'pg-shared'] },
        ],
      }),
    invalid(
      'waves[1].protectionGroups[1]: Protection group "pg-shared" is listed in wave "db" already (waves[0].protectionGroups[0])',
    ),
  ],
  [
    'an empty protection group ID',
    () => wave({ protectionGroups: [''] }),
    invalid('waves[0].protectionGroups[0]: Expected a protection group ID to be non-empty'),
  ],
  [
    'a protection group ID of 257 characters',
    () => wave({ protectionGroups: ['g'.repeat(257)] }),
    invalid(
      'waves[0].protectionGroups[0]: Expected a protection group ID of at most 256 characters, got 257',
    ),
  ],
  [
    'a protection group ID that is a number',
    () => wave({ protectionGroups: [5] }),
    invalid('waves[0].protectionGroups[0]: Expected a protection group ID as a string, got 5'),
  ],
  ...(
    [
      ['pg\n1', '"pg\\n1"', 'without control characters'],
      ['pg\u001b[2J', '"pg\\u001b[2J"', 'without control characters'],
      ['pg\u202edb', '"pg\\u202edb"', 'without control characters'],
      ['pg\ud800', '"pg\\ud800"', 'of well-formed Unicode (no lone surrogate)'],
    ] as const
  ).map(
    ([group, shown, rule]): Case => [
      `protection group ID ${shown}`,
      () => wave({ protectionGroups: [group] }),
      invalid(`waves[0].protectionGroups[0]: Expected a protection group ID ${rule}, got ${shown}`),
    ],
  ),

  // Wave and plan IDs.
  ...(
    [
      ['web tier', '"web tier"'],
      ['web.tier', '"web.tier"'],
      ['wéb', '"wéb"'],
      ['w'.repeat(65), `"${'w'.repeat(65)}"`],
      ['', '""'],
      ['db\u0000', '"db\\u0000"'],
      ['db\ud83d', '"db\\ud83d"'],
      ['db\u200b', '"db\u200b"'],
    ] as const
  ).map(
    ([id, shown]): Case => [
      `wave ID ${shown.slice(0, 30)}`,
      () => wave({ id, servers: [S1] }),
      invalid(`waves[0].id: ${WAVE_ID(shown)}`),
    ],
  ),
  [
    'duplicate wave IDs',
    () => plan({ waves: [...plan().waves, { id: 'db', servers: [S2] }] }),
    invalid('waves[1].id: Duplicate wave ID "db" (first at waves[0])'),
  ],
  ...(
    [
      ['shop!', '"shop!"'],
      ['shop\t', '"shop\\t"'],
      ['ｓｈｏｐ', '"ｓｈｏｐ"'],
      ['arn:aws:drs:us-east-1:1:plan/shop', '"arn:aws:drs:us-east-1:1:plan/shop"'],
    ] as const
  ).map(
    ([id, shown]): Case => [
      `plan ID ${shown}`,
      () => plan({ id }),
      invalid(`id: ${PLAN_ID(shown)}`),
    ],
  ),

  // Names and descriptions: no control characters, no lone surrogates.
  ...(
    [
      ['a\u0000b', '"a\\u0000b"'],
      ['\u001b[31mred', '"\\u001b[31mred"'],
      ['tab\there', '"tab\\there"'],
      ['line\nbreak', '"line\\nbreak"'],
      ['del\u007f', '"del\u007f"'],
      ['c1\u0085', '"c1\u0085"'],
      ['invoice\u202efdp.exe', '"invoice\\u202efdp.exe"'],
      ['isolate\u2066x\u2069', '"isolate\\u2066x\\u2069"'],
    ] as const
  ).map(
    ([name, shown]): Case => [
      `plan name ${shown}`,
      () => plan({ name }),
      invalid(`name: Expected a plan name without control characters, got ${shown}`),
    ],
  ),
  ...(
    [
      ['high\ud800', '"high\\ud800"'],
      ['\udc00low', '"\\udc00low"'],
      ['reversed\udc00\ud800', '"reversed\\udc00\\ud800"'],
    ] as const
  ).map(
    ([name, shown]): Case => [
      `wave name ${shown}`,
      () => wave({ name, servers: [S1] }),
      invalid(
        `waves[0].name: Expected a wave name of well-formed Unicode (no lone surrogate), got ${shown}`,
      ),
    ],
  ),
  [
    'an empty name',
    () => plan({ name: '' }),
    invalid('name: Expected a plan name to be non-empty'),
  ],
  [
    'a name of 257 characters',
    () => plan({ name: 'n'.repeat(257) }),
    invalid('name: Expected a plan name of at most 256 characters, got 257'),
  ],
  [
    'a description of 4,097 characters',
    () => plan({ description: 'd'.repeat(4097) }),
    invalid('description: Expected a plan description of at most 4096 characters, got 4097'),
  ],
  [
    'a description with an escape sequence (line breaks are fine)',
    () => plan({ description: 'Tier 1\n\u001b]8;;http://evil\u0007link' }),
    invalid(
      'description: Expected a plan description without control characters, got "Tier 1\\n\\u001b]8;;http://evil\\u0007link"',
    ),
  ],

  // Dependencies: cycles and unknown waves, prototype names included.
  [
    'a wave that depends on itself',
    () => wave({ servers: [S1], dependsOn: ['db'] }),
    invalid('waves[0].dependsOn: Waves form a dependency cycle: db -> db'),
  ],
  [
    'two waves that depend on each other',
    () =>
      plan({
        waves: [
          { id: 'db', servers: [S1], dependsOn: ['app'] },
          { id: 'app', servers: [S2], dependsOn: ['db'] },
        ],
      }),
    invalid('waves[0].dependsOn: Waves form a dependency cycle: db -> app -> db'),
  ],
  [
    'a cycle through an implicit dependency',
    () =>
      plan({
        waves: [
          { id: 'db', servers: [S1], dependsOn: ['web'] },
          { id: 'app', servers: [S2] },
          { id: 'web', servers: [S3] },
        ],
      }),
    invalid('waves[0].dependsOn: Waves form a dependency cycle: db -> web -> app -> db'),
  ],
  [
    'two separate cycles, both named',
    () =>
      plan({
        waves: [
          { id: 'a', servers: [S1], dependsOn: ['b'] },
          { id: 'b', servers: [S2], dependsOn: ['a'] },
          { id: 'c', servers: [S3], dependsOn: ['c'] },
        ],
      }),
    invalid(
      'waves[0].dependsOn: Waves form a dependency cycle: a -> b -> a',
      'waves[2].dependsOn: Waves form a dependency cycle: c -> c',
    ),
  ],
  ...['cache', '__proto__', 'constructor', 'toString', 'hasOwnProperty'].map(
    (dep): Case => [
      `dependsOn the unknown wave "${dep}"`,
      () =>
        plan({ waves: [...plan().waves, { id: 'app', servers: [S2], dependsOn: ['db', dep] }] }),
      invalid(`waves[1].dependsOn[1]: Unknown wave ID "${dep}" in dependsOn`),
    ],
  ),
  [
    'dependsOn a malformed wave ID',
    () => plan({ waves: [...plan().waves, { id: 'app', servers: [S2], dependsOn: ['d b'] }] }),
    // Malformed, and so naming no wave either: both are said.
    invalid(
      `waves[1].dependsOn[0]: ${WAVE_ID('"d b"')}`,
      'waves[1].dependsOn[0]: Unknown wave ID "d b" in dependsOn',
    ),
  ],
  ['20 cycles: each named', () => selfCycles(20), invalid(...selfCycleProblems(20))],
  [
    '21 cycles: 20 named, the last counted',
    () => selfCycles(21),
    invalid(
      ...selfCycleProblems(20),
      'waves: Waves form 1 more dependency cycle (the first 20 are named)',
    ),
  ],
  [
    '5,000 cycles: 20 named, the others counted',
    () => selfCycles(5_000),
    invalid(
      ...selfCycleProblems(20),
      'waves: Waves form 4980 more dependency cycles (the first 20 are named)',
    ),
  ],
  [
    'a cycle through 6,000 waves, each waiting for the next (no stack overflow)',
    () => chain(6_000, true),
    invalid(
      `waves[0].dependsOn: Waves form a dependency cycle: ${[...Array.from({ length: 6_000 }, (_, i) => waveId(i)), '0'].join(' -> ')}`,
    ),
  ],
  [
    'a cycle through 8,500 waves listed one after another (no stack overflow)',
    () => loop(8_500),
    invalid(
      `waves[0].dependsOn: Waves form a dependency cycle: ${['0', ...Array.from({ length: 8_499 }, (_, i) => waveId(8_499 - i)), '0'].join(' -> ')}`,
    ),
  ],
  [
    'a chain of 10,000 waves, each waiting for the next: over 400 KiB',
    () => chain(10_000),
    invalid(`(root): Expected a plan of at most 409600 bytes of JSON, got ${bytes(chain(10_000))}`),
  ],

  // Prototype-pollution keys, as JSON.parse leaves them: own keys, refused, never merged.
  [
    '__proto__ at the top',
    json(`{"id":"shop","waves":[{"id":"db","servers":["${S1}"]}],"__proto__":{"polluted":true}}`),
    invalid('__proto__: Unknown field "__proto__"'),
  ],
  [
    '__proto__ carrying the whole plan',
    json(`{"__proto__":{"id":"shop","waves":[{"id":"db","servers":["${S1}"]}]}}`),
    invalid(
      'id: Missing required field',
      'waves: Missing required field',
      '__proto__: Unknown field "__proto__"',
    ),
  ],
  [
    'constructor.prototype at the top',
    json(
      `{"id":"shop","waves":[{"id":"db","servers":["${S1}"]}],"constructor":{"prototype":{"polluted":true}}}`,
    ),
    invalid('constructor: Unknown field "constructor"'),
  ],
  [
    'prototype at the top',
    json(`{"id":"shop","waves":[{"id":"db","servers":["${S1}"]}],"prototype":{"polluted":true}}`),
    invalid('prototype: Unknown field "prototype"'),
  ],
  [
    '__proto__ carrying a wave',
    json(`{"id":"shop","waves":[{"__proto__":{"id":"db","servers":["${S1}"]}}]}`),
    invalid(
      'waves[0].id: Missing required field',
      'waves[0].__proto__: Unknown field "__proto__"',
      `waves[0]: ${NOTHING('#0')}`,
    ),
  ],
  [
    '__proto__ carrying requireApproval: false on a wave',
    json(
      `{"id":"shop","waves":[{"id":"db","servers":["${S1}"],"__proto__":{"requireApproval":false}}]}`,
    ),
    invalid('waves[0].__proto__: Unknown field "__proto__"'),
  ],
  [
    '__proto__ carrying executionType RECOVERY',
    json(
      `{"id":"shop","waves":[{"id":"db","servers":["${S1}"]}],"__proto__":{"executionType":"RECOVERY"}}`,
    ),
    invalid('__proto__: Unknown field "__proto__"'),
  ],
  [
    '__proto__ and constructor on a server object',
    json(
      `{"id":"shop","waves":[{"id":"db","servers":[{"sourceServerId":"${S1}","__proto__":{"impact":"OPTIONAL"},"constructor":{}}]}]}`,
    ),
    invalid(
      'waves[0].servers[0].__proto__: Unknown field "__proto__"',
      'waves[0].servers[0].constructor: Unknown field "constructor"',
    ),
  ],

  // Misspelled fields: the closest known field is suggested, when one is close enough.
  [
    'a typo of dependsOn',
    () => wave({ servers: [S1], dependOn: [] }),
    invalid('waves[0].dependOn: Unknown field "dependOn" (did you mean "dependsOn"?)'),
  ],
  [
    '"wave" for "waves"',
    () => ({ id: 'shop', wave: plan().waves }),
    invalid('waves: Missing required field', 'wave: Unknown field "wave" (did you mean "waves"?)'),
  ],
  [
    '"protectionGroup" for "protectionGroups"',
    () => wave({ protectionGroup: ['pg-db'] }),
    invalid(
      'waves[0].protectionGroup: Unknown field "protectionGroup" (did you mean "protectionGroups"?)',
      `waves[0]: ${NOTHING('db')}`,
    ),
  ],
  [
    '"server" for "servers"',
    () => wave({ server: [S1] }),
    invalid(
      'waves[0].server: Unknown field "server" (did you mean "servers"?)',
      `waves[0]: ${NOTHING('db')}`,
    ),
  ],
  [
    '"sourceServerID" and "impacts" in a server object',
    () => wave({ servers: [{ sourceServerID: S1, impacts: 'OPTIONAL' }] }),
    invalid(
      'waves[0].servers[0].sourceServerId: Missing required field',
      'waves[0].servers[0].sourceServerID: Unknown field "sourceServerID" (did you mean "sourceServerId"?)',
      'waves[0].servers[0].impacts: Unknown field "impacts" (did you mean "impact"?)',
    ),
  ],
  [
    '"executiontype: RECOVERY" (never a recovery)',
    () => plan({ executiontype: 'RECOVERY' }),
    invalid('executiontype: Unknown field "executiontype" (did you mean "executionType"?)'),
  ],
  [
    '"ID" next to "id"',
    () => plan({ ID: 'shop' }),
    invalid('ID: Unknown field "ID" (did you mean "id"?)'),
  ],
  [
    'two letters swapped: "nmae"',
    () => plan({ nmae: 'Shop' }),
    invalid('nmae: Unknown field "nmae" (did you mean "name"?)'),
  ],
  [
    '"requireApprovals" for "requireApproval"',
    () => wave({ servers: [S1], requireApprovals: true }),
    invalid(
      'waves[0].requireApprovals: Unknown field "requireApprovals" (did you mean "requireApproval"?)',
    ),
  ],
  [
    '"timeout": too far from "timeoutSeconds" for a suggestion',
    () => wave({ servers: [S1], timeout: 600 }),
    invalid('waves[0].timeout: Unknown field "timeout"'),
  ],
  [
    'a one-letter field: never taken for "id"',
    () => plan({ d: 'shop' }),
    invalid('d: Unknown field "d"'),
  ],
  ['an isDrill flag', () => plan({ isDrill: false }), invalid('isDrill: Unknown field "isDrill"')],

  // Huge payloads: refused by size before anything is read.
  [
    'a 10 MB plan of 150,000 waves',
    () => manyWaves(150_000),
    invalid(
      `(root): Expected a plan of at most 409600 bytes of JSON, got ${bytes(manyWaves(150_000))}`,
    ),
  ],
  [
    'a plan one byte over 400 KiB',
    () => planOfBytes(409_601),
    invalid('(root): Expected a plan of at most 409600 bytes of JSON, got 409601'),
  ],
  [
    'a 1 MB name',
    () => plan({ name: 'n'.repeat(1_000_000) }),
    invalid(
      `(root): Expected a plan of at most 409600 bytes of JSON, got ${bytes(plan({ name: 'n'.repeat(1_000_000) }))}`,
    ),
  ],
  [
    '100,000 unknown fields',
    () => plan(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]))),
    invalid(
      `(root): Expected a plan of at most 409600 bytes of JSON, got ${bytes(plan(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]))))}`,
    ),
  ],
  [
    '150 malformed server IDs: 100 problems listed, then a count',
    () => wave({ servers: Array.from({ length: 150 }, () => 'x') }),
    invalid(
      ...Array.from({ length: 100 }, (_, i) => `waves[0].servers[${i}]: ${SERVER_ID('"x"')}`),
      '(root): and 50 more problems',
    ),
  ],

  // Deep nesting: refused before any deep walk.
  [
    'junk nested 33 levels in an unknown field',
    () => plan({ junk: nested(33) }),
    invalid('(root): Expected a plan nested at most 32 levels deep'),
  ],
  [
    'waves nested 5,000 arrays deep',
    () => plan({ waves: JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`) }),
    invalid('(root): Expected a plan nested at most 32 levels deep'),
  ],
  [
    'an ID nested 100,000 objects deep (deeper than JSON.stringify can follow)',
    () => {
      let value: unknown = 'db';
      for (let i = 0; i < 100_000; i += 1) value = { id: value };
      return wave({ id: value, servers: [S1] });
    },
    invalid('(root): Expected a plan nested at most 32 levels deep'),
  ],
  [
    'junk nested 32 levels in an unknown field (33 with the plan)',
    () => plan({ junk: nested(32) }),
    invalid('(root): Expected a plan nested at most 32 levels deep'),
  ],
  [
    'junk nested 5,000 objects deep',
    () => plan({ junk: nested(5_000) }),
    invalid('(root): Expected a plan nested at most 32 levels deep'),
  ],
  [
    'junk nested 31 levels (32 with the plan: the limit, only reported as unknown)',
    () => plan({ junk: nested(31) }),
    invalid('junk: Unknown field "junk"'),
  ],
  [
    'junk nested 10 levels (within the limit: only reported as unknown)',
    () => plan({ junk: nested(10) }),
    invalid('junk: Unknown field "junk"'),
  ],

  // Values JSON cannot hold.
  [
    'a cycle',
    () => {
      const input: Record<string, unknown> = plan();
      input.self = input;
      return input;
    },
    invalid('(root): Expected a plan that JSON can represent'),
  ],
  [
    'a BigInt timeout',
    () => wave({ servers: [S1], timeoutSeconds: 600n }),
    invalid('(root): Expected a plan that JSON can represent'),
  ],
  [
    'a getter that throws',
    () =>
      Object.defineProperty(plan(), 'waves', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      }),
    invalid('(root): Expected a plan that JSON can represent'),
  ],
  [
    'a proxy whose traps throw',
    () =>
      new Proxy(plan(), {
        ownKeys() {
          throw new Error('trap');
        },
      }),
    invalid('(root): Expected a plan that JSON can represent'),
  ],

  // Everything at once: every problem reported, each with its path.
  [
    'seven problems in one plan',
    json(
      `{"id":"shop!","executionType":"recovery","__proto__":{},"waves":[{"id":"db","servers":["s-1","${S1}"]},{"id":"db","servers":["${S1}"],"protectionGroups":["pg\\u0000"]},{"id":"web","servers":["${S2}"],"dependsOn":["cache"]}]}`,
    ),
    invalid(
      `id: ${PLAN_ID('"shop!"')}`,
      `executionType: ${TYPE('"recovery"')}`,
      `waves[0].servers[0]: ${SERVER_ID('"s-1"')}`,
      'waves[1].protectionGroups[0]: Expected a protection group ID without control characters, got "pg\\u0000"',
      '__proto__: Unknown field "__proto__"',
      'waves[1].id: Duplicate wave ID "db" (first at waves[0])',
      'waves[2].dependsOn[0]: Unknown wave ID "cache" in dependsOn',
      `waves[1].servers[0]: Source server "${S1}" is listed in wave "db" already (waves[0].servers[1])`,
    ),
  ],
];

afterAll(() => {
  console.log(`bad plans: ${CASES.length} cases`);
});

describe('parseRecoveryPlan refuses bad plans', () => {
  it('accepts the plan the cases break', () => {
    expect(parseRecoveryPlan(plan()).id).toBe('shop');
    // Line breaks and tabs are fine in a description; IDs named like prototype members are data.
    const parsed = parseRecoveryPlan(
      json(
        `{"id":"shop","description":"Tier 1\\n\\tdatabases","waves":[{"id":"__proto__","servers":["${S1}"]},{"id":"constructor","servers":["${S2}"],"dependsOn":["__proto__"]}]}`,
      )(),
    );
    expect(parsed.waves.map((w) => [w.id, w.dependsOn])).toStrictEqual([
      ['__proto__', undefined],
      ['constructor', ['__proto__']],
    ]);
    // The largest plan accepted: exactly 400 KiB.
    const largest = planOfBytes(409_600);
    expect(bytes(largest)).toBe(409_600);
    expect(parseRecoveryPlan(largest).waves.length).toBeGreaterThan(6_000);
  });

  it.each(CASES)('%s', (_name, input, message) => {
    let error: unknown;
    try {
      parseRecoveryPlan(input());
    } catch (e) {
      error = e;
    }
    expect(isInvalidPlanError(error)).toBe(true);
    expect((error as Error).message).toBe(message);
    if (isInvalidPlanError(error)) {
      expect(error.problems).toHaveLength(message.split('\n').length - 1);
    }
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(Object.hasOwn(Object.prototype, 'executionType')).toBe(false);
    expect(Object.hasOwn(Object.prototype, 'requireApproval')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
