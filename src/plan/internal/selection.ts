/**
 * Schemas of what selects the servers a wave recovers and the point in time they launch from:
 * tag selectors (in waves and protection groups) and recovery points (in waves and in an
 * execution's start input). The plan, the router and the control plane validate them with
 * these, so all three say the same thing about the same input.
 *
 * @module
 */

import * as v from 'valibot';
import { describeValue } from '../../errors';
import { isRecord } from '../../internal/records';
import { ACCOUNT_ID_PATTERN } from '../accountId';
import { SOURCE_SERVER_ID_PATTERN } from '../sourceServerId';

/** An AWS Region name, such as `eu-west-1` or `us-gov-west-1`. */
const SELECTOR_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A DRS recovery snapshot ID, as `StartRecovery` takes it. */
export const RECOVERY_SNAPSHOT_ID_PATTERN = /^pit-[0-9a-zA-Z]{17}$/;

/** The most tags a selector matches on: AWS resources carry at most 50. */
export const MAX_SELECTOR_TAGS = 50;

/**
 * An ISO 8601 date-time with its offset (`2026-11-30T12:00:00Z`, `...+01:00`): a recovery point
 * is an instant, never a local time.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether `value` is an ISO 8601 instant that names a real time. */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

const tagKey = (key: string) => key.length >= 1 && key.length <= 128 && !key.startsWith('aws:');

/** The tags a selector matches: 1 to 50, keys of 1 to 128 characters, values up to 256. */
const tags = v.pipe(
  v.custom<Record<string, string>>(
    isRecord,
    (i) => `Expected tags as an object of tag values, got ${describeValue(i.input)}`,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const entries = Object.entries(dataset.value);
    if (entries.length === 0 || entries.length > MAX_SELECTOR_TAGS) {
      addIssue({
        message: `Expected 1 to ${MAX_SELECTOR_TAGS} tags, got ${entries.length}`,
      });
    }
    for (const [key, value] of entries) {
      if (!tagKey(key)) {
        addIssue({
          message: `Expected a tag key of 1 to 128 characters not starting with "aws:", got ${describeValue(key)}`,
        });
      }
      if (typeof value !== 'string' || value.length > 256) {
        addIssue({
          message: `Expected the value of tag ${describeValue(key)} as a string of at most 256 characters, got ${describeValue(value)}`,
        });
      }
    }
  }),
);

/** A selector: `{ tags, accountId?, region?, impact? }`. */
export const selectorSchema = v.object(
  {
    tags,
    accountId: v.exactOptional(
      v.pipe(
        v.string((i) => `Expected accountId as a string, got ${describeValue(i.input)}`),
        v.regex(
          ACCOUNT_ID_PATTERN,
          (i) =>
            `Expected accountId to be an AWS account ID of 12 digits, got ${describeValue(i.input)}`,
        ),
      ),
    ),
    region: v.exactOptional(
      v.pipe(
        v.string((i) => `Expected region as a string, got ${describeValue(i.input)}`),
        v.regex(
          SELECTOR_REGION_PATTERN,
          (i) =>
            `Expected region to be an AWS Region name such as "eu-west-1", got ${describeValue(i.input)}`,
        ),
      ),
    ),
    impact: v.optional(
      v.picklist(
        ['CRITICAL', 'OPTIONAL'],
        (i) => `Expected impact "CRITICAL" or "OPTIONAL", got ${describeValue(i.input)}`,
      ),
      'CRITICAL',
    ),
  },
  (i) =>
    i.expected?.startsWith('"')
      ? 'Missing required field'
      : `Expected a selector object { tags, accountId?, region?, impact? }, got ${describeValue(i.input)}`,
);

/** Per-server snapshot IDs: `{ "s-...": "pit-..." }`. */
const snapshotIds = v.pipe(
  v.custom<Record<string, string>>(
    isRecord,
    (i) =>
      `Expected snapshotIds as an object of source server IDs to snapshot IDs, got ${describeValue(i.input)}`,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const [server, snapshot] of Object.entries(dataset.value)) {
      if (!SOURCE_SERVER_ID_PATTERN.test(server)) {
        addIssue({
          message: `Expected a DRS source server ID as a key of snapshotIds, got ${describeValue(server)}`,
        });
      }
      if (typeof snapshot !== 'string' || !RECOVERY_SNAPSHOT_ID_PATTERN.test(snapshot)) {
        addIssue({
          message: `Expected the snapshot of ${describeValue(server)} to be a DRS recovery snapshot ID matching ${RECOVERY_SNAPSHOT_ID_PATTERN.source}, got ${describeValue(snapshot)}`,
        });
      }
    }
  }),
);

/** A recovery point: `{ before?, snapshotIds? }`, at least one of them. */
export const recoveryPointSchema = v.pipe(
  v.object(
    {
      before: v.exactOptional(
        v.pipe(
          v.string(
            (i) =>
              `Expected before as an ISO 8601 time with its offset, such as "2026-11-30T12:00:00Z", got ${describeValue(i.input)}`,
          ),
          v.check(
            (value: string) => isIsoInstant(value),
            (i) =>
              `Expected before as an ISO 8601 time with its offset, such as "2026-11-30T12:00:00Z", got ${describeValue(i.input)}`,
          ),
        ),
      ),
      snapshotIds: v.exactOptional(snapshotIds),
    },
    (i) =>
      `Expected a recovery point object { before?, snapshotIds? }, got ${describeValue(i.input)}`,
  ),
  v.check(
    (point) => point.before !== undefined || point.snapshotIds !== undefined,
    'Expected a recovery point with before, snapshotIds or both',
  ),
);

const objectInput = (what: string) =>
  v.custom<Record<string, unknown>>(
    isRecord,
    (i) => `Expected ${what}, got ${describeValue(i.input)}`,
  );

/** {@link selectorSchema}, arrays and `null` refused first. */
export const selectorInputSchema = v.pipe(objectInput('a selector object'), selectorSchema);

/** {@link recoveryPointSchema}, arrays and `null` refused first. */
export const recoveryPointInputSchema = v.pipe(
  objectInput('a recovery point object'),
  recoveryPointSchema,
);
