import { SnapshotError } from './snapshot-error.js';
import { errorName } from '../../errors/kefu-error.js';

/** A persisted case names a machine that is not the expected one or is not registered with the runtime. */
export class UnknownMachineError extends SnapshotError {
  static readonly [errorName]: string = 'UnknownMachineError';

  /** The machine ids the runtime knows. */
  declare readonly known: readonly string[];

  constructor(machineId: string, known: readonly string[], options: { cause?: unknown } = {}) {
    super(
      'KEFU_SNAPSHOT_UNKNOWN_MACHINE',
      'unknown-machine',
      `unknown machine "${machineId}" (known: ${known.map((k) => `"${k}"`).join(', ') || 'none'})`,
      { machineId, cause: options.cause },
    );
    this.known = known;
  }
}

/**
 * Whether a value is an {@link UnknownMachineError}.
 *
 * @example
 * isUnknownMachineError(new UnknownMachineError('x', [])) //=> true
 */
export function isUnknownMachineError(error: unknown): error is UnknownMachineError {
  return error instanceof UnknownMachineError;
}
