import { loadCatalog } from '../../catalog/index.js';
import { diagramFormats, renderDiagram } from '../../diagram/index.js';
import { oneOf, parse } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { usage } from '../usage.js';

/** `kefu diagram <machine> [--format mermaid|ascii|svg]`. */
export async function diagramCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals, help } = parse(args, ['format'], { min: 1, max: 1 });
  if (help) {
    io.stdout.write(usage.diagram);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format, diagramFormats, 'mermaid');
  const name = positionals[0]!;
  const catalog = await loadCatalog();
  const entry = catalog.find((m) => m.name === name) ?? catalog.find((m) => m.exportName === name) ?? catalog.find((m) => m.module === name);
  if (!entry) throw new UsageError(`unknown machine "${name}"; known: ${catalog.map((m) => m.name).join(', ')}`);
  const text = await renderDiagram(entry.machine, { format });
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return EXIT.ok;
}
