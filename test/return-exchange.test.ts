import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { defaultPolicy, definePolicy, send, sendOrThrow, type Policy } from 'kefu';
import {
  missingRequestFields,
  returnExchangeMachine,
  returnExchangeStateNames,
  returnWindowOf,
  type ReturnExchangeEvent,
  type ReturnExchangeInput,
} from 'kefu/machines/return-exchange';
import { people } from './support/principals.js';

const HOUR = 3_600_000;

/** Local time in Shanghai, default Tuesday 2026-12-01. */
const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

/** A return of one filter, delivered Tuesday 2026-12-01 20:00 Shanghai. */
const request = {
  requestId: 'R-2026-0001',
  orderId: 'O-2026-0001',
  kind: 'return' as const,
  deliveredAt: T('20:00'),
  reason: '型号买错了',
  items: [{ sku: 'FILTER-01', quantity: 1, category: 'parts' }],
  channel: 'phone' as const,
} satisfies ReturnExchangeInput['request'];

type Options = { requestedAt?: string; request?: Partial<ReturnExchangeInput['request']>; policy?: Policy; clock?: SimulatedClock };

/** Open a case requested at `requestedAt` (default: day 3 after delivery, 10:00). */
function open({ requestedAt = T('10:00', '2026-12-04'), request: over = {}, policy, clock }: Options = {}) {
  const input: ReturnExchangeInput = { request: { ...request, ...over } as ReturnExchangeInput['request'], at: requestedAt, ...(policy ? { policy } : {}) };
  return createActor(returnExchangeMachine, { input, ...(clock ? { clock } : {}) }).start();
}

const approve = (at = T('10:30', '2026-12-04')): ReturnExchangeEvent => ({ type: 'REQUEST.APPROVE', by: people.afterSales, at });
const received: ReturnExchangeEvent[] = [
  { type: 'ITEM.RECEIVE', by: people.afterSales, at: T('14:00', '2026-12-07') },
  { type: 'INSPECTION.RECORD', by: people.afterSales, inspection: { passed: true, notes: '包装完好,未使用', inspector: 'QC-07' }, at: T('15:00', '2026-12-07') },
];
const ship: ReturnExchangeEvent = { type: 'REPLACEMENT.SHIP', by: people.afterSales, carrier: '顺丰速运', trackingNumber: 'SF9876543210', at: T('10:00', '2026-12-08') };

function toInspected(actor: ReturnType<typeof open>) {
  sendOrThrow(actor, approve());
  for (const e of received) sendOrThrow(actor, e);
}

