/**
 * `kefu/machines/order` — an order (处理订单): 确认订单的准确性 → 安排产品发货 → 跟踪订单的进展 → 送达.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
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
export * as orderChecks from './order.rules.js';
export { missingOrderFields, orderLinesTotal } from './order.rules.js';
