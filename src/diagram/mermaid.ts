import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { stateNodesOf, transitionsOf, type TransitionInfo } from '../catalog/introspect.js';
import { KefuError } from '../errors/kefu-error.js';

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
   * Targetless transitions (actions only: a deadline escalation, a form update): `'listed'`
   * writes them inside their state's box (`↻ FORM.UPDATE`; a note beside a compound state),
   * `true` draws them as loops, `false` leaves them out. Loops widen a Mermaid layout a lot.
   * The flat layout only knows loops. @default 'listed'
   */
  readonly selfTransitions?: boolean | 'listed';
  /** Put the Chinese name of a state (`meta.zh`) next to its key. @default true */
  readonly chineseNames?: boolean;
  /** Layout direction. @default 'TB' */
  readonly direction?: 'TB' | 'LR';
  /**
   * Nested layout only: draw only the inside of this compound state (its dotted path,
   * `connected.transferring`), with the states outside it that its transitions reach drawn as
   * plain states around it. Transitions of the machine itself are left out (the overview has
   * them). A large machine reads best as an overview (`depth: 1`) plus one diagram per
   * compound state. @default the whole machine
   */
  readonly state?: string;
  /**
   * Nested layout only: how many levels of states to draw, counted from the machine (or from
   * `state`). A compound state at the last level is drawn as one state marked `(+)`, with the
   * transitions into and out of its inside drawn to and from it. @default all levels
   */
  readonly depth?: number;
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
  if (options.layout === 'flat') return flatMermaid(machine, options);
  const ids = assignIds(machine);
  const scope = options.state === undefined ? machine.root : stateAt(machine, options.state);
  const maxDepth = options.depth ?? Infinity;
  if (!(maxDepth >= 1)) throw new KefuError('KEFU_DIAGRAM_OPTIONS', `depth must be 1 or more, got ${String(options.depth)}`);
  const lines: string[] = ['stateDiagram-v2', `  direction ${options.direction ?? 'TB'}`];
  const depthIn = (node: AnyStateNode) => node.path.length - scope.path.length;
  const isInside = (node: AnyStateNode) => isWithin(node, scope);
  const collapsed = (node: AnyStateNode) => !isLeaf(node) && isInside(node) && node !== scope && depthIn(node) >= maxDepth;

  /** The drawn state standing for `node`: itself, or the collapsed or outside state containing it. */
  const shown = (node: AnyStateNode): AnyStateNode => {
    if (isInside(node)) {
      let n = node;
      while (depthIn(n) > maxDepth) n = n.parent!;
      return n;
    }
    // Outside the scope: the first state on its path that is not around the scope.
    for (let i = 1; i <= node.path.length; i++) {
      const n = stateAt(machine, node.path.slice(0, i).join('.'));
      if (!isWithin(scope, n)) return n;
    }
    return node; // an ancestor of the scope itself
  };
  const label = (node: AnyStateNode, name: string) => stateLabel(node, options, name) + (collapsed(node) ? ' (+)' : '');

  const idOf = (node: AnyStateNode) => (node.parent ? ids.get(node)! : ANY);
  const listed = (options.selfTransitions ?? 'listed') === 'listed';
  const isBox = (node: AnyStateNode) => node.parent !== undefined && isInside(node) && !isLeaf(node) && !collapsed(node);
  // Edges between the same two states share one arrow, a line per transition: parallel arrows
  // are what make a Mermaid layout wide.
  const edges = new Map<string, string[]>();
  const inBox = new Map<string, string[]>();
  const outside = new Set<AnyStateNode>();
  const add = (map: Map<string, string[]>, key: string, text: string) => {
    const list = map.get(key) ?? [];
    if (!list.includes(text)) list.push(text);
    map.set(key, list);
  };
  let usesAny = false;
  for (const node of stateNodesOf(machine)) {
    for (const t of transitionsOf(node)) {
      if (t.targets.length === 0 && options.selfTransitions === false) continue;
      // Transitions of the machine itself belong to the overview.
      if (!node.parent && scope.parent) continue;
      if (!isInside(node) && !t.targets.some(isInside)) continue;
      const text = edgeLabel(t);
      const from = node.parent ? shown(node) : node;
      if (!isInside(from) && from.parent) outside.add(from);
      if (!node.parent) usesAny = true;
      const targets = t.targets.length === 0 ? (from === node ? [node] : []) : t.targets;
      for (const target of targets) {
        const to = shown(target);
        // Moves inside a collapsed state are drawn in that state's own diagram.
        if (to === from && from !== node && target !== from) continue;
        if (!isInside(to)) outside.add(to);
        if (to === from && listed) add(inBox, idOf(from), `↻ ${text}`);
        else add(edges, `${idOf(from)} --> ${idOf(to)}`, text);
      }
    }
  }
  /** The inside of a box: its states (regions of a parallel state split by `--`), initial and final markers. */
  const declareInside = (node: AnyStateNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const children = childrenOf(node);
    const inner = (child: AnyStateNode) => declare(child, depth, !isLeaf(child) && !collapsed(child));
    if (node.type === 'parallel') {
      children.forEach((child, i) => {
        if (i > 0) lines.push(`${pad}--`);
        inner(child);
      });
      return;
    }
    // Children first: a state named in an edge before its declaration loses its label.
    for (const child of children) inner(child);
    const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
    if (initial && ids.has(initial)) lines.push(`${pad}[*] --> ${ids.get(initial)}`);
    for (const child of children) if (child.type === 'final') lines.push(`${pad}${ids.get(child)} --> [*]`);
  };
  const declare = (node: AnyStateNode, depth: number, asBox: boolean) => {
    const pad = '  '.repeat(depth);
    if (!asBox) {
      lines.push(`${pad}state "${label(node, node.key)}" as ${ids.get(node)}`);
      return;
    }
    const name = node === scope ? (node.parent ? node.path.join('.') : machine.id) : node.key;
    lines.push(`${pad}state "${label(node, name)}" as ${boxId(node)} {`);
    // A composite state has no room for text lines: its in-state transitions are listed in a
    // state of their own inside it.
    const loops = inBox.get(boxId(node));
    if (loops) {
      const any = `${boxId(node)}_any`;
      lines.push(`${pad}  state "(any state here)" as ${any}`, ...loops.map((text) => `${pad}  ${any} : ${text}`));
    }
    declareInside(node, depth + 1);
    lines.push(`${pad}}`);
  };
  // Mermaid accepts the region separator `--` only inside a composite state, so a parallel
  // machine is drawn as one box named after the machine.
  const rootBoxId = uniqueId(ids, `machine_${machine.id.replace(/[^A-Za-z0-9_]/g, '_')}`);
  const boxId = (node: AnyStateNode) => (node.parent ? ids.get(node)! : rootBoxId);
  if (scope.parent || scope.type === 'parallel') declare(scope, 1, true);
  else declareInside(scope, 1);

  for (const node of outside) if (node.parent) lines.push(`  state "${label(node, node.path.join('.'))}" as ${ids.get(node)}`);
  if (usesAny && !scope.parent) lines.push(`  state "(any state)" as ${ANY}`);
  for (const [id, texts] of inBox) {
    const node = [...ids].find(([, v]) => v === id)?.[0];
    if (!node || !isBox(node)) for (const text of texts) lines.push(`  ${id} : ${text}`);
  }
  for (const [edge, texts] of edges) lines.push(`  ${edge} : ${texts.join('<br/>')}`);
  return lines.join('\n') + '\n';
}

