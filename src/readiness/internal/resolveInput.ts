/**
 * Validation of `checkReadiness`'s input, and its defaults: applied here and nowhere else.
 *
 * @module
 */

import * as v from 'valibot';
import type { DrsPort } from '../../drs/DrsPort';
import type { DrsTarget } from '../../drs/DrsTarget';
import type { DrsQuotas } from '../../drs/limits';
import { callback, instance, option, optionsObject, parseOptions } from '../../internal/options';
import { isRecord } from '../../internal/records';
import type { RecoveryPlan } from '../../plan/types';
import { guardStore } from '../../store/internal/guardStore';
import type { ProtectionGroupStore } from '../../store/ProtectionGroupStore';
import { QUOTA_ENTRIES, quotaRules, withDefaultQuotas } from '../../waves/internal/deps';
import type { CheckReadinessInput } from '../checkReadiness';
import type { LaunchTemplatePort } from '../LaunchTemplatePort';
import { DEFAULT_READINESS_OPTIONS, type ReadinessOptions } from '../ReadinessOptions';

/** The input of `checkReadiness`, checked, with every default applied. */
export interface ReadinessContext {
  readonly plan: RecoveryPlan;
  readonly protectionGroups: ProtectionGroupStore;
  readonly drsFor: (target: DrsTarget) => DrsPort;
  readonly launchTemplates: LaunchTemplatePort | undefined;
  readonly quotas: DrsQuotas;
  readonly clock: () => Date;
  readonly options: Readonly<Required<ReadinessOptions>>;
}

const isSeconds = (min: number) => (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= min;

/** The fields of `ReadinessOptions`, in the order their problems are listed. */
const OPTION_ENTRIES = {
  maxLagSeconds: v.optional(
    option(
      (value): value is number => isSeconds(0)(value),
      (shown) => `Expected \`maxLagSeconds\` to be a non-negative number of seconds, got ${shown}`,
    ),
  ),
  maxSnapshotAgeSeconds: v.optional(
    option(
      (value): value is number => isSeconds(0)(value) && (value as number) > 0,
      (shown) =>
        `Expected \`maxSnapshotAgeSeconds\` to be a positive number of seconds, got ${shown}`,
    ),
  ),
  concurrency: v.optional(
    option(
      (value): value is number =>
        Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= 100,
      (shown) => `Expected \`concurrency\` to be an integer from 1 to 100, got ${shown}`,
    ),
  ),
};

/** The fields of `CheckReadinessInput`, in the order their problems are listed. */
const INPUT_ENTRIES = {
  plan: option(
    (value): value is RecoveryPlan =>
      isRecord(value) && typeof value.id === 'string' && Array.isArray(value.waves),
    (shown) => `Expected \`plan\` to be a recovery plan from parseRecoveryPlan, got ${shown}`,
  ),
  protectionGroups: instance('protectionGroups', 'a protection group store'),
  drsFor: option(
    (value): value is (target: DrsTarget) => DrsPort => typeof value === 'function',
    (shown) => `Expected \`drsFor\` to be a function from a DRS target to a DRS port, got ${shown}`,
  ),
  launchTemplates: v.optional(instance('launchTemplates', 'a launch template port')),
  quotas: v.optional(optionsObject(QUOTA_ENTRIES, '`quotas` to be an object of DRS quotas')),
  clock: callback('clock'),
  options: v.optional(
    optionsObject(OPTION_ENTRIES, '`options` to be an object of readiness options'),
  ),
};

const schema = optionsObject(INPUT_ENTRIES, 'the input of checkReadiness to be an object');

/**
 * Checks the input of `checkReadiness`: every field of the right kind, the quotas and options
 * within bounds, no unknown key at any level. Returns it with defaults applied.
 *
 * @throws `InvalidOptionsError` listing every problem, each naming the bad value.
 */
export function resolveInput(input: CheckReadinessInput): ReadinessContext {
  const parsed = parseOptions('checkReadiness', schema, input, {
    nested: { quotas: QUOTA_ENTRIES, options: OPTION_ENTRIES },
    rules: quotaRules,
  });
  const given = parsed.options ?? {};
  return {
    plan: parsed.plan,
    protectionGroups: guardStore(
      parsed.protectionGroups as ProtectionGroupStore,
      'protection group store',
    ),
    drsFor: parsed.drsFor,
    launchTemplates: parsed.launchTemplates as LaunchTemplatePort | undefined,
    quotas: withDefaultQuotas(parsed.quotas),
    clock: (parsed.clock as (() => Date) | undefined) ?? (() => new Date()),
    options: {
      maxLagSeconds: given.maxLagSeconds ?? DEFAULT_READINESS_OPTIONS.maxLagSeconds,
      maxSnapshotAgeSeconds:
        given.maxSnapshotAgeSeconds ?? DEFAULT_READINESS_OPTIONS.maxSnapshotAgeSeconds,
      concurrency: given.concurrency ?? DEFAULT_READINESS_OPTIONS.concurrency,
    },
  };
}
