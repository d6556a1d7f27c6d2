import { TZDate } from '@date-fns/tz';
import { addBusinessDays } from 'date-fns';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type BusinessCalendar,
  type Instant,
  type Period,
  BusinessCalendarSchema,
  LocalDateSchema,
  LocalTimeSchema,
  PeriodSchema,
  TimeZoneSchema,
  WeekdayKey,
  WeekdayKeySchema,
  addCalendarDays,
  addCalendarHours,
  addWorkingDays,
  addWorkingHours,
  defaultCalendar,
  isWorkingTime,
  listDates,
  localDate,
  localTime,
  nextWorkingMoment,
  subtractWorkingHours,
  toEpoch,
  toIso,
  workingPeriodsOn,
  workingTimeBetween,
} from 'kefu/time';

const HOUR = 3_600_000;

/** National Day 2026 (国庆节): 10-01..10-07 off, with 调休 on Sun 09-20 and Sat 10-10. */
const nationalDay2026: BusinessCalendar = {
  ...defaultCalendar,
  holidays: [
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeUpWorkdays: ['2026-09-20', '2026-10-10'],
};

/** Mon–Fri 09:00–17:00 in New York, to see working time across DST transitions. */
const newYork: BusinessCalendar = BusinessCalendarSchema.parse({
  timeZone: 'America/New_York',
  workingPeriods: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
});

const allDay: Period[] = [['00:00', '24:00']];
/** Open round the clock in New York: working time equals elapsed time. */
const newYorkAllDay: BusinessCalendar = BusinessCalendarSchema.parse({
  timeZone: 'America/New_York',
  workingPeriods: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
});

function issuesOf(input: unknown) {
  const result = BusinessCalendarSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map(({ path, message }) => ({ path, message }));
}

describe('instants', () => {
  it('toEpoch: documented example', () => {
    expect(toEpoch('2026-03-02T09:00:00+08:00')).toBe(1772413200000);
    expect(() => toEpoch('soon', 'dueAt')).toThrow(
      new RangeError('invalid instant "soon" for argument "dueAt"'),
    );
  });

  it('toIso: documented example', () => {
    expect(toIso('2026-03-02T09:00:00+08:00')).toBe('2026-03-02T01:00:00.000Z');
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('accepts epoch ms and ISO strings with Z or an offset, with or without seconds', () => {
    expect(toIso(1772413200000)).toBe('2026-03-02T01:00:00.000Z');
    expect(toIso('2026-03-02T01:00Z')).toBe('2026-03-02T01:00:00.000Z');
    expect(toIso('2026-03-02T09:00:00.250+0800')).toBe('2026-03-02T01:00:00.250Z');
    expectTypeOf(toIso).parameter(0).toEqualTypeOf<Instant>();
  });

  it.each([
    ['2026-02-30T09:00:00Z', 'a date that does not exist'],
    ['2026-03-02T09:00:00', 'no offset (would be read in the host zone)'],
    ['2026-03-02', 'a bare date'],
    ['March 2, 2026', 'free-form text'],
    ['2026-03-02T24:00:00Z', 'hour 24'],
    ['', 'an empty string'],
  ])('rejects %j (%s) with a RangeError naming the argument', (value) => {
    expect(() => toEpoch(value, 'openedAt')).toThrow(
      new RangeError(`invalid instant ${JSON.stringify(value)} for argument "openedAt"`),
    );
  });

  it('rejects non-finite numbers and non-instants', () => {
    expect(() => toEpoch(Number.NaN)).toThrow(new RangeError('invalid instant NaN for argument "at"'));
    expect(() => toEpoch(new Date(0) as unknown as Instant)).toThrow(TypeError);
    expect(() => toEpoch(null as unknown as Instant)).toThrow(/argument "at", got null/);
  });

  it('toEpoch and toIso remember what they converted (the fast path): a repeat gives what the first call gave and what Date gives; invalid text is refused every time', () => {
    const valid = [
      '2026-03-02T09:00:00+08:00',
      '2026-03-02T09:00:00.250+0800',
      '2026-03-02T01:00Z',
      '2024-02-29T23:59:59.999-05:00',
      '1900-01-01T00:00:00Z',
      '2200-12-31T23:59:59.5Z',
      `2026-03-02T09:00:00.${'1'.repeat(40)}Z`, // too long to remember: converted each time
    ];
    const numbers = [0, -0, 1, -1, 1772413200000, 8.64e15, -8.64e15, 1772413200000.5];
    // A repeat after the memo was filled and cleared, too (2,048 entries).
    const filler = Array.from({ length: 2100 }, (_, i) => 1772413200000 + i * 60_000);
    for (const round of [1, 2, 3]) {
      for (const text of valid) {
        expect(toEpoch(text), `${text} round ${round}`).toBe(Date.parse(text));
        expect(toIso(text)).toBe(new Date(Date.parse(text)).toISOString());
      }
      for (const ms of numbers) {
        expect(toEpoch(ms)).toBe(ms);
        expect(toIso(ms)).toBe(new Date(ms).toISOString());
      }
      for (const bad of ['2026-02-30T09:00:00Z', '2026-03-02T09:00:00', 'soon']) {
        expect(() => toEpoch(bad, 'dueAt')).toThrow(new RangeError(`invalid instant ${JSON.stringify(bad)} for argument "dueAt"`));
      }
      expect(() => toIso(Number.NaN)).toThrow(RangeError);
      if (round === 2) for (const ms of filler) expect(toEpoch(toIso(ms))).toBe(ms);
    }
  });

  it('calendar functions name the argument that holds an invalid instant', () => {
    expect(() => isWorkingTime(defaultCalendar, 'foo')).toThrow(
      new RangeError('invalid instant "foo" for argument "at"'),
    );
    expect(() => workingTimeBetween(defaultCalendar, 0, 'later')).toThrow(
      new RangeError('invalid instant "later" for argument "to"'),
    );
    expect(() => workingTimeBetween(defaultCalendar, 'earlier', 0)).toThrow(/argument "from"/);
  });
});

describe('schemas', () => {
  it('LocalTimeSchema: documented example', () => {
    expect(LocalTimeSchema.parse('09:30')).toBe('09:30');
    expect(LocalTimeSchema.safeParse('25:00').success).toBe(false);
  });

  it('LocalTimeSchema accepts 00:00 to 24:00 and nothing past it', () => {
    expect(LocalTimeSchema.safeParse('00:00').success).toBe(true);
    expect(LocalTimeSchema.safeParse('23:59').success).toBe(true);
    expect(LocalTimeSchema.safeParse('24:00').success).toBe(true);
    expect(LocalTimeSchema.safeParse('24:01').success).toBe(false);
    expect(LocalTimeSchema.safeParse('9:00').success).toBe(false);
    expect(LocalTimeSchema.safeParse('09:60').success).toBe(false);
  });

  it('PeriodSchema: documented example', () => {
    expect(PeriodSchema.parse(['14:00', '18:00'])).toEqual(['14:00', '18:00']);
    expect(PeriodSchema.safeParse(['18:00', '14:00']).success).toBe(false);
  });

  it('PeriodSchema allows 24:00 only as an end', () => {
    expect(PeriodSchema.safeParse(['21:00', '24:00']).success).toBe(true);
    expect(PeriodSchema.safeParse(['24:00', '24:00']).success).toBe(false);
    expect(PeriodSchema.safeParse(['09:00', '09:00']).success).toBe(false);
  });

  it('WeekdayKey: documented example', () => {
    expect(WeekdayKey.options).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expectTypeOf<WeekdayKey>().toEqualTypeOf<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>();
  });

  it('WeekdayKeySchema: documented example', () => {
    expect(WeekdayKeySchema.parse('sat')).toBe('sat');
    expect(WeekdayKeySchema.safeParse('saturday').success).toBe(false);
  });

  it('TimeZoneSchema: documented example', () => {
    expect(TimeZoneSchema.safeParse('Asia/Shanghai').success).toBe(true);
    expect(TimeZoneSchema.safeParse('Mars/Olympus_Mons').success).toBe(false);
  });

  it('TimeZoneSchema: canonical names from the runtime list, aliases through Intl.DateTimeFormat', () => {
    const canonical = new Set(Intl.supportedValuesOf('timeZone'));
    for (const zone of ['Asia/Shanghai', 'Europe/Paris']) expect(canonical.has(zone) && TimeZoneSchema.safeParse(zone).success, zone).toBe(true);
    // Not in the canonical list, but zones the formatter knows.
    for (const zone of ['UTC', 'US/Eastern', 'Etc/GMT+8']) expect(!canonical.has(zone) && TimeZoneSchema.safeParse(zone).success, zone).toBe(true);
    for (const zone of ['', 'asia/nowhere', 'Etc/GMT+99']) expect(TimeZoneSchema.safeParse(zone).success, zone).toBe(false);
  });

  it('a refused date, time or zone gets issues, never a throw: a bigint or a cyclic object is named by its type, a long string is cut', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const messages = (schema: { safeParse(v: unknown): { error?: { issues: { message: string }[] } } }, value: unknown) =>
      schema.safeParse(value).error?.issues.map((i) => i.message);
    expect(messages(LocalDateSchema, 10n)).toEqual(['invalid date bigint: expected "YYYY-MM-DD"']);
    expect(messages(LocalDateSchema, cyclic)).toEqual(['invalid date object: expected "YYYY-MM-DD"']);
    expect(messages(LocalDateSchema, null)).toEqual(['invalid date null: expected "YYYY-MM-DD"']);
    const long = messages(LocalDateSchema, '2'.repeat(1_000_000))!;
    expect(long).toEqual([`invalid date "${'2'.repeat(40)}…": expected "YYYY-MM-DD"`]);
    expect(messages(LocalTimeSchema, '9'.repeat(100))).toEqual([`invalid local time "${'9'.repeat(40)}…": expected "HH:mm" from "00:00" to "24:00"`]);
  });

  it('LocalDateSchema: documented example', () => {
    expect(LocalDateSchema.safeParse('2026-10-01').success).toBe(true);
    expect(LocalDateSchema.safeParse('2026-02-30').success).toBe(false);
  });

  it('BusinessCalendarSchema: documented example (missing weekdays are days off)', () => {
    expect(
      BusinessCalendarSchema.parse({
        timeZone: 'Asia/Shanghai',
        workingPeriods: { mon: [['09:00', '18:00']] },
      }).workingPeriods.sat,
    ).toEqual([]);
  });

  it('defaultCalendar is valid, frozen, and knows no holidays', () => {
    expect(BusinessCalendarSchema.parse(defaultCalendar)).toEqual(defaultCalendar);
    expect(Object.isFrozen(defaultCalendar)).toBe(true);
    expect(Object.isFrozen(defaultCalendar.workingPeriods.mon)).toBe(true);
    expect(defaultCalendar.timeZone).toBe('Asia/Shanghai');
    expect(defaultCalendar.holidays).toEqual([]);
  });

  it('defaultCalendar: documented example (hosts add their holidays)', () => {
    const calendar = { ...defaultCalendar, holidays: ['2026-10-01'] };
    expect(isWorkingTime(calendar, '2026-10-01T10:00:00+08:00')).toBe(false);
  });

  it('rejects a period ending at 25:00, with the field path', () => {
    expect(
      issuesOf({ timeZone: 'Asia/Shanghai', workingPeriods: { mon: [['09:00', '25:00']] } }),
    ).toMatchInlineSnapshot(`
      [
        {
          "message": "invalid local time "25:00": expected "HH:mm" from "00:00" to "24:00"",
          "path": [
            "workingPeriods",
            "mon",
            0,
            1,
          ],
        },
      ]
    `);
  });

  it('rejects a period whose start is after its end, with the field path', () => {
    expect(
      issuesOf({
        timeZone: 'Asia/Shanghai',
        workingPeriods: { tue: [['09:00', '12:00'], ['18:00', '14:00']] },
      }),
    ).toEqual([
      {
        path: ['workingPeriods', 'tue', 1],
        message: 'period start "18:00" must be before its end "14:00"',
      },
    ]);
  });

  it('rejects an unknown time zone, with the field path', () => {
    expect(issuesOf({ timeZone: 'Asia/Beijing', workingPeriods: {} })).toEqual([
      { path: ['timeZone'], message: 'unknown time zone "Asia/Beijing"' },
    ]);
  });

  it('rejects overlapping or unsorted periods, pointing at the later one', () => {
    expect(
      issuesOf({
        timeZone: 'Asia/Shanghai',
        workingPeriods: { wed: [['09:00', '12:00'], ['11:00', '13:00']] },
      }),
    ).toEqual([
      {
        path: ['workingPeriods', 'wed', 1],
        message:
          'periods must be sorted and must not overlap: "11:00" starts before the previous period ends at "12:00"',
      },
    ]);
    // Touching periods are fine.
    expect(
      BusinessCalendarSchema.safeParse({
        timeZone: 'Asia/Shanghai',
        workingPeriods: { wed: [['09:00', '12:00'], ['12:00', '13:00']] },
      }).success,
    ).toBe(true);
  });

  it('rejects unknown keys, bad dates, and a day that is both holiday and make-up workday', () => {
    expect(issuesOf({ timeZone: 'Asia/Shanghai', workingPeriods: { monday: [] } })).toEqual([
      { path: ['workingPeriods'], message: 'Unrecognized key: "monday"' },
    ]);
    expect(
      issuesOf({ timeZone: 'Asia/Shanghai', workingPeriods: {}, holidays: ['2026-02-30'] }),
    ).toEqual([{ path: ['holidays', 0], message: 'invalid date "2026-02-30": expected "YYYY-MM-DD"' }]);
    expect(
      issuesOf({
        timeZone: 'Asia/Shanghai',
        workingPeriods: {},
        holidays: ['2026-10-10'],
        makeUpWorkdays: ['2026-10-10'],
      }),
    ).toEqual([
      {
        path: ['makeUpWorkdays', 0],
        message: '2026-10-10 is listed both as a holiday and as a make-up workday',
      },
    ]);
  });

  it('functions reject an invalid calendar with a RangeError naming the argument and the field', () => {
    const broken = { ...defaultCalendar, timeZone: 'Mars/Olympus_Mons' };
    expect(() => isWorkingTime(broken, 0)).toThrow(RangeError);
    expect(() => isWorkingTime(broken, 0)).toThrow(
      'invalid business calendar for argument "calendar":\n✖ unknown time zone "Mars/Olympus_Mons"\n  → at timeZone',
    );
    expect(() => isWorkingTime(null as unknown as BusinessCalendar, 0)).toThrow(TypeError);
  });
});

describe('working periods and working time', () => {
  it('workingPeriodsOn: documented example', () => {
    expect(workingPeriodsOn(defaultCalendar, '2026-03-02')).toEqual([
      ['09:00', '12:00'],
      ['14:00', '18:00'],
    ]);
    expect(workingPeriodsOn(defaultCalendar, '2026-03-07')).toEqual([]);
  });

  it('workingPeriodsOn rejects a bad date, naming the argument', () => {
    expect(() => workingPeriodsOn(defaultCalendar, '2026-3-2')).toThrow(
      new RangeError('invalid date "2026-3-2" for argument "date": expected "YYYY-MM-DD"'),
    );
  });

  it('isWorkingTime: documented example', () => {
    expect(isWorkingTime(defaultCalendar, '2026-03-02T11:59:00+08:00')).toBe(true);
    expect(isWorkingTime(defaultCalendar, '2026-03-02T12:00:00+08:00')).toBe(false);
  });

  it('isWorkingTime: a period includes its start and excludes its end', () => {
    expect(isWorkingTime(defaultCalendar, '2026-03-02T08:59:59.999+08:00')).toBe(false);
    expect(isWorkingTime(defaultCalendar, '2026-03-02T09:00:00+08:00')).toBe(true);
    expect(isWorkingTime(defaultCalendar, '2026-03-02T14:00:00+08:00')).toBe(true);
    expect(isWorkingTime(defaultCalendar, '2026-03-02T18:00:00+08:00')).toBe(false);
    expect(isWorkingTime(defaultCalendar, '2026-03-07T10:00:00+08:00')).toBe(false); // Saturday
  });

  it('isWorkingTime reads the local time in the calendar zone (Asia/Shanghai), not UTC', () => {
    // 02:00Z on Monday is 10:00 in Shanghai.
    expect(isWorkingTime(defaultCalendar, '2026-03-02T02:00:00Z')).toBe(true);
    // 10:00Z on Monday is 18:00 in Shanghai.
    expect(isWorkingTime(defaultCalendar, '2026-03-02T10:00:00Z')).toBe(false);
  });

  it('nextWorkingMoment: documented example', () => {
    expect(nextWorkingMoment(defaultCalendar, '2026-03-06T18:30:00+08:00')).toBe(
      '2026-03-09T01:00:00.000Z',
    );
  });

  it('nextWorkingMoment: returns working time itself, and skips the lunch break and nights', () => {
    expect(nextWorkingMoment(defaultCalendar, '2026-03-02T10:15:30.5+08:00')).toBe(
      '2026-03-02T02:15:30.500Z',
    );
    expect(nextWorkingMoment(defaultCalendar, '2026-03-02T12:00:00+08:00')).toBe(
      '2026-03-02T06:00:00.000Z',
    );
    expect(nextWorkingMoment(defaultCalendar, '2026-03-02T23:00:00+08:00')).toBe(
      '2026-03-03T01:00:00.000Z',
    );
  });

  it('nextWorkingMoment throws when a calendar has no working time at all', () => {
    const closed = BusinessCalendarSchema.parse({ timeZone: 'Asia/Shanghai', workingPeriods: {} });
    expect(() => nextWorkingMoment(closed, '2026-03-02T00:00:00Z')).toThrow(
      new RangeError('the calendar has no working time in the 400 days after 2026-03-02T00:00:00.000Z'),
    );
    expect(() => addWorkingHours(closed, '2026-03-02T00:00:00Z', 1)).toThrow(RangeError);
    expect(() => addWorkingDays(closed, '2026-03-02T00:00:00Z', 1)).toThrow(RangeError);
    expect(workingTimeBetween(closed, '2026-03-02T00:00:00Z', '2027-03-02T00:00:00Z')).toBe(0);
  });

  it('addWorkingHours: documented example (a lunch break: 11:30 + 1 working hour is 14:30)', () => {
    expect(addWorkingHours(defaultCalendar, '2026-03-02T11:30:00+08:00', 1)).toBe(
      '2026-03-02T06:30:00.000Z',
    );
  });

  it('addWorkingHours rolls over the night', () => {
    // Monday 17:30 + 1h: 30 min today, 30 min on Tuesday morning.
    expect(addWorkingHours(defaultCalendar, '2026-03-02T17:30:00+08:00', 1)).toBe(
      '2026-03-03T01:30:00.000Z',
    );
  });

  it('addWorkingHours rolls over the weekend', () => {
    // Friday 17:00 + 2h: 1h on Friday, then Monday 09:00–10:00.
    expect(addWorkingHours(defaultCalendar, '2026-03-06T17:00:00+08:00', 2)).toBe(
      '2026-03-09T02:00:00.000Z',
    );
    // Starting on Saturday counts from Monday 09:00.
    expect(addWorkingHours(defaultCalendar, '2026-03-07T10:00:00+08:00', 1.5)).toBe(
      '2026-03-09T02:30:00.000Z',
    );
  });

  it('addWorkingHours ends at the end of a period when the hours run out there', () => {
    expect(addWorkingHours(defaultCalendar, '2026-03-02T09:00:00+08:00', 3)).toBe(
      '2026-03-02T04:00:00.000Z', // 12:00, not 14:00
    );
    expect(addWorkingHours(defaultCalendar, '2026-03-02T09:00:00+08:00', 7)).toBe(
      '2026-03-02T10:00:00.000Z', // 18:00
    );
  });

  it('addWorkingHours: fractions, zero, many days, and bad hours', () => {
    expect(addWorkingHours(defaultCalendar, '2026-03-02T09:00:00+08:00', 0.25)).toBe(
      '2026-03-02T01:15:00.000Z',
    );
    expect(addWorkingHours(defaultCalendar, '2026-03-07T10:00:00+08:00', 0)).toBe(
      '2026-03-07T02:00:00.000Z',
    );
    // 7h a day: 35h is one working week, Monday 09:00 to Friday 18:00.
    expect(addWorkingHours(defaultCalendar, '2026-03-02T09:00:00+08:00', 35)).toBe(
      '2026-03-06T10:00:00.000Z',
    );
    expect(() => addWorkingHours(defaultCalendar, 0, -1)).toThrow(
      new RangeError('expected a number >= 0 for argument "hours", got -1'),
    );
    expect(() => addWorkingHours(defaultCalendar, 0, Number.POSITIVE_INFINITY)).toThrow(
      /argument "hours"/,
    );
  });

  it('addWorkingDays: documented example', () => {
    expect(addWorkingDays(defaultCalendar, '2026-03-06T10:00:00+08:00', 1)).toBe(
      '2026-03-09T02:00:00.000Z',
    );
  });

  it('addWorkingDays keeps the local time, or moves to the next working moment after it', () => {
    expect(addWorkingDays(defaultCalendar, '2026-03-02T15:45:00+08:00', 3)).toBe(
      '2026-03-05T07:45:00.000Z',
    );
    // Monday 12:30 (lunch) + 1 day is Tuesday 12:30, still lunch: Tuesday 14:00.
    expect(addWorkingDays(defaultCalendar, '2026-03-02T12:30:00+08:00', 1)).toBe(
      '2026-03-03T06:00:00.000Z',
    );
    // Wednesday 20:00 + 1 day is Thursday 20:00, after hours: Friday 09:00.
    expect(addWorkingDays(defaultCalendar, '2026-03-04T20:00:00+08:00', 1)).toBe(
      '2026-03-06T01:00:00.000Z',
    );
  });

  it('addWorkingDays from a non-working day counts the next working day as +1, like date-fns addBusinessDays', () => {
    // Saturday 10:00 + 1 is Monday 10:00 (date-fns: addBusinessDays(saturday, 1) is Monday).
    expect(addWorkingDays(defaultCalendar, '2026-03-07T10:00:00+08:00', 1)).toBe(
      '2026-03-09T02:00:00.000Z',
    );
    // Sunday + 2 is Tuesday.
    expect(addWorkingDays(defaultCalendar, '2026-03-08T10:00:00+08:00', 2)).toBe(
      '2026-03-10T02:00:00.000Z',
    );
    // Zero days returns the start itself, even on a Saturday (date-fns does the same).
    expect(addWorkingDays(defaultCalendar, '2026-03-07T10:00:00+08:00', 0)).toBe(
      '2026-03-07T02:00:00.000Z',
    );
    expect(() => addWorkingDays(defaultCalendar, 0, 1.5)).toThrow(
      new RangeError('expected a whole number >= 0 for argument "days", got 1.5'),
    );
    expect(() => addWorkingDays(defaultCalendar, 0, -1)).toThrow(/argument "days"/);
  });

  it('addWorkingDays agrees with date-fns addBusinessDays on a Mon–Fri calendar, start dates of two weeks, 0–12 days', () => {
    // Open round the clock Mon–Fri in UTC: the time of day never moves, so only the date is compared.
    const weekdays: Period[] = [['00:00', '24:00']];
    const utcWeek = BusinessCalendarSchema.parse({
      timeZone: 'UTC',
      workingPeriods: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
    });
    for (const day of listDates('2026-03-02', '2026-03-15')) {
      for (let n = 0; n <= 12; n++) {
        const start = `${day}T10:00:00.000Z`;
        const expected = addBusinessDays(new TZDate(start, 'UTC'), n).toISOString().slice(0, 10);
        expect(addWorkingDays(utcWeek, start, n).slice(0, 10), `${day} + ${n}`).toBe(expected);
      }
    }
  });

  it('workingTimeBetween: documented example', () => {
    expect(
      workingTimeBetween(defaultCalendar, '2026-03-02T11:00:00+08:00', '2026-03-02T15:00:00+08:00'),
    ).toBe(7_200_000);
  });

  it('workingTimeBetween counts only working periods, over nights and weekends', () => {
    expect(
      workingTimeBetween(defaultCalendar, '2026-03-06T17:00:00+08:00', '2026-03-09T10:00:00+08:00'),
    ).toBe(2 * HOUR);
    expect(
      workingTimeBetween(defaultCalendar, '2026-03-02T00:00:00+08:00', '2026-03-09T00:00:00+08:00'),
    ).toBe(35 * HOUR);
    expect(workingTimeBetween(defaultCalendar, '2026-03-02T15:00:00+08:00', '2026-03-02T11:00:00+08:00')).toBe(0);
    expect(workingTimeBetween(defaultCalendar, 0, 0)).toBe(0);
  });

  it('workingTimeBetween and addWorkingHours agree', () => {
    const from = '2026-03-04T16:20:00+08:00';
    const to = addWorkingHours(defaultCalendar, from, 12.5);
    expect(workingTimeBetween(defaultCalendar, from, to)).toBe(12.5 * HOUR);
  });
});

describe('National Day 2026 with 调休 (Asia/Shanghai)', () => {
  it('holidays have no working periods, make-up workdays use Monday’s periods', () => {
    expect(workingPeriodsOn(nationalDay2026, '2026-10-01')).toEqual([]);
    expect(workingPeriodsOn(nationalDay2026, '2026-10-10')).toEqual([
      ['09:00', '12:00'],
      ['14:00', '18:00'],
    ]);
    expect(workingPeriodsOn(nationalDay2026, '2026-09-20')).toEqual(
      workingPeriodsOn(nationalDay2026, '2026-09-21'),
    );
    expect(workingPeriodsOn(nationalDay2026, '2026-10-11')).toEqual([]); // an ordinary Sunday
  });

  it('a weekday holiday is not working time; a make-up Saturday and Sunday are', () => {
    expect(isWorkingTime(nationalDay2026, '2026-10-01T10:00:00+08:00')).toBe(false); // Thursday
    expect(isWorkingTime(nationalDay2026, '2026-10-05T10:00:00+08:00')).toBe(false); // Monday
    expect(isWorkingTime(nationalDay2026, '2026-10-10T10:00:00+08:00')).toBe(true); // Saturday
    expect(isWorkingTime(nationalDay2026, '2026-09-20T10:00:00+08:00')).toBe(true); // Sunday
    expect(isWorkingTime(nationalDay2026, '2026-10-10T12:30:00+08:00')).toBe(false); // lunch
  });

  it('adding 1 working day from 2026-09-30 17:00 lands on 2026-10-08 17:00', () => {
    expect(addWorkingDays(nationalDay2026, '2026-09-30T17:00:00+08:00', 1)).toBe(
      '2026-10-08T09:00:00.000Z',
    );
  });

  it('adding working days reaches the make-up Saturday and Sunday', () => {
    // Friday 2026-10-09 10:00 + 1 working day: the make-up Saturday.
    expect(addWorkingDays(nationalDay2026, '2026-10-09T10:00:00+08:00', 1)).toBe(
      '2026-10-10T02:00:00.000Z',
    );
    // Friday 2026-09-18 10:00 + 1 working day: the make-up Sunday.
    expect(addWorkingDays(nationalDay2026, '2026-09-18T10:00:00+08:00', 1)).toBe(
      '2026-09-20T02:00:00.000Z',
    );
  });

  it('working hours skip the holiday week', () => {
    expect(addWorkingHours(nationalDay2026, '2026-09-30T17:00:00+08:00', 2)).toBe(
      '2026-10-08T02:00:00.000Z', // Thursday 10:00
    );
    expect(nextWorkingMoment(nationalDay2026, '2026-10-01T00:00:00+08:00')).toBe(
      '2026-10-08T01:00:00.000Z',
    );
    // 09-28..09-30 and 10-08..10-10 are six working days of 7 hours.
    expect(
      workingTimeBetween(nationalDay2026, '2026-09-28T00:00:00+08:00', '2026-10-12T00:00:00+08:00'),
    ).toBe(42 * HOUR);
  });

  it('make-up workdays can have their own periods', () => {
    const shortMakeUpDays: BusinessCalendar = {
      ...nationalDay2026,
      makeUpWorkdayPeriods: [['10:00', '16:00']],
    };
    expect(workingPeriodsOn(shortMakeUpDays, '2026-10-10')).toEqual([['10:00', '16:00']]);
    expect(isWorkingTime(shortMakeUpDays, '2026-10-10T09:30:00+08:00')).toBe(false);
    expect(isWorkingTime(shortMakeUpDays, '2026-10-10T12:30:00+08:00')).toBe(true);
  });
});

describe('calendar arithmetic and local time', () => {
  it('addCalendarHours: documented example', () => {
    expect(addCalendarHours('2026-03-02T09:00:00Z', 36)).toBe('2026-03-03T21:00:00.000Z');
  });

  it('addCalendarHours allows fractions and negative hours', () => {
    expect(addCalendarHours(0, 1.5)).toBe('1970-01-01T01:30:00.000Z');
    expect(addCalendarHours('2026-03-02T09:00:00Z', -9)).toBe('2026-03-02T00:00:00.000Z');
    expect(() => addCalendarHours(0, Number.NaN)).toThrow(/argument "hours"/);
  });

  it('addCalendarDays: documented example', () => {
    expect(addCalendarDays('2026-03-07T09:00:00-05:00', 1, 'America/New_York')).toBe(
      '2026-03-08T13:00:00.000Z',
    );
  });

  it('addCalendarDays rejects an unknown zone, naming the argument', () => {
    expect(() => addCalendarDays(0, 1, 'Mars/Olympus_Mons')).toThrow(
      new RangeError('invalid time zone "Mars/Olympus_Mons" for argument "timeZone"'),
    );
    expect(() => addCalendarDays(0, 0.5, 'UTC')).toThrow(/argument "days"/);
  });

  it('localDate: documented example', () => {
    expect(localDate('2026-03-01T20:00:00Z', 'Asia/Shanghai')).toBe('2026-03-02');
  });

  it('localTime: documented example', () => {
    expect(localTime('2026-03-01T20:00:00Z', 'Asia/Shanghai')).toBe('04:00');
  });

  it('localDate and localTime reject an unknown zone', () => {
    expect(() => localDate(0, 'Asia/Beijing')).toThrow(
      'invalid time zone "Asia/Beijing" for argument "timeZone"',
    );
    expect(() => localTime(0, '')).toThrow(RangeError);
  });
});

describe('DST in America/New_York', () => {
  it('America/New_York: local date and time follow the offset change (2026-03-08, 2026-11-01)', () => {
    expect(localTime('2026-03-08T06:59:00Z', 'America/New_York')).toBe('01:59');
    expect(localTime('2026-03-08T07:00:00Z', 'America/New_York')).toBe('03:00');
    expect(localTime('2026-11-01T05:30:00Z', 'America/New_York')).toBe('01:30');
    expect(localTime('2026-11-01T06:30:00Z', 'America/New_York')).toBe('01:30');
    expect(localDate('2026-11-01T04:30:00Z', 'America/New_York')).toBe('2026-11-01');
  });

  it('America/New_York: addCalendarDays keeps the local time across spring forward and fall back', () => {
    // 09:00 EST Saturday → 09:00 EDT Sunday: 23 elapsed hours.
    expect(addCalendarDays('2026-03-07T14:00:00Z', 1, 'America/New_York')).toBe(
      '2026-03-08T13:00:00.000Z',
    );
    // 09:00 EDT Saturday → 09:00 EST Sunday: 25 elapsed hours.
    expect(addCalendarDays('2026-10-31T13:00:00Z', 1, 'America/New_York')).toBe(
      '2026-11-01T14:00:00.000Z',
    );
    // Backwards over spring forward: 09:00 EDT Monday → 09:00 EST Saturday.
    expect(addCalendarDays('2026-03-09T13:00:00Z', -2, 'America/New_York')).toBe(
      '2026-03-07T14:00:00.000Z',
    );
    // Calendar hours are elapsed hours: the local clock reads 02:00 EDT, not 01:00.
    expect(addCalendarHours('2026-03-08T06:00:00Z', 24)).toBe('2026-03-09T06:00:00.000Z');
    expect(localTime('2026-03-09T06:00:00Z', 'America/New_York')).toBe('02:00');
  });

  it('America/New_York: working hours across the spring-forward weekend land at local 10:00 EDT', () => {
    // Friday 16:00 EST + 2 working hours: 1h Friday, then Monday 09:00–10:00 EDT.
    expect(addWorkingHours(newYork, '2026-03-06T21:00:00Z', 2)).toBe('2026-03-09T14:00:00.000Z');
    expect(workingTimeBetween(newYork, '2026-03-06T21:00:00Z', '2026-03-09T14:00:00Z')).toBe(
      2 * HOUR,
    );
    expect(nextWorkingMoment(newYork, '2026-03-07T12:00:00Z')).toBe('2026-03-09T13:00:00.000Z');
    expect(addWorkingDays(newYork, '2026-03-06T15:00:00Z', 1)).toBe('2026-03-09T14:00:00.000Z');
  });

  it('America/New_York: working hours across the fall-back weekend land at local 10:00 EST', () => {
    expect(addWorkingHours(newYork, '2026-10-30T20:00:00Z', 2)).toBe('2026-11-02T15:00:00.000Z');
    expect(addWorkingDays(newYork, '2026-10-30T14:00:00Z', 1)).toBe('2026-11-02T15:00:00.000Z');
  });

  it('America/New_York: a round-the-clock day lasts 23 hours in spring and 25 in autumn', () => {
    // 2026-03-08 runs from 05:00Z (00:00 EST) to 04:00Z next day (00:00 EDT).
    expect(workingTimeBetween(newYorkAllDay, '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toBe(
      23 * HOUR,
    );
    // 2026-11-01 runs from 04:00Z (00:00 EDT) to 05:00Z next day (00:00 EST).
    expect(workingTimeBetween(newYorkAllDay, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toBe(
      25 * HOUR,
    );
    // Saturday 22:00 EST + 6 working hours is 05:00 EDT on Sunday: elapsed, not wall-clock.
    expect(addWorkingHours(newYorkAllDay, '2026-03-08T03:00:00Z', 6)).toBe('2026-03-08T09:00:00.000Z');
    expect(localTime('2026-03-08T09:00:00Z', 'America/New_York')).toBe('05:00');
  });

  it('America/New_York: a repeated fall-back time takes its first occurrence whatever the host zone (date-fns/tz#40)', () => {
    const sundayNight = BusinessCalendarSchema.parse({
      timeZone: 'America/New_York',
      workingPeriods: { sun: [['01:00', '04:00']] },
    });
    const hostZone = process.env.TZ;
    try {
      for (const host of ['UTC', 'America/Los_Angeles', 'America/New_York', 'Asia/Shanghai']) {
        process.env.TZ = host;
        // 01:30 EDT Saturday + 1 day: 01:30 happens twice on Sunday; the first is 05:30Z.
        expect(addCalendarDays('2026-10-31T05:30:00Z', 1, 'America/New_York'), host).toBe(
          '2026-11-01T05:30:00.000Z',
        );
        expect(nextWorkingMoment(sundayNight, '2026-11-01T00:00:00Z'), host).toBe(
          '2026-11-01T05:00:00.000Z',
        );
      }
    } finally {
      if (hostZone === undefined) delete process.env.TZ;
      else process.env.TZ = hostZone;
    }
  });

  it('America/New_York: a period that spans the skipped hour is an hour shorter', () => {
    const sundayNight = BusinessCalendarSchema.parse({
      timeZone: 'America/New_York',
      workingPeriods: { sun: [['01:00', '04:00']] },
    });
    // 01:00 EST (06:00Z) to 04:00 EDT (08:00Z).
    expect(workingTimeBetween(sundayNight, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(
      2 * HOUR,
    );
    expect(workingTimeBetween(sundayNight, '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z')).toBe(
      3 * HOUR,
    );
    // On fall back it is an hour longer: 01:00 EDT (05:00Z) to 04:00 EST (09:00Z).
    expect(workingTimeBetween(sundayNight, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(
      4 * HOUR,
    );
  });
});

describe('subtractWorkingHours: working time counted backwards', () => {
  it('subtractWorkingHours: zero returns the start; an exact fill ends at the start of a period (the mirror of addWorkingHours)', () => {
    expect(subtractWorkingHours(defaultCalendar, '2026-03-07T10:00:00+08:00', 0)).toBe('2026-03-07T02:00:00.000Z');
    // 15:00 - 1h is 14:00 (the start of the afternoon period), not 12:00.
    expect(subtractWorkingHours(defaultCalendar, '2026-03-02T15:00:00+08:00', 1)).toBe('2026-03-02T06:00:00.000Z');
    // 18:00 - 7h is 09:00 the same day.
    expect(subtractWorkingHours(defaultCalendar, '2026-03-02T18:00:00+08:00', 7)).toBe('2026-03-02T01:00:00.000Z');
    // From a Saturday, counting starts at Friday's close.
    expect(subtractWorkingHours(defaultCalendar, '2026-03-07T10:00:00+08:00', 0.5)).toBe('2026-03-06T09:30:00.000Z');
    expect(() => subtractWorkingHours(defaultCalendar, 0, -1)).toThrow(
      new RangeError('expected a number >= 0 for argument "hours", got -1'),
    );
  });

  it('subtractWorkingHours and addWorkingHours undo each other from working time (Asia/Shanghai)', () => {
    for (const start of ['2026-03-02T09:00:00+08:00', '2026-03-04T16:20:00+08:00', '2026-03-06T11:59:00+08:00']) {
      for (const hours of [0.5, 3, 7, 12.25, 40]) {
        const due = addWorkingHours(defaultCalendar, start, hours);
        expect(workingTimeBetween(defaultCalendar, start, due)).toBe(hours * HOUR);
        const back = subtractWorkingHours(defaultCalendar, due, hours);
        expect(workingTimeBetween(defaultCalendar, back, due), `${start} ${hours}`).toBe(hours * HOUR);
        // Every start is working time, so the latest instant with that much working time before `due` is the start itself.
        expect(back).toBe(toIso(start));
      }
    }
  });

  it('America/New_York: two working hours before Monday 10:00 is Friday 16:00, across spring forward and fall back', () => {
    expect(subtractWorkingHours(newYork, '2026-03-09T10:00:00-04:00', 2)).toBe('2026-03-06T21:00:00.000Z'); // 16:00 EST
    expect(subtractWorkingHours(newYork, '2026-11-02T10:00:00-05:00', 2)).toBe('2026-10-30T20:00:00.000Z'); // 16:00 EDT
    // Round the clock, working time is elapsed time: 04:00 EDT - 3h is 00:00 EST (the 02:00 hour never was).
    expect(subtractWorkingHours(newYorkAllDay, '2026-03-08T08:00:00Z', 3)).toBe('2026-03-08T05:00:00.000Z');
    expect(subtractWorkingHours(newYorkAllDay, '2026-11-01T09:00:00Z', 25)).toBe('2026-10-31T08:00:00.000Z');
  });

  it('Asia/Kathmandu (+05:45): a Sunday-to-Friday week, forwards and backwards over the Saturday', () => {
    const tenToFive: Period[] = [['10:00', '17:00']];
    const kathmandu = BusinessCalendarSchema.parse({
      timeZone: 'Asia/Kathmandu',
      workingPeriods: { sun: tenToFive, mon: tenToFive, tue: tenToFive, wed: tenToFive, thu: tenToFive, fri: tenToFive },
    });
    expect(isWorkingTime(kathmandu, '2026-03-08T04:14:00Z')).toBe(false); // 09:59 there
    expect(isWorkingTime(kathmandu, '2026-03-08T04:15:00Z')).toBe(true); // 10:00 there
    // Friday 16:00 + 2h: an hour on Friday, Saturday off, Sunday 10:00–11:00.
    expect(addWorkingHours(kathmandu, '2026-03-06T16:00:00+05:45', 2)).toBe('2026-03-08T05:15:00.000Z');
    expect(subtractWorkingHours(kathmandu, '2026-03-08T11:00:00+05:45', 2)).toBe('2026-03-06T10:15:00.000Z');
    expect(addWorkingDays(kathmandu, '2026-03-07T12:00:00+05:45', 1)).toBe('2026-03-08T06:15:00.000Z'); // Saturday + 1 = Sunday
  });
});

describe('specialPeriods: opening hours of one date', () => {
  it('Asia/Shanghai: a half day on 除夕 2024 (Friday 02-09), then the Spring Festival break, then the make-up Sunday', () => {
    const calendar: BusinessCalendar = { ...nationalDay2026, holidays: listDates('2024-02-10', '2024-02-17'), makeUpWorkdays: ['2024-02-18'], specialPeriods: { '2024-02-09': [['09:00', '12:00']] } };
    expect(workingPeriodsOn(calendar, '2024-02-09')).toEqual([['09:00', '12:00']]);
    expect(isWorkingTime(calendar, '2024-02-09T14:30:00+08:00')).toBe(false);
    // 11:00 + 2h: one hour before noon, then Sunday 02-18 09:00–10:00.
    expect(addWorkingHours(calendar, '2024-02-09T11:00:00+08:00', 2)).toBe('2024-02-18T02:00:00.000Z');
    expect(subtractWorkingHours(calendar, '2024-02-18T10:00:00+08:00', 2)).toBe('2024-02-09T03:00:00.000Z');
    expect(workingTimeBetween(calendar, '2024-02-09T00:00:00+08:00', '2024-02-10T00:00:00+08:00')).toBe(3 * HOUR);
  });

  it('special periods open a day off, and [] closes a working day', () => {
    const calendar: BusinessCalendar = { ...defaultCalendar, specialPeriods: { '2026-03-07': [['10:00', '13:00']], '2026-03-09': [] } };
    expect(isWorkingTime(calendar, '2026-03-07T10:30:00+08:00')).toBe(true); // a Saturday
    expect(workingPeriodsOn(calendar, '2026-03-09')).toEqual([]); // a Monday
    expect(addWorkingDays(calendar, '2026-03-06T10:30:00+08:00', 2)).toBe('2026-03-10T02:30:00.000Z');
  });

  it('America/New_York: special periods across the skipped hour are an hour shorter', () => {
    const calendar = BusinessCalendarSchema.parse({ ...newYork, specialPeriods: { '2026-03-08': [['01:00', '04:00']] } });
    expect(workingTimeBetween(calendar, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(2 * HOUR);
  });

  it('a date cannot be both a holiday and a special date; special periods are checked like any periods', () => {
    expect(issuesOf({ ...defaultCalendar, holidays: ['2026-02-16'], specialPeriods: { '2026-02-16': [['09:00', '12:00']] } })).toEqual([
      { path: ['specialPeriods', '2026-02-16'], message: '2026-02-16 is listed both as a holiday and with special periods' },
    ]);
    expect(issuesOf({ ...defaultCalendar, specialPeriods: { '2026-02-16': [['12:00', '09:00']] } })).toEqual([
      { path: ['specialPeriods', '2026-02-16', 0], message: 'period start "12:00" must be before its end "09:00"' },
    ]);
    expect(BusinessCalendarSchema.safeParse({ ...defaultCalendar, specialPeriods: { '2026-02-30': [] } }).success).toBe(false);
  });
});

describe('the calendar is validated by content, and local time read without building a TZDate (issue 11)', () => {
  it('a calendar edited in place is validated again: a new holiday counts, an invalid zone is refused', () => {
    const calendar = structuredClone(defaultCalendar) as { -readonly [K in keyof BusinessCalendar]: BusinessCalendar[K] } & { holidays: string[] };
    expect(isWorkingTime(calendar, '2026-03-02T10:00:00+08:00')).toBe(true); // a Monday
    calendar.holidays.push('2026-03-02');
    expect(isWorkingTime(calendar, '2026-03-02T10:00:00+08:00')).toBe(false);
    calendar.timeZone = 'Mars/Olympus_Mons';
    expect(() => isWorkingTime(calendar, '2026-03-02T10:00:00+08:00')).toThrow(RangeError);
  });

  it('a calendar frozen all the way down is known by identity; one frozen only on top is still read by content', () => {
    const frozen = Object.freeze({ ...defaultCalendar, holidays: Object.freeze(['2026-03-02']) }) as unknown as BusinessCalendar;
    expect(Object.isFrozen(defaultCalendar)).toBe(true);
    expect(isWorkingTime(defaultCalendar, '2026-03-02T10:00:00+08:00')).toBe(true);
    expect(isWorkingTime(frozen, '2026-03-02T10:00:00+08:00')).toBe(false);
    expect(isWorkingTime(frozen, '2026-03-02T10:00:00+08:00')).toBe(false);
    const holidays: string[] = [];
    const topOnly = Object.freeze({ ...defaultCalendar, holidays }) as unknown as BusinessCalendar;
    expect(isWorkingTime(topOnly, '2026-03-02T10:00:00+08:00')).toBe(true);
    holidays.push('2026-03-02');
    expect(isWorkingTime(topOnly, '2026-03-02T10:00:00+08:00')).toBe(false);
    holidays[0] = 'someday';
    expect(() => isWorkingTime(topOnly, '2026-03-02T10:00:00+08:00')).toThrow(/invalid business calendar/);
  });

  it('a value JSON would write like an accepted one is still checked itself (a Date is no "YYYY-MM-DD")', () => {
    const accepted = { ...defaultCalendar, holidays: ['2026-03-02'] };
    expect(isWorkingTime(accepted, '2026-03-02T10:00:00+08:00')).toBe(false);
    const lookalike = { ...defaultCalendar, holidays: [{ toJSON: () => '2026-03-02' }] } as unknown as BusinessCalendar;
    expect(JSON.stringify(lookalike)).toBe(JSON.stringify(accepted));
    expect(() => isWorkingTime(lookalike, '2026-03-02T10:00:00+08:00')).toThrow(/invalid business calendar/);
    const hidden = { ...accepted };
    Object.defineProperty(hidden, 'timeZone', { value: 'Mars/Olympus_Mons', enumerable: false });
    expect(() => isWorkingTime(hidden, '2026-03-02T10:00:00+08:00')).toThrow(/invalid business calendar/);
  });

  it("localDate and localTime read what TZDate's getters read, across DST and historical offsets", () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Africa/Monrovia'];
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    let checked = 0;
    for (const zone of zones) {
      // About every 73 days at a drifting time of day, 1890–2060: LMT offsets with seconds, war time, DST both ways.
      for (let ms = Date.UTC(1890, 0, 1); ms < Date.UTC(2060, 0, 1); ms += 26_000_000 * 243) {
        const t = new TZDate(ms, zone);
        expect(localDate(ms, zone)).toBe(`${pad(t.getFullYear(), 4)}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`);
        expect(localTime(ms, zone)).toBe(`${pad(t.getHours())}:${pad(t.getMinutes())}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });
});

describe('years 0000–0099 (kefu dates run from year 0000)', () => {
  it('listDates walks days of a two-digit year in that year, not in the 1900s (Date.UTC maps years 0–99 to 1900–1999)', () => {
    expect(listDates('0050-01-01', '0050-01-03')).toEqual(['0050-01-01', '0050-01-02', '0050-01-03']);
    expect(listDates('0099-12-31', '0100-01-01')).toEqual(['0099-12-31', '0100-01-01']);
  });

  it('year 0000 is a leap year (divisible by 400), unlike 1900', () => {
    expect(listDates('0000-02-28', '0000-03-01')).toEqual(['0000-02-28', '0000-02-29', '0000-03-01']);
  });
});
