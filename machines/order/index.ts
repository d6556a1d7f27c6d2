/**
 * `kefu/machines/order` — an order (处理订单): 确认订单的准确性 → 安排产品发货 → 跟踪订单的进展 → 送达.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
import {
  checkOrderFields,
  checkOrderAccurate,
  checkShipment,
  checkBeforeShipping,
  checkCancelReason,
} from './order.rules.js';
export { orderMachine, orderStateNames } from './order.machine.js';
export {
  OrderSchema,
  OrderDraftSchema,
  OrderItemSchema,
  OrderItemDraftSchema,
  ShippingAddressSchema,
  MoneySchema,
  OrderInputSchema,
  OrderEventSchema,
  TrackingStatusSchema,
} from './order.schemas.js';
export type { Order, OrderDraft, OrderInput, TrackingStatus } from './order.schemas.js';
export type {
  OrderContext,
  OrderEvent,
  OrderEmitted,
  OrderOutput,
  OrderState,
  OrderDeadlineKind,
  OrderEscalation,
  TrackingRecord,
} from './order.types.js';
/**
 * The rule checks behind the order machine's guards — exactly the rules the chart enforces, one
 * entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the very
 * ones `explain` and `send` run
 * (`ruleCheckOf(orderMachine.implementations.guards.isOrderAccurate)?.check` is
 * `orderChecks.checkOrderAccurate`). Call one to ask a rule before sending, e.g. to disable a
 * button.
 * Helpers the checks are built from (`missingOrderFields`, `orderLinesTotal`) are exported by
 * name, not here.
 */
export const orderChecks = /* @__PURE__ */ Object.freeze({
  checkOrderFields,
  checkOrderAccurate,
  checkShipment,
  checkBeforeShipping,
  checkCancelReason,
});
export { missingOrderFields, orderLinesTotal } from './order.rules.js';
