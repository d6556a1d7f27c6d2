/**
 * The brand a kefu error carries (non-enumerable): the names of its class and of every kefu error
 * class above it. `Symbol.for` gives every copy of kefu the same key, so an error thrown by the
 * CommonJS build is recognised by the ESM build's guards and `instanceof`, and back.
 */
const brandKey = Symbol.for('kefu.error');

/**
 * The key of each kefu error class's own name, which is its `name` and its part of the brand:
 * every kefu error class sets it (`static readonly [errorName]: string = 'CaseNotFoundError'`), and
 * test/errors.brand.test.ts fails for an exported one that does not. Internal: it may change
 * without a major version. (No description: the root bundle's budget.)
 */
export const errorName: unique symbol = Symbol();

type ErrorClass = Function & { readonly [errorName]?: string };

/**
 * Brands a new kefu error with the names of its class and the kefu classes above it, and returns
 * the name of its class. Called by every kefu error class's constructor (internal).
 */
export function brandError(error: Error, type: ErrorClass): string {
  const names: string[] = [];
  for (let t = type; t[errorName]; t = Object.getPrototypeOf(t)) names.push(t[errorName]);
  Object.defineProperty(error, brandKey, { value: names });
  return names[0]!;
}

/**
 * `instanceof` for kefu's error classes (`static [Symbol.hasInstance]`): the value is an instance
 * of this very class, or carries a brand naming it (a kefu error of any copy of kefu, or of a
 * subclass). Classes without their own name (a host's subclasses) are checked the ordinary way only.
 */
export function isErrorOfClass(this: ErrorClass, value: unknown): boolean {
  // `isPrototypeOf` is the ordinary `instanceof` (false for primitives), in fewer bytes.
  return (
    (this.prototype as object).isPrototypeOf(value as object) ||
    (Object.hasOwn(this, errorName) && !!(value as { [brandKey]?: string[] } | null | undefined)?.[brandKey]?.includes?.(this[errorName]!))
  );
}

/**
 * Base class of every error kefu throws; `code` is stable across versions.
 *
 * `instanceof` and the `isXError` guards recognise kefu's errors across copies of kefu (its ESM
 * and CommonJS builds loaded side by side, or two installed versions) by a brand the constructor
 * sets under `Symbol.for('kefu.error')`. An object made to carry that brand by hand passes them
 * too: the guards tell kefu's errors apart, they do not authenticate an object.
 */
export class KefuError extends Error {
  static readonly [errorName]: string = 'KefuError';
  static [Symbol.hasInstance] = isErrorOfClass;

  /** Stable machine-readable code, e.g. `KEFU_VALIDATION`. */
  declare readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = brandError(this, new.target);
  }
}

/**
 * Whether a value is an error thrown by kefu, by this copy of kefu or another (its CommonJS and
 * ESM builds, see {@link KefuError}).
 *
 * @example
 * isKefuError(new Error('x')) //=> false
 */
export function isKefuError(error: unknown): error is KefuError {
  return error instanceof KefuError;
}
