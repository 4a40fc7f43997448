import { describe, expect, it } from 'vitest';
import { type InvalidPlanError, parseRecoveryPlan } from '../../src/index';

const problemsOf = (input: unknown) => {
  try {
    parseRecoveryPlan(input);
  } catch (error) {
    return (error as InvalidPlanError).problems;
  }
  throw new Error('expected the plan to be refused');
};

describe('parseRecoveryPlan: selectors and recovery points', () => {
  it('accepts a wave holding only a selector, with defaults, and hands the plan fallback to waves that set none', () => {
    const plan = parseRecoveryPlan({
      id: 'shop',
      fallbackToLatestSnapshot: true,
      waves: [
        { id: 'web', selector: { tags: { Tier: 'web' } }, allowEmpty: true },
        {
          id: 'db',
          servers: ['s-00000000000000001'],
          recoveryPoint: { before: '2026-11-30T12:00:00Z' },
          fallbackToLatestSnapshot: false,
        },
      ],
    });
    expect(plan.waves[0]).toMatchObject({
      selector: { tags: { Tier: 'web' }, impact: 'CRITICAL' },
      allowEmpty: true,
      fallbackToLatestSnapshot: true,
    });
    expect(plan.waves[1]).toMatchObject({
      recoveryPoint: { before: '2026-11-30T12:00:00Z' },
      fallbackToLatestSnapshot: false,
    });
  });

  it('refuses bad selectors and recovery points, every problem with its path', () => {
    expect(
      problemsOf({
        id: 'shop',
        waves: [
          { id: 'web', selector: { tags: {}, region: 'moon', tag: 1 } },
          { id: 'app', selector: [], servers: ['s-00000000000000001'] },
          {
            id: 'db',
            servers: ['s-00000000000000002'],
            recoveryPoint: { before: '2026-11-30 12:00', snapshotIds: { 's-1': 'snap-1' } },
          },
          { id: 'cache', servers: ['s-00000000000000003'], recoveryPoint: {} },
        ],
      }),
    ).toStrictEqual([
      { path: 'waves[0].selector.tags', message: 'Expected 1 to 50 tags, got 0' },
      {
        path: 'waves[0].selector.region',
        message: 'Expected region to be an AWS Region name such as "eu-west-1", got "moon"',
      },
      { path: 'waves[1].selector', message: 'Expected a selector object, got an array' },
      {
        path: 'waves[2].recoveryPoint.before',
        message:
          'Expected before as an ISO 8601 time with its offset, such as "2026-11-30T12:00:00Z", got "2026-11-30 12:00"',
      },
      {
        path: 'waves[2].recoveryPoint.snapshotIds',
        message: 'Expected a DRS source server ID as a key of snapshotIds, got "s-1"',
      },
      {
        path: 'waves[2].recoveryPoint.snapshotIds',
        message:
          'Expected the snapshot of "s-1" to be a DRS recovery snapshot ID matching ^pit-[0-9a-zA-Z]{17}$, got "snap-1"',
      },
      {
        path: 'waves[3].recoveryPoint',
        message: 'Expected a recovery point with before, snapshotIds or both',
      },
      { path: 'waves[0].selector.tag', message: expect.stringContaining('Unknown field') },
    ]);
  });
});
