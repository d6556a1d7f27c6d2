import { inState, type ProjectedSnapshot, type WorklistFields } from '../shared/worklist.js';
import type { CustomerDataContext } from './customer-data.types.js';

/**
 * What a team's customer-file process shows in worklists: in the supervisor's queue while the day's
 * records are compiled and filed (资料整理, DATA-DAILY) and while new customers wait to be assigned
 * (资料处理, DATA-ASSIGN), in the agents' otherwise (collecting, contacting new customers); due at its
 * earliest pending timer (`nextDueAt` left out): the end of the open day, the end of the next working
 * day expected to have an update, or the next DATA-WEEK contact due time; priority = new customers
 * whose contact week passed (escalated) and who are still not contacted. Held by nobody: it is the
 * team's process, never done.
 */
export function customerDataWorklist(s: ProjectedSnapshot<CustomerDataContext>): WorklistFields {
  const c = s.context;
  const supervisor = inState(s.value, 'daily.day.compiling') || inState(s.value, 'daily.processing');
  return {
    assignee: null,
    role: supervisor ? 'supervisor' : 'agent',
    priority: Object.values(c.contacts).filter((d) => d.escalatedAt !== undefined && d.contactedAt === undefined).length,
    member: null,
  };
}
