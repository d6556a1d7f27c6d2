/**
 * `kefu/machines/chat` — online chat (在线客服): CHAT-LIVE response clocks with breaches
 * counted, idle close with a closing message, transfers that never drop the customer, messages
 * checked for forbidden phrases.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
export { chatMachine, chatStateNames } from './chat.machine.js';
export { ChatSessionSchema, ChatInputSchema, ChatEventSchema, defaultChatClosingMessage } from './chat.schemas.js';
export type { ChatSession, ChatInput } from './chat.schemas.js';
export type {
  ChatContext,
  ChatEvent,
  ChatEmitted,
  ChatOutput,
  ChatState,
  ChatMessage,
  ChatBreach,
  ChatResponseRecord,
  ChatTransfer,
  ChatTransferRecord,
  OwedResponse,
  ResponseKind,
} from './chat.types.js';
export * as chatChecks from './chat.rules.js';
