import { isRecord } from '../../internal/records';
import type { StepFunctionsError } from '../actions';

/**
 * What a caught error says, in words: the Lambda error message when `Cause` is the JSON a
 * Lambda function's error becomes (`{"errorType","errorMessage",...}`), else `Cause` itself,
 * else the error name.
 */
export function failureText(failure: StepFunctionsError): string {
  const cause = failure.Cause ?? '';
  if (cause.trim() === '') return failure.Error;
  const message = lambdaErrorMessage(cause);
  if (message !== undefined) return message === '' ? failure.Error : message;
  return cause;
}

function lambdaErrorMessage(cause: string): string | undefined {
  if (!cause.trimStart().startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const { errorType, errorMessage } = parsed;
  return typeof errorType === 'string' && typeof errorMessage === 'string'
    ? errorMessage
    : undefined;
}
