/**
 * Keyset pagination with opaque `nextToken`s. Lists are sorted by a key; a token holds the last
 * key returned and the scope (operation and filters) it belongs to, so a page never repeats or
 * skips an item even when items appear or disappear between calls.
 *
 * @module
 */

import { validationError } from './apiError';

/** The upper bound of a page, whatever `maxResults` asks. */
export const MAX_PAGE_SIZE = 1000;

/** What the caller asked for. */
export interface PageRequest {
  /** `maxResults` as received (validated here). */
  readonly maxResults: unknown;
  /** `nextToken` as received (validated here). */
  readonly nextToken: unknown;
  /** The operation and its filters: a token is only valid in the same scope. */
  readonly scope: string;
  /** The page size when `maxResults` is absent. */
  readonly defaultPageSize: number;
}

/** One page and the token of the next one, when there is one. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

interface TokenContent {
  readonly s: string;
  readonly k: string;
}

function encodeToken(content: TokenContent): string {
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64url');
}

function decodeToken(token: string): TokenContent | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { s, k } = parsed as Record<string, unknown>;
    return typeof s === 'string' && typeof k === 'string' ? { s, k } : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `maxResults`: absent, or a positive integer. */
function pageSize(request: PageRequest): number {
  const { maxResults } = request;
  if (maxResults === undefined || maxResults === null) return request.defaultPageSize;
  if (typeof maxResults !== 'number' || !Number.isSafeInteger(maxResults) || maxResults < 1) {
    throw validationError('maxResults must be a positive integer', [
      { name: 'maxResults', message: 'Must be a positive integer' },
    ]);
  }
  return Math.min(maxResults, MAX_PAGE_SIZE);
}

/**
 * The page of `items` (sorted by `keyOf`, ascending) that `request` asks for.
 *
 * @throws DrsApiError `ValidationException` for a bad `maxResults` or `nextToken`.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  request: PageRequest,
): Page<T> {
  const size = pageSize(request);
  let start = 0;
  const { nextToken } = request;
  if (nextToken !== undefined && nextToken !== null && nextToken !== '') {
    const content = typeof nextToken === 'string' ? decodeToken(nextToken) : undefined;
    if (content === undefined || content.s !== request.scope) {
      throw validationError('Invalid nextToken', [
        { name: 'nextToken', message: 'Not a token of this request' },
      ]);
    }
    start = items.findIndex((item) => keyOf(item) > content.k);
    if (start === -1) start = items.length;
  }
  const page = items.slice(start, start + size);
  const last = page.at(-1);
  const more = start + size < items.length && last !== undefined;
  return {
    items: page,
    nextToken: more ? encodeToken({ s: request.scope, k: keyOf(last) }) : undefined,
  };
}

/** A sort key for a non-negative integer, so that string order is numeric order. */
export function numericKey(value: number): string {
  return Math.round(value).toString().padStart(20, '0');
}
