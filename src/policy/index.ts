export { PolicySchema, DepartmentSchema, RolesPolicySchema } from './policy.schema.js';
export type { Policy, Department } from './policy.schema.js';
export { defaultPolicy, definePolicy, findDepartment } from './policy.js';
export type { PolicyOverrides } from './policy.js';
export { LimitsSchema, defaultLimits } from './limits.js';
export type { Limits } from './limits.js';
