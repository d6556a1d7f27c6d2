export { PolicySchema, DepartmentSchema, RolesPolicySchema } from './policy.schema.js';
export type { Policy, Department } from './policy.schema.js';
export { defaultPolicy, definePolicy, findDepartment } from './policy.js';
export type { PolicyOverrides } from './policy.js';
export { defaultPermissions } from './permissions.js';
