export { builtinRoles, PrincipalSchema, RoleNameSchema, PRINCIPAL_ID_MAX, principalOf } from './principal.js';
export type { Role, Principal, WithPrincipal } from './principal.js';
export { roleName, knownRoles, allowedRoles, checkRolePermit, bindPrincipal, withRolePermit, restrictedEvents, ROLE_GUARD } from './permit.js';
