/**
 * The ORDER-TRACK checks of the order machine (确认订单的准确性、安排产品发货、跟踪订单的进展).
 * Each is a pure function of the context and the event; the machine's guards are built from
 * them with `ruleGuard`, and `explain` runs the same functions to say why an event was refused.
 */
import { type Violation } from '../../src/rules/index.js';
import { missingFields, violation } from '../../src/rules/process.js';
import { OrderSchema } from './order.schemas.js';
import type { OrderContext, OrderEvent } from './order.types.js';

type Args = { context: OrderContext; event: OrderEvent };
type Of<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;

const cents = (n: number) => Math.round(n * 100);

/**
 * The fields of an order that are missing or malformed, as dotted paths.
 *
 * @example
 * missingOrderFields({ orderId: 'O-1', items: [{ sku: 'A-1', quantity: 1 }] })
 * //=> ['placedAt', 'items.0.unitPrice', 'shippingAddress', 'contact']
 */
export function missingOrderFields(order: unknown): string[] {
  const result = OrderSchema.safeParse(order);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '(order)'))];
}

/**
 * The sum of an order's lines (quantity × unit price), to the cent; lines without a price count 0.
 *
 * @example
 * orderLinesTotal([{ sku: 'A', quantity: 2, unitPrice: 19.9 }, { sku: 'B', quantity: 1, unitPrice: 0.2 }]) //=> 40
 */
export function orderLinesTotal(items: readonly { quantity?: number; unitPrice?: number }[]): number {
  return items.reduce((sum, i) => sum + (i.quantity ?? 0) * cents(i.unitPrice ?? 0), 0) / 100;
}

/** ORDER-TRACK: an order is read back to the customer only when every field is there. */
export function checkOrderFields({ context }: Args): Violation | undefined {
  const missing = missingOrderFields(context.order);
  return missing.length ? missingFields('ORDER-TRACK', missing) : undefined;
}

/**
 * ORDER-TRACK (确认订单的准确性): the order is confirmed only when complete, when its declared
 * total matches its lines, and when the customer has confirmed it as it stands now.
 */
export function checkOrderAccurate({ context }: Args): Violation | undefined {
  const missing = missingOrderFields(context.order);
  if (!context.customerConfirmation) missing.push('customerConfirmation');
  if (missing.length) return missingFields('ORDER-TRACK', missing);
  const { total, items = [] } = context.order;
  const expected = orderLinesTotal(items);
  if (total !== undefined && cents(total) !== cents(expected)) {
    return violation('ORDER-TRACK', {
      reason: { zh: `订单总额 ${total} 与明细合计 ${expected} 不符`, en: `the total ${total} does not match the sum of the lines ${expected}` },
      details: { total, expectedTotal: expected },
    });
  }
  return undefined;
}

/** ORDER-TRACK (安排产品发货): a shipment names its carrier and tracking number. */
export function checkShipment({ event }: Args): Violation | undefined {
  const e = event as Of<'ORDER.SHIP'>;
  const missing: string[] = [];
  if (!e.carrier) missing.push('carrier');
  if (!e.trackingNumber) missing.push('trackingNumber');
  return missing.length ? missingFields('ORDER-TRACK', missing) : undefined;
}

/** ORDER-TRACK: an order is cancelled only before it ships; after that it is a return. */
export function checkBeforeShipping({ context }: Args): Violation | undefined {
  return context.shipment
    ? violation('ORDER-TRACK', {
        reason: {
          zh: '订单已发货,不能取消,请按退换货办理',
          en: 'the order has shipped and can no longer be cancelled; handle it as a return',
        },
        details: { shippedAt: context.shipment.at },
      })
    : undefined;
}

/** ORDER-TRACK: a cancellation says why. */
export function checkCancelReason({ event }: Args): Violation | undefined {
  return (event as Of<'ORDER.CANCEL'>).reason ? undefined : missingFields('ORDER-TRACK', ['reason']);
}
