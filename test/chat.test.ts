import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { definePolicy, isValidationError, send, sendOrThrow } from 'kefu';
import { chatMachine, chatStateNames, defaultChatClosingMessage } from 'kefu/machines/chat';
import { chat, MINUTE, S, SECOND, startChat } from './support/chat.js';
import { people } from './support/principals.js';

const hello = (at: string, messageId = 'a1') => ({ type: 'AGENT.MESSAGE' as const, by: people.agent, messageId, text: '您好,请问有什么可以帮助您的?', at });
const ask = (at: string, messageId = 'c1') => ({ type: 'CUSTOMER.MESSAGE' as const, by: people.customer, messageId, text: '我的车什么时候保养好?', at });

describe('chat machine: states', () => {
  it('starts owing the first response, with the agent', () => {
    const { actor } = startChat();
    expect(actor.getSnapshot().value).toEqual({ active: { response: 'owed', handling: 'withAgent' } });
    expect(actor.getSnapshot().context.owed).toMatchObject({ kind: 'first', clock: { dueAt: S(60 * SECOND) } });
  });

  it('names every state in meta', () => {
    const active = chatMachine.states.active!;
    expect((active.meta as { zh: string }).zh).toBe('会话中');
    expect((active.states.response!.states.owed!.meta as { zh: string }).zh).toBe('待响应');
    expect((active.states.handling!.states.transferring!.meta as { zh: string }).zh).toBe('转接中');
    expect(chatStateNames.closed.zh).toBe('会话结束');
  });

  it('refuses an input department that is not in the directory', () => {
    const errors: unknown[] = [];
    const actor = createActor(chatMachine, { input: { chat: { ...chat, department: 'nowhere' } }, clock: new SimulatedClock() });
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect(isValidationError(errors[0]) && errors[0].fields).toEqual(['chat.department']);
  });

  it('the customer may leave at any time; the output counts responses and breaches (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(5 * SECOND)));
    sendOrThrow(actor, { type: 'CUSTOMER.LEAVE', by: people.customer, at: to(30 * SECOND) });
    expect(actor.getSnapshot().output).toEqual({ chatId: chat.chatId, closedBy: 'customer', closedAt: S(30 * SECOND), responses: 1, breaches: 0 });
  });
});

