/**
 * `kefu/time`: pure time helpers — instants, the business calendar (working periods,
 * holidays, 调休), SLA clocks and quiet hours. Nothing here reads the wall clock.
 *
 * The public surface is listed explicitly; helpers in `internal.ts` and the exports of
 * `calendar.ts` marked `@internal` are not part of it and may change without a major version.
 */
export { type Instant, toEpoch, toIso, delayUntil, MAX_DELAY_MS, NO_DELAY } from './instant.js';
export {
  type BusinessCalendar,
  type BusinessCalendarInput,
  type LocalDate,
  type LocalTime,
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
  workingPeriodsOn,
  workingTimeBetween,
} from './calendar.js';
export { CalendarCoverageError, isCalendarCoverageError } from './coverage-error.js';
export {
  type ResumeSlaOptions,
  type SlaClock,
  type SlaMode,
  type SlaOutcome,
  type SlaState,
  type SlaStatus,
  type SlaStatusOptions,
  type StartSlaOptions,
  type StopSlaOptions,
  SlaClockSchema,
  pauseSla,
  resumeSla,
  slaStatus,
  startSla,
  stopSla,
} from './sla.js';
export {
  type QuietHours,
  QuietHoursSchema,
  isQuietTime,
  nextAllowedMoment,
  quietRangeAt,
} from './quiet.js';
export {
  type DeadlineSpan,
  type DeadlineThreshold,
  type EscalationLevel,
  type ThresholdTime,
  type ThresholdTimesOptions,
  DeadlineThresholdSchema,
  EscalationLevelSchema,
  thresholdTimes,
} from './warnings.js';
