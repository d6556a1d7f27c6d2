/**
 * Internal helpers of `kefu/time`: zone lookups, local-date stepping and argument checks.
 * Nothing here is exported from `kefu/time`, so it can change without a major version.
 */
// The subpath, not the barrel: @date-fns/tz declares no sideEffects, so its barrel keeps TZDate
// (a Date subclass whose prototype is filled in at load) in every bundle of kefu's root entry: 1.1 KB gz.
import { tzOffset } from '@date-fns/tz/tzOffset';
import { useEnglishZodMessages } from '../errors/zod-locale.js';

// Every kefu/time module imports this one, and reports zod issues in English.
useEnglishZodMessages();

/** Local periods `[start, end)` as `"HH:mm"` strings. */
type LocalPeriod = readonly [string, string];

export const HOUR_MS = 3_600_000;

/** Zones known valid: the runtime's canonical names, then each alias that passed the formatter. */
let validTimeZones: Set<string> | undefined;

/** Whether `timeZone` is a zone this runtime knows, checked with `Intl.DateTimeFormat`. */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  // Listing the canonical names costs ~2 ms, while the first Intl.DateTimeFormat loads ICU's
  // formatting data (~70–130 ms), which validating a policy need not pay. (kefu's import checks
  // no zone at all: the default policy is not parsed at import.) Aliases (`US/Eastern`,
  // `Etc/GMT+8`) still go through the formatter.
  if ((validTimeZones ??= new Set(Intl.supportedValuesOf?.('timeZone'))).has(timeZone)) return true;
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

/**
 * The JSON text of a value made of plain JSON values only (strings, finite numbers, booleans,
 * null, arrays, plain objects with no hidden properties — what a policy parsed from JSON holds),
 * else `undefined`. Such a value is fully described by its text, so the text can key what was
 * validated from it: a value edited in place has another text.
 */
export function plainJsonKey(value: object): string | undefined {
  return isPlainJson(value, 0) ? JSON.stringify(value) : undefined;
}

function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > 8) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      // A hidden (non-enumerable) property is read by a schema but not written by JSON.
      if (Object.getOwnPropertyNames(value).length !== Object.keys(value).length) return false;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) return false;
        if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return Object.getOwnPropertySymbols(value).length === 0;
    }
    default:
      return false;
  }
}

