/**
 * The options of the local runner and of `simulateDrill`, checked by the one options mechanism:
 * every key known, every value of its kind. Nested options (`emulator`, `machine`, `faults`)
 * are left to the functions they are passed to, which check them the same way.
 *
 * @module
 */

import * as v from 'valibot';
import { callback, instance, option, optionsObject, parseOptions } from '../../internal/options';
import { isRecord } from '../../internal/records';
import { EXECUTION_TYPES } from '../../plan/executionType';
import { recoveryPointInputSchema } from '../../plan/internal/selection';

const nonNegative = (name: string) =>
  v.optional(
    option(
      (value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0,
      (shown) => `Expected \`${name}\` to be a number of at least 0, got ${shown}`,
    ),
  );

const objectOf = (name: string, what: string) => v.optional(instance(name, what));

const localStateMachineOptions = optionsObject(
  {
    definition: instance('definition', 'a state machine definition'),
    handler: option(
      (value): value is (event: unknown) => Promise<unknown> => typeof value === 'function',
      (shown) => `Expected \`handler\` to be a function, got ${shown}`,
    ),
    statePrefix: v.optional(
      option(
        (value): value is string => typeof value === 'string',
        (shown) => `Expected \`statePrefix\` to be a string, got ${shown}`,
      ),
    ),
    advanceClock: callback('advanceClock'),
    onNotification: callback('onNotification'),
    lambdaFault: callback('lambdaFault'),
    lambdaTimeoutSeconds: nonNegative('lambdaTimeoutSeconds'),
    lambdaHooks: objectOf('lambdaHooks', 'an object of local Lambda hooks by function ARN'),
    ssmAutomation: objectOf('ssmAutomation', 'an SsmAutomationStandIn'),
    events: v.optional(
      optionsObject(
        {
          nextInMs: option(
            (value): value is () => number | undefined => typeof value === 'function',
            (shown) => `Expected \`events.nextInMs\` to be a function, got ${shown}`,
          ),
          take: option(
            (value): value is () => readonly unknown[] => typeof value === 'function',
            (shown) => `Expected \`events.take\` to be a function, got ${shown}`,
          ),
        },
        '`events` to be an object with nextInMs and take',
      ),
    ),
  },
  'an options object',
);

/**
 * Checks the options of `new LocalStateMachine(...)`.
 *
 * @throws `InvalidOptionsError` listing every problem.
 */
export function checkLocalStateMachineOptions(options: unknown): void {
  parseOptions('LocalStateMachine', localStateMachineOptions, options);
}

const STORE_ENTRIES = {
  plans: objectOf('stores.plans', 'a plan store'),
  protectionGroups: objectOf('stores.protectionGroups', 'a protection group store'),
};

const simulateDrillOptions = optionsObject(
  {
    plan: option(
      (value): value is object => isRecord(value) && Array.isArray(value.waves),
      (shown) => `Expected \`plan\` to be a plan from parseRecoveryPlan, got ${shown}`,
    ),
    protectionGroups: v.optional(
      option(
        (value): value is unknown[] => Array.isArray(value),
        (shown) => `Expected \`protectionGroups\` to be a list of protection groups, got ${shown}`,
      ),
    ),
    executionType: v.optional(
      option(
        (value): value is string => (EXECUTION_TYPES as readonly unknown[]).includes(value),
        (shown) => `Expected \`executionType\` to be "DRILL" or "RECOVERY", got ${shown}`,
      ),
    ),
    seed: v.optional(
      option(
        (value): value is number => Number.isSafeInteger(value),
        (shown) => `Expected \`seed\` to be a safe integer, got ${shown}`,
      ),
    ),
    faults: objectOf('faults', 'an object of DRS faults'),
    emulator: objectOf('emulator', 'an object of emulator options'),
    machine: objectOf('machine', 'an object of state machine options'),
    storage: v.optional(
      option(
        (value): value is string => value === 'memory' || value === 'dynalite',
        (shown) => `Expected \`storage\` to be "memory" or "dynalite", got ${shown}`,
      ),
    ),
    lambdaFault: callback('lambdaFault'),
    approve: callback('approve'),
    decide: callback('decide'),
    speed: nonNegative('speed'),
    onProgress: callback('onProgress'),
    executionId: v.optional(
      option(
        (value): value is string =>
          typeof value === 'string' && /^[A-Za-z0-9_-]{1,80}$/.test(value),
        (shown) =>
          `Expected \`executionId\` to be 1 to 80 letters, digits, "-" or "_", got ${shown}`,
      ),
    ),
    wrapHistory: callback('wrapHistory'),
    wrapDrs: callback('wrapDrs'),
    wrapRouter: callback('wrapRouter'),
    lambdaTimeoutSeconds: nonNegative('lambdaTimeoutSeconds'),
    lambdaHooks: objectOf('lambdaHooks', 'an object of local Lambda hooks by function ARN'),
    runbooks: objectOf('runbooks', 'an object of local SSM Automation runbooks by document name'),
    recoveryPoint: v.optional(recoveryPointInputSchema),
    overrideReadiness: v.optional(
      option(
        (value): value is boolean => typeof value === 'boolean',
        (shown) => `Expected \`overrideReadiness\` to be a boolean, got ${shown}`,
      ),
    ),
    stores: v.optional(optionsObject(STORE_ENTRIES, '`stores` to be an object of stores')),
  },
  'an options object',
);

/** What simulateDrill sets itself: given in `emulator` or `machine`, it would be ignored. */
function ownedBySimulateDrill(input: Record<string, unknown>) {
  const owned = [
    ['emulator', 'seed', 'Set by simulateDrill from `seed`: give it there'],
    ['emulator', 'faults', 'Set by simulateDrill from `faults`: give them there'],
    ['machine', 'lambdaArn', 'Set by simulateDrill to the simulated router: leave it out'],
  ] as const;
  return owned.flatMap(([group, key, message]) => {
    const nested = input[group];
    return isRecord(nested) && Object.hasOwn(nested, key)
      ? [{ path: `${group}.${key}`, message }]
      : [];
  });
}

/**
 * Checks the options of `simulateDrill` (nested emulator and machine options are checked when
 * the emulator starts and the definition is built).
 *
 * @throws `InvalidOptionsError` listing every problem.
 */
export function checkSimulateDrillOptions(options: unknown): void {
  parseOptions('simulateDrill', simulateDrillOptions, options, {
    nested: { stores: STORE_ENTRIES },
    rules: ownedBySimulateDrill,
  });
}
