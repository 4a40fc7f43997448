/**
 * Validation of the emulator's options and faults, and their defaults.
 *
 * @module
 */

import type { DataReplicationState } from '@aws-sdk/client-drs';
import * as v from 'valibot';
import { describeValue, InvalidOptionsError, type Problem } from '../../../errors';
import { option, optionsObject, parseOptions } from '../../../internal/options';
import { isRecord, unknownFieldProblems } from '../../../internal/records';
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
  /** Each server's replication stops, sorted by time (microseconds). */
  readonly replicationStops: ReadonlyMap<string, readonly ResolvedStop[]>;
}

/** One replication stop of a server, in microseconds. */
export interface ResolvedStop {
  readonly atMicros: number;
  readonly untilMicros: number | undefined;
  readonly state: DataReplicationState;
}

/** A source server's settings with their defaults filled in; times in microseconds. */
export interface ResolvedServerSettings {
  readonly dataReplicationState: DataReplicationState;
  readonly lagMicros: number;
  readonly lastSnapshotMicros: number | undefined;
  readonly launchConfiguration: boolean;
  readonly ec2LaunchTemplateId: string | undefined;
  /** The server's tags, as `DescribeSourceServers` shows them. */
  readonly tags: Readonly<Record<string, string>>;
  /** When the server was added to DRS; the default (30 days before the start) when absent. */
  readonly addedAtMicros: number | undefined;
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
  /** The settings of the servers that have some. */
  readonly sourceServerSettings: ReadonlyMap<string, ResolvedServerSettings>;
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

/** Every `dataReplicationState` of the DRS API model. */
const REPLICATION_STATES: readonly DataReplicationState[] = [
  'STOPPED',
  'INITIATING',
  'INITIAL_SYNC',
  'BACKLOG',
  'CREATING_SNAPSHOT',
  'CONTINUOUS',
  'PAUSED',
  'RESCAN',
  'STALLED',
  'DISCONNECTED',
];
const STOP_STATES = REPLICATION_STATES.filter((state) => state !== 'CONTINUOUS');

const replicationState = (name: string, states: readonly DataReplicationState[]) =>
  option(
    (value): value is DataReplicationState =>
      typeof value === 'string' && (states as readonly string[]).includes(value),
    (shown) => `Expected \`${name}\` to be one of ${states.join(', ')}, got ${shown}`,
  );

const isValidDate = (value: unknown): value is Date =>
  value instanceof Date && !Number.isNaN(value.getTime());

const validDate = (name: string) =>
  option(isValidDate, (shown) => `Expected \`${name}\` to be a valid Date, got ${shown}`);

const LAUNCH_TEMPLATE_ID = /^lt-[0-9a-f]{17}$/;

/** The fields of `DrsSourceServerSettings`. */
const SETTINGS_ENTRIES = {
  dataReplicationState: v.optional(replicationState('dataReplicationState', REPLICATION_STATES)),
  lagSeconds: v.optional(seconds('lagSeconds')),
  lastSnapshotAt: v.optional(validDate('lastSnapshotAt')),
  launchConfiguration: v.optional(boolean('launchConfiguration')),
  ec2LaunchTemplateId: v.optional(
    option(
      (value): value is string =>
        typeof value === 'string' && (value === '' || LAUNCH_TEMPLATE_ID.test(value)),
      (shown) =>
        `Expected \`ec2LaunchTemplateId\` to be "lt-" and 17 hexadecimal digits (or "" for none), got ${shown}`,
    ),
  ),
  tags: v.optional(
    option(
      (value): value is Record<string, string> =>
        isRecord(value) && Object.values(value).every((tag) => typeof tag === 'string'),
      (shown) => `Expected \`tags\` to be an object of strings, got ${shown}`,
    ),
  ),
  addedAt: v.optional(validDate('addedAt')),
};

const SETTINGS_SCHEMA = optionsObject(
  SETTINGS_ENTRIES,
  'the settings of a source server to be an object',
);

const serverSettings = serverIdMap(
  SETTINGS_SCHEMA,
  (shown) => `Expected \`sourceServerSettings\` to map source server IDs to settings, got ${shown}`,
  (shown) => `Expected a source server ID as a key of \`sourceServerSettings\`, got ${shown}`,
);

/** The fields of `DrsReplicationStop`. */
const STOP_ENTRIES = {
  sourceServerId,
  at: validDate('at'),
  until: v.optional(validDate('until')),
  state: v.optional(replicationState('state', STOP_STATES)),
};

const replicationStops = v.array(
  optionsObject(STOP_ENTRIES, 'a replication stop to be an object'),
  (issue) => `Expected \`replicationStops\` to be an array, got ${describeValue(issue.input)}`,
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
  replicationStops: v.optional(replicationStops),
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
  sourceServerSettings: v.optional(serverSettings),
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
  problems.push(
    ...stopProblems(faults.replicationStops, join(prefix, 'replicationStops'), existing),
  );
  return problems;
}

/** The time of a raw `Date` field, `undefined` when it is not a valid one. */
const timeOf = (value: unknown): number | undefined =>
  isValidDate(value) ? value.getTime() : undefined;

/**
 * Rules across replication stops, read leniently: unknown fields, servers not in `existing`,
 * an `until` not after `at`, and two stops of a server that overlap.
 */
function stopProblems(
  stops: unknown,
  path: string,
  existing: ReadonlySet<string> | undefined,
): Problem[] {
  if (!Array.isArray(stops)) return [];
  const problems: Problem[] = [];
  const spans = new Map<string, { at: number; until: number; index: number }[]>();
  stops.forEach((stop: unknown, index) => {
    if (!isRecord(stop)) return;
    const at = `${path}[${index}]`;
    problems.push(...unknownFieldProblems(stop, STOP_ENTRIES, at));
    const id = stop.sourceServerId;
    if (!isSourceServerId(id)) return;
    if (existing !== undefined && !existing.has(id)) {
      problems.push({ path: at, message: `Source server "${id}" is not in \`sourceServerIds\`` });
    }
    const from = timeOf(stop.at);
    const until = stop.until === undefined ? Number.POSITIVE_INFINITY : timeOf(stop.until);
    if (from === undefined || until === undefined) return;
    if (until <= from) {
      problems.push({
        path: `${at}.until`,
        message: `Expected \`until\` after \`at\` (${new Date(from).toISOString()}), got ${new Date(until).toISOString()}`,
      });
      return;
    }
    const others = spans.get(id) ?? [];
    const overlap = others.find((o) => o.at < until && from < o.until);
    if (overlap !== undefined) {
      problems.push({
        path: at,
        message: `Source server "${id}" already stops then (${path}[${overlap.index}]): stops of a server must not overlap`,
      });
    }
    spans.set(id, [...others, { at: from, until, index }]);
  });
  return problems;
}

/**
 * Rules of `sourceServerSettings`, read leniently: unknown fields of each server's settings,
 * and servers not in `existing`.
 */
function settingsProblems(settings: unknown, existing: ReadonlySet<string> | undefined): Problem[] {
  if (!isRecord(settings)) return [];
  const problems: Problem[] = [];
  for (const [id, entry] of Object.entries(settings)) {
    if (!isSourceServerId(id)) continue;
    const at = `sourceServerSettings.${id}`;
    if (existing !== undefined && !existing.has(id)) {
      problems.push({ path: at, message: `Source server "${id}" is not in \`sourceServerIds\`` });
    }
    if (isRecord(entry)) problems.push(...unknownFieldProblems(entry, SETTINGS_ENTRIES, at));
  }
  return problems;
}

function resolvedStops(
  stops: v.InferOutput<typeof replicationStops> | undefined,
): Map<string, ResolvedStop[]> {
  const byServer = new Map<string, ResolvedStop[]>();
  for (const stop of stops ?? []) {
    const list = byServer.get(stop.sourceServerId) ?? [];
    list.push({
      atMicros: stop.at.getTime() * 1000,
      untilMicros: stop.until === undefined ? undefined : stop.until.getTime() * 1000,
      state: stop.state ?? 'STALLED',
    });
    byServer.set(
      stop.sourceServerId,
      list.sort((a, b) => a.atMicros - b.atMicros),
    );
  }
  return byServer;
}

function resolvedSettings(
  settings: v.InferOutput<typeof serverSettings> | undefined,
): Map<string, ResolvedServerSettings> {
  const byServer = new Map<string, ResolvedServerSettings>();
  for (const [id, s] of Object.entries(settings ?? {})) {
    byServer.set(id, {
      dataReplicationState: s.dataReplicationState ?? 'CONTINUOUS',
      lagMicros: Math.round((s.lagSeconds ?? 0) * 1_000_000),
      lastSnapshotMicros:
        s.lastSnapshotAt === undefined ? undefined : s.lastSnapshotAt.getTime() * 1000,
      launchConfiguration: s.launchConfiguration ?? true,
      ec2LaunchTemplateId: s.ec2LaunchTemplateId,
      tags: { ...s.tags },
      addedAtMicros: s.addedAt === undefined ? undefined : s.addedAt.getTime() * 1000,
    });
  }
  return byServer;
}

/**
 * One server's settings, validated as `sourceServerSettings` validates them, with their defaults;
 * `name` prefixes the problems' paths.
 *
 * @throws {@link InvalidOptionsError} listing every bad field.
 */
export function resolveServerSettings(
  name: string,
  sourceServerID: unknown,
  settings: unknown,
): ResolvedServerSettings {
  if (!isSourceServerId(sourceServerID)) {
    throw new InvalidOptionsError(name, [
      {
        path: 'sourceServerId',
        message: `Expected a source server ID (s- and 17 letters or digits), got ${describeValue(sourceServerID)}`,
      },
    ]);
  }
  const o = parseOptions(name, SETTINGS_SCHEMA, settings ?? {});
  return resolvedSettings({ [sourceServerID]: o }).get(sourceServerID) as ResolvedServerSettings;
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
    replicationStops: resolvedStops(faults.replicationStops),
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
    rules: (raw) => {
      const existing = Array.isArray(raw.sourceServerIds)
        ? new Set(validIds(raw.sourceServerIds))
        : undefined;
      return [
        ...settingsProblems(raw.sourceServerSettings, existing),
        ...faultProblems(raw.faults, 'faults', existing),
      ];
    },
  });
  return {
    seed: o.seed,
    region: o.region,
    accountId: o.accountId,
    startMicros: (o.startTime?.getTime() ?? DEFAULT_START) * 1000,
    sourceServerIds: o.sourceServerIds === undefined ? undefined : new Set(o.sourceServerIds),
    sourceServerSettings: resolvedSettings(o.sourceServerSettings),
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
