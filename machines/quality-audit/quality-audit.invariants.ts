/**
 * What must hold of a stored quality audit: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StampedListSchema, StoredInstantSchema, type StateInvariant } from '../../src/rules/invariants.js';
import type { QualityAuditContext } from './quality-audit.types.js';

/** Schema of the quality audit machine's context as stored. */
export const QualityAuditContextSchema = contextSchema({
  auditId: z.string().check(z.minLength(1)),
  auditor: z.string().check(z.minLength(1)),
  openedAt: StoredInstantSchema,
  checklist: z.array(z.looseObject({})).check(z.minLength(1)),
  sample: z.optional(z.looseObject({ seed: z.string(), records: z.array(z.looseObject({ id: z.string().check(z.minLength(1)) })), at: StoredInstantSchema })),
  results: z.array(z.looseObject({})),
  feedback: z.array(z.looseObject({})),
  acknowledgements: z.array(z.looseObject({})),
  training: StampedListSchema,
  feedbackSentAt: z.optional(StoredInstantSchema),
  closedAt: z.optional(StoredInstantSchema),
});

/** The audit's state invariants (QA-AUDIT). */
export const qualityAuditInvariants: readonly StateInvariant<QualityAuditContext>[] = [
  fieldInvariant('qualityAudit.sampled', ['scoring', 'feedback', 'acknowledging', 'training', 'closed'], 'sample', 'an audit past sampling has its sample (QA-AUDIT)'),
  {
    name: 'qualityAudit.results',
    description: 'every scored record is one of the sample (QA-AUDIT)',
    states: ['*'],
    check: (c) => {
      const sampled = new Set((c.sample?.records ?? []).map((r) => r.id));
      const stray = c.results.find((r) => !sampled.has(r.recordId))?.recordId;
      return stray === undefined ? undefined : { path: 'results', message: `record "${stray}" was scored but is not in the sample` };
    },
  },
  {
    name: 'qualityAudit.acknowledgements',
    description: 'each acknowledgement is an audited agent\'s own, once (QA-AUDIT, ROLE-PERMIT: given by that agent)',
    states: ['*'],
    check: (c) => {
      const audited = new Set((c.report?.byAgent ?? []).map((a) => a.agentId));
      const seen = new Set<string>();
      for (const a of c.acknowledgements) {
        if (!audited.has(a.agentId)) return { path: 'acknowledgements', message: `agent "${a.agentId}" acknowledged but is not in the audit` };
        if (seen.has(a.agentId)) return { path: 'acknowledgements', message: `agent "${a.agentId}" acknowledged twice` };
        seen.add(a.agentId);
      }
      return undefined;
    },
  },
  fieldInvariant('qualityAudit.closed', ['closed'], 'closedAt', 'a closed audit has its closing time'),
];
