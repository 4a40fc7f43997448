import * as v from 'valibot';
import { accountRoleProblems } from '../../accounts/internal/accountRoleProblems';
import { DEFAULT_DRS_QUOTAS, DRS_API_LIMITS, type DrsQuotas } from '../../drs/limits';
import { callback, instance, option, optionsObject, parseOptions } from '../../internal/options';

const positiveInteger = (name: string) =>
  v.optional(
    option(
      (value): value is number => Number.isSafeInteger(value) && (value as number) >= 1,
      (shown) => `Expected \`${name}\` to be a positive integer, got ${shown}`,
    ),
  );

/** Every DRS quota, each optional: missing ones take {@link DEFAULT_DRS_QUOTAS}. */
export const QUOTA_ENTRIES = {
  maxServersPerJob: positiveInteger('quotas.maxServersPerJob'),
  maxConcurrentJobs: positiveInteger('quotas.maxConcurrentJobs'),
  maxServersInActiveJobs: positiveInteger('quotas.maxServersInActiveJobs'),
} satisfies Record<keyof DrsQuotas, v.GenericSchema>;

/** The keys of `WaveDeps`, in the order problems are listed. */
const WAVE_ENTRIES = {
  drs: instance('drs', 'a DRS port'),
  drsFor: callback('drsFor'),
  drsForRegion: callback('drsForRegion'),
  history: instance('history', 'an execution history store'),
  clock: callback('clock'),
  logger: v.optional(instance('logger', 'a logger')),
  quotas: v.optional(optionsObject(QUOTA_ENTRIES, '`quotas` to be an object of DRS quotas')),
  claimLeaseSeconds: v.optional(
    option(
      (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0,
      (shown) => `Expected \`claimLeaseSeconds\` to be a positive number of seconds, got ${shown}`,
    ),
  ),
  newToken: callback('newToken'),
};

const protectionGroups = instance('protectionGroups', 'a protection group store');

/**
 * The dependencies of each entry point that takes them. `checkWaveStatus` knows
 * `protectionGroups` too: one object serves both wave functions.
 */
const SCHEMAS = {
  startWave: optionsObject({ ...WAVE_ENTRIES, protectionGroups }, 'a dependencies object'),
  checkWaveStatus: optionsObject(
    { ...WAVE_ENTRIES, protectionGroups: v.optional(protectionGroups) },
    'a dependencies object',
  ),
  createActionRouter: optionsObject(
    {
      ...WAVE_ENTRIES,
      protectionGroups,
      plans: instance('plans', 'a plan store'),
      taskCallbacks: v.optional(instance('taskCallbacks', 'task callbacks (createTaskCallbacks)')),
      // Its entries are checked by accountRoleProblems (a rule), which names each path.
      accountRoles: v.optional(v.unknown()),
      sts: v.optional(instance('sts', 'an STS port (createStsAdapter)')),
      notifications: v.optional(
        instance('notifications', 'a notification port (createSnsAdapter)'),
      ),
      drsForAccount: callback('drsForAccount'),
      requirePostLaunchActions: v.optional(
        option(
          (value): value is boolean => typeof value === 'boolean',
          (shown) => `Expected \`requirePostLaunchActions\` to be true or false, got ${shown}`,
        ),
      ),
    },
    'a dependencies object',
  ),
};

/** StartRecovery takes at most this many servers: a larger job could never start. */
export function quotaRules(input: Record<string, unknown>) {
  const quotas = input.quotas as Partial<Record<string, unknown>> | undefined;
  const perJob = quotas?.maxServersPerJob;
  return typeof perJob === 'number' && perJob > DRS_API_LIMITS.maxServersPerStartRecovery
    ? [
        {
          path: 'quotas.maxServersPerJob',
          message: `Expected at most ${DRS_API_LIMITS.maxServersPerStartRecovery} (StartRecovery's limit), got ${perJob}`,
        },
      ]
    : [];
}

/**
 * Checks the dependencies of `functionName`: every required one present, every given one of the
 * right kind, the quotas positive integers within StartRecovery's limit, and no unknown key.
 * Returns the quotas with defaults applied.
 *
 * @throws `InvalidOptionsError` listing every problem.
 */
export function checkDeps(functionName: keyof typeof SCHEMAS, deps: unknown): DrsQuotas {
  const parsed = parseOptions(functionName, SCHEMAS[functionName], deps, {
    nested: { quotas: QUOTA_ENTRIES },
    rules: (input) => [
      ...quotaRules(input),
      ...(functionName === 'createActionRouter'
        ? accountRoleProblems(input.accountRoles, 'accountRoles')
        : []),
    ],
  });
  return withDefaultQuotas(parsed.quotas);
}

/** The quotas `given`, missing (or `undefined`) ones taking {@link DEFAULT_DRS_QUOTAS}. */
export function withDefaultQuotas(
  given: { readonly [K in keyof DrsQuotas]?: number | undefined } | undefined,
): DrsQuotas {
  const quotas: { -readonly [K in keyof DrsQuotas]: number } = { ...DEFAULT_DRS_QUOTAS };
  for (const key of Object.keys(quotas) as (keyof DrsQuotas)[]) {
    const value = given?.[key];
    if (value !== undefined) quotas[key] = value;
  }
  return quotas;
}
