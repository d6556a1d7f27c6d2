import { SnapshotError } from './snapshot-error.js';
import { errorName } from '../../errors/kefu-error.js';

/** A persisted case of an older version could not be migrated: a migration is missing or threw. */
export class MigrationError extends SnapshotError {
  static readonly [errorName]: string = 'MigrationError';

  /** The version the failing (or missing) migration starts from. */
  declare readonly fromVersion: number;

  constructor(machineId: string, fromVersion: number, message: string, options: { cause?: unknown } = {}) {
    super('KEFU_SNAPSHOT_MIGRATION', 'migration', `machine "${machineId}" v${fromVersion} → v${fromVersion + 1}: ${message}`, {
      machineId,
      cause: options.cause,
    });
    this.fromVersion = fromVersion;
  }
}

/**
 * Whether a value is a {@link MigrationError}.
 *
 * @example
 * isMigrationError(new MigrationError('m', 1, 'missing')) //=> true
 */
export function isMigrationError(error: unknown): error is MigrationError {
  return error instanceof MigrationError;
}
