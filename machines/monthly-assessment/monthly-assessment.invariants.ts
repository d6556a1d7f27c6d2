/**
 * What must hold of a stored monthly assessment: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StoredInstantSchema, type StateInvariant } from '../../src/rules/invariants.js';
import type { MonthlyAssessmentContext } from './monthly-assessment.types.js';

/** Schema of the monthly assessment machine's context as stored. */
export const MonthlyAssessmentContextSchema = contextSchema({
  assessmentId: z.string().check(z.minLength(1)),
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/, 'expected a month YYYY-MM')),
  supervisor: z.string().check(z.minLength(1)),
  openedAt: StoredInstantSchema,
  draft: z.optional(z.looseObject({})),
  sharedAt: z.optional(StoredInstantSchema),
  acknowledgements: z.array(z.looseObject({})),
  objections: z.array(z.looseObject({})),
  publishedAt: z.optional(StoredInstantSchema),
});

/** The monthly assessment's state invariants (STAFF-SUMMARY). */
export const monthlyAssessmentInvariants: readonly StateInvariant<MonthlyAssessmentContext>[] = [
  fieldInvariant('monthlyAssessment.drafted', ['reviewing', 'published'], 'draft', 'an assessment under review or published has its draft (STAFF-SUMMARY)'),
  {
    name: 'monthlyAssessment.acknowledgements',
    description: 'each acknowledgement is of a draft that exists, once per agent and version (STAFF-SUMMARY, ROLE-PERMIT: given by that agent)',
    states: ['*'],
    check: (c) => {
      const latest = c.draft?.version ?? 0;
      const seen = new Set<string>();
      for (const a of c.acknowledgements) {
        if (a.version < 1 || a.version > latest) return { path: 'acknowledgements', message: `agent "${a.agentId}" acknowledged version ${a.version}, which was never drafted` };
        const key = `${a.agentId}@${a.version}`;
        if (seen.has(key)) return { path: 'acknowledgements', message: `agent "${a.agentId}" acknowledged version ${a.version} twice` };
        seen.add(key);
      }
      return undefined;
    },
  },
  fieldInvariant('monthlyAssessment.published', ['published'], 'publishedAt', 'a published assessment has its publication time'),
];
