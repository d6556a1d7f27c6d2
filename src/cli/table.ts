/**
 * Plain-text tables for the terminal. Chinese characters take two columns there, so widths
 * are measured in display columns, not string length.
 */

/** Display width of a code point: 2 for East Asian wide and fullwidth characters, else 1. */
function charWidth(code: number): number {
  if (code < 0x1100) return 1;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/**
 * How many terminal columns a string takes.
 *
 * @example
 * displayWidth('投诉 ok') //=> 7
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

const pad = (text: string, width: number, align: 'left' | 'right') => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
};

/** A column of a {@link renderTable} table. */
export interface Column {
  readonly header: string;
  /** @default 'left' */
  readonly align?: 'left' | 'right';
  /** Wrap cells wider than this many columns (at spaces, or anywhere in Chinese text). */
  readonly maxWidth?: number;
}

/** Split a cell into lines of at most `width` display columns. */
function wrap(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  // Tokens: runs of non-space Latin characters stay whole; CJK characters and spaces stand alone.
  for (const token of text.match(/[\u0021-\u024f]+|\s|./gu) ?? []) {
    if (displayWidth(line + token) > width && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = token.trim() === '' ? '' : token;
    } else {
      line += token;
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/**
 * A boxed table with a title line.
 *
 * @example
 * renderTable('Rules', [{ header: 'id' }], [['RV-3DAY']])
 */
export function renderTable(title: string, columns: readonly Column[], rows: ReadonlyArray<ReadonlyArray<string | number>>, options: { footer?: ReadonlyArray<string | number> } = {}): string {
  const all = options.footer ? [...rows, options.footer] : rows;
  const cells = all.map((row) => row.map((cell, i) => wrap(String(cell), columns[i]?.maxWidth ?? Infinity)));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.flatMap((r) => (r[i] ?? ['']).map(displayWidth))));
  const line = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const row = (r: readonly (readonly string[])[], header = false) => {
    const height = Math.max(1, ...r.map((c) => c.length));
    return Array.from({ length: height }, (_, k) =>
      `│${widths.map((w, i) => ` ${pad(r[i]?.[k] ?? '', w, header ? 'left' : (columns[i]?.align ?? 'left'))} `).join('│')}│`,
    ).join('\n');
  };
  const out = [title, line('┌', '┬', '┐'), row(columns.map((c) => [c.header]), true), line('├', '┼', '┤')];
  cells.forEach((r, i) => {
    if (options.footer && i === cells.length - 1) out.push(line('├', '┼', '┤'));
    out.push(row(r));
  });
  out.push(line('└', '┴', '┘'));
  return out.join('\n');
}
