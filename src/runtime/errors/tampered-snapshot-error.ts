import { SnapshotError } from './snapshot-error.js';
import { errorName } from '../../errors/kefu-error.js';

/**
 * A stored case does not carry the signature its machine's signing key gives it: the row was
 * written or changed outside kefu (or before the key was set, or with another key). Nothing is
 * applied to it.
 */
export class TamperedSnapshotError extends SnapshotError {
  static readonly [errorName]: string = 'TamperedSnapshotError';

  constructor(machineId: string, why: 'unsigned' | 'mismatch') {
    super(
      'KEFU_SNAPSHOT_TAMPERED',
      'tampered',
      why === 'unsigned' ? `case of machine "${machineId}" carries no signature, and the machine signs its cases` : `case of machine "${machineId}" does not match its signature: it was changed outside kefu`,
      { machineId },
    );
  }
}

/**
 * Whether a value is a {@link TamperedSnapshotError}.
 *
 * @example
 * isTamperedSnapshotError(new TamperedSnapshotError('complaint', 'mismatch')) //=> true
 */
export function isTamperedSnapshotError(error: unknown): error is TamperedSnapshotError {
  return error instanceof TamperedSnapshotError;
}
