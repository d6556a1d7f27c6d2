import { isKefuError } from '../errors/kefu-error.js';
import { StoreUnavailableError, type StoreFailureOutcome } from './errors/store-unavailable-error.js';

/** The store was never reached: nothing can have been written. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', '08001', '08004', '57P03', '53300', '53000']);
/** The connection broke off (or the server went down) while talking to it. */
const BROKE_OFF = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', '08000', '08003', '08006', '08007', '57P01', '57P02']);
/** The transaction was rolled back; repeating it is safe. */
const ROLLED_BACK = new Set(['40001', '40P01']);
/** Drivers that say it in words only (pg's pool, PGlite). */
const BROKE_OFF_TEXT = /Connection terminated|connection (?:is )?closed|Client was closed|PGlite is closed|timeout exceeded when trying to connect/i;
const READS = new Set(['load', 'listDue', 'readHistory', 'findHistoryEvent', 'worklist', 'projectionBatch']);

/** The driver code of an error, or of its cause (one level). */
function driverCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const inner = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof inner === 'string' ? inner : undefined;
}

/**
 * The {@link StoreUnavailableError} an error of a store call stands for, or `undefined` when it is
 * something else (a kefu error such as a version conflict, a bug): only availability failures are
 * wrapped. Internal.
 */
export function storeFailure(error: unknown, operation: string): StoreUnavailableError | undefined {
  if (isKefuError(error)) return undefined;
  const code = driverCode(error);
  let outcome: StoreFailureOutcome;
  if ((code !== undefined && (NEVER_CONNECTED.has(code) || ROLLED_BACK.has(code))) || (READS.has(operation) && (code !== undefined ? BROKE_OFF.has(code) : false))) {
    outcome = 'not-applied';
  } else if ((code !== undefined && BROKE_OFF.has(code)) || (error instanceof Error && BROKE_OFF_TEXT.test(error.message))) {
    outcome = READS.has(operation) ? 'not-applied' : 'unknown';
  } else {
    return undefined;
  }
  return new StoreUnavailableError(operation, outcome, { storeCode: code, cause: error });
}

/**
 * The store with every method's availability failures (a refused connection, a server shutting
 * down, a broken connection) turned into {@link StoreUnavailableError}. Internal to the runtime.
 */
export function guardStore<S extends object>(store: S): S {
  return new Proxy(store, {
    get(target, property) {
      // The target as receiver: stores keep private fields (`#db`) that a proxy cannot read.
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const rethrow = (error: unknown): never => {
          throw storeFailure(error, property) ?? error;
        };
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise ? result.catch(rethrow) : result;
        } catch (error) {
          return rethrow(error);
        }
      };
    },
  });
}
