/**
 * What must hold of a stored return visit case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StoredInstantSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import type { ReturnVisitContext } from './return-visit.types.js';

/** Schema of the return visit machine's context as stored. */
export const ReturnVisitContextSchema = contextSchema({
  visitId: z.string().check(z.minLength(1)),
  cycleId: z.optional(z.string().check(z.minLength(1))),
  customer: z.looseObject({}),
  service: z.looseObject({ completedAt: StoredInstantSchema }),
  agentId: z.string().check(z.minLength(1)),
  doNotCall: z.array(z.looseObject({ customerId: z.string() })),
  createdAt: StoredInstantSchema,
  dueAt: StoredInstantSchema,
  overdue: z.boolean(),
  escalations: EscalationListSchema,
  attempts: z.int().check(z.nonnegative()),
  failedAttempts: z.int().check(z.nonnegative()),
  tooLong: z.boolean(),
  draft: z.looseObject({}),
});

/** The return visit's state invariants (RV-RECORD, RV-SCRIPT). */
export const returnVisitInvariants: readonly StateInvariant<ReturnVisitContext>[] = [
  fieldInvariant('returnVisit.answered', ['call.talking'], 'answeredAt', 'a call in conversation has its answer time'),
  fieldInvariant('returnVisit.recorded', ['recorded'], 'record', 'a recorded visit has its full visit record (RV-RECORD)'),
  {
    name: 'returnVisit.attempts',
    description: 'failed attempts are among the attempts made',
    states: ['*'],
    check: (c) => (c.failedAttempts <= c.attempts ? undefined : { path: 'failedAttempts', message: `${c.failedAttempts} failed attempts out of ${c.attempts}` }),
  },
];
