import type { AnyStateMachine, EventObject } from 'xstate';
import { and, createMachine } from 'xstate';
import type { Policy } from '../policy/policy.schema.js';
import { permissionTableOf, registerPermissionTable, type PermissionTable } from '../policy/permissions.js';
import { ruleGuard } from '../rules/guard.js';
import { violation, type Bilingual, type Violation } from '../rules/violation.js';
import { builtinRoles, principalOf, type Principal } from './principal.js';

const roleNames: Record<string, Bilingual> = {
  agent: { zh: '客服代表', en: 'agent' },
  supervisor: { zh: '客服主管', en: 'supervisor' },
  afterSales: { zh: '售后服务专员', en: 'after-sales specialist' },
  quality: { zh: '质量管理专员', en: 'quality specialist' },
  customer: { zh: '顾客本人', en: 'the customer' },
  system: { zh: '系统', en: 'the system' },
};

/**
 * A role's name in both languages (a host role reads as itself).
 *
 * @example
 * roleName('supervisor').zh //=> '客服主管'
 */
export function roleName(role: string): Bilingual {
  return roleNames[role] ?? { zh: role, en: role };
}

/** Every role the policy knows: the built-in ones and the host's `roles.extraRoles`. */
export function knownRoles(policy: Pick<Policy, 'roles'>): readonly string[] {
  return [...builtinRoles, ...policy.roles.extraRoles];
}

const own = (table: PermissionTable | undefined, key: string): readonly string[] | undefined =>
  table && Object.hasOwn(table, key) ? table[key] : undefined;

/**
 * The roles that may send `eventType` to the machine `machineId` (its permission key, e.g.
 * `return-visit`) under `policy`: the policy's override (`policy.roles.permissions`) if it has
 * one, else the machine's default table, which the machine carries (read once its module is
 * loaded). `undefined` when neither restricts the event (an event the machine raises itself, or a
 * machine that is not loaded).
 *
 * @example
 * allowedRoles(defaultPolicy, 'complaint', 'SUPERVISOR.APPROVE') //=> ['supervisor']
 */
export function allowedRoles(policy: Pick<Policy, 'roles'>, machineId: string, eventType: string): readonly string[] | undefined {
  return own(policy.roles.permissions[machineId], eventType) ?? own(permissionTableOf(machineId), eventType);
}

/**
 * The key of a machine in the permission table: the table is keyed by the machine's folder
 * (`walk-in`, `return-visit`), a chart by its id (`walkIn`, `returnVisit`).
 *
 * @example
 * permissionKey('returnVisitCycle') //=> 'return-visit-cycle'
 */
