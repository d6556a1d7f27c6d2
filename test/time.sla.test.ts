import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type SlaClock,
  type SlaStatus,
  SlaClockSchema,
  addCalendarHours,
  defaultCalendar,
  pauseSla,
  resumeSla,
  slaStatus,
  startSla,
  stopSla,
} from 'kefu/time';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** `iso` shifted by `ms`, as an ISO string. */
const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('documented examples', () => {
  it('startSla: documented example', () => {
    expect(startSla('2026-03-02T09:00:00+08:00', { hours: 4 })).toEqual({
      startedAt: '2026-03-02T01:00:00.000Z',
      dueAt: '2026-03-02T05:00:00.000Z',
      mode: 'calendar',
      pausedMs: 0,
      pauses: [],
    });
    expect(
      startSla('2026-03-02T11:00:00+08:00', { hours: 2, mode: 'business', calendar: defaultCalendar })
        .dueAt,
    ).toBe('2026-03-02T07:00:00.000Z');
  });

  it('pauseSla: documented example', () => {
    const clock = startSla('2026-03-02T09:00:00+08:00', { hours: 4 });
    expect(pauseSla(clock, '2026-03-02T10:00:00+08:00').pausedAt).toBe('2026-03-02T02:00:00.000Z');
  });

  it('resumeSla: documented example', () => {
    const paused = pauseSla(
      startSla('2026-03-02T09:00:00+08:00', { hours: 4 }),
      '2026-03-02T10:00:00+08:00',
    );
    expect(resumeSla(paused, '2026-03-02T10:30:00+08:00')).toEqual({
      startedAt: '2026-03-02T01:00:00.000Z',
      dueAt: '2026-03-02T05:30:00.000Z',
      mode: 'calendar',
      pausedMs: 1_800_000,
      pauses: [{ from: '2026-03-02T02:00:00.000Z', to: '2026-03-02T02:30:00.000Z' }],
    });
  });

  it('slaStatus: documented example', () => {
    const clock = startSla('2026-03-02T09:00:00+08:00', { hours: 4 });
    expect(slaStatus(clock, '2026-03-02T12:30:00+08:00')).toEqual({
      state: 'due-soon',
      remainingMs: 1_800_000,
      overdueMs: 0,
    });
    expect(slaStatus(clock, '2026-03-02T13:00:01+08:00')).toEqual({
      state: 'overdue',
      remainingMs: 0,
      overdueMs: 1000,
    });
    expectTypeOf(slaStatus).returns.toEqualTypeOf<SlaStatus>();
  });

  it('stopSla: documented example', () => {
    const clock = startSla('2026-03-02T09:00:00+08:00', { hours: 4 });
    expect(stopSla(clock, '2026-03-02T12:00:00+08:00')).toEqual({
      met: true,
      elapsedMs: 10_800_000,
      overdueMs: 0,
    });
  });

  it('SlaClockSchema: documented example', () => {
    expect(
      SlaClockSchema.safeParse({
        startedAt: '2026-03-02T01:00:00.000Z',
        dueAt: '2026-03-02T05:00:00.000Z',
        mode: 'calendar',
        pausedMs: 0,
        pauses: [],
      }).success,
    ).toBe(true);
  });
});

describe('startSla', () => {
  it('adds hours, minutes and seconds together', () => {
    const clock = startSla(0, { hours: 1, minutes: 30, seconds: 15 });
    expect(clock.dueAt).toBe('1970-01-01T01:30:15.000Z');
    expect(startSla(0, { minutes: 0.5 }).dueAt).toBe('1970-01-01T00:00:30.000Z');
  });

  it('business mode counts working hours from the next working moment', () => {
    // Saturday night: 8 working hours run Monday 09:00–12:00, 14:00–18:00, Tuesday 09:00–10:00.
    const clock = startSla('2026-03-07T22:00:00+08:00', {
      hours: 8,
      mode: 'business',
      calendar: defaultCalendar,
    });
    expect(clock).toEqual({
      startedAt: '2026-03-07T14:00:00.000Z',
      dueAt: '2026-03-10T02:00:00.000Z',
      mode: 'business',
      pausedMs: 0,
      pauses: [],
    });
  });

  it('rejects a missing or bad duration, a business clock without calendar, and a bad instant', () => {
    expect(() => startSla(0, {})).toThrow(TypeError);
    expect(() => startSla(0, { hours: 0 })).toThrow(
      new RangeError('the SLA duration in "options" must be positive'),
    );
    expect(() => startSla(0, { hours: 2, minutes: -5 })).toThrow(
      new RangeError('expected a number >= 0 for argument "options.minutes", got -5'),
    );
    expect(() => startSla(0, { hours: 2, mode: 'business' })).toThrow(
      new TypeError(
        'startSla: a business-mode SLA clock needs a business calendar in argument "options.calendar"',
      ),
    );
    expect(() => startSla('yesterday', { hours: 2 })).toThrow(
      new RangeError('invalid instant "yesterday" for argument "at"'),
    );
  });

  it('a clock survives a JSON round trip', () => {
    let clock = startSla('2026-03-02T09:00:00+08:00', { hours: 4 });
    clock = pauseSla(clock, '2026-03-02T10:00:00+08:00');
    const restored: SlaClock = SlaClockSchema.parse(JSON.parse(JSON.stringify(clock)));
    expect(restored).toEqual(clock);
    expect(resumeSla(restored, '2026-03-02T11:00:00+08:00').dueAt).toBe('2026-03-02T06:00:00.000Z');
  });
});

