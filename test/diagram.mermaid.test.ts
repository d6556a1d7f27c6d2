/**
 * Every Mermaid diagram kefu generates, rendered by the real mermaid.js in headless Chromium
 * (Debian's `chromium`; CI installs it): the diagrams of docs/*.md and README.md, and what
 * `kefu diagram` prints for every machine and each of its compound states. A parse error, or
 * mermaid drawing its error picture, fails the test. Offline: every request is refused and
 * reported. Also loads every SVG `kefu diagram --format svg` writes, to show it fetches nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { complaintMachine } from 'kefu';
import { compoundStatesOf, toSvg } from 'kefu/diagram';
import { loadCatalog } from '../src/catalog/index.js';
import { main, type CliIO } from '../src/cli/main.js';
import { mermaidBlocks } from '../scripts/docs.js';
import { chromiumPath, hasChromium, openMermaidBrowser, type MermaidBrowser } from './support/mermaid-browser.js';

if (!hasChromium) console.warn(`diagrams in mermaid.js: skipped, no Chromium at ${chromiumPath} (install Debian's chromium, or set KEFU_CHROMIUM)`);

const root = new URL('..', import.meta.url);
const docs = ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** `kefu diagram ...args`, in-process. */
async function kefuDiagram(...args: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, readFile: async () => '' };
  const code = await main(['diagram', ...args], io);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout;
}

/**
 * The widest diagram the docs may hold, in CSS pixels at 100 %: GitHub and npm scale a wider one
 * down to the page (about 900 px), and past this the labels get too small to read.
 */
const maxDocWidth = 1600;

describe.skipIf(!hasChromium)('diagrams render in mermaid.js 11 (headless Chromium, offline)', () => {
  let browser: MermaidBrowser;
  beforeAll(async () => {
    browser = await openMermaidBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('every Mermaid block of README.md and docs/*.md renders, none wider than the page can show', async () => {
    let count = 0;
    for (const file of docs) {
      for (const [i, text] of mermaidBlocks(readFileSync(new URL(file, root), 'utf8')).entries()) {
        const result = await browser.render(text);
        expect(result.error, `${file}, diagram ${i + 1}`).toBeUndefined();
        expect(result.width, `${file}, diagram ${i + 1} is ${Math.round(result.width)} px wide`).toBeLessThanOrEqual(maxDocWidth);
        count++;
      }
    }
    expect(count).toBeGreaterThan((await loadCatalog()).length);
    expect(browser.requests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 300_000);

  it('kefu diagram renders for every machine; its overview and per-state output are the docs\' diagrams', async () => {
    const documented = new Set(mermaidBlocks(readFileSync(new URL('docs/diagrams.md', root), 'utf8')).map((t) => t.trimEnd()));
    for (const { name, machine } of await loadCatalog()) {
      const result = await browser.render(await kefuDiagram(name));
      expect(result.error, `kefu diagram ${name}`).toBeUndefined();
      expect(result.ok).toBe(true);
      const states = compoundStatesOf(machine);
      if (states.length) expect(documented.has((await kefuDiagram(name, '--depth', '1')).trimEnd()), `kefu diagram ${name} --depth 1`).toBe(true);
      for (const state of states) {
        expect(documented.has((await kefuDiagram(name, '--state', state, '--depth', '1')).trimEnd()), `kefu diagram ${name} --state ${state} --depth 1`).toBe(true);
      }
    }
    expect(browser.requests).toEqual([]);
  }, 300_000);

  it('a diagram mermaid cannot parse fails (the check can fail)', async () => {
    const result = await browser.render('stateDiagram-v2\n  a --> b\n  --\n  c --> d\n');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Parse error/);
  });

  it('SVG output is self-contained: nothing fetched when a browser shows it', async () => {
    const shown = await browser.show(await toSvg(complaintMachine));
    expect(shown.requests).toEqual([]);
    expect(shown.width).toBeGreaterThan(0);
    // The check can fail: a web font import is caught.
    const fetching = await browser.show('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(\'https://fonts.example.com/x.css\');</style><text y="10">x</text></svg>');
    expect(fetching.requests).toEqual(['https://fonts.example.com/x.css']);
  }, 300_000);
});
