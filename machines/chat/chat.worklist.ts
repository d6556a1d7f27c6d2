import type { ProjectedSnapshot, WorklistFields } from '../shared/worklist.js';
import type { ChatContext } from './chat.types.js';

/**
 * What a chat shows in worklists: held by the agent serving it, in the agents' queue; due when the
 * response the agent owes runs out (CHAT-LIVE), none when nothing is owed; priority = breaches so far.
 */
export function chatWorklist(s: ProjectedSnapshot<ChatContext>): WorklistFields {
  const c = s.context;
  return {
    assignee: c.agent,
    role: 'agent',
    nextDueAt: c.owed && c.owed.clock.pausedAt === undefined ? c.owed.clock.dueAt : null,
    priority: c.breaches.length,
    member: null,
  };
}
