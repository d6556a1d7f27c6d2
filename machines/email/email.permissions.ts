import { A, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The email machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { email: { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const emailPermissions = {
  'MAIL.TRIAGE': A,
  'REPLY.SEND': A,
  'INFO.REQUEST': A,
  'CUSTOMER.REPLY': ['customer', 'system'],
  'MAIL.CLOSE': A,
} as const satisfies PermissionTable;
