/**
 * `kefu/machines/call` — phone calls (接听电话): greeting, call record, classification and
 * hand-over, cold and warm transfers, promised times and callbacks, the duty line and voicemail.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks;
 * plus the transfer and callback helpers other channels (chat, inquiry) reuse.
 */
import {
  checkAnswerGreeting,
  checkRecordComplete,
  checkClassification,
  checkClassified,
  checkTransfer,
  checkEta,
  checkPoliteReply,
} from './call.rules.js';
export { callMachine, callStateNames } from './call.machine.js';
export {
  CallRecordSchema,
  CallRecordDraftSchema,
  CallRecordFieldsSchema,
  CallKindSchema,
  CallLanguageSchema,
  ComplaintDetailsSchema,
  CallInputSchema,
  CallEventSchema,
} from './call.schemas.js';
export type { CallRecord, CallRecordDraft, CallKind, ComplaintDetails, CallInput } from './call.schemas.js';
export type {
  CallContext,
  CallEvent,
  CallEmitted,
  CallOutput,
  CallOutcome,
  CallbackReason,
  AbandonedDuring,
  OpenCaseParams,
} from './call.types.js';
/**
 * The rule checks behind the call machine's guards — exactly the rules the chart enforces, one
 * entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the very
 * ones `explain` and `send` run
 * (`ruleCheckOf(callMachine.implementations.guards.isRecordComplete)?.check` is
 * `callChecks.checkRecordComplete`). Call one to ask a rule before sending, e.g. to disable a
 * button.
 * Helpers the checks are built from (`missingCallRecordFields`) are exported by name, not here.
 */
export const callChecks = /* @__PURE__ */ Object.freeze({
  checkAnswerGreeting,
  checkRecordComplete,
  checkClassification,
  checkClassified,
  checkTransfer,
  checkEta,
  checkPoliteReply,
});
export { missingCallRecordFields } from './call.rules.js';
export { callGreetings, greetingScript, missingGreetingClauses, checkGreeting } from './call.script.js';
export type { ScriptLanguage } from './call.script.js';
export { complaintFormFromCall, suggestionInputFromCall, inquiryInputFromCall, contactFromCall } from './call.cases.js';
export {
  TransferModeSchema,
  checkTransferTarget,
  transferDueAt,
  transfersBetween,
  detectPingPong,
  defaultDepartment,
} from './transfer.js';
export type { TransferMode, TransferOutcome, TransferFailureReason, TransferAttempt, PingPong } from './transfer.js';
export { latestCallback, callbackDueAt, checkPromisedTime } from './callback.js';