describe('pause and resume', () => {
  it('calendar mode adds the paused time back to the due time', () => {
    let clock = startSla('2026-03-02T00:00:00Z', { hours: 10 }); // due 10:00Z
    clock = pauseSla(clock, '2026-03-02T02:00:00Z');
    expect(clock.dueAt).toBe('2026-03-02T10:00:00.000Z');
    clock = resumeSla(clock, '2026-03-02T05:00:00Z');
    expect(clock.dueAt).toBe('2026-03-02T13:00:00.000Z');
    expect(clock.pausedAt).toBeUndefined();
    expect('pausedAt' in clock).toBe(false);

    clock = resumeSla(pauseSla(clock, '2026-03-02T06:00:00Z'), '2026-03-02T06:30:00Z');
    expect(clock).toEqual({
      startedAt: '2026-03-02T00:00:00.000Z',
      dueAt: '2026-03-02T13:30:00.000Z',
      mode: 'calendar',
      pausedMs: 3.5 * HOUR,
      pauses: [
        { from: '2026-03-02T02:00:00.000Z', to: '2026-03-02T05:00:00.000Z' },
        { from: '2026-03-02T06:00:00.000Z', to: '2026-03-02T06:30:00.000Z' },
      ],
    });
    expect(stopSla(clock, '2026-03-02T13:30:00Z')).toEqual({
      met: true,
      elapsedMs: 10 * HOUR,
      overdueMs: 0,
    });
  });

  it('business mode adds back only the paused working time, after the old due time', () => {
    const options = { calendar: defaultCalendar };
    // Monday 16:00 + 4 working hours: 16:00–18:00, then Tuesday 09:00–11:00.
    let clock = startSla('2026-03-02T16:00:00+08:00', { hours: 4, mode: 'business', ...options });
    expect(clock.dueAt).toBe('2026-03-03T03:00:00.000Z');
    // Paused Monday 17:00 to Tuesday 10:00: 2 working hours (17–18, 09–10), 17 elapsed.
    clock = pauseSla(clock, '2026-03-02T17:00:00+08:00');
    clock = resumeSla(clock, '2026-03-03T10:00:00+08:00', options);
    // Old due Tuesday 11:00 + 2 working hours: 11:00–12:00, 14:00–15:00.
    expect(clock.dueAt).toBe('2026-03-03T07:00:00.000Z');
    expect(clock.pausedMs).toBe(17 * HOUR);
    expect(clock.pauses).toEqual([
      { from: '2026-03-02T09:00:00.000Z', to: '2026-03-03T02:00:00.000Z' },
    ]);
    expect(stopSla(clock, '2026-03-03T15:00:00+08:00', options)).toEqual({
      met: true,
      elapsedMs: 4 * HOUR,
      overdueMs: 0,
    });
  });

  it('business mode: a pause outside working hours costs nothing', () => {
    const options = { calendar: defaultCalendar };
    const clock = startSla('2026-03-06T17:00:00+08:00', { hours: 2, mode: 'business', ...options });
    expect(clock.dueAt).toBe('2026-03-09T02:00:00.000Z'); // Monday 10:00
    const paused = pauseSla(clock, '2026-03-06T18:30:00+08:00');
    const resumed = resumeSla(paused, '2026-03-09T08:30:00+08:00', options);
    expect(resumed.dueAt).toBe(clock.dueAt);
    expect(resumed.pausedMs).toBe(62 * HOUR);
  });

  it('a paused clock reports "paused" with the remaining time frozen at the pause', () => {
    const clock = pauseSla(startSla('2026-03-02T00:00:00Z', { hours: 10 }), '2026-03-02T07:00:00Z');
    const frozen = { state: 'paused', remainingMs: 3 * HOUR, overdueMs: 0 };
    expect(slaStatus(clock, '2026-03-02T07:00:00Z')).toEqual(frozen);
    expect(slaStatus(clock, '2026-03-02T09:59:00Z')).toEqual(frozen);
    expect(slaStatus(clock, '2026-03-05T00:00:00Z')).toEqual(frozen);

    const pausedLate = pauseSla(startSla('2026-03-02T00:00:00Z', { hours: 10 }), '2026-03-02T11:00:00Z');
    expect(slaStatus(pausedLate, '2026-03-09T00:00:00Z')).toEqual({
      state: 'paused',
      remainingMs: 0,
      overdueMs: HOUR,
    });
  });

  it('refuses to pause twice, to resume a running clock, and to go back in time', () => {
    const clock = startSla('2026-03-02T00:00:00Z', { hours: 10 });
    const paused = pauseSla(clock, '2026-03-02T02:00:00Z');
    expect(() => pauseSla(paused, '2026-03-02T03:00:00Z')).toThrow(
      new TypeError('the SLA clock in argument "clock" is already paused (since 2026-03-02T02:00:00.000Z)'),
    );
    expect(() => resumeSla(clock, '2026-03-02T03:00:00Z')).toThrow(
      new TypeError('the SLA clock in argument "clock" is not paused'),
    );
    expect(() => resumeSla(paused, '2026-03-02T01:00:00Z')).toThrow(RangeError);
    expect(() => pauseSla(clock, '2026-03-01T23:00:00Z')).toThrow(RangeError);
    const resumed = resumeSla(paused, '2026-03-02T04:00:00Z');
    expect(() => pauseSla(resumed, '2026-03-02T03:00:00Z')).toThrow(/last resumed/);
  });

  it('a business clock needs the calendar to resume, report and stop', () => {
    const clock = startSla('2026-03-02T10:00:00+08:00', {
      hours: 1,
      mode: 'business',
      calendar: defaultCalendar,
    });
    const paused = pauseSla(clock, '2026-03-02T10:30:00+08:00');
    expect(() => resumeSla(paused, '2026-03-02T11:00:00+08:00')).toThrow(TypeError);
    expect(() => slaStatus(clock, '2026-03-02T10:30:00+08:00')).toThrow(/options\.calendar/);
    expect(() => stopSla(clock, '2026-03-02T10:30:00+08:00')).toThrow(/options\.calendar/);
  });

  it('rejects a clock that is not a valid clock, naming the argument', () => {
    const bad = { ...startSla(0, { hours: 1 }), dueAt: 'tomorrow' };
    expect(() => slaStatus(bad, 0)).toThrow(RangeError);
    expect(() => slaStatus(bad, 0)).toThrow(/invalid SLA clock for argument "clock"[\s\S]*at dueAt/);
    expect(() => slaStatus(undefined as unknown as SlaClock, 0)).toThrow(TypeError);
  });
});

