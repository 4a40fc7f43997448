/**
 * Validation of the emulator's options and faults, and their defaults.
 *
 * @module
 */

import * as v from 'valibot';
import { describeValue, type Problem } from '../../../errors';
import { option, optionsObject, parseOptions } from '../../../internal/options';
import { isRecord } from '../../../internal/records';
import { isSourceServerId } from '../../../plan/sourceServerId';
import type { DrsEmulatorQuotas } from '../DrsEmulatorQuotas';

/** Faults with their defaults filled in. */
export interface ResolvedFaults {
  readonly failLaunch: ReadonlyMap<string, string>;
  readonly failPostLaunchActions: ReadonlySet<string>;
  readonly throttleRate: number;
  readonly internalErrorRate: number;
  readonly stuckServers: ReadonlySet<string>;
  readonly slowLaunch: ReadonlyMap<string, number>;
  /** Launch events dropped: each with probability `rate`, and every one of `servers`. */
  readonly dropLaunchEvents: {
    readonly rate: number;
    readonly servers: ReadonlySet<string>;
  };
}

/**
 * Options with their defaults filled in; times in microseconds unless named otherwise. Only
 * `jobListingDelaySeconds` changes after start (`DrsEmulator.setJobListingDelay`).
 */
export interface ResolvedOptions {
  readonly seed: number;
  readonly region: string;
  readonly accountId: string;
  readonly startMicros: number;
  readonly sourceServerIds: ReadonlySet<string> | undefined;
  readonly quotas: DrsEmulatorQuotas;
  readonly pageSize: number;
  readonly reportRecoveryInstanceId: boolean;
  readonly postLaunchActions: boolean;
  /** How long a new job stays out of `DescribeJobs`, in virtual seconds. */
  jobListingDelaySeconds: number;
  readonly faults: ResolvedFaults;
}

/** The default quotas: those of DRS. */
export const DEFAULT_QUOTAS: DrsEmulatorQuotas = Object.freeze({
  maxServersPerJob: 100,
  maxConcurrentJobs: 20,
  maxServersInActiveJobs: 500,
});

const DEFAULT_START = Date.UTC(2026, 0, 1);
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_PATTERN = /^\d{12}$/;
const MAX_PAGE_SIZE = 1000;

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

const isSafeInteger = (value: unknown): value is number => Number.isSafeInteger(value);
const isNonNegativeSeconds = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

const sourceServerId = option(
  isSourceServerId,
  (shown) => `Expected a source server ID (s- and 17 letters or digits), got ${shown}`,
);

/** An array of source server IDs, each listed once; `name` is the option's. */
const serverIds = (name: string) =>
  v.pipe(
    v.array(
      sourceServerId,
      (issue) => `Expected \`${name}\` to be an array, got ${describeValue(issue.input)}`,
    ),
    v.rawCheck(({ dataset, addIssue }) => {
      const ids = dataset.value;
      if (!Array.isArray(ids)) return;
      const seen = new Set<unknown>();
      ids.forEach((id: unknown, key) => {
        if (!isSourceServerId(id)) return;
        if (seen.has(id)) {
          addIssue({
            message: `Duplicate source server ID "${id}"`,
            path: [{ type: 'array', origin: 'value', input: ids, key, value: id }],
          });
        }
        seen.add(id);
      });
    }),
  );

/** A map from source server IDs to `value`; `notMap` and `badKey` are its messages. */
const serverIdMap = <T>(
  value: v.GenericSchema<unknown, T>,
  notMap: (shown: string) => string,
  badKey: (shown: string) => string,
) => v.pipe(option(isRecord, notMap), v.record(option(isSourceServerId, badKey), value));

const rate = (name: string) =>
  option(
    (value): value is number =>
      typeof value === 'number' && !Number.isNaN(value) && value >= 0 && value <= 1,
    (shown) => `Expected \`${name}\` between 0 and 1, got ${shown}`,
  );

/**
 * `dropLaunchEvents`: a rate from 0 to 1, or an array of source server IDs, each listed once.
 */
const dropLaunchEvents = v.lazy((input: unknown) => {
  if (typeof input === 'number') return rate('dropLaunchEvents');
  if (Array.isArray(input)) return serverIds('dropLaunchEvents');
  return option(
    (value): value is number | string[] => false,
    (shown) =>
      `Expected \`dropLaunchEvents\` to be a rate between 0 and 1 or an array of source server IDs, got ${shown}`,
  );
});

const seconds = (name: string) =>
  option(
    isNonNegativeSeconds,
    (shown) => `Expected \`${name}\` to be a non-negative finite number of seconds, got ${shown}`,
  );

