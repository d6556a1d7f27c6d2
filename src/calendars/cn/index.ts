/**
 * `kefu/calendars/cn`: China's official working calendar — the public holidays and make-up
 * working days (调休) of 2024–2026, as the General Office of the State Council published them
 * (国务院办公厅关于…部分节假日安排的通知), on kefu's default working hours in Asia/Shanghai.
 *
 * Why our own data and not a package: the lists are 22 short notices, they change once a year,
 * and a calendar has to be plain JSON (it sits in the policy, which sits in every case's
 * context). Tests compare every day of 2024–2026 with the independent `chinese-days` dataset.
 * The calendar's `coverage` is 2024-01-01..2026-12-31: a calculation that needs a later (or
 * earlier) date throws a `CalendarCoverageError` instead of treating a holiday as a working day.
 */
import {
  type BusinessCalendar,
  type LocalDate,
  defaultCalendar,
  listDates,
} from '../../time/index.js';

/** One holiday of a State Council notice: its days off and the make-up working days that go with it. */
export interface ChinaHoliday {
  /** The holiday's name, e.g. `{ zh: '春节', en: 'Spring Festival' }`. */
  readonly name: { readonly zh: string; readonly en: string };
  /** First and last day off, both included (weekend days inside the break included). */
  readonly off: readonly [LocalDate, LocalDate];
  /** Weekend days worked instead (调休上班), possibly none. */
  readonly makeUpWorkdays: readonly LocalDate[];
}

/** One year's notice. */
export interface ChinaHolidayNotice {
  readonly year: number;
  /** The notice's document number, for checking against the source. */
  readonly notice: string;
  readonly holidays: readonly ChinaHoliday[];
}

const newYear = { zh: '元旦', en: "New Year's Day" };
const springFestival = { zh: '春节', en: 'Spring Festival' };
const qingming = { zh: '清明节', en: 'Tomb-sweeping Day' };
const labourDay = { zh: '劳动节', en: 'Labour Day' };
const dragonBoat = { zh: '端午节', en: 'Dragon Boat Festival' };
const midAutumn = { zh: '中秋节', en: 'Mid-autumn Festival' };
const nationalDay = { zh: '国庆节', en: 'National Day' };
const nationalDayMidAutumn = { zh: '国庆节、中秋节', en: 'National Day and Mid-autumn Festival' };

/**
 * The State Council's notices for 2024, 2025 and 2026, holiday by holiday, as published.
 *
 * @example
 * chinaHolidayNotices.find((n) => n.year === 2025)?.holidays[1]
 * //=> { name: { zh: '春节', en: 'Spring Festival' }, off: ['2025-01-28', '2025-02-04'], makeUpWorkdays: ['2025-01-26', '2025-02-08'] }
 */