/** Whether `value` is plain JSON ({@link plainJsonKey}) frozen all the way down, with no accessors: it can never change. */
function isFrozenPlainJson(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return isPlainJson(value, depth);
  if (depth > 8 || !Object.isFrozen(value)) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isFrozenPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if (!descriptor.enumerable || !('value' in descriptor) || !isFrozenPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * What was validated from plain JSON values: by their text ({@link plainJsonKey}; bounded, cleared
 * when full), and by identity for a value frozen all the way down (the default policy's calendar
 * and quiet hours), which can never change. Anything else is never found nor stored.
 */
export class ContentMemo<T> {
  private readonly entries = new Map<string, T>();
  private readonly frozen = new WeakMap<object, T>();
  constructor(private readonly limit = 64) {}
  /** The value validated from `source` before, with the text key to store a new one under. */
  find(source: object): { readonly found: T | undefined; readonly key: string | undefined } {
    const known = this.frozen.get(source);
    if (known !== undefined) return { found: known, key: undefined };
    const key = plainJsonKey(source);
    const found = key === undefined ? undefined : this.entries.get(key);
    // First seen as this (frozen) object after an equal one: found by identity from now on.
    if (found !== undefined && Object.isFrozen(source) && isFrozenPlainJson(source, 0)) this.frozen.set(source, found);
    return { found, key };
  }
  /** Remember what was validated from `source` (whose text is `key`). */
  remember(source: object, key: string | undefined, value: T): void {
    if (key === undefined) return;
    if (isFrozenPlainJson(source, 0)) this.frozen.set(source, value);
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
  }
}

/** `typeof`, but telling `null` and arrays apart, for error messages. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A refused input as an error message shows it: a string quoted (cut at 40 characters, so a
 * megabyte of text is not copied into the message), anything else by its type. Never throws
 * (`JSON.stringify` does on a bigint or a cyclic object).
 */
export function shown(input: unknown): string {
  if (typeof input !== 'string') return typeOf(input);
  return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
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

/**
 * Local dates are `"YYYY-MM-DD"` with a four-digit year. Past year 9999 `toISOString()` writes
 * `+010000-01-01` and date-fns writes `10000-01-01`; a date cut or parsed from those named no
 * weekday, and a calendar walk from 9999-12-31 died with "periods is not iterable" inside a
 * machine's action. Every date helper refuses to leave the four-digit range instead.
 */
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function outOfRange(what: string): RangeError {
  return new RangeError(`date out of range: ${what} (kefu's dates run from year 0000 to 9999)`);
}

/**
 * `Date.UTC` without its two-digit-year rule: `Date.UTC(50, 0, 1)` is 1950-01-01, while kefu's
 * dates run from year 0000, so the year is set with `setUTCFullYear`, which takes it as given.
 * Months and days overflow as in `Date.UTC` (month 0-based).
 */
export function utcTime(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  d.setUTCHours(hours, minutes, seconds, ms);
  return d.getTime();
}

/** `"YYYY-MM-DD"` shifted by whole days: calendar-date arithmetic, no zone involved. */
export function shiftDate(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // UTC has no DST, so this is plain date arithmetic whatever the host zone is.
  const shifted = new Date(utcTime(year, month - 1, day + days));
  const y = shifted.getUTCFullYear();
  if (!Number.isFinite(shifted.getTime()) || y < 0 || y > 9999) throw outOfRange(`${date} shifted by ${days} days`);
  return shifted.toISOString().slice(0, 10);
}

/** Day of the week of a `"YYYY-MM-DD"` date, 0 = Sunday. */
export function dayOfWeek(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (Number.isNaN(day)) throw outOfRange(JSON.stringify(date));
  return day;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The wall clock of epoch ms in a (valid) zone, as a `Date` whose UTC fields are the zone's local
 * fields: exactly what `new TZDate(ms, timeZone)`'s getters read (its internal date, shifted by
 * the zone's offset in whole seconds, rounded as `TZDate` rounds it), with one `tzOffset` lookup
 * instead of `TZDate`'s two (its constructor also checks the zone at the current time). The
 * business calendar reads a wall clock for every date it walks.
 */
function wallClockOf(ms: number, timeZone: string): Date {
  const wall = new Date(ms);
  wall.setUTCSeconds(wall.getUTCSeconds() - Math.round(-tzOffset(timeZone, new Date(ms)) * 60));
  return wall;
}

/** The local date `"YYYY-MM-DD"` of epoch ms in a (valid) zone. */
export function localDateOf(ms: number, timeZone: string): string {
  // The zone's wall clock, read from UTC fields; date-fns' `format` would pull its whole
  // formatter and the en-US locale into every bundle for two fixed patterns.
  const local = wallClockOf(ms, timeZone);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  if (!LOCAL_DATE.test(date)) throw outOfRange(`${iso(ms)} in ${timeZone}`);
  return date;
}

/** The local time `"HH:mm"` of epoch ms in a (valid) zone. */
export function localTimeOf(ms: number, timeZone: string): string {
  const local = wallClockOf(ms, timeZone);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The instant at which the wall clock in `timeZone` shows the given local date and time.
 * A time that occurs twice (fall back) takes its first occurrence; a time that does not
 * exist (spring forward) moves forward by the gap, e.g. 02:30 becomes 03:30 — the rules
 * `TZDate` documents.
 *
 * Workaround: `new TZDate(y, m, d, h, min, zone)` picks the occurrence of a repeated time
 * according to the *host's* zone (date-fns/tz#40, open; also #25), so servers in different
 * zones would disagree. Offsets come from `tzOffset` instead, which reads `Intl` and does
 * not depend on the host zone.
 */
function wallToEpoch(
  date: string,
  hours: number,
  minutes: number,
  seconds: number,
  ms: number,
  timeZone: string,
): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // The wall-clock fields read as if they were UTC; the answer is `wall - offset`.
  const wall = utcTime(year, month - 1, day, hours, minutes, seconds, ms);
  const offsets = new Set(
    [wall - DAY_MS, wall, wall + DAY_MS].map((t) => tzOffset(timeZone, new Date(t))),
  );
  const candidates = [...offsets].map((offset) => wall - offset * MINUTE_MS);
  const valid = candidates.filter(
    (t) => tzOffset(timeZone, new Date(t)) * MINUTE_MS === wall - t,
  );
  return valid.length > 0 ? Math.min(...valid) : Math.max(...candidates);
}

/**
 * Memo of {@link localToEpoch} by zone, date and time. The answer depends on nothing else (the
 * runtime's zone rules do not change while it runs), and the same few local times (working
 * periods, quiet hours) come back for every instant of a day, each costing several `tzOffset`
 * (`Intl`) lookups. Bounded: cleared when full, so a long run does not grow it without end.
 */
const localToEpochMemo = new Map<string, number>();
const LOCAL_TO_EPOCH_MEMO_LIMIT = 4096;

/**
 * The epoch ms of a local date and `"HH:mm"` time in a zone, by {@link wallToEpoch}'s rules.
 * `"24:00"` is midnight ending the date.
 */
export function localToEpoch(date: string, time: string, timeZone: string): number {
  const key = `${timeZone}\u0000${date}\u0000${time}`;
  const known = localToEpochMemo.get(key);
  if (known !== undefined) return known;
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const ms = wallToEpoch(date, hours, minutes, 0, 0, timeZone);
  if (localToEpochMemo.size >= LOCAL_TO_EPOCH_MEMO_LIMIT) localToEpochMemo.clear();
  localToEpochMemo.set(key, ms);
  return ms;
}

/** The same local time of day as `ms`, on another local date, by {@link wallToEpoch}'s rules. */
export function sameLocalTimeOn(ms: number, date: string, timeZone: string): number {
  // Reading the wall clock (as TZDate's getters do) is host-independent; only building a
  // TZDate from wall-clock fields is not (see wallToEpoch).
  const local = wallClockOf(ms, timeZone);
  return wallToEpoch(
    date,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
    timeZone,
  );
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
