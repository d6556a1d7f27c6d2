import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';
import { ValidationError, type FieldIssue } from '../errors/validation-error.js';
import { PRINCIPAL_ID_MAX, RoleNameSchema } from '../roles/principal.js';
import { toEpoch, toIso, type Instant } from '../time/instant.js';
import type { CaseEnvelope } from './envelope.types.js';
import { nextDue } from './timers.js';

/**
 * Worklists (a CRM's first screen: "my open cases, overdue first"). Each machine declares what it
 * projects of a case — who holds it, which role's queue it waits in, its next due time, a priority,
 * whether the customer is a member — and the store keeps those fields beside the case, written in
 * the same transaction, so a worklist is one indexed query instead of a scan of every envelope.
 */

/** What a machine projects of a case for worklists, computed from its snapshot on every write. */
export interface WorklistFields {
  /** The user id holding the case (agent, supervisor…), or `null` when nobody does. */
  readonly assignee?: string | null;
  /**
   * The role whose queue the case waits in (`agent`, `supervisor`, `afterSales`…), or `null`. The
   * runtime stores `null` for a case in a final state, whatever the projection returns.
   */
  readonly role?: string | null;
  /**
   * The case's next due time (its current deadline; may have passed: the case is then overdue).
   * `undefined` falls back to the earliest pending timer; `null` means no deadline. The runtime
   * stores `null` for a case in a final state, whatever the projection returns.
   */
  readonly nextDueAt?: Instant | null;
  /** An integer, higher is more urgent (e.g. escalations so far). @default 0 */
  readonly priority?: number | null;
  /** Whether the customer is a member (会员). `null` when the machine does not know. */
  readonly member?: boolean | null;
}

/**
 * A machine's worklist projection: a pure function of its snapshot. kefu's machines declare theirs
 * (registered with the machine); give your own to `defineMachine(m, { worklist })`. It need not
 * handle final states: the runtime clears `role` and `nextDueAt` of a case that is done.
 *
 * @example
 * const ticket = defineMachine(ticketMachine, {
 *   worklist: (s) => ({ assignee: s.context.owner ?? null, role: 'agent', nextDueAt: s.context.dueAt ?? null }),
 * });
 */
export type WorklistProjection<TSnapshot = AnyMachineSnapshot> = (snapshot: TSnapshot) => WorklistFields;

/**
 * What the store keeps per case for worklists: the machine's fields, normalized, with the state
 * paths and the opening time. Written by the runtime with every create and save.
 */
export interface CaseProjection {
  readonly assignee: string | null;
  readonly role: string | null;
  /** ISO-8601 UTC, or `null`. */
  readonly nextDueAt: string | null;
  readonly priority: number;
  readonly member: boolean | null;
  /** Every active state and its ancestors as dotted paths (`propose`, `propose.approval`). */
  readonly states: readonly string[];
  /** When the case was opened (the host's clock), ISO-8601 UTC. */
  readonly openedAt: string;
}

/** Which cases by their status: `active` (open, the default), `done` (reached a final state) or `any`. */
export type WorklistStatus = 'active' | 'done' | 'any';

/**
 * The order of a worklist. `due`: next due time ascending (overdue first, cases without one last).
 * `priority`: priority descending (most urgent first), then as `due`. The case id (by code point)
 * breaks ties in both.
 */
export type WorklistOrder = 'due' | 'priority';

/** A worklist query: every filter given must hold (AND). */
export interface WorklistQuery {
  /** Only cases of this machine id (e.g. `complaint`). */
  readonly machine?: string;
  /**
   * Only cases in this state — nested states included: `propose` matches `propose.approval`. Dotted
   * paths from the root (`propose.approval`). Needs `machine` to check the state exists.
   */
  readonly state?: string;
  /** Only cases held by this user id. `null`: only cases nobody holds. */
  readonly assignee?: string | null;
  /** Only cases waiting in this role's queue (`supervisor`, `afterSales`…). */
  readonly role?: string;
  /** Only cases whose next due time is at or before this instant: overdue at that time. */
  readonly overdueAt?: Instant;
  /** Only cases with a next due time strictly before this instant (overdue ones included). */
  readonly dueBefore?: Instant;
  /** Only cases of member customers (`true`) or of non-members (`false`). */
  readonly member?: boolean;
  /** Only cases opened at or after this instant. */
  readonly from?: Instant;
  /** Only cases opened strictly before this instant. */
  readonly to?: Instant;
  /** By status. @default 'active' */
  readonly status?: WorklistStatus;
  /** The order: by due time, or by priority then due time. @default 'due' */
  readonly order?: WorklistOrder;
  /** Page size, 1–500. @default 50 */
  readonly limit?: number;
  /** The `next` cursor of the previous page (opaque). */
  readonly after?: string;
}

