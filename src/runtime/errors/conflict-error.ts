import { errorName, KefuError } from '../../errors/kefu-error.js';

/**
 * Optimistic concurrency: a case was saved by someone else since it was loaded (its version is
 * not the expected one). Load it again and re-apply the event; the runtime does this a bounded
 * number of times before giving up with this error.
 */
export class ConflictError extends KefuError {
  static readonly [errorName]: string = 'ConflictError';

  /** The case that was updated concurrently. */
  declare readonly caseId: string;
  /** The version the writer expected. */
  declare readonly expectedVersion: number;
  /** The version found, when known (`undefined` when the store could not tell). */
  declare readonly actualVersion: number | undefined;
  /** How many attempts were made, when the runtime gave up after retrying. */
  declare readonly attempts: number | undefined;
  /** The event id another writer recorded in the case's history first (AUDIT-TRAIL), when that was the conflict. */
  declare readonly eventId: string | undefined;

  constructor(
    caseId: string,
    expectedVersion: number,
    options: { actualVersion?: number; attempts?: number; eventId?: string; cause?: unknown } = {},
  ) {
    const found = options.actualVersion === undefined ? '' : `, found ${options.actualVersion}`;
    const what = options.eventId !== undefined ? `event id "${options.eventId}" was recorded by another writer` : `expected version ${expectedVersion}${found}`;
    const tries = options.attempts === undefined ? '' : ` (gave up after ${options.attempts} attempts)`;
    super('KEFU_CONFLICT', `case "${caseId}" was changed concurrently: ${what}${tries}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.caseId = caseId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = options.actualVersion;
    this.attempts = options.attempts;
    this.eventId = options.eventId;
  }
}

/**
 * Whether a value is a {@link ConflictError}.
 *
 * @example
 * isConflictError(new ConflictError('C-1', 3)) //=> true
 */
export function isConflictError(error: unknown): error is ConflictError {
  return error instanceof ConflictError;
}
