/**
 * What must hold of a stored suggestion case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import { findDepartment } from '../../src/policy/policy.js';
import type { SuggestionContext } from './suggestion.types.js';

/** Schema of the suggestion machine's context as stored. */
export const SuggestionContextSchema = contextSchema({
  caseId: z.string().check(z.minLength(1)),
  receivedAt: StoredInstantSchema,
  record: z.looseObject({}),
  forward: z.optional(z.looseObject({ department: z.string().check(z.minLength(1)), at: StoredInstantSchema })),
  response: z.optional(z.looseObject({ decision: z.enum(['adopt', 'decline']), at: StoredInstantSchema })),
  progress: StampedListSchema,
  improvement: z.optional(z.looseObject({ description: z.string(), at: StoredInstantSchema })),
  replies: StampedListSchema,
  replyCount: z.optional(z.int().check(z.nonnegative())),
  dissatisfactions: StampedListSchema,
  escalations: EscalationListSchema,
  closedAt: z.optional(StoredInstantSchema),
});

/** The suggestion's state invariants (SUGGEST-LOOP). */
export const suggestionInvariants: readonly StateInvariant<SuggestionContext>[] = [
  {
    name: 'suggestion.forwarded',
    description: 'a suggestion past recording was passed to a department of the directory (SUGGEST-LOOP)',
    states: ['forwarded', 'improving', 'confirming'],
    check: (c) =>
      !c.forward
        ? { path: 'forward', message: 'missing: the department it was passed to (SUGGEST-LOOP)' }
        : findDepartment(c.policy, c.forward.department)
          ? undefined
          : { path: 'forward.department', message: `unknown department "${c.forward.department}"` },
  },
  {
    name: 'suggestion.adopted',
    description: 'a suggestion being improved was adopted by the department (SUGGEST-LOOP)',
    states: ['improving', 'confirming'],
    check: (c) => (c.response?.decision === 'adopt' ? undefined : { path: 'response', message: 'missing: the department’s decision to adopt it (SUGGEST-LOOP)' }),
  },
  fieldInvariant('suggestion.improved', ['confirming'], 'improvement', 'a suggestion awaiting confirmation has its improvement recorded (SUGGEST-LOOP)'),
];
