import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { loadCatalog } from '../../catalog/index.js';
import { compoundStatesOf, diagramFormats, renderDiagram } from '../../diagram/index.js';
import { oneOf, parse, writeJson } from '../args.js';
import { stateNodesOf, transitionsOf } from '../../catalog/index.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { usage } from '../usage.js';

/**
 * `kefu diagram <machine> [--format mermaid|ascii|svg] [--state <path>] [--depth N] [--json]`.
 * With `--json`: the chart as data (states, transitions) and the rendered diagram as `text`.
 */
export async function diagramCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals, help, json } = parse(args, ['format', 'state', 'depth'], { min: 1, max: 1 }, { json: true });
  if (help) {
    io.stdout.write(usage.diagram);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format, diagramFormats, 'mermaid');
  const name = positionals[0]!;
  const catalog = await loadCatalog();
  const entry = catalog.find((m) => m.name === name) ?? catalog.find((m) => m.exportName === name) ?? catalog.find((m) => m.module === name);
  if (!entry) throw new UsageError(`unknown machine "${name}"; known: ${catalog.map((m) => m.name).join(', ')}`);
  const depth = values.depth === undefined ? undefined : Number(values.depth);
  if (depth !== undefined && !(Number.isInteger(depth) && depth >= 1)) throw new UsageError(`--depth must be a whole number from 1 (got "${values.depth}")`);
  if (format === 'ascii' && (values.state !== undefined || depth !== undefined)) throw new UsageError('--state and --depth apply to the mermaid and svg formats');
  const state = values.state;
  if (state !== undefined && !compoundStatesOf(entry.machine).includes(state)) {
    throw new UsageError(`"${state}" is not a compound state of ${entry.name}; these are: ${compoundStatesOf(entry.machine).join(', ') || '(none)'}`);
  }
  const text = await renderDiagram(entry.machine, { format, ...(state !== undefined && { state }), ...(depth !== undefined && { depth }) });
  if (json) {
    writeJson(io.stdout, { machine: entry.name, ...chartData(entry.machine), format, ...(state !== undefined && { state }), ...(depth !== undefined && { depth }), text });
    return EXIT.ok;
  }
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return EXIT.ok;
}

/** A chart as data: every state by dotted path, every transition with its trigger and guard. */
function chartData(machine: AnyStateMachine) {
  const pathOf = (node: AnyStateNode) => node.path.join('.');
  const states = stateNodesOf(machine)
    .filter((n) => n.parent)
    .map((n) => {
      const zh = (n.meta as { zh?: unknown } | undefined)?.zh;
      const initial = n.initial?.target?.[0] as AnyStateNode | undefined;
      return {
        path: pathOf(n),
        type: n.type,
        ...(typeof zh === 'string' && { zh }),
        ...(typeof n.description === 'string' && { description: n.description }),
        ...(initial && { initial: pathOf(initial) }),
      };
    });
  const transitions = stateNodesOf(machine).flatMap((n) =>
    transitionsOf(n).map((t) => ({
      from: n.parent ? pathOf(n) : null,
      to: t.targets.map(pathOf),
      kind: t.kind,
      trigger: t.trigger,
      ...(t.guardLabel !== undefined && { guard: t.guardLabel }),
    })),
  );
  return { initial: (machine.root.initial?.target?.[0] as AnyStateNode | undefined)?.path.join('.') ?? null, states, transitions };
}
