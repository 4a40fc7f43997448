/**
 * The logger drs-waves writes to: a subset of the Powertools for AWS Lambda `Logger` and of
 * `console`, so either can be passed. drs-waves logs IDs, counts and statuses; never tags,
 * tokens or credentials.
 *
 * @example
 * ```ts
 * import type { Logger } from 'drs-waves';
 *
 * const logger: Logger = console;
 * ```
 */
export interface Logger {
  /** Progress worth keeping. */
  info(message: string, ...details: unknown[]): void;
  /** Something unexpected that drs-waves recovered from. */
  warn(message: string, ...details: unknown[]): void;
  /** A failure. */
  error(message: string, ...details: unknown[]): void;
}

/** A logger that drops everything: the default. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
