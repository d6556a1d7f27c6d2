import { errorName, KefuError } from '../../errors/kefu-error.js';

/** Why a persisted envelope could not be restored. */
export type SnapshotErrorReason =
  /** The text is not JSON, or the JSON is not an envelope (see `issues`). */
  | 'malformed'
  /** The envelope names a machine the runtime does not know. */
  | 'unknown-machine'
  /** The envelope was written by a newer version of the machine than this one. */
  | 'future-version'
  /** The snapshot names a state the machine no longer has. */
  | 'unknown-state'
  /** A migration from an older version is missing or failed. */
  | 'migration'
  /** The context fails the machine's context schema or a state invariant, or the snapshot is in status `error`. */
  | 'invariant'
  /** The machine signs its cases and this one's signature is missing or does not match. */
  | 'tampered';

/**
 * Base class of the errors thrown when a persisted case cannot be restored. `reason` says
 * which check failed; each reason has its own subclass and `code`.
 */
export class SnapshotError extends KefuError {
  static readonly [errorName]: string = 'SnapshotError';

  /** Which check failed. */
  declare readonly reason: SnapshotErrorReason;
  /** The machine id the envelope names, when it could be read. */
  declare readonly machineId: string | undefined;

  constructor(
    code: string,
    reason: SnapshotErrorReason,
    message: string,
    options: { machineId?: string | undefined; cause?: unknown } = {},
  ) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.machineId = options.machineId;
  }
}

/**
 * Whether a value is a {@link SnapshotError} (of any reason).
 *
 * @example
 * isSnapshotError(new Error('x')) //=> false
 */
export function isSnapshotError(error: unknown): error is SnapshotError {
  return error instanceof SnapshotError;
}