describe('status transitions around the due time', () => {
  // 10 hours from 00:00Z: due 10:00Z; due-soon by default in the last 20% (2 hours).
  const clock = startSla('2026-03-02T00:00:00Z', { hours: 10 });
  const dueAt = clock.dueAt;

  it('running → due-soon → overdue, stepping just before and after each edge', () => {
    expect(slaStatus(clock, '2026-03-02T00:00:00Z').state).toBe('running');
    expect(slaStatus(clock, shift(dueAt, -2 * HOUR - 1))).toEqual({
      state: 'running',
      remainingMs: 2 * HOUR + 1,
      overdueMs: 0,
    });
    expect(slaStatus(clock, shift(dueAt, -2 * HOUR))).toEqual({
      state: 'due-soon',
      remainingMs: 2 * HOUR,
      overdueMs: 0,
    });
    expect(slaStatus(clock, shift(dueAt, -1)).state).toBe('due-soon');
    expect(slaStatus(clock, dueAt)).toEqual({ state: 'due-soon', remainingMs: 0, overdueMs: 0 });
    expect(slaStatus(clock, shift(dueAt, 1))).toEqual({
      state: 'overdue',
      remainingMs: 0,
      overdueMs: 1,
    });
  });

  it('stopSla: met exactly at the due time, missed a millisecond later', () => {
    expect(stopSla(clock, dueAt)).toEqual({ met: true, elapsedMs: 10 * HOUR, overdueMs: 0 });
    expect(stopSla(clock, shift(dueAt, 1))).toEqual({
      met: false,
      elapsedMs: 10 * HOUR + 1,
      overdueMs: 1,
    });
  });

  it('a custom dueSoonMs moves the due-soon edge', () => {
    const options = { dueSoonMs: 15 * MINUTE };
    expect(slaStatus(clock, shift(dueAt, -15 * MINUTE - 1), options).state).toBe('running');
    expect(slaStatus(clock, shift(dueAt, -15 * MINUTE), options).state).toBe('due-soon');
    expect(slaStatus(clock, dueAt, { dueSoonMs: 0 }).state).toBe('due-soon');
    expect(() => slaStatus(clock, dueAt, { dueSoonMs: -1 })).toThrow(/options\.dueSoonMs/);
  });

  it('after a pause the default threshold is still 20% of the original duration', () => {
    const resumed = resumeSla(pauseSla(clock, '2026-03-02T01:00:00Z'), '2026-03-02T06:00:00Z');
    expect(resumed.dueAt).toBe('2026-03-02T15:00:00.000Z');
    expect(slaStatus(resumed, '2026-03-02T12:59:59.999Z').state).toBe('running');
    expect(slaStatus(resumed, '2026-03-02T13:00:00Z').state).toBe('due-soon');
    expect(slaStatus(resumed, '2026-03-02T15:00:00.001Z').state).toBe('overdue');
  });

  it('a pause taken while overdue freezes the lateness, and resuming keeps it', () => {
    const late = pauseSla(clock, '2026-03-02T11:00:00Z');
    const resumed = resumeSla(late, '2026-03-02T14:00:00Z');
    expect(resumed.dueAt).toBe('2026-03-02T13:00:00.000Z');
    expect(slaStatus(resumed, '2026-03-02T14:00:00Z')).toEqual({
      state: 'overdue',
      remainingMs: 0,
      overdueMs: HOUR,
    });
    // The threshold is unchanged by a pause that starts after the due time.
    const early = resumeSla(pauseSla(clock, '2026-03-02T01:00:00Z'), '2026-03-02T02:00:00Z');
    const again = resumeSla(pauseSla(early, '2026-03-02T12:00:00Z'), '2026-03-02T14:00:00Z');
    expect(again.dueAt).toBe('2026-03-02T13:00:00.000Z');
    expect(slaStatus(again, addCalendarHours(again.dueAt, -2)).state).toBe('due-soon');
  });

  it('stopping a paused clock counts only up to the pause', () => {
    const pausedInTime = pauseSla(clock, '2026-03-02T09:00:00Z');
    expect(stopSla(pausedInTime, '2026-03-04T00:00:00Z')).toEqual({
      met: true,
      elapsedMs: 9 * HOUR,
      overdueMs: 0,
    });
    const pausedLate = pauseSla(clock, '2026-03-02T10:30:00Z');
    expect(stopSla(pausedLate, '2026-03-04T00:00:00Z')).toEqual({
      met: false,
      elapsedMs: 10.5 * HOUR,
      overdueMs: 30 * MINUTE,
    });
    expect(() => stopSla(clock, '2026-03-01T00:00:00Z')).toThrow(RangeError);
  });
});