describe('CHAT-LIVE', () => {
  it('CHAT-LIVE: a first response within 60 s is met (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(20 * SECOND)));
    const { context, value } = actor.getSnapshot();
    expect(value).toEqual({ active: { response: 'answered', handling: 'withAgent' } });
    expect(context.responses).toEqual([{ kind: 'first', since: S(0), dueAt: S(60 * SECOND), at: S(20 * SECOND), met: true, elapsedMs: 20 * SECOND }]);
    to(10 * MINUTE - 1); // and nothing overdue later
    expect(actor.getSnapshot().context.breaches).toEqual([]);
  });

  it('CHAT-LIVE: no first response is counted as a breach at 60 s, not 1 ms before, and emitted without personal data (SimulatedClock, Asia/Shanghai)', () => {
    const notifySupervisor = vi.fn();
    const overdue = vi.fn();
    const { actor, to } = startChat({ machine: chatMachine.provide({ actions: { notifySupervisor } }) });
    actor.on('chat.responseOverdue', overdue);
    to(60 * SECOND - 1);
    expect(actor.getSnapshot().context.breaches).toEqual([]);
    to(60 * SECOND);
    expect(actor.getSnapshot().context.breaches).toEqual([{ kind: 'first', since: S(0), dueAt: S(60 * SECOND) }]);
    expect(overdue).toHaveBeenCalledWith({ type: 'chat.responseOverdue', chatId: chat.chatId, kind: 'first', dueAt: S(60 * SECOND), breaches: 1 });
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { chatId: chat.chatId, reason: 'response-overdue', kind: 'first', dueAt: S(60 * SECOND), breaches: 1 });
    // The answer still has to come; when it does, it is recorded as late.
    sendOrThrow(actor, hello(to(75 * SECOND)));
    expect(actor.getSnapshot().context.responses[0]).toMatchObject({ met: false, elapsedMs: 75 * SECOND });
  });

  it('CHAT-LIVE: each customer message starts the next-response clock; an answer within 60 s is met (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(10 * SECOND)));
    sendOrThrow(actor, ask(to(30 * SECOND)));
    expect(actor.getSnapshot().context.owed).toMatchObject({ kind: 'next', messageId: 'c1', clock: { dueAt: S(90 * SECOND) } });
    sendOrThrow(actor, { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a2', text: '您好,预计今天下午四点完成。', at: to(80 * SECOND) });
    expect(actor.getSnapshot().context.responses.map((r) => [r.kind, r.met])).toEqual([['first', true], ['next', true]]);
    to(5 * MINUTE);
    expect(actor.getSnapshot().context.breaches).toHaveLength(0);
  });

  it('CHAT-LIVE: a next response later than 60 s is breached at its due time; breaches are counted (SimulatedClock, Asia/Shanghai)', () => {
    const overdue = vi.fn();
    const { actor, to } = startChat();
    actor.on('chat.responseOverdue', overdue);
    to(60 * SECOND); // first breach
    sendOrThrow(actor, hello(to(70 * SECOND)));
    sendOrThrow(actor, ask(to(100 * SECOND)));
    to(160 * SECOND - 1);
    expect(actor.getSnapshot().context.breaches).toHaveLength(1);
    to(160 * SECOND);
    expect(actor.getSnapshot().context.breaches).toEqual([
      { kind: 'first', since: S(0), dueAt: S(60 * SECOND) },
      { kind: 'next', since: S(100 * SECOND), dueAt: S(160 * SECOND) },
    ]);
    expect(overdue).toHaveBeenLastCalledWith({ type: 'chat.responseOverdue', chatId: chat.chatId, kind: 'next', dueAt: S(160 * SECOND), breaches: 2 });
    sendOrThrow(actor, hello(to(170 * SECOND), 'a2'));
    sendOrThrow(actor, { type: 'CHAT.CLOSE', by: people.agent, at: to(180 * SECOND) });
    expect(actor.getSnapshot().output).toMatchObject({ responses: 2, breaches: 2, closedBy: 'agent' });
  });

  it('CHAT-LIVE: a second customer message before the answer keeps the oldest message\'s clock (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(10 * SECOND)));
    sendOrThrow(actor, ask(to(20 * SECOND)));
    sendOrThrow(actor, ask(to(50 * SECOND), 'c2'));
    expect(actor.getSnapshot().context.owed).toMatchObject({ messageId: 'c1', clock: { dueAt: S(80 * SECOND) } });
    to(80 * SECOND);
    expect(actor.getSnapshot().context.breaches).toHaveLength(1);
  });

  it('CHAT-LIVE: the policy sets the seconds (30 s first response) (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat({ policy: definePolicy({ chat: { firstResponseSeconds: 30 } }) });
    to(30 * SECOND - 1);
    expect(actor.getSnapshot().context.breaches).toHaveLength(0);
    to(30 * SECOND);
    expect(actor.getSnapshot().context.breaches).toHaveLength(1);
  });

  it('CHAT-LIVE: an idle chat closes after 10 minutes with the closing message, not 1 ms before (SimulatedClock, Asia/Shanghai)', () => {
    const sendMessage = vi.fn();
    const closed = vi.fn();
    const { actor, to } = startChat({ machine: chatMachine.provide({ actions: { sendMessage } }) });
    actor.on('chat.closed', closed);
    sendOrThrow(actor, hello(to(15 * SECOND)));
    expect(actor.getSnapshot().context.idleCloseAt).toBe(S(15 * SECOND + 10 * MINUTE));
    to(15 * SECOND + 10 * MINUTE - 1);
    expect(actor.getSnapshot().status).toBe('active');
    to(15 * SECOND + 10 * MINUTE);
    const snap = actor.getSnapshot();
    expect(snap.status).toBe('done');
    expect(snap.output).toEqual({ chatId: chat.chatId, closedBy: 'idle', closedAt: S(15 * SECOND + 10 * MINUTE), responses: 1, breaches: 0 });
    expect(sendMessage).toHaveBeenLastCalledWith(expect.anything(), { chatId: chat.chatId, messageId: `${chat.chatId}:closing`, kind: 'closing', text: defaultChatClosingMessage });
    expect(snap.context.messages.at(-1)).toMatchObject({ from: 'system', text: defaultChatClosingMessage });
    expect(closed).toHaveBeenCalledWith({ type: 'chat.closed', chatId: chat.chatId, closedBy: 'idle', responses: 1, breaches: 0, at: S(15 * SECOND + 10 * MINUTE) });
  });

  it('CHAT-LIVE: the agent writing again starts the idle time over (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(0)));
    sendOrThrow(actor, { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a2', text: '请问还在吗?', at: to(8 * MINUTE) });
    to(10 * MINUTE);
    expect(actor.getSnapshot().status).toBe('active');
    to(18 * MINUTE);
    expect(actor.getSnapshot().output).toMatchObject({ closedBy: 'idle' });
  });

  it('CHAT-LIVE: a chat with an unanswered customer message is not idle and does not close by itself (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(5 * SECOND)));
    sendOrThrow(actor, ask(to(MINUTE)));
    to(30 * MINUTE);
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().context.breaches).toHaveLength(1);
  });

  it('CHAT-LIVE: the agent cannot close a chat while the customer waits for an answer; after answering it can (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(5 * SECOND)));
    sendOrThrow(actor, ask(to(20 * SECOND)));
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'CHAT.CLOSE', by: people.agent, at: to(25 * SECOND) });
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CHAT-LIVE', details: { kind: 'next', dueAt: S(80 * SECOND) } }] });
    expect(actor.getSnapshot()).toBe(before);
    sendOrThrow(actor, { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a2', text: '下午四点完成,感谢您的耐心等待。', at: to(30 * SECOND) });
    expect(send(actor, { type: 'CHAT.CLOSE', by: people.agent, at: to(40 * SECOND) })).toEqual({ accepted: true, eventType: 'CHAT.CLOSE' });
    expect(actor.getSnapshot().output).toMatchObject({ closedBy: 'agent' });
  });

  it('CHAT-LIVE: a message dated before the last event is refused (a backdated answer cannot look in time) (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, ask(to(30 * SECOND)));
    const outcome = send(actor, hello(S(10 * SECOND)));
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CHAT-LIVE', details: { now: S(30 * SECOND) } }] });
  });
});

