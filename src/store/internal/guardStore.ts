import { HistoryUnavailableError, isDrsWavesError } from '../../errors';

const GUARDED = Symbol.for('drs-waves.guardedStore');

/**
 * The same store, whose every method turns a foreign failure (a DynamoDB throttle, a network
 * error, a bug in a custom store) into the retryable {@link HistoryUnavailableError} naming the
 * store and the method; drs-waves' own errors (a record not found) pass unchanged. Guarding a
 * guarded store returns it as it is.
 */
export function guardStore<T extends object>(store: T, name: string): T {
  if ((store as Record<symbol, unknown>)[GUARDED] === true) return store;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === GUARDED) return true;
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = String(property);
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          if (isDrsWavesError(error)) throw error;
          throw new HistoryUnavailableError(method, { cause: error, store: name });
        }
      };
    },
  });
}