/** A query checked and normalized, as the runtime hands it to {@link CaseStore.worklist}: times as epoch ms. */
export interface WorklistFilter {
  readonly machine?: string;
  readonly state?: string;
  readonly assignee?: string | null;
  readonly role?: string;
  readonly overdueAt?: number;
  readonly dueBefore?: number;
  readonly member?: boolean;
  readonly from?: number;
  readonly to?: number;
  readonly status: WorklistStatus;
  /** The order of the rows (see {@link WorklistOrder}). */
  readonly order: WorklistOrder;
  /** Rows to return: the page size plus one (to know whether there is a next page). */
  readonly take: number;
  /** Start strictly after this position in the order (its `priority` is set when the order is `priority`). */
  readonly after?: WorklistPosition;
}

/**
 * A position in a worklist order: due time (epoch ms, `null` for none: those come last) then case
 * id — after the priority (descending) when the order is `priority`.
 */
export interface WorklistPosition {
  readonly due: number | null;
  readonly caseId: string;
  /** The priority, in the `priority` order only. */
  readonly priority?: number;
}

/** A case as a store lists it for a worklist. */
export interface WorklistRow extends CaseProjection {
  readonly caseId: string;
  readonly machine: string;
  /** The row version (optimistic concurrency). */
  readonly version: number;
  readonly status: string;
  /** The state value. */
  readonly value: StateValue;
  /** When the case was last written, ISO-8601 UTC. */
  readonly updatedAt: string;
}

/** One line of a worklist. */
export interface WorklistItem extends WorklistRow {
  /** Whether its next due time has passed (at `overdueAt`, else the runtime's clock). */
  readonly overdue: boolean;
}

/**
 * A page of a worklist, in the query's order: overdue first, then by due time (none last), the case
 * id breaking ties — after the priority (highest first) with `order: 'priority'`.
 */
export interface WorklistPage {
  readonly items: readonly WorklistItem[];
  /** Pass as `after` for the next page; `undefined` on the last one. */
  readonly next: string | undefined;
}

/** Default and largest page size of {@link WorklistQuery.limit}. */
export const WORKLIST_PAGE = { default: 50, max: 500 } as const;

const STATUSES: readonly WorklistStatus[] = ['active', 'done', 'any'];
const ORDERS: readonly WorklistOrder[] = ['due', 'priority'];
const QUERY_KEYS = new Set(['machine', 'state', 'assignee', 'role', 'overdueAt', 'dueBefore', 'member', 'from', 'to', 'status', 'order', 'limit', 'after']);
const CURSOR_PREFIX = 'wl1.';
/** The largest priority a projection may give (PostgreSQL's `integer`). */
const PRIORITY_MAX = 2 ** 31 - 1;

/** Every active state of a value and its ancestors, as dotted paths from the root. */
export function statePaths(value: StateValue): string[] {
  const out: string[] = [];
  const walk = (v: StateValue, prefix: string) => {
    if (typeof v === 'string') {
      out.push(prefix ? `${prefix}.${v}` : v);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push(path);
      if (child !== undefined) walk(child as StateValue, path);
    }
  };
  walk(value, '');
  return out;
}

/** Whether `path` (dotted, from the root) names a state of the machine. */
function hasState(machine: AnyStateMachine, path: string): boolean {
  let node: { states: Record<string, unknown> } = machine.root as unknown as { states: Record<string, unknown> };
  for (const key of path.split('.')) {
    const child = node.states?.[key];
    if (!child) return false;
    node = child as typeof node;
  }
  return true;
}

const fail = (field: string, message: string): FieldIssue => ({ path: field, message });

/** Encode a position as an opaque cursor (with the priority when the position has one). */
export function encodeCursor(position: WorklistPosition): string {
  const json = JSON.stringify(position.priority === undefined ? [position.due, position.caseId] : [position.due, position.caseId, position.priority]);
  return CURSOR_PREFIX + base64url(json);
}

function decodeCursor(cursor: unknown): WorklistPosition | undefined {
  if (typeof cursor !== 'string' || !cursor.startsWith(CURSOR_PREFIX) || cursor.length > 2048) return undefined;
  try {
    const parsed = JSON.parse(fromBase64url(cursor.slice(CURSOR_PREFIX.length))) as unknown;
    if (!Array.isArray(parsed) || (parsed.length !== 2 && parsed.length !== 3)) return undefined;
    const [due, caseId, priority] = parsed as [unknown, unknown, unknown];
    if (typeof caseId !== 'string') return undefined;
    if (due !== null && (typeof due !== 'number' || !Number.isSafeInteger(due))) return undefined;
    if (parsed.length === 2) return { due, caseId };
    if (typeof priority !== 'number' || !Number.isSafeInteger(priority) || Math.abs(priority) > PRIORITY_MAX) return undefined;
    return { due, caseId, priority };
  } catch {
    return undefined;
  }
}

