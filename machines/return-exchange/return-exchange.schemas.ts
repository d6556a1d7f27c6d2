import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { ChannelSchema, IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';

/** Whether the customer wants their money back (退货) or another item (换货). */
export const ReturnKindSchema = z.enum(['return', 'exchange']);

/** Whether the customer wants their money back or another item. */
export type ReturnKind = z.output<typeof ReturnKindSchema>;

/** One item the customer wants to return or exchange. */
export const ReturnItemSchema = z.strictObject({
  /** The product's stock-keeping unit, as on the order. */
  sku: TextSchema,
  /** How many, a whole number ≥ 1. */
  quantity: z.int().check(z.positive('must be a whole number ≥ 1')),
  /** The product category, compared with `policy.returns.excludedCategories`. */
  category: TextSchema,
});

/** One item of a request being filled in: every field optional, each present one well-formed. */
export const ReturnItemDraftSchema = z.partial(ReturnItemSchema);

/**
 * A complete return/exchange request (退换货申请): what kind, which order, when it was
 * delivered, why, and which items.
 */
export const ReturnRequestSchema = z.strictObject({
  /** Unique id of the request in the host's system. */
  requestId: TextSchema,
  /** The order the items came with. */
  orderId: TextSchema,
  kind: ReturnKindSchema,
  /** When the order was delivered (签收时间); the window counts from its local date. */
  deliveredAt: IsoDateTimeSchema,
  /** When the customer asked; fixed when the case opens. */
  requestedAt: IsoDateTimeSchema,
  /** Why the customer returns or exchanges. */
  reason: TextSchema,
  /** The items; at least one. */
  items: z.array(ReturnItemSchema).check(z.minLength(1, 'at least one item is needed')),
  /** The channel the request came by. */
  channel: z.optional(ChannelSchema),
});

/** A complete return/exchange request. */
export type ReturnRequest = z.output<typeof ReturnRequestSchema>;

/** A request being filled in: every field optional but the request id; items may be partial. */
export const ReturnRequestDraftSchema = z.strictObject({
  ...z.partial(ReturnRequestSchema).shape,
  requestId: TextSchema,
  items: z.optional(z.array(ReturnItemDraftSchema)),
});

/** A request being filled in. */
export type ReturnRequestDraft = z.output<typeof ReturnRequestDraftSchema>;

/** Input of the return/exchange machine. */
export const ReturnExchangeInputSchema = z.strictObject({
  /** The request as far as it is known; at least the request id. */
  request: ReturnRequestDraftSchema,
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the case is opened; also the request time when `request.requestedAt` is not given. */
  at: z.optional(IsoDateTimeSchema),
}).check(
  z.refine((i) => i.at !== undefined || i.request.requestedAt !== undefined, {
    message: 'either at or request.requestedAt is needed to start the case clock',
    path: ['at'],
  }),
);

/** Input of the return/exchange machine. */
export type ReturnExchangeInput = z.input<typeof ReturnExchangeInputSchema>;

/** The inspection of the item received back (检验). */
export const InspectionSchema = z.strictObject({
  /** Whether the item is as the policy requires (complete, not damaged by use…). */
  passed: z.boolean(),
  /** What the inspector found. */
  notes: z.optional(TextSchema),
  /** Who inspected (a staff id). */
  inspector: z.optional(TextSchema),
});

/** The inspection of the item received back. */
export type Inspection = z.output<typeof InspectionSchema>;

/** What a carrier's tracking update of the replacement says. `delivered` completes the exchange. */
export const ReplacementTrackingStatusSchema = z.enum(['in-transit', 'out-for-delivery', 'delivered', 'exception']);

const at = { at: IsoDateTimeSchema };

/** Every event the return/exchange machine accepts, validated before it reaches the machine. */
export const ReturnExchangeEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('REQUEST.UPDATE'),
    /** Fields to set; each replaces the one held. The request time cannot be changed. */
    fields: z.partial(z.omit(ReturnRequestDraftSchema, { requestId: true, requestedAt: true })),
    ...at,
  }),
  z.strictObject({ type: z.literal('REQUEST.APPROVE'), ...at }),
  z.strictObject({
    type: z.literal('REQUEST.DECLINE'),
    /** The answer sent to the customer (checked by CP-LANGUAGE). */
    reply: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('REQUEST.WITHDRAW'), ...at }),
  z.strictObject({ type: z.literal('ITEM.RECEIVE'), ...at }),
  z.strictObject({ type: z.literal('INSPECTION.RECORD'), inspection: InspectionSchema, ...at }),
  z.strictObject({
    type: z.literal('REFUND.ISSUE'),
    /** Amount refunded. */
    amount: z.number().check(z.positive('must be positive')),
    /** The payment system's reference of the refund. */
    reference: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('REFUND.COMPLETE'), ...at }),
  z.strictObject({
    type: z.literal('REPLACEMENT.SHIP'),
    /** Required by RETURN-POLICY; optional here so the refusal can name it. */
    carrier: z.optional(TextSchema),
    /** Required by RETURN-POLICY; optional here so the refusal can name it. */
    trackingNumber: z.optional(TextSchema),
    ...at,
  }),
  z.strictObject({
    type: z.literal('TRACKING.UPDATE'),
    status: ReplacementTrackingStatusSchema,
    location: z.optional(TextSchema),
    note: z.optional(TextSchema),
    ...at,
  }),
  z.strictObject({ type: z.literal('REPLY.SEND'), text: TextSchema, ...at }),
]);

/** An event of the return/exchange machine. */
export type ReturnExchangeEvent = WithPrincipal<z.output<typeof ReturnExchangeEventSchema>>;
