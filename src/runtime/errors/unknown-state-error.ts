import { SnapshotError } from './snapshot-error.js';
import { errorName } from '../../errors/kefu-error.js';

/**
 * A persisted case is in a state the machine no longer has (a state was renamed or removed
 * without a migration). XState alone would restore an actor in `status: 'error'`.
 */
export class UnknownStateError extends SnapshotError {
  static readonly [errorName]: string = 'UnknownStateError';

  /** The dotted path of the state that does not exist, e.g. `propose.drafting`. */
  declare readonly state: string;

  constructor(machineId: string, state: string, options: { cause?: unknown } = {}) {
    super('KEFU_SNAPSHOT_UNKNOWN_STATE', 'unknown-state', `machine "${machineId}" has no state "${state}"`, {
      machineId,
      cause: options.cause,
    });
    this.state = state;
  }
}

/**
 * Whether a value is an {@link UnknownStateError}.
 *
 * @example
 * isUnknownStateError(new UnknownStateError('m', 'gone')) //=> true
 */
export function isUnknownStateError(error: unknown): error is UnknownStateError {
  return error instanceof UnknownStateError;
}
