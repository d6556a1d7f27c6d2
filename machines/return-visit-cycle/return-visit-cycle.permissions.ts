import { A, S, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The return-visit-cycle machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { 'return-visit-cycle': { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const returnVisitCyclePermissions = {
  'CUSTOMERS.SELECT': A,
  'AGENTS.ASSIGN': S,
  'VISIT.REISSUE': S,
  // A visit case's outcome, delivered from its own end by the host's outbox worker.
  'VISIT.OUTCOME': ['system'],
  'VISIT.FAILED': ['system'],
  'CONTACT.CLOSE': A,
  'REPORT.WRITE': A,
  'CYCLE.ARCHIVE': A,
} as const satisfies PermissionTable;
