import * as v from 'valibot';
import { describeValue } from '../../errors';
import { option, optionsObject, parseOptions } from '../../internal/options';
import type { PollingStateMachineOptions, RetryPolicy } from '../PollingStateMachineOptions';

/** The options with every default applied. */
export interface ResolvedOptions {
  readonly lambdaArn: string;
  readonly pollIntervalSeconds: number;
  readonly defaultWaveTimeoutSeconds: number;
  readonly wavesInParallel: number;
  readonly approvalWaveIds: readonly string[];
  readonly approvalTimeoutSeconds: number;
  readonly notificationTopicArn: string | undefined;
  readonly statePrefix: string;
  readonly comment: string;
  readonly executionTimeoutSeconds: number | undefined;
  readonly lambdaRetry: RetryPolicy | false;
  readonly transientRetry: RetryPolicy;
  readonly completion: 'polling' | 'events';
  readonly safetyNetPollSeconds: number;
  readonly readinessCheck: boolean;
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const STATE_PREFIX = /^[A-Za-z0-9_-]{0,32}$/;

export const DEFAULTS = Object.freeze({
  pollIntervalSeconds: 30,
  defaultWaveTimeoutSeconds: 4 * 60 * 60,
  wavesInParallel: 5,
  approvalTimeoutSeconds: 24 * 60 * 60,
  comment: 'drs-waves: recover a plan in waves with AWS Elastic Disaster Recovery',
  lambdaRetry: { intervalSeconds: 2, maxAttempts: 6, backoffRate: 2 },
  transientRetry: { intervalSeconds: 10, maxAttempts: 6, backoffRate: 2 },
  completion: 'polling' as 'polling' | 'events',
  safetyNetPollSeconds: 300,
  readinessCheck: false,
});

const isString = (value: unknown): value is string => typeof value === 'string';
const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

const integer = (name: string, min: number, max: number) =>
  option(
    (value): value is number =>
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
    (shown) => `Expected \`${name}\` to be an integer from ${min} to ${max}, got ${shown}`,
  );

const nonEmptyString = (name: string) =>
  option(
    isNonEmptyString,
    (shown) => `Expected \`${name}\` to be a non-empty string, got ${shown}`,
  );

/** The fields of a {@link RetryPolicy}, every one required, named under `name` in messages. */
const retryEntries = (name: string) => ({
  intervalSeconds: integer(`${name}.intervalSeconds`, 1, 3600),
  maxAttempts: integer(`${name}.maxAttempts`, 0, 99),
  backoffRate: option(
    (value): value is number => typeof value === 'number' && value >= 1 && value <= 10,
    (shown) => `Expected \`${name}.backoffRate\` to be a number from 1 to 10, got ${shown}`,
  ),
});

const retryPolicy = (name: string) =>
  optionsObject(retryEntries(name), `\`${name}\` to be a retry policy`);

/** The entries of a retry policy, for its unknown keys (every policy has the same ones). */
const RETRY_ENTRIES = retryEntries('');

/** Every option of `buildPollingStateMachine`, defaults applied, in the order problems are listed. */
const pollingEntries = {
  lambdaArn: nonEmptyString('lambdaArn'),
  pollIntervalSeconds: v.optional(
    integer('pollIntervalSeconds', 1, 3600),
    DEFAULTS.pollIntervalSeconds,
  ),
  defaultWaveTimeoutSeconds: v.optional(
    integer('defaultWaveTimeoutSeconds', 60, YEAR_SECONDS),
    DEFAULTS.defaultWaveTimeoutSeconds,
  ),
  wavesInParallel: v.optional(integer('wavesInParallel', 1, 20), DEFAULTS.wavesInParallel),
  approvalTimeoutSeconds: v.optional(
    integer('approvalTimeoutSeconds', 60, YEAR_SECONDS),
    DEFAULTS.approvalTimeoutSeconds,
  ),
  executionTimeoutSeconds: v.optional(integer('executionTimeoutSeconds', 60, YEAR_SECONDS)),
  approvalWaveIds: v.optional(
    v.array(
      option(
        (value): value is string => typeof value === 'string' && ID.test(value),
        (shown) => `Expected a wave ID of 1 to 64 letters, digits, "-" or "_", got ${shown}`,
      ),
      (issue) =>
        `Expected \`approvalWaveIds\` to be an array of wave IDs, got ${describeValue(issue.input)}`,
    ),
    [],
  ),
  notificationTopicArn: v.optional(nonEmptyString('notificationTopicArn')),
  statePrefix: v.optional(
    option(
      (value): value is string => typeof value === 'string' && STATE_PREFIX.test(value),
      (shown) => `Expected \`statePrefix\` of at most 32 letters, digits, "-" or "_", got ${shown}`,
    ),
    '',
  ),
  comment: v.optional(
    option(isString, (shown) => `Expected \`comment\` to be a string, got ${shown}`),
    DEFAULTS.comment,
  ),
  lambdaRetry: v.optional(
    v.lazy((value) => (value === false ? v.literal(false) : retryPolicy('lambdaRetry'))),
    DEFAULTS.lambdaRetry,
  ),
  transientRetry: v.optional(retryPolicy('transientRetry'), DEFAULTS.transientRetry),
  completion: v.optional(
    option(
      (value): value is 'polling' | 'events' => value === 'polling' || value === 'events',
      (shown) => `Expected \`completion\` to be "polling" or "events", got ${shown}`,
    ),
    DEFAULTS.completion,
  ),
  safetyNetPollSeconds: v.optional(
    integer('safetyNetPollSeconds', 30, 3600),
    DEFAULTS.safetyNetPollSeconds,
  ),
  readinessCheck: v.optional(
    option(
      (value): value is boolean => typeof value === 'boolean',
      (shown) => `Expected \`readinessCheck\` to be a boolean, got ${shown}`,
    ),
    DEFAULTS.readinessCheck,
  ),
};

/**
 * The options of `estimateExecutionBudget`: those of the state machine, the ARN optional (and
 * checked when given, so that one options file serves both), and the share of router calls
 * retried.
 */
const budgetEntries = {
  ...pollingEntries,
  lambdaArn: v.optional(nonEmptyString('lambdaArn')),
  retryRate: v.optional(
    option(
      (value): value is number => typeof value === 'number' && value >= 0 && value <= 1,
      (shown) => `Expected \`retryRate\` to be a number from 0 to 1, got ${shown}`,
    ),
  ),
};

const SCHEMAS = {
  buildPollingStateMachine: optionsObject(pollingEntries, 'an options object'),
  estimateExecutionBudget: optionsObject(budgetEntries, 'an options object'),
};

/** Nested option objects, whose unknown keys are refused too. */
const NESTED = { lambdaRetry: RETRY_ENTRIES, transientRetry: RETRY_ENTRIES };

/**
 * Applies defaults and checks every option of `fn` (`retryRate` is one of
 * `estimateExecutionBudget` only), throwing one error that lists every problem, unknown keys
 * included.
 */
export function resolveOptions(
  options: PollingStateMachineOptions,
  fn: keyof typeof SCHEMAS,
): ResolvedOptions {
  const given: unknown = options === undefined ? {} : options;
  const o = parseOptions(fn, SCHEMAS[fn], given, { nested: NESTED });
  return {
    lambdaArn: o.lambdaArn ?? '',
    pollIntervalSeconds: o.pollIntervalSeconds,
    defaultWaveTimeoutSeconds: o.defaultWaveTimeoutSeconds,
    wavesInParallel: o.wavesInParallel,
    approvalWaveIds: o.approvalWaveIds,
    approvalTimeoutSeconds: o.approvalTimeoutSeconds,
    notificationTopicArn: o.notificationTopicArn,
    statePrefix: o.statePrefix,
    comment: o.comment,
    executionTimeoutSeconds: o.executionTimeoutSeconds,
    lambdaRetry: o.lambdaRetry,
    transientRetry: o.transientRetry,
    completion: o.completion,
    safetyNetPollSeconds: o.safetyNetPollSeconds,
    readinessCheck: o.readinessCheck,
  };
}
