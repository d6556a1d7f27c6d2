import { and, StateMachine, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { ROLE_GUARD } from '../roles/permit.js';

/**
 * Reading a machine's chart without running it: which states, which transitions, how guards
 * and actions are named. Shared by the diagram generator, the inspector's definition
 * serializer and the naming audit, so the three agree on what a chart says.
 *
 * Works on any XState 5 machine; it relies on `StateNode.transitions`, `.after`, `.always` and
 * `.config`, which XState documents for tooling (`xstate/graph` uses the same fields).
 */

/**
 * Whether a value is an XState machine (a `StateMachine` instance). A machine from a second
 * copy of xstate (dual-package hazard) is recognised by its shape.
 *
 * @example
 * isStateMachine(complaintMachine) //=> true
 * isStateMachine({ id: 'x' }) //=> false
 */
export function isStateMachine(value: unknown): value is AnyStateMachine {
  if (value instanceof StateMachine) return true;
  const v = value as Partial<AnyStateMachine> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.getInitialSnapshot === 'function' &&
    typeof v.transition === 'function' &&
    typeof v.root === 'object' &&
    typeof v.implementations === 'object'
  );
}

/**
 * The machines a module exports, each once, in export order.
 *
 * @example
 * machinesIn(await import('kefu/machines/complaint')).map((m) => m.exportName) //=> ['complaintMachine']
 */
export function machinesIn(module: Record<string, unknown>): Array<{ exportName: string; machine: AnyStateMachine }> {
  const seen = new Set<unknown>();
  const out: Array<{ exportName: string; machine: AnyStateMachine }> = [];
  for (const [exportName, value] of Object.entries(module)) {
    if (!isStateMachine(value) || seen.has(value)) continue;
    seen.add(value);
    out.push({ exportName, machine: value });
  }
  return out;
}

/** Every state node of a machine, depth first in document order, the root first. */
export function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    out.push(node);
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(machine.root);
  return out;
}

/** What makes a transition happen. */
export type TransitionKind = 'event' | 'after' | 'always' | 'done' | 'invoke-done' | 'invoke-error' | 'invoke-snapshot';

