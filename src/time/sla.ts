/**
 * SLA clocks as plain JSON data: a start, a due time, and the pauses in between.
 *
 * A clock is a value, not a timer: every operation takes the current time as an argument and
 * returns a new clock (JSON-safe, time passed in, deadlines as data), so it can sit in machine context, be stored
 * with the case, and be handed to a durable scheduler as an absolute due time.
 *
 * Two modes:
 * - `'calendar'`: elapsed time counts, nights and weekends included.
 * - `'business'`: only working time of a {@link BusinessCalendar} counts. The calendar is
 *   not stored in the clock (hosts keep one calendar, not a copy per case), so operations
 *   that need it take it as an option.
 */
import * as z from 'zod/mini';
import {
  addWorkingMs,
  type BusinessCalendar,
  resolveCalendar,
  type ResolvedCalendar,
  workingMsBetween,
} from './calendar.js';
import { type Instant, toEpoch } from './instant.js';
import { assertNonNegative, iso, shown, typeOf } from './internal.js';

/** How an SLA clock counts time: every elapsed ms, or only working time. */
export type SlaMode = 'calendar' | 'business';

/** An SLA clock, JSON-safe. Instants are ISO-8601 strings in UTC. */
export interface SlaClock {
  /** When the clock started. */
  startedAt: string;
  /** When the SLA is breached; moves later when a pause ends. */
  dueAt: string;
  /** Whether elapsed or only working time counts. */
  mode: SlaMode;
  /** Set while the clock is paused (e.g. waiting on the customer). */
  pausedAt?: string;
  /** Total elapsed (wall-clock) ms of the finished pauses. */
  pausedMs: number;
  /** The finished pauses, oldest first. */
  pauses: Array<{ from: string; to: string }>;
  /**
   * Set by {@link StartSlaOptions.maxHours}: the most elapsed ms the clock may run, pauses
   * added back. `dueAt` is never later than `startedAt + maxElapsedMs + pausedMs`.
   */
  maxElapsedMs?: number;
  /** With `maxElapsedMs`: the due time by the clock's own measure, before that limit. */
  ownDueAt?: string;
}

const ClockInstantSchema = z.string().check(
  z.refine((value) => {
    try {
      toEpoch(value);
      return true;
    } catch {
      return false;
    }
  }, { error: (issue) => `invalid instant ${shown(issue.input)}` }),
);

/**
 * Validates an {@link SlaClock} read back from storage or an event.
 *
 * @example
 * SlaClockSchema.safeParse({
 *   startedAt: '2026-03-02T01:00:00.000Z',
 *   dueAt: '2026-03-02T05:00:00.000Z',
 *   mode: 'calendar',
 *   pausedMs: 0,
 *   pauses: [],
 * }).success
 * //=> true
 */
export const SlaClockSchema = z.strictObject({
  startedAt: ClockInstantSchema,
  dueAt: ClockInstantSchema,
  mode: z.enum(['calendar', 'business']),
  pausedAt: z.optional(ClockInstantSchema),
  pausedMs: z.number().check(z.nonnegative()),
  pauses: z.array(z.strictObject({ from: ClockInstantSchema, to: ClockInstantSchema })),
  maxElapsedMs: z.optional(z.number().check(z.positive())),
  ownDueAt: z.optional(ClockInstantSchema),
}) satisfies z.ZodMiniType<SlaClock>;

/** Options of {@link startSla}. The duration is the sum of `hours`, `minutes` and `seconds`. */
export interface StartSlaOptions {
  /** Hours on the clock (working hours in business mode); fractions allowed. */
  hours?: number;
  /** Minutes on the clock. */
  minutes?: number;
  /** Seconds on the clock. */
  seconds?: number;
  /**
   * Whether elapsed or only working time counts.
   * @default 'calendar'
   */
  mode?: SlaMode;
  /** The business calendar; required in business mode, ignored in calendar mode. */
  calendar?: BusinessCalendar;
  /**
   * A wall-clock limit: the clock is due no later than this many elapsed hours after the start,
   * whatever its mode, pauses added back (MAIL-24H: 24 working hours from Friday 17:00 would be
   * the next Thursday; with `maxHours: 24` the mail is due Saturday 17:00).
   * @default no limit
   */
  maxHours?: number;
}

/** Options of {@link resumeSla}. */
export interface ResumeSlaOptions {
  /** The business calendar; required for a business-mode clock. */
  calendar?: BusinessCalendar;
}

/** Options of {@link slaStatus}. */
export interface SlaStatusOptions {
  /**
   * Remaining time, in the clock's own time (working ms in business mode), at or under
   * which a running clock is `'due-soon'`.
   * @default 20% of the clock's duration, pauses not included
   */
  dueSoonMs?: number;
  /** The business calendar; required for a business-mode clock. */
  calendar?: BusinessCalendar;
}

