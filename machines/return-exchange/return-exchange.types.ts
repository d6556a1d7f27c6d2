import type { Policy } from '../../src/policy/index.js';
import type { Inspection, ReturnExchangeEvent, ReturnKind, ReturnRequestDraft } from './return-exchange.schemas.js';

/** The states of a return/exchange case. */
export type ReturnExchangeState =
  | 'requested'
  | 'approved'
  | 'itemReceived'
  | 'refundIssued'
  | 'replacementShipped'
  | 'completed'
  | 'declined'
  | 'withdrawn';

/** How a case ended. */
export type ReturnExchangeOutcome = 'refunded' | 'exchanged' | 'declined' | 'withdrawn';

/** Where a request stands against the return window (RETURN-POLICY). */
export interface ReturnWindow {
  /** Local date of delivery in the policy's time zone. */
  readonly deliveredOn: string;
  /** Local date of the request. */
  readonly requestedOn: string;
  /** Day of the request counted from delivery: the day after delivery is day 1. */
  readonly day: number;
  /** The last local date on which a request is accepted. */
  readonly lastAllowedDay: string;
  /** Whether the request is within the window (day 0 … windowDays). */
  readonly within: boolean;
}

/** Context of the return/exchange machine: JSON-safe, timestamps are ISO strings. */
export interface ReturnExchangeContext {
  readonly policy: Policy;
  /** The request as filled in so far; `requestedAt` is always set. */
  readonly request: ReturnRequestDraft & { readonly requestedAt: string };
  readonly state: ReturnExchangeState;
  /** Time of the last event applied (the clock of the case). */
  readonly now: string;
  /** Due time of the next tracking update of a replacement shipment. */
  readonly deadlines: { readonly tracking?: string };
  /** Deadlines that were missed and escalated. */
  readonly escalations: readonly { readonly kind: 'tracking'; readonly dueAt: string }[];
  readonly approvedAt?: string;
  /** When the item came back. */
  readonly receivedAt?: string;
  /** The inspection of the item received back (检验记录). */
  readonly inspection?: Inspection & { readonly at: string };
  readonly refund?: { readonly amount: number; readonly reference: string; readonly at: string };
  readonly replacement?: { readonly carrier: string; readonly trackingNumber: string; readonly at: string };
  readonly tracking: readonly { readonly status: string; readonly location?: string; readonly note?: string; readonly at: string }[];
  /** The answer to a declined request (checked by CP-LANGUAGE). */
  readonly decline?: { readonly reply: string; readonly at: string };
  /** Replies sent to the customer, each checked for forbidden phrases (CP-LANGUAGE): the latest `policy.limits.recentReplies` of them (every reply stays in the case's history). */
  readonly replies: readonly { readonly text: string; readonly at: string }[];
  /** Replies sent in all; absent in cases stored before it was kept. */
  readonly replyCount?: number;
  readonly outcome?: ReturnExchangeOutcome;
  readonly closedAt?: string;
}

/** Events the machine emits for hosts (`actor.on(...)`): ids and states only, never personal data or free text. */
export type ReturnExchangeEmitted =
  | { type: 'returnExchange.stateEntered'; requestId: string; orderId?: string; kind?: ReturnKind; state: ReturnExchangeState; zh: string; at: string; dueAt?: string }
  | { type: 'returnExchange.deadlineMissed'; requestId: string; kind: 'tracking'; dueAt: string }
  | { type: 'returnExchange.closed'; requestId: string; outcome: ReturnExchangeOutcome; at: string };

/** What a closed case returns. */
export interface ReturnExchangeOutput {
  readonly requestId: string;
  readonly orderId?: string;
  readonly kind?: ReturnKind;
  readonly outcome: ReturnExchangeOutcome;
  readonly closedAt: string;
}

export type { ReturnExchangeEvent };
