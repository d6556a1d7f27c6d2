/**
 * Instants: the one representation of "a moment" that crosses kefu's boundaries.
 *
 * Context must survive `JSON.stringify` (snapshots are stored as JSON), so an instant is an
 * ISO-8601 string or epoch milliseconds, never a `Date`.
 */
import { iso as isoOf, utcTime } from './internal.js';

/**
 * A moment in time: an ISO-8601 date-time string with an explicit offset
 * (`2026-03-02T09:00:00Z`, `2026-03-02T17:00:00+08:00`) or epoch milliseconds.
 *
 * A string without an offset (`2026-03-02T09:00`) or a bare date (`2026-03-02`) is
 * rejected: JavaScript would read it in the host's own time zone (or as UTC), so the
 * same data would mean different moments on different servers.
 */
export type Instant = string | number;

// Date, time (minutes required, seconds and fraction optional) and a required offset.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/**
 * Instants converted lately, both ways — text to epoch ms, epoch ms to ISO text: a step reads and
 * writes the same few (its clock, the case's due times) many times, and the regular expression and
 * `Date` of each conversion were ~2% of a step. Pure functions of their keys (a string or a number);
 * bounded, cleared when full.
 */
const converted = new Map<string | number, string | number>();
function remember(key: string | number, value: string | number): void {
  if (converted.size >= 2048) converted.clear();
  converted.set(key, value);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC keeps the host zone out.
  return new Date(utcTime(year, month, 0)).getUTCDate();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'a Date (pass date.toISOString() or date.getTime())';
  return typeof value;
}

/**
 * Converts an instant to epoch milliseconds, validating it.
 *
 * @param at - The instant: an ISO-8601 string with an offset, or epoch ms.
 * @param name - The argument name used in error messages.
 * @returns Milliseconds since 1970-01-01T00:00:00Z.
 * @throws {TypeError} When `at` is neither a string nor a number.
 * @throws {RangeError} When `at` is not a valid instant; the message names the argument.
 *
 * @example
 * toEpoch('2026-03-02T09:00:00+08:00')
 * //=> 1772413200000
 * toEpoch('soon', 'dueAt')
 * //=> throws RangeError: invalid instant "soon" for argument "dueAt"
 */
export function toEpoch(at: Instant, name = 'at'): number {
  if (typeof at === 'number') {
    // Date's own range: ±8.64e15 ms around the epoch.
    if (!Number.isFinite(at) || Math.abs(at) > 8.64e15) {
      throw new RangeError(`invalid instant ${String(at)} for argument "${name}"`);
    }
    return at;
  }
  if (typeof at !== 'string') {
    throw new TypeError(
      `expected an ISO-8601 string or epoch ms for argument "${name}", got ${describe(at)}`,
    );
  }
  const known = converted.get(at) as number | undefined;
  if (known !== undefined) return known;
  const match = ISO_INSTANT.exec(at);
  // Date.parse alone accepts "2026-02-30" and free-form text like "March 7, 2026".
  const ms = match ? Date.parse(at) : Number.NaN;
  if (
    !match ||
    Number.isNaN(ms) ||
    Number(match[3]) < 1 ||
    Number(match[3]) > daysInMonth(Number(match[1]), Number(match[2]))
  ) {
    throw new RangeError(`invalid instant ${JSON.stringify(at)} for argument "${name}"`);
  }
  // Not a long fraction of a second: the memo holds short keys only.
  if (at.length < 33) remember(at, ms);
  return ms;
}

/**
 * Converts an instant to its ISO-8601 string in UTC (the `Date#toISOString()` form).
 *
 * @param at - The instant: an ISO-8601 string with an offset, or epoch ms.
 * @param name - The argument name used in error messages.
 * @returns The same moment as `YYYY-MM-DDTHH:mm:ss.sssZ`.
 * @throws {TypeError | RangeError} Like {@link toEpoch}.
 *
 * @example
 * toIso('2026-03-02T09:00:00+08:00')
 * //=> '2026-03-02T01:00:00.000Z'
 * toIso(0)
 * //=> '1970-01-01T00:00:00.000Z'
 */
export function toIso(at: Instant, name = 'at'): string {
  const ms = toEpoch(at, name);
  let iso = converted.get(ms) as string | undefined;
  if (iso === undefined) remember(ms, (iso = isoOf(ms)));
  return iso;
}

/**
 * The longest delay a JavaScript timer holds: `setTimeout` fires at once for anything above
 * 2^31 − 1 ms (about 24.8 days).
 */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * For an XState delay that has nothing to wait for: not a number, so XState raises the delayed
 * event at once instead of scheduling it (its guard then refuses it), and kefu's runtime, which
 * only stores delays that are numbers, keeps no timer for it — where {@link delayUntil}'s
 * {@link MAX_DELAY_MS} would store a job that fires in 24.8 days for nothing. Typed as a number
 * because XState's delay functions must return one.
 *
 * @example
 * typeof NO_DELAY
 * //=> 'undefined'
 */
export const NO_DELAY = undefined as unknown as number;

/**
 * Milliseconds from `now` to `due`, for an XState delay computed from a due time kept in
 * context: 0 when the due time has passed (it fires at once), {@link MAX_DELAY_MS} when there
 * is no due time, and never more than {@link MAX_DELAY_MS}.
 *
 * @example
 * delayUntil('2026-12-01T10:00:00Z', '2026-12-01T09:00:00Z') //=> 3600000
 * delayUntil('2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z') //=> 0
 * delayUntil(undefined, '2026-12-01T09:00:00Z') //=> 2147483647
 */
export function delayUntil(due: Instant | undefined, now: Instant): number {
  if (due === undefined) return MAX_DELAY_MS;
  return Math.min(MAX_DELAY_MS, Math.max(0, toEpoch(due, 'due') - toEpoch(now, 'now')));
}
