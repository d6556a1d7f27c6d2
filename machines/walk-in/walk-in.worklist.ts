import type { ProjectedSnapshot, WorklistFields } from '../shared/worklist.js';
import type { WalkInContext } from './walk-in.types.js';

/**
 * What a walk-in visit shows in worklists (WALKIN): held by the agent who greeted the customer, in
 * the agents' queue; due at the greeting's due time until the customer is greeted (主动服务);
 * priority = missed greetings.
 */
export function walkInWorklist(s: ProjectedSnapshot<WalkInContext>): WorklistFields {
  const c = s.context;
  return {
    assignee: c.agent ?? null,
    role: 'agent',
    nextDueAt: c.greeting === undefined ? c.greetDueAt : null,
    priority: c.escalations.length,
    member: null,
  };
}
