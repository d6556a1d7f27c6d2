import * as z from 'zod';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { ChannelSchema, ContactSchema, IsoDateTimeSchema, PhoneSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';

/** An amount of money ≥ 0 with at most two decimals (分). */
export const MoneySchema = z
  .number()
  .nonnegative('must not be negative')
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'at most two decimals');

/** One line of an order: what, how many, at what price. */
export const OrderItemSchema = z.strictObject({
  /** The product's stock-keeping unit. */
  sku: TextSchema,
  /** How many, a whole number ≥ 1. */
  quantity: z.number().int().positive('must be a whole number ≥ 1'),
  /** Price of one unit in the order's currency. */
  unitPrice: MoneySchema,
  /** Product name as shown to the customer. */
  name: TextSchema.optional(),
  /** Product category (RETURN-POLICY uses it for excluded categories). */
  category: TextSchema.optional(),
});

/** One line of an order being taken: every field optional, each present one well-formed. */
export const OrderItemDraftSchema = OrderItemSchema.partial();

/** Where the order ships to. Personal data: never emitted, never logged by kefu. */
export const ShippingAddressSchema = z.strictObject({
  /** Who receives the parcel. */
  recipient: TextSchema,
  /** The recipient's phone, for the carrier. */
  phone: PhoneSchema,
  /** The full address (省市区、街道、门牌). */
  address: TextSchema,
  /** Chinese postal code, six digits. */
  postalCode: z.string().regex(/^\d{6}$/, 'expected six digits').optional(),
});

/**
 * A complete order, as confirmed for accuracy (确认订单的准确性): at least one line with sku,
 * quantity and price, the shipping address and a way to reach the customer.
 */
export const OrderSchema = z.strictObject({
  /** Unique id of the order in the host's system. */
  orderId: TextSchema,
  /** The customer's id in the host's system (an id, not a name). */
  customerId: TextSchema.optional(),
  /** When the customer placed the order. */
  placedAt: IsoDateTimeSchema,
  /** The order lines; at least one. */
  items: z.array(OrderItemSchema).min(1, 'at least one item is needed'),
  /** Where it ships to. */
  shippingAddress: ShippingAddressSchema,
  /** How to reach the customer. */
  contact: ContactSchema,
  /** The total the customer was told; when given it must equal the sum of the lines. */
  total: MoneySchema.optional(),
  /** ISO 4217 currency code. @default 'CNY' (not enforced) */
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as CNY').optional(),
  /** The channel the order came by. */
  channel: ChannelSchema.optional(),
});

/** A complete order. */
export type Order = z.output<typeof OrderSchema>;

/**
 * An order being taken: every field optional but the order id, lines and address may be
 * partly filled in; each field that is present must be well-formed.
 */
export const OrderDraftSchema = z.strictObject({
  ...OrderSchema.shape,
  placedAt: OrderSchema.shape.placedAt.optional(),
  items: z.array(OrderItemDraftSchema).optional(),
  shippingAddress: ShippingAddressSchema.partial().optional(),
  contact: ContactSchema.optional(),
});

/** An order being taken. */
export type OrderDraft = z.output<typeof OrderDraftSchema>;

/** Input of the order machine. */
export const OrderInputSchema = z
  .strictObject({
    /** The order as far as it is known; at least the order id. */
    order: OrderDraftSchema,
    /** The department's policy. @default defaultPolicy */
    policy: PolicySchema.optional(),
    /** When the case is opened; defaults to the order's `placedAt`. */
    at: IsoDateTimeSchema.optional(),
  })
  .refine((i) => i.at !== undefined || i.order.placedAt !== undefined, {
    message: 'either at or order.placedAt is needed to start the order clock',
    path: ['at'],
  });

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
    fields: OrderDraftSchema.omit({ orderId: true }).partial(),
    ...at,
  }),
  z.strictObject({ type: z.literal('ORDER.CHECK'), ...at }),
  z.strictObject({
    type: z.literal('CUSTOMER.CONFIRM'),
    /** How the customer confirmed the order read back to them. */
    channel: ChannelSchema.optional(),
    ...at,
  }),
  z.strictObject({ type: z.literal('ORDER.CONFIRM'), ...at }),
  z.strictObject({
    type: z.literal('ORDER.SHIP'),
    /** The carrier (承运商); required by ORDER-TRACK, optional here so the refusal can name it. */
    carrier: TextSchema.optional(),
    /** The carrier's tracking number (运单号); required by ORDER-TRACK. */
    trackingNumber: TextSchema.optional(),
    ...at,
  }),
  z.strictObject({
    type: z.literal('TRACKING.UPDATE'),
    status: TrackingStatusSchema,
    /** Where the parcel is, as the carrier says (a depot or city, not the customer's address). */
    location: TextSchema.optional(),
    note: TextSchema.optional(),
    ...at,
  }),
  z.strictObject({
    type: z.literal('ORDER.CANCEL'),
    /** Why the order is cancelled; required by ORDER-TRACK, optional here so the refusal can name it. */
    reason: TextSchema.optional(),
    ...at,
  }),
]);

/** An event of the order machine. */
export type OrderEvent = WithPrincipal<z.output<typeof OrderEventSchema>>;
