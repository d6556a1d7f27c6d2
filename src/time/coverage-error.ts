import { brandError, errorName, isErrorOfClass } from '../errors/kefu-error.js';

/**
 * The error a calculation throws when it needs a date the calendar's holiday list does not
 * cover (`BusinessCalendar.coverage`): better a loud failure than a holiday counted as a
 * working day because nobody loaded that year's notice.
 */
export class CalendarCoverageError extends RangeError {
  static readonly [errorName]: string = 'CalendarCoverageError';
  // A RangeError, not a KefuError, so it brands itself: see isErrorOfClass.
  static [Symbol.hasInstance] = isErrorOfClass;

  /** The date that was needed, `"YYYY-MM-DD"`. */
  declare readonly date: string;
  /** The calendar's coverage, both ends included. */
  declare readonly coverage: { readonly from: string; readonly to: string };

  constructor(date: string, coverage: { readonly from: string; readonly to: string }) {
    super(
      `${date} is outside the calendar's coverage (calendar.coverage: ${coverage.from} to ${coverage.to}): ` +
        `add that year's holidays and make-up workdays and extend "coverage" (for China: update kefu, ` +
        `or add the State Council's notice yourself)`,
    );
    this.date = date;
    this.coverage = { from: coverage.from, to: coverage.to };
    this.name = brandError(this, new.target);
  }
}

/**
 * Whether a value is a {@link CalendarCoverageError}.
 *
 * @example
 * isCalendarCoverageError(new CalendarCoverageError('2027-01-04', { from: '2024-01-01', to: '2026-12-31' }))
 * //=> true
 * isCalendarCoverageError(new RangeError('x'))
 * //=> false
 */
export function isCalendarCoverageError(value: unknown): value is CalendarCoverageError {
  return value instanceof CalendarCoverageError;
}
