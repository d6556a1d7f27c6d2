import { A, C, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The order machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { order: { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const orderPermissions = {
  'ORDER.UPDATE': A,
  'ORDER.CHECK': A,
  'CUSTOMER.CONFIRM': C,
  'ORDER.CONFIRM': A,
  // 安排产品发货、跟踪订单的进展 are the service department's (客服部), with the carrier's feed.
  'ORDER.SHIP': A,
  'TRACKING.UPDATE': ['agent', 'supervisor', 'system'],
  'ORDER.CANCEL': ['agent', 'supervisor', 'customer'],
} as const satisfies PermissionTable;
