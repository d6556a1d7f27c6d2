import * as z from 'zod/mini';
import { ChannelSchema, IsoDateTimeSchema, TextSchema } from '../schemas/index.js';
import type { PhraseHit } from '../language/index.js';
import type { Violation } from '../rules/violation.js';

/**
 * A service record as the quality specialist reviews it: who served, by which channel, what the
 * agent and the customer said, and the record as filed. The audit reads the text but never copies
 * it into its report (QA-AUDIT, PRIVACY).
 */
export const ServiceRecordSchema = z.strictObject({
  id: TextSchema,
  agentId: TextSchema,
  channel: ChannelSchema,
  at: IsoDateTimeSchema,
  /** The conversation, in order. */
  utterances: z.array(z.strictObject({ by: z.enum(['agent', 'customer']), text: z.string() })),
  /** The record as filed (e.g. the call record's fields); only checked for presence. @default {} */
  fields: z._default(z.record(z.string(), z.unknown()), {}),
});

/** A service record. */
export type ServiceRecord = z.output<typeof ServiceRecordSchema>;
/** A service record as given (`fields` may be omitted). */
export type ServiceRecordInput = z.input<typeof ServiceRecordSchema>;

const base = {
  /** Stable id of the standard, e.g. `greeting`. */
  id: TextSchema,
  zh: TextSchema,
  en: TextSchema,
  /** Points of the standard in a record's score. @default 1 */
  weight: z._default(z.number().check(z.positive()), 1),
};

/**
 * One standard of the quality checklist (质量控制标准):
 * - `greeting`: the agent's first words contain one of `phrases`;
 * - `closing`: the agent's last words contain one of `phrases`;
 * - `record-complete`: the filed record has every one of `fields`, not empty;
 * - `no-forbidden-phrases`: no agent utterance contains a forbidden phrase (`phrases`, by default
 *   every category of the policy's `language` — refusals, rash promises, shifting blame, doubting
 *   the customer — with its polite exceptions, the CP-LANGUAGE check of the machines).
 */
export const StandardSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('greeting'), phrases: z.array(TextSchema).check(z.minLength(1)) }),
  z.strictObject({ ...base, kind: z.literal('closing'), phrases: z.array(TextSchema).check(z.minLength(1)) }),
  z.strictObject({ ...base, kind: z.literal('record-complete'), fields: z.array(TextSchema).check(z.minLength(1)) }),
  z.strictObject({ ...base, kind: z.literal('no-forbidden-phrases'), phrases: z.optional(z.array(TextSchema).check(z.minLength(1))) }),
]);

/** One standard of the checklist. */
export type Standard = z.output<typeof StandardSchema>;
/** One standard as given (`weight` may be omitted). */
export type StandardInput = z.input<typeof StandardSchema>;

/** A checklist: standards with distinct ids. */
export const ChecklistSchema = z.array(StandardSchema).check(
  z.minLength(1),
  z.refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'standard ids must be distinct'),
);

/** How a failed item is followed up (反馈: 培训, 辅导, 完善标准), or why it is dismissed. */
export const FeedbackActionSchema = z.enum(['training', 'coaching', 'standard-revision', 'dismissed']);

/** Feedback recorded for one failed item of an audit. */
export const AuditFeedbackSchema = z.strictObject({
  /** `recordId:standardId`, as in the report's findings. */
  findingId: TextSchema,
  action: FeedbackActionSchema,
  /** What is done about it (the specialist's note; never about the customer). */
  note: TextSchema,
  by: TextSchema,
  at: IsoDateTimeSchema,
});

/** Feedback recorded for one failed item. */
export type AuditFeedback = z.output<typeof AuditFeedbackSchema>;

/** A forbidden phrase found in a record: the phrase, the utterance (index in `utterances`) and the position in it. */
export interface PhraseFinding extends PhraseHit {
  readonly utterance: number;
}

/** One standard checked on one record. */
export interface ItemResult {
  readonly standardId: string;
  readonly passed: boolean;
  /** For `record-complete`: the fields missing. */
  readonly missing?: readonly string[];
  /** For `no-forbidden-phrases`: the phrases found, with their positions. */
  readonly phrases?: readonly PhraseFinding[];
}

/** One sampled record, scored. */
export interface RecordResult {
  readonly recordId: string;
  readonly agentId: string;
  readonly channel: ServiceRecord['channel'];
  /** 0–100, one decimal: the weight of the standards passed over the total weight. */
  readonly score: number;
  /** Whether the score reaches `policy.quality.passScore`. */
  readonly passed: boolean;
  readonly items: readonly ItemResult[];
}

/** A failed item: what must get feedback before the audit closes. */
export interface Finding {
  /** `recordId:standardId`. */
  readonly findingId: string;
  readonly recordId: string;
  readonly agentId: string;
  readonly standardId: string;
  readonly missing?: readonly string[];
  readonly phrases?: readonly PhraseFinding[];
}

/** A quality audit's report (服务质量自审): ids, scores and findings only. */
export interface AuditReport {
  readonly auditId: string;
  readonly at: string;
  /** The sampling seed: the same records and seed give the same sample. */
  readonly seed: string;
  /** How many records the sample was drawn from. */
  readonly population: number;
  readonly sampled: readonly string[];
  readonly checklist: readonly { readonly id: string; readonly zh: string; readonly en: string; readonly weight: number }[];
  readonly passScore: number;
  readonly records: readonly RecordResult[];
  readonly findings: readonly Finding[];
  /** Mean score of the sample, or `null` when nothing was sampled. */
  readonly averageScore: number | null;
  readonly byAgent: readonly { readonly agentId: string; readonly records: number; readonly averageScore: number; readonly failedStandards: readonly string[] }[];
  readonly byStandard: readonly { readonly standardId: string; readonly checked: number; readonly failed: number; readonly failRate: number }[];
  /** What the findings feed back into (根据质量自审所收集到的数据…完善质量管理标准;制定培训计划). */
  readonly feedback: {
    /** Agents to train, on the standards they failed. */
    readonly training: readonly { readonly agentId: string; readonly standardIds: readonly string[] }[];
    /** Standards failed by at least `policy.quality.reviewStandardFailRate` of the sample: review the standard or train everyone. */
    readonly standards: readonly { readonly standardId: string; readonly failRate: number }[];
  };
}

/** An audit closed with feedback for every failed item. */
export interface ClosedAudit extends AuditReport {
  readonly feedbackRecorded: readonly AuditFeedback[];
  /** The training plan the feedback asks for (制定培训计划), by agent. */
  readonly trainingPlan: readonly { readonly agentId: string; readonly standardIds: readonly string[] }[];
  /** Standards to revise (完善质量管理标准). */
  readonly standardRevisions: readonly string[];
  readonly closedBy: string;
  readonly closedAt: string;
}

/** What {@link closeAudit} returns: the closed audit, or the rule that refuses it. */
export type AuditCloseResult =
  | { readonly accepted: true; readonly value: ClosedAudit }
  | { readonly accepted: false; readonly violations: readonly Violation[] };
