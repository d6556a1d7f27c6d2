import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { defaultPolicy, definePolicy, explain, isValidationError, send, sendOrThrow, type ValidationError } from 'kefu';
import { missingOrderFields, orderLinesTotal, orderMachine, orderStateNames } from 'kefu/machines/order';
import { advance, happyPath, order, startOrder, step, T } from './support/order.js';
import { people } from './support/principals.js';

const HOUR = 3_600_000;

describe('order machine: 确认订单的准确性 → 安排产品发货 → 跟踪订单的进展', () => {
  it('walks received → confirming → confirmed → shipped → inTransit → delivered', () => {
    const actor = startOrder();
    const states: string[] = [];
    actor.on('order.stateEntered', (e) => states.push(e.state));
    const closed = vi.fn();
    actor.on('order.closed', closed);
    advance(actor);
    expect(states).toEqual(['confirming', 'confirmed', 'shipped', 'inTransit', 'inTransit', 'delivered']);
    const snap = actor.getSnapshot();
    expect(snap.status).toBe('done');
    expect(snap.output).toEqual({ orderId: order.orderId, outcome: 'delivered', deliveredAt: T('11:00', '2026-12-03'), closedAt: T('11:00', '2026-12-03') });
    expect(snap.context.tracking.map((t) => t.status)).toEqual(['in-transit', 'out-for-delivery', 'delivered']);
    expect(closed).toHaveBeenCalledWith(expect.objectContaining({ orderId: order.orderId, outcome: 'delivered' }));
  });

  it('names every state in Chinese in meta', () => {
    const zh = Object.keys(orderStateNames).map((s) => (orderMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(['接收订单', '确认订单的准确性', '安排产品发货', '已发货', '跟踪订单的进展', '已送达', '已取消']);
  });

  it('tells the warehouse and the customer through the provided actions', () => {
    const notifyWarehouse = vi.fn();
    const notifyCustomer = vi.fn();
    const actor = createActor(orderMachine.provide({ actions: { notifyWarehouse, notifyCustomer } }), { input: { order } }).start();
    advance(actor);
    expect(notifyWarehouse).toHaveBeenCalledWith(expect.anything(), { orderId: order.orderId, kind: 'ship-request' });
    expect(notifyCustomer.mock.calls.map((c) => c[1].kind)).toEqual(['confirmed', 'shipped', 'delivered']);
    expect(notifyCustomer).toHaveBeenCalledWith(expect.anything(), { orderId: order.orderId, kind: 'shipped', carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
  });

  it('emitted events carry ids and states only, never the address, phone or names', () => {
    const actor = startOrder();
    const emitted: unknown[] = [];
    actor.on('*', (e) => emitted.push(e));
    advance(actor);
    const text = JSON.stringify(emitted);
    for (const secret of ['王先生', '138 0013 8000', '世纪大道', '200120', 'CUST-88']) expect(text).not.toContain(secret);
    for (const e of emitted as Record<string, unknown>[]) {
      expect(Object.keys(e).every((k) => ['type', 'orderId', 'state', 'zh', 'at', 'dueAt', 'kind', 'outcome'].includes(k))).toBe(true);
    }
  });
});

describe('ORDER-TRACK: 确认订单的准确性', () => {
  it('ORDER-TRACK: a complete order the customer confirmed is confirmed', () => {
    const actor = startOrder();
    advance(actor, step('ORDER.CONFIRM'));
    expect(send(actor, happyPath[step('ORDER.CONFIRM')]!)).toEqual({ accepted: true, eventType: 'ORDER.CONFIRM' });
    expect(actor.getSnapshot().value).toBe('confirmed');
    expect(actor.getSnapshot().context.confirmedAt).toBe(T('09:45'));
  });

  it('ORDER-TRACK: an incomplete order is not read back; the refusal names the missing fields', () => {
    const actor = startOrder({ input: { order: { orderId: 'O-2', items: [{ sku: 'FILTER-01', quantity: 1 }] }, at: T('09:00') } });
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'ORDER.CHECK', by: people.agent, at: T('09:05') });
    expect(outcome).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'ORDER-TRACK', details: { missing: ['placedAt', 'items.0.unitPrice', 'shippingAddress', 'contact'] } }],
    });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('ORDER-TRACK: the order is filled in step by step, then read back', () => {
    const actor = startOrder({ input: { order: { orderId: 'O-3' }, at: T('09:00') } });
    const { orderId: _id, ...rest } = order;
    sendOrThrow(actor, { type: 'ORDER.UPDATE', by: people.agent, fields: rest, at: T('09:02') });
    expect(missingOrderFields(actor.getSnapshot().context.order)).toEqual([]);
    sendOrThrow(actor, { type: 'ORDER.CHECK', by: people.agent, at: T('09:05') });
    expect(actor.getSnapshot().value).toBe('confirming');
  });

  it('ORDER-TRACK: confirming is refused until the customer has confirmed, and the refusal says so', () => {
    const actor = startOrder();
    sendOrThrow(actor, happyPath[0]!);
    const outcome = send(actor, { type: 'ORDER.CONFIRM', by: people.agent, at: T('09:45') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'ORDER-TRACK', details: { missing: ['customerConfirmation'] } }] });
    expect(actor.getSnapshot().value).toBe('confirming');
  });

  it('ORDER-TRACK: a correction after the customer confirmed voids the confirmation', () => {
    const actor = startOrder();
    advance(actor, step('ORDER.CONFIRM'));
    sendOrThrow(actor, { type: 'ORDER.UPDATE', by: people.agent, fields: { items: [{ sku: 'FILTER-01', quantity: 3, unitPrice: 19.9 }], total: 59.7 }, at: T('09:42') });
    expect(send(actor, { type: 'ORDER.CONFIRM', by: people.agent, at: T('09:45') })).toMatchObject({ accepted: false, violations: [{ rule: 'ORDER-TRACK', details: { missing: ['customerConfirmation'] } }] });
    sendOrThrow(actor, { type: 'CUSTOMER.CONFIRM', by: people.customer, at: T('09:44') });
    sendOrThrow(actor, { type: 'ORDER.CONFIRM', by: people.agent, at: T('09:45') });
    expect(actor.getSnapshot().value).toBe('confirmed');
  });

  it('ORDER-TRACK: a total that does not match the lines is refused with the expected total', () => {
    expect(orderLinesTotal(order.items)).toBe(40);
    const actor = startOrder({ input: { order: { ...order, total: 39.9 } } });
    advance(actor, step('ORDER.CONFIRM'));
    const outcome = send(actor, { type: 'ORDER.CONFIRM', by: people.agent, at: T('09:45') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'ORDER-TRACK', details: { total: 39.9, expectedTotal: 40 } }] });
  });

  it('a malformed field is refused as an invalid event naming it', () => {
    const actor = startOrder({ input: { order: { orderId: 'O-4' }, at: T('09:00') } });
    const outcome = send(actor, { type: 'ORDER.UPDATE', by: people.agent, fields: { shippingAddress: { phone: 'call me' } }, at: T('09:01') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event' });
    if (outcome.accepted) return;
    expect(new Set(outcome.issues.map((i) => i.path))).toEqual(new Set(['fields.shippingAddress.phone']));
  });
});

