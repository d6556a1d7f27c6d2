/**
 * `kefu/machines/return-visit` — one return visit (回访): the call or SMS, the script
 * (回访规范及用语) and the visit record (《回访记录表》). The do-not-call list it respects is the
 * department's one list, exported from `kefu` (`addToDoNotCall`, `isOnDoNotCall`, …).
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
import {
  checkNotOnDoNotCall,
  checkQuietHours,
  checkWithinDeadline,
  checkOccasionDue,
  checkRetryDue,
  checkCallbackNotQuiet,
  checkCallbackBeforeDeadline,
  checkScriptOrder,
  checkRecordComplete,
} from './return-visit.rules.js';
export { returnVisitMachine, visitDueAt } from './return-visit.machine.js';
export {
  ReturnVisitInputSchema,
  ReturnVisitEventSchema,
  VisitRecordSchema,
  VisitRecordFieldsSchema,
  VisitCustomerSchema,
  VisitServiceSchema,
  VisitMethodSchema,
  OccasionSchema,
  SalutationSchema,
  SatisfactionSchema,
  DATED_OCCASIONS,
} from './return-visit.schemas.js';
export type {
  ReturnVisitInput,
  VisitRecord,
  VisitRecordDraft,
  VisitCustomer,
  VisitService,
  VisitMethod,
  Occasion,
  Satisfaction,
} from './return-visit.schemas.js';
export type {
  ReturnVisitContext,
  ReturnVisitEvent,
  ReturnVisitEmitted,
  ReturnVisitOutput,
  VisitOutcome,
  ScriptStep,
} from './return-visit.types.js';
export {
  scriptOpening,
  scriptExchange,
  scriptFollowUp,
  scriptClosing,
  scriptSms,
  scriptLine,
  scriptParamsOf,
  parseSmsReply,
} from './return-visit.script.js';
export type { ScriptParams, ScriptLanguage, SmsReply } from './return-visit.script.js';
/**
 * The rule checks behind the return-visit machine's guards — exactly the rules the chart enforces,
 * one entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the
 * very ones `explain` and `send` run
 * (`ruleCheckOf(returnVisitMachine.implementations.guards.isRecordComplete)?.check` is
 * `returnVisitChecks.checkRecordComplete`). Call one to ask a rule before sending, e.g. to disable
 * a button.
 * Helpers the checks are built from (`missingRecordFields`) are exported by name, not here.
 */
export const returnVisitChecks = /* @__PURE__ */ Object.freeze({
  checkNotOnDoNotCall,
  checkQuietHours,
  checkWithinDeadline,
  checkOccasionDue,
  checkRetryDue,
  checkCallbackNotQuiet,
  checkCallbackBeforeDeadline,
  checkScriptOrder,
  checkRecordComplete,
});
export { missingRecordFields } from './return-visit.rules.js';
