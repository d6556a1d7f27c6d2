import * as z from 'zod/mini';
import { IsoDateTimeSchema, LocalDateSchema, TextSchema } from '../schemas/index.js';
import type { Violation } from '../rules/violation.js';

/** What kind of work an activity was. */
export const ActivityKindSchema = z.enum(['call', 'email', 'chat', 'complaint', 'suggestion', 'return-visit', 'customer-data', 'order', 'return', 'other']);

/** What kind of work an activity was. */
export type ActivityKind = z.output<typeof ActivityKindSchema>;

/**
 * One item of an agent's work, as the host's CRM records it: what was handled, when, and how it
 * ended. Ids only — no customer names or numbers.
 */
export const ActivityRecordSchema = z.strictObject({
  /** Id of the item (a case, a call, an email...). */
  id: TextSchema,
  agentId: TextSchema,
  kind: ActivityKindSchema,
  at: IsoDateTimeSchema,
  /** Resolved; still pending; or escalated to someone else. */
  outcome: z.enum(['resolved', 'pending', 'escalated']),
  /** The customer's satisfaction, when asked. */
  satisfaction: z.optional(z.enum(['satisfied', 'average', 'dissatisfied'])),
});

/** One item of an agent's work. */
export type ActivityRecord = z.output<typeof ActivityRecordSchema>;

/** Counts of handled work. */
export const HandledSchema = z.strictObject({
  total: z.int().check(z.nonnegative()),
  resolved: z.int().check(z.nonnegative()),
  pending: z.int().check(z.nonnegative()),
  escalated: z.int().check(z.nonnegative()),
  byKind: z.partialRecord(ActivityKindSchema, z.int().check(z.nonnegative())),
});

/** Counts of handled work. */
export type Handled = z.output<typeof HandledSchema>;

/** An agent's daily summary (每日总结工作,分析存在的问题). */
export const DailySummarySchema = z.strictObject({
  agentId: TextSchema,
  /** Local date in the department's zone. */
  date: LocalDateSchema,
  handled: HandledSchema,
  /** Items still open at the end of the day, to follow up. */
  openIds: z.array(TextSchema),
  /** Problems the agent found (存在的问题). */
  problems: z.array(TextSchema),
  writtenAt: IsoDateTimeSchema,
});

/** An agent's daily summary. */
export type DailySummary = z.output<typeof DailySummarySchema>;

/** An agent's weekly report (每周进行工作汇报,提出改进措施). */
export interface WeeklyReport {
  readonly agentId: string;
  /** Monday of the week. */
  readonly weekStart: string;
  /** Sunday of the week. */
  readonly weekEnd: string;
  /** The working days of the week in the business calendar. */
  readonly workingDays: readonly string[];
  /** Totals of the daily summaries. */
  readonly handled: Handled;
  /** The problems of the week, by day. */
  readonly problems: readonly { readonly date: string; readonly text: string }[];
  /** Improvement measures (改进措施). */
  readonly measures: readonly string[];
  readonly writtenAt: string;
}

/** Where an agent stands after the monthly assessment (奖优罚劣). */
export type Band = 'reward' | 'standard' | 'improve';

/** One agent in the monthly assessment. Each part is a share in [0, 1], or `null` without data. */
export interface AgentAssessment {
  readonly agentId: string;
  readonly handled: number;
  readonly parts: {
    readonly resolution: number | null;
    readonly satisfaction: number | null;
    readonly volume: number | null;
    readonly quality: number | null;
    readonly summaries: number | null;
  };
  /** 0–100, one decimal. */
  readonly score: number;
  /** 1 = best; equal scores share a rank. */
  readonly rank: number;
  readonly band: Band;
}

/** The monthly performance assessment (每月进行绩效考核,奖优罚劣). */
export interface MonthlyAssessment {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly workingDays: number;
  /** Best first. */
  readonly agents: readonly AgentAssessment[];
  /** The weights used (from `policy.staff.scoreWeights`). */
  readonly weights: Readonly<Record<keyof AgentAssessment['parts'], number>>;
}

/** A shift of holiday duty (节假日值班). Who, from when to when, and when they actually arrived. */
export const DutyShiftSchema = z.strictObject({
  agentId: TextSchema,
  from: IsoDateTimeSchema,
  to: IsoDateTimeSchema,
  /** When the agent arrived (按照规定时间到岗); coverage starts then when it is later than `from`. */
  arrivedAt: z.optional(IsoDateTimeSchema),
}).check(
  z.refine((s) => Date.parse(s.from) < Date.parse(s.to), { message: 'a shift ends after it starts', path: ['to'] }),
);

/** A shift of holiday duty. */
export type DutyShift = z.output<typeof DutyShiftSchema>;

/** Service hours with nobody on duty. */
export interface DutyGap {
  readonly date: string;
  /** ISO-8601 UTC. */
  readonly from: string;
  readonly to: string;
  readonly minutes: number;
}

/** What {@link checkDutyRoster} finds. */
export interface DutyRosterCheck {
  /** The days that need holiday duty in the range. */
  readonly dutyDays: readonly string[];
  /** Service hours nobody covers, in order. */
  readonly gaps: readonly DutyGap[];
  /** STAFF-DUTY violation listing the gaps, when there are any. */
  readonly violation?: Violation;
}

/** What a submission returns: the accepted value, or the rules that refuse it. */
export type StaffResult<T> =
  | { readonly accepted: true; readonly value: T }
  | { readonly accepted: false; readonly violations: readonly Violation[] };
