/**
 * `kefu/machines/customer-data` — the customer-file process (客户资料管理): 资料收集 → 资料整理 →
 * 资料处理, and the week within which each new customer is contacted (DATA-DAILY, DATA-ASSIGN,
 * DATA-WEEK). Same vocabulary as every kefu machine: the machine, its types, its schemas, its
 * rule checks, plus the pure assignment and due-time helpers.
 */
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
export { contactDueAt, endOfLocalDay, nextWorkingDay, overdueContacts, workingDaysBetween } from './customer-data.time.js';
export * as customerDataChecks from './customer-data.rules.js';
export { unfiledRecords } from './customer-data.rules.js';
