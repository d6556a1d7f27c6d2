import type { Policy } from '../../src/policy/index.js';
import type { OrderDraft, OrderEvent, TrackingStatus } from './order.schemas.js';

/** The states of an order. */
export type OrderState = 'received' | 'confirming' | 'confirmed' | 'shipped' | 'inTransit' | 'delivered' | 'cancelled';

/** What a missed deadline was about (ORDER-TRACK). */
export type OrderDeadlineKind = 'ship' | 'tracking';

/** A deadline that passed and was escalated (ORDER-TRACK). */
export interface OrderEscalation {
  readonly kind: OrderDeadlineKind;
  readonly dueAt: string;
}

/** A tracking update recorded from the carrier (跟踪订单的进展). */
export interface TrackingRecord {
  readonly status: TrackingStatus;
  readonly location?: string;
  readonly note?: string;
  readonly at: string;
}

/** Context of the order machine: JSON-safe, timestamps are ISO strings. */
export interface OrderContext {
  readonly policy: Policy;
  /** The order as taken so far. */
  readonly order: OrderDraft;
  /** The state the order is in. */
  readonly state: OrderState;
  /** Time of the last event applied (the clock of the order). */
  readonly now: string;
  /** Due times: shipping (from confirmation) and the next tracking update (from the last one). */
  readonly deadlines: Partial<Record<OrderDeadlineKind, string>>;
  /** Deadlines that were missed and escalated. */
  readonly escalations: readonly OrderEscalation[];
  /** When the customer confirmed the order read back to them; cleared by any later change. */
  readonly customerConfirmation?: { readonly at: string; readonly channel?: string };
  /** When the order was confirmed as accurate (确认订单的准确性). */
  readonly confirmedAt?: string;
  /** The shipment (安排产品发货). */
  readonly shipment?: { readonly carrier: string; readonly trackingNumber: string; readonly at: string };
  /** Tracking updates, oldest first (跟踪订单的进展). */
  readonly tracking: readonly TrackingRecord[];
  readonly cancellation?: { readonly reason: string; readonly at: string };
  readonly deliveredAt?: string;
  readonly closedAt?: string;
}

/** Events the order machine emits for hosts (`actor.on(...)`): ids and states only, never personal data. */
export type OrderEmitted =
  | { type: 'order.stateEntered'; orderId: string; state: OrderState; zh: string; at: string; dueAt?: string }
  | { type: 'order.deadlineMissed'; orderId: string; kind: OrderDeadlineKind; dueAt: string }
  | { type: 'order.closed'; orderId: string; outcome: 'delivered' | 'cancelled'; at: string };

/** What a closed order returns. */
export interface OrderOutput {
  readonly orderId: string;
  readonly outcome: 'delivered' | 'cancelled';
  /** When it was delivered (the `deliveredAt` a return/exchange request needs). */
  readonly deliveredAt?: string;
  readonly closedAt: string;
}

export type { OrderEvent };