describe('ORDER-TRACK: 安排产品发货', () => {
  it('ORDER-TRACK: a shipment with carrier and tracking number is recorded', () => {
    const actor = startOrder();
    advance(actor, step('ORDER.SHIP') + 1);
    expect(actor.getSnapshot().value).toBe('shipped');
    expect(actor.getSnapshot().context.shipment).toEqual({ carrier: '顺丰速运', trackingNumber: 'SF1234567890', at: T('15:00', '2026-12-02') });
  });

  it('ORDER-TRACK: a shipment without carrier and tracking number is refused and both are named', () => {
    const actor = startOrder();
    advance(actor, step('ORDER.SHIP'));
    const outcome = send(actor, { type: 'ORDER.SHIP', by: people.agent, at: T('15:00', '2026-12-02') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'ORDER-TRACK', details: { missing: ['carrier', 'trackingNumber'] } }] });
    expect(send(actor, { type: 'ORDER.SHIP', by: people.agent, carrier: '顺丰速运', at: T('15:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ details: { missing: ['trackingNumber'] } }],
    });
    expect(actor.getSnapshot().value).toBe('confirmed');
  });

  it('ORDER-TRACK: an order cannot ship before it is confirmed', () => {
    const actor = startOrder();
    const outcome = send(actor, { type: 'ORDER.SHIP', by: people.agent, carrier: '顺丰速运', trackingNumber: 'SF1', at: T('10:00') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'ORDER-TRACK', details: { outOfOrder: true, step: 'confirmed', gate: 'ORDER.CONFIRM' } }] });
  });
});

