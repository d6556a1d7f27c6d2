import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { stateNodesOf, transitionsOf, type TransitionInfo } from '../catalog/introspect.js';

/** Options of {@link toMermaid}. */
export interface MermaidOptions {
  /**
   * `nested` draws compound states as boxes around their children (statechart style);
   * `flat` draws only the leaf states, named by path (`notStands.explaining`): an edge into a
   * compound state goes to its initial state, an edge out of one leaves from a
   * `notStands (any)` node. Terminal renderers draw `flat` far more legibly. @default 'nested'
   */
  readonly layout?: 'nested' | 'flat';
  /**
   * Show targetless transitions (actions only: a deadline escalation, a form update) as
   * loops on their state. @default true
   */
  readonly selfTransitions?: boolean;
  /** Put the Chinese name of a state (`meta.zh`) next to its key. @default true */
  readonly chineseNames?: boolean;
  /** Layout direction. @default 'TB' */
  readonly direction?: 'TB' | 'LR';
}

/** Words Mermaid reads as keywords, which cannot be state ids. */
const RESERVED = new Set(['state', 'note', 'end', 'direction', 'class', 'classDef', 'style', 'click', 'as', 'left', 'right', 'of', 'default']);

/** Id of the node standing for "any state" (transitions on the machine itself). */
const ANY = 'any_state';