const positiveInteger = (name: string, max = Number.MAX_SAFE_INTEGER) =>
  option(
    (value): value is number => isSafeInteger(value) && value >= 1 && value <= max,
    (shown) =>
      `Expected \`${name}\` to be ${max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `an integer from 1 to ${max}`}, got ${shown}`,
  );

const boolean = (name: string) =>
  option(
    (value): value is boolean => typeof value === 'boolean',
    (shown) => `Expected \`${name}\` to be a boolean, got ${shown}`,
  );

/** The fields of `DrsFaults`, in the order their problems are listed. */
const FAULT_ENTRIES = {
  failLaunch: v.optional(
    serverIdMap(
      option(
        (value): value is string => typeof value === 'string' && value !== '',
        (shown) => `Expected a non-empty raw error string, got ${shown}`,
      ),
      (shown) => `Expected \`failLaunch\` to be an object, got ${shown}`,
      (shown) => `Expected a source server ID as key of \`failLaunch\`, got ${shown}`,
    ),
  ),
  failPostLaunchActions: v.optional(serverIds('failPostLaunchActions')),
  stuckServers: v.optional(serverIds('stuckServers')),
  slowLaunch: v.optional(
    serverIdMap(
      option(
        isNonNegativeSeconds,
        (shown) => `Expected a non-negative number of seconds, got ${shown}`,
      ),
      (shown) => `Expected \`slowLaunch\` to map source server IDs to seconds, got ${shown}`,
      (shown) => `Expected a source server ID as a key, got ${shown}`,
    ),
  ),
  dropLaunchEvents: v.optional(dropLaunchEvents),
  throttleRate: v.optional(rate('throttleRate'), 0),
  internalErrorRate: v.optional(rate('internalErrorRate'), 0),
};

const faultsSchema = optionsObject(FAULT_ENTRIES, 'the faults to be an object');

/** The fields of `DrsEmulatorQuotas`. */
const QUOTA_ENTRIES = {
  maxServersPerJob: v.optional(
    positiveInteger('maxServersPerJob'),
    DEFAULT_QUOTAS.maxServersPerJob,
  ),
  maxConcurrentJobs: v.optional(
    positiveInteger('maxConcurrentJobs'),
    DEFAULT_QUOTAS.maxConcurrentJobs,
  ),
  maxServersInActiveJobs: v.optional(
    positiveInteger('maxServersInActiveJobs'),
    DEFAULT_QUOTAS.maxServersInActiveJobs,
  ),
};

/** The fields of `DrsEmulatorOptions`, defaults applied. */
const OPTION_ENTRIES = {
  seed: v.optional(
    option(isSafeInteger, (shown) => `Expected \`seed\` to be a safe integer, got ${shown}`),
    1,
  ),
  region: v.optional(
    option(
      (value): value is string => typeof value === 'string' && REGION_PATTERN.test(value),
      (shown) => `Expected \`region\` to be an AWS Region such as "eu-west-1", got ${shown}`,
    ),
    'us-east-1',
  ),
  accountId: v.optional(
    option(
      (value): value is string => typeof value === 'string' && ACCOUNT_PATTERN.test(value),
      (shown) => `Expected \`accountId\` to be 12 digits, got ${shown}`,
    ),
    '123456789012',
  ),
  startTime: v.optional(
    option(
      (value): value is Date => value instanceof Date && !Number.isNaN(value.getTime()),
      (shown) => `Expected \`startTime\` to be a valid Date, got ${shown}`,
    ),
  ),
  sourceServerIds: v.optional(serverIds('sourceServerIds')),
  quotas: v.optional(optionsObject(QUOTA_ENTRIES, '`quotas` to be an object'), {}),
  pageSize: v.optional(positiveInteger('pageSize', MAX_PAGE_SIZE), 50),
  reportRecoveryInstanceId: v.optional(boolean('reportRecoveryInstanceId'), false),
  postLaunchActions: v.optional(boolean('postLaunchActions'), false),
  jobListingDelaySeconds: v.optional(seconds('jobListingDelaySeconds'), 0),
  faults: v.optional(faultsSchema, {}),
};

const optionsSchema = optionsObject(OPTION_ENTRIES, 'an options object');

/** The valid source server IDs of a raw list, once each; `[]` when it is not a list. */
const validIds = (value: unknown): string[] =>
  Array.isArray(value) ? [...new Set(value.filter(isSourceServerId))] : [];

/** The valid keys of a raw server ID map whose values `valid` accepts. */
const validKeys = (value: unknown, valid: (entry: unknown) => boolean): string[] =>
  isRecord(value)
    ? Object.entries(value)
        .filter(([id, entry]) => isSourceServerId(id) && valid(entry))
        .map(([id]) => id)
    : [];

