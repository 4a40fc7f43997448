/**
 * DRS API errors as the emulator sends them: the exception name in the `x-amzn-errortype`
 * header, the HTTP status DRS uses, and a JSON body with the fields the SDK model reads.
 *
 * @module
 */

/** The DRS exception names the emulator sends. */
export type DrsErrorType =
  | 'AccessDeniedException'
  | 'ConflictException'
  | 'InternalServerException'
  | 'ResourceNotFoundException'
  | 'ServiceQuotaExceededException'
  | 'ThrottlingException'
  | 'ValidationException';

const STATUS: Readonly<Record<DrsErrorType, number>> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
};

/** One field named by a `ValidationException`. */
export interface ValidationField {
  readonly name: string;
  readonly message: string;
}

/** An error answer of the emulated API. Handlers throw it; the HTTP layer sends it. */
export class DrsApiError extends Error {
  override readonly name = 'DrsApiError';
  /** The exception name, sent in `x-amzn-errortype`. */
  readonly type: DrsErrorType;
  /** The HTTP status code. */
  readonly status: number;
  /** The JSON body. */
  readonly body: Readonly<Record<string, unknown>>;
  /** Extra response headers. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    type: DrsErrorType,
    body: Readonly<Record<string, unknown>> & { readonly message: string },
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${type}: ${body.message}`);
    this.type = type;
    this.status = STATUS[type];
    this.body = body;
    this.headers = headers;
  }
}

/** `ValidationException` (400), naming the offending fields. */
export function validationError(
  message: string,
  fieldList: readonly ValidationField[] = [],
  reason: 'cannotParse' | 'fieldValidationFailed' | 'other' = 'fieldValidationFailed',
): DrsApiError {
  return new DrsApiError('ValidationException', {
    message,
    code: 'ValidationException',
    reason,
    ...(fieldList.length > 0 ? { fieldList } : {}),
  });
}

/** `ConflictException` (409) about one resource. */
export function conflictError(
  message: string,
  resourceId: string,
  resourceType: string,
): DrsApiError {
  return new DrsApiError('ConflictException', {
    message,
    code: 'ConflictException',
    resourceId,
    resourceType,
  });
}

/** `ResourceNotFoundException` (404) about one resource. */
export function notFoundError(
  message: string,
  resourceId: string,
  resourceType: string,
): DrsApiError {
  return new DrsApiError('ResourceNotFoundException', {
    message,
    code: 'ResourceNotFoundException',
    resourceId,
    resourceType,
  });
}

/** `ServiceQuotaExceededException` (402) for one quota. */
export function quotaError(message: string, quotaCode: string, resourceType: string): DrsApiError {
  return new DrsApiError('ServiceQuotaExceededException', {
    message,
    code: 'ServiceQuotaExceededException',
    quotaCode,
    resourceType,
    serviceCode: 'drs',
  });
}

/** `ThrottlingException` (429) with `Retry-After: 1`. */
export function throttlingError(): DrsApiError {
  return new DrsApiError(
    'ThrottlingException',
    { message: 'Rate exceeded', serviceCode: 'drs' },
    { 'retry-after': '1' },
  );
}

/** `InternalServerException` (500). */
export function internalServerError(): DrsApiError {
  return new DrsApiError('InternalServerException', {
    message: 'An internal error occurred (injected by the DRS emulator)',
  });
}

/** `AccessDeniedException` (403). */
export function accessDeniedError(message: string): DrsApiError {
  return new DrsApiError('AccessDeniedException', { message, code: 'AccessDeniedException' });
}
