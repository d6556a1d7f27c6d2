import { A, S, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The customer-data machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { 'customer-data': { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const customerDataPermissions = {
  'AGENTS.SET': S,
  'CATEGORY.OWNER_SET': S,
  'DAY.OPEN': ['agent', 'supervisor', 'system'],
  'RECORD.COLLECT': A,
  'COLLECTION.SUBMIT': A,
  // 资料整理: the supervisor classifies and files the day's records and closes the update.
  'RECORD.FILE': S,
  'UPDATE.CLOSE': S,
  'CUSTOMERS.ASSIGN': S,
  'ASSIGNMENT.SUBMIT': S,
  // 与客户沟通并详细备案: the agent holding the customer, themselves (principal id = agentId,
  // customerDataChecks.checkOwnContact), so a supervisor cannot record it for them.
  'CONTACT.RECORD': ['agent'],
  'DEADLINES.CHECK': ['system', 'agent', 'supervisor'],
} as const satisfies PermissionTable;
