import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { chartTransitionsOf, stateNodesOf, type TransitionInfo } from '../catalog/introspect.js';
import { isRuleId, type RuleId } from './catalogue.js';
import { ruleCheckOf } from './guard.js';
import { violation, type Violation } from './violation.js';

/**
 * Out-of-order steps, read from the chart. An event that the current state does not take, but
 * a state ahead of it does, belongs to a later step: it is refused under the rule that gates
 * that step, the rule guard of the transition leading into the state that takes it (e.g. the
 * complaint's `IMPLEMENTATION.COMPLETE` before approval: CP-PROPOSE, the guard of
 * `SUPERVISOR.APPROVE` into `implement`). Nothing here is per machine: the graph is the
 * chart's transitions between its leaf states, and the rules are those of `ruleGuard`s.
 *
 * Internal to kefu (used by `explain`); the shape may change without a major version.
 */

/** How an event that the current state does not take relates to the chart. */
export type Placement =
  /** A state ahead takes it: refused under the rules that gate that step. */
  | { readonly kind: 'later-step'; readonly violations: readonly Violation[] }
  /**
   * A state ahead takes it, but no rule guards the way in (a routing choice such as a hold, or a
   * hang-up): the step and the transition into it, to say in the refusal's message.
   */
  | { readonly kind: 'ungated'; readonly step: { readonly zh: string; readonly en: string }; readonly gate: string }
  /** States of the chart take it, but none can be reached from here (a step passed, or a branch not taken). */
  | { readonly kind: 'not-ahead' }
  /** No state of the chart takes it. */
  | { readonly kind: 'no-step' };

interface Edge {
  /** The state node the transition targets (its leaves are found when walking, see `entered`). */
  readonly target: AnyStateNode;
  readonly transition: TransitionInfo;
}

interface Graph {
  /** From each leaf state: every transition it (or an ancestor) can take, with each of its targets. */
  readonly edges: ReadonlyMap<AnyStateNode, readonly Edge[]>;
  /** Every state node with transitions of its own, with the event descriptors it takes. */
  readonly takers: ReadonlyArray<{ readonly node: AnyStateNode; readonly descriptors: readonly string[] }>;
}

/** A snapshot's `historyValue`: history state id → the state nodes it resumes. */
type History = Readonly<Record<string, readonly AnyStateNode[] | undefined>>;

const graphs = new WeakMap<AnyStateMachine, Graph>();

/** Whether a chart's event descriptor (`A.B`, `A.*`, `*`) takes the event type. */
export function matches(descriptor: string, type: string): boolean {
  if (descriptor === type || descriptor === '*') return true;
  return descriptor.endsWith('.*') && type.startsWith(descriptor.slice(0, -1));
}

function children(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

function leavesUnder(node: AnyStateNode): AnyStateNode[] {
  const kids = children(node).filter((c) => c.type !== 'history');
  return kids.length === 0 ? [node] : kids.flatMap(leavesUnder);
}

/**
 * The leaf states a transition targeting `node` may land in. A history state resumes a child of
 * its parent that was active before: one of `visited` (the leaves met on the way), or the
 * parent's initial leaves when none was.
 */
function entered(node: AnyStateNode, visited: ReadonlySet<AnyStateNode>, history: History = {}): AnyStateNode[] {
  if (node.type === 'history') {
    if (!node.parent) return [];
    // What the snapshot remembers, else a leaf met on the way, else where the parent starts.
    const remembered = history[node.id];
    if (remembered && remembered.length > 0) return remembered.flatMap((n) => entered(n, visited, history));
    const before = leavesUnder(node.parent).filter((leaf) => visited.has(leaf));
    return before.length > 0 ? before : entered(node.parent, visited, history);
  }
  if (node.type === 'parallel') return children(node).flatMap((c) => entered(c, visited, history));
  if (node.type === 'compound') {
    const initial: readonly AnyStateNode[] = node.initial?.target ?? [];
    return initial.length > 0 ? initial.flatMap((c) => entered(c, visited, history)) : leavesUnder(node);
  }
  return [node];
}

function ancestry(node: AnyStateNode): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  for (let n: AnyStateNode | undefined = node; n; n = n.parent) out.push(n);
  return out;
}

