/**
 * `kefu/machines/chat` — online chat (在线客服): CHAT-LIVE response clocks with breaches
 * counted, idle close with a closing message, transfers that never drop the customer, messages
 * checked for forbidden phrases.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
import {
  checkTimeOrder,
  checkNothingOwed,
  checkPoliteText,
  checkTransferTarget,
} from './chat.rules.js';
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
/**
 * The rule checks behind the chat machine's guards — exactly the rules the chart enforces, one
 * entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the very
 * ones `explain` and `send` run
 * (`ruleCheckOf(chatMachine.implementations.guards.isNothingOwed)?.check` is
 * `chatChecks.checkNothingOwed`). Call one to ask a rule before sending, e.g. to disable a button.
 */
export const chatChecks = /* @__PURE__ */ Object.freeze({
  checkTimeOrder,
  checkNothingOwed,
  checkPoliteText,
  checkTransferTarget,
});