/** One transition of a state node, as the chart says it. */
export interface TransitionInfo {
  readonly source: AnyStateNode;
  readonly kind: TransitionKind;
  /** The event descriptor (`COMPLAINT.REGISTER`, `xstate.after.<delay>.<id>`, ...). */
  readonly eventType: string;
  /** How the trigger reads: the event type, `after <delay>`, `always`, `onDone`, `done <invoke id>`. */
  readonly trigger: string;
  /** The named delay (or milliseconds) of a delayed transition. */
  readonly delay?: string | number;
  /** Target state nodes; empty for a targetless transition (actions only). */
  readonly targets: readonly AnyStateNode[];
  /** The guard as written in the chart. */
  readonly guard?: unknown;
  /** The guard as it reads (`isFormComplete`, `and(isA, isB)`). */
  readonly guardLabel?: string;
  /** The actions as written in the chart. */
  readonly actions: readonly unknown[];
  readonly description?: string;
  /** The transition's `meta` as written in the chart (e.g. `{ rule: 'CP-SIGNOFF' }`, the rule of a way in no rule guard gates). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

interface RawTransition {
  target?: AnyStateNode[];
  guard?: unknown;
  actions?: unknown[];
  description?: string;
  delay?: string | number;
  meta?: Readonly<Record<string, unknown>>;
}

function classify(node: AnyStateNode, descriptor: string): { kind: TransitionKind; trigger: string } {
  if (descriptor.startsWith('xstate.after.')) return { kind: 'after', trigger: 'after' };
  if (descriptor === `xstate.done.state.${node.id}`) return { kind: 'done', trigger: 'onDone' };
  if (descriptor.startsWith('xstate.done.actor.')) return { kind: 'invoke-done', trigger: `done ${descriptor.slice('xstate.done.actor.'.length)}` };
  if (descriptor.startsWith('xstate.error.actor.')) return { kind: 'invoke-error', trigger: `error ${descriptor.slice('xstate.error.actor.'.length)}` };
  if (descriptor.startsWith('xstate.snapshot.')) return { kind: 'invoke-snapshot', trigger: `snapshot ${descriptor.slice('xstate.snapshot.'.length)}` };
  return { kind: 'event', trigger: descriptor };
}

/**
 * Every transition of a state node (its own, not its children's), in chart order, without the
 * guard's label: what `explain` reads (src/rules/gates.ts), so the root entry does not carry the
 * labelling of guards, which only the pictures and the tools need.
 */
export function chartTransitionsOf(node: AnyStateNode): TransitionInfo[] {
  const out: TransitionInfo[] = [];
  const push = (raw: RawTransition, descriptor: string, kind: TransitionKind, trigger: string) => {
    out.push({
      source: node,
      kind,
      eventType: descriptor,
      trigger: kind === 'after' ? `after ${String(raw.delay)}` : trigger,
      ...(raw.delay !== undefined ? { delay: raw.delay } : {}),
      targets: raw.target ?? [],
      ...(raw.guard !== undefined ? { guard: raw.guard } : {}),
      actions: raw.actions ?? [],
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
      ...(raw.meta && typeof raw.meta === 'object' ? { meta: raw.meta } : {}),
    });
  };
  for (const [descriptor, list] of node.transitions as unknown as Map<string, RawTransition[]>) {
    const { kind, trigger } = classify(node, descriptor);
    for (const t of list) push(t, descriptor, kind, trigger);
  }
  for (const t of (node.always ?? []) as unknown as RawTransition[]) push(t, '', 'always', 'always');
  return out;
}

/** Every transition of a state node (its own, not its children's), in chart order, with its guard's label. */
export function transitionsOf(node: AnyStateNode): TransitionInfo[] {
  return chartTransitionsOf(node).map((t) => {
    const shown = chartGuard(t.guard);
    return shown === undefined ? t : { ...t, guardLabel: guardLabel(shown) };
  });
}

type Combinator = ((...args: never[]) => unknown) & { guards?: unknown[]; stateValue?: unknown; type?: unknown };

/**
 * The guard a picture of the chart shows: ROLE-PERMIT's `isPermittedRole`, which `withRolePermit`
 * puts on every step taken from outside, is left out (who may take a step is a table, listed in
 * each machine's docs), so `and(isPermittedRole, isFormComplete)` reads `isFormComplete`.
 */
function chartGuard(guard: unknown): unknown {
  if (guard === ROLE_GUARD) return undefined;
  const fn = guard as Combinator | undefined;
  if (typeof fn === 'function' && fn.name === 'and' && Array.isArray(fn.guards) && fn.guards[0] === ROLE_GUARD) {
    const rest = fn.guards.slice(1);
    return rest.length === 1 ? rest[0] : rest.length === 0 ? undefined : and(rest as never[]);
  }
  return guard;
}

/**
 * How a guard reads: its name, or the combination of names (`and(isA, not(isB))`).
 * An inline function reads as its function name, or `(anonymous)`.
 *
 * @example
 * guardLabel('isFormComplete') //=> 'isFormComplete'
 * guardLabel(and(['isA', 'isB'])) //=> 'and(isA, isB)'
 */
export function guardLabel(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const fn = guard as Combinator;
    if (Array.isArray(fn.guards) && ['and', 'or', 'not'].includes(fn.name)) {
      return `${fn.name}(${fn.guards.map(guardLabel).join(', ')})`;
    }
    if (fn.stateValue !== undefined) return `stateIn(${typeof fn.stateValue === 'string' ? fn.stateValue : JSON.stringify(fn.stateValue)})`;
    return fn.name || '(anonymous)';
  }
  if (guard && typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') {
    return (guard as { type: string }).type || '(anonymous)';
  }
  return '(anonymous)';
}

/**
 * How an action reads: its name, or the built-in action's type for an inline one.
 *
 * @example
 * actionLabel({ type: 'notifyCustomer', params: () => ({}) }) //=> 'notifyCustomer'
 */
export function actionLabel(action: unknown): string {
  if (typeof action === 'string') return action || '(anonymous)';
  if (typeof action === 'function') {
    const fn = action as Combinator;
    return typeof fn.type === 'string' && fn.type ? fn.type : fn.name || '(anonymous)';
  }
  if (action && typeof action === 'object' && typeof (action as { type?: unknown }).type === 'string') {
    return (action as { type: string }).type || '(anonymous)';
  }
  return '(anonymous)';
}

