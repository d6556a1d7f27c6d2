/**
 * `kefu/diagram` — pictures of any XState machine, generated from the chart itself:
 * Mermaid `stateDiagram-v2` text (for READMEs), a terminal picture and SVG (both offline,
 * rendered with beautiful-mermaid, loaded on first use).
 */
export { toMermaid, compoundStatesOf } from './mermaid.js';
export type { MermaidOptions } from './mermaid.js';
export { renderDiagram, toAscii, toSvg, diagramFormats, svgFontStack } from './render.js';
export type { DiagramFormat, RenderDiagramOptions } from './render.js';
