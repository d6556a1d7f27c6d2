/**
 * `kefu/machines/return-exchange` — returns and exchanges (退换货) by the company policy, tracked
 * to completion (RETURN-POLICY). Same vocabulary as every kefu machine: the machine, its types,
 * its schemas, its rule checks.
 */
import {
  checkWithinPolicy,
  checkOutsidePolicy,
  checkInspectionFailed,
  checkRefund,
  checkReplacement,
  checkPoliteText,
} from './return-exchange.rules.js';
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
/**
 * The rule checks behind the return-exchange machine's guards — exactly the rules the chart
 * enforces, one entry per rule guard: pure `({ context, event }) => Violation | undefined`
 * functions, the very ones `explain` and `send` run
 * (`ruleCheckOf(returnExchangeMachine.implementations.guards.isRefundAllowed)?.check` is
 * `returnExchangeChecks.checkRefund`). Call one to ask a rule before sending, e.g. to disable a
 * button.
 * Helpers the checks are built from (`missingRequestFields`, `returnWindowOf`) are exported by
 * name, not here. (`checkInspectionPassed` is a part of `checkRefund` and `checkReplacement`, not
 * a guard of its own.)
 */
export const returnExchangeChecks = /* @__PURE__ */ Object.freeze({
  checkWithinPolicy,
  checkOutsidePolicy,
  checkInspectionFailed,
  checkRefund,
  checkReplacement,
  checkPoliteText,
});
export { missingRequestFields, returnWindowOf } from './return-exchange.rules.js';
