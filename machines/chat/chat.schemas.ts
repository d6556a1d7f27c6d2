import * as z from 'zod/mini';
import type { WithPrincipal } from '../../src/roles/principal.js';
import { IsoDateTimeSchema, TextSchema } from '../../src/schemas/index.js';
import { PolicySchema } from '../../src/policy/index.js';

/** The chat session as the host's routing hands it over. */
export const ChatSessionSchema = z.strictObject({
  /** Id of the chat in the host's system. */
  chatId: TextSchema,
  /** When the customer opened the chat; the first-response clock starts here (CHAT-LIVE). */
  startedAt: IsoDateTimeSchema,
  /** The agent the chat is routed to. */
  agent: TextSchema,
  /** The agent's department, an id of the policy's directory. */
  department: z.optional(TextSchema),
});

/** The chat session as the host's routing hands it over. */
export type ChatSession = z.output<typeof ChatSessionSchema>;

/**
 * The closing message sent when an idle chat is closed, unless the input gives another
 * (checked for forbidden phrases, CP-LANGUAGE).
 */
export const defaultChatClosingMessage = '您好,由于长时间未收到您的消息,本次会话将结束。如有需要,欢迎随时再联系我们,祝您生活愉快!';

/** Input of the chat machine. */
export const ChatInputSchema = z.strictObject({
  /** The chat session. */
  chat: ChatSessionSchema,
  /** The department's policy. @default defaultPolicy */
  policy: z.optional(PolicySchema),
  /** The closing message of an idle chat. @default defaultChatClosingMessage */
  closingMessage: z.optional(TextSchema),
  /** When the machine starts in the host; defaults to the chat's `startedAt`. Not before it. */
  at: z.optional(IsoDateTimeSchema),
});

/** Input of the chat machine. */
export type ChatInput = z.input<typeof ChatInputSchema>;

const at = { at: IsoDateTimeSchema };
const message = {
  /** Id of the message. */
  messageId: TextSchema,
  /** Its text. */
  text: TextSchema,
  ...at,
};

/** Every event the chat machine accepts, validated before it reaches the machine. */
export const ChatEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('CUSTOMER.MESSAGE'), ...message }),
  z.strictObject({ type: z.literal('AGENT.MESSAGE'), ...message }),
  z.strictObject({
    type: z.literal('CHAT.TRANSFER'),
    /** The department to transfer to, an id of the policy's directory. */
    department: z.optional(TextSchema),
    /** The agent to transfer to. */
    agent: z.optional(TextSchema),
    /** Why the matter is outside the agent's scope. */
    reason: z.optional(TextSchema),
    ...at,
  }).check(
    z.refine((e) => e.department !== undefined || e.agent !== undefined, {
      message: 'a transfer needs a department or an agent',
      path: ['department'],
    }),
  ),
  z.strictObject({
    type: z.literal('TRANSFER.ACCEPTED'),
    /** The agent who takes the chat over. */
    agent: TextSchema,
    ...at,
  }),
  z.strictObject({ type: z.literal('TRANSFER.DECLINED'), reason: z.optional(TextSchema), ...at }),
  z.strictObject({ type: z.literal('CHAT.CLOSE'), ...at }),
  z.strictObject({ type: z.literal('CUSTOMER.LEAVE'), ...at }),
]);

/** An event of the chat machine. */
export type ChatEvent = WithPrincipal<z.output<typeof ChatEventSchema>>;
