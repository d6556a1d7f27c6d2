/**
 * The business calendar (工作日历): when the department is at work, in its own time zone.
 *
 * Every function here is pure: the current time is always an argument (machines never read the wall clock)
 * and zone math goes through `@date-fns/tz` and `Intl` (see `internal.ts`), never through the
 * host's own zone. Working time is a set of half-open local ranges `[start, end)` per day.
 */
import * as z from 'zod/mini';
// `z.iso.date()` would keep all of zod's `iso` namespace in a bundle: the same factory, by name.
import { _isoDate } from 'zod/v4/core';
import { CalendarCoverageError } from './coverage-error.js';
import { type Instant, toEpoch } from './instant.js';
import {
  HOUR_MS,
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertTimeZone,
  dayOfWeek,
  iso,
  shown,
  isValidTimeZone,
  localDateOf,
  localTimeOf,
  periodsToIntervals,
  sameLocalTimeOn,
  shiftDate,
  typeOf,
  ContentMemo,
} from './internal.js';

/**
 * How many days in a row without working time a search crosses before it gives up.
 * Longer than a year, so an annual holiday list can never trip it; a calendar with no
 * working time at all fails instead of looping forever.
 */
const MAX_IDLE_DAYS = 400;

// ---------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------

/**
 * A local time of day, `"HH:mm"` from `"00:00"` to `"24:00"`. `"24:00"` (midnight at the end
 * of the day) only makes sense as the end of a period; {@link PeriodSchema} enforces that.
 *
 * @example
 * LocalTimeSchema.parse('09:30')
 * //=> '09:30'
 * LocalTimeSchema.safeParse('25:00').success
 * //=> false
 */
export const LocalTimeSchema = z.string().check(
  z.regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, {
    error: (issue) =>
      `invalid local time ${shown(issue.input)}: expected "HH:mm" from "00:00" to "24:00"`,
  }),
);

/** A local time of day, `"HH:mm"`; see {@link LocalTimeSchema}. */
export type LocalTime = z.infer<typeof LocalTimeSchema>;

/**
 * A local time range `[start, end)` within one day, e.g. `["09:00", "12:00"]`; `start` must
 * be before `end`, so `"24:00"` can only end a period.
 *
 * @example
 * PeriodSchema.parse(['14:00', '18:00'])
 * //=> ['14:00', '18:00']
 * PeriodSchema.safeParse(['18:00', '14:00']).success
 * //=> false
 */
export const PeriodSchema = z.tuple([LocalTimeSchema, LocalTimeSchema]).check(
  z.refine(([start, end]) => start < end, {
    error: (issue) => {
      const [start, end] = issue.input as [string, string];
      return `period start "${start}" must be before its end "${end}"`;
    },
  }),
);

/** A local time range `[start, end)` within one day; see {@link PeriodSchema}. */
export type Period = z.infer<typeof PeriodSchema>;

/**
 * A list of periods in one day, sorted and not overlapping (touching is fine:
 * `["09:00","12:00"]` then `["12:00","13:00"]`). The issue path points at the offending period.
 * Building block of the calendar and quiet-hours schemas. @internal (not exported from `kefu/time`)
 */
export const PeriodListSchema = z.array(PeriodSchema).check(
  z.superRefine((periods, ctx) => {
  for (let i = 1; i < periods.length; i++) {
    const previous = periods[i - 1];
    const current = periods[i];
    if (!Array.isArray(previous) || !Array.isArray(current)) continue;
    if (current[0] < previous[1]) {
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `periods must be sorted and must not overlap: "${current[0]}" starts before the previous period ends at "${previous[1]}"`,
      });
    }
  }
}),
);

/**
 * A day of the week as used in {@link BusinessCalendar.workingPeriods}.
 * `WeekdayKey` is both the zod schema and its type, like {@link WeekdayKeySchema}.
 *
 * @example
 * WeekdayKey.options
 * //=> ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
 */
export const WeekdayKey = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
/** A day of the week: `'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'`. */
export type WeekdayKey = z.infer<typeof WeekdayKey>;

