import { describeValue, InvalidOptionsError, type Problem } from '../../errors';

/** Execution IDs: also the Step Functions execution name, and the router's pattern. */
export const EXECUTION_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Plan and wave IDs, as the plan model allows them. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The longest `cause` Step Functions takes (`SendTaskFailure`, `StopExecution`). */
export const MAX_CAUSE_LENGTH = 32_768;
/** The longest `decidedBy` or `requestedBy` kept. */
export const MAX_PRINCIPAL_LENGTH = 2048;

/** Collects problems of a function's input, then throws them all at once. */
export class Checks {
  readonly problems: Problem[] = [];

  constructor(private readonly functionName: string) {}

  id(path: string, value: unknown, pattern: RegExp, max: number, what: string): void {
    if (typeof value !== 'string' || !pattern.test(value)) {
      this.problems.push({
        path,
        message: `Expected ${what} of 1 to ${max} letters, digits, "-" or "_", got ${describeValue(value)}`,
      });
    }
  }

  executionId(value: unknown, path = 'executionId'): void {
    this.id(path, value, EXECUTION_ID, 80, 'an execution ID');
  }

  text(path: string, value: unknown, max: number, required: boolean): void {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim() === '') {
      this.problems.push({
        path,
        message: `Expected ${path} as a non-empty string, got ${describeValue(value)}`,
      });
    } else if (value.length > max) {
      this.problems.push({
        path,
        message: `Expected ${path} of at most ${max} characters, got ${value.length}`,
      });
    }
  }

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new InvalidOptionsError(this.functionName, this.problems);
  }
}
