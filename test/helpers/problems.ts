import { expect } from 'vitest';
import { InvalidOptionsError } from '../../src/index';

/** The problems of the InvalidOptionsError `run` throws or rejects with, as `path: message`. */
export async function optionProblemsOf(run: () => unknown): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionsError);
    return (error as InvalidOptionsError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected an InvalidOptionsError');
}

/** What `promise` rejects with; `undefined` when it resolves. */
export const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
