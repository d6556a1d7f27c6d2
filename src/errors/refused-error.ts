import { errorName, KefuError } from './kefu-error.js';
import type { Refusal } from '../rules/outcome.js';

/** An event was refused; `refusal` says why (rule IDs and messages, or field issues). */
export class RefusedError extends KefuError {
  static readonly [errorName]: string = 'RefusedError';

  /** Why the event was refused. */
  declare readonly refusal: Refusal;

  constructor(refusal: Refusal) {
    super('KEFU_REFUSED', `${refusal.eventType} refused: ${refusal.message.en}`);
    this.refusal = refusal;
  }

  /** The rule IDs that refused the event (empty when it was malformed or unexpected). */
  get ruleIds(): string[] {
    return this.refusal.violations.map((v) => v.rule);
  }
}

/**
 * Whether a value is a {@link RefusedError}.
 *
 * @example
 * isRefusedError(new Error()) //=> false
 */
export function isRefusedError(error: unknown): error is RefusedError {
  return error instanceof RefusedError;
}
