import { and, assign, emit, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { withReply } from '../../src/policy/limits.js';
import { registerMachineSchemas } from '../../src/rules/index.js';
import { ruleGuard } from '../../src/rules/process.js';
import { withEventSchema } from '../../src/rules/event-input.js';
import { parseInput } from '../../src/rules/bounds.js';
import { ReturnExchangeContextSchema, returnExchangeInvariants } from './return-exchange.invariants.js';
import { addCalendarHours, toEpoch, delayUntil } from '../../src/time/index.js';
import { ReturnExchangeEventSchema, ReturnExchangeInputSchema, type ReturnExchangeInput, type ReturnKind } from './return-exchange.schemas.js';
import * as checks from './return-exchange.rules.js';
import type {
  ReturnExchangeContext,
  ReturnExchangeEmitted,
  ReturnExchangeEvent,
  ReturnExchangeOutcome,
  ReturnExchangeOutput,
  ReturnExchangeState,
} from './return-exchange.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { returnExchangePermissions } from './return-exchange.permissions.js';
import { returnExchangeWorklist } from './return-exchange.worklist.js';

type Of<T extends ReturnExchangeEvent['type']> = Extract<ReturnExchangeEvent, { type: T }>;
type Ctx = { context: ReturnExchangeContext; event: ReturnExchangeEvent };

/** Chinese names of the states, as the documents say them. */
export const returnExchangeStateNames: Readonly<Record<ReturnExchangeState, { zh: string; en: string }>> = {
  requested: { zh: '受理退换货申请', en: 'requested' },
  approved: { zh: '已批准,待客户寄回', en: 'approved, awaiting the item' },
  itemReceived: { zh: '商品已退回,检验', en: 'item received, inspection' },
  refundIssued: { zh: '已退款,跟踪到账', en: 'refund issued, tracked' },
  replacementShipped: { zh: '已发出换货,跟踪物流', en: 'replacement shipped, tracked' },
  completed: { zh: '退换货完成', en: 'completed' },
  declined: { zh: '不予退换,已答复', en: 'declined, answered' },
  withdrawn: { zh: '客户撤回申请', en: 'withdrawn' },
};

/** Milliseconds from the case's clock to the next tracking update's due time (0 when already past). */
const untilTrackingDue = ({ context }: { context: ReturnExchangeContext }) =>
  delayUntil(context.deadlines.tracking, context.now);

const eventAt = (event: ReturnExchangeEvent | { type: string }, fallback: string): string =>
  'at' in event && typeof event.at === 'string' ? event.at : fallback;

const idOf = (context: ReturnExchangeContext) => context.request.requestId;

const outcomeOf = (kind: ReturnKind | undefined): ReturnExchangeOutcome => (kind === 'exchange' ? 'exchanged' : 'refunded');

/**
 * The return/exchange machine (退换货): 根据企业的退换货政策,协助客户处理退换货事宜,并跟踪退换货的
 * 进展 (RETURN-POLICY). A request is approved only within `policy.returns.windowDays` days of
 * delivery and for no excluded category; the item comes back and is inspected; a return ends in a
 * refund tracked until it arrives, an exchange in a replacement tracked to delivery. Replies to the
 * customer are checked for forbidden phrases (CP-LANGUAGE).
 *
 * Every event carries `at` (ISO-8601, from the host's clock). Side effects are named actions
 * with no-op defaults: replace them with `.provide({ actions: { notifyCustomer, notifyWarehouse, notifySupervisor } })`.
 */
export const returnExchangeMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as ReturnExchangeContext,
    events: {} as ReturnExchangeEvent,
    input: {} as ReturnExchangeInput,
    output: {} as ReturnExchangeOutput,
    emitted: {} as ReturnExchangeEmitted,
  },
  guards: {
    isWithinPolicy: ruleGuard('RETURN-POLICY', checks.checkWithinPolicy),
    isOutsidePolicy: ruleGuard('RETURN-POLICY', checks.checkOutsidePolicy),
    hasFailedInspection: ruleGuard('RETURN-POLICY', checks.checkInspectionFailed),
    isRefundAllowed: ruleGuard('RETURN-POLICY', checks.checkRefund),
    isReplacementAllowed: ruleGuard('RETURN-POLICY', checks.checkReplacement),
    isTextPolite: ruleGuard('CP-LANGUAGE', checks.checkPoliteText, { checks: 'event' }),
    /** Not a rule: routes a tracking update that says the replacement was delivered. */
    isDeliveryScan: ({ event }: Ctx) => event.type === 'TRACKING.UPDATE' && event.status === 'delivered',
    /** Not a rule: routes a tracking update that reports a problem (lost, damaged, refused). */
    isExceptionScan: ({ event }: Ctx) => event.type === 'TRACKING.UPDATE' && event.status === 'exception',
  },
  delays: {
    trackingDeadline: untilTrackingDue,
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    notifyCustomer: (_: unknown, _params: { requestId: string; kind: 'reply' | 'approved' | 'declined' | 'refunded' | 'replacement-shipped' | 'completed'; text?: string; carrier?: string; trackingNumber?: string }) => {},
    notifyWarehouse: (_: unknown, _params: { requestId: string; orderId?: string; kind: 'expect-return' | 'ship-replacement' }) => {},
    notifySupervisor: (_: unknown, _params: { requestId: string; reason: 'tracking-silent' | 'delivery-exception'; dueAt?: string }) => {},

    enterState: assign(({ context, event }, params: { state: ReturnExchangeState }) => {
      const at = eventAt(event, context.now);
      const deadlines =
        params.state === 'replacementShipped'
          ? { ...context.deadlines, tracking: addCalendarHours(at, context.policy.orders.trackingSilenceHours) }
          : context.deadlines;
      return { state: params.state, now: at, deadlines };
    }),
    announceState: emit(({ context }: Ctx, params: { state: ReturnExchangeState }) => ({
      type: 'returnExchange.stateEntered' as const,
      requestId: idOf(context),
      ...(context.request.orderId ? { orderId: context.request.orderId } : {}),
      ...(context.request.kind ? { kind: context.request.kind } : {}),
      state: params.state,
      zh: returnExchangeStateNames[params.state].zh,
      at: context.now,
      ...(params.state === 'replacementShipped' && context.deadlines.tracking ? { dueAt: context.deadlines.tracking } : {}),
    })),
    recordEscalation: assign(({ context }) => {
      const dueAt = context.deadlines.tracking ?? context.now;
      const now = toEpoch(dueAt) > toEpoch(context.now) ? dueAt : context.now;
      return { now, escalations: [...context.escalations, { kind: 'tracking' as const, dueAt }] };
    }),
    announceDeadlineMissed: emit(({ context }: Ctx) => ({
      type: 'returnExchange.deadlineMissed' as const,
      requestId: idOf(context),
      kind: 'tracking' as const,
      dueAt: context.deadlines.tracking ?? context.now,
    })),
    updateRequest: assign(({ context, event }) => {
      const e = event as Of<'REQUEST.UPDATE'>;
      return { request: { ...context.request, ...e.fields }, now: e.at };
    }),
    recordApproval: assign(({ event }) => ({ approvedAt: (event as Of<'REQUEST.APPROVE'>).at })),
    recordDecline: assign(({ event }) => {
      const e = event as Of<'REQUEST.DECLINE'>;
      return { decline: { reply: e.reply, at: e.at }, outcome: 'declined' as const, closedAt: e.at };
    }),
    recordWithdrawal: assign(({ event }) => ({ outcome: 'withdrawn' as const, closedAt: (event as Of<'REQUEST.WITHDRAW'>).at })),
    recordReceipt: assign(({ event }) => ({ receivedAt: (event as Of<'ITEM.RECEIVE'>).at })),
    recordInspection: assign(({ event }) => {
      const e = event as Of<'INSPECTION.RECORD'>;
      return { inspection: { ...e.inspection, at: e.at }, now: e.at };
    }),
    recordRefund: assign(({ event }) => {
      const e = event as Of<'REFUND.ISSUE'>;
      return { refund: { amount: e.amount, reference: e.reference, at: e.at } };
    }),
    recordReplacement: assign(({ event }) => {
      const e = event as Of<'REPLACEMENT.SHIP'>;
      return { replacement: { carrier: e.carrier!, trackingNumber: e.trackingNumber!, at: e.at } };
    }),
    recordTracking: assign(({ context, event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'TRACKING.UPDATE'>;
      return { tracking: [...context.tracking, rest], now: rest.at };
    }),
    recordCompletion: assign(({ context }) => ({ outcome: outcomeOf(context.request.kind), closedAt: context.now })),
    addReply: assign(({ context, event }) => {
      const e = event as Of<'REPLY.SEND'>;
      return { ...withReply(context, e), now: e.at };
    }),
    announceClosed: emit(({ context }: Ctx) => ({
      type: 'returnExchange.closed' as const,
      requestId: idOf(context),
      outcome: context.outcome ?? outcomeOf(context.request.kind),
      at: context.closedAt ?? context.now,
    })),
  },
}).createMachine({
  id: 'returnExchange',
  description: '退换货:根据企业的退换货政策,协助客户处理退换货事宜,并跟踪退换货的进展 — returns and exchanges by the company policy, tracked to completion (RETURN-POLICY).',
  context: ({ input }) => {
    const parsed = parseInput(ReturnExchangeInputSchema, input, 'return/exchange input');
    const requestedAt = (parsed.request.requestedAt ?? parsed.at)!;
    return {
      policy: parsed.policy ?? defaultPolicy,
      request: { ...parsed.request, requestedAt },
      state: 'requested' as const,
      now: parsed.at ?? requestedAt,
      deadlines: {},
      escalations: [],
      tracking: [],
      replies: [],
      replyCount: 0,
    };
  },
  output: ({ context }) => ({
    requestId: idOf(context),
    ...(context.request.orderId ? { orderId: context.request.orderId } : {}),
    ...(context.request.kind ? { kind: context.request.kind } : {}),
    outcome: context.outcome ?? outcomeOf(context.request.kind),
    closedAt: context.closedAt ?? context.now,
  }),
  initial: 'requested',
  on: {
    'REPLY.SEND': {
      guard: 'isTextPolite',
      actions: ['addReply', { type: 'notifyCustomer', params: ({ context, event }) => ({ requestId: idOf(context), kind: 'reply' as const, text: (event as Of<'REPLY.SEND'>).text }) }],
      description: '答复客户 — a reply to the customer, checked for forbidden phrases (CP-LANGUAGE)',
    },
  },
  states: {
    requested: {
      description: '受理退换货申请:退货或换货、订单号、签收时间、原因、商品;按退换货政策审核 — take the request and check it against the policy (RETURN-POLICY)',
      meta: { zh: '受理退换货申请', rules: ['RETURN-POLICY', 'CP-LANGUAGE'] },
      entry: [{ type: 'enterState', params: { state: 'requested' } }, { type: 'announceState', params: { state: 'requested' } }],
      on: {
        'REQUEST.UPDATE': { actions: 'updateRequest', description: '填写申请信息 — fill in fields of the request' },
        'REQUEST.APPROVE': {
          guard: 'isWithinPolicy',
          target: 'approved',
          actions: 'recordApproval',
          description: '符合退换货政策(期限内、非不退换商品),批准 — within the window, no excluded item: approve (RETURN-POLICY)',
        },
        'REQUEST.DECLINE': {
          guard: and(['isOutsidePolicy', 'isTextPolite']),
          target: 'declined',
          actions: ['recordDecline', { type: 'notifyCustomer', params: ({ context, event }) => ({ requestId: idOf(context), kind: 'declined' as const, text: (event as Of<'REQUEST.DECLINE'>).reply }) }],
          description: '不符合退换货政策,婉转答复客户 — outside the policy: decline with a polite answer (RETURN-POLICY, CP-LANGUAGE)',
        },
        'REQUEST.WITHDRAW': { target: 'withdrawn', actions: 'recordWithdrawal', description: '客户撤回申请 — the customer withdraws the request' },
      },
    },
    approved: {
      description: '已批准,等待客户寄回商品 — approved; waiting for the item to come back',
      meta: { zh: '已批准,待客户寄回', rules: ['RETURN-POLICY'] },
      entry: [
        { type: 'enterState', params: { state: 'approved' } },
        { type: 'announceState', params: { state: 'approved' } },
        { type: 'notifyCustomer', params: ({ context }) => ({ requestId: idOf(context), kind: 'approved' as const }) },
        { type: 'notifyWarehouse', params: ({ context }) => ({ requestId: idOf(context), ...(context.request.orderId ? { orderId: context.request.orderId } : {}), kind: 'expect-return' as const }) },
      ],
      on: {
        'ITEM.RECEIVE': { target: 'itemReceived', actions: 'recordReceipt', description: '收到退回商品 — the item is received back' },
        'REQUEST.WITHDRAW': { target: 'withdrawn', actions: 'recordWithdrawal', description: '客户撤回申请 — the customer withdraws the request' },
      },
    },
    itemReceived: {
      description: '商品已退回:记录检验结果;合格则退款或发出换货,不合格可拒绝 — inspect the item; passed: refund or replacement; failed: decline (RETURN-POLICY)',
      meta: { zh: '商品已退回,检验', rules: ['RETURN-POLICY', 'CP-LANGUAGE'] },
      entry: [{ type: 'enterState', params: { state: 'itemReceived' } }, { type: 'announceState', params: { state: 'itemReceived' } }],
      on: {
        'INSPECTION.RECORD': { actions: 'recordInspection', description: '记录检验结果 — record the inspection' },
        'REFUND.ISSUE': {
          guard: 'isRefundAllowed',
          target: 'refundIssued',
          actions: ['recordRefund', { type: 'notifyCustomer', params: ({ context }) => ({ requestId: idOf(context), kind: 'refunded' as const }) }],
          description: '退货检验合格,退款 — a return that passed inspection: refund (RETURN-POLICY)',
        },
        'REPLACEMENT.SHIP': {
          guard: 'isReplacementAllowed',
          target: 'replacementShipped',
          actions: [
            'recordReplacement',
            { type: 'notifyWarehouse', params: ({ context }) => ({ requestId: idOf(context), ...(context.request.orderId ? { orderId: context.request.orderId } : {}), kind: 'ship-replacement' as const }) },
            {
              type: 'notifyCustomer',
              params: ({ context, event }) => {
                const e = event as Of<'REPLACEMENT.SHIP'>;
                return { requestId: idOf(context), kind: 'replacement-shipped' as const, carrier: e.carrier!, trackingNumber: e.trackingNumber! };
              },
            },
          ],
          description: '换货检验合格,发出换货商品(承运商、运单号) — an exchange that passed inspection: ship the replacement (RETURN-POLICY)',
        },
        'REQUEST.DECLINE': {
          guard: and(['hasFailedInspection', 'isTextPolite']),
          target: 'declined',
          actions: ['recordDecline', { type: 'notifyCustomer', params: ({ context, event }) => ({ requestId: idOf(context), kind: 'declined' as const, text: (event as Of<'REQUEST.DECLINE'>).reply }) }],
          description: '检验不合格,婉转答复客户 — failed inspection: decline with a polite answer (RETURN-POLICY, CP-LANGUAGE)',
        },
      },
    },
    refundIssued: {
      description: '已退款,跟踪退款到账 — refund issued; tracked until it arrives (RETURN-POLICY)',
      meta: { zh: '已退款,跟踪到账', rules: ['RETURN-POLICY'] },
      entry: [{ type: 'enterState', params: { state: 'refundIssued' } }, { type: 'announceState', params: { state: 'refundIssued' } }],
      on: {
        'REFUND.COMPLETE': { target: 'completed', description: '退款已到账 — the refund has arrived: complete' },
      },
    },
    replacementShipped: {
      description: '换货商品已发出,跟踪物流直至签收;长时间无更新则上报 — the replacement is tracked to delivery; a long silence escalates (RETURN-POLICY)',
      meta: { zh: '已发出换货,跟踪物流', rules: ['RETURN-POLICY'] },
      entry: [{ type: 'enterState', params: { state: 'replacementShipped' } }, { type: 'announceState', params: { state: 'replacementShipped' } }],
      after: {
        trackingDeadline: {
          actions: [
            'recordEscalation',
            'announceDeadlineMissed',
            { type: 'notifySupervisor', params: ({ context }) => ({ requestId: idOf(context), reason: 'tracking-silent' as const, dueAt: context.deadlines.tracking }) },
          ],
          description: '换货物流长时间无更新,上报主管 — no tracking update in time: escalate (RETURN-POLICY)',
        },
      },
      on: {
        'TRACKING.UPDATE': [
          { guard: 'isDeliveryScan', target: 'completed', actions: 'recordTracking', description: '换货商品已签收 — the replacement is delivered' },
          {
            guard: 'isExceptionScan',
            target: 'replacementShipped',
            reenter: true,
            actions: ['recordTracking', { type: 'notifySupervisor', params: ({ context }) => ({ requestId: idOf(context), reason: 'delivery-exception' as const }) }],
            description: '换货物流异常,记录并上报主管 — the carrier reports a problem: record and escalate',
          },
          {
            target: 'replacementShipped',
            reenter: true,
            actions: 'recordTracking',
            description: '记录换货物流进展,重新计时 — record the update; the silence clock restarts',
          },
        ],
      },
    },
    completed: {
      type: 'final',
      description: '退换货完成,结案 — completed: refunded or exchanged',
      meta: { zh: '退换货完成', rules: ['RETURN-POLICY'] },
      entry: [
        { type: 'enterState', params: { state: 'completed' } },
        'recordCompletion',
        { type: 'announceState', params: { state: 'completed' } },
        { type: 'notifyCustomer', params: ({ context }) => ({ requestId: idOf(context), kind: 'completed' as const }) },
        'announceClosed',
      ],
    },
    declined: {
      type: 'final',
      description: '不予退换,已婉转答复客户 — declined, the customer answered politely',
      meta: { zh: '不予退换,已答复', rules: ['RETURN-POLICY', 'CP-LANGUAGE'] },
      entry: [{ type: 'enterState', params: { state: 'declined' } }, { type: 'announceState', params: { state: 'declined' } }, 'announceClosed'],
    },
    withdrawn: {
      type: 'final',
      description: '客户撤回申请,结案 — the customer withdrew the request',
      meta: { zh: '客户撤回申请', rules: ['RETURN-POLICY'] },
      entry: [{ type: 'enterState', params: { state: 'withdrawn' } }, { type: 'announceState', params: { state: 'withdrawn' } }, 'announceClosed'],
    },
  },
}), returnExchangePermissions), ReturnExchangeEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: returnExchangeMachine.id,
  events: ReturnExchangeEventSchema,
  input: ReturnExchangeInputSchema,
  context: ReturnExchangeContextSchema,
  invariants: returnExchangeInvariants,
  worklist: returnExchangeWorklist,
});
