/**
 * Daily summary and weekly report (STAFF-SUMMARY: 每日总结工作,分析存在的问题;每周进行工作汇报,
 * 提出改进措施). Pure builders from activity records, and the checks that refuse an incomplete one.
 */
import * as z from 'zod/mini';
import { parseOrThrow } from '../errors/validation-error.js';
import { defaultPolicy, type Policy } from '../policy/index.js';
import { type Violation } from '../rules/index.js';
import { missingFields, violation } from '../rules/process.js';
import { localDate, toIso, workingPeriodsOn, type Instant } from '../time/index.js';
import { dayOfWeek, shiftDate } from '../time/internal.js';
import { ActivityRecordSchema, type ActivityRecord, type DailySummary, type Handled, type StaffResult, type WeeklyReport } from './staff.schemas.js';

const emptyHandled = (): { -readonly [K in keyof Handled]: Handled[K] } => ({ total: 0, resolved: 0, pending: 0, escalated: 0, byKind: {} });

/**
 * The Monday and Sunday of the week (Monday to Sunday) holding a local date.
 *
 * @example
 * weekOf('2026-12-03') //=> { start: '2026-11-30', end: '2026-12-06' }
 */
export function weekOf(date: string): { start: string; end: string } {
  const start = shiftDate(date, -((dayOfWeek(date) + 6) % 7));
  return { start, end: shiftDate(start, 6) };
}

/** Options of {@link buildDailySummary}. */
export interface DailySummaryOptions {
  readonly agentId: string;
  /** Local date of the summary, in the policy's zone. */
  readonly date: string;
  /** Problems the agent found (存在的问题). @default [] */
  readonly problems?: readonly string[];
  /** When the summary is written. */
  readonly at: Instant;
  /** @default defaultPolicy */
  readonly policy?: Policy;
}

/**
 * An agent's daily summary from the day's activity records: what was handled, by kind and
 * outcome, which items are still open, and the problems the agent names.
 *
 * @example
 * buildDailySummary(records, { agentId: 'A1', date: '2026-12-01', problems: ['配件缺货导致两单未结'], at: '2026-12-01T18:00:00+08:00' }).handled
 * //=> { total: 5, resolved: 3, pending: 2, escalated: 0, byKind: { call: 4, complaint: 1 } }
 */
export function buildDailySummary(records: readonly ActivityRecord[], options: DailySummaryOptions): DailySummary {
  const zone = (options.policy ?? defaultPolicy).calendar.timeZone;
  const handled = emptyHandled();
  const byKind: Record<string, number> = {};
  const openIds: string[] = [];
  for (const r of parseOrThrow(z.array(ActivityRecordSchema), records, 'activity records')) {
    if (r.agentId !== options.agentId || localDate(r.at, zone) !== options.date) continue;
    handled.total++;
    handled[r.outcome]++;
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    if (r.outcome !== 'resolved') openIds.push(r.id);
  }
  handled.byKind = byKind;
  return { agentId: options.agentId, date: options.date, handled, openIds: openIds.sort(), problems: [...(options.problems ?? [])], writtenAt: toIso(options.at) };
}

/**
 * STAFF-SUMMARY (daily): a day that leaves items open must say what the problem is (分析存在的问题).
 *
 * @example
 * checkDailySummary({ ...summary, openIds: ['C-7'], problems: [] })?.details //=> { missing: ['problems'] }
 */
export function checkDailySummary(summary: DailySummary): Violation | undefined {
  return summary.openIds.length > 0 && summary.problems.length === 0 ? missingFields('STAFF-SUMMARY', ['problems']) : undefined;
}

/** What {@link submitWeeklyReport} and {@link checkWeeklyReport} take. */
export interface WeeklyReportInput {
  readonly agentId: string;
  /** Any local date of the week. */
  readonly week: string;
  /** The agent's daily summaries (others' and other weeks' are ignored). */
  readonly summaries: readonly DailySummary[];
  /** Improvement measures (改进措施); at least one. */
  readonly measures: readonly string[];
  readonly at: Instant;
  /** @default defaultPolicy */
  readonly policy?: Policy;
}

const workingDaysOfWeek = (policy: Policy, week: string) => {
  const { start } = weekOf(week);
  return Array.from({ length: 7 }, (_, i) => shiftDate(start, i)).filter((d) => workingPeriodsOn(policy.calendar, d).length > 0);
};

/**
 * STAFF-SUMMARY (weekly): a weekly report is refused while a working day of the week (in the
 * business calendar: holidays off, 调休 make-up days on) has no daily summary, or without an
 * improvement measure. `details.missing` lists the dates (and `measures`).
 *
 * @example
 * checkWeeklyReport({ agentId: 'A1', week: '2026-12-01', summaries: mondayToThursday, measures: ['…'], at })?.details
 * //=> { missing: ['2026-12-04'] }
 */
export function checkWeeklyReport(input: WeeklyReportInput): Violation | undefined {
  const policy = input.policy ?? defaultPolicy;
  const have = new Set(input.summaries.filter((s) => s.agentId === input.agentId).map((s) => s.date));
  const missingDays = workingDaysOfWeek(policy, input.week).filter((d) => !have.has(d));
  const missing = [...missingDays, ...(input.measures.some((m) => m.trim() !== '') ? [] : ['measures'])];
  if (missing.length === 0) return undefined;
  const zh = [missingDays.length ? `${missingDays.join('、')} 没有每日总结` : '', missing.includes('measures') ? '没有改进措施' : ''].filter(Boolean).join(';');
  const en = [missingDays.length ? `no daily summary for ${missingDays.join(', ')}` : '', missing.includes('measures') ? 'no improvement measure' : ''].filter(Boolean).join('; ');
  return violation('STAFF-SUMMARY', { reason: { zh, en }, details: { missing } });
}

/**
 * Submit an agent's weekly report: the totals and problems of the week's daily summaries and the
 * improvement measures. Refused (STAFF-SUMMARY) while {@link checkWeeklyReport} finds a gap.
 *
 * @example
 * const result = submitWeeklyReport({ agentId: 'A1', week: '2026-12-01', summaries, measures: ['备件提前一天确认'], at: '2026-12-04T18:00:00+08:00' });
 * if (!result.accepted) result.violations[0].details
 * //=> { missing: ['2026-12-04'] } (no daily summary for Friday)
 */
export function submitWeeklyReport(input: WeeklyReportInput): StaffResult<WeeklyReport> {
  const refusal = checkWeeklyReport(input);
  if (refusal) return { accepted: false, violations: [refusal] };
  const policy = input.policy ?? defaultPolicy;
  const { start, end } = weekOf(input.week);
  const days = input.summaries.filter((s) => s.agentId === input.agentId && s.date >= start && s.date <= end).sort((a, b) => (a.date < b.date ? -1 : 1));
  const handled = emptyHandled();
  const byKind: Record<string, number> = {};
  for (const s of days) {
    handled.total += s.handled.total;
    handled.resolved += s.handled.resolved;
    handled.pending += s.handled.pending;
    handled.escalated += s.handled.escalated;
    for (const [k, n] of Object.entries(s.handled.byKind)) byKind[k] = (byKind[k] ?? 0) + (n ?? 0);
  }
  handled.byKind = byKind;
  return {
    accepted: true,
    value: {
      agentId: input.agentId,
      weekStart: start,
      weekEnd: end,
      workingDays: workingDaysOfWeek(policy, input.week),
      handled,
      problems: days.flatMap((s) => s.problems.map((text) => ({ date: s.date, text }))),
      measures: input.measures.filter((m) => m.trim() !== ''),
      writtenAt: toIso(input.at),
    },
  };
}
