import { InvalidOptionsError, type Problem } from '../../errors';
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
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const DEFAULTS = Object.freeze({
  pollIntervalSeconds: 30,
  defaultWaveTimeoutSeconds: 4 * 60 * 60,
  wavesInParallel: 5,
  approvalTimeoutSeconds: 24 * 60 * 60,
  comment: 'drs-waves: recover a plan in waves with AWS Elastic Disaster Recovery',
  lambdaRetry: { intervalSeconds: 2, maxAttempts: 6, backoffRate: 2 },
  transientRetry: { intervalSeconds: 10, maxAttempts: 6, backoffRate: 2 },
});

const shown = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

/** Applies defaults and checks every option, throwing one error that lists every problem. */
export function resolveOptions(options: PollingStateMachineOptions, fn: string): ResolvedOptions {
  const problems: Problem[] = [];
  const given = (options ?? {}) as unknown as Partial<Record<string, unknown>>;
  const integer = (key: string, min: number, max: number, fallback: number): number => {
    const value = given[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push({
        path: key,
        message: `Expected \`${key}\` to be an integer from ${min} to ${max}, got ${shown(value)}`,
      });
    }
    return value as number;
  };
  const policy = (key: string, value: unknown): void => {
    if (typeof value !== 'object' || value === null) {
      problems.push({
        path: key,
        message: `Expected \`${key}\` to be a retry policy, got ${shown(value)}`,
      });
      return;
    }
    const p = value as Record<string, unknown>;
    for (const [field, min, max] of [
      ['intervalSeconds', 1, 3600],
      ['maxAttempts', 0, 99],
    ] as const) {
      const v = p[field];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
        problems.push({
          path: `${key}.${field}`,
          message: `Expected \`${key}.${field}\` to be an integer from ${min} to ${max}, got ${shown(v)}`,
        });
      }
    }
    const rate = p.backoffRate;
    if (typeof rate !== 'number' || !(rate >= 1) || rate > 10) {
      problems.push({
        path: `${key}.backoffRate`,
        message: `Expected \`${key}.backoffRate\` to be a number from 1 to 10, got ${shown(rate)}`,
      });
    }
  };

  const lambdaArn = given.lambdaArn;
  if (typeof lambdaArn !== 'string' || lambdaArn.trim() === '') {
    problems.push({
      path: 'lambdaArn',
      message: `Expected \`lambdaArn\` to be a non-empty string, got ${shown(lambdaArn)}`,
    });
  }
  const pollIntervalSeconds = integer('pollIntervalSeconds', 1, 3600, DEFAULTS.pollIntervalSeconds);
  const defaultWaveTimeoutSeconds = integer(
    'defaultWaveTimeoutSeconds',
    60,
    YEAR_SECONDS,
    DEFAULTS.defaultWaveTimeoutSeconds,
  );
  const wavesInParallel = integer('wavesInParallel', 1, 20, DEFAULTS.wavesInParallel);
  const approvalTimeoutSeconds = integer(
    'approvalTimeoutSeconds',
    60,
    YEAR_SECONDS,
    DEFAULTS.approvalTimeoutSeconds,
  );
  const executionTimeoutSeconds =
    given.executionTimeoutSeconds === undefined
      ? undefined
      : integer('executionTimeoutSeconds', 60, YEAR_SECONDS, 0);

  const approvalWaveIds = given.approvalWaveIds ?? [];
  if (!Array.isArray(approvalWaveIds)) {
    problems.push({
      path: 'approvalWaveIds',
      message: `Expected \`approvalWaveIds\` to be an array of wave IDs, got ${shown(approvalWaveIds)}`,
    });
  } else {
    approvalWaveIds.forEach((id: unknown, i) => {
      if (typeof id !== 'string' || !ID.test(id)) {
        problems.push({
          path: `approvalWaveIds[${i}]`,
          message: `Expected a wave ID of 1 to 64 letters, digits, "-" or "_", got ${shown(id)}`,
        });
      }
    });
  }
  const topic = given.notificationTopicArn;
  if (topic !== undefined && (typeof topic !== 'string' || topic.trim() === '')) {
    problems.push({
      path: 'notificationTopicArn',
      message: `Expected \`notificationTopicArn\` to be a non-empty string, got ${shown(topic)}`,
    });
  }
  const statePrefix = given.statePrefix ?? '';
  if (typeof statePrefix !== 'string' || !/^[A-Za-z0-9_-]{0,32}$/.test(statePrefix)) {
    problems.push({
      path: 'statePrefix',
      message: `Expected \`statePrefix\` of at most 32 letters, digits, "-" or "_", got ${shown(statePrefix)}`,
    });
  }
  const comment = given.comment ?? DEFAULTS.comment;
  if (typeof comment !== 'string') {
    problems.push({
      path: 'comment',
      message: `Expected \`comment\` to be a string, got ${shown(comment)}`,
    });
  }
  const lambdaRetry = given.lambdaRetry === undefined ? DEFAULTS.lambdaRetry : given.lambdaRetry;
  if (lambdaRetry !== false) policy('lambdaRetry', lambdaRetry);
  const transientRetry = given.transientRetry ?? DEFAULTS.transientRetry;
  policy('transientRetry', transientRetry);

  if (problems.length > 0) throw new InvalidOptionsError(fn, problems);
  return {
    lambdaArn: lambdaArn as string,
    pollIntervalSeconds,
    defaultWaveTimeoutSeconds,
    wavesInParallel,
    approvalWaveIds: approvalWaveIds as string[],
    approvalTimeoutSeconds,
    notificationTopicArn: topic as string | undefined,
    statePrefix: statePrefix as string,
    comment: comment as string,
    executionTimeoutSeconds,
    lambdaRetry: lambdaRetry as RetryPolicy | false,
    transientRetry: transientRetry as RetryPolicy,
  };
}
