/**
 * What must hold of a stored complaint in each step: the context schema, and the state
 * invariants (a case in `implement` has an approval of a proposal that exists; a closed,
 * resolved case has the customer's signature, a follow-up visit and a review). Registered
 * with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, ruleInvariant, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant, EscalationRecordSchema } from '../../src/rules/invariants.js';
import { checkAccountabilityRecorded, checkFormComplete } from './complaint.rules.js';
import { ComplaintFormDraftSchema } from './complaint.schemas.js';
import type { ComplaintContext } from './complaint.types.js';

const StoredPrincipalSchema = z.looseObject({ id: z.string().check(z.minLength(1)), role: z.string().check(z.minLength(1)) });
const stamped = <S extends z.core.$ZodShape>(shape: S) => z.looseObject({ ...shape, at: StoredInstantSchema });

/** Schema of the complaint machine's context as stored. */
export const ComplaintContextSchema = contextSchema({
  form: ComplaintFormDraftSchema,
  step: z.enum(['register', 'assess', 'investigate', 'propose', 'implement', 'followUp', 'review', 'notStands']),
  deadlines: z.record(z.string(), StoredInstantSchema),
  // `z.extend` would bring zod's shape-cloning helpers into the root bundle (see complaint.schemas.ts)
  escalations: z.array(z.looseObject({ ...EscalationRecordSchema.shape, step: z.string() })),
  stepStartedAt: z.optional(StoredInstantSchema),
  warnings: z.optional(z.array(z.looseObject({ step: z.string(), at: StoredInstantSchema, dueAt: StoredInstantSchema }))),
  registeredAt: z.optional(StoredInstantSchema),
  registeredBy: z.optional(StoredPrincipalSchema),
  assessment: z.optional(
    z.discriminatedUnion('verdict', [
      stamped({ verdict: z.literal('valid'), department: z.string().check(z.minLength(1)), investigationDays: z.number().check(z.nonnegative()) }),
      stamped({ verdict: z.literal('invalid'), reason: z.string().check(z.minLength(1)) }),
    ]),
  ),
  disputes: StampedListSchema,
  investigation: z.optional(stamped({ cause: z.string().check(z.minLength(1)), responsiblePerson: z.string(), handler: z.string().check(z.minLength(1)) })),
  proposals: z.array(
    stamped({
      id: z.string().check(z.minLength(1)),
      description: z.string(),
      department: z.string(),
      author: z.optional(StoredPrincipalSchema),
      verdict: z.optional(stamped({ decision: z.enum(['accept', 'reject']), by: z.optional(StoredPrincipalSchema) })),
    }),
  ),
  customerChoice: z.optional(stamped({ proposalId: z.string().check(z.minLength(1)), by: z.optional(StoredPrincipalSchema) })),
  approval: z.optional(stamped({ proposalId: z.string().check(z.minLength(1)), supervisor: z.string().check(z.minLength(1)), by: z.optional(StoredPrincipalSchema) })),
  rejections: StampedListSchema,
  reopenings: z.int().check(z.nonnegative()),
  signature: z.optional(stamped({
    signedBy: z.string().check(z.minLength(1)),
    by: z.optional(StoredPrincipalSchema),
    evidence: z.optional(z.looseObject({ kind: z.enum(['in-person', 'e-signature', 'sms-code']), ref: z.string().check(z.minLength(1)) })),
  })),
  accountability: z.array(stamped({ target: z.enum(['direct', 'head']), person: z.string().check(z.minLength(1)), department: z.string().check(z.minLength(1)), measure: z.string().check(z.minLength(1)), provision: z.string().check(z.minLength(1)) })),
  feedback: StampedListSchema,
  implementedAt: z.optional(StoredInstantSchema),
  followUp: z.optional(stamped({ satisfaction: z.enum(['satisfied', 'average', 'dissatisfied']) })),
  review: z.optional(stamped({ category: z.string().check(z.minLength(1)), measures: z.array(z.string()) })),
  replies: StampedListSchema,
  replyCount: z.optional(z.int().check(z.nonnegative())),
  closedAt: z.optional(StoredInstantSchema),
});