/**
 * The same schema as {@link WeekdayKey}, under the `...Schema` name the other schemas use.
 *
 * @example
 * WeekdayKeySchema.parse('sat')
 * //=> 'sat'
 */
export const WeekdayKeySchema = WeekdayKey;

/**
 * An IANA time zone name known to this runtime, e.g. `"Asia/Shanghai"`.
 *
 * @example
 * TimeZoneSchema.safeParse('Asia/Shanghai').success
 * //=> true
 * TimeZoneSchema.safeParse('Mars/Olympus_Mons').success
 * //=> false
 */
export const TimeZoneSchema = z.string().check(
  z.refine(isValidTimeZone, {
  error: (issue) => `unknown time zone ${shown(issue.input)}`,
}),
);

/**
 * A local calendar date `"YYYY-MM-DD"` that exists (no February 30th).
 *
 * @example
 * LocalDateSchema.safeParse('2026-10-01').success
 * //=> true
 * LocalDateSchema.safeParse('2026-02-30').success
 * //=> false
 */
export const LocalDateSchema = _isoDate(z.ZodMiniISODate, {
  error: (issue: z.core.$ZodRawIssue) => `invalid date ${shown(issue.input)}: expected "YYYY-MM-DD"`,
});

/** A local calendar date `"YYYY-MM-DD"`; see {@link LocalDateSchema}. */
export type LocalDate = z.infer<typeof LocalDateSchema>;

/**
 * A business calendar: working periods per weekday in one time zone, public holidays and
 * make-up working days (调休).
 *
 * - `timeZone`: IANA name; all local times and dates below are read in it.
 * - `workingPeriods`: periods per weekday, sorted and not overlapping; a missing day means
 *   no work that day (parsing fills in `[]`).
 * - `holidays`: days off even when they fall on a working weekday.
 * - `makeUpWorkdays`: days worked even when they fall on a day off (调休, usually a weekend
 *   day next to a long holiday); they use `makeUpWorkdayPeriods`, by default Monday's periods.
 *   A date cannot be both a holiday and a make-up workday.
 * - `specialPeriods`: opening hours of one date, replacing whatever that date would have
 *   (e.g. a half day on 除夕: `{ '2026-02-16': [['09:00', '12:00']] }`); `[]` closes the date.
 *   A date cannot be both a holiday and a special date.
 * - `coverage`: the dates the holiday list is complete for, both ends included. A calculation
 *   that needs the periods of a date outside it throws a {@link CalendarCoverageError}, so a
 *   year nobody loaded is never silently a year without holidays. Without `coverage` every
 *   date is taken as known.
 *
 * @example
 * BusinessCalendarSchema.parse({
 *   timeZone: 'Asia/Shanghai',
 *   workingPeriods: { mon: [['09:00', '18:00']] },
 * }).workingPeriods.sat
 * //=> []
 */
export const BusinessCalendarSchema = z.strictObject({
  timeZone: TimeZoneSchema,
  workingPeriods: z.strictObject({
    mon: z._default(PeriodListSchema, []),
    tue: z._default(PeriodListSchema, []),
    wed: z._default(PeriodListSchema, []),
    thu: z._default(PeriodListSchema, []),
    fri: z._default(PeriodListSchema, []),
    sat: z._default(PeriodListSchema, []),
    sun: z._default(PeriodListSchema, []),
  }),
  holidays: z._default(z.array(LocalDateSchema), []),
  makeUpWorkdays: z._default(z.array(LocalDateSchema), []),
  makeUpWorkdayPeriods: z.optional(PeriodListSchema),
  specialPeriods: z.optional(z.record(LocalDateSchema, PeriodListSchema)),
  coverage: z.optional(z.strictObject({ from: LocalDateSchema, to: LocalDateSchema }).check(
    z.refine(({ from, to }) => from <= to, { error: 'coverage "from" must not be after "to"', path: ['to'] }),
  )),
}).check(
  z.superRefine((calendar, ctx) => {
    const holidays = new Set(calendar.holidays);
    calendar.makeUpWorkdays.forEach((date, i) => {
      if (holidays.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkdays', i],
          message: `${date} is listed both as a holiday and as a make-up workday`,
        });
      }
    });
    for (const date of Object.keys(calendar.specialPeriods ?? {})) {
      if (holidays.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['specialPeriods', date],
          message: `${date} is listed both as a holiday and with special periods`,
        });
      }
    }
  }),
);