export function permissionKey(machineId: string): string {
  return machineId.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `客服代表、客服主管或售后服务专员` / `agent, supervisor or after-sales specialist`. */
function either(roles: readonly string[]): Bilingual {
  const zh = roles.map((r) => roleName(r).zh);
  const en = roles.map((r) => roleName(r).en);
  const join = (names: string[], comma: string, or: string) =>
    names.length < 2 ? names.join('') : `${names.slice(0, -1).join(comma)}${or}${names[names.length - 1]}`;
  return { zh: join(zh, '、', '或'), en: join(en, ', ', ' or ') };
}

/**
 * ROLE-PERMIT: whether the event's principal may send it to this machine (a policy without
 * `roles`, e.g. one stored before roles existed, is held to the default table). `undefined` when the
 * policy does not enforce roles, when the table does not restrict the event, or when the
 * principal's role is one the table gives the event; otherwise a violation that names who may
 * take the step ("who is acting is unknown" when the event carries no principal).
 *
 * @example
 * checkRolePermit(defaultPolicy, 'complaint', { type: 'SUPERVISOR.APPROVE', by: { id: 'u-1', role: 'agent' } })?.rule
 * //=> 'ROLE-PERMIT'
 */
export function checkRolePermit(policy: Pick<Policy, 'roles'> | undefined, machineId: string, event: EventObject): Violation | undefined {
  return permitViolation(policy, machineId, event);
}

/**
 * {@link checkRolePermit}, with the machine's own default table when the guard of a machine asks:
 * an event the chart restricts that no table gives to any role is refused, not let through.
 */
function permitViolation(policy: Pick<Policy, 'roles'> | undefined, machineId: string, event: EventObject, defaults?: PermissionTable): Violation | undefined {
  // A case stored before roles were part of the policy is held to the default table, not let off.
  const effective = policy?.roles ? policy : DEFAULT_ROLES;
  if (effective.roles.enforce === false) return undefined;
  const roles = defaults
    ? own(effective.roles.permissions[machineId], event.type) ?? own(defaults, event.type) ?? []
    : allowedRoles(effective, machineId, event.type);
  if (!roles) return undefined;
  const by = principalOf(event);
  if (by && roles.includes(by.role)) return undefined;
  if (roles.length === 0) {
    return violation('ROLE-PERMIT', {
      reason: { zh: `没有岗位可以执行 ${event.type}`, en: `no role may send ${event.type}` },
      details: { eventType: event.type, allowed: [], by: by ? { id: by.id, role: by.role } : null },
    });
  }
  // Only a refusal names who may take the step (the names are built per call: kept off the allowed path).
  const may = either(roles);
  if (!by) {
    return violation('ROLE-PERMIT', {
      reason: {
        zh: `操作人未知;${event.type} 须由${may.zh}执行`,
        en: `who is acting is unknown; ${event.type} is taken by ${may.en}`,
      },
      details: { eventType: event.type, allowed: [...roles], by: null },
    });
  }
  const who = roleName(by.role);
  return violation('ROLE-PERMIT', {
    reason: {
      zh: `${who.zh}不能执行 ${event.type},须由${may.zh}执行`,
      en: `${who.en} may not send ${event.type}; it is taken by ${may.en}`,
    },
    details: { eventType: event.type, allowed: [...roles], by: { id: by.id, role: by.role } },
  });
}

/**
 * ROLE-PERMIT for a step an agent takes about themselves — acknowledging or disputing their own
 * quality audit (客服确认) or monthly assessment: the principal must be that agent, i.e. the
 * principal's id is `agentId`, the id the records name the agent by (the host's user id; kefu
 * compares the two, it never looks either up). Which *roles* may take the step is the table's
 * business ({@link checkRolePermit}); this check adds *who*. `undefined` when the policy does not
 * enforce roles (the opt-out gives this up too) or when the principal is the agent; otherwise a
 * violation naming the agent and the principal (`details.field: 'agentId'`).
 *
 * Kept out of the root entry: the machines use it through their rule checks
 * (`qualityAuditChecks.checkOwnAcknowledgement`, `monthlyAssessmentChecks.checkOwnResponse`,
 * `customerDataChecks.checkOwnContact` — an agent records their own contact with a customer).
 *
 * @example
 * checkActsForSelf(defaultPolicy, { type: 'FEEDBACK.ACKNOWLEDGE', by: { id: 'A2', role: 'agent' } }, 'A1', { zh: '确认审核结果', en: 'acknowledge the audit results' })?.rule
 * //=> 'ROLE-PERMIT'
 */
export function checkActsForSelf(policy: Pick<Policy, 'roles'> | undefined, event: EventObject, agentId: string, step: Bilingual): Violation | undefined {
  const effective = policy?.roles ? policy : DEFAULT_ROLES;
  if (effective.roles.enforce === false) return undefined;
  const by = principalOf(event);
  if (by?.id === agentId) return undefined;
  return violation('ROLE-PERMIT', {
    reason: by
      ? {
          zh: `只有客服 ${agentId} 本人可以${step.zh},操作人是 ${by.id}`,
          en: `only agent ${agentId} may ${step.en} for themselves; the principal is ${by.id}`,
        }
      : {
          zh: `操作人未知;只有客服 ${agentId} 本人可以${step.zh}`,
          en: `who is acting is unknown; only agent ${agentId} may ${step.en} for themselves`,
        },
    details: { field: 'agentId', eventType: event.type, agentId, by: by ? { id: by.id, role: by.role } : null },
  });
}

/**
 * Put the host's principal on an event. An event that already carries a different `by` is
 * refused (a payload must never speak for someone other than the session's user): the result
 * holds the violation instead of the event.
 */
export function bindPrincipal<E extends EventObject>(
  event: E,
  by: Principal | undefined,
): { readonly event: E; readonly violation?: undefined } | { readonly event?: undefined; readonly violation: Violation } {
  if (by === undefined) return { event };
  const own = (event as { by?: unknown }).by;
  if (own !== undefined) {
    const p = principalOf(event);
    // Not a principal at all: left for the event's validation to name (`by` is malformed).
    if (!p) return { event };
    if (p.id !== by.id || p.role !== by.role) {
      return {
        violation: violation('ROLE-PERMIT', {
          reason: {
            zh: '事件中的操作人与会话中的操作人不一致',
            en: "the event's own `by` disagrees with the principal the host gave",
          },
          details: { field: 'by', eventType: event.type },
        }),
      };
    }
    return { event };
  }
  return { event: { ...event, by: { id: by.id, role: by.role } } };
}

/**
 * The events a machine's default table restricts (all it takes from outside), by the machine's
 * permission key; empty for a machine that is not loaded or has no table.
 *
 * @example
 * restrictedEvents('complaint').includes('SUPERVISOR.APPROVE') //=> true
 */
export function restrictedEvents(machineId: string): readonly string[] {
  const table = permissionTableOf(machineId);
  return table ? Object.keys(table) : [];
}

// The policy's table holds only overrides: without any, every machine's default table applies.
const DEFAULT_ROLES: Pick<Policy, 'roles'> = { roles: { enforce: true, extraRoles: [], permissions: {} } };

/** Name of the guard {@link withRolePermit} adds to every restricted transition. */
export const ROLE_GUARD = 'isPermittedRole';

type TransitionLike = string | { guard?: unknown; [k: string]: unknown } | undefined;

function guarded(t: TransitionLike): TransitionLike {
  if (t === undefined) return { guard: ROLE_GUARD };
  const obj: { guard?: unknown; [k: string]: unknown } = typeof t === 'string' ? { target: t } : { ...t };
  const own = obj.guard;
  const combined = typeof own === 'function' ? (own as { name: string; guards?: unknown }) : undefined;
  // and(isPermittedRole, isA, isB) rather than and(isPermittedRole, and(isA, isB)): reads better in the inspector.
  const parts = combined?.name === 'and' && Array.isArray(combined.guards) ? combined.guards : own === undefined ? [] : [own];
  obj.guard = parts.length === 0 ? ROLE_GUARD : and([ROLE_GUARD, ...(parts as never[])]);
  return obj;
}

interface StateConfigLike {
  on?: Record<string, TransitionLike | TransitionLike[]>;
  states?: Record<string, StateConfigLike>;
  [k: string]: unknown;
}

function guardStates(state: StateConfigLike, restricted: ReadonlySet<string>): StateConfigLike {
  const out: StateConfigLike = { ...state };
  if (state.on) {
    out.on = Object.fromEntries(
      Object.entries(state.on).map(([type, ts]) => {
        if (!restricted.has(type)) return [type, ts];
        return [type, Array.isArray(ts) ? ts.map(guarded) : guarded(ts)];
      }),
    );
  }
  if (state.states) {
    out.states = Object.fromEntries(Object.entries(state.states).map(([k, s]) => [k, guardStates(s, restricted)]));
  }
  return out;
}

/**
 * Make ROLE-PERMIT part of a machine's chart, with the machine's default permissions (event type →
 * the roles that may send it): every transition taken on one of the table's events gets the rule
 * guard `isPermittedRole` (combined with its own guard by `and`), which reads the roles from the
 * context's `policy` (a host's override) or else from this table, and the principal from
 * `event.by`. So `actor.send` straight to the actor, XState's `transition()` and `snapshot.can()`
 * all refuse a step from a role outside the table; {@link explain} reports it as ROLE-PERMIT.
 * Events the machine raises itself and delayed transitions are left alone (they are the system's).
 *
 * The table is also recorded under the machine's permission key (its id in kebab case), so
 * {@link allowedRoles} and {@link restrictedEvents} read it and `definePolicy` checks a host's
 * overrides of it (`roles.permissions['my-process']`) against its event names.
 *
 * The machine's context must hold the policy as `context.policy`. Implementations given later
 * with `.provide()` keep the guard unless the host replaces `isPermittedRole` by name.
 *
 * One table per permission key: a machine whose key already holds a *different* table (another
 * machine with the same id, or one of kefu's ids) is refused, the table already registered staying
 * in force. The same table again — the machine's module loaded twice, as by the ESM and the CJS
 * build side by side — is accepted: tables are compared by content (the order of an event's roles aside).
 *
 * @throws {PermissionTableConflictError} When the machine's permission key holds a different table (`key`, `events` say which).
 *
 * @example
 * export const myMachine = withRolePermit(setup({ ... }).createMachine({ id: 'my-process', ... }), { 'MY.APPROVE': ['supervisor'] });
 */
export function withRolePermit<M extends AnyStateMachine>(machine: M, permissions: PermissionTable): M {
  const machineId = permissionKey(machine.id);
  registerPermissionTable(machineId, permissions);
  const restricted = new Set(Object.keys(permissions));
  const config = guardStates(machine.config as StateConfigLike, restricted);
  const implementations = machine.implementations as { guards: Record<string, unknown> };
  const guard = ruleGuard<{ policy?: Pick<Policy, 'roles'> }, EventObject>('ROLE-PERMIT', ({ context, event }) =>
    permitViolation(context?.policy, machineId, event, permissions),
  );
  return createMachine(config as never, {
    ...implementations,
    guards: { ...implementations.guards, [ROLE_GUARD]: guard },
  } as never) as unknown as M;
}
