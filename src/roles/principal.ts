import * as z from 'zod/mini';

/**
 * The roles of the documents' 各岗位工作流程, plus the customer and the system:
 * - `agent` — 客户服务代表 / 客服专员: takes contacts, records them, handles the case;
 * - `supervisor` — 客服主管 / 主管领导: approves remedies, files the statistics, assigns customer files, assesses staff;
 * - `afterSales` — 售后服务专员: decides and inspects returns and exchanges;
 * - `quality` — 质量管理专员: runs quality audits;
 * - `customer` — the customer: signs, accepts, acknowledges, disputes;
 * - `system` — the machines' own timers and the host's integrations (telephony, mail gateway).
 */
export const builtinRoles = ['agent', 'supervisor', 'afterSales', 'quality', 'customer', 'system'] as const;

/** A role of the documents; hosts add their own through `definePolicy({ roles: { extraRoles } })`. */
export type Role = (typeof builtinRoles)[number];

/** Longest principal id kefu accepts (ids are the host's user ids, not free text). */
export const PRINCIPAL_ID_MAX = 128;

const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const ROLE_NAME_MAX = 64;

/** Schema of a role name: a built-in role or a host role (letters, digits, `-` and `_`). */
export const RoleNameSchema = z.string().check(
  z.minLength(1, 'a role is needed'),
  z.maxLength(ROLE_NAME_MAX, `a role name is at most ${ROLE_NAME_MAX} characters`),
  z.regex(ROLE_NAME, 'a role name starts with a letter and holds letters, digits, - or _'),
);

/**
 * Who takes a step: the host's authenticated user (or the system), never a name from a payload
 * the customer controls. `id` is the host's own user id; kefu records it and compares it (four
 * eyes: the approver is not the author), it never looks it up.
 */
export const PrincipalSchema = z.strictObject({
  /** The host's id of the acting user, e.g. `u-1042`. */
  id: z.string().check(
    z.trim(),
    z.minLength(1, 'a principal id is needed'),
    z.maxLength(PRINCIPAL_ID_MAX, `a principal id is at most ${PRINCIPAL_ID_MAX} characters`),
  ),
  /** The acting user's role: one of {@link builtinRoles} or a role the policy adds. */
  role: RoleNameSchema,
});

/**
 * `PrincipalSchema`'s output for a `by` that is already exactly a principal — a plain object whose
 * only own keys are `id` and `role`, an id with nothing to trim of 1 to {@link PRINCIPAL_ID_MAX}
 * characters, a valid role name — without zod; `undefined` for anything else, which the schema then
 * parses (and names what is wrong). What every event sent with `by` carries, checked cheaply.
 * Internal to kefu.
 */
export function exactPrincipal(by: unknown): Principal | undefined {
  if (typeof by !== 'object' || by === null || Object.getPrototypeOf(by) !== Object.prototype) return undefined;
  const keys = Object.keys(by);
  if (keys.length !== 2 || Object.getOwnPropertyNames(by).length !== 2 || Object.getOwnPropertySymbols(by).length !== 0) return undefined;
  if (!((keys[0] === 'id' && keys[1] === 'role') || (keys[0] === 'role' && keys[1] === 'id'))) return undefined;
  const { id, role } = by as { id: unknown; role: unknown };
  if (typeof id !== 'string' || id.length < 1 || id.length > PRINCIPAL_ID_MAX || id.trim() !== id) return undefined;
  if (typeof role !== 'string' || role.length < 1 || role.length > ROLE_NAME_MAX || !ROLE_NAME.test(role)) return undefined;
  return { id, role };
}

/** Who takes a step: `{ id, role }`. */
export interface Principal {
  /** The host's id of the acting user. */
  readonly id: string;
  /** The acting user's role. */
  readonly role: Role | (string & {});
}

/**
 * An event as a machine sees it: the event's own fields and the principal who sent it (`by`),
 * set by the host from its session (`send(actor, event, { by })`) — never by the end customer.
 */
export type WithPrincipal<E> = E extends unknown ? E & { readonly by?: Principal } : never;

/** The principal of an event, if it carries one. */
export function principalOf(event: unknown): Principal | undefined {
  const by = (event as { by?: unknown } | null | undefined)?.by;
  return by && typeof by === 'object' && typeof (by as Principal).role === 'string' ? (by as Principal) : undefined;
}
