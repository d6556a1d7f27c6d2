import { inState, type ProjectedSnapshot, type WorklistFields } from '../shared/worklist.js';
import type { InquiryContext } from './inquiry.types.js';

/**
 * What an inquiry shows in worklists: in the agents' queue until it closes; due at the follow-up
 * time promised to the customer while one is owed (CALL-ETA; overdue once it passed); priority = the
 * promised follow-ups missed and escalated. Held by nobody: the context names the department
 * answering, not a person (the agent who takes each step is in the case's history).
 */
export function inquiryWorklist(s: ProjectedSnapshot<InquiryContext>): WorklistFields {
  const c = s.context;
  return {
    assignee: null,
    role: 'agent',
    nextDueAt: inState(s.value, 'awaitingFollowUp') && c.followUp ? c.followUp.promisedBy : null,
    priority: c.escalations.length,
    member: null,
  };
}
