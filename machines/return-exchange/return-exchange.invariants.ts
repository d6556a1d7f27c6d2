/**
 * What must hold of a stored return exchange case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import type { ReturnExchangeContext } from './return-exchange.types.js';

/** Schema of the return/exchange machine's context as stored. */
export const ReturnExchangeContextSchema = contextSchema({
  request: z.looseObject({ requestId: z.string().check(z.minLength(1)), requestedAt: StoredInstantSchema }),
  state: z.string().check(z.minLength(1)),
  deadlines: z.looseObject({ tracking: z.optional(StoredInstantSchema) }),
  escalations: EscalationListSchema,
  approvedAt: z.optional(StoredInstantSchema),
  receivedAt: z.optional(StoredInstantSchema),
  inspection: z.optional(z.looseObject({ passed: z.boolean(), at: StoredInstantSchema })),
  refund: z.optional(z.looseObject({ amount: z.number().check(z.nonnegative()), reference: z.string().check(z.minLength(1)), at: StoredInstantSchema })),
  replacement: z.optional(z.looseObject({ carrier: z.string().check(z.minLength(1)), trackingNumber: z.string().check(z.minLength(1)), at: StoredInstantSchema })),
  tracking: StampedListSchema,
  decline: z.optional(z.looseObject({ reply: z.string(), at: StoredInstantSchema })),
  replies: StampedListSchema,
  replyCount: z.optional(z.int().check(z.nonnegative())),
  closedAt: z.optional(StoredInstantSchema),
});

/** The return/exchange's state invariants (RETURN-POLICY). */
export const returnExchangeInvariants: readonly StateInvariant<ReturnExchangeContext>[] = [
  fieldInvariant('returnExchange.approved', ['approved', 'itemReceived', 'refundIssued', 'replacementShipped', 'completed'], 'approvedAt', 'an approved request has its approval time (RETURN-POLICY)'),
  fieldInvariant('returnExchange.refunded', ['refundIssued'], 'refund', 'a refund issued has its amount and reference (RETURN-POLICY)'),
  fieldInvariant('returnExchange.replaced', ['replacementShipped'], 'replacement', 'a replacement shipped has its carrier and tracking number (RETURN-POLICY)'),
  fieldInvariant('returnExchange.declined', ['declined'], 'decline', 'a declined request has the reply to the customer (RETURN-POLICY)'),
];
