/** The `name` of an SDK error (exception classes can come from another copy of the SDK). */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** Whether Step Functions answered that a task token no longer waits for an answer. */
export function isClosedTask(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'TaskTimedOut' || name === 'TaskDoesNotExist';
}