/** A validated business calendar (the output of {@link BusinessCalendarSchema}). */
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;
/** What {@link BusinessCalendarSchema} accepts: weekdays, holidays and make-up days may be omitted. */
export type BusinessCalendarInput = z.input<typeof BusinessCalendarSchema>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The default calendar: Asia/Shanghai, Monday to Friday 09:00–12:00 and 14:00–18:00,
 * weekends off, no holidays.
 *
 * It knows no public holidays: hosts add their own list every year, e.g. from the State
 * Council's annual notice on holiday arrangements (国务院办公厅关于放假安排的通知), which also
 * names the make-up workdays (调休). The object is frozen; spread it to derive your own.
 *
 * @example
 * const calendar = { ...defaultCalendar, holidays: ['2026-10-01'] };
 * isWorkingTime(calendar, '2026-10-01T10:00:00+08:00')
 * //=> false
 */
export const defaultCalendar: BusinessCalendar = deepFreeze({
  timeZone: 'Asia/Shanghai',
  workingPeriods: {
    mon: [['09:00', '12:00'], ['14:00', '18:00']],
    tue: [['09:00', '12:00'], ['14:00', '18:00']],
    wed: [['09:00', '12:00'], ['14:00', '18:00']],
    thu: [['09:00', '12:00'], ['14:00', '18:00']],
    fri: [['09:00', '12:00'], ['14:00', '18:00']],
    sat: [],
    sun: [],
  },
  holidays: [],
  makeUpWorkdays: [],
});

// ---------------------------------------------------------------------------------------
// Internals shared with sla.ts and quiet.ts (not exported from `kefu/time`)
// ---------------------------------------------------------------------------------------

/** A calendar parsed once, with its date lists as sets. @internal */
export interface ResolvedCalendar {
  readonly calendar: BusinessCalendar;
  readonly timeZone: string;
  readonly holidays: ReadonlySet<string>;
  readonly makeUpWorkdays: ReadonlySet<string>;
}

/** Calendars validated, by their JSON text. Entries are never handed out to callers. */
const resolvedByText = new ContentMemo<ResolvedCalendar>();

/**
 * Validates a calendar argument. Validated by content, never cached by identity: a calendar of
 * plain JSON values whose text was validated before reuses that result (the business calendar
 * runs in every step's actions, and a stored case's policy is a fresh object each step); any
 * other calendar, and any change to one (a host that edits its calendar in place changes its
 * text), is parsed again. @internal
 */
export function resolveCalendar(calendar: unknown, name = 'calendar'): ResolvedCalendar {
  if (calendar === null || typeof calendar !== 'object') {
    throw new TypeError(`expected a business calendar for argument "${name}", got ${typeOf(calendar)}`);
  }
  const { found, key } = resolvedByText.find(calendar);
  if (found !== undefined) return found;
  const result = BusinessCalendarSchema.safeParse(calendar);
  if (!result.success) {
    throw new RangeError(
      `invalid business calendar for argument "${name}":\n${z.prettifyError(result.error)}`,
      { cause: result.error },
    );
  }
  const parsed = result.data;
  const resolved: ResolvedCalendar = {
    calendar: parsed,
    timeZone: parsed.timeZone,
    holidays: new Set(parsed.holidays),
    makeUpWorkdays: new Set(parsed.makeUpWorkdays),
  };
  resolvedByText.remember(calendar, key, resolved);
  return resolved;
}

