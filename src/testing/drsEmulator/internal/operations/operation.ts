/**
 * The shape of one emulated DRS operation.
 *
 * @module
 */

import type { JsonObject } from '../readRequest';
import type { DrsWorld } from '../world';

/** A successful answer: HTTP status and JSON body. */
export interface OperationResult {
  readonly status: number;
  readonly body: JsonObject;
}

/** Serves one request; throws `DrsApiError` for an error answer. */
export type Operation = (world: DrsWorld, body: JsonObject) => OperationResult;

/** A JSON body without its `undefined` fields (`nextToken` on the last page). */
export function pageBody(items: readonly unknown[], nextToken: string | undefined): JsonObject {
  return nextToken === undefined ? { items } : { items, nextToken };
}
