/**
 * What must hold of a stored call case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import { findDepartment } from '../../src/policy/policy.js';
import type { CallContext } from './call.types.js';

/** Schema of the call machine's context as stored. */
export const CallContextSchema = contextSchema({
  callId: z.string().check(z.minLength(1)),
  line: z.enum(['main', 'duty']),
  department: z.string().check(z.minLength(1)),
  record: z.looseObject({}),
  classifications: StampedListSchema,
  replies: StampedListSchema,
  replyCount: z.optional(z.int().check(z.nonnegative())),
  holds: StampedListSchema,
  transfers: z.array(z.looseObject({})),
  transferCount: z.int().check(z.nonnegative()),
  escalations: EscalationListSchema,
});

/** The call's state invariants (CALL-GREET, CALL-TRANSFER). */
export const callInvariants: readonly StateInvariant<CallContext>[] = [
  fieldInvariant('call.answered', ['connected'], 'answeredAt', 'a connected call has its answer time'),
  fieldInvariant('call.greeted', ['connected'], 'greeting', 'a connected call opened with the greeting (CALL-GREET)'),
  {
    name: 'call.department',
    description: 'the call sits with a department of the policy’s directory (CALL-TRANSFER)',
    states: ['*'],
    check: (c) => (findDepartment(c.policy, c.department) ? undefined : { path: 'department', message: `unknown department "${c.department}"` }),
  },
];