const WEEKDAYS: readonly WeekdayKey[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function assertLocalDate(date: unknown, name: string): asserts date is string {
  if (typeof date !== 'string') {
    throw new TypeError(`expected a "YYYY-MM-DD" date for argument "${name}", got ${typeOf(date)}`);
  }
  if (!LocalDateSchema.safeParse(date).success) {
    throw new RangeError(`invalid date ${JSON.stringify(date)} for argument "${name}": expected "YYYY-MM-DD"`);
  }
}

function periodsOnResolved(resolved: ResolvedCalendar, date: string): readonly Period[] {
  const { calendar } = resolved;
  const { coverage } = calendar;
  if (coverage && (date < coverage.from || date > coverage.to)) {
    throw new CalendarCoverageError(date, coverage);
  }
  const special = calendar.specialPeriods?.[date];
  if (special) return special;
  if (resolved.holidays.has(date)) return [];
  if (resolved.makeUpWorkdays.has(date)) {
    return calendar.makeUpWorkdayPeriods ?? calendar.workingPeriods.mon;
  }
  return calendar.workingPeriods[WEEKDAYS[dayOfWeek(date)]!];
}

/** Working intervals, one local date at a time, from the date containing `fromMs`, forwards (`step` 1) or backwards (-1). */
function* workingDays(
  resolved: ResolvedCalendar,
  fromMs: number,
  step: 1 | -1 = 1,
): Generator<{ date: string; intervals: Array<[number, number]> }> {
  let date = localDateOf(fromMs, resolved.timeZone);
  for (;;) {
    yield { date, intervals: periodsToIntervals(periodsOnResolved(resolved, date), date, resolved.timeZone) };
    date = shiftDate(date, step);
  }
}

function noWorkingTime(fromMs: number, direction = 'after'): RangeError {
  return new RangeError(
    `the calendar has no working time in the ${MAX_IDLE_DAYS} days ${direction} ${iso(fromMs)}`,
  );
}

/** Epoch-ms core of {@link nextWorkingMoment}. @internal */
export function nextWorkingMs(resolved: ResolvedCalendar, at: number): number {
  let idle = 0;
  for (const { intervals } of workingDays(resolved, at)) {
    for (const [start, end] of intervals) {
      if (end > at) return Math.max(start, at);
    }
    if (++idle > MAX_IDLE_DAYS) throw noWorkingTime(at);
  }
  // Unreachable: workingDays never ends; the loop returns or throws.
  throw noWorkingTime(at);
}

/** Epoch-ms core of {@link addWorkingHours}: `ms` (integer, >= 0) of working time after `at`. @internal */
export function addWorkingMs(resolved: ResolvedCalendar, at: number, ms: number): number {
  if (ms === 0) return at;
  let remaining = ms;
  let idle = 0;
  for (const { intervals } of workingDays(resolved, at)) {
    let progressed = false;
    for (const [start, end] of intervals) {
      if (end <= at) continue;
      const from = Math.max(start, at);
      if (remaining <= end - from) return from + remaining;
      remaining -= end - from;
      progressed = true;
    }
    idle = progressed ? 0 : idle + 1;
    if (idle > MAX_IDLE_DAYS) throw noWorkingTime(at);
  }
  // Unreachable: workingDays never ends; the loop returns or throws.
  throw noWorkingTime(at);
}

/**
 * Epoch-ms core of {@link subtractWorkingHours}: the latest instant with `ms` (integer, >= 0)
 * of working time between it and `at`. @internal
 */
export function subtractWorkingMs(resolved: ResolvedCalendar, at: number, ms: number): number {
  if (ms === 0) return at;
  let remaining = ms;
  let idle = 0;
  for (const { intervals } of workingDays(resolved, at, -1)) {
    let progressed = false;
    for (let i = intervals.length - 1; i >= 0; i--) {
      const [start, end] = intervals[i]!;
      if (start >= at) continue;
      const to = Math.min(end, at);
      if (remaining <= to - start) return to - remaining;
      remaining -= to - start;
      progressed = true;
    }
    idle = progressed ? 0 : idle + 1;
    if (idle > MAX_IDLE_DAYS) {
      throw noWorkingTime(at, 'before');
    }
  }
  // Unreachable: workingDays never ends; the loop returns or throws.
  throw noWorkingTime(at);
}

/** Epoch-ms core of {@link workingTimeBetween}. @internal */
export function workingMsBetween(resolved: ResolvedCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  const lastDate = localDateOf(to, resolved.timeZone);
  let total = 0;
  for (const { date, intervals } of workingDays(resolved, from)) {
    for (const [start, end] of intervals) {
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap > 0) total += overlap;
    }
    if (date >= lastDate) return total;
  }
  // Unreachable: workingDays never ends; the loop returns or throws.
  return total;
}

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/**
 * The working periods of one local date: none on a holiday, the make-up periods on a
 * make-up workday (调休), otherwise that weekday's periods.
 *
 * @param calendar - The business calendar.
 * @param date - A local date in the calendar's zone, `"YYYY-MM-DD"`.
 * @returns A fresh array of `[start, end]` local times.
 *
 * @example
 * workingPeriodsOn(defaultCalendar, '2026-03-02') // a Monday
 * //=> [['09:00', '12:00'], ['14:00', '18:00']]
 * workingPeriodsOn(defaultCalendar, '2026-03-07') // a Saturday
 * //=> []
 */