/** Something in a chart that is not named or not described, and where. */
export interface ChartIssue {
  /** Id of the state node, e.g. `complaint.notStands.explaining`. */
  readonly state: string;
  readonly kind: 'state-description' | 'transition-description' | 'guard' | 'action' | 'delay' | 'actor';
  /** What is wrong, in English. */
  readonly detail: string;
}

const toArray = <T>(v: T | readonly T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? [...v] : [v as T]);

function guardIssues(guard: unknown, known: Record<string, unknown>): string[] {
  if (typeof guard === 'string') return guard in known ? [] : [`guard "${guard}" has no implementation`];
  if (typeof guard === 'function') {
    const fn = guard as Combinator;
    if (Array.isArray(fn.guards)) return fn.guards.flatMap((g) => guardIssues(g, known));
    if (fn.stateValue !== undefined) return [];
    return [`inline guard function ${fn.name ? `"${fn.name}" ` : ''}(name it in setup({ guards }))`];
  }
  if (guard && typeof guard === 'object') {
    const type = (guard as { type?: unknown }).type;
    if (typeof type === 'string' && type) return type in known ? [] : [`guard "${type}" has no implementation`];
  }
  return ['guard without a name'];
}

function actionIssues(action: unknown, known: Record<string, unknown>): string[] {
  const type = typeof action === 'string' ? action : action && typeof action === 'object' ? (action as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && type) return type in known ? [] : [`action "${type}" has no implementation`];
  return [`inline action ${actionLabel(action)} (name it in setup({ actions }))`];
}

/**
 * Check that a chart reads like the documents: every state has a description, every
 * transition has a description, and every guard, action, delay and invoked actor is named
 * and implemented (`setup({ guards, actions, delays, actors })`). Returns the issues found.
 *
 * @example
 * auditChart(complaintMachine) //=> []
 */
export function auditChart(machine: AnyStateMachine): ChartIssue[] {
  const issues: ChartIssue[] = [];
  const impl = machine.implementations as unknown as Record<'guards' | 'actions' | 'delays' | 'actors', Record<string, unknown>>;
  for (const node of stateNodesOf(machine)) {
    const state = node.id;
    const config = node.config as {
      entry?: unknown;
      exit?: unknown;
      after?: Record<string, unknown>;
      invoke?: unknown;
      description?: unknown;
    };
    if (typeof node.description !== 'string' || node.description.trim() === '') {
      issues.push({ state, kind: 'state-description', detail: 'the state has no description' });
    }
    for (const a of [...toArray(config.entry), ...toArray(config.exit)]) {
      for (const detail of actionIssues(a, impl.actions)) issues.push({ state, kind: 'action', detail });
    }
    for (const key of Object.keys(config.after ?? {})) {
      if (!Number.isNaN(Number(key))) issues.push({ state, kind: 'delay', detail: `after ${key} ms: use a named delay` });
      else if (!(key in impl.delays)) issues.push({ state, kind: 'delay', detail: `delay "${key}" has no implementation` });
    }
    for (const inv of toArray(config.invoke) as Array<{ src?: unknown }>) {
      if (typeof inv.src !== 'string') issues.push({ state, kind: 'actor', detail: 'inline actor logic in invoke (name it in setup({ actors }))' });
      else if (!(inv.src in impl.actors)) issues.push({ state, kind: 'actor', detail: `actor "${inv.src}" has no implementation` });
    }
    for (const t of transitionsOf(node)) {
      const where = t.trigger;
      if (!t.description || t.description.trim() === '') {
        issues.push({ state, kind: 'transition-description', detail: `${where}: the transition has no description` });
      }
      if (t.guard !== undefined) for (const d of guardIssues(t.guard, impl.guards)) issues.push({ state, kind: 'guard', detail: `${where}: ${d}` });
      for (const a of t.actions) for (const d of actionIssues(a, impl.actions)) issues.push({ state, kind: 'action', detail: `${where}: ${d}` });
    }
  }
  return issues;
}
