export { KefuError, isKefuError } from './kefu-error.js';
export { ValidationError, isValidationError, issuesFromZod, parseOrThrow } from './validation-error.js';
export type { FieldIssue } from './validation-error.js';
export { RefusedError, isRefusedError } from './refused-error.js';
export { PermissionTableConflictError, isPermissionTableConflictError } from './permission-table-conflict-error.js';