/** Mermaid-safe ids for every state node but the root, unique within the diagram. */
function assignIds(machine: AnyStateMachine): Map<AnyStateNode, string> {
  const ids = new Map<AnyStateNode, string>();
  const used = new Set<string>([ANY]);
  for (const node of stateNodesOf(machine)) {
    if (!node.parent) continue;
    let base = node.path.map((p: string) => p.replace(/[^A-Za-z0-9_]/g, '_')).join('_') || 'state';
    if (/^[0-9]/.test(base) || RESERVED.has(base)) base = `s_${base}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(node, id);
  }
  return ids;
}

/** Text safe inside a Mermaid label: no quotes, colons or semicolons (they end the label). */
const clean = (text: string) => text.replace(/"/g, "'").replace(/[;:]/g, ' ').replace(/\s+/g, ' ').trim();

function stateLabel(node: AnyStateNode, options: MermaidOptions, name: string): string {
  if (node.type === 'history') return clean(`${name} (${node.history === 'deep' ? 'H*' : 'H'})`);
  const zh = (node.meta as { zh?: unknown } | undefined)?.zh;
  const parts = [name];
  if (options.chineseNames !== false && typeof zh === 'string' && zh.trim()) parts.push(zh.trim());
  return clean(parts.join(' · '));
}

/**
 * How a transition reads on its edge: the trigger, then the guard in brackets (UML style).
 *
 * @example
 * edgeLabel(t) //=> 'ASSESS.VALID [and(isAssessmentValid, hasApologyAndPromise)]'
 * edgeLabel(delayed) //=> 'after acknowledgeDeadline'
 */
export function edgeLabel(t: TransitionInfo): string {
  return clean(t.guardLabel ? `${t.trigger} [${t.guardLabel}]` : t.trigger);
}

const childrenOf = (node: AnyStateNode) => Object.values(node.states) as AnyStateNode[];
const isLeaf = (node: AnyStateNode) => childrenOf(node).length === 0;

/** The leaf states a transition into `node` enters (initial states, every region of a parallel state). */
function entered(node: AnyStateNode): AnyStateNode[] {
  if (isLeaf(node)) return [node];
  if (node.type === 'parallel') return childrenOf(node).flatMap(entered);
  const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
  return initial ? entered(initial) : [];
}

/** Every leaf state inside `node` (or itself). */
function leavesOf(node: AnyStateNode): AnyStateNode[] {
  return isLeaf(node) ? [node] : childrenOf(node).flatMap(leavesOf);
}

/**
 * A Mermaid `stateDiagram-v2` of any XState machine: nested (and parallel) states, the
 * initial and final states, guards on the edges (`EVENT [guard]`), and delayed transitions
 * labelled with their named delay (`after acknowledgeDeadline`). Transitions on the machine
 * itself (taken in any state) leave from an `(any state)` node.
 *
 * Deterministic: the same chart always gives the same text, so generated docs can be
 * checked for staleness.
 *
 * @example
 * toMermaid(complaintMachine).split('\n')[0] //=> 'stateDiagram-v2'
 */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const flat = options.layout === 'flat';
  const ids = assignIds(machine);
  const lines: string[] = ['stateDiagram-v2', `  direction ${options.direction ?? 'TB'}`];

  if (flat) {
    for (const leaf of leavesOf(machine.root)) {
      if (leaf === machine.root) continue;
      lines.push(`  state "${stateLabel(leaf, options, leaf.path.join('.'))}" as ${ids.get(leaf)}`);
    }
    for (const start of entered(machine.root)) if (start !== machine.root) lines.push(`  [*] --> ${ids.get(start)}`);
    for (const leaf of leavesOf(machine.root)) if (leaf.type === 'final' && leaf.parent === machine.root) lines.push(`  ${ids.get(leaf)} --> [*]`);
  } else {
    const declare = (node: AnyStateNode, depth: number) => {
      const pad = '  '.repeat(depth);
      const children = childrenOf(node);
      const id = node.parent ? ids.get(node)! : undefined;
      const inner = node.parent ? depth + 1 : depth;
      const innerPad = '  '.repeat(inner);
      if (id) {
        if (children.length === 0) {
          lines.push(`${pad}state "${stateLabel(node, options, node.key)}" as ${id}`);
          return;
        }
        lines.push(`${pad}state "${stateLabel(node, options, node.key)}" as ${id} {`);
      }
      if (node.type === 'parallel') {
        children.forEach((child, i) => {
          if (i > 0) lines.push(`${innerPad}--`);
          declare(child, inner);
        });
      } else {
        // Children first: a state named in an edge before its declaration loses its label.
        for (const child of children) declare(child, inner);
        const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
        if (initial && ids.has(initial)) lines.push(`${innerPad}[*] --> ${ids.get(initial)}`);
        for (const child of children) if (child.type === 'final') lines.push(`${innerPad}${ids.get(child)} --> [*]`);
      }
      if (id) lines.push(`${pad}}`);
    };
    declare(machine.root, 1);
  }

  const edges: string[] = [];
  const idOf = (node: AnyStateNode) => (node.parent ? ids.get(node)! : ANY);
  // In the flat layout a compound state has no box: its own transitions leave from a node
  // standing for "any state inside it", as the machine's own leave from "(any state)".
  const anyInside = new Map<string, string>();
  const sourceOf = (node: AnyStateNode): string => {
    if (!node.parent) return ANY;
    if (!flat || isLeaf(node)) return ids.get(node)!;
    const id = `${ids.get(node)!}_any`;
    anyInside.set(id, `${node.path.join('.')} (any)`);
    return id;
  };
  let usesAny = false;
  for (const node of stateNodesOf(machine)) {
    for (const t of transitionsOf(node)) {
      const label = edgeLabel(t);
      if (t.targets.length === 0 && options.selfTransitions === false) continue;
      const from = sourceOf(node);
      const targets = t.targets.length === 0 ? [] : flat ? t.targets.flatMap((x) => (x.parent ? entered(x) : [x])) : t.targets;
      if (targets.length === 0) edges.push(`  ${from} --> ${from} : ${label}`);
      for (const target of targets) edges.push(`  ${from} --> ${idOf(target)} : ${label}`);
      if (from === ANY) usesAny = true;
    }
  }
  for (const [id, label] of anyInside) lines.push(`  state "${clean(label)}" as ${id}`);
  if (usesAny) lines.push(`  state "(any state)" as ${ANY}`);
  return [...lines, ...edges].join('\n') + '\n';
}

/**
 * The transitions that stay in their state (targetless: deadline escalations, records), by
 * state, as `[state path, labels]` pairs. The terminal rendering lists them under the picture
 * instead of drawing loops.
 */
export function selfTransitionsOf(machine: AnyStateMachine): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  for (const node of stateNodesOf(machine)) {
    const labels = transitionsOf(node).filter((t) => t.targets.length === 0).map(edgeLabel);
    if (labels.length) out.push([node.parent ? node.path.join('.') : '(any state)', labels]);
  }
  return out;
}
