import { inState, type ProjectedSnapshot, type WorklistFields } from '../shared/worklist.js';
import type { SuggestionContext } from './suggestion.types.js';

/**
 * What a suggestion shows in worklists (SUGGEST-LOOP): in the agents' queue until it closes (every
 * step but the customer's confirmation is an agent's, who follows it); due when the department's
 * answer is due while forwarded, then when the improvement is expected; priority = deadlines missed
 * and escalated. Held by nobody: the context names departments, not the agent following the loop.
 */
export function suggestionWorklist(s: ProjectedSnapshot<SuggestionContext>): WorklistFields {
  const c = s.context;
  const due = inState(s.value, 'forwarded') ? c.forward?.respondBy : inState(s.value, 'improving') ? c.response?.expectedBy : undefined;
  return {
    assignee: null,
    role: 'agent',
    nextDueAt: due ?? null,
    priority: c.escalations.length,
    member: null,
  };
}
