/**
 * `kefu/machines/return-visit` — one return visit (回访): the call or SMS, the script
 * (回访规范及用语), the visit record (《回访记录表》) and the do-not-call list.
 * Same vocabulary as every kefu machine: the machine, its types, its schemas, its rule checks.
 */
export { returnVisitMachine, visitDueAt, addMonthsIn, MAX_TIMER_MS } from './return-visit.machine.js';
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
  scriptWish,
  scriptDate,
  scriptLine,
  scriptParamsOf,
  addressCustomer,
  parseSmsReply,
} from './return-visit.script.js';
export type { ScriptParams, ScriptLanguage, SmsReply } from './return-visit.script.js';
export {
  DoNotCallEntrySchema,
  DoNotCallListSchema,
  addToDoNotCall,
  isOnDoNotCall,
  doNotCallUntil,
  activeDoNotCall,
  pruneDoNotCall,
} from './return-visit.dnc.js';
export type { DoNotCallEntry, DoNotCallList } from './return-visit.dnc.js';
export * as returnVisitChecks from './return-visit.rules.js';
export { missingRecordFields } from './return-visit.rules.js';
