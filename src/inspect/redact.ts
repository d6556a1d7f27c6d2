import type { AnyActorLogic, InspectionEvent } from 'xstate';
import { isRuleId } from '../rules/catalogue.js';
import { actionLabel, guardLabel } from '../catalog/introspect.js';

/**
 * PRIVACY (做好客户信息保密工作): what leaves the host app about a running machine is built by
 * allow-list, never by removing what looks sensitive. This file has no dependency on
 * `@statelyai/inspect`, so logs and exports can use the same rule.
 *
 * What passes:
 * - state values, tags, event types, actor ids/names, the snapshot status;
 * - rule IDs of the catalogue (`RV-QUIET`), ISO-8601 date-times (deadlines are data), booleans
 *   and null, and object keys that read as identifiers;
 * - the machine definition (the chart: states, descriptions, named guards and actions), with
 *   any literal `context` or `input` in it redacted;
 * - paths the host allows explicitly (`allow`).
 *
 * Everything else — every other string (names, phones, addresses, free text) and every number
 * (a phone or an amount can be a number) — becomes `'[redacted]'`, keeping the shape so the
 * inspector still shows which fields are filled in. Child actors' `input` and `output` go
 * through the same rule; `@statelyai/inspect`'s `sanitizeContext`/`sanitizeEvent` do not see
 * them (the reason this module exists).
 */

/** What a redacted value becomes. */
export const REDACTED = '[redacted]';

/** Options of the redaction. */
export interface RedactionOptions {
  /**
   * Paths whose values pass unredacted, with `*` for one segment, e.g. `context.step`,
   * `context.deadlines`, `event.department`, `output.caseId`. A path lets its whole subtree
   * through. Roots: `context` and `output` (snapshots), `event` (fields of events, including
   * `event.input` of `xstate.init` and `event.output` of done events), `action` (params of
   * actions). Allow only fields that cannot hold personal data. @default []
   */
  readonly allow?: readonly string[];
  /**
   * Clock for `createdAt` of events converted from XState (the inspector orders by it).
   * @default Date.now
   */
  readonly now?: () => number;
}

/** A redacted snapshot: only the fields the inspector needs. */
export interface RedactedSnapshot {
  readonly status?: 'active' | 'done' | 'error' | 'stopped';
  readonly value?: unknown;
  readonly tags?: readonly string[];
  readonly context?: unknown;
  readonly output?: unknown;
  readonly error?: unknown;
}

/** A redacted event: its type, and its other fields redacted. */
export interface RedactedEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

interface Base {
  readonly sessionId: string;
  readonly rootId?: string;
  readonly id: string | null;
  readonly createdAt: string;
  readonly _version?: string;
}

/**
 * An inspection event after redaction. The three kinds the Stately inspector shows keep its
 * wire shape (`@statelyai/inspect`'s `StatelyInspectionEvent`); XState's microstep and action
 * events, useful in logs, are reduced to their names.
 */