describe('CALL-TRANSFER (chat)', () => {
  it('CALL-TRANSFER: a transfer to an unknown department is refused, naming it; the chat stays with the agent', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(5 * SECOND)));
    const outcome = send(actor, { type: 'CHAT.TRANSFER', by: people.agent, department: 'legal', at: to(10 * SECOND) });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-TRANSFER', details: { department: 'legal' } }] });
    expect(outcome.accepted === false && outcome.message.en).toContain('"legal"');
    expect(actor.getSnapshot().value).toMatchObject({ active: { handling: 'withAgent' } });
  });

  it('CALL-TRANSFER: a transfer to the agent already serving is refused; one without a target is malformed', () => {
    const { actor, to } = startChat();
    expect(send(actor, { type: 'CHAT.TRANSFER', by: people.agent, agent: chat.agent, at: to(SECOND) })).toMatchObject({ accepted: false, violations: [{ rule: 'CALL-TRANSFER' }] });
    expect(send(actor, { type: 'CHAT.TRANSFER', by: people.agent, at: to(SECOND) } as never)).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'department' }] });
  });

  it('CALL-TRANSFER: a transfer to a known department, once accepted, hands the chat to the new agent', () => {
    const requestTransfer = vi.fn();
    const transferred = vi.fn();
    const { actor, to } = startChat({ machine: chatMachine.provide({ actions: { requestTransfer } }) });
    actor.on('chat.transferred', transferred);
    sendOrThrow(actor, hello(to(5 * SECOND)));
    sendOrThrow(actor, { type: 'CHAT.TRANSFER', by: people.agent, department: 'repair', reason: '维修进度查询', at: to(20 * SECOND) });
    expect(actor.getSnapshot().value).toEqual({ active: { response: 'answered', handling: 'transferring' } });
    expect(requestTransfer).toHaveBeenCalledWith(expect.anything(), { chatId: chat.chatId, toDepartment: 'repair', reason: '维修进度查询' });
    sendOrThrow(actor, { type: 'TRANSFER.ACCEPTED', by: people.agent, agent: 'agent-21', at: to(30 * SECOND) });
    const { context, value } = actor.getSnapshot();
    expect(value).toEqual({ active: { response: 'answered', handling: 'withAgent' } });
    expect(context).toMatchObject({ agent: 'agent-21', department: 'repair' });
    expect(context.transfers).toEqual([
      expect.objectContaining({ fromAgent: chat.agent, fromDepartment: 'service', toDepartment: 'repair', outcome: 'accepted', acceptedBy: 'agent-21' }),
    ]);
    expect(transferred).toHaveBeenCalledWith({ type: 'chat.transferred', chatId: chat.chatId, department: 'repair', at: S(30 * SECOND) });
  });

  it('CALL-TRANSFER: a declined transfer returns the chat to the agent; the customer is not dropped (SimulatedClock, Asia/Shanghai)', () => {
    const notifyAgent = vi.fn();
    const { actor, to } = startChat({ machine: chatMachine.provide({ actions: { notifyAgent } }) });
    sendOrThrow(actor, hello(to(5 * SECOND)));
    sendOrThrow(actor, { type: 'CHAT.TRANSFER', by: people.agent, agent: 'agent-21', at: to(10 * SECOND) });
    sendOrThrow(actor, { type: 'TRANSFER.DECLINED', by: people.agent, reason: '忙', at: to(15 * SECOND) });
    const { context, value, status } = actor.getSnapshot();
    expect(status).toBe('active');
    expect(value).toEqual({ active: { response: 'answered', handling: 'withAgent' } });
    expect(context.agent).toBe(chat.agent);
    expect(context.transfers.map((t) => t.outcome)).toEqual(['declined']);
    expect(notifyAgent).toHaveBeenCalledWith(expect.anything(), { chatId: chat.chatId, agent: chat.agent, reason: 'transfer-declined' });
    // The agent keeps answering.
    sendOrThrow(actor, ask(to(20 * SECOND)));
    sendOrThrow(actor, hello(to(25 * SECOND), 'a2'));
  });

  it('CALL-TRANSFER: a transfer nobody accepts returns to the agent after the policy\'s 60 s, not 1 ms before (SimulatedClock, Asia/Shanghai)', () => {
    const failed = vi.fn();
    const { actor, to } = startChat();
    actor.on('chat.transferFailed', failed);
    sendOrThrow(actor, hello(to(5 * SECOND)));
    sendOrThrow(actor, { type: 'CHAT.TRANSFER', by: people.agent, department: 'sales', at: to(10 * SECOND) });
    expect(actor.getSnapshot().context.transfer?.dueAt).toBe(S(70 * SECOND));
    to(70 * SECOND - 1);
    expect(actor.getSnapshot().value).toMatchObject({ active: { handling: 'transferring' } });
    to(70 * SECOND);
    expect(actor.getSnapshot().value).toMatchObject({ active: { handling: 'withAgent' } });
    expect(actor.getSnapshot().context.transfers).toEqual([expect.objectContaining({ toDepartment: 'sales', outcome: 'timed-out', at: S(70 * SECOND) })]);
    expect(failed).toHaveBeenCalledWith({ type: 'chat.transferFailed', chatId: chat.chatId, outcome: 'timed-out', at: S(70 * SECOND) });
  });

  it('CALL-TRANSFER: while a transfer is pending the response clock keeps running (CHAT-LIVE; SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, { type: 'CHAT.TRANSFER', by: people.agent, department: 'repair', at: to(5 * SECOND) });
    to(60 * SECOND);
    expect(actor.getSnapshot().context.breaches).toHaveLength(1);
    expect(actor.getSnapshot().value).toMatchObject({ active: { handling: 'transferring' } });
  });
});