/** Options of {@link stopSla}. */
export interface StopSlaOptions {
  /** The business calendar; required for a business-mode clock. */
  calendar?: BusinessCalendar;
}

/** Where an SLA clock stands. */
export type SlaState = 'running' | 'paused' | 'due-soon' | 'overdue';

/** The result of {@link slaStatus}. */
export interface SlaStatus {
  /** `'paused'` while paused, whatever the remaining time; `'overdue'` once past `dueAt`. */
  state: SlaState;
  /** Time left until `dueAt`, frozen while paused; `0` once due. */
  remainingMs: number;
  /** Time since `dueAt` (frozen while paused); `0` until then. */
  overdueMs: number;
}

/** The result of {@link stopSla}. */
export interface SlaOutcome {
  /** Whether the clock stopped no later than its due time. */
  met: boolean;
  /** Time counted on the clock, pauses excluded. */
  elapsedMs: number;
  /** How late the clock stopped; `0` when met. */
  overdueMs: number;
}

function parseClock(clock: unknown): SlaClock {
  if (clock === null || typeof clock !== 'object' || Array.isArray(clock)) {
    throw new TypeError(`expected an SLA clock for argument "clock", got ${typeOf(clock)}`);
  }
  const result = SlaClockSchema.safeParse(clock);
  if (!result.success) {
    throw new RangeError(
      `invalid SLA clock for argument "clock":\n${z.prettifyError(result.error)}`,
      { cause: result.error },
    );
  }
  return result.data;
}

/** The calendar a business clock needs, or `undefined` for a calendar clock. */
function calendarFor(
  mode: SlaMode,
  calendar: BusinessCalendar | undefined,
  fn: string,
): ResolvedCalendar | undefined {
  if (mode !== 'business') return undefined;
  if (calendar === undefined) {
    throw new TypeError(
      `${fn}: a business-mode SLA clock needs a business calendar in argument "options.calendar"`,
    );
  }
  return resolveCalendar(calendar, 'options.calendar');
}

/**
 * Measures `[from, to)` in the clock's own time: elapsed ms, or working ms with a calendar.
 * `0` when `to` is not after `from`.
 */
function measure(resolved: ResolvedCalendar | undefined, from: number, to: number): number {
  if (to <= from) return 0;
  return resolved ? workingMsBetween(resolved, from, to) : to - from;
}

/** The clock's measure of each finished pause, clipped to end by `until`. */
function pausedMeasure(clock: SlaClock, resolved: ResolvedCalendar | undefined, until = Infinity): number {
  let paused = 0;
  for (const pause of clock.pauses) {
    paused += measure(resolved, toEpoch(pause.from), Math.min(toEpoch(pause.to), until));
  }
  return paused;
}

/**
 * The clock's own duration, as started: every resume pushed `dueAt` back by exactly the
 * pause's measure, so taking the pauses off the span gives it back.
 */
function durationMs(clock: SlaClock, resolved: ResolvedCalendar | undefined): number {
  const span = measure(resolved, toEpoch(clock.startedAt), toEpoch(clock.dueAt));
  return Math.max(0, span - pausedMeasure(clock, resolved));
}

/**
 * Starts an SLA clock: due `hours + minutes + seconds` later, counting elapsed time, or only
 * working time in business mode (`addWorkingHours`, so a clock started at night is due
 * counted from the next working period).
 *
 * @param at - When the clock starts.
 * @param options - The duration, the mode and (business mode) the calendar.
 * @returns A new running clock.
 * @throws {TypeError} When no duration is given, or business mode lacks a calendar.
 * @throws {RangeError} When the duration is not positive or a part is negative.
 *
 * @example
 * startSla('2026-03-02T09:00:00+08:00', { hours: 4 })
 * //=> { startedAt: '2026-03-02T01:00:00.000Z', dueAt: '2026-03-02T05:00:00.000Z',
 * //     mode: 'calendar', pausedMs: 0, pauses: [] }
 * startSla('2026-03-02T11:00:00+08:00', { hours: 2, mode: 'business', calendar: defaultCalendar }).dueAt
 * //=> '2026-03-02T07:00:00.000Z' (15:00 in Shanghai, after lunch)
 * startSla('2026-03-06T17:00:00+08:00', { hours: 24, mode: 'business', calendar: defaultCalendar, maxHours: 24 }).dueAt
 * //=> '2026-03-07T09:00:00.000Z' (Saturday 17:00: 24 elapsed hours come before 24 working hours)
 */
