import { errorName, KefuError } from '../../errors/kefu-error.js';

/**
 * The machine itself failed while processing an event (an action or a context factory threw,
 * and XState put the snapshot in `status: 'error'`). Nothing was saved; `cause` is the error
 * the machine raised.
 */
export class MachineFailedError extends KefuError {
  static readonly [errorName]: string = 'MachineFailedError';

  /** The machine that failed. */
  declare readonly machineId: string;
  /** The event it failed on (`xstate.init` for the initial step). */
  declare readonly eventType: string;

  constructor(machineId: string, eventType: string, options: { cause?: unknown } = {}) {
    const why = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('KEFU_MACHINE_FAILED', `machine "${machineId}" failed on ${eventType}${why}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.machineId = machineId;
    this.eventType = eventType;
  }
}

/**
 * Whether a value is a {@link MachineFailedError}.
 *
 * @example
 * isMachineFailedError(new MachineFailedError('m', 'GO')) //=> true
 */
export function isMachineFailedError(error: unknown): error is MachineFailedError {
  return error instanceof MachineFailedError;
}
