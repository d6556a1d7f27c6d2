import { Q, type PermissionTable } from '../../src/policy/permissions.js';

/**
 * The quality-audit machine's default permissions (ROLE-PERMIT): event type → the roles that may send it.
 * The machine carries them (`withRolePermit`); a host overrides entries with
 * `definePolicy({ roles: { permissions: { 'quality-audit': { … } } } })`. Who takes which step, and why:
 * src/policy/permissions.ts.
 */
export const qualityAuditPermissions = {
  'SAMPLE.DRAW': Q,
  'RECORD.SCORE': Q,
  'SCORING.COMPLETE': Q,
  'FEEDBACK.RECORD': Q,
  'FEEDBACK.SEND': Q,
  // The audited agent acknowledges their own results (客服确认).
  'FEEDBACK.ACKNOWLEDGE': ['agent'],
  // 质量管理专员…制定培训计划,培训和支持客服人员; the supervisor trains too (指导和培训客服代表).
  'TRAINING.RECORD': ['quality', 'supervisor'],
  'AUDIT.CLOSE': Q,
} as const satisfies PermissionTable;
