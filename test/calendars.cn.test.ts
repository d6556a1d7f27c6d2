/**
 * kefu/calendars/cn against an independent dataset: `chinese-days` (a dev dependency, tracked
 * from the State Council's notices by other people) — every day of 2024–2026, and working-day
 * arithmetic day by day through the National Day and Spring Festival breaks of 2025 and 2026.
 */
import { findWorkday, getDayDetail, isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { definePolicy } from 'kefu';
import {
  chinaCalendar,
  chinaHolidayNotices,
  chinaHolidayOn,
} from 'kefu/calendars/cn';
import {
  BusinessCalendarSchema,
  CalendarCoverageError,
  addWorkingDays,
  addWorkingHours,
  isCalendarCoverageError,
  isWorkingTime,
  listDates,
  nextWorkingMoment,
  workingPeriodsOn,
  workingTimeBetween,
} from 'kefu/time';

const isWorkingDay = (date: string) => workingPeriodsOn(chinaCalendar, date).length > 0;
/** 10:00 on a date in Shanghai, as the UTC ISO string kefu returns. */
const at10 = (date: string) => new Date(`${date}T10:00:00+08:00`).toISOString();

describe('kefu/calendars/cn: China’s official calendar 2024–2026', () => {
  it('is a valid, frozen calendar covering 2024-01-01..2026-12-31, usable in one line', () => {
    expect(BusinessCalendarSchema.safeParse(chinaCalendar).success).toBe(true);
    expect(Object.isFrozen(chinaCalendar)).toBe(true);
    expect(chinaCalendar.coverage).toEqual({ from: '2024-01-01', to: '2026-12-31' });
    expect(definePolicy({ calendar: chinaCalendar }).calendar.holidays).toContain('2026-10-01');
  });

  it('agrees with chinese-days on whether each of the 1,096 days of 2024–2026 is a working day', () => {
    const days = listDates('2024-01-01', '2026-12-31');
    expect(days).toHaveLength(1096);
    const disagreements = days.filter((date) => isWorkingDay(date) !== isWorkday(date));
    expect(disagreements).toEqual([]);
  });

  it('agrees with chinese-days on which days are official holidays and which weekend days are worked', () => {
    for (const date of listDates('2024-01-01', '2026-12-31')) {
      const detail = getDayDetail(date);
      const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
      // chinese-days names a day after its holiday only inside a break or on its make-up day.
      const named = /,/.test(detail.name);
      expect(chinaHolidayOn(date) !== undefined, date).toBe(named && !detail.work);
      expect(chinaCalendar.makeUpWorkdays.includes(date), date).toBe(weekend && detail.work);
    }
  });

  it('lists each notice by document number, with the holidays the State Council named', () => {
    expect(chinaHolidayNotices.map((n) => [n.year, n.notice, n.holidays.length])).toEqual([
      [2024, '国办发明电〔2023〕7号', 7],
      [2025, '国办发明电〔2024〕12号', 6],
      [2026, '国办发明电〔2025〕7号', 7],
    ]);
    expect(chinaHolidayOn('2025-10-06')?.name.zh).toBe('国庆节、中秋节');
  });

  it('a date past the data’s last year is an error naming the coverage, never a silent working day', () => {
    expect(() => isWorkingTime(chinaCalendar, '2027-01-04T10:00:00+08:00')).toThrow(CalendarCoverageError);
    // The last working day of 2026 still works; a deadline that runs into 2027 is refused.
    expect(isWorkingTime(chinaCalendar, '2026-12-31T10:00:00+08:00')).toBe(true);
    let error: unknown;
    try {
      addWorkingHours(chinaCalendar, '2026-12-31T17:00:00+08:00', 2);
    } catch (e) {
      error = e;
    }
    expect(isCalendarCoverageError(error)).toBe(true);
    expect(error).toMatchObject({ date: '2027-01-01', coverage: { from: '2024-01-01', to: '2026-12-31' } });
    expect((error as Error).message).toContain('calendar.coverage');
    expect(() => nextWorkingMoment(chinaCalendar, '2023-12-29T19:00:00+08:00')).toThrow(CalendarCoverageError);
    expect(() => workingTimeBetween(chinaCalendar, '2023-12-29T10:00:00+08:00', '2024-01-02T10:00:00+08:00')).toThrow(
      CalendarCoverageError,
    );
    // A calendar without coverage takes every date as known (the default calendar).
    expect(isWorkingTime({ ...chinaCalendar, coverage: undefined }, '2027-01-04T10:00:00+08:00')).toBe(true);
  });

  it('coverage must run forwards', () => {
    const result = BusinessCalendarSchema.safeParse({ ...chinaCalendar, coverage: { from: '2026-12-31', to: '2024-01-01' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['coverage', 'to'], message: 'coverage "from" must not be after "to"' });
  });
});

describe('working days through the long breaks, day by day (Asia/Shanghai, against chinese-days findWorkday)', () => {
  // Each break with a week either side, so the make-up days (调休) before and after are inside.
  const breaks = {
    'National Day 2025': ['2025-09-21', '2025-10-18'],
    'Spring Festival 2025': ['2025-01-19', '2025-02-15'],
    'National Day 2026': ['2026-09-13', '2026-10-17'],
    'Spring Festival 2026': ['2026-02-07', '2026-03-07'],
  } as const;

  for (const [name, [from, to]] of Object.entries(breaks)) {
    it(`${name}: +1, +2, +3 and +5 working days from 10:00 on every day of ${from}..${to}`, () => {
      for (const date of listDates(from, to)) {
        expect(isWorkingDay(date), `${date} working?`).toBe(isWorkday(date));
        for (const n of [1, 2, 3, 5]) {
          expect(addWorkingDays(chinaCalendar, at10(date), n), `${date} + ${n}`).toBe(at10(findWorkday(n, date)));
        }
      }
    });
  }

  it('the cases of issue 12: Saturday 2025-09-27 + 1 is the make-up Sunday 09-28; 10-01 + 3 is Saturday 10-11', () => {
    expect(addWorkingDays(chinaCalendar, '2025-09-27T10:00:00+08:00', 1)).toBe(at10('2025-09-28'));
    expect(addWorkingDays(chinaCalendar, '2025-10-01T10:00:00+08:00', 3)).toBe(at10('2025-10-11'));
    // 除夕 2026 (02-16) is inside the break: +1 is the first day back, 02-24.
    expect(addWorkingDays(chinaCalendar, '2026-02-16T10:00:00+08:00', 1)).toBe(at10('2026-02-24'));
  });

  it('working hours skip the whole break and count the make-up Saturday (National Day 2025)', () => {
    // Tuesday 09-30 17:00 + 2 working hours: 1 hour that day, then Thursday 10-09 09:00–10:00.
    expect(addWorkingHours(chinaCalendar, '2025-09-30T17:00:00+08:00', 2)).toBe(at10('2025-10-09'));
    // 09-28 (Sun, 调休) .. 09-30 and 10-09 .. 10-11 (Sat, 调休): six working days of 7 hours.
    expect(workingTimeBetween(chinaCalendar, '2025-09-28T00:00:00+08:00', '2025-10-12T00:00:00+08:00')).toBe(6 * 7 * 3_600_000);
  });
});