export function startSla(at: Instant, options: StartSlaOptions): SlaClock {
  const start = toEpoch(at, 'at');
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`expected an options object for argument "options", got ${typeOf(options)}`);
  }
  const { hours, minutes, seconds, mode = 'calendar', calendar, maxHours } = options;
  if (hours === undefined && minutes === undefined && seconds === undefined) {
    throw new TypeError('startSla needs a duration: set "options.hours", "options.minutes" or "options.seconds"');
  }
  if (mode !== 'calendar' && mode !== 'business') {
    throw new RangeError(`invalid SLA mode ${JSON.stringify(mode)} for argument "options.mode"`);
  }
  let durationMs = 0;
  for (const [name, value, unit] of [
    ['options.hours', hours, 3_600_000],
    ['options.minutes', minutes, 60_000],
    ['options.seconds', seconds, 1_000],
  ] as const) {
    if (value === undefined) continue;
    assertNonNegative(value, name);
    durationMs += value * unit;
  }
  durationMs = Math.round(durationMs);
  if (durationMs <= 0) {
    throw new RangeError('the SLA duration in "options" must be positive');
  }
  let maxElapsedMs: number | undefined;
  if (maxHours !== undefined) {
    assertNonNegative(maxHours, 'options.maxHours');
    maxElapsedMs = Math.round(maxHours * 3_600_000);
    if (maxElapsedMs <= 0) throw new RangeError('"options.maxHours" must be positive');
  }
  const resolved = calendarFor(mode, calendar, 'startSla');
  const due = resolved ? addWorkingMs(resolved, start, durationMs) : start + durationMs;
  const clock: SlaClock = { startedAt: iso(start), dueAt: iso(due), mode, pausedMs: 0, pauses: [] };
  return maxElapsedMs === undefined ? clock : limited(clock, maxElapsedMs, due);
}

/** A clock whose due time is its own due time, or its wall-clock limit when that comes first. */
function limited(clock: SlaClock, maxElapsedMs: number, ownDue: number): SlaClock {
  const limit = toEpoch(clock.startedAt) + maxElapsedMs + clock.pausedMs;
  return { ...clock, dueAt: iso(Math.min(ownDue, limit)), maxElapsedMs, ownDueAt: iso(ownDue) };
}

/**
 * Pauses a running clock (e.g. while waiting on the customer).
 *
 * @param clock - A running clock.
 * @param at - When the pause starts; not before the clock started or last resumed.
 * @returns A new, paused clock.
 * @throws {TypeError} When the clock is already paused.
 * @throws {RangeError} When `at` is before the clock started or was last resumed.
 *
 * @example
 * const clock = startSla('2026-03-02T09:00:00+08:00', { hours: 4 });
 * pauseSla(clock, '2026-03-02T10:00:00+08:00').pausedAt
 * //=> '2026-03-02T02:00:00.000Z'
 */
export function pauseSla(clock: SlaClock, at: Instant): SlaClock {
  const current = parseClock(clock);
  const ms = toEpoch(at, 'at');
  if (current.pausedAt !== undefined) {
    throw new TypeError(`the SLA clock in argument "clock" is already paused (since ${current.pausedAt})`);
  }
  const lastPause = current.pauses[current.pauses.length - 1];
  const earliest = lastPause ? toEpoch(lastPause.to) : toEpoch(current.startedAt);
  if (ms < earliest) {
    throw new RangeError(
      `argument "at" (${iso(ms)}) is before the clock ${lastPause ? 'last resumed' : 'started'} (${iso(earliest)})`,
    );
  }
  return { ...current, pausedAt: iso(ms) };
}

/**
 * Resumes a paused clock and adds the paused time back to its due time. In business mode
 * only the *working* time spent paused is added back, as working hours after the old due
 * time (a pause over a weekend costs nothing). A wall-clock limit (`maxHours`) moves by the
 * elapsed time of the pause.
 *
 * @param clock - A paused clock.
 * @param at - When the pause ends; not before it started.
 * @param options - The calendar, required for a business-mode clock.
 * @returns A new running clock with the pause recorded.
 * @throws {TypeError} When the clock is not paused, or a business clock gets no calendar.
 * @throws {RangeError} When `at` is before the pause started.
 *
 * @example
 * const paused = pauseSla(startSla('2026-03-02T09:00:00+08:00', { hours: 4 }), '2026-03-02T10:00:00+08:00');
 * resumeSla(paused, '2026-03-02T10:30:00+08:00')
 * //=> { startedAt: '2026-03-02T01:00:00.000Z', dueAt: '2026-03-02T05:30:00.000Z', mode: 'calendar',
 * //     pausedMs: 1800000, pauses: [{ from: '2026-03-02T02:00:00.000Z', to: '2026-03-02T02:30:00.000Z' }] }
 */
