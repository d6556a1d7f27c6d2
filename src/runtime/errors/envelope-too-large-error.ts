import { errorName, KefuError } from '../../errors/kefu-error.js';

/**
 * A step would produce an envelope larger than the case's policy allows (`limits.envelopeBytes`).
 * Nothing was saved: the case stays as it was.
 */
export class EnvelopeTooLargeError extends KefuError {
  static readonly [errorName]: string = 'EnvelopeTooLargeError';

  /** The machine of the case. */
  declare readonly machineId: string;
  /** The event that would have grown the case (`xstate.init` when opening it). */
  declare readonly eventType: string;
  /** Size of the envelope the step produced, in UTF-8 bytes. */
  declare readonly bytes: number;
  /** The policy's limit, in bytes. */
  declare readonly limit: number;

  constructor(machineId: string, eventType: string, bytes: number, limit: number) {
    super('KEFU_ENVELOPE_TOO_LARGE', `case of machine "${machineId}" would grow to ${bytes} bytes on ${eventType}, over the policy's limit of ${limit} bytes`);
    this.machineId = machineId;
    this.eventType = eventType;
    this.bytes = bytes;
    this.limit = limit;
  }
}

/**
 * Whether a value is an {@link EnvelopeTooLargeError}.
 *
 * @example
 * isEnvelopeTooLargeError(new EnvelopeTooLargeError('complaint', 'FEEDBACK.RECORD', 2e6, 1e6)) //=> true
 */
export function isEnvelopeTooLargeError(error: unknown): error is EnvelopeTooLargeError {
  return error instanceof EnvelopeTooLargeError;
}
