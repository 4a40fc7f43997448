/**
 * Validation of the emulator's options and faults, and their defaults.
 *
 * @module
 */

import { describeValue, InvalidOptionsError, type Problem } from '../../../errors';
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

const OPTION_KEYS = new Set([
  'seed',
  'region',
  'accountId',
  'startTime',
  'sourceServerIds',
  'quotas',
  'pageSize',
  'reportRecoveryInstanceId',
  'postLaunchActions',
  'jobListingDelaySeconds',
  'faults',
]);
const FAULT_KEYS = new Set([
  'failLaunch',
  'failPostLaunchActions',
  'throttleRate',
  'internalErrorRate',
  'stuckServers',
  'slowLaunch',
]);
const QUOTA_KEYS: readonly (keyof DrsEmulatorQuotas)[] = [
  'maxServersPerJob',
  'maxConcurrentJobs',
  'maxServersInActiveJobs',
];

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

function checkKeys(
  value: Readonly<Record<string, unknown>>,
  known: ReadonlySet<string>,
  prefix: string,
  problems: Problem[],
): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      problems.push({ path: join(prefix, key), message: `Unknown option \`${key}\`` });
    }
  }
}

function readServerIds(
  value: unknown,
  name: string,
  path: string,
  problems: Problem[],
): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({
      path,
      message: `Expected \`${name}\` to be an array, got ${describeValue(value)}`,
    });
    return undefined;
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  value.forEach((id: unknown, index) => {
    if (!isSourceServerId(id)) {
      problems.push({
        path: `${path}[${index}]`,
        message: `Expected a source server ID (s- and 17 letters or digits), got ${describeValue(id)}`,
      });
    } else if (seen.has(id)) {
      problems.push({ path: `${path}[${index}]`, message: `Duplicate source server ID "${id}"` });
    } else {
      seen.add(id);
      ids.push(id);
    }
  });
  return ids;
}

function readRate(
  value: unknown,
  name: string,
  path: string,
  problems: Problem[],
): number | undefined {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > 1) {
    problems.push({
      path,
      message: `Expected \`${name}\` between 0 and 1, got ${describeValue(value)}`,
    });
    return undefined;
  }
  return value;
}

/**
 * Validates a fault set, appending problems under `prefix`. Fault server IDs must be well formed
 * and, when `existing` is given, exist.
 */
export function collectFaults(
  input: unknown,
  prefix: string,
  existing: ReadonlySet<string> | undefined,
  problems: Problem[],
): ResolvedFaults {
  const failLaunch = new Map<string, string>();
  let failPostLaunchActions: string[] = [];
  let stuckServers: string[] = [];
  let throttleRate = 0;
  let internalErrorRate = 0;
  if (!isRecord(input)) {
    problems.push({
      path: prefix,
      message: `Expected the faults to be an object, got ${describeValue(input)}`,
    });
    return resolvedFaults(failLaunch, [], [], 0, 0);
  }
  checkKeys(input, FAULT_KEYS, prefix, problems);
  const checkExists = (id: string, path: string): void => {
    if (existing !== undefined && !existing.has(id)) {
      problems.push({ path, message: `Source server "${id}" is not in \`sourceServerIds\`` });
    }
  };
  if (input.failLaunch !== undefined) {
    const path = join(prefix, 'failLaunch');
    if (!isRecord(input.failLaunch)) {
      problems.push({
        path,
        message: `Expected \`failLaunch\` to be an object, got ${describeValue(input.failLaunch)}`,
      });
    } else {
      for (const [id, rawError] of Object.entries(input.failLaunch)) {
        if (!isSourceServerId(id)) {
          problems.push({
            path: `${path}.${id}`,
            message: `Expected a source server ID as key of \`failLaunch\`, got ${describeValue(id)}`,
          });
        } else if (typeof rawError !== 'string' || rawError === '') {
          problems.push({
            path: `${path}.${id}`,
            message: `Expected a non-empty raw error string, got ${describeValue(rawError)}`,
          });
        } else {
          checkExists(id, `${path}.${id}`);
          failLaunch.set(id, rawError);
        }
      }
    }
  }
  if (input.failPostLaunchActions !== undefined) {
    const path = join(prefix, 'failPostLaunchActions');
    const ids = readServerIds(input.failPostLaunchActions, 'failPostLaunchActions', path, problems);
    for (const id of ids ?? []) checkExists(id, path);
    failPostLaunchActions = ids ?? [];
  }
  if (input.stuckServers !== undefined) {
    const path = join(prefix, 'stuckServers');
    const ids = readServerIds(input.stuckServers, 'stuckServers', path, problems);
    for (const id of ids ?? []) {
      checkExists(id, path);
      if (failLaunch.has(id)) {
        problems.push({
          path,
          message: `Source server "${id}" cannot be both in \`failLaunch\` and in \`stuckServers\``,
        });
      }
    }
    stuckServers = ids ?? [];
  }
  const slowLaunch = new Map<string, number>();
  if (input.slowLaunch !== undefined) {
    const path = join(prefix, 'slowLaunch');
    if (!isRecord(input.slowLaunch)) {
      problems.push({
        path,
        message: `Expected \`slowLaunch\` to map source server IDs to seconds, got ${describeValue(input.slowLaunch)}`,
      });
    } else {
      for (const [id, seconds] of Object.entries(input.slowLaunch)) {
        if (!isSourceServerId(id)) {
          problems.push({
            path,
            message: `Expected a source server ID as a key, got ${describeValue(id)}`,
          });
        } else if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
          problems.push({
            path: join(path, id),
            message: `Expected a non-negative number of seconds, got ${describeValue(seconds)}`,
          });
        } else {
          checkExists(id, path);
          slowLaunch.set(id, seconds);
        }
      }
    }
  }
  if (input.throttleRate !== undefined) {
    const path = join(prefix, 'throttleRate');
    throttleRate = readRate(input.throttleRate, 'throttleRate', path, problems) ?? 0;
  }
  if (input.internalErrorRate !== undefined) {
    const path = join(prefix, 'internalErrorRate');
    internalErrorRate = readRate(input.internalErrorRate, 'internalErrorRate', path, problems) ?? 0;
  }
  return resolvedFaults(
    failLaunch,
    failPostLaunchActions,
    stuckServers,
    throttleRate,
    internalErrorRate,
    slowLaunch,
  );
}

