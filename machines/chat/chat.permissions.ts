import { A, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The chat machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { chat: { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const chatPermissions = {
  'CUSTOMER.MESSAGE': ['customer', 'system'],
  'AGENT.MESSAGE': A,
  'CHAT.TRANSFER': A,
  'TRANSFER.ACCEPTED': A,
  'TRANSFER.DECLINED': A,
  'CHAT.CLOSE': A,
  'CUSTOMER.LEAVE': ['customer', 'system'],
} as const satisfies PermissionTable;
