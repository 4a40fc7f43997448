/**
 * Turns one HTTP request into one DRS answer: routing, request counting, authentication check,
 * fault injection, body parsing, and error serialization the way the SDK reads it.
 *
 * @module
 */

import {
  accessDeniedError,
  DrsApiError,
  internalServerError,
  throttlingError,
  validationError,
} from './apiError';
import type { HttpAnswer, HttpRequest } from './httpServer';
import { OPERATIONS, type OperationName, operationAt } from './operations/registry';
import { Prng } from './prng';
import { readBody } from './readRequest';
import type { DrsWorld } from './world';

/** The stream number of the fault draws, apart from the world's draws. */
const FAULT_STREAM = 2;

/** Serves requests against one world, counting them. */
export class RequestHandler {
  readonly #world: DrsWorld;
  readonly #faultRng: Prng;
  readonly #counts = new Map<OperationName, number>();
  #total = 0;

  constructor(world: DrsWorld) {
    this.#world = world;
    this.#faultRng = new Prng(world.options.seed, FAULT_STREAM);
  }

  /** Requests received: all of them, or those for one operation. Faulted ones count. */
  count(operation?: OperationName): number {
    return operation === undefined ? this.#total : (this.#counts.get(operation) ?? 0);
  }

  /** Answers one request. */
  handle(request: HttpRequest): HttpAnswer {
    this.#total += 1;
    const requestId = `00000000-0000-4000-8000-${this.#total.toString(16).padStart(12, '0')}`;
    const operation = request.method === 'POST' ? operationAt(request.path) : undefined;
    if (operation === undefined) {
      return {
        status: 404,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': 'UnknownOperationException',
          'x-amzn-requestid': requestId,
        },
        body: JSON.stringify({
          message: `The DRS emulator serves no operation at ${request.method} ${request.path}`,
        }),
      };
    }
    this.#counts.set(operation, this.count(operation) + 1);
    try {
      return this.#serve(operation, request, requestId);
    } catch (error) {
      const apiError =
        error instanceof DrsApiError
          ? error
          : new DrsApiError('InternalServerException', {
              message: `DRS emulator bug: ${error instanceof Error ? error.message : String(error)}`,
            });
      return {
        status: apiError.status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': apiError.type,
          'x-amzn-requestid': requestId,
          ...apiError.headers,
        },
        body: JSON.stringify(apiError.body),
      };
    }
  }

  #serve(operation: OperationName, request: HttpRequest, requestId: string): HttpAnswer {
    if (request.headers.authorization === undefined) {
      throw accessDeniedError('Missing Authentication Token: requests must be signed (SigV4)');
    }
    // Two draws for every request, whatever the rates, so the stream stays aligned.
    const throttleDraw = this.#faultRng.next();
    const internalDraw = this.#faultRng.next();
    const { throttleRate, internalErrorRate } = this.#world.faults;
    if (throttleDraw < throttleRate) throw throttlingError();
    if (internalDraw < internalErrorRate) throw internalServerError();
    let parsed: unknown;
    if (request.body.trim() !== '') {
      try {
        parsed = JSON.parse(request.body);
      } catch {
        throw validationError('Could not parse the request body as JSON', [], 'cannotParse');
      }
    }
    const result = OPERATIONS[operation](this.#world, readBody(parsed));
    return {
      status: result.status,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
      body: JSON.stringify(result.body),
    };
  }
}