export type RedactedInspectionEvent =
  | (Base & { readonly type: '@xstate.actor'; readonly name: string; readonly parentId?: string; readonly definition?: string; readonly snapshot: RedactedSnapshot })
  | (Base & { readonly type: '@xstate.event'; readonly event: RedactedEvent; readonly sourceId?: string })
  | (Base & { readonly type: '@xstate.snapshot'; readonly event: RedactedEvent; readonly snapshot: RedactedSnapshot })
  | (Base & { readonly type: '@xstate.microstep'; readonly event: RedactedEvent; readonly value?: unknown; readonly transitions: readonly { readonly eventType: string; readonly target: readonly string[] }[] })
  | (Base & { readonly type: '@xstate.action'; readonly action: RedactedEvent });

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]{0,63}$/;
// Actor ids: XState's (`x:12`), invoke ids (`0.complaint.register`), ids from code or case ids
// (`visit-C-2026-0001`). No spaces, `+`, `@` or CJK, and no long digit run (a phone number).
const ACTOR_ID = /^[\w$][\w$.:\-[\]#]{0,127}$/;
const LONG_DIGITS = /\d{7,}/;
const MAX_DEPTH = 16;

type Matcher = (path: readonly string[]) => boolean;

function matcher(patterns: readonly string[] = []): Matcher {
  const parsed = patterns.map((p) => p.split('.'));
  return (path) =>
    parsed.some((pattern) => pattern.length <= path.length && pattern.every((seg, i) => seg === '*' || seg === path[i]));
}

const isActorRef = (v: object): v is { id: unknown; sessionId?: unknown } =>
  typeof (v as { send?: unknown }).send === 'function' && typeof (v as { getSnapshot?: unknown }).getSnapshot === 'function';

const safeId = (id: unknown): string => (typeof id === 'string' && ACTOR_ID.test(id) && !LONG_DIGITS.test(id) ? id : REDACTED);

/**
 * An identifier as it may leave the host app: ids from code (`agent-07`, `C-2026-0001`) pass;
 * anything that could be a name, a phone or free text (spaces, `+`, `@`, CJK, a long digit run)
 * becomes `'[redacted]'`. Used for actor ids here and for principals' ids in case files.
 *
 * @example
 * redactId('agent-07') //=> 'agent-07'
 * redactId('小刘') //=> '[redacted]'
 */
export const redactId = (id: unknown): string => safeId(id);

/** A plain JSON copy of an allowed value (functions dropped, actor refs by id, cycles cut). */
function plain(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return undefined;
  if (isActorRef(value)) return { xstate$$type: 1, id: safeId(value.id) };
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) return [...value].map((v) => plain(v, seen, depth + 1) ?? null);
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
    return Object.fromEntries(entries.map(([k, v]) => [k, plain(v, seen, depth + 1)]).filter(([, v]) => v !== undefined));
  } finally {
    seen.delete(value);
  }
}

function redactTree(value: unknown, path: string[], allowed: Matcher, seen: WeakSet<object>): unknown {
  if (allowed(path)) return plain(value, new WeakSet(), 0);
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'string') return ISO.test(value) || isRuleId(value) ? value : REDACTED;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'symbol') return REDACTED;
  if (typeof value === 'function') return undefined;
  if (path.length > MAX_DEPTH || seen.has(value)) return REDACTED;
  if (isActorRef(value)) return { xstate$$type: 1, id: safeId(value.id) };
  if ((value as { xstate$$type?: unknown }).xstate$$type === 1) return { xstate$$type: 1, id: safeId((value as { id?: unknown }).id) };
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) {
      return [...value].map((v, i) => redactTree(v, [...path, String(i)], allowed, seen) ?? null);
    }
    if (value instanceof Error) return { name: IDENTIFIER.test(value.name) ? value.name : 'Error', message: REDACTED };
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
    const out: Record<string, unknown> = {};
    let hidden = 0;
    for (const [key, v] of entries) {
      // A record keyed by phone number or name must not leak through its keys.
      const safeKey = IDENTIFIER.test(key) ? key : `${REDACTED}#${++hidden}`;
      const r = redactTree(v, [...path, key], allowed, seen);
      if (r !== undefined) out[safeKey] = r;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function stateValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stateValue(v, depth + 1)]).filter(([, v]) => v !== undefined));
}

const STATUSES = new Set(['active', 'done', 'error', 'stopped']);

/**
 * Redact an event by allow-list: `type` passes, every other field follows the rule (see
 * the module comment), with paths under `event.` allowed by `options.allow`.
 *
 * @example
 * redactEvent({ type: 'FORM.UPDATE', fields: { complainant: '王先生' }, at: '2026-12-01T09:30:00+08:00' })
 * //=> { type: 'FORM.UPDATE', fields: { complainant: '[redacted]' }, at: '2026-12-01T09:30:00+08:00' }
 */
export function redactEvent(event: unknown, options: RedactionOptions = {}): RedactedEvent {
  return redactEventAt(event, options, 'event');
}

/** {@link redactEvent} with the root its `allow` paths start from (`event`, `action`). */
function redactEventAt(event: unknown, options: RedactionOptions, root: string): RedactedEvent {
  const allowed = matcher(options.allow);
  if (typeof event === 'string') return { type: event };
  if (!event || typeof event !== 'object') return { type: REDACTED };
  const { type, ...rest } = event as { type?: unknown };
  const fields = redactTree(rest, [root], allowed, new WeakSet()) as Record<string, unknown>;
  return { type: typeof type === 'string' ? type : REDACTED, ...fields };
}