describe('return/exchange machine: 根据企业的退换货政策…并跟踪退换货的进展', () => {
  it('a return walks requested → approved → itemReceived → refundIssued → completed', () => {
    const actor = open();
    const states: string[] = [];
    actor.on('returnExchange.stateEntered', (e) => states.push(e.state));
    toInspected(actor);
    sendOrThrow(actor, { type: 'REFUND.ISSUE', by: people.afterSales, amount: 19.9, reference: 'PAY-REF-1', at: T('16:00', '2026-12-07') });
    sendOrThrow(actor, { type: 'REFUND.COMPLETE', by: people.afterSales, at: T('10:00', '2026-12-09') });
    expect(states).toEqual(['approved', 'itemReceived', 'refundIssued', 'completed']);
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toEqual({ requestId: request.requestId, orderId: request.orderId, kind: 'return', outcome: 'refunded', closedAt: T('10:00', '2026-12-09') });
  });

  it('an exchange ships a replacement and is tracked to delivery', () => {
    const actor = open({ request: { kind: 'exchange' } });
    toInspected(actor);
    sendOrThrow(actor, ship);
    sendOrThrow(actor, { type: 'TRACKING.UPDATE', by: people.system, status: 'in-transit', location: '上海转运中心', at: T('20:00', '2026-12-08') });
    expect(actor.getSnapshot().value).toBe('replacementShipped');
    sendOrThrow(actor, { type: 'TRACKING.UPDATE', by: people.system, status: 'delivered', at: T('11:00', '2026-12-09') });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'exchanged', kind: 'exchange', closedAt: T('11:00', '2026-12-09') });
    expect(actor.getSnapshot().context.tracking.map((t) => t.status)).toEqual(['in-transit', 'delivered']);
  });

  it('names every state in Chinese in meta', () => {
    const zh = Object.keys(returnExchangeStateNames).map((s) => (returnExchangeMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(Object.values(returnExchangeStateNames).map((n) => n.zh));
    expect(zh.every((z) => /[\u4e00-\u9fff]/.test(z))).toBe(true);
  });

  it('the customer may withdraw before the item comes back', () => {
    const actor = open();
    sendOrThrow(actor, approve());
    sendOrThrow(actor, { type: 'REQUEST.WITHDRAW', by: people.customer, at: T('09:00', '2026-12-05') });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'withdrawn', closedAt: T('09:00', '2026-12-05') });
  });

  it('emitted events carry ids and states only, never the reason or replies', () => {
    const actor = open({ request: { kind: 'exchange' } });
    const emitted: unknown[] = [];
    actor.on('*', (e) => emitted.push(e));
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, text: '您好,已收到您的换货申请。', at: T('10:10', '2026-12-04') });
    toInspected(actor);
    sendOrThrow(actor, ship);
    sendOrThrow(actor, { type: 'TRACKING.UPDATE', by: people.system, status: 'delivered', at: T('11:00', '2026-12-09') });
    const text = JSON.stringify(emitted);
    for (const secret of ['型号买错了', '您好', '包装完好', '上海']) expect(text).not.toContain(secret);
    for (const e of emitted as Record<string, unknown>[]) {
      expect(Object.keys(e).every((k) => ['type', 'requestId', 'orderId', 'kind', 'state', 'zh', 'at', 'dueAt', 'outcome'].includes(k))).toBe(true);
    }
  });
});

describe('RETURN-POLICY: the return window (policy.returns.windowDays, default 7)', () => {
  it('RETURN-POLICY: a request on day 7 after delivery is approved (Asia/Shanghai, SimulatedClock)', () => {
    const actor = open({ requestedAt: T('23:59', '2026-12-08'), clock: new SimulatedClock() });
    expect(returnWindowOf(defaultPolicy, request.deliveredAt, T('23:59', '2026-12-08'))).toEqual({
      deliveredOn: '2026-12-01',
      requestedOn: '2026-12-08',
      day: 7,
      lastAllowedDay: '2026-12-08',
      within: true,
    });
    expect(send(actor, approve(T('09:00', '2026-12-09')))).toEqual({ accepted: true, eventType: 'REQUEST.APPROVE' });
    expect(actor.getSnapshot().value).toBe('approved');
  });

  it('RETURN-POLICY: a request on day 8 is refused and the refusal gives the last allowed day (Asia/Shanghai, SimulatedClock)', () => {
    const actor = open({ requestedAt: T('00:00', '2026-12-09'), clock: new SimulatedClock() });
    const before = actor.getSnapshot();
    const outcome = send(actor, approve(T('09:00', '2026-12-09')));
    expect(outcome).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'RETURN-POLICY', details: { lastAllowedDay: '2026-12-08', deliveredOn: '2026-12-01', requestedOn: '2026-12-09', day: 8, windowDays: 7 } }],
    });
    if (outcome.accepted) return;
    expect(outcome.message.zh).toContain('最后一天为 2026-12-08');
    expect(outcome.message.en).toContain('the last allowed day was 2026-12-08');
    expect(actor.getSnapshot()).toBe(before);
  });

  it('RETURN-POLICY: days are dates in Asia/Shanghai, not UTC: 16:30Z on day 7 (UTC) is 00:30 on day 8 there (SimulatedClock)', () => {
    const actor = open({ requestedAt: '2026-12-08T16:30:00Z', clock: new SimulatedClock() });
    expect(send(actor, approve(T('09:00', '2026-12-09')))).toMatchObject({ accepted: false, violations: [{ rule: 'RETURN-POLICY', details: { day: 8, lastAllowedDay: '2026-12-08' } }] });
  });

  it('RETURN-POLICY: the window is checked against when the customer asked, not when the agent approves (Asia/Shanghai, SimulatedClock)', () => {
    const actor = open({ requestedAt: T('18:00', '2026-12-08'), clock: new SimulatedClock() });
    sendOrThrow(actor, approve(T('10:00', '2026-12-10')));
    expect(actor.getSnapshot().context.approvedAt).toBe(T('10:00', '2026-12-10'));
  });

  it('RETURN-POLICY: the policy sets the window: with 15 days, day 8 is approved (Asia/Shanghai, SimulatedClock)', () => {
    const policy = definePolicy({ returns: { windowDays: 15 } });
    const actor = open({ requestedAt: T('00:00', '2026-12-09'), policy, clock: new SimulatedClock() });
    sendOrThrow(actor, approve(T('09:00', '2026-12-09')));
    expect(actor.getSnapshot().value).toBe('approved');
  });

  it('RETURN-POLICY: a request dated before delivery is refused (Asia/Shanghai, SimulatedClock)', () => {
    const actor = open({ requestedAt: T('10:00', '2026-11-30'), clock: new SimulatedClock() });
    expect(send(actor, approve())).toMatchObject({ accepted: false, violations: [{ rule: 'RETURN-POLICY', details: { deliveredOn: '2026-12-01', requestedOn: '2026-11-30' } }] });
  });
});

