/**
 * Narrowing of request bodies: every reader either returns a well-typed value or throws the
 * `ValidationException` DRS would send.
 *
 * @module
 */

import { validationError } from './apiError';
import { parseTimestamp } from './timestamps';

/** A JSON object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(name: string, message: string): never {
  throw validationError(`${name}: ${message}`, [{ name, message }]);
}

/** The request body as an object; an absent body counts as `{}`. */
export function readBody(body: unknown): JsonObject {
  if (body === undefined) return {};
  if (!isJsonObject(body))
    throw validationError('Request body must be a JSON object', [], 'cannotParse');
  return body;
}

/** An optional object field. */
export function optionalObject(body: JsonObject, name: string): JsonObject | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) invalid(name, 'Must be an object');
  return value;
}

/** An optional boolean field. */
export function optionalBoolean(body: JsonObject, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') invalid(name, 'Must be a boolean');
  return value;
}

/** An optional string field. */
export function optionalString(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalid(name, 'Must be a string');
  return value;
}

/**
 * An optional list of strings matching `pattern`, of at most `max` entries.
 */
export function optionalIdList(
  body: JsonObject,
  name: string,
  pattern: RegExp,
  max: number,
): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) invalid(name, 'Must be a list');
  if (value.length > max) invalid(name, `Member must have length less than or equal to ${max}`);
  return value.map((item: unknown) => {
    if (typeof item !== 'string' || !pattern.test(item)) {
      invalid(name, `Member must satisfy regular expression pattern: ${pattern.source}`);
    }
    return item;
  });
}

/** An optional map of string tags (at most 50, keys up to 128 characters, values up to 256). */
export function optionalTags(body: JsonObject, name: string): Record<string, string> {
  const value = body[name];
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) invalid(name, 'Must be a map of strings');
  const entries = Object.entries(value);
  if (entries.length > 50) invalid(name, 'Must have at most 50 tags');
  const tags: Record<string, string> = {};
  for (const [key, tag] of entries) {
    if (key.length < 1 || key.length > 128) invalid(name, 'Tag keys must have 1 to 128 characters');
    if (typeof tag !== 'string' || tag.length > 256) {
      invalid(name, 'Tag values must be strings of at most 256 characters');
    }
    tags[key] = tag;
  }
  return tags;
}

/**
 * An optional ISO 8601 date-time field of `filters` (`filters.fromDate`...), in microseconds;
 * an empty string counts as absent.
 */
export function optionalTimestamp(filters: JsonObject, name: string): number | undefined {
  const text = optionalString(filters, name);
  if (text === undefined || text === '') return undefined;
  const micros = parseTimestamp(text);
  if (micros === undefined) {
    throw validationError(`filters.${name}: Invalid date`, [
      { name: `filters.${name}`, message: 'Must be an ISO 8601 date-time' },
    ]);
  }
  return micros;
}

/** A required string field matching `pattern` (an ID). */
export function requiredId(body: JsonObject, name: string, pattern: RegExp): string {
  const value = body[name];
  if (typeof value !== 'string' || !pattern.test(value)) {
    invalid(name, `Member must satisfy regular expression pattern: ${pattern.source}`);
  }
  return value;
}

/** The pattern of a DRS job ID. */
export const JOB_ID_PATTERN = /^drsjob-[0-9a-zA-Z]{17}$/;
/** The pattern of a DRS recovery instance ID (an EC2 instance ID). */
export const RECOVERY_INSTANCE_ID_PATTERN = /^i-[0-9a-fA-F]{8,}$/;
/** The pattern of a DRS recovery snapshot ID. */
export const RECOVERY_SNAPSHOT_ID_PATTERN = /^pit-[0-9a-zA-Z]{17}$/;
/** The pattern of a DRS source server ID. */
export const SOURCE_SERVER_ID_PATTERN = /^s-[0-9a-zA-Z]{17}$/;
