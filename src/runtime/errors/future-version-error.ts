import { SnapshotError } from './snapshot-error.js';
import { errorName } from '../../errors/kefu-error.js';

/**
 * A persisted case was written by a newer version of its machine than the one running
 * (e.g. during a rolling deploy, an old server reads a case a new server saved).
 */
export class FutureVersionError extends SnapshotError {
  static readonly [errorName]: string = 'FutureVersionError';

  /** The version the envelope was written with. */
  declare readonly found: number;
  /** The newest version this process knows. */
  declare readonly supported: number;

  constructor(machineId: string, found: number, supported: number) {
    super(
      'KEFU_SNAPSHOT_FUTURE_VERSION',
      'future-version',
      `case of machine "${machineId}" has version ${found}, newer than the supported version ${supported}`,
      { machineId },
    );
    this.found = found;
    this.supported = supported;
  }
}

/**
 * Whether a value is a {@link FutureVersionError}.
 *
 * @example
 * isFutureVersionError(new FutureVersionError('m', 3, 2)) //=> true
 */
export function isFutureVersionError(error: unknown): error is FutureVersionError {
  return error instanceof FutureVersionError;
}