export function workingPeriodsOn(calendar: BusinessCalendar, date: string): Period[] {
  const resolved = resolveCalendar(calendar);
  assertLocalDate(date, 'date');
  return periodsOnResolved(resolved, date).map(([start, end]) => [start, end]);
}

/**
 * Whether an instant falls inside a working period (start included, end excluded).
 *
 * @param calendar - The business calendar.
 * @param at - The instant to check.
 *
 * @example
 * isWorkingTime(defaultCalendar, '2026-03-02T11:59:00+08:00')
 * //=> true
 * isWorkingTime(defaultCalendar, '2026-03-02T12:00:00+08:00') // lunch break
 * //=> false
 */
export function isWorkingTime(calendar: BusinessCalendar, at: Instant): boolean {
  const resolved = resolveCalendar(calendar);
  const ms = toEpoch(at, 'at');
  const date = localDateOf(ms, resolved.timeZone);
  return periodsToIntervals(periodsOnResolved(resolved, date), date, resolved.timeZone).some(
    ([start, end]) => start <= ms && ms < end,
  );
}

/**
 * `at` itself when it is working time, otherwise the start of the next working period.
 *
 * @param calendar - The business calendar.
 * @param at - Where to start looking.
 * @returns An ISO-8601 string in UTC.
 * @throws {RangeError} When the calendar has no working time in the 400 days after `at`.
 *
 * @example
 * nextWorkingMoment(defaultCalendar, '2026-03-06T18:30:00+08:00') // Friday evening
 * //=> '2026-03-09T01:00:00.000Z' (Monday 09:00 in Shanghai)
 */
export function nextWorkingMoment(calendar: BusinessCalendar, at: Instant): string {
  const resolved = resolveCalendar(calendar);
  return iso(nextWorkingMs(resolved, toEpoch(at, 'at')));
}

/**
 * The instant by which `hours` of working time have passed after `at`, counting only time
 * inside working periods: lunch breaks, nights, weekends and holidays are skipped and
 * make-up workdays count. When the hours run out exactly at the end of a period, the result
 * is that end (12:00, not 14:00); zero hours returns `at` itself.
 *
 * @param calendar - The business calendar.
 * @param at - The start.
 * @param hours - Working hours to add, `>= 0`; fractions allowed (rounded to the ms).
 * @returns An ISO-8601 string in UTC.
 * @throws {RangeError} When `hours` is negative or not finite, or the calendar has no working time.
 *
 * @example
 * addWorkingHours(defaultCalendar, '2026-03-02T11:30:00+08:00', 1) // through lunch
 * //=> '2026-03-02T06:30:00.000Z' (14:30 in Shanghai)
 */