function graphOf(machine: AnyStateMachine): Graph {
  const known = graphs.get(machine);
  if (known) return known;
  const nodes = stateNodesOf(machine);
  const own = new Map(nodes.map((n) => [n, chartTransitionsOf(n)]));
  const edges = new Map<AnyStateNode, Edge[]>();
  for (const leaf of leavesUnder(machine.root)) {
    const out: Edge[] = [];
    for (const node of ancestry(leaf)) {
      for (const t of own.get(node) ?? []) for (const target of t.targets) out.push({ target, transition: t });
    }
    edges.set(leaf, out);
  }
  const takers = nodes
    .map((node) => ({ node, descriptors: (own.get(node) ?? []).filter((t) => t.kind === 'event').map((t) => t.eventType) }))
    .filter((t) => t.descriptors.length > 0);
  const graph = { edges, takers };
  graphs.set(machine, graph);
  return graph;
}

function takersOf(graph: Graph, eventType: string): Set<AnyStateNode> {
  return new Set(graph.takers.filter((t) => t.descriptors.some((d) => matches(d, eventType))).map((t) => t.node));
}

type Combinator = ((...args: never[]) => unknown) & { guards?: unknown[] };

/**
 * The rules a guard checks that gate a step: ROLE-PERMIT aside (who acts is asked before the step,
 * not a gate of it), and checks of the event's own data aside (`ruleGuard(…, { checks: 'event' })`:
 * its time order, its wording — they refuse the event, not the step).
 */
function guardRules(guard: unknown, implementations: Record<string, unknown>): RuleId[] {
  const resolved =
    typeof guard === 'string'
      ? implementations[guard]
      : guard && typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string'
        ? implementations[(guard as { type: string }).type] ?? guard
        : guard;
  const info = ruleCheckOf(resolved);
  if (info) return info.rule === 'ROLE-PERMIT' || info.checks === 'event' ? [] : [info.rule];
  // A rule under not() is one that must *fail*: not what gates the step.
  if (typeof resolved === 'function') {
    const fn = resolved as Combinator;
    if ((fn.name === 'and' || fn.name === 'or') && Array.isArray(fn.guards)) return fn.guards.flatMap((g) => guardRules(g, implementations));
  }
  return [];
}

function metaOf(node: AnyStateNode): { zh?: unknown; rules?: unknown } {
  return (node.meta ?? {}) as { zh?: unknown; rules?: unknown };
}

/** The step's own rule, for a gate without a rule guard: the first of `meta.rules` up the tree. */
function stepRule(node: AnyStateNode): RuleId | undefined {
  for (const n of ancestry(node)) {
    const rules = metaOf(n).rules;
    if (Array.isArray(rules)) {
      const first = rules.find((r): r is RuleId => typeof r === 'string' && isRuleId(r));
      if (first) return first;
    }
  }
  return undefined;
}

function stepName(node: AnyStateNode): { zh: string; en: string } {
  const path = node.path.join('.') || node.id;
  for (const n of ancestry(node)) {
    const zh = metaOf(n).zh;
    if (typeof zh === 'string' && zh) return { zh, en: path };
  }
  return { zh: path, en: path };
}

/** The rule a transition names itself in its `meta` (`{ rule: 'CP-SIGNOFF' }`), if it is a rule ID. */
export function transitionRule(transition: Pick<TransitionInfo, 'meta'>): RuleId | undefined {
  const rule = transition.meta?.rule;
  return typeof rule === 'string' && isRuleId(rule) ? rule : undefined;
}

/**
 * The rules of a transition into a step: its rule guards; else the rule it names in its `meta`
 * (`meta: { rule }`: a step whose `meta.rules` lists several would otherwise gate it by whichever
 * comes first); else the rule of the step it leaves.
 */
function gateRules(transition: TransitionInfo, implementations: Record<string, unknown>): RuleId[] {
  const fromGuard = transition.guard === undefined ? [] : guardRules(transition.guard, implementations);
  if (fromGuard.length > 0) return [...new Set(fromGuard)];
  const fallback = transitionRule(transition) ?? stepRule(transition.source);
  return fallback ? [fallback] : [];
}

function triggerOf(t: TransitionInfo): string {
  return t.kind === 'event' ? t.eventType : t.trigger;
}

/**
 * Where an event the current state does not take belongs: a later step (with the violations of
 * the rules that gate it), a step that cannot be reached from here, or no step at all.
 *
 * The gate is found on the shortest way through the chart from the current state to a state that
 * takes the event: the transition that enters that state. Its rule guards (ROLE-PERMIT aside)
 * are the gate; a transition without one (a timer, a routing choice) is gated by the rule it names
 * in its own `meta` (`{ rule: 'CP-SIGNOFF' }`), else by the rule of the state it is declared on
 * (`meta.rules`, first entry, looked up its ancestors too). A transition out of a state that lists
 * several rules names its own, so the gate never depends on their order (test/gates.test.ts).
 *
 * @example
 * placeEvent(snapshotInPropose, 'IMPLEMENTATION.COMPLETE') // { kind: 'later-step', violations: [{ rule: 'CP-PROPOSE', … }] }
 */