const AFTER_REGISTER = ['assess', 'notStands', 'closedNotStands', 'investigate', 'propose', 'implement', 'followUp', 'review', 'closed'];
const STANDS = ['investigate', 'propose', 'implement', 'followUp', 'review', 'closed'];
const IMPLEMENTING = ['implement', 'followUp', 'review', 'closed'];

/** The complaint's state invariants, step by step. */
export const complaintInvariants: readonly StateInvariant<ComplaintContext>[] = [
  fieldInvariant('complaint.registered', AFTER_REGISTER, 'registeredAt', 'a registered case has its registration time (CP-REGISTER)'),
  ruleInvariant('complaint.registered.form', AFTER_REGISTER, checkFormComplete, 'a registered case has a complete form (CP-REGISTER)', 'form'),
  {
    name: 'complaint.stands',
    description: 'a case under investigation or later was assessed as standing (CP-ASSESS)',
    states: STANDS,
    check: (c) => (c.assessment?.verdict === 'valid' ? undefined : { path: 'assessment', message: 'missing: an assessment that the complaint stands (CP-ASSESS)' }),
  },
  {
    name: 'complaint.notStands',
    description: 'a case that does not stand was assessed as such (CP-ASSESS)',
    states: ['notStands', 'closedNotStands'],
    check: (c) => (c.assessment?.verdict === 'invalid' ? undefined : { path: 'assessment', message: 'missing: an assessment that the complaint does not stand (CP-ASSESS)' }),
  },
  fieldInvariant('complaint.investigated', ['propose', ...IMPLEMENTING], 'investigation', 'a case past investigation has its cause and responsible person (CP-INVESTIGATE)'),
  {
    name: 'complaint.implement.approval',
    description: 'a case in implementation or later has the supervisor’s approval of a proposal that exists and that the supervisor accepted (CP-PROPOSE)',
    states: IMPLEMENTING,
    check: (c) => {
      if (!c.approval) return { path: 'approval', message: 'missing: the supervisor’s approval (CP-PROPOSE)' };
      const approved = c.proposals.find((p) => p.id === c.approval!.proposalId);
      if (!approved) {
        return { path: 'approval.proposalId', message: `approves "${c.approval.proposalId}", which is not one of the proposals (CP-PROPOSE)` };
      }
      if (approved.verdict?.decision !== 'accept') {
        return { path: 'approval.proposalId', message: `approves "${approved.id}", which has no verdict accepting it (CP-PROPOSE)` };
      }
      return undefined;
    },
  },
  fieldInvariant('complaint.signed', ['followUp', 'review', 'closed'], 'signature', 'a case past implementation has the customer’s signature (CP-SIGNOFF)'),
  {
    name: 'complaint.signature.own',
    description: 'a signature recorded by staff carries evidence of the customer’s own signature (CP-SIGNOFF)',
    states: ['implement', 'followUp', 'review', 'closed'],
    check: (c) => {
      const s = c.signature;
      // A signature stored before principals were recorded has no `by`: nothing to compare.
      if (!s?.by || s.by.role === 'customer' || s.evidence) return undefined;
      return { path: 'signature.evidence', message: `missing: evidence of the customer’s signature recorded by ${s.by.role} ${s.by.id} (CP-SIGNOFF)` };
    },
  },
  ruleInvariant(
    'complaint.accountability',
    ['followUp', 'review', 'closed'],
    checkAccountabilityRecorded,
    'a case past implementation whose investigation named a responsible person has the measures against the direct person and the department head (CP-ACCOUNTABILITY)',
    'accountability',
  ),
  fieldInvariant('complaint.implemented', ['followUp', 'review', 'closed'], 'implementedAt', 'a case past implementation has its completion time'),
  fieldInvariant('complaint.followedUp', ['review', 'closed'], 'followUp', 'a case in review has its follow-up visit (CP-FOLLOWUP)'),
  fieldInvariant('complaint.reviewed', ['closed'], 'review', 'a closed case has its review filed (CP-REVIEW)'),
  fieldInvariant('complaint.closed', ['closed', 'closedNotStands'], 'closedAt', 'a closed case has its closing time'),
];
