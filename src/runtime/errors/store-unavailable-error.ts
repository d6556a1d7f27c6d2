import { errorName, KefuError } from '../../errors/kefu-error.js';

/** What became of a call that failed because the store was unavailable. */
export type StoreFailureOutcome =
  /** Nothing was written (the store was never reached, a read, or the transaction rolled back). */
  | 'not-applied'
  /** The connection broke during a write: it may or may not have committed. */
  | 'unknown';

/**
 * The store (the database) could not be reached or broke off: the driver's error is the `cause`
 * and its code `storeCode` (`ECONNREFUSED`, PostgreSQL's `57P03`…). `retrySafe` says whether the
 * same call may simply be made again: always after a read or when nothing was written; after a
 * write whose outcome is `unknown`, only with an `eventId` (the runtime applies an id once), or
 * after reading the case to see whether it changed.
 */
export class StoreUnavailableError extends KefuError {
  static readonly [errorName]: string = 'StoreUnavailableError';

  /** The store operation that failed, e.g. `load`, `save`, `update`. */
  declare readonly operation: string;
  /** The driver's code, when it gave one. */
  declare readonly storeCode: string | undefined;
  /** Whether anything may have been written. */
  declare readonly outcome: StoreFailureOutcome;
  /** Whether repeating the same call cannot apply anything twice. */
  declare readonly retrySafe: boolean;

  constructor(operation: string, outcome: StoreFailureOutcome, options: { storeCode?: string | undefined; cause: unknown }) {
    const why = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super('KEFU_STORE_UNAVAILABLE', `the case store is unavailable (${operation}${options.storeCode ? `, ${options.storeCode}` : ''}): ${why}`, { cause: options.cause });
    this.operation = operation;
    this.storeCode = options.storeCode;
    this.outcome = outcome;
    this.retrySafe = outcome === 'not-applied';
  }
}

/**
 * Whether a value is a {@link StoreUnavailableError}.
 *
 * @example
 * isStoreUnavailableError(new StoreUnavailableError('load', 'not-applied', { cause: new Error('down') })) //=> true
 */
export function isStoreUnavailableError(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
