/**
 * Renders Mermaid text with the real `mermaid` package in headless Chromium (Debian's
 * `chromium`, as the React example's test uses), offline: every request the page makes
 * other than the inline page is refused and reported.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Chromium from Debian's `chromium` package; CI installs it (.ci/run). */
export const chromiumPath = process.env.KEFU_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

/** What rendering one diagram gave. */
export interface MermaidResult {
  readonly ok: boolean;
  readonly error?: string;
  /** Width and height of the SVG's viewBox, in px. */
  readonly width: number;
  readonly height: number;
}

/** A Chromium page with mermaid.js loaded. */
export interface MermaidBrowser {
  render(text: string): Promise<MermaidResult>;
  /** Show an SVG document in a fresh page; what it tried to fetch, and its width. */
  show(svg: string): Promise<{ requests: string[]; width: number }>;
  /** URLs the pages tried to fetch (all refused). */
  readonly requests: readonly string[];
  /** Uncaught page errors. */
  readonly pageErrors: readonly string[];
  close(): Promise<void>;
}

const mermaidScript = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

export async function openMermaidBrowser(): Promise<MermaidBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'kefu-mermaid-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const requests: string[] = [];
    const pageErrors: string[] = [];
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const page: Page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: mermaidScript });
    await page.evaluate(() => {
      (globalThis as any).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    });
    let n = 0;
    const ctx = context;
    return {
      requests,
      pageErrors,
      async render(text) {
        const id = `d${n++}`;
        return page.evaluate(
          async ({ id, text }) => {
            const mermaid = (globalThis as any).mermaid;
            try {
              await mermaid.parse(text);
              const { svg } = await mermaid.render(id, text);
              const box = document.createElement('div');
              box.innerHTML = svg;
              const el = box.querySelector('svg')!;
              const vb = (el.getAttribute('viewBox') ?? '0 0 0 0').split(/\s+/).map(Number);
              if (/Syntax error in text/.test(svg)) return { ok: false, error: 'mermaid drew its error picture', width: vb[2]!, height: vb[3]! };
              return { ok: true, width: vb[2]!, height: vb[3]! };
            } catch (e) {
              document.getElementById(`d${id}`)?.remove();
              return { ok: false, error: String((e as Error)?.message ?? e), width: 0, height: 0 };
            }
          },
          { id, text },
        );
      },
      async show(svg) {
        const before = requests.length;
        const viewer = await ctx.newPage();
        try {
          await viewer.setContent(`<!doctype html><html><body>${svg}</body></html>`);
          await viewer.waitForLoadState('networkidle');
          const width = await viewer.evaluate(() => document.querySelector('svg')?.getBoundingClientRect().width ?? 0);
          return { requests: requests.slice(before), width };
        } finally {
          await viewer.close();
        }
      },
      async close() {
        await ctx.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
