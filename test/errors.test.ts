import { describe, expect, it } from 'vitest';
import {
  ErrorName,
  InvalidExecutionTypeError,
  InvalidOptionsError,
  InvalidPlanError,
  isDrsWavesError,
  isInvalidExecutionTypeError,
  isInvalidOptionsError,
  isInvalidPlanError,
  parseExecutionType,
} from '../src/index';

describe('error family', () => {
  it('gives every error a literal name from ErrorName', () => {
    const errors = [
      new InvalidPlanError([{ path: 'waves', message: 'x' }]),
      new InvalidOptionsError('f', [{ path: 'a', message: 'b' }]),
      new InvalidExecutionTypeError('drill'),
    ];
    expect(errors.map((e) => e.name)).toStrictEqual([
      ErrorName.InvalidPlan,
      ErrorName.InvalidOptions,
      ErrorName.InvalidExecutionType,
    ]);
    // The names are a contract with deployed state machines: changing one is a breaking change.
    expect(ErrorName).toStrictEqual({
      InvalidPlan: 'InvalidPlanError',
      InvalidOptions: 'InvalidOptionsError',
      InvalidExecutionType: 'InvalidExecutionTypeError',
      WaveFailed: 'WaveFailed',
      WaveTimeout: 'WaveTimeout',
      InvalidProtectionGroup: 'InvalidProtectionGroupError',
      UnknownProtectionGroup: 'UnknownProtectionGroupError',
      WaveQuotaExceeded: 'WaveQuotaExceededError',
      WaveStartInProgress: 'WaveStartInProgressError',
      ExecutionMismatch: 'ExecutionMismatchError',
      HistoryRecordNotFound: 'HistoryRecordNotFoundError',
      DrsRetryable: 'DrsRetryableError',
      DrsNonRetryable: 'DrsNonRetryableError',
    });
    for (const e of errors) {
      expect(e).toBeInstanceOf(Error);
      expect(isDrsWavesError(e)).toBe(true);
    }
  });

  it('guards by brand and name, not by class identity', () => {
    const plan = new InvalidPlanError([{ path: '', message: 'm' }]);
    expect(isInvalidPlanError(plan)).toBe(true);
    expect(isInvalidOptionsError(plan)).toBe(false);
    // A look-alike without the brand is not ours, even with the right name.
    const impostor = Object.assign(new Error('x'), { name: 'InvalidPlanError' });
    expect(isInvalidPlanError(impostor)).toBe(false);
    expect(isDrsWavesError(impostor)).toBe(false);
    expect(isDrsWavesError(null)).toBe(false);
    expect(isDrsWavesError('InvalidPlanError')).toBe(false);
    // A copy from another module instance carries the same global brand.
    const foreign = Object.assign(new Error('x'), { name: 'InvalidOptionsError' });
    Object.defineProperty(foreign, Symbol.for('drs-waves.error'), { value: true });
    expect(isInvalidOptionsError(foreign)).toBe(true);
  });

  it('lists problems in the message, with (root) for an empty path', () => {
    expect(
      new InvalidOptionsError('buildPollingStateMachine', [
        { path: '', message: 'Expected an object, got null' },
      ]).message,
    ).toBe(
      'Invalid options for buildPollingStateMachine (1 problem):\n- (root): Expected an object, got null',
    );
  });
});

describe('parseExecutionType', () => {
  it('accepts exactly DRILL and RECOVERY', () => {
    expect(parseExecutionType('DRILL')).toBe('DRILL');
    expect(parseExecutionType('RECOVERY')).toBe('RECOVERY');
  });

  it.each([
    ['drill', '"drill"'],
    ['recovery', '"recovery"'],
    [' DRILL', '" DRILL"'],
    ['RECOVER', '"RECOVER"'],
    [undefined, 'nothing'],
    [true, 'true'],
    [{}, 'an object'],
    ['x'.repeat(200), JSON.stringify(`${'x'.repeat(80)}...`)],
  ])('refuses %j naming the value', (value, shown) => {
    let caught: unknown;
    try {
      parseExecutionType(value);
    } catch (error) {
      caught = error;
    }
    expect(isInvalidExecutionTypeError(caught)).toBe(true);
    expect((caught as InvalidExecutionTypeError).value).toBe(value);
    expect((caught as Error).message).toBe(
      `Expected execution type "DRILL" or "RECOVERY", got ${shown}`,
    );
  });
});