// UTF-8 safe base64url without Buffer (the runtime also runs in browsers).
function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * Check a worklist query against the machines the runtime knows and normalize it; every bad field
 * is named.
 * @throws {ValidationError} When a filter is malformed or names an unknown machine or state.
 */
export function worklistFilter(query: WorklistQuery, machines: ReadonlyMap<string, { readonly machine: AnyStateMachine }>): WorklistFilter {
  const issues: FieldIssue[] = [];
  if (query === null || typeof query !== 'object' || Array.isArray(query)) throw new ValidationError('worklist query', [fail('', 'must be an object')]);
  for (const key of Object.keys(query)) if (!QUERY_KEYS.has(key)) issues.push(fail(key, 'unknown filter'));
  const q = query as Record<string, unknown>;
  const instant = (field: string): number | undefined => {
    const v = q[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') {
      issues.push(fail(field, 'must be an ISO-8601 instant or epoch ms'));
      return undefined;
    }
    try {
      return toEpoch(v, field);
    } catch {
      issues.push(fail(field, `not a valid instant: ${JSON.stringify(v)}`));
      return undefined;
    }
  };
  const out: { -readonly [K in keyof WorklistFilter]?: WorklistFilter[K] } = {};
  if (q.machine !== undefined) {
    if (typeof q.machine !== 'string' || !machines.has(q.machine)) {
      issues.push(fail('machine', `unknown machine ${JSON.stringify(q.machine)}; the runtime knows ${[...machines.keys()].map((k) => `"${k}"`).join(', ')}`));
    } else out.machine = q.machine;
  }
  if (q.state !== undefined) {
    if (typeof q.state !== 'string' || q.state === '' || q.state.length > 512) issues.push(fail('state', 'must be a dotted state path, e.g. "propose.approval"'));
    else if (q.machine === undefined) issues.push(fail('state', 'needs `machine`: a state is looked up in its machine'));
    else if (out.machine !== undefined && !hasState(machines.get(out.machine)!.machine, q.state)) {
      issues.push(fail('state', `machine "${out.machine}" has no state "${q.state}"`));
    } else out.state = q.state;
  }
  if (q.assignee !== undefined) {
    if (q.assignee !== null && (typeof q.assignee !== 'string' || q.assignee.trim() === '' || q.assignee.length > PRINCIPAL_ID_MAX)) {
      issues.push(fail('assignee', `must be a user id (1–${PRINCIPAL_ID_MAX} characters) or null`));
    } else out.assignee = q.assignee as string | null;
  }
  if (q.role !== undefined) {
    const r = RoleNameSchema.safeParse(q.role);
    if (!r.success) issues.push(fail('role', r.error.issues[0]?.message ?? 'not a role name'));
    else out.role = r.data;
  }
  for (const field of ['overdueAt', 'dueBefore', 'from', 'to'] as const) {
    const v = instant(field);
    if (v !== undefined) out[field] = v;
  }
  if (out.from !== undefined && out.to !== undefined && out.from > out.to) issues.push(fail('to', 'must not be before `from`'));
  if (q.member !== undefined) {
    if (typeof q.member !== 'boolean') issues.push(fail('member', 'must be true or false'));
    else out.member = q.member;
  }
  const status = q.status ?? 'active';
  if (!STATUSES.includes(status as WorklistStatus)) issues.push(fail('status', `must be one of ${STATUSES.join(', ')}`));
  const order = q.order ?? 'due';
  if (!ORDERS.includes(order as WorklistOrder)) issues.push(fail('order', `must be one of ${ORDERS.join(', ')}`));
  const limit = q.limit ?? WORKLIST_PAGE.default;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > WORKLIST_PAGE.max) {
    issues.push(fail('limit', `must be an integer from 1 to ${WORKLIST_PAGE.max}`));
  }
  if (q.after !== undefined) {
    const position = decodeCursor(q.after);
    if (!position) issues.push(fail('after', 'not a cursor of this worklist (pass the `next` of the previous page)'));
    else if ((position.priority !== undefined) !== (order === 'priority')) issues.push(fail('after', 'a cursor of another order (pass the `next` of the previous page of the same query)'));
    else out.after = position;
  }
  if (issues.length > 0) throw new ValidationError('worklist query', issues);
  return { ...out, status: status as WorklistStatus, order: order as WorklistOrder, take: (limit as number) + 1 } as WorklistFilter;
}

