import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';
import { ActivityRecordSchema, DailySummarySchema } from '../../src/staff/index.js';

/** A calendar month, `YYYY-MM`, in the policy's time zone. */
export const MonthSchema = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM'));

/** Input of the monthly-assessment machine: the supervisor opens a month's assessment. */
export const MonthlyAssessmentInputSchema = z.strictObject({
  /** Unique id of the assessment, e.g. `PA-2026-12`. */
  assessmentId: TextSchema,
  /** The month assessed. */
  month: MonthSchema,
  /** The supervisor (客服主管) who drafts and publishes the assessment. */
  supervisor: TextSchema,
  /** When the assessment is opened. */
  at: IsoDateTimeSchema,
  /** The department's policy (score weights, reward and improvement bands). @default defaultPolicy */
  policy: z.optional(PolicySchema),
});

/** Input of the monthly-assessment machine. */
export type MonthlyAssessmentInput = z.input<typeof MonthlyAssessmentInputSchema>;

const at = { at: IsoDateTimeSchema };

/** Every event the monthly-assessment machine accepts, validated before it reaches the machine. */
export const MonthlyAssessmentEventSchema = z.discriminatedUnion('type', [
  /**
   * The supervisor drafts (or redrafts) the assessment from the month's activity records, daily
   * summaries and quality-audit scores (`assessMonth` of `kefu/staff`). A redraft after an
   * agent's objection carries the supervisor's answer in `note`.
   */
  z.strictObject({
    type: z.literal('ASSESSMENT.DRAFT'),
    records: z.array(ActivityRecordSchema),
    agentIds: z.optional(z.array(TextSchema)),
    summaries: z.optional(z.array(DailySummarySchema)),
    qualityScores: z.optional(z.record(TextSchema, z.number().check(z.gte(0), z.lte(100)))),
    note: z.optional(TextSchema),
    ...at,
  }),
  /** The draft goes to the agents assessed, each to see their own result. */
  z.strictObject({ type: z.literal('ASSESSMENT.SHARE'), ...at }),
  /** An agent has seen their result and acknowledges it. */
  z.strictObject({
    type: z.literal('ASSESSMENT.ACKNOWLEDGE'),
    /** The agent assessed; the principal must be this agent (its id is this id, ROLE-PERMIT). */
    agentId: TextSchema,
    comment: z.optional(TextSchema),
    ...at,
  }),
  /** An agent disputes their result, with the reason: the draft goes back to the supervisor. */
  z.strictObject({
    type: z.literal('ASSESSMENT.OBJECT'),
    /** The agent assessed; the principal must be this agent (its id is this id, ROLE-PERMIT). */
    agentId: TextSchema,
    reason: TextSchema,
    ...at,
  }),
  /** Every agent has seen the result: the supervisor publishes it (奖优罚劣). */
  z.strictObject({ type: z.literal('ASSESSMENT.PUBLISH'), ...at }),
]);

/** An event of the monthly-assessment machine. */
export type MonthlyAssessmentEvent = WithPrincipal<z.output<typeof MonthlyAssessmentEventSchema>>;
