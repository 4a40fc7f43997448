import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  InvalidPlanError,
  isInvalidPlanError,
  type Problem,
  parseRecoveryPlan,
  type RecoveryPlan,
} from '../../src/index';

const S1 = 's-00000000000000001';
const S2 = 's-00000000000000002';
const S3 = 's-00000000000000003';

/** The problems `parseRecoveryPlan` reports for `input`; fails the test if it does not throw. */
function problemsOf(input: unknown): readonly Problem[] {
  try {
    parseRecoveryPlan(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPlanError);
    if (isInvalidPlanError(error)) return error.problems;
  }
  throw new Error('expected parseRecoveryPlan to throw');
}

const plan = (waves: unknown[], extra: Record<string, unknown> = {}) => ({
  id: 'shop',
  waves,
  ...extra,
});

describe('parseRecoveryPlan', () => {
  it('returns the typed plan with defaults applied', () => {
    const parsed = parseRecoveryPlan(
      plan([
        { id: 'db', servers: [S1, { sourceServerId: S2, impact: 'OPTIONAL' }] },
        { id: 'app', protectionGroups: ['pg-app'], dependsOn: ['db'], timeoutSeconds: 600 },
      ]),
    );
    expectTypeOf(parsed).toEqualTypeOf<RecoveryPlan>();
    expect(parsed).toStrictEqual({
      id: 'shop',
      executionType: 'DRILL',
      waves: [
        {
          id: 'db',
          protectionGroups: [],
          servers: [
            { sourceServerId: S1, impact: 'CRITICAL' },
            { sourceServerId: S2, impact: 'OPTIONAL' },
          ],
          requireApproval: false,
        },
        {
          id: 'app',
          protectionGroups: ['pg-app'],
          servers: [],
          dependsOn: ['db'],
          timeoutSeconds: 600,
          requireApproval: false,
        },
      ],
    });
  });

  it('keeps RECOVERY only when spelled exactly', () => {
    expect(
      parseRecoveryPlan(plan([{ id: 'a', servers: [S1] }], { executionType: 'RECOVERY' })),
    ).toMatchObject({ executionType: 'RECOVERY' });
  });

  it.each([['drill'], ['Recovery'], ['RECOVERY '], ['REAL'], [''], [1], [null]])(
    'refuses the execution type %j without case folding',
    (executionType) => {
      expect(problemsOf(plan([{ id: 'a', servers: [S1] }], { executionType }))).toStrictEqual([
        {
          path: 'executionType',
          message: `Expected execution type "DRILL" or "RECOVERY", got ${
            typeof executionType === 'string'
              ? JSON.stringify(executionType)
              : String(executionType)
          }`,
        },
      ]);
    },
  );

  it('refuses a missing plan, missing fields and a plan without waves', () => {
    expect(problemsOf(null)).toStrictEqual([
      { path: '', message: 'Expected a recovery plan object, got null' },
    ]);
    expect(problemsOf({})).toStrictEqual([
      { path: 'id', message: 'Missing required field' },
      { path: 'waves', message: 'Missing required field' },
    ]);
    expect(problemsOf(plan([]))).toStrictEqual([
      { path: 'waves', message: 'Expected at least one wave, got none' },
    ]);
  });

  it('refuses every unknown field, including prototype keys', () => {
    const input = JSON.parse(
      `{"id":"p","__proto__":{"polluted":true},"constructor":1,"waves":[{"id":"a","servers":["${S1}"],"dependOn":[]}]}`,
    );
    expect(problemsOf(input)).toStrictEqual([
      { path: '__proto__', message: 'Unknown field "__proto__"' },
      { path: 'constructor', message: 'Unknown field "constructor"' },
      {
        path: 'waves[0].dependOn',
        message: 'Unknown field "dependOn" (did you mean "dependsOn"?)',
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses malformed source server IDs with the pattern and the value', () => {
    expect(
      problemsOf(
        plan([
          {
            id: 'a',
            servers: [
              's-123',
              'i-00000000000000001',
              's-0000000000000000!',
              5,
              { sourceServerId: 's-x', impact: 'LOW' },
            ],
          },
        ]),
      ),
    ).toStrictEqual([
      {
        path: 'waves[0].servers[0]',
        message: 'Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got "s-123"',
      },
      {
        path: 'waves[0].servers[1]',
        message:
          'Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got "i-00000000000000001"',
      },
      {
        path: 'waves[0].servers[2]',
        message:
          'Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got "s-0000000000000000!"',
      },
      {
        path: 'waves[0].servers[3]',
        message: 'Expected a source server ID or { sourceServerId, impact }, got 5',
      },
      {
        path: 'waves[0].servers[4].sourceServerId',
        message: 'Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got "s-x"',
      },
      {
        path: 'waves[0].servers[4].impact',
        message: 'Expected impact "CRITICAL" or "OPTIONAL", got "LOW"',
      },
    ]);
  });

  it('refuses duplicate wave IDs and malformed IDs', () => {
    expect(
      problemsOf(
        plan([
          { id: 'db', servers: [S1] },
          { id: 'db', servers: [S2] },
          { id: 'web tier', servers: [S3] },
        ]),
      ),
    ).toStrictEqual([
      {
        path: 'waves[2].id',
        message: 'Expected a wave ID of 1 to 64 letters, digits, "-" or "_", got "web tier"',
      },
      { path: 'waves[1].id', message: 'Duplicate wave ID "db" (first at waves[0])' },
    ]);
  });

  it('refuses dependsOn naming an unknown wave', () => {
    expect(
      problemsOf(
        plan([
          { id: 'db', servers: [S1] },
          { id: 'app', servers: [S2], dependsOn: ['db', 'cache'] },
        ]),
      ),
    ).toStrictEqual([
      { path: 'waves[1].dependsOn[1]', message: 'Unknown wave ID "cache" in dependsOn' },
    ]);
  });

  it('names a dependsOn cycle wave by wave', () => {
    expect(
      problemsOf(
        plan([
          { id: 'db', servers: [S1], dependsOn: ['web'] },
          { id: 'app', servers: [S2], dependsOn: ['db'] },
          { id: 'web', servers: [S3], dependsOn: ['app'] },
        ]),
      ),
    ).toStrictEqual([
      {
        path: 'waves[0].dependsOn',
        message: 'Waves form a dependency cycle: db -> web -> app -> db',
      },
    ]);
    expect(problemsOf(plan([{ id: 'db', servers: [S1], dependsOn: ['db'] }]))).toStrictEqual([
      { path: 'waves[0].dependsOn', message: 'Waves form a dependency cycle: db -> db' },
    ]);
  });

  it('counts the implicit dependency on the previous wave in cycles', () => {
    // `app` has no dependsOn, so it follows `db`; `db` waits for `app`.
    expect(
      problemsOf(
        plan([
          { id: 'db', servers: [S1], dependsOn: ['app'] },
          { id: 'app', servers: [S2] },
        ]),
      ),
    ).toStrictEqual([
      { path: 'waves[0].dependsOn', message: 'Waves form a dependency cycle: db -> app -> db' },
    ]);
  });

  it('refuses a server listed twice, in one wave or in two', () => {
    expect(
      problemsOf(
        plan([
          { id: 'db', servers: [S1, S2, S1] },
          { id: 'app', servers: [{ sourceServerId: S2, impact: 'OPTIONAL' }] },
        ]),
      ),
    ).toStrictEqual([
      {
        path: 'waves[0].servers[2]',
        message: `Source server "${S1}" is listed twice in wave "db" already (waves[0].servers[0])`,
      },
      {
        path: 'waves[1].servers[0]',
        message: `Source server "${S2}" is listed in wave "db" already (waves[0].servers[1])`,
      },
    ]);
  });

  it('refuses a wave with nothing to recover', () => {
    expect(
      problemsOf(
        plan([
          { id: 'db', servers: [S1] },
          { id: 'app', servers: [], protectionGroups: [] },
        ]),
      ),
    ).toStrictEqual([
      {
        path: 'waves[1]',
        message: 'Wave "app" has nothing to recover: list servers or protectionGroups',
      },
    ]);
  });

  it('refuses wrong-typed wave options', () => {
    expect(
      problemsOf(
        plan([
          { id: 'db', servers: [S1], timeoutSeconds: 30, requireApproval: 'yes' },
          { id: 'app', servers: [S2], timeoutSeconds: 90.5, requirePostLaunchActions: 1 },
        ]),
      ),
    ).toStrictEqual([
      {
        path: 'waves[0].timeoutSeconds',
        message: 'Expected timeoutSeconds of at least 60, got 30',
      },
      {
        path: 'waves[0].requireApproval',
        message: 'Expected requireApproval as a boolean, got "yes"',
      },
      {
        path: 'waves[1].timeoutSeconds',
        message: 'Expected timeoutSeconds to be an integer, got 90.5',
      },
      {
        path: 'waves[1].requirePostLaunchActions',
        message: 'Expected requirePostLaunchActions as a boolean, got 1',
      },
    ]);
  });

  it('reports every problem of a plan in one error, one line each', () => {
    let message = '';
    try {
      parseRecoveryPlan(
        plan(
          [
            { id: 'db', servers: ['s-1'] },
            { id: 'db', servers: [] },
          ],
          { executionType: 'recovery' },
        ),
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatchInlineSnapshot(`
      "Invalid recovery plan (4 problems):
      - executionType: Expected execution type "DRILL" or "RECOVERY", got "recovery"
      - waves[0].servers[0]: Expected a DRS source server ID matching ^s-[0-9a-zA-Z]{17}$, got "s-1"
      - waves[1].id: Duplicate wave ID "db" (first at waves[0])
      - waves[1]: Wave "db" has nothing to recover: list servers or protectionGroups"
    `);
  });
});

describe('accounts and Regions in a plan', () => {
  it('keeps accountId and region on a wave and an inline server', () => {
    const parsed = parseRecoveryPlan(
      plan([
        {
          id: 'a',
          accountId: '111122223333',
          region: 'eu-west-1',
          servers: [S1, { sourceServerId: S2, accountId: '444455556666', region: 'us-gov-west-1' }],
        },
      ]),
    );
    expect(parsed.waves[0]?.accountId).toBe('111122223333');
    expect(parsed.waves[0]?.region).toBe('eu-west-1');
    expect(parsed.waves[0]?.servers).toStrictEqual([
      { sourceServerId: S1, impact: 'CRITICAL' },
      {
        sourceServerId: S2,
        impact: 'CRITICAL',
        accountId: '444455556666',
        region: 'us-gov-west-1',
      },
    ]);
  });

  it('refuses an account ID that is not 12 digits and a malformed Region, naming the path', () => {
    expect(
      problemsOf(
        plan([
          {
            id: 'a',
            accountId: '1111-2222-3333',
            region: 'Europe',
            servers: [{ sourceServerId: S3, accountId: 111122223333 }],
          },
        ]),
      ),
    ).toStrictEqual([
      {
        path: 'waves[0].accountId',
        message: 'Expected accountId to be an AWS account ID of 12 digits, got "1111-2222-3333"',
      },
      {
        path: 'waves[0].region',
        message: 'Expected region to be an AWS Region name such as "eu-west-1", got "Europe"',
      },
      {
        path: 'waves[0].servers[0].accountId',
        message: 'Expected accountId as a string, got 111122223333',
      },
    ]);
  });
});
