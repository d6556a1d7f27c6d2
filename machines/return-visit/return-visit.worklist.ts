import type { ProjectedSnapshot, WorklistFields } from '../shared/worklist.js';
import type { ReturnVisitContext } from './return-visit.types.js';

/**
 * What a return visit shows in worklists: held by its agent, in the agents' queue; due at its
 * RV-3DAY due time (or the callback the customer booked, RV-RESCHEDULE, when that comes first);
 * member from the customer (RV-MEMBER-100: a member's visit comes with priority 1, an overdue one
 * with one more).
 */
export function returnVisitWorklist(s: ProjectedSnapshot<ReturnVisitContext>): WorklistFields {
  const c = s.context;
  const callback = c.callbackAt !== undefined && Date.parse(c.callbackAt) < Date.parse(c.dueAt) ? c.callbackAt : undefined;
  return {
    assignee: c.agentId,
    role: 'agent',
    nextDueAt: callback ?? c.dueAt,
    priority: (c.customer.member ? 1 : 0) + (c.overdue ? 1 : 0),
    member: c.customer.member,
  };
}
