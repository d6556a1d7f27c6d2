/**
 * `kefu/machines/call` — phone calls (接听电话): greeting, call record, classification and
 * hand-over, cold and warm transfers, promised times and callbacks, the duty line and voicemail.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks;
 * plus the transfer and callback helpers other channels (chat, inquiry) reuse.
 */
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
export * as callChecks from './call.rules.js';
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