export function addWorkingHours(calendar: BusinessCalendar, at: Instant, hours: number): string {
  const resolved = resolveCalendar(calendar);
  const ms = toEpoch(at, 'at');
  assertNonNegative(hours, 'hours');
  return iso(addWorkingMs(resolved, ms, Math.round(hours * HOUR_MS)));
}

/**
 * The latest instant with `hours` of working time between it and `at`: working time counted
 * backwards, the mirror of {@link addWorkingHours}. When the hours run out exactly at the start
 * of a period the result is that start (14:00, not 12:00 before the lunch break); zero hours
 * returns `at` itself. Use it for "two working hours before the due time".
 *
 * @param calendar - The business calendar.
 * @param at - The end.
 * @param hours - Working hours to take off, `>= 0`; fractions allowed (rounded to the ms).
 * @returns An ISO-8601 string in UTC.
 * @throws {RangeError} When `hours` is negative or not finite, or the calendar has no working time.
 *
 * @example
 * subtractWorkingHours(defaultCalendar, '2026-03-02T14:30:00+08:00', 1) // back through lunch
 * //=> '2026-03-02T03:30:00.000Z' (11:30 in Shanghai)
 * subtractWorkingHours(defaultCalendar, '2026-03-09T10:00:00+08:00', 2) // Monday 10:00
 * //=> '2026-03-06T09:00:00.000Z' (Friday 17:00)
 */
export function subtractWorkingHours(calendar: BusinessCalendar, at: Instant, hours: number): string {
  const resolved = resolveCalendar(calendar);
  const ms = toEpoch(at, 'at');
  assertNonNegative(hours, 'hours');
  return iso(subtractWorkingMs(resolved, ms, Math.round(hours * HOUR_MS)));
}

/**
 * Every date from `from` to `to`, both included, in order; `[]` when `to` is before `from`.
 *
 * @param from - First date, `"YYYY-MM-DD"`.
 * @param to - Last date, `"YYYY-MM-DD"`.
 *
 * @example
 * listDates('2026-02-27', '2026-03-02')
 * //=> ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']
 */
export function listDates(from: LocalDate, to: LocalDate): LocalDate[] {
  assertLocalDate(from, 'from');
  assertLocalDate(to, 'to');
  const dates: string[] = [];
  for (let date = from; date <= to; date = shiftDate(date, 1)) dates.push(date);
  return dates;
}

/**
 * The same local time `days` working days later, counting like date-fns' `addBusinessDays`:
 * step one date at a time and count each date that has working periods (a make-up workday
 * counts, a holiday does not). So from a day off the first working day is +1 — Saturday
 * 2025-09-27 + 1 is Sunday 2025-09-28, a make-up workday (调休). When the landing time is not
 * working time (a lunch break, after hours) the result is the next working moment after it,
 * which has the same working time before it. Zero days returns `at` itself, as in date-fns.
 *
 * @param calendar - The business calendar.
 * @param at - The start.
 * @param days - Whole working days to add, `>= 0`.
 * @returns An ISO-8601 string in UTC.
 * @throws {RangeError} When `days` is not a whole number `>= 0`, or the calendar has no working time.
 *
 * @example
 * addWorkingDays(defaultCalendar, '2026-03-06T10:00:00+08:00', 1) // Friday
 * //=> '2026-03-09T02:00:00.000Z' (Monday 10:00 in Shanghai)
 * addWorkingDays(defaultCalendar, '2026-03-07T10:00:00+08:00', 1) // Saturday: Monday is +1
 * //=> '2026-03-09T02:00:00.000Z'
 * addWorkingDays(defaultCalendar, '2026-03-04T20:00:00+08:00', 1) // Wednesday evening
 * //=> '2026-03-06T01:00:00.000Z' (Thursday 20:00 is after hours: Friday 09:00)
 */