export function resumeSla(clock: SlaClock, at: Instant, options: ResumeSlaOptions = {}): SlaClock {
  const current = parseClock(clock);
  const ms = toEpoch(at, 'at');
  if (current.pausedAt === undefined) {
    throw new TypeError('the SLA clock in argument "clock" is not paused');
  }
  const pausedAt = toEpoch(current.pausedAt);
  if (ms < pausedAt) {
    throw new RangeError(`argument "at" (${iso(ms)}) is before the pause started (${current.pausedAt})`);
  }
  const resolved = calendarFor(current.mode, options.calendar, 'resumeSla');
  const oldDue = toEpoch(current.ownDueAt ?? current.dueAt);
  const dueAt = resolved
    ? addWorkingMs(resolved, oldDue, workingMsBetween(resolved, pausedAt, ms))
    : oldDue + (ms - pausedAt);
  const { pausedAt: _resumed, ...rest } = current;
  const resumed: SlaClock = {
    ...rest,
    dueAt: iso(dueAt),
    pausedMs: current.pausedMs + (ms - pausedAt),
    pauses: [...current.pauses, { from: iso(pausedAt), to: iso(ms) }],
  };
  return current.maxElapsedMs === undefined ? resumed : limited(resumed, current.maxElapsedMs, dueAt);
}

/**
 * Where a clock stands at an instant: `'running'`, `'due-soon'` (remaining at or under
 * `dueSoonMs`), `'overdue'` (past `dueAt`) or `'paused'`. A paused clock reports the
 * remaining and overdue time frozen at the pause. In business mode the times are working
 * ms, so a clock that went overdue at 18:00 is still overdue by 0 ms that evening.
 *
 * @param clock - The clock.
 * @param at - The current time.
 * @param options - The due-soon threshold; the calendar, required for a business-mode clock.
 *
 * @example
 * const clock = startSla('2026-03-02T09:00:00+08:00', { hours: 4 }); // due 13:00
 * slaStatus(clock, '2026-03-02T12:30:00+08:00')
 * //=> { state: 'due-soon', remainingMs: 1800000, overdueMs: 0 }
 * slaStatus(clock, '2026-03-02T13:00:01+08:00')
 * //=> { state: 'overdue', remainingMs: 0, overdueMs: 1000 }
 */
export function slaStatus(clock: SlaClock, at: Instant, options: SlaStatusOptions = {}): SlaStatus {
  const current = parseClock(clock);
  const ms = toEpoch(at, 'at');
  const resolved = calendarFor(current.mode, options.calendar, 'slaStatus');
  const due = toEpoch(current.dueAt);
  const now = current.pausedAt === undefined ? ms : toEpoch(current.pausedAt);
  const remainingMs = measure(resolved, now, due);
  const overdueMs = measure(resolved, due, now);

  let dueSoonMs = options.dueSoonMs;
  if (dueSoonMs === undefined) {
    dueSoonMs = Math.round(0.2 * durationMs(current, resolved));
  } else {
    assertNonNegative(dueSoonMs, 'options.dueSoonMs');
  }

  let state: SlaState;
  if (current.pausedAt !== undefined) state = 'paused';
  else if (now > due) state = 'overdue';
  else if (remainingMs <= dueSoonMs) state = 'due-soon';
  else state = 'running';
  return { state, remainingMs, overdueMs };
}

/**
 * Stops a clock (the case is resolved) and says whether the SLA was met. A clock stopped
 * while paused counts only up to its pause, so it is met when it was not overdue then.
 *
 * @param clock - The clock.
 * @param at - When the clock stops; not before it started.
 * @param options - The calendar, required for a business-mode clock.
 * @returns `met`, the time counted on the clock (pauses excluded) and how late it stopped.
 *
 * @example
 * const clock = startSla('2026-03-02T09:00:00+08:00', { hours: 4 });
 * stopSla(clock, '2026-03-02T12:00:00+08:00')
 * //=> { met: true, elapsedMs: 10800000, overdueMs: 0 }
 */
export function stopSla(clock: SlaClock, at: Instant, options: StopSlaOptions = {}): SlaOutcome {
  const current = parseClock(clock);
  const ms = toEpoch(at, 'at');
  const started = toEpoch(current.startedAt);
  if (ms < started) {
    throw new RangeError(`argument "at" (${iso(ms)}) is before the clock started (${current.startedAt})`);
  }
  const resolved = calendarFor(current.mode, options.calendar, 'stopSla');
  const end = current.pausedAt === undefined ? ms : toEpoch(current.pausedAt);
  const due = toEpoch(current.dueAt);
  return {
    met: end <= due,
    elapsedMs: Math.max(0, measure(resolved, started, end) - pausedMeasure(current, resolved, end)),
    overdueMs: measure(resolved, due, end),
  };
}
