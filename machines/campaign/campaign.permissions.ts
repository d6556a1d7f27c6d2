import { A, S, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The campaign machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { campaign: { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const campaignPermissions = {
  'LIST.EXTRACT': A,
  'CAMPAIGN.LAUNCH': S,
  'CALL.LOG': A,
  'MONITORING.END': S,
  'ANALYSIS.RECORD': S,
  'SUMMARY.COMPLETE': S,
} as const satisfies PermissionTable;
