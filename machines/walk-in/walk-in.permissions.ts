import { A, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The walk-in machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { 'walk-in': { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const walkInPermissions = {
  'VISIT.GREET': A,
  'RECORD.UPDATE': A,
  'REPLY.GIVE': A,
  'VISIT.SOLVE': A,
  'VISIT.CLASSIFY': A,
  'VISIT.FINISH': A,
  'VISIT.CLOSE': A,
  'VISIT.LEAVE': ['agent', 'supervisor', 'customer'],
} as const satisfies PermissionTable;