describe('RETURN-POLICY: the request and excluded items', () => {
  it('RETURN-POLICY: an incomplete request is refused and the missing fields are named; filled in, it is approved', () => {
    const actor = createActor(returnExchangeMachine, { input: { request: { requestId: 'R-2', items: [{ sku: 'FILTER-01' }] }, at: T('10:00', '2026-12-04') } }).start();
    const outcome = send(actor, approve());
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'RETURN-POLICY', details: { missing: ['orderId', 'kind', 'deliveredAt', 'reason', 'items.0.quantity', 'items.0.category'] } }] });
    expect(missingRequestFields(actor.getSnapshot().context.request)).toHaveLength(6);
    const { requestId: _r, ...rest } = request;
    sendOrThrow(actor, { type: 'REQUEST.UPDATE', by: people.agent, fields: rest, at: T('10:10', '2026-12-04') });
    sendOrThrow(actor, approve());
    expect(actor.getSnapshot().value).toBe('approved');
  });

  it('RETURN-POLICY: the request time cannot be changed after the case opens', () => {
    const actor = open();
    expect(send(actor, { type: 'REQUEST.UPDATE', by: people.agent, fields: { requestedAt: T('10:00', '2026-12-02') }, at: T('10:10', '2026-12-04') } as never)).toMatchObject({
      accepted: false,
      reason: 'invalid-event',
      issues: [{ path: 'fields.requestedAt', message: 'unknown field' }],
    });
  });

  it('RETURN-POLICY: an item of an excluded category is refused and named', () => {
    const policy = definePolicy({ returns: { excludedCategories: ['perishable', 'custom-made'] } });
    const items = [
      { sku: 'FILTER-01', quantity: 1, category: 'parts' },
      { sku: 'WAX-09', quantity: 2, category: 'perishable' },
    ];
    const actor = open({ policy, request: { items } });
    expect(send(actor, approve())).toMatchObject({ accepted: false, violations: [{ rule: 'RETURN-POLICY', details: { excluded: [{ sku: 'WAX-09', category: 'perishable' }] } }] });
    sendOrThrow(actor, { type: 'REQUEST.UPDATE', by: people.agent, fields: { items: [items[0]!] }, at: T('10:20', '2026-12-04') });
    sendOrThrow(actor, approve());
    expect(actor.getSnapshot().value).toBe('approved');
  });

  it('RETURN-POLICY: by default no category is excluded', () => {
    expect(defaultPolicy.returns.excludedCategories).toEqual([]);
    const actor = open({ request: { items: [{ sku: 'WAX-09', quantity: 2, category: 'perishable' }] } });
    sendOrThrow(actor, approve());
    expect(actor.getSnapshot().value).toBe('approved');
  });
});

