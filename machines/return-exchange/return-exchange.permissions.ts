import { AX, X, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The return-exchange machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { 'return-exchange': { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const returnExchangePermissions = {
  'REQUEST.UPDATE': AX,
  'REQUEST.APPROVE': X,
  'REQUEST.DECLINE': X,
  'REQUEST.WITHDRAW': ['customer', 'agent', 'supervisor', 'afterSales'],
  'ITEM.RECEIVE': X,
  'INSPECTION.RECORD': X,
  'REFUND.ISSUE': X,
  'REFUND.COMPLETE': ['afterSales', 'system'],
  'REPLACEMENT.SHIP': X,
  'TRACKING.UPDATE': ['afterSales', 'system'],
  'REPLY.SEND': AX,
} as const satisfies PermissionTable;