/**
 * Redact a snapshot (of a machine or any actor) by allow-list: status, state value and tags
 * pass; context and output are redacted; everything else (`input` of promise actors,
 * history, children, the machine) is left out.
 *
 * @example
 * redactSnapshot(actor.getSnapshot()).context.form.complainant //=> '[redacted]'
 */
export function redactSnapshot(snapshot: unknown, options: RedactionOptions = {}): RedactedSnapshot {
  if (!snapshot || typeof snapshot !== 'object') return { status: 'active' };
  const allowed = matcher(options.allow);
  const s = snapshot as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof s.status === 'string' && STATUSES.has(s.status)) out.status = s.status;
  const value = stateValue(s.value);
  if (value !== undefined) out.value = value;
  if (s.tags instanceof Set || Array.isArray(s.tags)) out.tags = [...(s.tags as Iterable<unknown>)].filter((t): t is string => typeof t === 'string');
  if ('context' in s && s.context !== undefined) out.context = redactTree(s.context, ['context'], allowed, new WeakSet());
  if ('output' in s && s.output !== undefined) out.output = redactTree(s.output, ['output'], allowed, new WeakSet());
  if ('error' in s && s.error !== undefined) out.error = redactTree(s.error, ['error'], allowed, new WeakSet());
  return out as RedactedSnapshot;
}

/** The config walker of {@link serializeDefinition}. */
function chart(value: unknown, key: string, parentKey: string, allowed: Matcher, seen: WeakSet<object>, depth: number): unknown {
  // Literal data in a chart (a static `context`, an invoke's `input`) is data, not chart.
  if ((key === 'context' || key === 'input') && parentKey !== 'states' && typeof value !== 'function') {
    return redactTree(value, [key], allowed, new WeakSet());
  }
  if (typeof value === 'function') {
    if (key === 'guard') return { type: guardLabel(value) };
    // Dynamic params, context and output factories: the chart only says they exist.
    if (key === 'params' || key === 'context' || key === 'input' || key === 'output') return undefined;
    return { type: actionLabel(value) };
  }
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  if (depth > 64 || seen.has(value)) return undefined;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => chart(v, key, parentKey, allowed, seen, depth + 1) ?? null);
    // Inline actor logic in `invoke.src` is code; the chart shows its kind only.
    if (typeof (value as { transition?: unknown }).transition === 'function' && typeof (value as { getInitialSnapshot?: unknown }).getInitialSnapshot === 'function') {
      const id = (value as { id?: unknown; config?: { id?: unknown } }).config?.id ?? (value as { id?: unknown }).id;
      return { type: typeof id === 'string' ? id : 'actor logic' };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = chart(v, k, key, allowed, seen, depth + 1);
      if (r !== undefined) out[k] = r;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * The machine definition the inspector draws, as JSON: the chart config with every guard and
 * action shown by name (combinations as `and(isA, isB)`, never `{ type: "" }`) and literal
 * `context`/`input` data redacted.
 */
export function serializeDefinition(logic: AnyActorLogic | { config?: unknown } | undefined, options: RedactionOptions = {}): string | undefined {
  const config = (logic as { config?: unknown } | undefined)?.config;
  if (!config || typeof config !== 'object') return undefined;
  return JSON.stringify(chart(config, '', '', matcher(options.allow), new WeakSet(), 0));
}

/** Redact a definition that is already JSON (from `@statelyai/inspect`). */
function redactDefinitionText(text: unknown, options: RedactionOptions): string | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.stringify(chart(JSON.parse(text), '', '', matcher(options.allow), new WeakSet(), 0));
  } catch {
    return undefined;
  }
}

const optionalId = (v: unknown) => (typeof v === 'string' ? safeId(v) : undefined);

