import { and, assign, emit, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { assertKnownDepartment } from '../../src/policy/policy.js';
import { checkReplyLanguage } from '../../src/language/index.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { ChatContextSchema, chatInvariants } from './chat.invariants.js';
import { addCalendarHours, startSla, stopSla, toEpoch, toIso, delayUntil } from '../../src/time/index.js';
import { ValidationError } from '../../src/errors/validation-error.js';
import { ChatEventSchema, ChatInputSchema, defaultChatClosingMessage, type ChatInput } from './chat.schemas.js';
import * as checks from './chat.rules.js';
import type { ChatContext, ChatEmitted, ChatEvent, ChatOutput, ChatState, ChatTransferRecord } from './chat.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { chatPermissions } from './chat.permissions.js';
import { chatWorklist } from './chat.worklist.js';

type Of<T extends ChatEvent['type']> = Extract<ChatEvent, { type: T }>;
type Ctx = { context: ChatContext; event: ChatEvent };

/** Chinese names of the states. */
export const chatStateNames: Readonly<Record<ChatState, { zh: string; en: string }>> = {
  active: { zh: '会话中', en: 'active' },
  owed: { zh: '待响应', en: 'response owed' },
  answered: { zh: '已响应', en: 'answered' },
  withAgent: { zh: '人工接待', en: 'with the agent' },
  transferring: { zh: '转接中', en: 'transferring' },
  closed: { zh: '会话结束', en: 'closed' },
};

const later = (a: string, b: string) => (toEpoch(a) >= toEpoch(b) ? a : b);
const until = delayUntil;

/**
 * The online-chat machine (在线客服): the agent answers in real time (CHAT-LIVE: 在线客服应实时
 * 响应客户咨询) — a first response within the policy's seconds, each customer message starting
 * the next-response clock, late responses counted; an idle chat closes with a closing message;
 * a matter outside the agent's scope is transferred to a known department or another agent,
 * and a transfer nobody accepts returns the chat to the agent (如无法解决,应及时转接至相关部门).
 * Messages to the customer are checked for forbidden phrases (CP-LANGUAGE).
 *
 * Every event carries `at` (ISO-8601, from the host's clock). Side effects are named actions
 * with no-op defaults: `.provide({ actions: { sendMessage, notifySupervisor, requestTransfer, notifyAgent } })`.
 */
export const chatMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as ChatContext,
    events: {} as ChatEvent,
    input: {} as ChatInput,
    output: {} as ChatOutput,
    emitted: {} as ChatEmitted,
  },
  guards: {
    isInTimeOrder: ruleGuard('CHAT-LIVE', checks.checkTimeOrder, { checks: 'event' }),
    isNothingOwed: ruleGuard('CHAT-LIVE', checks.checkNothingOwed),
    isTextPolite: ruleGuard('CP-LANGUAGE', checks.checkPoliteText, { checks: 'event' }),
    isTransferTargetValid: ruleGuard('CALL-TRANSFER', checks.checkTransferTarget),
    // Not rules: the delayed transitions act only on a deadline that is set.
    hasOwedResponse: ({ context }) => context.owed !== undefined,
    isIdle: ({ context }) => context.owed === undefined && context.idleCloseAt !== undefined,
    hasPendingTransfer: ({ context }) => context.transfer !== undefined,
  },
  delays: {
    responseDeadline: ({ context }) => until(context.owed?.clock.dueAt, context.now),
    idleTimeout: ({ context }) => until(context.idleCloseAt, context.now),
    transferTimeout: ({ context }) => until(context.transfer?.dueAt, context.now),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    sendMessage: (_: unknown, _params: { chatId: string; messageId: string; kind: 'reply' | 'closing'; text: string }) => {},
    notifySupervisor: (_: unknown, _params: { chatId: string; reason: 'response-overdue'; kind: 'first' | 'next'; dueAt: string; breaches: number }) => {},
    requestTransfer: (_: unknown, _params: { chatId: string; toDepartment?: string; toAgent?: string; reason?: string }) => {},
    notifyAgent: (_: unknown, _params: { chatId: string; agent: string; reason: 'transfer-declined' | 'transfer-timed-out' }) => {},

    recordCustomerMessage: assign(({ context, event }) => {
      const e = event as Of<'CUSTOMER.MESSAGE'>;
      const messages = [...context.messages, { messageId: e.messageId, from: 'customer' as const, text: e.text, at: e.at }];
      // The oldest unanswered message sets the due time: a running clock is kept.
      if (context.owed) return { messages, now: e.at };
      const clock = startSla(e.at, { seconds: context.policy.chat.nextResponseSeconds });
      return { messages, now: e.at, owed: { kind: 'next' as const, messageId: e.messageId, clock }, idleCloseAt: undefined };
    }),
    recordAgentMessage: assign(({ context, event }) => {
      const e = event as Of<'AGENT.MESSAGE'>;
      const messages = [...context.messages, { messageId: e.messageId, from: 'agent' as const, text: e.text, at: e.at }];
      const idleCloseAt = addCalendarHours(e.at, context.policy.chat.idleCloseMinutes / 60);
      if (!context.owed) return { messages, now: e.at, idleCloseAt };
      const outcome = stopSla(context.owed.clock, e.at);
      const record = {
        kind: context.owed.kind,
        since: context.owed.clock.startedAt,
        dueAt: context.owed.clock.dueAt,
        at: toIso(e.at),
        met: outcome.met,
        elapsedMs: outcome.elapsedMs,
      };
      return { messages, now: e.at, idleCloseAt, owed: undefined, responses: [...context.responses, record] };
    }),
    recordBreach: assign(({ context }) => {
      const owed = context.owed!;
      return {
        now: later(owed.clock.dueAt, context.now),
        breaches: [...context.breaches, { kind: owed.kind, since: owed.clock.startedAt, dueAt: owed.clock.dueAt }],
      };
    }),
    recordTransferRequest: assign(({ context, event }) => {
      const e = event as Of<'CHAT.TRANSFER'>;
      return {
        now: e.at,
        transfer: {
          fromAgent: context.agent,
          ...(context.department ? { fromDepartment: context.department } : {}),
          ...(e.department ? { toDepartment: e.department } : {}),
          ...(e.agent ? { toAgent: e.agent } : {}),
          ...(e.reason ? { reason: e.reason } : {}),
          requestedAt: e.at,
          dueAt: addCalendarHours(e.at, context.policy.chat.transferTimeoutSeconds / 3600),
        },
      };
    }),
    recordTransferAccepted: assign(({ context, event }) => {
      const e = event as Of<'TRANSFER.ACCEPTED'>;
      const transfer = context.transfer!;
      const record: ChatTransferRecord = { ...transfer, outcome: 'accepted', acceptedBy: e.agent, at: e.at };
      return {
        now: e.at,
        agent: e.agent,
        ...(transfer.toDepartment ? { department: transfer.toDepartment } : {}),
        transfer: undefined,
        transfers: [...context.transfers, record],
      };
    }),
    /** The transfer failed: the chat stays with the agent who had it (never a dropped customer). */
    recordTransferFailed: assign(({ context, event }, params: { outcome: 'declined' | 'timed-out' }) => {
      const transfer = context.transfer!;
      const at = params.outcome === 'declined' ? (event as Of<'TRANSFER.DECLINED'>).at : later(transfer.dueAt, context.now);
      const record: ChatTransferRecord = { ...transfer, outcome: params.outcome, at };
      return { now: at, agent: transfer.fromAgent, transfer: undefined, transfers: [...context.transfers, record] };
    }),
    recordClosure: assign(({ event }, params: { by: 'agent' | 'customer' }) => ({ now: event.at, closedAt: event.at, closedBy: params.by })),
    recordIdleClose: assign(({ context }) => {
      const at = later(context.idleCloseAt ?? context.now, context.now);
      return {
        now: at,
        closedAt: at,
        closedBy: 'idle' as const,
        messages: [...context.messages, { messageId: `${context.chatId}:closing`, from: 'system' as const, text: context.closingMessage, at }],
      };
    }),

    announceResponseDue: emit(({ context }: Ctx) => ({
      type: 'chat.responseDue' as const,
      chatId: context.chatId,
      kind: context.owed?.kind ?? 'next',
      dueAt: context.owed?.clock.dueAt ?? context.now,
    })),
    announceResponseOverdue: emit(({ context }: Ctx) => {
      const last = context.breaches[context.breaches.length - 1]!;
      return { type: 'chat.responseOverdue' as const, chatId: context.chatId, kind: last.kind, dueAt: last.dueAt, breaches: context.breaches.length };
    }),
    announceTransferRequested: emit(({ context }: Ctx) => ({
      type: 'chat.transferRequested' as const,
      chatId: context.chatId,
      ...(context.transfer?.toDepartment ? { toDepartment: context.transfer.toDepartment } : {}),
      dueAt: context.transfer?.dueAt ?? context.now,
    })),
    announceTransferred: emit(({ context }: Ctx) => ({
      type: 'chat.transferred' as const,
      chatId: context.chatId,
      ...(context.department ? { department: context.department } : {}),
      at: context.now,
    })),
    announceTransferFailed: emit(({ context }: Ctx, params: { outcome: 'declined' | 'timed-out' }) => ({
      type: 'chat.transferFailed' as const,
      chatId: context.chatId,
      outcome: params.outcome,
      at: context.now,
    })),
    announceClosed: emit(({ context }: Ctx) => ({
      type: 'chat.closed' as const,
      chatId: context.chatId,
      closedBy: context.closedBy ?? 'agent',
      responses: context.responses.length,
      breaches: context.breaches.length,
      at: context.closedAt ?? context.now,
    })),
  },
}).createMachine({
  id: 'chat',
  description: '在线客服:实时响应客户咨询,如无法解决,应及时转接至相关部门 — online chat answered in real time, transferred when outside the agent\'s scope (CHAT-LIVE, CP-LANGUAGE, CALL-TRANSFER)',
  context: ({ input }) => {
    const parsed = parseInput(ChatInputSchema, input, 'chat input');
    const policy = parsed.policy ?? defaultPolicy;
    const { chatId, startedAt, agent, department } = parsed.chat;
    assertKnownDepartment(policy, department, 'chat input', 'chat.department');
    const closingMessage = parsed.closingMessage ?? defaultChatClosingMessage;
    const rude = checkReplyLanguage(closingMessage, policy.language);
    if (rude) throw new ValidationError('chat input', [{ path: 'closingMessage', message: rude.message.en }]);
    return {
      policy,
      chatId,
      startedAt,
      agent,
      ...(department ? { department } : {}),
      now: parsed.at ? later(parsed.at, startedAt) : startedAt,
      closingMessage,
      owed: { kind: 'first' as const, clock: startSla(startedAt, { seconds: policy.chat.firstResponseSeconds }) },
      messages: [],
      responses: [],
      breaches: [],
      transfers: [],
    };
  },
  output: ({ context }) => ({
    chatId: context.chatId,
    closedBy: context.closedBy ?? 'agent',
    closedAt: context.closedAt ?? context.now,
    responses: context.responses.length,
    breaches: context.breaches.length,
  }),
  initial: 'active',
  states: {
    active: {
      type: 'parallel',
      description: '会话中:客服实时响应,必要时转接 — the chat is open: the agent answers in real time and may transfer it (CHAT-LIVE)',
      meta: { zh: '会话中', rules: ['CHAT-LIVE', 'CP-LANGUAGE', 'CALL-TRANSFER'] },
      states: {
        response: {
          description: '响应:客户每发一条消息,客服须在规定秒数内回复 — responses: each customer message is answered within the policy\'s seconds (CHAT-LIVE)',
          meta: { zh: '响应', rules: ['CHAT-LIVE'] },
          initial: 'owed',
          states: {
            owed: {
              description: '待响应:客户在等待,响应计时中 — the customer is waiting; the response clock runs (CHAT-LIVE)',
              meta: { zh: '待响应', rules: ['CHAT-LIVE', 'CP-LANGUAGE'] },
              entry: 'announceResponseDue',
              after: {
                responseDeadline: {
                  guard: 'hasOwedResponse',
                  actions: [
                    'recordBreach',
                    'announceResponseOverdue',
                    {
                      type: 'notifySupervisor',
                      params: ({ context }) => {
                        const last = context.breaches[context.breaches.length - 1]!;
                        return { chatId: context.chatId, reason: 'response-overdue' as const, kind: last.kind, dueAt: last.dueAt, breaches: context.breaches.length };
                      },
                    },
                  ],
                  description: '未能实时响应,记录超时次数并通知主管 — not answered in time: count the breach and tell the supervisor (CHAT-LIVE)',
                },
              },
              on: {
                'AGENT.MESSAGE': {
                  guard: and(['isInTimeOrder', 'isTextPolite']),
                  target: 'answered',
                  actions: [
                    'recordAgentMessage',
                    { type: 'sendMessage', params: ({ context, event }) => { const e = event as Of<'AGENT.MESSAGE'>; return { chatId: context.chatId, messageId: e.messageId, kind: 'reply' as const, text: e.text }; } },
                  ],
                  description: '客服回复(专业、简洁、礼貌,不得使用禁用语),停止响应计时 — the agent answers, without forbidden phrases; the response clock stops (CHAT-LIVE, CP-LANGUAGE)',
                  meta: { rule: 'CHAT-LIVE' },
                },
                'CUSTOMER.MESSAGE': {
                  guard: 'isInTimeOrder',
                  actions: 'recordCustomerMessage',
                  description: '客户追加消息:记录,按最早未回复的消息计时 — another message: recorded; the oldest unanswered one keeps the clock',
                },
              },
            },
            answered: {
              description: '已响应:等待客户;长时间无消息则发送结束语并结束会话 — answered, waiting on the customer; an idle chat closes with a closing message (CHAT-LIVE)',
              meta: { zh: '已响应', rules: ['CHAT-LIVE', 'CP-LANGUAGE'] },
              after: {
                idleTimeout: {
                  guard: 'isIdle',
                  target: '#chat.closed',
                  actions: [
                    'recordIdleClose',
                    { type: 'sendMessage', params: ({ context }) => ({ chatId: context.chatId, messageId: `${context.chatId}:closing`, kind: 'closing' as const, text: context.closingMessage }) },
                  ],
                  description: '客户长时间无回应,发送结束语并结束会话 — the customer is idle: send the closing message and close (CHAT-LIVE)',
                },
              },
              on: {
                'CUSTOMER.MESSAGE': {
                  guard: 'isInTimeOrder',
                  target: 'owed',
                  actions: 'recordCustomerMessage',
                  description: '客户发来消息,开始下一次响应计时 — a customer message starts the next-response clock (CHAT-LIVE)',
                  meta: { rule: 'CHAT-LIVE' },
                },
                'AGENT.MESSAGE': {
                  guard: and(['isInTimeOrder', 'isTextPolite']),
                  target: 'answered',
                  reenter: true,
                  actions: [
                    'recordAgentMessage',
                    { type: 'sendMessage', params: ({ context, event }) => { const e = event as Of<'AGENT.MESSAGE'>; return { chatId: context.chatId, messageId: e.messageId, kind: 'reply' as const, text: e.text }; } },
                  ],
                  description: '客服继续发消息,空闲计时重新开始 — the agent writes again; the idle time starts over (CP-LANGUAGE)',
                  meta: { rule: 'CHAT-LIVE' },
                },
              },
            },
          },
        },
        handling: {
          description: '接待:由客服接待,不属于本人负责范围的转接至相关部门 — who serves the chat; matters outside the agent\'s scope are transferred (CALL-TRANSFER)',
          meta: { zh: '接待', rules: ['CALL-TRANSFER'] },
          initial: 'withAgent',
          states: {
            withAgent: {
              description: '人工接待 — the agent serves the customer',
              meta: { zh: '人工接待', rules: ['CALL-TRANSFER'] },
              on: {
                'CHAT.TRANSFER': {
                  guard: and(['isInTimeOrder', 'isTransferTargetValid']),
                  target: 'transferring',
                  actions: [
                    'recordTransferRequest',
                    {
                      type: 'requestTransfer',
                      params: ({ context }) => ({
                        chatId: context.chatId,
                        ...(context.transfer?.toDepartment ? { toDepartment: context.transfer.toDepartment } : {}),
                        ...(context.transfer?.toAgent ? { toAgent: context.transfer.toAgent } : {}),
                        ...(context.transfer?.reason ? { reason: context.transfer.reason } : {}),
                      }),
                    },
                    'announceTransferRequested',
                  ],
                  description: '转接至相关部门或其他客服(仅限已知部门) — transfer to a known department or another agent (CALL-TRANSFER)',
                },
              },
            },
            transferring: {
              description: '转接中:原客服继续接待,直到对方接受 — the original agent keeps the chat until the transfer is accepted (CALL-TRANSFER)',
              meta: { zh: '转接中', rules: ['CALL-TRANSFER'] },
              after: {
                transferTimeout: {
                  guard: 'hasPendingTransfer',
                  target: 'withAgent',
                  actions: [
                    { type: 'recordTransferFailed', params: { outcome: 'timed-out' as const } },
                    { type: 'notifyAgent', params: ({ context }) => ({ chatId: context.chatId, agent: context.agent, reason: 'transfer-timed-out' as const }) },
                    { type: 'announceTransferFailed', params: { outcome: 'timed-out' as const } },
                  ],
                  description: '转接超时无人接受,会话回到原客服 — nobody accepted in time: the chat returns to the agent (CALL-TRANSFER)',
                },
              },
              on: {
                'TRANSFER.ACCEPTED': {
                  guard: 'isInTimeOrder',
                  target: 'withAgent',
                  actions: ['recordTransferAccepted', 'announceTransferred'],
                  description: '对方接受转接,由新客服接待 — accepted: the new agent serves the customer (CALL-TRANSFER)',
                },
                'TRANSFER.DECLINED': {
                  guard: 'isInTimeOrder',
                  target: 'withAgent',
                  actions: [
                    { type: 'recordTransferFailed', params: { outcome: 'declined' as const } },
                    { type: 'notifyAgent', params: ({ context }) => ({ chatId: context.chatId, agent: context.agent, reason: 'transfer-declined' as const }) },
                    { type: 'announceTransferFailed', params: { outcome: 'declined' as const } },
                  ],
                  description: '对方拒绝转接,会话回到原客服 — declined: the chat returns to the agent (CALL-TRANSFER)',
                },
              },
            },
          },
        },
      },
      on: {
        'CHAT.CLOSE': {
          guard: and(['isInTimeOrder', 'isNothingOwed']),
          target: 'closed',
          actions: { type: 'recordClosure', params: { by: 'agent' as const } },
          description: '客服结束会话(客户的消息须已回复) — the agent closes the chat; not while the customer waits for an answer (CHAT-LIVE)',
        },
        'CUSTOMER.LEAVE': {
          guard: 'isInTimeOrder',
          target: 'closed',
          actions: { type: 'recordClosure', params: { by: 'customer' as const } },
          description: '客户离开 — the customer leaves the chat',
        },
      },
    },
    closed: {
      type: 'final',
      description: '会话结束 — the chat is closed',
      meta: { zh: '会话结束' },
      entry: 'announceClosed',
    },
  },
}), chatPermissions), ChatEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: chatMachine.id,
  events: ChatEventSchema,
  input: ChatInputSchema,
  context: ChatContextSchema,
  invariants: chatInvariants,
  worklist: chatWorklist,
});