describe('business-mode status (Asia/Shanghai)', () => {
  const options = { calendar: defaultCalendar };
  // Monday 09:00 + 10 working hours: Monday's 7, then Tuesday 09:00–12:00. Due-soon: last 2 working hours.
  const clock = startSla('2026-03-02T09:00:00+08:00', { hours: 10, mode: 'business', ...options });

  it('measures remaining time in working hours', () => {
    expect(clock.dueAt).toBe('2026-03-03T04:00:00.000Z');
    // Monday evening: 3 working hours left, however long the night.
    expect(slaStatus(clock, '2026-03-02T20:00:00+08:00', options)).toEqual({
      state: 'running',
      remainingMs: 3 * HOUR,
      overdueMs: 0,
    });
    expect(slaStatus(clock, '2026-03-03T09:59:59.999+08:00', options).state).toBe('running');
    expect(slaStatus(clock, '2026-03-03T10:00:00+08:00', options)).toEqual({
      state: 'due-soon',
      remainingMs: 2 * HOUR,
      overdueMs: 0,
    });
  });

  it('is overdue just after the due time, even when no working time has passed since', () => {
    expect(slaStatus(clock, '2026-03-03T12:00:00+08:00', options).state).toBe('due-soon');
    expect(slaStatus(clock, '2026-03-03T12:00:00.001+08:00', options)).toEqual({
      state: 'overdue',
      remainingMs: 0,
      overdueMs: 0, // lunch break: the clock is late, by no working time yet
    });
    expect(slaStatus(clock, '2026-03-03T14:30:00+08:00', options)).toEqual({
      state: 'overdue',
      remainingMs: 0,
      overdueMs: 30 * MINUTE,
    });
    expect(stopSla(clock, '2026-03-03T14:30:00+08:00', options)).toEqual({
      met: false,
      elapsedMs: 10.5 * HOUR,
      overdueMs: 30 * MINUTE,
    });
  });

  it('after a pause the threshold is still 20% of the working duration', () => {
    // Paused Monday 10:00–11:00: one working hour added back, due Tuesday 12:00 → 15:00.
    const resumed = resumeSla(
      pauseSla(clock, '2026-03-02T10:00:00+08:00'),
      '2026-03-02T11:00:00+08:00',
      options,
    );
    expect(resumed.dueAt).toBe('2026-03-03T07:00:00.000Z');
    // Two working hours before Tuesday 15:00 is Tuesday 11:00 (11–12 and 14–15).
    expect(slaStatus(resumed, '2026-03-03T10:59:59.999+08:00', options).state).toBe('running');
    expect(slaStatus(resumed, '2026-03-03T11:00:00+08:00', options)).toEqual({
      state: 'due-soon',
      remainingMs: 2 * HOUR,
      overdueMs: 0,
    });
  });
});

