import type { Policy } from '../../src/policy/index.js';
import type { SlaClock } from '../../src/time/index.js';
import type { ChatEvent } from './chat.schemas.js';

/** The states of a chat (the two regions of `active`, and `closed`). */
export type ChatState = 'active' | 'owed' | 'answered' | 'withAgent' | 'transferring' | 'closed';

/** Which CHAT-LIVE clock: the first response of the chat, or the response to a later message. */
export type ResponseKind = 'first' | 'next';

/** A response the agent owes: since when, and its CHAT-LIVE clock (an `SlaClock`, JSON). */
export interface OwedResponse {
  readonly kind: ResponseKind;
  /** The customer message it answers (none for the first response of a chat opened without one). */
  readonly messageId?: string;
  readonly clock: SlaClock;
}

/** A message of the transcript. */
export interface ChatMessage {
  readonly messageId: string;
  /** `system`: the closing message of an idle chat. */
  readonly from: 'customer' | 'agent' | 'system';
  readonly text: string;
  readonly at: string;
}

/** How long one response took (CHAT-LIVE). Times only, no text. */
export interface ChatResponseRecord {
  readonly kind: ResponseKind;
  readonly since: string;
  readonly dueAt: string;
  readonly at: string;
  readonly met: boolean;
  readonly elapsedMs: number;
}

/** A response that was not given by its due time (CHAT-LIVE). */
export interface ChatBreach {
  readonly kind: ResponseKind;
  readonly since: string;
  readonly dueAt: string;
}

/** A transfer, pending or done (CALL-TRANSFER). */
export interface ChatTransfer {
  readonly fromAgent: string;
  readonly fromDepartment?: string;
  readonly toDepartment?: string;
  readonly toAgent?: string;
  readonly reason?: string;
  readonly requestedAt: string;
  /** When an unaccepted transfer returns the chat to the agent. */
  readonly dueAt: string;
}

/** A finished transfer: accepted, or returned to the agent. */
export interface ChatTransferRecord extends ChatTransfer {
  readonly outcome: 'accepted' | 'declined' | 'timed-out';
  readonly acceptedBy?: string;
  readonly at: string;
}

/** Context of the chat machine: JSON-safe, timestamps are ISO strings. */
export interface ChatContext {
  readonly policy: Policy;
  readonly chatId: string;
  readonly startedAt: string;
  /** The agent serving the customer now. */
  readonly agent: string;
  readonly department?: string;
  /** Time of the last event applied (the clock of the chat). */
  readonly now: string;
  readonly closingMessage: string;
  /** The response the agent owes, if any (CHAT-LIVE). */
  readonly owed?: OwedResponse;
  /** When an idle chat (nothing owed) closes: the agent's last message plus the policy's idle time. */
  readonly idleCloseAt?: string;
  /** The transfer waiting for acceptance, if any. */
  readonly transfer?: ChatTransfer;
  readonly messages: readonly ChatMessage[];
  readonly responses: readonly ChatResponseRecord[];
  /** Responses that passed their due time; `breaches.length` is the count. */
  readonly breaches: readonly ChatBreach[];
  readonly transfers: readonly ChatTransferRecord[];
  readonly closedAt?: string;
  readonly closedBy?: 'agent' | 'customer' | 'idle';
}

/** Events the chat machine emits for hosts (`actor.on(...)`). Ids, kinds, counts and times only. */
export type ChatEmitted =
  | { type: 'chat.responseDue'; chatId: string; kind: ResponseKind; dueAt: string }
  | { type: 'chat.responseOverdue'; chatId: string; kind: ResponseKind; dueAt: string; breaches: number }
  | { type: 'chat.transferRequested'; chatId: string; toDepartment?: string; dueAt: string }
  | { type: 'chat.transferred'; chatId: string; department?: string; at: string }
  | { type: 'chat.transferFailed'; chatId: string; outcome: 'declined' | 'timed-out'; at: string }
  | { type: 'chat.closed'; chatId: string; closedBy: 'agent' | 'customer' | 'idle'; responses: number; breaches: number; at: string };

/** What a closed chat returns. */
export interface ChatOutput {
  readonly chatId: string;
  readonly closedBy: 'agent' | 'customer' | 'idle';
  readonly closedAt: string;
  readonly responses: number;
  readonly breaches: number;
}

export type { ChatEvent };
