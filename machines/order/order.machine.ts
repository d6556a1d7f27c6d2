import { and, assign, emit, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { OrderContextSchema, orderInvariants } from './order.invariants.js';
import { addCalendarHours, addWorkingDays, toEpoch, delayUntil } from '../../src/time/index.js';
import { OrderEventSchema, OrderInputSchema, type OrderInput } from './order.schemas.js';
import * as checks from './order.rules.js';
import type { OrderContext, OrderDeadlineKind, OrderEmitted, OrderEvent, OrderOutput, OrderState } from './order.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { orderPermissions } from './order.permissions.js';
import { orderWorklist } from './order.worklist.js';

type Of<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;
type Ctx = { context: OrderContext; event: OrderEvent };

/** Chinese names of the states, as the documents say them. */
export const orderStateNames: Readonly<Record<OrderState, { zh: string; en: string }>> = {
  received: { zh: '接收订单', en: 'received' },
  confirming: { zh: '确认订单的准确性', en: 'confirming accuracy' },
  confirmed: { zh: '已确认,安排产品发货', en: 'confirmed, to ship' },
  shipped: { zh: '已发货', en: 'shipped' },
  inTransit: { zh: '运输中,跟踪订单的进展', en: 'in transit, tracked' },
  delivered: { zh: '已送达', en: 'delivered' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

/** Milliseconds from the order's clock to a due time (0 when already past). */
const remaining = (kind: OrderDeadlineKind) => ({ context }: { context: OrderContext }) =>
  delayUntil(context.deadlines[kind], context.now);

const eventAt = (event: OrderEvent | { type: string }, fallback: string): string =>
  'at' in event && typeof event.at === 'string' ? event.at : fallback;

const orderIdOf = (context: OrderContext) => context.order.orderId;

// Shared by 已发货 (shipped) and 运输中 (inTransit), which track the shipment the same way.

/** A shipment silent past its tracking deadline is escalated (ORDER-TRACK). */
const trackingSilence = {
  actions: [
    { type: 'recordEscalation', params: { kind: 'tracking' } },
    { type: 'announceDeadlineMissed', params: { kind: 'tracking' } },
    { type: 'notifySupervisor', params: ({ context }: { context: OrderContext }) => ({ orderId: orderIdOf(context), reason: 'tracking-silent' as const, dueAt: context.deadlines.tracking }) },
  ],
  description: '物流信息长时间无更新,上报主管 — no tracking update in time: escalate (ORDER-TRACK)',
} as const;

/** A tracking update that says the parcel was delivered closes the order. */
const deliveryScan = { guard: 'isDeliveryScan', target: 'delivered', actions: 'recordTracking', description: '物流显示已签收 — the carrier reports delivery' } as const;

/** A tracking update that reports a problem is recorded and escalated; the parcel is still in transit. */
const exceptionScan = {
  guard: 'isExceptionScan',
  target: 'inTransit',
  actions: ['recordTracking', { type: 'notifySupervisor', params: ({ context }: { context: OrderContext }) => ({ orderId: orderIdOf(context), reason: 'delivery-exception' as const }) }],
  description: '物流异常,记录并上报主管 — the carrier reports a problem: record and escalate',
} as const;

/**
 * The order machine (处理订单): 确认订单的准确性 → 安排产品发货 → 跟踪订单的进展 → 送达 (ORDER-TRACK).
 * A confirmed order not shipped within `policy.orders.shipWithinWorkingDays` working days, and
 * a shipment silent for `policy.orders.trackingSilenceHours` hours, are escalated.
 *
 * Every event carries `at` (ISO-8601, from the host's clock). Side effects are named actions
 * with no-op defaults: replace them with `.provide({ actions: { notifyCustomer, notifyWarehouse, notifySupervisor } })`.
 */
export const orderMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as OrderContext,
    events: {} as OrderEvent,
    input: {} as OrderInput,
    output: {} as OrderOutput,
    emitted: {} as OrderEmitted,
  },
  guards: {
    hasOrderFields: ruleGuard('ORDER-TRACK', checks.checkOrderFields),
    isOrderAccurate: ruleGuard('ORDER-TRACK', checks.checkOrderAccurate),
    hasShipment: ruleGuard('ORDER-TRACK', checks.checkShipment),
    isBeforeShipping: ruleGuard('ORDER-TRACK', checks.checkBeforeShipping),
    hasCancelReason: ruleGuard('ORDER-TRACK', checks.checkCancelReason),
    /** Not a rule: routes a tracking update that says the parcel was delivered. */
    isDeliveryScan: ({ event }: Ctx) => event.type === 'TRACKING.UPDATE' && event.status === 'delivered',
    /** Not a rule: routes a tracking update that reports a problem (lost, damaged, refused). */
    isExceptionScan: ({ event }: Ctx) => event.type === 'TRACKING.UPDATE' && event.status === 'exception',
  },
  delays: {
    shipDeadline: remaining('ship'),
    trackingDeadline: remaining('tracking'),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    notifyCustomer: (_: unknown, _params: { orderId: string; kind: 'confirmed' | 'shipped' | 'delayed' | 'delivered' | 'cancelled'; carrier?: string; trackingNumber?: string }) => {},
    notifyWarehouse: (_: unknown, _params: { orderId: string; kind: 'ship-request' | 'ship-overdue' | 'cancel' }) => {},
    notifySupervisor: (_: unknown, _params: { orderId: string; reason: 'not-shipped' | 'tracking-silent' | 'delivery-exception'; dueAt?: string }) => {},

    enterState: assign(({ context, event }, params: { state: OrderState }) => {
      const at = eventAt(event, context.now);
      const { calendar, orders } = context.policy;
      const deadlines = { ...context.deadlines };
      if (params.state === 'confirmed') deadlines.ship = addWorkingDays(calendar, at, orders.shipWithinWorkingDays);
      if (params.state === 'shipped' || params.state === 'inTransit') deadlines.tracking = addCalendarHours(at, orders.trackingSilenceHours);
      return { state: params.state, now: at, deadlines };
    }),
    announceState: emit(({ context }: Ctx, params: { state: OrderState }) => {
      const due = params.state === 'confirmed' ? context.deadlines.ship : params.state === 'shipped' || params.state === 'inTransit' ? context.deadlines.tracking : undefined;
      return {
        type: 'order.stateEntered' as const,
        orderId: orderIdOf(context),
        state: params.state,
        zh: orderStateNames[params.state].zh,
        at: context.now,
        ...(due ? { dueAt: due } : {}),
      };
    }),
    recordEscalation: assign(({ context }, params: { kind: OrderDeadlineKind }) => {
      const dueAt = context.deadlines[params.kind] ?? context.now;
      const now = toEpoch(dueAt) > toEpoch(context.now) ? dueAt : context.now;
      return { now, escalations: [...context.escalations, { kind: params.kind, dueAt }] };
    }),
    announceDeadlineMissed: emit(({ context }: Ctx, params: { kind: OrderDeadlineKind }) => ({
      type: 'order.deadlineMissed' as const,
      orderId: orderIdOf(context),
      kind: params.kind,
      dueAt: context.deadlines[params.kind] ?? context.now,
    })),
    updateOrder: assign(({ context, event }) => {
      const e = event as Of<'ORDER.UPDATE'>;
      // Any change voids the customer's confirmation: they confirm the order as it stands.
      return { order: { ...context.order, ...e.fields }, customerConfirmation: undefined, now: e.at };
    }),
    recordCustomerConfirmation: assign(({ event }) => {
      const e = event as Of<'CUSTOMER.CONFIRM'>;
      return { customerConfirmation: { at: e.at, ...(e.channel ? { channel: e.channel } : {}) }, now: e.at };
    }),
    recordConfirmation: assign(({ event }) => ({ confirmedAt: (event as Of<'ORDER.CONFIRM'>).at })),
    recordShipment: assign(({ event }) => {
      const e = event as Of<'ORDER.SHIP'>;
      return { shipment: { carrier: e.carrier!, trackingNumber: e.trackingNumber!, at: e.at } };
    }),
    recordTracking: assign(({ context, event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'TRACKING.UPDATE'>;
      return { tracking: [...context.tracking, rest], now: rest.at };
    }),
    recordDelivery: assign(({ context }) => ({ deliveredAt: context.now, closedAt: context.now })),
    recordCancellation: assign(({ event }) => {
      const e = event as Of<'ORDER.CANCEL'>;
      return { cancellation: { reason: e.reason!, at: e.at }, closedAt: e.at, now: e.at };
    }),
    announceClosed: emit(({ context }: Ctx) => ({
      type: 'order.closed' as const,
      orderId: orderIdOf(context),
      outcome: context.cancellation ? ('cancelled' as const) : ('delivered' as const),
      at: context.closedAt ?? context.now,
    })),
  },
}).createMachine({
  id: 'order',
  description: '处理订单:确认订单的准确性、安排产品发货、跟踪订单的进展 — an order confirmed for accuracy, shipped and tracked to delivery (ORDER-TRACK).',
  context: ({ input }) => {
    const parsed = parseInput(OrderInputSchema, input, 'order input');
    return {
      policy: parsed.policy ?? defaultPolicy,
      order: parsed.order,
      state: 'received' as const,
      now: (parsed.at ?? parsed.order.placedAt)!,
      deadlines: {},
      escalations: [],
      tracking: [],
    };
  },
  output: ({ context }) => ({
    orderId: orderIdOf(context),
    outcome: context.cancellation ? 'cancelled' : 'delivered',
    ...(context.deliveredAt ? { deliveredAt: context.deliveredAt } : {}),
    closedAt: context.closedAt ?? context.now,
  }),
  initial: 'received',
  on: {
    'ORDER.CANCEL': {
      guard: and(['isBeforeShipping', 'hasCancelReason']),
      target: '.cancelled',
      actions: [
        'recordCancellation',
        { type: 'notifyWarehouse', params: ({ context }) => ({ orderId: orderIdOf(context), kind: 'cancel' as const }) },
        { type: 'notifyCustomer', params: ({ context }) => ({ orderId: orderIdOf(context), kind: 'cancelled' as const }) },
      ],
      description: '发货前取消订单(须说明原因) — cancel before shipping, with a reason (ORDER-TRACK)',
    },
  },
  states: {
    received: {
      description: '接收订单:记录商品明细(编号、数量、价格)、收货地址和联系方式 — take the order: lines, address, contact',
      meta: { zh: '接收订单', rules: ['ORDER-TRACK'] },
      entry: [{ type: 'enterState', params: { state: 'received' } }, { type: 'announceState', params: { state: 'received' } }],
      on: {
        'ORDER.UPDATE': { actions: 'updateOrder', description: '填写订单信息 — fill in fields of the order' },
        'ORDER.CHECK': {
          guard: 'hasOrderFields',
          target: 'confirming',
          description: '订单信息齐全,向客户核对 — every field is there: read it back to the customer (ORDER-TRACK)',
        },
      },
    },
    confirming: {
      description: '确认订单的准确性:向客户逐项核对,客户确认后方可确认订单 — read the order back; the customer must confirm it (ORDER-TRACK)',
      meta: { zh: '确认订单的准确性', rules: ['ORDER-TRACK'] },
      entry: [{ type: 'enterState', params: { state: 'confirming' } }, { type: 'announceState', params: { state: 'confirming' } }],
      on: {
        'ORDER.UPDATE': { actions: 'updateOrder', description: '更正订单信息(客户须重新确认) — correct the order; the customer confirms again' },
        'CUSTOMER.CONFIRM': { actions: 'recordCustomerConfirmation', description: '客户确认订单无误 — the customer confirms the order as read back' },
        'ORDER.CONFIRM': {
          guard: 'isOrderAccurate',
          target: 'confirmed',
          actions: [
            'recordConfirmation',
            { type: 'notifyCustomer', params: ({ context }) => ({ orderId: orderIdOf(context), kind: 'confirmed' as const }) },
          ],
          description: '订单信息齐全、金额相符、客户已确认:确认订单 — complete, totals match, customer confirmed (ORDER-TRACK)',
        },
      },
    },
    confirmed: {
      description: '安排产品发货:通知仓库发货,须在规定工作日内发出 — the warehouse ships within the policy working days (ORDER-TRACK)',
      meta: { zh: '安排产品发货', rules: ['ORDER-TRACK'] },
      entry: [
        { type: 'enterState', params: { state: 'confirmed' } },
        { type: 'announceState', params: { state: 'confirmed' } },
        { type: 'notifyWarehouse', params: ({ context }) => ({ orderId: orderIdOf(context), kind: 'ship-request' as const }) },
      ],
      after: {
        shipDeadline: {
          actions: [
            { type: 'recordEscalation', params: { kind: 'ship' } },
            { type: 'announceDeadlineMissed', params: { kind: 'ship' } },
            { type: 'notifySupervisor', params: ({ context }) => ({ orderId: orderIdOf(context), reason: 'not-shipped' as const, dueAt: context.deadlines.ship }) },
            { type: 'notifyWarehouse', params: ({ context }) => ({ orderId: orderIdOf(context), kind: 'ship-overdue' as const }) },
            { type: 'notifyCustomer', params: ({ context }) => ({ orderId: orderIdOf(context), kind: 'delayed' as const }) },
          ],
          description: '未按时发货,上报主管并催仓库 — not shipped in time: escalate (ORDER-TRACK)',
        },
      },
      on: {
        'ORDER.SHIP': {
          guard: 'hasShipment',
          target: 'shipped',
          actions: [
            'recordShipment',
            {
              type: 'notifyCustomer',
              params: ({ context, event }) => {
                const e = event as Of<'ORDER.SHIP'>;
                return { orderId: orderIdOf(context), kind: 'shipped' as const, carrier: e.carrier!, trackingNumber: e.trackingNumber! };
              },
            },
          ],
          description: '已发货,记录承运商和运单号 — shipped with carrier and tracking number (ORDER-TRACK)',
        },
      },
    },
    shipped: {
      description: '已发货,等待承运商的第一条物流信息 — shipped; waiting for the first tracking update (ORDER-TRACK)',
      meta: { zh: '已发货', rules: ['ORDER-TRACK'] },
      entry: [{ type: 'enterState', params: { state: 'shipped' } }, { type: 'announceState', params: { state: 'shipped' } }],
      after: { trackingDeadline: trackingSilence },
      on: {
        'TRACKING.UPDATE': [
          deliveryScan,
          exceptionScan,
          { target: 'inTransit', actions: 'recordTracking', description: '记录物流进展 — record the tracking update (跟踪订单的进展)' },
        ],
      },
    },
    inTransit: {
      description: '跟踪订单的进展:记录每条物流信息;长时间无更新则上报 — each tracking update is recorded; a long silence escalates (ORDER-TRACK)',
      meta: { zh: '跟踪订单的进展', rules: ['ORDER-TRACK'] },
      entry: [{ type: 'enterState', params: { state: 'inTransit' } }, { type: 'announceState', params: { state: 'inTransit' } }],
      after: { trackingDeadline: trackingSilence },
      on: {
        'TRACKING.UPDATE': [
          deliveryScan,
          { ...exceptionScan, reenter: true },
          {
            target: 'inTransit',
            reenter: true,
            actions: 'recordTracking',
            description: '记录物流进展,重新计时 — record the update; the silence clock restarts',
          },
        ],
      },
    },
    delivered: {
      type: 'final',
      description: '已送达,订单完成 — delivered: the order is closed',
      meta: { zh: '已送达', rules: ['ORDER-TRACK'] },
      entry: [
        { type: 'enterState', params: { state: 'delivered' } },
        'recordDelivery',
        { type: 'announceState', params: { state: 'delivered' } },
        { type: 'notifyCustomer', params: ({ context }) => ({ orderId: orderIdOf(context), kind: 'delivered' as const }) },
        'announceClosed',
      ],
    },
    cancelled: {
      type: 'final',
      description: '订单已取消(发货前,记录原因) — cancelled before shipping, reason recorded',
      meta: { zh: '已取消', rules: ['ORDER-TRACK'] },
      entry: [{ type: 'enterState', params: { state: 'cancelled' } }, { type: 'announceState', params: { state: 'cancelled' } }, 'announceClosed'],
    },
  },
}), orderPermissions), OrderEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: orderMachine.id,
  events: OrderEventSchema,
  input: OrderInputSchema,
  context: OrderContextSchema,
  invariants: orderInvariants,
  worklist: orderWorklist,
});