/** The flat layout: leaf states only, named by path (terminal renderers draw it best). */
function flatMermaid(machine: AnyStateMachine, options: MermaidOptions): string {
  const ids = assignIds(machine);
  const lines: string[] = ['stateDiagram-v2', `  direction ${options.direction ?? 'TB'}`];
  for (const leaf of leavesOf(machine.root)) {
    if (leaf === machine.root) continue;
    lines.push(`  state "${stateLabel(leaf, options, leaf.path.join('.'))}" as ${ids.get(leaf)}`);
  }
  for (const start of entered(machine.root)) if (start !== machine.root) lines.push(`  [*] --> ${ids.get(start)}`);
  for (const leaf of leavesOf(machine.root)) if (leaf.type === 'final' && leaf.parent === machine.root) lines.push(`  ${ids.get(leaf)} --> [*]`);

  const edges: string[] = [];
  const idOf = (node: AnyStateNode) => (node.parent ? ids.get(node)! : ANY);
  // A compound state has no box: its own transitions leave from a node standing for "any
  // state inside it", as the machine's own leave from "(any state)".
  const anyInside = new Map<string, string>();
  const sourceOf = (node: AnyStateNode): string => {
    if (!node.parent) return ANY;
    if (isLeaf(node)) return ids.get(node)!;
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
      const targets = t.targets.flatMap((x) => (x.parent ? entered(x) : [x]));
      if (targets.length === 0) edges.push(`  ${from} --> ${from} : ${label}`);
      for (const target of targets) edges.push(`  ${from} --> ${idOf(target)} : ${label}`);
      if (from === ANY) usesAny = true;
    }
  }
  for (const [id, label] of anyInside) lines.push(`  state "${clean(label)}" as ${id}`);
  if (usesAny) lines.push(`  state "(any state)" as ${ANY}`);
  return [...lines, ...edges].join('\n') + '\n';
}

/** Whether `node` is `ancestor` or inside it. */
function isWithin(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  for (let n: AnyStateNode | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The state node at a dotted path (`connected.transferring`); a typed error names a wrong one. */
function stateAt(machine: AnyStateMachine, path: string): AnyStateNode {
  let node: AnyStateNode = machine.root;
  for (const key of path.split('.')) {
    const next = (node.states as Record<string, AnyStateNode>)[key];
    if (!next) throw new KefuError('KEFU_DIAGRAM_OPTIONS', `machine "${machine.id}" has no state "${path}"`);
    node = next;
  }
  return node;
}

/** An id not used by any state of the diagram. */
function uniqueId(ids: Map<AnyStateNode, string>, base: string): string {
  const used = new Set(ids.values());
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
  return id;
}

/**
 * The compound states of a machine, outermost first, as dotted paths: the states that get a
 * diagram of their own when a machine is drawn as an overview plus details.
 *
 * @example
 * compoundStatesOf(complaintMachine) //=> ['notStands', 'propose']
 */
export function compoundStatesOf(machine: AnyStateMachine): string[] {
  return stateNodesOf(machine)
    .filter((n) => n.parent && !isLeaf(n))
    .map((n) => n.path.join('.'));
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
