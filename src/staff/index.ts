/**
 * `kefu/staff` — department management of the agents themselves (STAFF-SUMMARY, STAFF-DUTY):
 * daily summaries, weekly reports, the monthly assessment (奖优罚劣), and the holiday duty roster.
 * Pure functions and zod schemas; the monthly assessment as a process with steps and roles is the
 * machine `kefu/machines/monthly-assessment`, built on `assessMonth`.
 *
 * Internal on purpose: the helpers inside the files (interval merging, week arithmetic) are not
 * exported and may change without a major version.
 */
export {
  ActivityKindSchema,
  ActivityRecordSchema,
  DailySummarySchema,
  DutyShiftSchema,
  HandledSchema,
} from './staff.schemas.js';
export type {
  ActivityKind,
  ActivityRecord,
  AgentAssessment,
  Band,
  DailySummary,
  DutyGap,
  DutyRosterCheck,
  DutyShift,
  Handled,
  MonthlyAssessment,
  StaffResult,
  WeeklyReport,
} from './staff.schemas.js';
export { buildDailySummary, checkDailySummary, checkWeeklyReport, submitWeeklyReport, weekOf } from './summary.js';
export type { DailySummaryOptions, WeeklyReportInput } from './summary.js';
export { assessMonth } from './assessment.js';
export type { MonthlyAssessmentInput } from './assessment.js';
export { checkDutyRoster } from './duty.js';
export type { DutyRosterOptions } from './duty.js';
