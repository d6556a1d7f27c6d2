/**
 * `kefu/machines/customer-data` — the customer-file process (客户资料管理): 资料收集 → 资料整理 →
 * 资料处理, and the week within which each new customer is contacted (DATA-DAILY, DATA-ASSIGN,
 * DATA-WEEK). Same vocabulary as every kefu machine: the machine, its types, its schemas, its
 * rule checks, plus the pure assignment and due-time helpers.
 */
import {
  checkDayOpen,
  checkRecordCollectable,
  checkCategoryOwner,
  checkRecordFilable,
  checkEverythingFiled,
  checkAutoAssignable,
  checkAssignmentBalanced,
  checkOwnContact,
  checkContact,
} from './customer-data.rules.js';
export { customerDataMachine, customerDataStepNames } from './customer-data.machine.js';
export {
  AgentProfileSchema,
  AbilityRuleSchema,
  AssignmentSchema,
  ContactMethodSchema,
  CustomerToAssignSchema,
  CustomerDataInputSchema,
  CustomerDataEventSchema,
} from './customer-data.schemas.js';
export type {
  AbilityRule,
  AgentProfile,
  Assignment,
  CustomerToAssign,
  CustomerDataInput,
} from './customer-data.schemas.js';
export type {
  CollectedRecord,
  ContactDuty,
  ContactEscalation,
  CustomerDataContext,
  CustomerDataEmitted,
  CustomerDataEvent,
  DayUpdate,
  FlaggedDay,
  PendingCustomer,
} from './customer-data.types.js';
export { assignCustomers, canHold, findAssignmentProblems } from './customer-data.assign.js';
export type { AssignOptions, AssignResult, AssignmentProblem } from './customer-data.assign.js';
export { contactDueAt, overdueContacts, workingDaysBetween } from './customer-data.time.js';
/**
 * The rule checks behind the customer-data machine's guards — exactly the rules the chart enforces,
 * one entry per rule guard: pure `({ context, event }) => Violation | undefined` functions, the
 * very ones `explain` and `send` run
 * (`ruleCheckOf(customerDataMachine.implementations.guards.isEverythingFiled)?.check` is
 * `customerDataChecks.checkEverythingFiled`). Call one to ask a rule before sending, e.g. to
 * disable a button.
 * Helpers the checks are built from (`unfiledRecords`) are exported by name, not here.
 */
export const customerDataChecks = /* @__PURE__ */ Object.freeze({
  checkDayOpen,
  checkRecordCollectable,
  checkCategoryOwner,
  checkRecordFilable,
  checkEverythingFiled,
  checkAutoAssignable,
  checkAssignmentBalanced,
  checkOwnContact,
  checkContact,
});
export { unfiledRecords } from './customer-data.rules.js';
