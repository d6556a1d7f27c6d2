import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const pages = ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (page: string) => readFileSync(new URL(page, root), 'utf8');

describe('README and docs agree with the repository', () => {
  it('every relative link points at a file of the repository', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target] of read(page).matchAll(/\]\(((?!https?:|#|mailto:)[^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (!existsSync(new URL(target!, new URL(page, root)))) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('no page cites a design file that is not in the repository', () => {
    for (const page of pages) expect(read(page), page).not.toMatch(/\bDESIGN\.md\b/);
  });

  it("no source under src/ cites it either: its JSDoc ships in the package's .d.ts", () => {
    const sources = readdirSync(new URL('src/', root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => /\bDESIGN\.md\b/.test(read(`src/${f}`)))).toEqual([]);
  });

  it('every Node.js version a page states is the one package.json requires', () => {
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    const required = engines.node.replace(/^>=/, '');
    expect(required).toBe('20.19');
    for (const page of pages) {
      for (const [mention, version] of read(page).matchAll(/Node(?:\.js)?(?: \|)? (\d+(?:\.\d+)?)(?:\+| or later)/g)) expect(version, `${page}: "${mention}"`).toBe(required);
    }
  });
});
