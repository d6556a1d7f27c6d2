import { earliest, inState, type ProjectedSnapshot, type WorklistFields } from '../shared/worklist.js';
import type { ReturnVisitCycleContext } from './return-visit-cycle.types.js';

/**
 * What a return-visit cycle shows in worklists (RV-CYCLE): in the supervisor's queue while its
 * visits wait to be assigned, in the agents' otherwise (select, contact, analyse, report, archive);
 * due at the earliest RV-3DAY due time of a visit still open; priority = member visits still open
 * (RV-MEMBER-100: the cycle cannot be archived until each is made); `member` = whether the compiled
 * list has member customers (`null` before it is compiled). Held by nobody: each visit is held by
 * its own agent (its own case, or a child actor).
 */
export function returnVisitCycleWorklist(s: ProjectedSnapshot<ReturnVisitCycleContext>): WorklistFields {
  const c = s.context;
  const open = c.visits.filter((v) => v.status === 'open');
  return {
    assignee: null,
    role: inState(s.value, 'assigning') ? 'supervisor' : 'agent',
    nextDueAt: earliest(...open.map((v) => v.dueAt)),
    priority: open.filter((v) => v.member).length,
    member: c.compiled ? c.compiled.members > 0 : null,
  };
}
