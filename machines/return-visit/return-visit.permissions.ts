import { A, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The return-visit machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { 'return-visit': { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const returnVisitPermissions = {
  'VISIT.START': A,
  'VISIT.CANCEL': A,
  'CALL.ANSWER': ['agent', 'supervisor', 'system'],
  'CALL.NO_ANSWER': ['agent', 'supervisor', 'system'],
  'CALL.BUSY': ['agent', 'supervisor', 'system'],
  'CALL.DROPPED': ['agent', 'supervisor', 'system'],
  'IDENTITY.CONFIRM': A,
  'IDENTITY.WRONG_PERSON': A,
  'CALLBACK.BOOK': A,
  'SATISFACTION.ANSWER': A,
  'SUGGESTION.RECORD': A,
  'ASPECT.RECORD': A,
  'CALL.END': A,
  'CUSTOMER.OPT_OUT': ['agent', 'supervisor', 'customer'],
  'SMS.REPLY': ['customer', 'system'],
  'RECORD.UPDATE': A,
  'RECORD.SUBMIT': A,
} as const satisfies PermissionTable;