function base(e: Record<string, unknown>, sessionId: unknown, options: RedactionOptions): Base {
  const created = typeof e.createdAt === 'string' && /^\d+$/.test(e.createdAt) ? e.createdAt : String((options.now ?? Date.now)());
  const out: Record<string, unknown> = { sessionId: safeId(sessionId), id: null, createdAt: created };
  const rootId = optionalId(e.rootId);
  if (rootId) out.rootId = rootId;
  if (typeof e._version === 'string' && /^[\w.\-+]+$/.test(e._version)) out._version = e._version;
  return out as unknown as Base;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Redact an inspection event by allow-list, so it can leave the host app: to the Stately
 * inspector, a log line, an export. Accepts XState's own inspection events (what
 * `createActor(machine, { inspect })` receives) and `@statelyai/inspect`'s converted ones, and
 * returns the inspector's wire shape. Idempotent: redacting a redacted event changes nothing.
 *
 * @example
 * createActor(complaintMachine, {
 *   input,
 *   inspect: (e) => logger.debug(redactInspectionEvent(e)), // no names, phones or free text
 * });
 */
export function redactInspectionEvent(event: InspectionEvent | Record<string, unknown>, options: RedactionOptions = {}): RedactedInspectionEvent | undefined {
  const e = event as Record<string, unknown>;
  const actorRef = e.actorRef as { sessionId?: unknown; id?: unknown; logic?: unknown; _parent?: { sessionId?: unknown }; getSnapshot?: () => unknown } | undefined;
  const raw = actorRef !== undefined && typeof actorRef === 'object';
  const sessionId = raw ? actorRef.sessionId : e.sessionId;
  const b = base(e, sessionId, options);
  switch (e.type) {
    case '@xstate.actor': {
      if (raw) {
        const config = (actorRef.logic as { config?: { id?: unknown } } | undefined)?.config;
        const name = actorRef.id === actorRef.sessionId && typeof config?.id === 'string' ? config.id : actorRef.id;
        // XState announces an actor before its first snapshot exists; the next @xstate.snapshot carries it.
        let snapshot: unknown;
        try {
          snapshot = actorRef.getSnapshot?.();
        } catch {
          // XState's development build throws here while the actor initializes itself.
        }
        return withoutUndefined({
          ...b,
          type: '@xstate.actor' as const,
          name: safeId(name),
          parentId: optionalId(actorRef._parent?.sessionId),
          definition: serializeDefinition(actorRef.logic as AnyActorLogic, options),
          snapshot: snapshot === undefined ? { status: 'active' as const } : redactSnapshot(snapshot, options),
        });
      }
      return withoutUndefined({
        ...b,
        type: '@xstate.actor' as const,
        name: safeId(e.name),
        parentId: optionalId(e.parentId),
        definition: redactDefinitionText(e.definition, options),
        snapshot: redactSnapshot(e.snapshot, options),
      });
    }
    case '@xstate.event':
      return withoutUndefined({
        ...b,
        type: '@xstate.event' as const,
        event: redactEvent(e.event, options),
        sourceId: optionalId(raw ? (e.sourceRef as { sessionId?: unknown } | undefined)?.sessionId : e.sourceId),
      });
    case '@xstate.snapshot':
      return { ...b, type: '@xstate.snapshot', event: redactEvent(e.event, options), snapshot: redactSnapshot(e.snapshot, options) };
    case '@xstate.microstep': {
      const transitions = raw
        ? ((e._transitions as Array<{ eventType?: unknown; target?: Array<{ id?: unknown }> }> | undefined) ?? []).map((t) => ({
            eventType: typeof t.eventType === 'string' ? t.eventType : '',
            target: (t.target ?? []).map((n) => (typeof n.id === 'string' ? n.id : REDACTED)),
          }))
        : ((e.transitions as Array<{ eventType?: unknown; target?: unknown[] }> | undefined) ?? []).map((t) => ({
            eventType: typeof t.eventType === 'string' ? t.eventType : '',
            target: (t.target ?? []).map((id) => (typeof id === 'string' ? id : REDACTED)),
          }));
      const value = stateValue(raw ? (e.snapshot as { value?: unknown } | undefined)?.value : e.value);
      return withoutUndefined({ ...b, type: '@xstate.microstep' as const, event: redactEvent(e.event, options), value, transitions });
    }
    case '@xstate.action':
      return { ...b, type: '@xstate.action', action: redactEventAt(e.action, options, 'action') };
    default:
      return undefined;
  }
}