export const chinaHolidayNotices: readonly ChinaHolidayNotice[] = deepFreeze([
  {
    year: 2024,
    notice: '国办发明电〔2023〕7号',
    holidays: [
      { name: newYear, off: ['2024-01-01', '2024-01-01'], makeUpWorkdays: [] },
      { name: springFestival, off: ['2024-02-10', '2024-02-17'], makeUpWorkdays: ['2024-02-04', '2024-02-18'] },
      { name: qingming, off: ['2024-04-04', '2024-04-06'], makeUpWorkdays: ['2024-04-07'] },
      { name: labourDay, off: ['2024-05-01', '2024-05-05'], makeUpWorkdays: ['2024-04-28', '2024-05-11'] },
      { name: dragonBoat, off: ['2024-06-10', '2024-06-10'], makeUpWorkdays: [] },
      { name: midAutumn, off: ['2024-09-15', '2024-09-17'], makeUpWorkdays: ['2024-09-14'] },
      { name: nationalDay, off: ['2024-10-01', '2024-10-07'], makeUpWorkdays: ['2024-09-29', '2024-10-12'] },
    ],
  },
  {
    year: 2025,
    notice: '国办发明电〔2024〕12号',
    holidays: [
      { name: newYear, off: ['2025-01-01', '2025-01-01'], makeUpWorkdays: [] },
      { name: springFestival, off: ['2025-01-28', '2025-02-04'], makeUpWorkdays: ['2025-01-26', '2025-02-08'] },
      { name: qingming, off: ['2025-04-04', '2025-04-06'], makeUpWorkdays: [] },
      { name: labourDay, off: ['2025-05-01', '2025-05-05'], makeUpWorkdays: ['2025-04-27'] },
      { name: dragonBoat, off: ['2025-05-31', '2025-06-02'], makeUpWorkdays: [] },
      { name: nationalDayMidAutumn, off: ['2025-10-01', '2025-10-08'], makeUpWorkdays: ['2025-09-28', '2025-10-11'] },
    ],
  },
  {
    year: 2026,
    notice: '国办发明电〔2025〕7号',
    holidays: [
      { name: newYear, off: ['2026-01-01', '2026-01-03'], makeUpWorkdays: ['2026-01-04'] },
      { name: springFestival, off: ['2026-02-15', '2026-02-23'], makeUpWorkdays: ['2026-02-14', '2026-02-28'] },
      { name: qingming, off: ['2026-04-04', '2026-04-06'], makeUpWorkdays: [] },
      { name: labourDay, off: ['2026-05-01', '2026-05-05'], makeUpWorkdays: ['2026-05-09'] },
      { name: dragonBoat, off: ['2026-06-19', '2026-06-21'], makeUpWorkdays: [] },
      { name: midAutumn, off: ['2026-09-25', '2026-09-27'], makeUpWorkdays: [] },
      { name: nationalDay, off: ['2026-10-01', '2026-10-07'], makeUpWorkdays: ['2026-09-20', '2026-10-10'] },
    ],
  },
]);

const holidays = chinaHolidayNotices.flatMap((n) => n.holidays.flatMap((h) => listDates(h.off[0], h.off[1])));
const makeUpWorkdays = chinaHolidayNotices.flatMap((n) => n.holidays.flatMap((h) => h.makeUpWorkdays)).sort();

/**
 * China's official working calendar for 2024–2026: kefu's default hours (Monday to Friday
 * 09:00–12:00 and 14:00–18:00, Asia/Shanghai), every day off of the State Council's notices
 * as a holiday, every 调休 Saturday or Sunday as a make-up workday (with Monday's hours), and
 * `coverage` 2024-01-01..2026-12-31. Frozen; spread it to change the hours.
 *
 * @example
 * definePolicy({ calendar: chinaCalendar }) // one line in a host
 * isWorkingTime(chinaCalendar, '2025-09-28T10:00:00+08:00') // a Sunday, worked (调休)
 * //=> true
 * addWorkingDays(chinaCalendar, '2025-10-01T10:00:00+08:00', 3)
 * //=> '2025-10-11T02:00:00.000Z' (Saturday 10:00, the make-up workday after the break)
 * isWorkingTime(chinaCalendar, '2027-01-04T10:00:00+08:00')
 * //=> throws CalendarCoverageError: 2027-01-04 is outside the calendar's coverage
 */
export const chinaCalendar: BusinessCalendar = deepFreeze({
  ...structuredClone(defaultCalendar),
  holidays,
  makeUpWorkdays,
  coverage: { from: '2024-01-01', to: '2026-12-31' },
});

/**
 * The official holiday a date falls in, if any: the name and the notice's days off.
 *
 * @param date - A date `"YYYY-MM-DD"`.
 *
 * @example
 * chinaHolidayOn('2026-02-16')?.name.zh // 除夕
 * //=> '春节'
 * chinaHolidayOn('2026-02-14') // a make-up workday is not a holiday
 * //=> undefined
 */
export function chinaHolidayOn(date: LocalDate): ChinaHoliday | undefined {
  for (const notice of chinaHolidayNotices) {
    for (const holiday of notice.holidays) {
      if (holiday.off[0] <= date && date <= holiday.off[1]) return holiday;
    }
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
