import * as z from 'zod/mini';
import { errorName, KefuError } from './kefu-error.js';
import { useEnglishZodMessages } from './zod-locale.js';

useEnglishZodMessages();

/** One problem found in an input, event or record: the dotted path of the field and what is wrong. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `form.complainant` or `quietHours.0.1`; `''` for the whole value. */
  readonly path: string;
  /** What is wrong with it. */
  readonly message: string;
}

/**
 * Turn zod issues into field issues with dotted paths.
 *
 * @example
 * issuesFromZod(z.object({ a: z.string() }).safeParse({}).error!.issues)
 * //=> [{ path: 'a', message: 'Invalid input: expected string, received undefined' }]
 */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const base = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: base ? `${base}.${key}` : key, message: 'unknown field' });
      }
    } else {
      out.push({ path: base, message: issue.message });
    }
  }
  return out;
}

/**
 * A value failed validation. `issues` name each bad field; nothing was changed.
 */
export class ValidationError extends KefuError {
  static readonly [errorName]: string = 'ValidationError';

  /** What was being validated, e.g. `policy`, `event COMPLAINT.ASSESS`, `complaint form`. */
  declare readonly subject: string;
  /** The fields at fault. */
  declare readonly issues: readonly FieldIssue[];

  constructor(subject: string, issues: readonly FieldIssue[], options?: { cause?: unknown }) {
    const list = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super('KEFU_VALIDATION', `invalid ${subject}: ${list}`, options);
    this.subject = subject;
    this.issues = issues;
  }

  /** The dotted paths of the fields at fault. */
  get fields(): string[] {
    return this.issues.map((i) => i.path);
  }
}

/**
 * Whether a value is a {@link ValidationError}.
 *
 * @example
 * isValidationError(new ValidationError('policy', [])) //=> true
 */
export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError;
}

const missingValueErrors = new WeakMap<z.core.$ZodType, Map<string, ValidationError>>();

/**
 * Parse `value` with `schema`, throwing a {@link ValidationError} that names the fields.
 *
 * @example
 * parseOrThrow(z.number(), 1, 'count') //=> 1
 */
export function parseOrThrow<S extends z.core.$ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  // XState's pure transition() builds a throwaway actor without input on every call (send's dry
  // run; the runtime's step avoids it, see runtime/pure-transition.ts), so a machine's context
  // factory sees `undefined` once per call; reuse that (deterministic) error instead of building a
  // new one with a stack trace each time.
  if (value === undefined) {
    const cached = missingValueErrors.get(schema)?.get(subject);
    if (cached) throw cached;
  }
  const result = z.safeParse(schema, value);
  if (!result.success) {
    const error = new ValidationError(subject, issuesFromZod(result.error.issues), { cause: result.error });
    if (value === undefined) {
      const bySubject = missingValueErrors.get(schema) ?? new Map<string, ValidationError>();
      bySubject.set(subject, error);
      missingValueErrors.set(schema, bySubject);
    }
    throw error;
  }
  return result.data;
}
