import { createActor, type Actor } from 'xstate';
import { sendOrThrow } from 'kefu';
import { orderMachine, type OrderEvent, type OrderInput } from 'kefu/machines/order';
import { people } from './principals.js';

/** Local time in Shanghai, default Tuesday 2026-12-01. */
export const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

/** A complete order placed Tuesday 2026-12-01 09:30 Shanghai: 2 × 19.90 + 1 × 0.20 = 40.00. */
export const order = {
  orderId: 'O-2026-0001',
  customerId: 'CUST-88',
  placedAt: T('09:30'),
  items: [
    { sku: 'FILTER-01', quantity: 2, unitPrice: 19.9, name: '机油滤清器', category: 'parts' },
    { sku: 'WASHER-02', quantity: 1, unitPrice: 0.2, name: '放油螺丝垫片', category: 'parts' },
  ],
  shippingAddress: { recipient: '王先生', phone: '+86 138 0013 8000', address: '上海市浦东新区世纪大道100号', postalCode: '200120' },
  contact: { phone: '+86 138 0013 8000' },
  total: 40,
  currency: 'CNY',
  channel: 'phone' as const,
} satisfies OrderInput['order'];

export function startOrder(options: Parameters<typeof createActor<typeof orderMachine>>[1] = { input: { order } }) {
  return createActor(orderMachine, options).start();
}

/** The happy-path events, in order, each at its time. */
export const happyPath: OrderEvent[] = [
  { type: 'ORDER.CHECK', by: people.agent, at: T('09:35') },
  { type: 'CUSTOMER.CONFIRM', by: people.customer, channel: 'phone', at: T('09:40') },
  { type: 'ORDER.CONFIRM', by: people.agent, at: T('09:45') },
  { type: 'ORDER.SHIP', by: people.agent, carrier: '顺丰速运', trackingNumber: 'SF1234567890', at: T('15:00', '2026-12-02') },
  { type: 'TRACKING.UPDATE', by: people.system, status: 'in-transit', location: '上海转运中心', at: T('20:00', '2026-12-02') },
  { type: 'TRACKING.UPDATE', by: people.system, status: 'out-for-delivery', location: '浦东营业部', at: T('08:30', '2026-12-03') },
  { type: 'TRACKING.UPDATE', by: people.system, status: 'delivered', at: T('11:00', '2026-12-03') },
];

/**
 * Drive an actor through the happy path up to (not including) the event at index `until`
 * (default: all of it), starting at index `from`.
 */
export function advance(actor: Actor<typeof orderMachine>, until = happyPath.length, from = 0): void {
  for (const event of happyPath.slice(from, until)) sendOrThrow(actor, event);
}

/** Index of the first happy-path event of a type. */
export const step = (type: OrderEvent['type']) => happyPath.findIndex((e) => e.type === type);
