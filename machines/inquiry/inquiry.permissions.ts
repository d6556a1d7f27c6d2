import { A, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The inquiry machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { inquiry: { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const inquiryPermissions = {
  'INQUIRY.RECORD': A,
  'INQUIRY.ANSWER': A,
  'INQUIRY.TRANSFER': A,
  'TRANSFER.ACCEPTED': ['agent', 'supervisor', 'afterSales'],
  'TRANSFER.DECLINED': ['agent', 'supervisor', 'afterSales'],
  'FOLLOWUP.PROMISE': A,
  'INQUIRY.CLOSE': A,
} as const satisfies PermissionTable;