function resolvedFaults(
  failLaunch: ReadonlyMap<string, string>,
  failPostLaunchActions: readonly string[],
  stuckServers: readonly string[],
  throttleRate: number,
  internalErrorRate: number,
  slowLaunch: ReadonlyMap<string, number> = new Map(),
): ResolvedFaults {
  return {
    slowLaunch,
    failLaunch,
    failPostLaunchActions: new Set(failPostLaunchActions),
    throttleRate,
    internalErrorRate,
    stuckServers: new Set(stuckServers),
  };
}

function readPositiveInteger(
  value: unknown,
  name: string,
  path: string,
  problems: Problem[],
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `an integer from 1 to ${max}`;
    problems.push({
      path,
      message: `Expected \`${name}\` to be ${range}, got ${describeValue(value)}`,
    });
    return undefined;
  }
  return value;
}

function readBoolean(value: unknown, name: string, problems: Problem[]): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    problems.push({
      path: name,
      message: `Expected \`${name}\` to be a boolean, got ${describeValue(value)}`,
    });
    return false;
  }
  return value;
}

/** Reads a non-negative finite number of seconds; `undefined` (with a problem) when it is not one. */
function readSeconds(
  value: unknown,
  name: string,
  path: string,
  problems: Problem[],
): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    problems.push({
      path,
      message: `Expected \`${name}\` to be a non-negative finite number of seconds, got ${describeValue(value)}`,
    });
    return undefined;
  }
  return value;
}

function readQuotas(value: unknown, problems: Problem[]): DrsEmulatorQuotas {
  if (value === undefined) return DEFAULT_QUOTAS;
  if (!isRecord(value)) {
    problems.push({
      path: 'quotas',
      message: `Expected \`quotas\` to be an object, got ${describeValue(value)}`,
    });
    return DEFAULT_QUOTAS;
  }
  checkKeys(value, new Set<string>(QUOTA_KEYS), 'quotas', problems);
  const quotas = { ...DEFAULT_QUOTAS };
  for (const key of QUOTA_KEYS) {
    if (value[key] === undefined) continue;
    const read = readPositiveInteger(value[key], key, `quotas.${key}`, problems);
    if (read !== undefined) quotas[key] = read;
  }
  return quotas;
}

