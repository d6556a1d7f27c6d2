import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { ChannelSchema, ContactSchema, IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';

/**
 * The suggestion record (尊重客户建议,认真记录), complete: who suggested, how to reach them
 * (to confirm the improvement with them later), and what they suggest.
 */
export const SuggestionRecordSchema = z.strictObject({
  /** Who made the suggestion (客户姓名). */
  customer: TextSchema,
  /** How to reach them to confirm the improvement. */
  contact: ContactSchema,
  /** The suggestion itself (建议内容). */
  content: TextSchema,
  /** What it is about (a service item, a product), if known. */
  topic: z.optional(TextSchema),
});

/** A complete suggestion record. */
export type SuggestionRecord = z.output<typeof SuggestionRecordSchema>;

/** A record being filled in: every field optional, each present field well-formed. */
export const SuggestionRecordDraftSchema = z.partial(SuggestionRecordSchema);

/** A suggestion record being filled in. */
export type SuggestionRecordDraft = z.output<typeof SuggestionRecordDraftSchema>;

/** Input of the suggestion machine. */
export const SuggestionInputSchema = z.strictObject({
  /** Unique id of the case in the host's system. */
  caseId: TextSchema,
  /** When the suggestion was received. */
  receivedAt: IsoDateTimeSchema,
  /** The channel it came by. */
  channel: ChannelSchema,
  /** The record as far as it is filled in. */
  record: z.optional(SuggestionRecordDraftSchema),
  /** The call it came from, when it was taken on the phone (CALL-CLASSIFY). */
  sourceCallId: z.optional(TextSchema),
  /** The walk-in visit it came from, when it was taken at the counter (WALKIN). */
  sourceVisitId: z.optional(TextSchema),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the case is opened; defaults to `receivedAt`. */
  at: z.optional(IsoDateTimeSchema),
});

/** Input of the suggestion machine. */
export type SuggestionInput = z.input<typeof SuggestionInputSchema>;

const at = { at: IsoDateTimeSchema };

/** Every event the suggestion machine accepts, validated before it reaches the machine. */
export const SuggestionEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('SUGGESTION.UPDATE'), fields: SuggestionRecordDraftSchema, ...at }),
  z.strictObject({
    type: z.literal('SUGGESTION.FORWARD'),
    /** The department the suggestion is passed to, an id of `policy.departments`. */
    department: TextSchema,
    /** When the department should have answered; a later answer is escalated. */
    respondBy: z.optional(IsoDateTimeSchema),
    ...at,
  }),
  z.strictObject({
    type: z.literal('DEPARTMENT.RESPOND'),
    /** `adopt`: the department will improve; `decline`: it will not (a reason is needed). */
    decision: z.enum(['adopt', 'decline']),
    /** The improvement planned (needed when adopting). */
    plan: z.optional(TextSchema),
    /** Why the department declines (needed when declining). */
    reason: z.optional(TextSchema),
    /** When the improvement is expected; a later completion is escalated. */
    expectedBy: z.optional(IsoDateTimeSchema),
    /** Who answered for the department. */
    responder: z.optional(TextSchema),
    ...at,
  }),
  z.strictObject({ type: z.literal('PROGRESS.RECORD'), note: TextSchema, ...at }),
  z.strictObject({ type: z.literal('IMPROVEMENT.COMPLETE'), description: TextSchema, ...at }),
  z.strictObject({ type: z.literal('CUSTOMER.REPLY'), text: TextSchema, ...at }),
  z.strictObject({ type: z.literal('CUSTOMER.CONFIRM'), satisfied: z.boolean(), note: z.optional(TextSchema), ...at }),
  z.strictObject({ type: z.literal('SUGGESTION.CLOSE'), ...at }),
]);

/** An event of the suggestion machine. */
export type SuggestionEvent = WithPrincipal<z.output<typeof SuggestionEventSchema>>;