/**
 * Rules across the fields of a fault set, read leniently (what the schema refuses is left to
 * it): a server in both `failLaunch` and `stuckServers`, and, when `existing` is given, fault
 * servers not in it.
 */
function faultProblems(
  faults: unknown,
  prefix: string,
  existing: ReadonlySet<string> | undefined,
): Problem[] {
  if (!isRecord(faults)) return [];
  const problems: Problem[] = [];
  const checkExists = (id: string, path: string): void => {
    if (existing !== undefined && !existing.has(id)) {
      problems.push({ path, message: `Source server "${id}" is not in \`sourceServerIds\`` });
    }
  };
  const failing = validKeys(faults.failLaunch, (e) => typeof e === 'string' && e !== '');
  for (const id of failing) checkExists(id, `${join(prefix, 'failLaunch')}.${id}`);
  for (const id of validIds(faults.failPostLaunchActions)) {
    checkExists(id, join(prefix, 'failPostLaunchActions'));
  }
  const stuckPath = join(prefix, 'stuckServers');
  for (const id of validIds(faults.stuckServers)) {
    checkExists(id, stuckPath);
    if (failing.includes(id)) {
      problems.push({
        path: stuckPath,
        message: `Source server "${id}" cannot be both in \`failLaunch\` and in \`stuckServers\``,
      });
    }
  }
  for (const id of validKeys(faults.slowLaunch, isNonNegativeSeconds)) {
    checkExists(id, join(prefix, 'slowLaunch'));
  }
  for (const id of validIds(faults.dropLaunchEvents)) {
    checkExists(id, join(prefix, 'dropLaunchEvents'));
  }
  return problems;
}

function resolvedFaults(faults: v.InferOutput<typeof faultsSchema>): ResolvedFaults {
  return {
    failLaunch: new Map(Object.entries(faults.failLaunch ?? {})),
    failPostLaunchActions: new Set(faults.failPostLaunchActions),
    throttleRate: faults.throttleRate,
    internalErrorRate: faults.internalErrorRate,
    stuckServers: new Set(faults.stuckServers),
    slowLaunch: new Map(Object.entries(faults.slowLaunch ?? {})),
    dropLaunchEvents: {
      rate: typeof faults.dropLaunchEvents === 'number' ? faults.dropLaunchEvents : 0,
      servers: new Set(Array.isArray(faults.dropLaunchEvents) ? faults.dropLaunchEvents : []),
    },
  };
}

/**
 * Validates the options of `DrsEmulator.start` and fills in defaults.
 *
 * @throws InvalidOptionsError listing every problem, unknown keys included.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  const o = parseOptions('DrsEmulator.start', optionsSchema, input === undefined ? {} : input, {
    nested: { quotas: QUOTA_ENTRIES, faults: FAULT_ENTRIES },
    rules: (raw) =>
      faultProblems(
        raw.faults,
        'faults',
        Array.isArray(raw.sourceServerIds) ? new Set(validIds(raw.sourceServerIds)) : undefined,
      ),
  });
  return {
    seed: o.seed,
    region: o.region,
    accountId: o.accountId,
    startMicros: (o.startTime?.getTime() ?? DEFAULT_START) * 1000,
    sourceServerIds: o.sourceServerIds === undefined ? undefined : new Set(o.sourceServerIds),
    quotas: o.quotas,
    pageSize: o.pageSize,
    reportRecoveryInstanceId: o.reportRecoveryInstanceId,
    postLaunchActions: o.postLaunchActions,
    jobListingDelaySeconds: o.jobListingDelaySeconds,
    faults: resolvedFaults(o.faults),
  };
}

/**
 * Validates a fault set given to `DrsEmulator.setFaults`. Fault server IDs must be well formed
 * and, when `existing` is given, exist.
 *
 * @throws InvalidOptionsError listing every problem, unknown keys included.
 */
export function resolveFaults(
  input: unknown,
  existing: ReadonlySet<string> | undefined,
): ResolvedFaults {
  const faults = parseOptions('DrsEmulator.setFaults', faultsSchema, input, {
    rules: (raw) => faultProblems(raw, '', existing),
  });
  return resolvedFaults(faults);
}

const delaySchema = optionsObject({ seconds: seconds('seconds') }, 'a delay');

/**
 * Validates a delay given to `DrsEmulator.setJobListingDelay`.
 *
 * @throws InvalidOptionsError naming the bad value.
 */
export function resolveJobListingDelay(input: unknown): number {
  return parseOptions('DrsEmulator.setJobListingDelay', delaySchema, { seconds: input }).seconds;
}
