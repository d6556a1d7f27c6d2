/**
 * `kefu/machines/inquiry` — customer inquiries (客户咨询) on any channel.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
import {
  checkContentRecorded,
  checkPoliteAnswer,
  checkTransfer,
  checkFollowUpPromise,
  checkReachable,
} from './inquiry.rules.js';
export { inquiryMachine, inquiryStepNames } from './inquiry.machine.js';
export { InquiryRecordSchema, InquiryInputSchema, InquiryEventSchema } from './inquiry.schemas.js';
export type { InquiryRecord, InquiryInput } from './inquiry.schemas.js';
export type { InquiryContext, InquiryEvent, InquiryEmitted, InquiryOutput } from './inquiry.types.js';
/**
 * The rule checks behind the inquiry machine's guards — exactly the rules the chart enforces, one
 * entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the very
 * ones `explain` and `send` run
 * (`ruleCheckOf(inquiryMachine.implementations.guards.hasContent)?.check` is
 * `inquiryChecks.checkContentRecorded`). Call one to ask a rule before sending, e.g. to disable a
 * button.
 */
export const inquiryChecks = /* @__PURE__ */ Object.freeze({
  checkContentRecorded,
  checkPoliteAnswer,
  checkTransfer,
  checkFollowUpPromise,
  checkReachable,
});
