/** Base class of every error kefu throws; `code` is stable across versions. */
export class KefuError extends Error {
  /** Stable machine-readable code, e.g. `KEFU_VALIDATION`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KefuError';
    this.code = code;
  }
}

/**
 * Whether a value is an error thrown by kefu.
 *
 * @example
 * isKefuError(new Error('x')) //=> false
 */
export function isKefuError(error: unknown): error is KefuError {
  return error instanceof KefuError;
}
