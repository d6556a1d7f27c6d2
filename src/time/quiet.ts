/**
 * Quiet hours (休息时间): local times of day when the customer must not be contacted
 * (calls, SMS), read in the customer's own time zone, not the department's.
 */
import * as z from 'zod/mini';
import { PeriodListSchema, type Period } from './calendar.js';
import { type Instant, toEpoch } from './instant.js';
import { assertTimeZone, ContentMemo, iso, localDateOf, periodsToIntervals, typeOf } from './internal.js';

/**
 * Quiet hours: local ranges `[start, end)`, sorted and not overlapping, that leave part of
 * the day allowed. Ranges that touch (`["21:00","24:00"]` and next day's `["00:00","09:00"]`)
 * form one quiet stretch.
 *
 * @example
 * QuietHoursSchema.parse([['00:00', '09:00'], ['12:00', '14:00'], ['21:00', '24:00']]).length
 * //=> 3
 * QuietHoursSchema.safeParse([['00:00', '12:00'], ['12:00', '24:00']]).success // all day
 * //=> false
 */
export const QuietHoursSchema = PeriodListSchema.check(
  z.refine((ranges) => {
    if (ranges.length === 0) return true;
    if (ranges[0]![0] !== '00:00' || ranges[ranges.length - 1]![1] !== '24:00') return true;
    return ranges.some((range, i) => i > 0 && range[0] !== ranges[i - 1]![1]);
  }, { error: 'quiet hours must leave part of the day allowed' }),
);

/** Quiet hours as local `[start, end)` ranges; see {@link QuietHoursSchema}. */
export type QuietHours = Period[];

function resolveQuietHours(quietHours: unknown): QuietHours {
  if (!Array.isArray(quietHours)) {
    throw new TypeError(
      `expected an array of ["HH:mm", "HH:mm"] ranges for argument "quietHours", got ${typeOf(quietHours)}`,
    );
  }
  // Validated by content, like the business calendar: the same plain ranges are not parsed again.
  const { found, key } = resolvedByText.find(quietHours);
  if (found !== undefined) return found;
  const result = QuietHoursSchema.safeParse(quietHours);
  if (!result.success) {
    throw new RangeError(
      `invalid quiet hours for argument "quietHours":\n${z.prettifyError(result.error)}`,
      { cause: result.error },
    );
  }
  resolvedByText.remember(quietHours, key, result.data);
  return result.data;
}

/** Quiet hours validated, by their JSON text. Entries are never handed out to callers. */
const resolvedByText = new ContentMemo<QuietHours>();

/** The quiet range containing `ms` on its local date, with its instants. */
function findRange(
  quietHours: QuietHours,
  ms: number,
  timeZone: string,
): { range: Period; end: number } | undefined {
  const date = localDateOf(ms, timeZone);
  // periodsToIntervals drops ranges lost in a DST gap, so map each range on its own.
  for (const range of quietHours) {
    const [interval] = periodsToIntervals([range], date, timeZone);
    if (interval && interval[0] <= ms && ms < interval[1]) return { range, end: interval[1] };
  }
  return undefined;
}

function prepare(quietHours: QuietHours, at: Instant, timeZone: string) {
  const ranges = resolveQuietHours(quietHours);
  const ms = toEpoch(at, 'at');
  assertTimeZone(timeZone, 'timeZone');
  return { ranges, ms };
}

/**
 * Whether an instant falls in quiet hours, read in the given (customer's) time zone.
 *
 * @param quietHours - Local quiet ranges.
 * @param at - The instant to check.
 * @param timeZone - The customer's IANA zone.
 *
 * @example
 * const quiet: QuietHours = [['00:00', '09:00'], ['12:00', '14:00'], ['21:00', '24:00']];
 * isQuietTime(quiet, '2026-03-02T12:30:00+08:00', 'Asia/Shanghai')
 * //=> true
 * isQuietTime(quiet, '2026-03-02T12:30:00+08:00', 'Asia/Tokyo') // 13:30 there
 * //=> true
 * isQuietTime(quiet, '2026-03-02T14:30:00+08:00', 'Asia/Shanghai')
 * //=> false
 */
export function isQuietTime(quietHours: QuietHours, at: Instant, timeZone: string): boolean {
  const { ranges, ms } = prepare(quietHours, at, timeZone);
  return findRange(ranges, ms, timeZone) !== undefined;
}

/**
 * The local quiet range containing an instant, or `undefined` when it is allowed time.
 * Only the one range is returned; use {@link nextAllowedMoment} to skip chained ranges.
 *
 * @param quietHours - Local quiet ranges.
 * @param at - The instant to check.
 * @param timeZone - The customer's IANA zone.
 * @returns A copy of the matching `[start, end]` range.
 *
 * @example
 * const quiet: QuietHours = [['00:00', '09:00'], ['21:00', '24:00']];
 * quietRangeAt(quiet, '2026-03-02T22:00:00+08:00', 'Asia/Shanghai')
 * //=> ['21:00', '24:00']
 * quietRangeAt(quiet, '2026-03-02T10:00:00+08:00', 'Asia/Shanghai')
 * //=> undefined
 */
export function quietRangeAt(
  quietHours: QuietHours,
  at: Instant,
  timeZone: string,
): Period | undefined {
  const { ranges, ms } = prepare(quietHours, at, timeZone);
  const found = findRange(ranges, ms, timeZone);
  return found && [found.range[0], found.range[1]];
}

/**
 * `at` itself when it is not quiet time, otherwise the moment quiet time ends, following
 * ranges that touch, also across midnight (`21:00–24:00` then `00:00–09:00` ends at 09:00
 * the next morning).
 *
 * @param quietHours - Local quiet ranges.
 * @param at - The instant to check.
 * @param timeZone - The customer's IANA zone.
 * @returns An ISO-8601 string in UTC.
 *
 * @example
 * const quiet: QuietHours = [['00:00', '09:00'], ['21:00', '24:00']];
 * nextAllowedMoment(quiet, '2026-03-02T22:00:00+08:00', 'Asia/Shanghai')
 * //=> '2026-03-03T01:00:00.000Z' (09:00 next day in Shanghai)
 */
export function nextAllowedMoment(quietHours: QuietHours, at: Instant, timeZone: string): string {
  const { ranges, ms } = prepare(quietHours, at, timeZone);
  let moment = ms;
  // Each step jumps to the end of a range, so a few days' worth of ranges is always enough;
  // the bound only guards against a DST oddity swallowing every allowed minute.
  for (let step = 0; step <= 3 * (ranges.length + 1); step++) {
    const found = findRange(ranges, moment, timeZone);
    if (!found) return iso(moment);
    moment = found.end;
  }
  throw new RangeError(`no allowed time found after ${iso(ms)} in zone "${timeZone}"`);
}
