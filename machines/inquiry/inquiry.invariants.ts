/**
 * What must hold of a stored inquiry case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, StampedListSchema, StoredInstantSchema, type StateInvariant, EscalationListSchema } from '../../src/rules/invariants.js';
import { findDepartment } from '../../src/policy/policy.js';
import type { InquiryContext } from './inquiry.types.js';

/** Schema of the inquiry machine's context as stored. */
export const InquiryContextSchema = contextSchema({
  inquiryId: z.string().check(z.minLength(1)),
  receivedAt: StoredInstantSchema,
  department: z.string().check(z.minLength(1)),
  record: z.looseObject({}),
  answers: StampedListSchema,
  transfers: StampedListSchema,
  transferCount: z.int().check(z.nonnegative()),
  escalations: EscalationListSchema,
  closedAt: z.optional(StoredInstantSchema),
});

/** The inquiry's state invariants. */
export const inquiryInvariants: readonly StateInvariant<InquiryContext>[] = [
  {
    name: 'inquiry.department',
    description: 'the inquiry sits with a department of the policy’s directory (CALL-TRANSFER)',
    states: ['*'],
    check: (c) => (findDepartment(c.policy, c.department) ? undefined : { path: 'department', message: `unknown department "${c.department}"` }),
  },
  {
    name: 'inquiry.answered',
    description: 'an answered inquiry has its answer recorded',
    states: ['answered'],
    check: (c) => (c.answers.length > 0 ? undefined : { path: 'answers', message: 'missing: the answer given' }),
  },
];