/** Cut the `take` rows a store returned into a page. */
export function toWorklistPage(rows: readonly WorklistRow[], filter: WorklistFilter, now: number): WorklistPage {
  const limit = filter.take - 1;
  const page = rows.slice(0, limit);
  const at = filter.overdueAt ?? now;
  const items = page.map((r) => ({ ...r, overdue: r.nextDueAt !== null && toEpoch(r.nextDueAt) <= at }));
  const last = page[page.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor(positionOf(last, last.nextDueAt === null ? null : toEpoch(last.nextDueAt), filter.order)) : undefined };
}

/** A row's position in an order. */
export function positionOf(row: Pick<WorklistRow, 'caseId' | 'priority'>, due: number | null, order: WorklistOrder): WorklistPosition {
  return order === 'priority' ? { due, caseId: row.caseId, priority: row.priority } : { due, caseId: row.caseId };
}

/** Compare strings by Unicode code point (PostgreSQL's `COLLATE "C"` on UTF-8), not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every other BMP unit in code point order.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** The worklist order of two positions: priority descending (when both have one), due time ascending (none last), then case id. */
export function comparePositions(a: WorklistPosition, b: WorklistPosition): number {
  if (a.priority !== undefined && b.priority !== undefined && a.priority !== b.priority) return b.priority - a.priority;
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due - b.due;
  }
  return compareCodePoints(a.caseId, b.caseId);
}

/**
 * Whether a stored row passes a filter (the in-memory store's test of each row it reads; PostgreSQL
 * runs the same in SQL). `opened` is the row's `openedAt` in epoch ms, when the caller keeps it.
 */
export function matchesWorklist(row: WorklistRow, due: number | null, filter: WorklistFilter, opened = toEpoch(row.openedAt)): boolean {
  if (filter.status !== 'any' && row.status !== filter.status) return false;
  if (filter.machine !== undefined && row.machine !== filter.machine) return false;
  if (filter.state !== undefined && !row.states.includes(filter.state)) return false;
  if (filter.assignee !== undefined && row.assignee !== filter.assignee) return false;
  if (filter.role !== undefined && row.role !== filter.role) return false;
  if (filter.member !== undefined && row.member !== filter.member) return false;
  if (filter.overdueAt !== undefined && (due === null || due > filter.overdueAt)) return false;
  if (filter.dueBefore !== undefined && (due === null || due >= filter.dueBefore)) return false;
  if (filter.from !== undefined && opened < filter.from) return false;
  if (filter.to !== undefined && opened >= filter.to) return false;
  if (filter.after !== undefined && comparePositions(positionOf(row, due, filter.order), filter.after) <= 0) return false;
  return true;
}

/**
 * A projection's fields as the runtime takes them: what it returns, with `role` and `nextDueAt`
 * `null` for a case in a final state — decided here once, not in each machine's projection. Internal.
 */
export function worklistFields(project: WorklistProjection | undefined, snapshot: AnyMachineSnapshot): WorklistFields {
  const fields = project ? project(snapshot) : {};
  return snapshot.status === 'done' ? { ...fields, role: null, nextDueAt: null } : fields;
}

/**
 * The projection of a case written with an envelope: the machine's fields (validated; a broken
 * projection is a bug in it and nothing is written), the state paths and the opening time. A case in
 * a final state (XState status `done`) gets `role` and `nextDueAt` `null` whatever the projection
 * says: it waits in no queue and is never overdue.
 * @throws {TypeError} When the projection returns a malformed field (named).
 */
export function projectCase(
  project: WorklistProjection | undefined,
  snapshot: AnyMachineSnapshot,
  envelope: Pick<CaseEnvelope, 'machine' | 'timers'>,
  openedAt: string,
): CaseProjection {
  const fields = worklistFields(project, snapshot);
  const where = `worklist projection of "${envelope.machine}"`;
  const text = (field: 'assignee' | 'role', max: number): string | null => {
    const v = fields[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v === '' || v.length > max) throw new TypeError(`${where}: ${field} must be a non-empty string of at most ${max} characters or null`);
    return v;
  };
  let due: string | null;
  if (fields.nextDueAt === undefined) due = nextDue(envelope.timers) ?? null;
  else if (fields.nextDueAt === null) due = null;
  else {
    try {
      due = toIso(fields.nextDueAt, 'nextDueAt');
    } catch {
      throw new TypeError(`${where}: nextDueAt must be an instant or null, got ${JSON.stringify(fields.nextDueAt)}`);
    }
  }
  const priority = fields.priority ?? 0;
  if (!Number.isSafeInteger(priority) || Math.abs(priority) > PRIORITY_MAX) throw new TypeError(`${where}: priority must be an integer`);
  const member = fields.member ?? null;
  if (member !== null && typeof member !== 'boolean') throw new TypeError(`${where}: member must be a boolean or null`);
  return {
    assignee: text('assignee', PRINCIPAL_ID_MAX),
    role: text('role', 64),
    nextDueAt: due,
    priority,
    member,
    states: statePaths(snapshot.value),
    openedAt,
  };
}
