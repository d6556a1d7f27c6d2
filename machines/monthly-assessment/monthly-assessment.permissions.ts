import { S, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The monthly-assessment machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { 'monthly-assessment': { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const monthlyAssessmentPermissions = {
  // 定期审核和评估客户服务代表的工作绩效: the supervisor drafts, shares and publishes.
  'ASSESSMENT.DRAFT': S,
  'ASSESSMENT.SHARE': S,
  // Each agent sees their own result and acknowledges or objects.
  'ASSESSMENT.ACKNOWLEDGE': ['agent'],
  'ASSESSMENT.OBJECT': ['agent'],
  'ASSESSMENT.PUBLISH': S,
} as const satisfies PermissionTable;
