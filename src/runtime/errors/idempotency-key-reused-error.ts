import { errorName, KefuError } from '../../errors/kefu-error.js';

/**
 * AUDIT-TRAIL: an event id is unique per case forever. This id was already used on this case for
 * a different event (another type, payload or principal); the new event was not applied. A retry
 * of the *same* event with the same id is not an error: it returns the earlier result as
 * `duplicate`.
 */
export class IdempotencyKeyReusedError extends KefuError {
  static readonly [errorName]: string = 'IdempotencyKeyReusedError';

  /** The case. */
  declare readonly caseId: string;
  /** The reused event id. */
  declare readonly eventId: string;
  /** The `seq` of the history entry that holds the id. */
  declare readonly seq: number;
  /** The type of the event recorded under the id. */
  declare readonly recordedType: string;
  /** The type of the event of the new call. */
  declare readonly eventType: string;

  constructor(caseId: string, eventId: string, recorded: { readonly seq: number; readonly eventType: string }, eventType: string) {
    super(
      'KEFU_IDEMPOTENCY_KEY_REUSED',
      `event id "${eventId}" of case "${caseId}" was already used for another event (#${recorded.seq}, ${recorded.eventType}); this ${eventType} was not applied`,
    );
    this.caseId = caseId;
    this.eventId = eventId;
    this.seq = recorded.seq;
    this.recordedType = recorded.eventType;
    this.eventType = eventType;
  }
}

/**
 * Whether a value is an {@link IdempotencyKeyReusedError}.
 *
 * @example
 * isIdempotencyKeyReusedError(new Error('x')) //=> false
 */
export function isIdempotencyKeyReusedError(error: unknown): error is IdempotencyKeyReusedError {
  return error instanceof IdempotencyKeyReusedError;
}
