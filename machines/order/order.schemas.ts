import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { ChannelSchema, ContactSchema, IsoDateTimeSchema, PhoneSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';

/** An amount of money ≥ 0 with at most two decimals (分). */
export const MoneySchema = z.number().check(
  z.nonnegative('must not be negative'),
  z.refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'at most two decimals'),
);

/** One line of an order: what, how many, at what price. */
export const OrderItemSchema = z.strictObject({
  /** The product's stock-keeping unit. */
  sku: TextSchema,
  /** How many, a whole number ≥ 1. */
  quantity: z.int().check(z.positive('must be a whole number ≥ 1')),
  /** Price of one unit in the order's currency. */
  unitPrice: MoneySchema,
  /** Product name as shown to the customer. */
  name: z.optional(TextSchema),
  /** Product category (RETURN-POLICY uses it for excluded categories). */
  category: z.optional(TextSchema),
});

/** One line of an order being taken: every field optional, each present one well-formed. */
export const OrderItemDraftSchema = z.partial(OrderItemSchema);

/** Where the order ships to. Personal data: never emitted, never logged by kefu. */
export const ShippingAddressSchema = z.strictObject({
  /** Who receives the parcel. */
  recipient: TextSchema,
  /** The recipient's phone, for the carrier. */
  phone: PhoneSchema,
  /** The full address (省市区、街道、门牌). */
  address: TextSchema,
  /** Chinese postal code, six digits. */
  postalCode: z.optional(z.string().check(z.regex(/^\d{6}$/, 'expected six digits'))),
});

/**
 * A complete order, as confirmed for accuracy (确认订单的准确性): at least one line with sku,
 * quantity and price, the shipping address and a way to reach the customer.
 */
export const OrderSchema = z.strictObject({
  /** Unique id of the order in the host's system. */
  orderId: TextSchema,
  /** The customer's id in the host's system (an id, not a name). */
  customerId: z.optional(TextSchema),
  /** When the customer placed the order. */
  placedAt: IsoDateTimeSchema,
  /** The order lines; at least one. */
  items: z.array(OrderItemSchema).check(z.minLength(1, 'at least one item is needed')),
  /** Where it ships to. */
  shippingAddress: ShippingAddressSchema,
  /** How to reach the customer. */
  contact: ContactSchema,
  /** The total the customer was told; when given it must equal the sum of the lines. */
  total: z.optional(MoneySchema),
  /** ISO 4217 currency code. @default 'CNY' (not enforced) */
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as CNY'))),
  /** The channel the order came by. */
  channel: z.optional(ChannelSchema),
});

/** A complete order. */
export type Order = z.output<typeof OrderSchema>;

/**
 * An order being taken: every field optional but the order id, lines and address may be
 * partly filled in; each field that is present must be well-formed.
 */
export const OrderDraftSchema = z.strictObject({
  ...OrderSchema.shape,
  placedAt: z.optional(OrderSchema.shape.placedAt),
  items: z.optional(z.array(OrderItemDraftSchema)),
  shippingAddress: z.optional(z.partial(ShippingAddressSchema)),
  contact: z.optional(ContactSchema),
});

/** An order being taken. */
export type OrderDraft = z.output<typeof OrderDraftSchema>;

/** Input of the order machine. */
export const OrderInputSchema = z.strictObject({
  /** The order as far as it is known; at least the order id. */
  order: OrderDraftSchema,
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** When the case is opened; defaults to the order's `placedAt`. */
  at: z.optional(IsoDateTimeSchema),
}).check(
  z.refine((i) => i.at !== undefined || i.order.placedAt !== undefined, {
    message: 'either at or order.placedAt is needed to start the order clock',
    path: ['at'],
  }),
);

/** Input of the order machine. */
export type OrderInput = z.input<typeof OrderInputSchema>;

/** What a carrier's tracking update says. `delivered` closes the order. */
export const TrackingStatusSchema = z.enum(['in-transit', 'out-for-delivery', 'delivered', 'exception']);

/** What a carrier's tracking update says. */
export type TrackingStatus = z.output<typeof TrackingStatusSchema>;

const at = { at: IsoDateTimeSchema };

/** Every event the order machine accepts, validated before it reaches the machine. */
export const OrderEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ORDER.UPDATE'),
    /** Fields to set; each given field replaces the one held (lines and address as a whole). */
    fields: z.partial(z.omit(OrderDraftSchema, { orderId: true })),
    ...at,
  }),
  z.strictObject({ type: z.literal('ORDER.CHECK'), ...at }),
  z.strictObject({
    type: z.literal('CUSTOMER.CONFIRM'),
    /** How the customer confirmed the order read back to them. */
    channel: z.optional(ChannelSchema),
    ...at,
  }),
  z.strictObject({ type: z.literal('ORDER.CONFIRM'), ...at }),
  z.strictObject({
    type: z.literal('ORDER.SHIP'),
    /** The carrier (承运商); required by ORDER-TRACK, optional here so the refusal can name it. */
    carrier: z.optional(TextSchema),
    /** The carrier's tracking number (运单号); required by ORDER-TRACK. */
    trackingNumber: z.optional(TextSchema),
    ...at,
  }),
  z.strictObject({
    type: z.literal('TRACKING.UPDATE'),
    status: TrackingStatusSchema,
    /** Where the parcel is, as the carrier says (a depot or city, not the customer's address). */
    location: z.optional(TextSchema),
    note: z.optional(TextSchema),
    ...at,
  }),
  z.strictObject({
    type: z.literal('ORDER.CANCEL'),
    /** Why the order is cancelled; required by ORDER-TRACK, optional here so the refusal can name it. */
    reason: z.optional(TextSchema),
    ...at,
  }),
]);

/** An event of the order machine. */
export type OrderEvent = WithPrincipal<z.output<typeof OrderEventSchema>>;
