import type { ProjectedSnapshot, WorklistFields } from '../shared/worklist.js';
import type { EmailContext } from './email.types.js';

/**
 * What an email thread shows in worklists: held by its agent, in the agents' queue; due when the
 * MAIL-24H clock of the message owed a reply runs out (none while waiting on the customer: the
 * clock is paused); a customer with a tier (会员等级, `mail.tier`) is a member and comes with
 * priority 1, plus one per missed due time.
 */
export function emailWorklist(s: ProjectedSnapshot<EmailContext>): WorklistFields {
  const c = s.context;
  const owed = c.sla !== undefined && c.sla.pausedAt === undefined;
  return {
    assignee: c.agent ?? null,
    role: 'agent',
    nextDueAt: owed ? c.sla!.dueAt : null,
    priority: (c.mail.tier !== undefined ? 1 : 0) + c.escalations.length,
    member: c.mail.tier !== undefined,
  };
}
