/**
 * `kefu` — the root entry: policy, rule IDs and refusal explanations, business time,
 * common schemas, the department's do-not-call list, and the complaint machine. Other machines
 * live on their own subpaths (`kefu/machines/<name>`); integrations too (`kefu/runtime`,
 * `kefu/postgres`, `kefu/inspect`).
 *
 * Internal on purpose (may change without a major version): anything not exported here or from
 * a documented subpath, e.g. `src/time/internal.ts`.
 */
export {
  defaultPolicy,
  definePolicy,
  findDepartment,
  PolicySchema,
  DepartmentSchema,
  RolesPolicySchema,
  LimitsSchema,
  defaultLimits,
} from './policy/index.js';
export type { Policy, PolicyOverrides, Department, Limits } from './policy/index.js';

export {
  ruleIds,
  isRuleId,
  violation,
  missingFields,
  ruleGuard,
  ruleCheckOf,
  registerMachineSchemas,
  machineSchemasFor,
  withEventSchema,
  explain,
  send,
  sendOrThrow,
  validateEvent,
  invariantFailures,
  fieldInvariant,
  ruleInvariant,
} from './rules/index.js';
export type {
  RuleArea,
  RuleId,
  RuleInfo,
  Bilingual,
  Violation,
  GuardArgs,
  RuleCheck,
  RuleGuard,
  RuleGuardOptions,
  MachineSchemas,
  EventInputMark,
  EventInputOf,
  Acceptance,
  Outcome,
  Refusal,
  RefusalReason,
  SendOptions,
  ExplainOptions,
  ValidateEventOptions,
  StateInvariant,
  InvariantSubject,
  InvariantFailure,
} from './rules/index.js';

export {
  builtinRoles,
  PrincipalSchema,
  RoleNameSchema,
  PRINCIPAL_ID_MAX,
  principalOf,
  roleName,
  knownRoles,
  allowedRoles,
  checkRolePermit,
  restrictedEvents,
  withRolePermit,
} from './roles/index.js';
export type { Role, Principal, WithPrincipal } from './roles/index.js';

export {
  KefuError,
  isKefuError,
  ValidationError,
  isValidationError,
  issuesFromZod,
  parseOrThrow,
  RefusedError,
  isRefusedError,
  PermissionTableConflictError,
  isPermissionTableConflictError,
} from './errors/index.js';
export type { FieldIssue } from './errors/index.js';

export { findForbiddenPhrases, checkReplyLanguage } from './language/index.js';
export type { PhraseHit, PhraseCategory } from './language/index.js';

export {
  IsoDateTimeSchema,
  LocalDateSchema,
  TextSchema,
  PhoneSchema,
  ContactSchema,
  ChannelSchema,
} from './schemas/index.js';
export type { Contact, Channel } from './schemas/index.js';

export {
  DoNotCallEntrySchema,
  DoNotCallListSchema,
  addToDoNotCall,
  doNotCallUntil,
  isOnDoNotCall,
  activeDoNotCall,
  pruneDoNotCall,
} from './dnc/index.js';
export type { DoNotCallEntry, DoNotCallList } from './dnc/index.js';

export {
  complaintMachine,
  complaintStepNames,
  ComplaintFormSchema,
  ComplaintEventSchema,
  ComplaintInputSchema,
} from '../machines/complaint/index.js';
export type {
  ComplaintContext,
  ComplaintEvent,
  ComplaintForm,
  ComplaintFormDraft,
  ComplaintInput,
  ComplaintOutput,
  ComplaintStep,
} from '../machines/complaint/index.js';
