/**
 * What must hold of a stored walk in case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import { findDepartment } from '../../src/policy/policy.js';
import type { WalkInContext } from './walk-in.types.js';

/** Schema of the walk-in machine's context as stored. */
export const WalkInContextSchema = contextSchema({
  visitId: z.string().check(z.minLength(1)),
  department: z.string().check(z.minLength(1)),
  greetDueAt: StoredInstantSchema,
  record: z.looseObject({}),
  greeting: z.optional(z.looseObject({ text: z.string(), at: StoredInstantSchema })),
  classifications: StampedListSchema,
  solutions: StampedListSchema,
  replies: StampedListSchema,
  replyCount: z.optional(z.int().check(z.nonnegative())),
  escalations: EscalationListSchema,
});

/** The walk-in's state invariants (WALKIN). */
export const walkInInvariants: readonly StateInvariant<WalkInContext>[] = [
  fieldInvariant('walkIn.greeted', ['serving', 'recording'], 'greeting', 'a customer being served was greeted first (WALKIN: 主动服务)'),
  {
    name: 'walkIn.department',
    description: 'the visit sits with a department of the policy’s directory',
    states: ['*'],
    check: (c) => (findDepartment(c.policy, c.department) ? undefined : { path: 'department', message: `unknown department "${c.department}"` }),
  },
];