describe('CP-LANGUAGE', () => {
  it('CP-LANGUAGE: a polite message is sent through the provided sendMessage action', () => {
    const sendMessage = vi.fn();
    const { actor, to } = startChat({ machine: chatMachine.provide({ actions: { sendMessage } }) });
    sendOrThrow(actor, hello(to(5 * SECOND)));
    expect(sendMessage).toHaveBeenCalledWith(expect.anything(), { chatId: chat.chatId, messageId: 'a1', kind: 'reply', text: '您好,请问有什么可以帮助您的?' });
  });

  it('CP-LANGUAGE: a message with 不归我管 is refused naming the phrase; nothing is sent and the clock runs on (SimulatedClock, Asia/Shanghai)', () => {
    const sendMessage = vi.fn();
    const { actor, to } = startChat({ machine: chatMachine.provide({ actions: { sendMessage } }) });
    const outcome = send(actor, { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a1', text: '这个不归我管', at: to(5 * SECOND) });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不归我管', index: 2 }] } }] });
    expect(sendMessage).not.toHaveBeenCalled();
    expect(actor.getSnapshot().context.owed).toBeDefined();
    to(60 * SECOND);
    expect(actor.getSnapshot().context.breaches).toHaveLength(1);
  });

  it('CP-LANGUAGE: a closing message with a forbidden phrase is refused at the start', () => {
    const errors: unknown[] = [];
    const actor = createActor(chatMachine, { input: { chat, closingMessage: '没办法,会话结束' }, clock: new SimulatedClock() });
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(isValidationError(errors[0]) && errors[0].fields).toEqual(['closingMessage']);
  });
});

describe('persistence', () => {
  it('a chat persisted through JSON mid-transfer restores with its clocks and goes on (SimulatedClock, Asia/Shanghai)', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, hello(to(5 * SECOND)));
    sendOrThrow(actor, ask(to(10 * SECOND)));
    sendOrThrow(actor, { type: 'CHAT.TRANSFER', by: people.agent, department: 'repair', at: to(12 * SECOND) });
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(chatMachine, { snapshot: JSON.parse(saved), input: { chat }, clock: new SimulatedClock() }).start();
    expect(restored.getSnapshot().value).toEqual({ active: { response: 'owed', handling: 'transferring' } });
    sendOrThrow(restored, { type: 'TRANSFER.ACCEPTED', by: people.agent, agent: 'agent-21', at: S(20 * SECOND) });
    sendOrThrow(restored, hello(S(30 * SECOND), 'a2'));
    expect(restored.getSnapshot().context.responses.map((r) => r.met)).toEqual([true, true]);
  });
});
