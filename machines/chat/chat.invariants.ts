/**
 * What must hold of a stored chat case: the context schema and the state invariants.
 * Registered with the machine; `restore`, `step` and every store load check them.
 */
import * as z from 'zod/mini';
import { contextSchema, StoredInstantSchema, type StateInvariant } from '../../src/rules/invariants.js';
import type { ChatContext } from './chat.types.js';

/** Schema of the chat machine's context as stored. */
export const ChatContextSchema = contextSchema({
  chatId: z.string().check(z.minLength(1)),
  startedAt: StoredInstantSchema,
  agent: z.string().check(z.minLength(1)),
  closingMessage: z.string(),
  messages: z.array(z.looseObject({})),
  responses: z.array(z.looseObject({})),
  breaches: z.array(z.looseObject({})),
  transfers: z.array(z.looseObject({})),
  closedAt: z.optional(StoredInstantSchema),
});

/** The chat's state invariants (CHAT-LIVE). */
export const chatInvariants: readonly StateInvariant<ChatContext>[] = [
  {
    name: 'chat.owed',
    description: 'a chat waiting on the agent knows what response is owed and by when (CHAT-LIVE)',
    states: ['active.response.owed'],
    check: (c) => (c.owed ? undefined : { path: 'owed', message: 'missing: the response owed to the customer (CHAT-LIVE)' }),
  },
];
