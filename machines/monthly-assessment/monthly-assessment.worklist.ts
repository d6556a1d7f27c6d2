import { inState, type ProjectedSnapshot, type WorklistFields } from '../shared/worklist.js';
import { checkPublish } from './monthly-assessment.rules.js';
import type { MonthlyAssessmentContext } from './monthly-assessment.types.js';

/**
 * What a monthly assessment shows in worklists (STAFF-SUMMARY): held by its supervisor, in the
 * supervisor's queue while drafting and once every agent has acknowledged (to publish), in the
 * agents' while some have still to acknowledge their result; no due time (the documents set none);
 * priority = objections raised. Not about one customer: `member` is `null`.
 */
export function monthlyAssessmentWorklist(s: ProjectedSnapshot<MonthlyAssessmentContext>): WorklistFields {
  const c = s.context;
  const waitingOnAgents = inState(s.value, 'reviewing') && checkPublish({ context: c }) !== undefined;
  return {
    assignee: c.supervisor,
    role: waitingOnAgents ? 'agent' : 'supervisor',
    nextDueAt: null,
    priority: c.objections.length,
    member: null,
  };
}
