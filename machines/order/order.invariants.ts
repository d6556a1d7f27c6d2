/**
 * What must hold of a stored order case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import type { OrderContext } from './order.types.js';

/** Schema of the order machine's context as stored. */
export const OrderContextSchema = contextSchema({
  order: z.looseObject({ orderId: z.string().check(z.minLength(1)) }),
  state: z.string().check(z.minLength(1)),
  deadlines: z.record(z.string(), StoredInstantSchema),
  escalations: EscalationListSchema,
  confirmedAt: z.optional(StoredInstantSchema),
  shipment: z.optional(z.looseObject({ carrier: z.string().check(z.minLength(1)), trackingNumber: z.string().check(z.minLength(1)), at: StoredInstantSchema })),
  tracking: StampedListSchema,
  cancellation: z.optional(z.looseObject({ reason: z.string(), at: StoredInstantSchema })),
  deliveredAt: z.optional(StoredInstantSchema),
  closedAt: z.optional(StoredInstantSchema),
});

/** The order's state invariants (ORDER-TRACK). */
export const orderInvariants: readonly StateInvariant<OrderContext>[] = [
  fieldInvariant('order.confirmed', ['confirmed', 'shipped', 'inTransit', 'delivered'], 'confirmedAt', 'a confirmed order has its confirmation time (ORDER-TRACK)'),
  fieldInvariant('order.shipped', ['shipped', 'inTransit', 'delivered'], 'shipment', 'a shipped order has its carrier and tracking number (ORDER-TRACK)'),
  fieldInvariant('order.delivered', ['delivered'], 'deliveredAt', 'a delivered order has its delivery time (ORDER-TRACK)'),
  fieldInvariant('order.cancelled', ['cancelled'], 'cancellation', 'a cancelled order has the reason'),
];
