import { readFileSync } from 'node:fs';

/** Code compared line by line: trimmed, blank lines, imports and the example markers left out. */
const strip = (code: string) =>
  code
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('import ') && !l.startsWith('// example:'))
    .join('\n');

/**
 * A guide's TypeScript example and the code a test runs for it (between `// example:start` and
 * `// example:end` in the test file), both stripped the same way, for a test to compare: the
 * example in docs/ is then the code that is run.
 *
 * @param doc the guide's file name under docs/, e.g. `'chat.md'`
 * @param testUrl the test's `import.meta.url`
 * @param which the guide's first or last ```ts block
 */
export function docExample(doc: string, testUrl: string, which: 'first' | 'last' = 'first'): { readonly doc: string; readonly code: string } {
  const md = readFileSync(new URL(`../../docs/${doc}`, import.meta.url), 'utf8');
  const blocks = [...md.matchAll(/```ts\n([\s\S]*?)```/g)];
  const block = (which === 'first' ? blocks[0] : blocks[blocks.length - 1])?.[1] ?? '';
  const self = readFileSync(new URL(testUrl), 'utf8');
  const body = self.slice(self.indexOf('// example:start'), self.indexOf('// example:end'));
  return { doc: strip(block), code: strip(body) };
}