describe('RETURN-POLICY: declining', () => {
  it('RETURN-POLICY: a request outside the policy is declined with a polite answer', () => {
    const notifyCustomer = vi.fn();
    const actor = createActor(returnExchangeMachine.provide({ actions: { notifyCustomer } }), {
      input: { request, at: T('10:00', '2026-12-10') },
    }).start();
    const reply = '非常抱歉,您的商品已超过7天退换期限,我们可以为您安排付费维修。';
    sendOrThrow(actor, { type: 'REQUEST.DECLINE', by: people.afterSales, reply, at: T('10:05', '2026-12-10') });
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'declined', closedAt: T('10:05', '2026-12-10') });
    expect(notifyCustomer).toHaveBeenCalledWith(expect.anything(), { requestId: request.requestId, kind: 'declined', text: reply });
  });

  it('RETURN-POLICY: a request within the policy cannot be declined', () => {
    const actor = open();
    const outcome = send(actor, { type: 'REQUEST.DECLINE', by: people.afterSales, reply: '非常抱歉,无法为您办理。', at: T('10:05', '2026-12-04') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'RETURN-POLICY' }] });
    if (outcome.accepted) return;
    expect(outcome.violations[0]!.message.en).toContain('within the policy and cannot be declined');
    expect(actor.getSnapshot().value).toBe('requested');
  });
});

