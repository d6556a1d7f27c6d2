/**
 * Internal helpers of `kefu/time`: zone lookups, local-date stepping and argument checks.
 * Nothing here is exported from `kefu/time`, so it can change without a major version.
 */
import { TZDate, tz } from '@date-fns/tz';
import { addDays, format, getDay } from 'date-fns';

/** Local periods `[start, end)` as `"HH:mm"` strings. */
type LocalPeriod = readonly [string, string];

export const HOUR_MS = 3_600_000;

const validTimeZones = new Set<string>();

/** Whether `timeZone` is a zone this runtime knows, checked with `Intl.DateTimeFormat`. */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  if (validTimeZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return false;
  }
  validTimeZones.add(timeZone);
  return true;
}

/** Throws unless `timeZone` is a known zone; the message names the argument. */
export function assertTimeZone(timeZone: unknown, name = 'timeZone'): asserts timeZone is string {
  if (typeof timeZone !== 'string') {
    throw new TypeError(
      `expected an IANA time zone name for argument "${name}", got ${typeOf(timeZone)}`,
    );
  }
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`invalid time zone ${JSON.stringify(timeZone)} for argument "${name}"`);
  }
}

/** `typeof`, but telling `null` and arrays apart, for error messages. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Throws unless `value` is a finite number. */
export function assertNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`expected a number for argument "${name}", got ${typeOf(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`invalid number ${String(value)} for argument "${name}"`);
  }
}

/** Throws unless `value` is a finite number `>= 0`. */
export function assertNonNegative(value: unknown, name: string): asserts value is number {
  assertNumber(value, name);
  if (value < 0) {
    throw new RangeError(`expected a number >= 0 for argument "${name}", got ${value}`);
  }
}

/** Throws unless `value` is a whole number (and `>= 0` when asked). */
export function assertInteger(
  value: unknown,
  name: string,
  nonNegative: boolean,
): asserts value is number {
  assertNumber(value, name);
  if (!Number.isInteger(value) || (nonNegative && value < 0)) {
    const expected = nonNegative ? 'a whole number >= 0' : 'a whole number';
    throw new RangeError(`expected ${expected} for argument "${name}", got ${value}`);
  }
}

const inUtc = tz('UTC');

/** `"YYYY-MM-DD"` shifted by whole days: calendar-date arithmetic, no zone involved. */
export function shiftDate(date: string, days: number): string {
  return format(addDays(`${date}T00:00:00Z`, days, { in: inUtc }), 'yyyy-MM-dd');
}

/** Day of the week of a `"YYYY-MM-DD"` date, 0 = Sunday. */
export function dayOfWeek(date: string): number {
  return getDay(`${date}T00:00:00Z`, { in: inUtc });
}

/** The local date `"YYYY-MM-DD"` of epoch ms in a (valid) zone. */
export function localDateOf(ms: number, timeZone: string): string {
  return format(ms, 'yyyy-MM-dd', { in: tz(timeZone) });
}

/** The local time `"HH:mm"` of epoch ms in a (valid) zone. */
export function localTimeOf(ms: number, timeZone: string): string {
  return format(ms, 'HH:mm', { in: tz(timeZone) });
}

/**
 * The epoch ms of a local date and `"HH:mm"` time in a zone. A time that does not exist
 * (inside a spring-forward gap) moves forward by the gap and an ambiguous one (fall-back)
 * takes its first occurrence: `TZDate`'s rules. `"24:00"` is midnight ending the date.
 */
export function localToEpoch(date: string, time: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new TZDate(year, month - 1, day, hours, minutes, timeZone).getTime();
}

/**
 * The same local time of day as `ms`, on another local date: DST-correct because `TZDate`
 * resolves the wall-clock time on the target date itself.
 */
export function sameLocalTimeOn(ms: number, date: string, timeZone: string): number {
  const local = new TZDate(ms, timeZone);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(
    year,
    month - 1,
    day,
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
    local.getMilliseconds(),
    timeZone,
  ).getTime();
}

/**
 * Local periods on one local date as instants `[start, end)` in epoch ms, in order. A
 * period that vanishes in a DST gap is dropped.
 */
export function periodsToIntervals(
  periods: readonly LocalPeriod[],
  date: string,
  timeZone: string,
): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  for (const [start, end] of periods) {
    const from = localToEpoch(date, start, timeZone);
    const to = localToEpoch(date, end, timeZone);
    if (to > from) intervals.push([from, to]);
  }
  return intervals;
}

/** Epoch ms to the public output form. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
