import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';
import { ChecklistSchema, FeedbackActionSchema, ServiceRecordSchema } from '../../src/quality/index.js';

/**
 * A service record as the sample is drawn from it: its id and the agent who served. The sample
 * is drawn from these references; the records themselves (with the conversation) are given one
 * by one to be scored.
 */
export const AuditRecordRefSchema = z.strictObject({
  /** Id of the service record. */
  id: TextSchema,
  /** The agent who served. */
  agentId: TextSchema,
});

/** A reference to a service record of the population. */
export type AuditRecordRef = z.output<typeof AuditRecordRefSchema>;

/** Input of the quality-audit machine: the quality specialist opens an audit. */
export const QualityAuditInputSchema = z.strictObject({
  /** Unique id of the audit, e.g. `QA-2026-12`. */
  auditId: TextSchema,
  /** The quality specialist (质量管理专员) who runs the audit. */
  auditor: TextSchema,
  /** When the audit is opened. */
  at: IsoDateTimeSchema,
  /** The standards the records are scored against. @default defaultChecklist(policy) */
  checklist: z.optional(ChecklistSchema),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
});

/** Input of the quality-audit machine. */
export type QualityAuditInput = z.input<typeof QualityAuditInputSchema>;

const at = { at: IsoDateTimeSchema };
const positiveInt = z.int().check(z.positive());

/** Every event the quality-audit machine accepts, validated before it reaches the machine. */
export const QualityAuditEventSchema = z.discriminatedUnion('type', [
  /**
   * Draw the seeded sample (抽查) from the population: `size` records in all (default
   * `policy.quality.sampleSize`) or `perAgent` from each agent, never both.
   */
  z.strictObject({
    type: z.literal('SAMPLE.DRAW'),
    population: z.array(AuditRecordRefSchema).check(z.minLength(1)),
    seed: TextSchema,
    size: z.optional(positiveInt),
    perAgent: z.optional(positiveInt),
    ...at,
  }),
  /** Score one sampled record against the checklist. The conversation is read, never kept. */
  z.strictObject({ type: z.literal('RECORD.SCORE'), record: ServiceRecordSchema, ...at }),
  /** Every sampled record is scored: the report is drawn up. */
  z.strictObject({ type: z.literal('SCORING.COMPLETE'), ...at }),
  /** Feedback on one failed item (a finding): training, coaching, a revision of the standard, or a reasoned dismissal. */
  z.strictObject({ type: z.literal('FEEDBACK.RECORD'), findingId: TextSchema, action: FeedbackActionSchema, note: TextSchema, ...at }),
  /** Every finding has feedback: the results go to the agents (反馈). */
  z.strictObject({ type: z.literal('FEEDBACK.SEND'), ...at }),
  /** An audited agent acknowledges their results, with a comment if they wish. */
  z.strictObject({
    type: z.literal('FEEDBACK.ACKNOWLEDGE'),
    /** The audited agent whose results these are; the principal must be this agent (its id is this id, ROLE-PERMIT). */
    agentId: TextSchema,
    comment: z.optional(TextSchema),
    ...at,
  }),
  /** The training item of an agent is delivered (制定培训计划,培训和支持客服人员). */
  z.strictObject({ type: z.literal('TRAINING.RECORD'), agentId: TextSchema, note: TextSchema, ...at }),
  /** Close the audit once every training item is delivered. */
  z.strictObject({ type: z.literal('AUDIT.CLOSE'), ...at }),
]);

/** An event of the quality-audit machine. */
export type QualityAuditEvent = WithPrincipal<z.output<typeof QualityAuditEventSchema>>;