export function addWorkingDays(calendar: BusinessCalendar, at: Instant, days: number): string {
  const resolved = resolveCalendar(calendar);
  const { timeZone } = resolved;
  const ms = toEpoch(at, 'at');
  assertInteger(days, 'days', true);
  if (days === 0) return iso(ms);

  let date = localDateOf(ms, timeZone);
  let idle = 0;
  for (let counted = 0; counted < days; ) {
    date = shiftDate(date, 1);
    if (periodsToIntervals(periodsOnResolved(resolved, date), date, timeZone).length > 0) {
      counted++;
      idle = 0;
    } else if (++idle > MAX_IDLE_DAYS) {
      throw noWorkingTime(ms);
    }
  }
  const target = sameLocalTimeOn(ms, date, timeZone);
  return iso(nextWorkingMs(resolved, target));
}

/**
 * Milliseconds of working time in `[from, to)`; `0` when `to` is not after `from`.
 *
 * @param calendar - The business calendar.
 * @param from - Start (included).
 * @param to - End (excluded).
 *
 * @example
 * workingTimeBetween(defaultCalendar, '2026-03-02T11:00:00+08:00', '2026-03-02T15:00:00+08:00')
 * //=> 7200000 (11:00–12:00 and 14:00–15:00)
 */
export function workingTimeBetween(calendar: BusinessCalendar, from: Instant, to: Instant): number {
  const resolved = resolveCalendar(calendar);
  return workingMsBetween(resolved, toEpoch(from, 'from'), toEpoch(to, 'to'));
}

/**
 * Adds elapsed hours: `hours * 3600000` ms, whatever the wall clocks do meanwhile.
 *
 * @param at - The start.
 * @param hours - Hours to add; negative and fractional allowed (rounded to the ms).
 * @returns An ISO-8601 string in UTC.
 *
 * @example
 * addCalendarHours('2026-03-02T09:00:00Z', 36)
 * //=> '2026-03-03T21:00:00.000Z'
 */
export function addCalendarHours(at: Instant, hours: number): string {
  const ms = toEpoch(at, 'at');
  assertNumber(hours, 'hours');
  return iso(ms + Math.round(hours * HOUR_MS));
}

/**
 * Adds calendar days in a time zone: the same local time `days` dates later, so across a
 * DST change the result is 23 or 25 elapsed hours away per day crossed.
 *
 * @param at - The start.
 * @param days - Whole days to add; may be negative.
 * @param timeZone - IANA zone whose dates are counted.
 * @returns An ISO-8601 string in UTC.
 *
 * @example
 * addCalendarDays('2026-03-07T09:00:00-05:00', 1, 'America/New_York') // over spring forward
 * //=> '2026-03-08T13:00:00.000Z' (09:00 EDT)
 */
export function addCalendarDays(at: Instant, days: number, timeZone: string): string {
  const ms = toEpoch(at, 'at');
  assertInteger(days, 'days', false);
  assertTimeZone(timeZone, 'timeZone');
  // Not addDays on a TZDate: its setters resolve a repeated local time by the host zone
  // (date-fns/tz#40), see sameLocalTimeOn.
  return iso(sameLocalTimeOn(ms, shiftDate(localDateOf(ms, timeZone), days), timeZone));
}

/**
 * The local date of an instant in a time zone.
 *
 * @param at - The instant.
 * @param timeZone - IANA zone.
 * @returns `"YYYY-MM-DD"`.
 *
 * @example
 * localDate('2026-03-01T20:00:00Z', 'Asia/Shanghai')
 * //=> '2026-03-02'
 */
export function localDate(at: Instant, timeZone: string): string {
  const ms = toEpoch(at, 'at');
  assertTimeZone(timeZone, 'timeZone');
  return localDateOf(ms, timeZone);
}

/**
 * The local wall-clock time of an instant in a time zone, to the minute.
 *
 * @param at - The instant.
 * @param timeZone - IANA zone.
 * @returns `"HH:mm"` (00:00–23:59).
 *
 * @example
 * localTime('2026-03-01T20:00:00Z', 'Asia/Shanghai')
 * //=> '04:00'
 */
export function localTime(at: Instant, timeZone: string): string {
  const ms = toEpoch(at, 'at');
  assertTimeZone(timeZone, 'timeZone');
  return localTimeOf(ms, timeZone);
}
