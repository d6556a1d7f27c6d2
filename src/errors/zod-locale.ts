import * as z from 'zod/mini';

/** What a string, array, set, map or file is counted in when it is too short or too long. */
const units: Record<string, string> = { string: 'characters', array: 'items', set: 'items', map: 'entries', file: 'bytes' };

/** A value in an issue message: strings quoted, bigints with `n` (zod's `stringifyPrimitive`). */
const show = (value: unknown): string => (typeof value === 'string' ? `"${value}"` : typeof value === 'bigint' ? `${value}n` : String(value));

/** The type zod names for a received value (zod's `parsedType`, then its English type names). */
function typeOf(input: unknown): string {
  if (typeof input === 'number') return Number.isNaN(input) ? 'NaN' : String(Number.isFinite(input) ? 'number' : input);
  if (typeof input !== 'object') return typeof input;
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  const proto: unknown = Object.getPrototypeOf(input);
  return proto !== Object.prototype && 'constructor' in input && input.constructor ? (input.constructor as { name: string }).name : 'object';
}

/**
 * The English message of a zod issue: for every issue kefu's schemas can raise, the very text of
 * zod's `en` locale (test/zod-locale.test.ts compares the two); `undefined` for the rest, which
 * zod reads as "Invalid input", its default: string formats, `multipleOf`, a set's or map's element
 * and `z.xor`, which kefu's schemas never raise without a message of their own.
 *
 * kefu's own rather than zod's `en`: `en` names ~30 string formats and weighed 1,089 bytes of the
 * root's 40,000-byte min+gz budget, this 444 (docs/benchmarks.md, "Under 40,000 bytes").
 */
export function englishZodMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${issue.expected === 'nan' ? 'NaN' : issue.expected}, received ${typeOf(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${show(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(show).join('|')}`;
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const adj = issue.exact ? 'exactly ' : issue.inclusive ? (big ? '<=' : '>=') : big ? '<' : '>';
      const unit = units[issue.origin as string];
      const bound = `${adj}${String(big ? issue.maximum : issue.minimum)}`;
      return `Too ${big ? 'big' : 'small'}: expected ${big ? (issue.origin ?? 'value') : issue.origin} ${unit ? `to have ${bound} ${unit}` : `to be ${bound}`}`;
    }
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(show).join(', ')}`;
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`;
    case 'invalid_union': {
      // a discriminated union's unknown discriminator; a plain union's "Invalid input" is zod's default
      const options = (issue as { options?: unknown }).options;
      return Array.isArray(options) && options.length > 0 ? `Invalid discriminator value. Expected ${options.map((o) => `'${String(o)}'`).join(' | ')}` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Give zod's issues English messages unless the host already chose a locale.
 *
 * Classic `zod` sets its `en` locale on its first schema; `zod/mini`, which kefu's schemas use, sets
 * no locale, and every issue would read "Invalid input". kefu's field refusals and prettified errors
 * are English, so each module that reports zod issues calls this at load (the validation errors
 * and `kefu/time`, which has its own entry). It installs {@link englishZodMessage}, not zod's `en`
 * (which names every string format zod has): the same text for every issue kefu's schemas raise.
 * A host that set a locale (or imports classic zod, which sets `en`) keeps its own. Internal: not
 * exported from any entry.
 */
export function useEnglishZodMessages(): void {
  if (!z.config().localeError) z.config({ localeError: englishZodMessage });
}
