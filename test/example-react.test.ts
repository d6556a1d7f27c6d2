import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { serveReactExample, type ExampleServer } from '../examples/react/serve.js';

/** Chromium from Debian's `chromium` package; CI installs it (.ci/run). */
const executablePath = process.env.KEFU_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(executablePath);
if (!hasChromium) {
  console.warn(`examples/react: skipped, no Chromium at ${executablePath} (install Debian's chromium, or set KEFU_CHROMIUM)`);
}

describe.skipIf(!hasChromium)(`examples/react in headless Chromium${hasChromium ? '' : ` (skipped: no Chromium at ${executablePath})`}`, () => {
  let server: ExampleServer;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    server = await serveReactExample(0);
    profile = mkdtempSync(join(tmpdir(), 'kefu-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('clicks through two steps of the complaint (受理 → 判断 → 调查) and shows a rule refusal', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });

    await page.goto(server.url);
    const step = page.getByTestId('step');
    await expect.poll(() => step.textContent()).toContain('投诉受理');

    await page.getByRole('button', { name: '受理 Register' }).click();
    await expect.poll(() => step.textContent()).toContain('投诉判断');

    await page.getByRole('button', { name: '投诉成立 It stands' }).click();
    await expect.poll(() => step.textContent()).toContain('展开调查');
    expect(await page.getByTestId('state').textContent()).toBe('investigate');

    // A reply with a forbidden phrase is refused: the page says which rule.
    await page.getByRole('button', { name: /Reply rudely/ }).click();
    await expect.poll(() => page.getByTestId('outcome').textContent()).toContain('CP-LANGUAGE');
    expect(await page.getByTestId('state').textContent()).toBe('investigate');

    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });
});