describe('a wall-clock limit (maxHours)', () => {
  const business = { mode: 'business' as const, calendar: defaultCalendar };

  it('maxHours: a business clock that would run past the limit is due at the limit (Friday 17:00 + 24 working hours, Asia/Shanghai)', () => {
    const limited = startSla('2026-03-06T17:00:00+08:00', { hours: 24, ...business, maxHours: 24 });
    expect(limited).toMatchObject({ dueAt: '2026-03-07T09:00:00.000Z', ownDueAt: '2026-03-12T03:00:00.000Z', maxElapsedMs: 24 * HOUR });
    expect(SlaClockSchema.safeParse(limited).success).toBe(true);
    // Without the limit: the next Thursday 11:00.
    expect(startSla('2026-03-06T17:00:00+08:00', { hours: 24, ...business }).dueAt).toBe('2026-03-12T03:00:00.000Z');
    // A clock that ends first keeps its own due time.
    expect(startSla('2026-03-02T10:00:00+08:00', { hours: 2, ...business, maxHours: 24 }).dueAt).toBe('2026-03-02T04:00:00.000Z');
  });

  it('maxHours: a pause moves the limit by its elapsed time and the own due time by its working time', () => {
    const clock = startSla('2026-03-06T17:00:00+08:00', { hours: 24, ...business, maxHours: 24 });
    const resumed = resumeSla(pauseSla(clock, '2026-03-06T17:30:00+08:00'), '2026-03-07T09:30:00+08:00', { calendar: defaultCalendar });
    // 16 elapsed hours (0.5 working): limit Sunday 09:00, own due Thursday 11:30.
    expect(resumed).toMatchObject({ dueAt: '2026-03-08T01:00:00.000Z', ownDueAt: '2026-03-12T03:30:00.000Z', pausedMs: 16 * HOUR });
    expect(stopSla(resumed, '2026-03-08T09:01:00+08:00', { calendar: defaultCalendar }).met).toBe(false);
    expect(stopSla(resumed, '2026-03-08T08:59:00+08:00', { calendar: defaultCalendar }).met).toBe(true);
  });

  it('maxHours must be a positive number, named in the error', () => {
    expect(() => startSla(0, { hours: 1, maxHours: -1 })).toThrow(/options\.maxHours/);
    expect(() => startSla(0, { hours: 1, maxHours: 0 })).toThrow(new RangeError('"options.maxHours" must be positive'));
  });
});
