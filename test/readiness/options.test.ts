import { describe, expect, it } from 'vitest';
import {
  type CheckReadinessInput,
  checkReadiness,
  DEFAULT_READINESS_OPTIONS,
} from '../../src/index';
import { optionProblemsOf } from '../helpers/problems';
import { startWorld } from './world';

describe('checkReadiness options', () => {
  it('refuses bad options and dependencies before any call, naming each value', async () => {
    const world = await startWorld();
    const input = {
      ...world.input(),
      drsFor: 'drs',
      quotas: { maxServersPerJob: 0, maxConcurrentJobs: 2.5 },
      options: { maxLagSeconds: -1, maxSnapshotAgeSeconds: 0, concurrency: 1000, maxlag: 5 },
      clock: new Date(),
    } as unknown as CheckReadinessInput;
    expect(await optionProblemsOf(() => checkReadiness(input))).toStrictEqual([
      'drsFor: Expected `drsFor` to be a function from a DRS target to a DRS port, got "drs"',
      'quotas.maxServersPerJob: Expected `quotas.maxServersPerJob` to be a positive integer, got 0',
      'quotas.maxConcurrentJobs: Expected `quotas.maxConcurrentJobs` to be a positive integer, got 2.5',
      'clock: Expected `clock` to be a function, got an object',
      'options.maxLagSeconds: Expected `maxLagSeconds` to be a non-negative number of seconds, got -1',
      'options.maxSnapshotAgeSeconds: Expected `maxSnapshotAgeSeconds` to be a positive number of seconds, got 0',
      'options.concurrency: Expected `concurrency` to be an integer from 1 to 100, got 1000',
      'options.maxlag: Unknown field "maxlag"',
    ]);
    expect(world.home.requestCount()).toBe(0);
  });

  it('refuses a plan that is not one, and a quota above what StartRecovery takes', async () => {
    const world = await startWorld();
    const input = {
      ...world.input(),
      plan: { waves: 'db' },
      quotas: { maxServersPerJob: 300 },
    } as unknown as CheckReadinessInput;
    await expect(checkReadiness(input)).rejects.toThrow(
      [
        'Invalid options for checkReadiness (2 problems):',
        '- plan: Expected `plan` to be a recovery plan from parseRecoveryPlan, got an object',
        "- quotas.maxServersPerJob: Expected at most 200 (StartRecovery's limit), got 300",
      ].join('\n'),
    );
  });

  it('applies the defaults, and takes the thresholds given', async () => {
    expect(DEFAULT_READINESS_OPTIONS).toStrictEqual({
      maxLagSeconds: 3600,
      maxSnapshotAgeSeconds: 3600,
      concurrency: 10,
    });
    expect(Object.isFrozen(DEFAULT_READINESS_OPTIONS)).toBe(true);
    const world = await startWorld();
    const report = await checkReadiness(
      world.input({ options: { maxLagSeconds: 0, maxSnapshotAgeSeconds: 1200 } }),
    );
    expect(report.thresholds).toStrictEqual({ maxLagSeconds: 0, maxSnapshotAgeSeconds: 1200 });
    expect(report.summary.ready).toBe(true);
  });
});