export function placeEvent(snapshot: AnyMachineSnapshot, eventType: string): Placement {
  const graph = graphOf(snapshot.machine);
  const takers = takersOf(graph, eventType);
  if (takers.size === 0) return { kind: 'no-step' };
  const takerOf = (leaf: AnyStateNode) => ancestry(leaf).find((n) => takers.has(n));
  const implementations = snapshot.machine.implementations.guards as Record<string, unknown>;
  const start = (snapshot._nodes as AnyStateNode[]).filter((n) => n.type === 'atomic' || n.type === 'final');
  const history = ((snapshot as { historyValue?: History }).historyValue ?? {}) as History;
  const seen = new Set<AnyStateNode>(start);
  let frontier = start;
  while (frontier.length > 0) {
    const gates: Array<{ into: AnyStateNode; transition: TransitionInfo }> = [];
    const next: AnyStateNode[] = [];
    for (const leaf of frontier) {
      for (const { target, transition } of graph.edges.get(leaf) ?? []) {
        for (const to of entered(target, seen, history)) {
          const into = takerOf(to);
          if (into) gates.push({ into, transition });
          else if (!seen.has(to)) (seen.add(to), next.push(to));
        }
      }
    }
    if (gates.length > 0) {
      const violations = gateViolations(eventType, gates, implementations);
      if (violations.length > 0) return { kind: 'later-step', violations };
      return { kind: 'ungated', step: stepName(gates[0]!.into), gate: triggerOf(gates[0]!.transition) };
    }
    frontier = next;
  }
  return { kind: 'not-ahead' };
}

function gateViolations(
  eventType: string,
  gates: ReadonlyArray<{ into: AnyStateNode; transition: TransitionInfo }>,
  implementations: Record<string, unknown>,
): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const { into, transition } of gates) {
    const rules = gateRules(transition, implementations);
    const step = stepName(into);
    const gate = triggerOf(transition);
    for (const rule of rules) {
      // One violation per rule: several ways into the step (or several steps) under the same rule read as one.
      const key = rule;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        violation(rule, {
          reason: {
            zh: `${eventType} 属于后续步骤「${step.zh}」,须先经 ${gate} 进入该步骤`,
            en: `${eventType} belongs to a later step (${step.en}), entered by ${gate}`,
          },
          details: { eventType, outOfOrder: true, step: into.path.join('.'), gate },
        }),
      );
    }
  }
  return out;
}

/** One way into a state that takes an event, as {@link stepGates} lists it. */
export interface StepGate {
  /** The state that takes the event, by path (`implement`, `propose.awaitingApproval`). */
  readonly step: string;
  /** The transition into it: an event type, `after <delay>`, `always`, `onDone`... */
  readonly gate: string;
  /** The rules that gate it; empty when no rule guards this way in. */
  readonly rules: readonly RuleId[];
}

/**
 * Every way, in the chart, into the states that take `eventType`, with the rules that gate each:
 * what an out-of-order refusal of the event can name (which one depends on where the case is).
 * Empty when only the state the machine starts in takes it, or no state does.
 *
 * @example
 * stepGates(complaintMachine, 'IMPLEMENTATION.COMPLETE')
 * //=> [{ step: 'implement', gate: 'SUPERVISOR.APPROVE', rules: ['CP-PROPOSE'] }]
 */
export function stepGates(machine: AnyStateMachine, eventType: string): StepGate[] {
  const graph = graphOf(machine);
  const takers = takersOf(graph, eventType);
  const implementations = machine.implementations.guards as Record<string, unknown>;
  const out: StepGate[] = [];
  const seen = new Set<string>();
  for (const [leaf, edges] of graph.edges) {
    for (const { target, transition } of edges) {
      for (const to of entered(target, new Set())) {
        const into = ancestry(to).find((n) => takers.has(n));
        // Entering the step: from outside it (a transition within the step is not its gate).
        if (!into || ancestry(leaf).includes(into)) continue;
        const gate = { step: into.path.join('.'), gate: triggerOf(transition), rules: gateRules(transition, implementations) };
        const key = `${gate.step}|${gate.gate}|${gate.rules.join(',')}`;
        if (!seen.has(key)) (seen.add(key), out.push(gate));
      }
    }
  }
  return out;
}
