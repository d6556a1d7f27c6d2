import { inState, earliest, type ProjectedSnapshot, type WorklistFields } from '../shared/worklist.js';
import type { ComplaintContext } from './complaint.types.js';

/**
 * What a complaint shows in worklists: held by the agent who registered it (受理, `registeredBy`),
 * who keeps the closed loop with the customer — nobody until it is registered. Not the
 * investigation's `handler` (a department of the policy's directory, not a person) nor its
 * `responsiblePerson` (who caused the complaint, 责任人: the subject of CP-ACCOUNTABILITY, never its
 * holder). In the supervisor's queue while a remedy awaits approval (CP-PROPOSE) and for the review
 * (CP-REVIEW), in the agents' otherwise; due at the current step's deadline or, until the remedy is
 * implemented, the promised result, whichever comes first (CP-TIMELINE); priority = escalations so
 * far; member from the form.
 */
export function complaintWorklist(s: ProjectedSnapshot<ComplaintContext>): WorklistFields {
  const c = s.context;
  const supervisor = inState(s.value, 'propose.awaitingApproval') || inState(s.value, 'review');
  return {
    assignee: c.registeredBy?.id ?? null,
    role: supervisor ? 'supervisor' : 'agent',
    nextDueAt: earliest(c.deadlines[c.step], c.step === 'notStands' || c.implementedAt ? undefined : (c.promise?.promisedBy ?? c.deadlines.result)),
    priority: c.escalations.length,
    member: c.form.member ?? null,
  };
}