describe('RETURN-POLICY: inspection, refund and replacement', () => {
  it('RETURN-POLICY: no refund before the item is inspected; the refusal names the inspection', () => {
    const actor = open();
    sendOrThrow(actor, approve());
    sendOrThrow(actor, received[0]!);
    expect(send(actor, { type: 'REFUND.ISSUE', by: people.afterSales, amount: 19.9, reference: 'PAY-1', at: T('14:30', '2026-12-07') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RETURN-POLICY', details: { missing: ['inspection'] } }],
    });
  });

  it('RETURN-POLICY: an item that failed inspection gets no refund and the request may then be declined', () => {
    const actor = open();
    sendOrThrow(actor, approve());
    sendOrThrow(actor, received[0]!);
    sendOrThrow(actor, { type: 'INSPECTION.RECORD', by: people.afterSales, inspection: { passed: false, notes: '已使用,有明显划痕' }, at: T('15:00', '2026-12-07') });
    expect(send(actor, { type: 'REFUND.ISSUE', by: people.afterSales, amount: 19.9, reference: 'PAY-1', at: T('15:30', '2026-12-07') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RETURN-POLICY', details: { inspection: 'failed' } }],
    });
    sendOrThrow(actor, { type: 'REQUEST.DECLINE', by: people.afterSales, reply: '很抱歉,商品经检验已使用,我们将为您寄回。', at: T('16:00', '2026-12-07') });
    expect(actor.getSnapshot().value).toBe('declined');
  });

  it('RETURN-POLICY: an item that passed inspection cannot be declined', () => {
    const actor = open();
    toInspected(actor);
    expect(send(actor, { type: 'REQUEST.DECLINE', by: people.afterSales, reply: '很抱歉。', at: T('16:00', '2026-12-07') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RETURN-POLICY', details: { inspection: 'passed' } }],
    });
  });

  it('RETURN-POLICY: an exchange is not refunded and a return gets no replacement', () => {
    const exchange = open({ request: { kind: 'exchange' } });
    toInspected(exchange);
    expect(send(exchange, { type: 'REFUND.ISSUE', by: people.afterSales, amount: 19.9, reference: 'PAY-1', at: T('16:00', '2026-12-07') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RETURN-POLICY', details: { kind: 'exchange' } }],
    });
    const ret = open();
    toInspected(ret);
    expect(send(ret, ship)).toMatchObject({ accepted: false, violations: [{ rule: 'RETURN-POLICY', details: { kind: 'return' } }] });
  });

  it('RETURN-POLICY: a replacement ships with carrier and tracking number; without them it is refused and both are named', () => {
    const actor = open({ request: { kind: 'exchange' } });
    toInspected(actor);
    expect(send(actor, { type: 'REPLACEMENT.SHIP', by: people.afterSales, at: T('10:00', '2026-12-08') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RETURN-POLICY', details: { missing: ['carrier', 'trackingNumber'] } }],
    });
    sendOrThrow(actor, ship);
    expect(actor.getSnapshot().context.replacement).toEqual({ carrier: '顺丰速运', trackingNumber: 'SF9876543210', at: T('10:00', '2026-12-08') });
  });
});

describe('RETURN-POLICY: tracking the replacement (SimulatedClock)', () => {
  it('RETURN-POLICY: a replacement silent for orders.trackingSilenceHours (48) escalates, not before (Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = createActor(returnExchangeMachine.provide({ actions: { notifySupervisor } }), {
      input: { request: { ...request, kind: 'exchange' }, at: T('10:00', '2026-12-04') },
      clock,
    }).start();
    const missed = vi.fn();
    actor.on('returnExchange.deadlineMissed', missed);
    toInspected(actor);
    sendOrThrow(actor, ship);
    // shipped Tue 12-08 10:00 + 48 h = Thu 12-10 10:00
    expect(actor.getSnapshot().context.deadlines.tracking).toBe('2026-12-10T02:00:00.000Z');
    clock.increment(48 * HOUR - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ kind: 'tracking', dueAt: '2026-12-10T02:00:00.000Z' }]);
    expect(missed).toHaveBeenCalledWith({ type: 'returnExchange.deadlineMissed', requestId: request.requestId, kind: 'tracking', dueAt: '2026-12-10T02:00:00.000Z' });
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { requestId: request.requestId, reason: 'tracking-silent', dueAt: '2026-12-10T02:00:00.000Z' });
  });

  it('RETURN-POLICY: a tracking update restarts the silence clock (Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = open({ request: { kind: 'exchange' }, clock });
    toInspected(actor);
    sendOrThrow(actor, ship);
    clock.increment(10 * HOUR);
    sendOrThrow(actor, { type: 'TRACKING.UPDATE', by: people.system, status: 'in-transit', at: T('20:00', '2026-12-08') });
    expect(actor.getSnapshot().context.deadlines.tracking).toBe('2026-12-10T12:00:00.000Z');
    clock.increment(48 * HOUR - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toHaveLength(1);
  });
});

describe('CP-LANGUAGE: replies to the customer', () => {
  it('CP-LANGUAGE: a polite reply is sent through the provided action', () => {
    const notifyCustomer = vi.fn();
    const actor = createActor(returnExchangeMachine.provide({ actions: { notifyCustomer } }), { input: { request, at: T('10:00', '2026-12-04') } }).start();
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, text: '您好,已收到您的退货申请,我们会尽快审核。', at: T('10:01', '2026-12-04') });
    expect(notifyCustomer).toHaveBeenCalledWith(expect.anything(), { requestId: request.requestId, kind: 'reply', text: '您好,已收到您的退货申请,我们会尽快审核。' });
    expect(actor.getSnapshot().context.replies).toHaveLength(1);
  });

  it('CP-LANGUAGE: a reply or a decline containing 不可以 is refused and the phrase is named', () => {
    const actor = open({ requestedAt: T('10:00', '2026-12-10') });
    expect(send(actor, { type: 'REPLY.SEND', by: people.agent, text: '过期了,不可以退', at: T('10:01', '2026-12-10') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不可以', index: 4 }] } }],
    });
    const outcome = send(actor, { type: 'REQUEST.DECLINE', by: people.afterSales, reply: '过期了,不可以退', at: T('10:02', '2026-12-10') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE' }] });
    expect(actor.getSnapshot().value).toBe('requested');
  });
});
