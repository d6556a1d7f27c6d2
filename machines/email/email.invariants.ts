/**
 * What must hold of a stored email case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StoredInstantSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import type { EmailContext } from './email.types.js';

/** Schema of the email machine's context as stored. */
export const EmailContextSchema = contextSchema({
  mail: z.looseObject({ mailId: z.string().check(z.minLength(1)), messageId: z.string().check(z.minLength(1)), receivedAt: StoredInstantSchema }),
  messages: z.array(z.looseObject({})),
  attachments: z.array(z.looseObject({})),
  slaRecords: z.array(z.looseObject({})),
  escalations: EscalationListSchema,
  warnings: z.optional(z.array(z.looseObject({ messageId: z.string().check(z.minLength(1)), at: StoredInstantSchema, dueAt: StoredInstantSchema }))),
  closedAt: z.optional(StoredInstantSchema),
});

/** The email's state invariants (MAIL-24H). */
export const emailInvariants: readonly StateInvariant<EmailContext>[] = [
  fieldInvariant('email.clock', ['open', 'waitingOnCustomer'], 'sla', 'an open email runs its 24-hour reply clock (MAIL-24H)'),
];