/**
 * Validates the options of `DrsEmulator.start` and fills in defaults.
 *
 * @throws InvalidOptionsError listing every problem.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  const problems: Problem[] = [];
  const options: Readonly<Record<string, unknown>> =
    input === undefined ? {} : isRecord(input) ? input : {};
  if (input !== undefined && !isRecord(input)) {
    problems.push({ path: '', message: `Expected an options object, got ${describeValue(input)}` });
  }
  checkKeys(options, OPTION_KEYS, '', problems);

  let seed = 1;
  if (options.seed !== undefined) {
    if (typeof options.seed !== 'number' || !Number.isSafeInteger(options.seed)) {
      problems.push({
        path: 'seed',
        message: `Expected \`seed\` to be a safe integer, got ${describeValue(options.seed)}`,
      });
    } else {
      seed = options.seed;
    }
  }
  let region = 'us-east-1';
  if (options.region !== undefined) {
    if (typeof options.region !== 'string' || !REGION_PATTERN.test(options.region)) {
      problems.push({
        path: 'region',
        message: `Expected \`region\` to be an AWS Region such as "eu-west-1", got ${describeValue(options.region)}`,
      });
    } else {
      region = options.region;
    }
  }
  let accountId = '123456789012';
  if (options.accountId !== undefined) {
    if (typeof options.accountId !== 'string' || !ACCOUNT_PATTERN.test(options.accountId)) {
      problems.push({
        path: 'accountId',
        message: `Expected \`accountId\` to be 12 digits, got ${describeValue(options.accountId)}`,
      });
    } else {
      accountId = options.accountId;
    }
  }
  let startMillis = DEFAULT_START;
  if (options.startTime !== undefined) {
    const time = options.startTime instanceof Date ? options.startTime.getTime() : Number.NaN;
    if (Number.isNaN(time)) {
      problems.push({
        path: 'startTime',
        message: `Expected \`startTime\` to be a valid Date, got ${describeValue(options.startTime)}`,
      });
    } else {
      startMillis = time;
    }
  }
  let sourceServerIds: ReadonlySet<string> | undefined;
  if (options.sourceServerIds !== undefined) {
    const ids = readServerIds(
      options.sourceServerIds,
      'sourceServerIds',
      'sourceServerIds',
      problems,
    );
    if (ids !== undefined) sourceServerIds = new Set(ids);
  }
  const quotas = readQuotas(options.quotas, problems);
  let pageSize = 50;
  if (options.pageSize !== undefined) {
    pageSize =
      readPositiveInteger(options.pageSize, 'pageSize', 'pageSize', problems, MAX_PAGE_SIZE) ?? 50;
  }
  const reportRecoveryInstanceId = readBoolean(
    options.reportRecoveryInstanceId,
    'reportRecoveryInstanceId',
    problems,
  );
  const postLaunchActions = readBoolean(options.postLaunchActions, 'postLaunchActions', problems);
  let jobListingDelaySeconds = 0;
  if (options.jobListingDelaySeconds !== undefined) {
    jobListingDelaySeconds =
      readSeconds(
        options.jobListingDelaySeconds,
        'jobListingDelaySeconds',
        'jobListingDelaySeconds',
        problems,
      ) ?? 0;
  }
  const faults = collectFaults(options.faults ?? {}, 'faults', sourceServerIds, problems);

  if (problems.length > 0) throw new InvalidOptionsError('DrsEmulator.start', problems);
  return {
    seed,
    region,
    accountId,
    startMicros: startMillis * 1000,
    sourceServerIds,
    quotas,
    pageSize,
    reportRecoveryInstanceId,
    postLaunchActions,
    jobListingDelaySeconds,
    faults,
  };
}

/**
 * Validates a fault set given to `DrsEmulator.setFaults`.
 *
 * @throws InvalidOptionsError listing every problem.
 */
export function resolveFaults(
  input: unknown,
  existing: ReadonlySet<string> | undefined,
): ResolvedFaults {
  const problems: Problem[] = [];
  const faults = collectFaults(input, '', existing, problems);
  if (problems.length > 0) throw new InvalidOptionsError('DrsEmulator.setFaults', problems);
  return faults;
}

/**
 * Validates a delay given to `DrsEmulator.setJobListingDelay`.
 *
 * @throws InvalidOptionsError naming the bad value.
 */
export function resolveJobListingDelay(input: unknown): number {
  const problems: Problem[] = [];
  const seconds = readSeconds(input, 'seconds', 'seconds', problems);
  if (seconds === undefined) {
    throw new InvalidOptionsError('DrsEmulator.setJobListingDelay', problems);
  }
  return seconds;
}
