import type { ProjectedSnapshot, WorklistFields } from '../shared/worklist.js';
import type { OrderContext } from './order.types.js';

/**
 * What an order shows in worklists (ORDER-TRACK): in the agents' queue, held by nobody (orders are
 * worked as a queue); due to ship once confirmed, then at the next tracking update while under way;
 * priority = missed deadlines so far.
 */
export function orderWorklist(s: ProjectedSnapshot<OrderContext>): WorklistFields {
  const c = s.context;
  const due = c.state === 'confirmed' ? c.deadlines.ship : c.state === 'shipped' || c.state === 'inTransit' ? c.deadlines.tracking : undefined;
  return {
    assignee: null,
    role: 'agent',
    nextDueAt: due ?? null,
    priority: c.escalations.length,
    member: null,
  };
}
