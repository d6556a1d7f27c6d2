/**
 * What must hold of a stored return visit cycle case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, fieldInvariant, StoredInstantSchema, type StateInvariant } from '../../src/rules/invariants.js';
import { ruleInvariant } from '../../src/rules/invariants.js';
import { checkMembersVisited } from './return-visit-cycle.rules.js';
import type { ReturnVisitCycleContext } from './return-visit-cycle.types.js';

/** Schema of the return-visit cycle's context as stored. */
export const ReturnVisitCycleContextSchema = contextSchema({
  cycleId: z.string().check(z.minLength(1)),
  visitsAs: z.optional(z.enum(['actors', 'cases'])),
  openedAt: StoredInstantSchema,
  candidates: z.array(z.looseObject({})),
  agentIds: z.array(z.string().check(z.minLength(1))),
  visits: z.array(z.looseObject({ customerId: z.string().check(z.minLength(1)) })),
  visitIndex: z.record(z.string(), z.int().check(z.nonnegative())),
  doNotCall: z.array(z.looseObject({ customerId: z.string() })),
  archivedAt: z.optional(StoredInstantSchema),
});

/** The cycle's state invariants (RV-CYCLE, RV-MEMBER-100). */
export const returnVisitCycleInvariants: readonly StateInvariant<ReturnVisitCycleContext>[] = [
  fieldInvariant('returnVisitCycle.reported', ['archived'], 'report', 'an archived cycle has its summary report (RV-CYCLE: 回访总结报告)'),
  ruleInvariant('returnVisitCycle.membersVisited', ['archived'], checkMembersVisited as never, 'an archived cycle has every member visited (RV-MEMBER-100)', 'visits'),
  fieldInvariant('returnVisitCycle.archived', ['archived'], 'archivedAt', 'an archived cycle has its archive time'),
  {
    name: 'returnVisitCycle.visitIndex',
    description: 'the index of visits points at the visit of each customer',
    states: ['*'],
    check: (c) => {
      for (const [customerId, i] of Object.entries(c.visitIndex)) {
        if (c.visits[i]?.customerId !== customerId) return { path: `visitIndex.${customerId}`, message: `points at visit ${i}, which is not ${customerId}'s` };
      }
      return undefined;
    },
  },
];
