import type { ProjectedSnapshot, WorklistFields } from '../shared/worklist.js';
import type { CallContext } from './call.types.js';

/**
 * What a call shows in worklists: held by the agent holding it, in the agents' queue; due when a
 * callback owed to the caller runs out (CALL-TRANSFER's callback), none while the call is live;
 * priority = missed callbacks so far.
 */
export function callWorklist(s: ProjectedSnapshot<CallContext>): WorklistFields {
  const c = s.context;
  return {
    assignee: c.agent ?? null,
    role: 'agent',
    nextDueAt: c.callback ? c.callback.dueAt : null,
    priority: c.escalations.length,
    member: null,
  };
}
