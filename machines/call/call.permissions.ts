import { A, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The call machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { call: { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const callPermissions = {
  'CALL.ANSWER': A,
  'CALL.HANGUP': ['agent', 'supervisor', 'customer', 'system'],
  'RECORD.UPDATE': A,
  'CALLER.IDENTIFY': A,
  'CALL.CLASSIFY': A,
  'REPLY.GIVE': A,
  'CALL.HOLD': A,
  'CALL.RESUME': A,
  'CALL.TRANSFER': A,
  'TRANSFER.ANSWERED': ['agent', 'supervisor', 'afterSales', 'system'],
  'TRANSFER.COMPLETE': A,
  'TRANSFER.DECLINED': ['agent', 'supervisor', 'afterSales', 'system'],
  'TRANSFER.CANCEL': A,
  'CALL.ETA': A,
  'CALL.WRAP_UP': A,
  'WRAPUP.COMPLETE': A,
  'VOICEMAIL.LEFT': ['system', 'agent', 'supervisor'],
  'CALLBACK.DONE': A,
} as const satisfies PermissionTable;
