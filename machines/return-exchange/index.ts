/**
 * `kefu/machines/return-exchange` — returns and exchanges (退换货) by the company policy, tracked
 * to completion (RETURN-POLICY). Same vocabulary as every kefu machine: the machine, its types,
 * its schemas, its rule checks.
 */
export { returnExchangeMachine, returnExchangeStateNames } from './return-exchange.machine.js';
export {
  ReturnExchangeInputSchema,
  ReturnExchangeEventSchema,
  ReturnRequestSchema,
  ReturnRequestDraftSchema,
  ReturnItemSchema,
  ReturnItemDraftSchema,
  ReturnKindSchema,
  InspectionSchema,
  ReplacementTrackingStatusSchema,
} from './return-exchange.schemas.js';
export type { ReturnExchangeInput, ReturnRequest, ReturnRequestDraft, ReturnKind, Inspection } from './return-exchange.schemas.js';
export type {
  ReturnExchangeContext,
  ReturnExchangeEvent,
  ReturnExchangeEmitted,
  ReturnExchangeOutput,
  ReturnExchangeOutcome,
  ReturnExchangeState,
  ReturnWindow,
} from './return-exchange.types.js';
export * as returnExchangeChecks from './return-exchange.rules.js';
export { missingRequestFields, returnWindowOf } from './return-exchange.rules.js';
