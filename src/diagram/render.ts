import type { AnyStateMachine } from 'xstate';
import { KefuError } from '../errors/kefu-error.js';
import { selfTransitionsOf, toMermaid, type MermaidOptions } from './mermaid.js';

/** The formats a diagram can be rendered in. */
export type DiagramFormat = 'mermaid' | 'ascii' | 'svg';

/** Every diagram format, for argument checking. */
export const diagramFormats: readonly DiagramFormat[] = Object.freeze(['mermaid', 'ascii', 'svg']);

/** Options of {@link renderDiagram}. */
export interface RenderDiagramOptions extends MermaidOptions {
  /** @default 'mermaid' */
  readonly format?: DiagramFormat;
  /** ASCII only: plain `+-|` characters instead of Unicode box drawing. @default false */
  readonly plainAscii?: boolean;
}

type BeautifulMermaid = typeof import('beautiful-mermaid');

// An optional peer dependency, loaded on first use: `toMermaid` needs nothing, and hosts that
// only want Mermaid text do not install the layout engine (beautiful-mermaid and elkjs, ~11 MB).
async function loadRenderer(): Promise<BeautifulMermaid> {
  try {
    return await import('beautiful-mermaid');
  } catch (cause) {
    throw new KefuError(
      'KEFU_DIAGRAM_RENDERER',
      'ASCII and SVG diagrams need the optional package beautiful-mermaid: run `npm install beautiful-mermaid`. Mermaid text (toMermaid, kefu diagram --format mermaid) needs nothing.',
      { cause },
    );
  }
}

/**
 * The machine as a terminal picture (beautiful-mermaid's ASCII renderer, offline) with a
 * legend. Terminal layouts cannot place long edge labels or loops legibly, so the picture
 * uses the `flat` layout with numbered edges; the legend under it gives each number's
 * transition (`EVENT [guard]`), then the transitions that stay in their state (deadline
 * escalations, records).
 *
 * Chinese state names are left out: terminals give CJK characters two columns and the boxes
 * would not line up.
 */
export async function toAscii(machine: AnyStateMachine, options: Omit<RenderDiagramOptions, 'format'> = {}): Promise<string> {
  const { renderMermaidASCII } = await loadRenderer();
  const text = toMermaid(machine, { ...options, layout: 'flat', selfTransitions: false, chineseNames: false });
  const legend: string[] = [];
  // The picture shows state paths (`notStands.explaining`); so does the legend.
  const names = new Map([...text.matchAll(/^\s*state "([^"]+)" as (\S+)$/gm)].map((m) => [m[2]!, m[1]!]));
  const name = (id: string) => names.get(id) ?? id;
  // Edge lines are `  from --> to : label`; number them in order.
  const numbered = text.replace(/^ {2}(\S+) --> (\S+) : (.*)$/gm, (_line, from: string, to: string, label: string) => {
    legend.push(`${name(from)} → ${name(to)}  ${label}`);
    return `  ${from} --> ${to} : ${legend.length}`;
  });
  const picture = renderMermaidASCII(numbered, { colorMode: 'none', useAscii: options.plainAscii ?? false, paddingX: 2, paddingY: 1, boxBorderPadding: 1 })
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
  const pad = String(legend.length).length;
  const out = [picture, '', 'Transitions:', ...legend.map((l, i) => `  ${String(i + 1).padStart(pad)}  ${l}`)];
  const loops = selfTransitionsOf(machine);
  if (loops.length) {
    const width = Math.max(...loops.map(([state]) => state.length));
    out.push('', 'In-state transitions (actions only, the state does not change):');
    for (const [state, labels] of loops) out.push(`  ${state.padEnd(width)}  ${labels.join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** Fonts every system has: the SVG names no web font, so it renders offline and the same everywhere. */
export const svgFontStack =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
const svgMonoStack = "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/**
 * The machine as a self-contained SVG (beautiful-mermaid, no browser), from the nested
 * Mermaid diagram, with in-state transitions drawn as loops (the renderer does not draw state
 * descriptions). Self-contained: system fonts only, no `@import`, no URL to fetch.
 */
export async function toSvg(machine: AnyStateMachine, options: Omit<RenderDiagramOptions, 'format'> = {}): Promise<string> {
  const { renderMermaidSVG } = await loadRenderer();
  const text = toMermaid(machine, { ...options, selfTransitions: options.selfTransitions === false ? false : true });
  const svg = renderMermaidSVG(text, { font: 'system-ui' });
  // beautiful-mermaid always @imports its font from Google Fonts; drop that, name system fonts.
  return svg
    .replace(/^\s*@import url\([^)]*\);\s*$\n?/gm, '')
    .replace(/(text \{ font-family: )[^;]*;/, `$1${svgFontStack};`)
    .replace(/(\.mono \{ font-family: )[^;]*;/, `$1${svgMonoStack};`);
}

/**
 * Render a machine's diagram in any format: Mermaid text, a terminal picture, or SVG.
 *
 * @example
 * await renderDiagram(complaintMachine, { format: 'svg' }) //=> '<svg ...'
 */
export async function renderDiagram(machine: AnyStateMachine, options: RenderDiagramOptions = {}): Promise<string> {
  const { format = 'mermaid', ...rest } = options;
  switch (format) {
    case 'mermaid':
      return toMermaid(machine, rest);
    case 'ascii':
      return toAscii(machine, rest);
    case 'svg':
      return toSvg(machine, rest);
  }
}
