import { createActor, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { definePolicy, sendOrThrow } from 'kefu';
import { defineMachine, type WorklistFields } from 'kefu/runtime';
import { callMachine } from 'kefu/machines/call';
import { chatMachine } from 'kefu/machines/chat';
import { emailMachine } from 'kefu/machines/email';
import { orderMachine } from 'kefu/machines/order';
import { returnExchangeMachine } from 'kefu/machines/return-exchange';
import { walkInMachine } from 'kefu/machines/walk-in';
import { callInput, toHandling, T as callT } from './support/call.js';
import { startChat, SECOND } from './support/chat.js';
import { startEmail, T as mailT } from './support/email.js';
import { advance, startOrder, step as orderStep } from './support/order.js';
import { people } from './support/principals.js';

/** The projection kefu registered with a machine, as the runtime applies it. */
function project(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): WorklistFields {
  const worklist = defineMachine(machine).worklist;
  expect(worklist, `${machine.id} declares a worklist projection`).toBeDefined();
  return worklist!(snapshot);
}

describe("kefu's machines project their worklist fields (the runtime stores them with every write)", () => {
  it('email: a tier (会员等级) makes a member with priority 1; due at the MAIL-24H due time while a reply is owed, none once replied', () => {
    const policy = definePolicy({ email: { tiers: { member: { replyWithinHours: 8 } } } });
    const member = startEmail({ policy, mail: { tier: 'member' } });
    let fields = project(emailMachine, member.getSnapshot());
    expect(fields).toMatchObject({ member: true, priority: 1, role: 'agent', assignee: null, nextDueAt: member.getSnapshot().context.sla!.dueAt });
    const plain = startEmail();
    expect(project(emailMachine, plain.getSnapshot())).toMatchObject({ member: false, priority: 0 });
    sendOrThrow(member, { type: 'MAIL.TRIAGE', by: people.agent, agent: 'agent-zhou', category: '发票', at: mailT('09:10') });
    sendOrThrow(member, { type: 'REPLY.SEND', by: people.agent, messageId: 'r1', text: '您好,已为您重开发票,请查收。', at: mailT('10:00') });
    fields = project(emailMachine, member.getSnapshot());
    expect(fields).toMatchObject({ assignee: 'agent-zhou', nextDueAt: null });
  });

  it('chat: held by its agent, due when the owed response runs out (CHAT-LIVE), none once answered', () => {
    const { actor, to } = startChat();
    sendOrThrow(actor, { type: 'CUSTOMER.MESSAGE', by: people.customer, messageId: 'c1', text: '我的车什么时候保养好?', at: to(5 * SECOND) });
    const owed = actor.getSnapshot().context.owed!;
    expect(project(chatMachine, actor.getSnapshot())).toMatchObject({ assignee: 'agent-07', role: 'agent', nextDueAt: owed.clock.dueAt, priority: 0 });
    sendOrThrow(actor, { type: 'AGENT.MESSAGE', by: people.agent, messageId: 'a1', text: '您好,预计今天下午四点完成。', at: to(20 * SECOND) });
    expect(project(chatMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: null });
  });

  it('call: due when a callback is owed (a declined transfer falling back to a callback), none while the call is live', () => {
    const actor = createActor(callMachine, { input: callInput }).start();
    toHandling(actor);
    expect(project(callMachine, actor.getSnapshot())).toMatchObject({ role: 'agent', nextDueAt: null });
    sendOrThrow(actor, { type: 'CALL.TRANSFER', by: people.agent, mode: 'cold', department: 'finance', onFailure: 'callback', at: callT('10:03') });
    sendOrThrow(actor, { type: 'TRANSFER.DECLINED', by: people.agent, reason: '财务部会议中', at: callT('10:03:10') });
    expect(project(callMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: '2026-12-01T08:03:10.000Z' });
  });

  it('order: due to ship once confirmed, then at the next tracking update; nothing once delivered', () => {
    const actor = startOrder();
    advance(actor, orderStep('ORDER.SHIP'));
    expect(project(orderMachine, actor.getSnapshot())).toMatchObject({ role: 'agent', nextDueAt: actor.getSnapshot().context.deadlines.ship });
    advance(actor, orderStep('ORDER.SHIP') + 1, orderStep('ORDER.SHIP'));
    expect(project(orderMachine, actor.getSnapshot())).toMatchObject({ nextDueAt: actor.getSnapshot().context.deadlines.tracking });
    advance(actor, undefined, orderStep('ORDER.SHIP') + 1);
    expect(actor.getSnapshot().status).toBe('done');
    expect(project(orderMachine, actor.getSnapshot())).toMatchObject({ role: null, nextDueAt: null });
  });

  it("return-exchange: in the after-sales specialist's queue (售后服务专员) until it ends", () => {
    const actor = createActor(returnExchangeMachine, {
      input: {
        request: { requestId: 'R-1', orderId: 'O-1', kind: 'return', deliveredAt: '2026-12-01T20:00:00+08:00', reason: '型号买错了', items: [{ sku: 'FILTER-01', quantity: 1, category: 'parts' }], channel: 'phone' },
        at: '2026-12-04T10:00:00+08:00',
      },
    }).start();
    expect(project(returnExchangeMachine, actor.getSnapshot())).toMatchObject({ role: 'afterSales', nextDueAt: null });
    sendOrThrow(actor, { type: 'REQUEST.WITHDRAW', by: people.customer, at: '2026-12-04T10:10:00+08:00' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(project(returnExchangeMachine, actor.getSnapshot())).toMatchObject({ role: null });
  });

  it('walk-in: due at the greeting due time until the customer is greeted (主动服务), then held by the greeting agent', () => {
    const actor = createActor(walkInMachine, { input: { visitId: 'V-1', at: '2026-12-01T10:00:00+08:00' } }).start();
    expect(project(walkInMachine, actor.getSnapshot())).toMatchObject({ assignee: null, nextDueAt: actor.getSnapshot().context.greetDueAt });
    sendOrThrow(actor, { type: 'VISIT.GREET', by: people.agent, agent: '客服小周', at: '2026-12-01T10:00:20+08:00' });
    expect(project(walkInMachine, actor.getSnapshot())).toMatchObject({ assignee: '客服小周', nextDueAt: null });
  });
});
