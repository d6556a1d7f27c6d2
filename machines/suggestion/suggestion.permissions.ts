import { A, C, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The suggestion machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { suggestion: { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const suggestionPermissions = {
  'SUGGESTION.UPDATE': A,
  'SUGGESTION.FORWARD': A,
  'DEPARTMENT.RESPOND': A,
  'PROGRESS.RECORD': A,
  'IMPROVEMENT.COMPLETE': A,
  'CUSTOMER.REPLY': A,
  'CUSTOMER.CONFIRM': C,
  'SUGGESTION.CLOSE': A,
} as const satisfies PermissionTable;
