/**
 * What must hold of a stored return exchange case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant } from '../../src/rules/invariants.js';
import type { ReturnExchangeContext } from './return-exchange.types.js';

/** Schema of the return/exchange machine's context as stored. */
export const ReturnExchangeContextSchema = contextSchema({
  request: z.looseObject({ requestId: z.string().min(1), requestedAt: StoredInstantSchema }),
  state: z.string().min(1),
  deadlines: z.looseObject({ tracking: StoredInstantSchema.optional() }),
  escalations: z.array(z.looseObject({ dueAt: StoredInstantSchema })),
  approvedAt: StoredInstantSchema.optional(),
  receivedAt: StoredInstantSchema.optional(),
  inspection: z.looseObject({ passed: z.boolean(), at: StoredInstantSchema }).optional(),
  refund: z.looseObject({ amount: z.number().nonnegative(), reference: z.string().min(1), at: StoredInstantSchema }).optional(),
  replacement: z.looseObject({ carrier: z.string().min(1), trackingNumber: z.string().min(1), at: StoredInstantSchema }).optional(),
  tracking: StampedListSchema,
  decline: z.looseObject({ reply: z.string(), at: StoredInstantSchema }).optional(),
  replies: StampedListSchema,
  replyCount: z.number().int().nonnegative().optional(),
  closedAt: StoredInstantSchema.optional(),
});

/** The return/exchange's state invariants (RETURN-POLICY). */
export const returnExchangeInvariants: readonly StateInvariant<ReturnExchangeContext>[] = [
  fieldInvariant('returnExchange.approved', ['approved', 'itemReceived', 'refundIssued', 'replacementShipped', 'completed'], 'approvedAt', 'an approved request has its approval time (RETURN-POLICY)'),
  fieldInvariant('returnExchange.refunded', ['refundIssued'], 'refund', 'a refund issued has its amount and reference (RETURN-POLICY)'),
  fieldInvariant('returnExchange.replaced', ['replacementShipped'], 'replacement', 'a replacement shipped has its carrier and tracking number (RETURN-POLICY)'),
  fieldInvariant('returnExchange.declined', ['declined'], 'decline', 'a declined request has the reply to the customer (RETURN-POLICY)'),
];
