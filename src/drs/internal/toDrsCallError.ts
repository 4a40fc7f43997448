import {
  type DrsCallError,
  type DrsCallFailure,
  DrsNonRetryableError,
  DrsRetryableError,
  isDrsCallError,
} from '../../errors';

/** DRS exceptions that a later identical call can succeed past. */
const RETRYABLE_DRS_ERRORS = new Set(['ThrottlingException', 'InternalServerException']);

/** Node.js and SDK failures of the connection itself: the call may not have reached DRS. */
const RETRYABLE_NETWORK_ERRORS = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** Reads `retryAfterSeconds`, which DRS sends as a string, as a number of seconds. */
function retryAfter(error: unknown): number | undefined {
  const raw = field(error, 'retryAfterSeconds');
  const seconds =
    typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * Narrows whatever a DRS SDK call threw into a {@link DrsRetryableError} or a
 * {@link DrsNonRetryableError}, with the original error as `cause`.
 */
export function toDrsCallError(operation: string, error: unknown): DrsCallError {
  if (isDrsCallError(error)) return error;
  const name = field(error, 'name');
  const code = field(error, 'code');
  const drsErrorName =
    typeof name === 'string' && name !== 'Error'
      ? name
      : typeof code === 'string'
        ? code
        : 'UnknownError';
  const status = field(field(error, '$metadata'), 'httpStatusCode');
  const statusCode = typeof status === 'number' ? status : undefined;
  const message = field(error, 'message');
  const retryAfterSeconds = retryAfter(error);
  const failure: DrsCallFailure = {
    operation,
    drsErrorName,
    drsMessage: typeof message === 'string' && message !== '' ? message : String(error),
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
  const retryable =
    RETRYABLE_DRS_ERRORS.has(drsErrorName) ||
    RETRYABLE_NETWORK_ERRORS.has(drsErrorName) ||
    (typeof code === 'string' && RETRYABLE_NETWORK_ERRORS.has(code)) ||
    (statusCode !== undefined && (statusCode === 429 || statusCode >= 500));
  return retryable
    ? new DrsRetryableError(failure, { cause: error })
    : new DrsNonRetryableError(failure, { cause: error });
}
