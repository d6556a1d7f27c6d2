import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';
import { DoNotCallListSchema } from '../../src/dnc/index.js';

/**
 * A prospect of the data list (数据清单, 潜在客户): an id and, optionally, the segment it was
 * drawn from. Numbers and names stay in the host's CRM; the dialler looks them up by id.
 */
export const ProspectSchema = z.strictObject({
  customerId: TextSchema,
  /** The segment or source list, e.g. `lapsed-members`. */
  segment: z.optional(TextSchema),
});

/** A prospect of the data list. */
export type Prospect = z.output<typeof ProspectSchema>;

/** The five analyses of the campaign summary (项目活动的总结), in the documents' order. */
export const AnalysisTopicSchema = z.enum(['target', 'list-use', 'staff', 'refusals', 'lessons']);

/** One of the five analyses. */
export type AnalysisTopic = z.output<typeof AnalysisTopicSchema>;

/** Why a reached customer refused (对拒绝销售客户的分析). */
export const RefusalReasonSchema = z.enum(['no-need', 'price', 'has-supplier', 'bad-timing', 'distrust', 'other']);

/** Why a reached customer refused. */
export type RefusalReason = z.output<typeof RefusalReasonSchema>;

/** Input of the campaign machine. */
export const CampaignInputSchema = z.strictObject({
  campaignId: TextSchema,
  /** The project's overall targets (项目总体绩效目标). */
  target: z.strictObject({
    /** Sales to make. */
    sales: z.int().check(z.positive()),
    /** Customers to reach (optional second target). */
    reached: z.optional(z.int().check(z.positive())),
  }),
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the campaign is set up. */
  at: IsoDateTimeSchema,
});

/** Input of the campaign machine. */
export type CampaignInput = z.input<typeof CampaignInputSchema>;

const at = { at: IsoDateTimeSchema };

/** Every event the campaign machine accepts, validated before it reaches the machine. */
export const CampaignEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('LIST.EXTRACT'),
    /** Prospects drawn for the campaign (数据清单的提取); may be sent in several batches. */
    prospects: z.array(ProspectSchema).check(z.minLength(1)),
    /**
     * The department's do-not-call list at extraction time (`kefu`'s `DoNotCallListSchema`, the
     * list return visits respect too); active entries are left out of the list. @default []
     */
    doNotCall: z.optional(DoNotCallListSchema),
    ...at,
  }),
  z.strictObject({ type: z.literal('CAMPAIGN.LAUNCH'), /** The agents making the calls. */ agentIds: z.array(TextSchema).check(z.minLength(1)), ...at }),
  z.strictObject({
    type: z.literal('CALL.LOG'),
    callId: TextSchema,
    agentId: TextSchema,
    customerId: TextSchema,
    /** Whether the customer was reached. */
    result: z.enum(['reached', 'no-answer', 'busy', 'invalid-number']),
    /** What came of a reached call. */
    outcome: z.optional(z.enum(['sale', 'interested', 'callback', 'refused'])),
    /** Why a refusing customer refused. */
    refusalReason: z.optional(RefusalReasonSchema),
    /** The customer asked not to be called again: the host adds them to its do-not-call list. @default false */
    optOut: z.optional(z.boolean()),
    ...at,
  }),
  z.strictObject({ type: z.literal('MONITORING.END'), ...at }),
  z.strictObject({
    type: z.literal('ANALYSIS.RECORD'),
    topic: AnalysisTopicSchema,
    /** The supervisor's analysis and conclusions for this topic. */
    conclusion: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('SUMMARY.COMPLETE'), ...at }),
]);

/** An event of the campaign machine. */
export type CampaignEvent = WithPrincipal<z.output<typeof CampaignEventSchema>>;
