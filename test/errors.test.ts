import { describe, expect, it } from 'vitest';
import {
  AccountNotConfiguredError,
  AccountRoleDeniedError,
  EmptySelectorError,
  ErrorName,
  InvalidEventError,
  InvalidExecutionTypeError,
  InvalidOptionsError,
  InvalidPlanError,
  isAccountNotConfiguredError,
  isAccountRoleDeniedError,
  isDrsWavesError,
  isEmptySelectorError,
  isInvalidEventError,
  isInvalidExecutionTypeError,
  isInvalidOptionsError,
  isInvalidPlanError,
  isMissingPeerDependencyError,
  isPlanNotFoundError,
  isRecoveryPointUnavailableError,
  isUnknownActionError,
  MissingPeerDependencyError,
  PlanNotFoundError,
  parseExecutionType,
  RecoveryPointUnavailableError,
  UnknownActionError,
} from '../src/index';

describe('error family', () => {
  it('gives every error a literal name from ErrorName', () => {
    const errors = [
      new InvalidPlanError([{ path: 'waves', message: 'x' }]),
      new InvalidOptionsError('f', [{ path: 'a', message: 'b' }]),
      new InvalidExecutionTypeError('drill'),
      new InvalidEventError('start_wave', [{ path: 'waveId', message: 'x' }]),
      new UnknownActionError('foo', ['start_wave']),
      new PlanNotFoundError('shop'),
      new MissingPeerDependencyError(
        'dynalite',
        'simulateDrill',
        'npm install --save-dev dynalite',
      ),
    ];
    expect(errors.map((e) => e.name)).toStrictEqual([
      ErrorName.InvalidPlan,
      ErrorName.InvalidOptions,
      ErrorName.InvalidExecutionType,
      ErrorName.InvalidEvent,
      ErrorName.UnknownAction,
      ErrorName.PlanNotFound,
      ErrorName.MissingPeerDependency,
    ]);
    // The names are a contract with deployed state machines: changing one is a breaking change.
    expect(ErrorName).toStrictEqual({
      InvalidPlan: 'InvalidPlanError',
      InvalidOptions: 'InvalidOptionsError',
      InvalidExecutionType: 'InvalidExecutionTypeError',
      WaveFailed: 'WaveFailed',
      WaveTimeout: 'WaveTimeout',
      ActionFailed: 'ActionFailed',
      ReadinessBlocked: 'ReadinessBlocked',
      ApprovalRejected: 'ApprovalRejected',
      ExecutionBudgetExceeded: 'ExecutionBudgetExceededError',
      HistoryUnavailable: 'HistoryUnavailableError',
      InvalidProtectionGroup: 'InvalidProtectionGroupError',
      UnknownProtectionGroup: 'UnknownProtectionGroupError',
      WaveQuotaExceeded: 'WaveQuotaExceededError',
      WaveStartInProgress: 'WaveStartInProgressError',
      ExecutionMismatch: 'ExecutionMismatchError',
      HistoryRecordNotFound: 'HistoryRecordNotFoundError',
      DrsRetryable: 'DrsRetryableError',
      DrsNonRetryable: 'DrsNonRetryableError',
      InvalidEvent: 'InvalidEventError',
      UnknownAction: 'UnknownActionError',
      PlanNotFound: 'PlanNotFoundError',
      RecoveryNotConfirmed: 'RecoveryNotConfirmedError',
      ApprovalNotFound: 'ApprovalNotFoundError',
      ApprovalAlreadyDecided: 'ApprovalAlreadyDecidedError',
      CleanupRefused: 'CleanupRefusedError',
      DecisionRefused: 'DecisionRefusedError',
      ResumeRefused: 'ResumeRefusedError',
      ExecutionCancelled: 'ExecutionCancelled',
      MissingPeerDependency: 'MissingPeerDependencyError',
      AccountRoleDenied: 'AccountRoleDeniedError',
      AccountNotConfigured: 'AccountNotConfiguredError',
      EmptySelector: 'EmptySelectorError',
      RecoveryPointUnavailable: 'RecoveryPointUnavailableError',
    });
    for (const e of errors) {
      expect(e).toBeInstanceOf(Error);
      expect(isDrsWavesError(e)).toBe(true);
    }
  });

  it('names the wave and what is wrong for selectors and recovery points', () => {
    const empty = new EmptySelectorError('web', [
      { selectedBy: 'group pg-web', tags: { Tier: 'web', App: 'shop' } },
    ]);
    expect(empty.name).toBe(ErrorName.EmptySelector);
    expect(isEmptySelectorError(empty)).toBe(true);
    expect(empty.message).toBe(
      'Wave "web": selector of group pg-web (tags Tier=web, App=shop) matched no server that can launch; set allowEmpty on the wave to let it complete empty',
    );
    const point = new RecoveryPointUnavailableError('db', [
      { path: 's-00000000000000001', message: 'no recovery snapshot taken at or before x' },
    ]);
    expect(point.name).toBe(ErrorName.RecoveryPointUnavailable);
    expect(isRecoveryPointUnavailableError(point)).toBe(true);
    expect(isEmptySelectorError(point)).toBe(false);
    expect(point.message).toBe(
      'Wave "db" cannot launch from its recovery point (1 problem):\n- s-00000000000000001: no recovery snapshot taken at or before x',
    );
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

describe('account errors', () => {
  it('name the account and the role, never credentials, and are recognised by their guards', () => {
    const denied = new AccountRoleDeniedError(
      '111122223333',
      'arn:aws:iam::111122223333:role/drs-waves-target',
      'AccessDenied',
    );
    expect(denied.name).toBe(ErrorName.AccountRoleDenied);
    expect(denied.message).toBe(
      'Could not assume the role arn:aws:iam::111122223333:role/drs-waves-target of account 111122223333: AccessDenied',
    );
    expect(isAccountRoleDeniedError(denied)).toBe(true);
    expect(isAccountNotConfiguredError(denied)).toBe(false);
    const missing = new AccountNotConfiguredError(
      'shop',
      [{ path: 'waves[0].accountId', message: 'Account 111122223333 has no role in accountRoles' }],
      ['111122223333'],
    );
    expect(missing.name).toBe(ErrorName.AccountNotConfigured);
    expect(missing.message).toBe(
      'Plan "shop" names accounts without a role configured (111122223333) (1 problem):\n- waves[0].accountId: Account 111122223333 has no role in accountRoles',
    );
    expect(isAccountNotConfiguredError(missing)).toBe(true);
  });
});

describe('action router errors', () => {
  it('names the action, or says the event was not an object', () => {
    const problems = [
      { path: 'waveId', message: 'Missing required field' },
      { path: 'extra', message: 'Unknown field "extra"' },
    ];
    const named = new InvalidEventError('start_wave', problems);
    expect(named.message).toBe(
      'Invalid start_wave event (2 problems):\n- waveId: Missing required field\n- extra: Unknown field "extra"',
    );
    expect(named.action).toBe('start_wave');
    expect(named.problems).toStrictEqual(problems);
    const root = new InvalidEventError(undefined, [{ path: '', message: 'Expected an object' }]);
    expect(root.message).toBe('Invalid event (1 problem):\n- (root): Expected an object');
    expect(isInvalidEventError(root)).toBe(true);
    expect(isUnknownActionError(root)).toBe(false);
  });

  it('lists the known actions, for an unknown or a missing one', () => {
    const unknown = new UnknownActionError('strat_wave', ['start_wave', 'check_wave_status']);
    expect(unknown.message).toBe(
      'Unknown action "strat_wave": expected one of start_wave, check_wave_status',
    );
    expect(unknown.expected).toStrictEqual(['start_wave', 'check_wave_status']);
    expect(new UnknownActionError(undefined, ['start_wave']).message).toBe(
      'Missing action: expected one of start_wave',
    );
    expect(new UnknownActionError({}, ['start_wave']).message).toBe(
      'Unknown action an object: expected one of start_wave',
    );
    expect(isUnknownActionError(unknown)).toBe(true);
  });

  it('names the missing plan', () => {
    const error = new PlanNotFoundError('three-tier');
    expect(error.message).toBe('No plan "three-tier" in the plan store');
    expect(error.planId).toBe('three-tier');
    expect(isPlanNotFoundError(error)).toBe(true);
    expect(isPlanNotFoundError(new PlanNotFoundError('x').message)).toBe(false);
  });
});

describe('MissingPeerDependencyError', () => {
  it('names the package, what needs it and the install command, keeping the import error', () => {
    const cause = Object.assign(new Error("Cannot find package '@aws-sdk/client-sfn'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = new MissingPeerDependencyError(
      '@aws-sdk/client-sfn',
      'startExecution',
      'npm install @aws-sdk/client-sfn',
      { cause },
    );
    expect(error.message).toBe(
      'drs-waves needs @aws-sdk/client-sfn for startExecution: npm install @aws-sdk/client-sfn',
    );
    expect(error.name).toBe('MissingPeerDependencyError');
    expect(error.packageName).toBe('@aws-sdk/client-sfn');
    expect(error.installCommand).toBe('npm install @aws-sdk/client-sfn');
    expect(error.cause).toBe(cause);
    expect(isMissingPeerDependencyError(error)).toBe(true);
    expect(isDrsWavesError(error)).toBe(true);
    expect(isMissingPeerDependencyError(cause)).toBe(false);
    expect(isPlanNotFoundError(error)).toBe(false);
    // A copy from another module instance (the CommonJS build) is recognised by its brand.
    const foreign = Object.assign(new Error('x'), { name: 'MissingPeerDependencyError' });
    expect(isMissingPeerDependencyError(foreign)).toBe(false);
    Object.defineProperty(foreign, Symbol.for('drs-waves.error'), { value: true });
    expect(isMissingPeerDependencyError(foreign)).toBe(true);
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
