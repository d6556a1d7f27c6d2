/**
 * What must hold of a stored order case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant } from '../../src/rules/invariants.js';
import type { OrderContext } from './order.types.js';

/** Schema of the order machine's context as stored. */
export const OrderContextSchema = contextSchema({
  order: z.looseObject({ orderId: z.string().min(1) }),
  state: z.string().min(1),
  deadlines: z.record(z.string(), StoredInstantSchema),
  escalations: z.array(z.looseObject({ dueAt: StoredInstantSchema })),
  confirmedAt: StoredInstantSchema.optional(),
  shipment: z.looseObject({ carrier: z.string().min(1), trackingNumber: z.string().min(1), at: StoredInstantSchema }).optional(),
  tracking: StampedListSchema,
  cancellation: z.looseObject({ reason: z.string(), at: StoredInstantSchema }).optional(),
  deliveredAt: StoredInstantSchema.optional(),
  closedAt: StoredInstantSchema.optional(),
});

/** The order's state invariants (ORDER-TRACK). */
export const orderInvariants: readonly StateInvariant<OrderContext>[] = [
  fieldInvariant('order.confirmed', ['confirmed', 'shipped', 'inTransit', 'delivered'], 'confirmedAt', 'a confirmed order has its confirmation time (ORDER-TRACK)'),
  fieldInvariant('order.shipped', ['shipped', 'inTransit', 'delivered'], 'shipment', 'a shipped order has its carrier and tracking number (ORDER-TRACK)'),
  fieldInvariant('order.delivered', ['delivered'], 'deliveredAt', 'a delivered order has its delivery time (ORDER-TRACK)'),
  fieldInvariant('order.cancelled', ['cancelled'], 'cancellation', 'a cancelled order has the reason'),
];