describe('ORDER-TRACK: 跟踪订单的进展', () => {
  it('ORDER-TRACK: every tracking update is recorded and delivery closes the order', () => {
    const actor = startOrder();
    advance(actor, step('ORDER.SHIP') + 3);
    expect(actor.getSnapshot().value).toBe('inTransit');
    expect(actor.getSnapshot().context.tracking).toEqual([
      { status: 'in-transit', location: '上海转运中心', at: T('20:00', '2026-12-02') },
      { status: 'out-for-delivery', location: '浦东营业部', at: T('08:30', '2026-12-03') },
    ]);
    advance(actor, happyPath.length, step('ORDER.SHIP') + 3);
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('ORDER-TRACK: a tracking exception is recorded and escalated to the supervisor', () => {
    const notifySupervisor = vi.fn();
    const actor = createActor(orderMachine.provide({ actions: { notifySupervisor } }), { input: { order } }).start();
    advance(actor, step('ORDER.SHIP') + 1);
    sendOrThrow(actor, { type: 'TRACKING.UPDATE', by: people.system, status: 'exception', note: '包裹破损', at: T('20:00', '2026-12-02') });
    expect(actor.getSnapshot().value).toBe('inTransit');
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { orderId: order.orderId, reason: 'delivery-exception' });
  });

  it('ORDER-TRACK: a tracking update before shipping is refused under ORDER-TRACK (out of order)', () => {
    const actor = startOrder();
    advance(actor, step('ORDER.SHIP'));
    expect(send(actor, { type: 'TRACKING.UPDATE', by: people.system, status: 'in-transit', at: T('10:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'ORDER-TRACK', details: { outOfOrder: true, step: 'shipped', gate: 'ORDER.SHIP' } }],
    });
  });
});

describe('ORDER-TRACK: cancellation', () => {
  it('ORDER-TRACK: an order is cancelled before shipping with a reason', () => {
    const notifyWarehouse = vi.fn();
    const actor = createActor(orderMachine.provide({ actions: { notifyWarehouse } }), { input: { order } }).start();
    advance(actor, step('ORDER.SHIP'));
    sendOrThrow(actor, { type: 'ORDER.CANCEL', by: people.agent, reason: '客户改买其他型号', at: T('10:00', '2026-12-02') });
    const snap = actor.getSnapshot();
    expect(snap.value).toBe('cancelled');
    expect(snap.output).toEqual({ orderId: order.orderId, outcome: 'cancelled', closedAt: T('10:00', '2026-12-02') });
    expect(notifyWarehouse).toHaveBeenLastCalledWith(expect.anything(), { orderId: order.orderId, kind: 'cancel' });
  });

  it('ORDER-TRACK: a cancellation without a reason is refused and names the reason', () => {
    const actor = startOrder();
    expect(send(actor, { type: 'ORDER.CANCEL', by: people.agent, at: T('10:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'ORDER-TRACK', details: { missing: ['reason'] } }] });
    expect(actor.getSnapshot().value).toBe('received');
  });

  it('ORDER-TRACK: a shipped order cannot be cancelled (it becomes a return)', () => {
    const actor = startOrder();
    advance(actor, step('ORDER.SHIP') + 1);
    const outcome = send(actor, { type: 'ORDER.CANCEL', by: people.agent, reason: '不想要了', at: T('16:00', '2026-12-02') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'ORDER-TRACK', details: { shippedAt: T('15:00', '2026-12-02') } }] });
    expect(actor.getSnapshot().value).toBe('shipped');
  });
});

describe('ORDER-TRACK: deadlines (SimulatedClock)', () => {
  it('ORDER-TRACK: not shipped within 2 working days escalates, not before (Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = createActor(orderMachine.provide({ actions: { notifySupervisor } }), { input: { order }, clock }).start();
    const missed = vi.fn();
    actor.on('order.deadlineMissed', missed);
    advance(actor, step('ORDER.SHIP'));
    // confirmed Tue 09:45 + 2 working days = Thu 09:45
    expect(actor.getSnapshot().context.deadlines.ship).toBe('2026-12-03T01:45:00.000Z');
    clock.increment(48 * HOUR - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ kind: 'ship', dueAt: '2026-12-03T01:45:00.000Z' }]);
    expect(missed).toHaveBeenCalledWith(expect.objectContaining({ orderId: order.orderId, kind: 'ship' }));
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), { orderId: order.orderId, reason: 'not-shipped', dueAt: '2026-12-03T01:45:00.000Z' });
    // still waiting for the shipment, which is still accepted (dated after the escalation)
    sendOrThrow(actor, { ...happyPath[step('ORDER.SHIP')]!, at: '2026-12-03T02:00:00.000Z' });
    expect(actor.getSnapshot().value).toBe('shipped');
  });

  it('ORDER-TRACK: an order confirmed on Friday is due on Tuesday, the weekend not counted (Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const friday = (hhmm: string) => T(hhmm, '2026-12-04');
    const actor = createActor(orderMachine, { input: { order: { ...order, placedAt: friday('15:30') } }, clock }).start();
    sendOrThrow(actor, { type: 'ORDER.CHECK', by: people.agent, at: friday('15:40') });
    sendOrThrow(actor, { type: 'CUSTOMER.CONFIRM', by: people.customer, at: friday('15:50') });
    sendOrThrow(actor, { type: 'ORDER.CONFIRM', by: people.agent, at: friday('16:00') });
    expect(actor.getSnapshot().context.deadlines.ship).toBe('2026-12-08T08:00:00.000Z');
    clock.increment(96 * HOUR - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ kind: 'ship', dueAt: '2026-12-08T08:00:00.000Z' }]);
  });

  it('ORDER-TRACK: a shipment silent for 48 hours escalates, not before (Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = createActor(orderMachine, { input: { order }, clock }).start();
    advance(actor, step('ORDER.SHIP') + 1);
    // shipped Wed 15:00 + 48 calendar hours = Fri 15:00
    expect(actor.getSnapshot().context.deadlines.tracking).toBe('2026-12-04T07:00:00.000Z');
    clock.increment(48 * HOUR - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ kind: 'tracking', dueAt: '2026-12-04T07:00:00.000Z' }]);
    expect(actor.getSnapshot().value).toBe('shipped');
  });

  it('ORDER-TRACK: each tracking update restarts the silence clock (Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const actor = createActor(orderMachine, { input: { order }, clock }).start();
    advance(actor, step('ORDER.SHIP') + 1);
    clock.increment(19 * HOUR);
    sendOrThrow(actor, { type: 'TRACKING.UPDATE', by: people.system, status: 'in-transit', location: '上海转运中心', at: T('10:00', '2026-12-03') });
    expect(actor.getSnapshot().context.deadlines.tracking).toBe('2026-12-05T02:00:00.000Z');
    clock.increment(48 * HOUR - 1); // past the first due time (Fri 15:00): nothing
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ kind: 'tracking', dueAt: '2026-12-05T02:00:00.000Z' }]);
  });

  it('ORDER-TRACK: the policy sets the times (orders.shipWithinWorkingDays, orders.trackingSilenceHours)', () => {
    const policy = definePolicy({ orders: { shipWithinWorkingDays: 1, trackingSilenceHours: 24 } });
    const actor = startOrder({ input: { order, policy } });
    advance(actor, step('ORDER.SHIP'));
    expect(actor.getSnapshot().context.deadlines.ship).toBe('2026-12-02T01:45:00.000Z');
    advance(actor, step('ORDER.SHIP') + 1, step('ORDER.SHIP'));
    expect(actor.getSnapshot().context.deadlines.tracking).toBe('2026-12-03T07:00:00.000Z');
  });

  it('ORDER-TRACK: the defaults are ours (2 working days, 48 hours) and a bad override is rejected naming the field', () => {
    expect(defaultPolicy.orders).toEqual({ shipWithinWorkingDays: 2, trackingSilenceHours: 48 });
    let error: unknown;
    try {
      definePolicy({ orders: { trackingSilenceHours: -1 } });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['orders.trackingSilenceHours']);
  });
});

describe('persistence and explain', () => {
  it('an order persisted mid-flow through JSON restores and runs to delivery', () => {
    const actor = startOrder();
    advance(actor, step('ORDER.SHIP') + 2);
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(orderMachine, { snapshot: JSON.parse(saved), input: { order } }).start();
    expect(restored.getSnapshot().value).toBe('inTransit');
    advance(restored, happyPath.length, step('ORDER.SHIP') + 2);
    expect(restored.getSnapshot().status).toBe('done');
  });

  it('explain says why without sending', () => {
    const actor = startOrder();
    sendOrThrow(actor, happyPath[0]!);
    const before = actor.getSnapshot();
    const outcome = explain(before, { type: 'ORDER.CONFIRM', by: people.agent, at: T('09:45') } as never);
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'ORDER-TRACK' }] });
    expect(actor.getSnapshot()).toBe(before);
  });
});
