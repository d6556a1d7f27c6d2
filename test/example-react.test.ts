import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveReactExample, type ExampleServer } from '../examples/react/serve.js';

/** Chromium from Debian's `chromium` package; CI installs it (.ci/run). */
const executablePath = process.env.KEFU_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(executablePath);
if (!hasChromium) {
  console.warn(`examples/react: skipped, no Chromium at ${executablePath} (install Debian's chromium, or set KEFU_CHROMIUM)`);
}

// The README's picture is rewritten only on request (KEFU_UPDATE_SCREENSHOT=1): a plain test run
// writes to .tmp so it never leaves the working tree changed (PNG bytes differ run to run).
const screenshotPath = fileURLToPath(
  new URL(process.env.KEFU_UPDATE_SCREENSHOT === '1' ? '../examples/react/screenshot.png' : '../.tmp/react-screenshot.png', import.meta.url),
);

/** Labels of the role switcher. */
const roleButton = { agent: '客服代表 Agent', supervisor: '客服主管 Supervisor', customer: '顾客 Customer' } as const;

describe.skipIf(!hasChromium)(`examples/react, the agent console, in headless Chromium${hasChromium ? '' : ` (skipped: no Chromium at ${executablePath})`}`, () => {
  let server: ExampleServer;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    server = await serveReactExample(0);
    profile = mkdtempSync(join(tmpdir(), 'kefu-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      // The viewer sits in Berlin, the case's calendar is Shanghai's: times must be converted.
      timezoneId: 'Europe/Berlin',
      locale: 'zh-CN',
      viewport: { width: 1360, height: 900 },
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

  /** The watched page: page errors and every request that leaves the example's server. */
  async function openConsole(): Promise<{ page: Page; errors: string[]; external: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('worklist').locator('li').count()).toBe(6);
    return { page, errors, external };
  }

  const step = (page: Page) => page.getByTestId('step').textContent();

  async function as(page: Page, role: keyof typeof roleButton) {
    await page.getByRole('radio', { name: roleButton[role] }).click();
    await expect.poll(() => page.getByRole('radio', { name: roleButton[role] }).getAttribute('aria-checked')).toBe('true');
  }

  /** Unfold an action card (steps of other roles and secondary actions start folded). */
  const unfold = (card: ReturnType<Page['getByTestId']>) => card.evaluate((el) => ((el as HTMLDetailsElement).open = true));

  /** Submit an action's form as it is prefilled, and expect it applied (the form closes or resets, no refusal). */
  async function take(page: Page, type: string) {
    const card = page.getByTestId(`action-${type}`);
    await unfold(card);
    const before = await page.getByTestId('log').locator('tbody tr').count();
    await card.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('log').locator('tbody tr').count()).toBe(before + 1);
    const last = await page.getByTestId('log').locator('tbody tr').first().textContent();
    expect(last, `${type} was refused`).toContain('✓');
  }

  it('shows the worklist with overdue cases first, times in the viewer’s zone', async () => {
    const { page, errors, external } = await openConsole();
    expect(await page.getByTestId('zone').textContent()).toBe('Europe/Berlin');
    // The overdue cases come first, marked red.
    const rows = page.getByTestId('worklist').locator('li');
    expect(await rows.first().textContent()).toContain('逾期');
    expect(await rows.last().textContent()).not.toContain('逾期');
    // The open case's acknowledgement is due 10:20 in Shanghai: 03:20 in Berlin (CET, GMT+1).
    await page.getByTestId('row-TS-2026-0141').click();
    const registerStep = await page.getByTestId('timeline-register').textContent();
    expect(registerStep).toContain('03:20');
    expect(registerStep).toMatch(/GMT\+1|CET|中欧/);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('ROLE-PERMIT: an agent’s approval is refused inline; the supervisor’s goes through, and the complaint is taken to closed', async () => {
    const { page, errors, external } = await openConsole();
    await page.getByTestId('row-TS-2026-0141').click();
    await expect.poll(() => step(page)).toContain('投诉受理');

    await as(page, 'agent');
    await take(page, 'COMPLAINT.REGISTER');
    await expect.poll(() => step(page)).toContain('投诉判断');

    // A rude reply is refused with the rule, inline, and the case stays where it was.
    const reply = page.getByTestId('action-REPLY.SEND');
    await unfold(reply);
    await reply.locator('textarea').fill('这个我不知道,不归我管');
    await reply.locator('button[type=submit]').click();
    await expect.poll(() => reply.getByTestId('refusal').textContent()).toContain('CP-LANGUAGE');
    expect(await step(page)).toContain('投诉判断');

    // The department picker offers the policy's directory.
    const department = page.getByTestId('action-ASSESS.VALID').locator('select[name=department]');
    expect(await department.locator('option').allTextContents()).toContain('维修部 Repair');
    // An emptied required field is refused before any rule runs, and the field is marked.
    const assess = page.getByTestId('action-ASSESS.VALID');
    const apology = assess.locator('[name=apology]');
    const apologyText = await apology.inputValue();
    await apology.fill('');
    await assess.locator('button[type=submit]').click();
    await expect.poll(() => apology.getAttribute('aria-invalid')).toBe('true');
    expect(await assess.getByTestId('refusal').textContent()).toContain('invalid-event');
    await apology.fill(apologyText);
    await take(page, 'ASSESS.VALID');
    await expect.poll(() => step(page)).toContain('展开调查');
    await take(page, 'INVESTIGATION.RECORD');
    await expect.poll(() => step(page)).toContain('提出处理方案');
    await take(page, 'PROPOSAL.ADD');
    await take(page, 'PROPOSAL.SUBMIT');

    // The agent tries the supervisor's step: refused under ROLE-PERMIT, shown where they clicked.
    const approve = page.getByTestId('action-SUPERVISOR.APPROVE');
    await unfold(approve);
    await approve.locator('button[type=submit]').click();
    await expect.poll(() => approve.getByTestId('refusal').textContent()).toContain('ROLE-PERMIT');
    const refusal = await approve.getByTestId('refusal').textContent();
    expect(refusal).toMatch(/客服主管/);
    expect(refusal).toMatch(/supervisor/);
    expect(await page.getByTestId('log').locator('tbody tr').first().textContent()).toContain('ROLE-PERMIT');
    expect(await step(page)).toContain('提出处理方案');

    await as(page, 'supervisor');
    await take(page, 'PROPOSAL.REVIEW'); // 一一过目: a verdict on the proposal first (CP-PROPOSE)
    await take(page, 'SUPERVISOR.APPROVE');
    await expect.poll(() => step(page)).toContain('实施处理方案');

    await as(page, 'agent');
    await take(page, 'CUSTOMER.NOTIFY');
    await as(page, 'customer');
    await take(page, 'CUSTOMER.ACCEPT');
    await as(page, 'agent');
    await take(page, 'ACCOUNTABILITY.RECORD'); // the direct responsible person (CP-ACCOUNTABILITY)
    await take(page, 'ACCOUNTABILITY.RECORD'); // and the department head
    await take(page, 'FEEDBACK.RECORD');
    await take(page, 'IMPLEMENTATION.COMPLETE');
    await expect.poll(() => step(page)).toContain('处理后回访');
    await take(page, 'FOLLOWUP.RECORD');
    await take(page, 'FOLLOWUP.COMPLETE');
    await expect.poll(() => step(page)).toContain('总结评价');

    await as(page, 'supervisor');
    await take(page, 'REVIEW.FILE');
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('已结案');
    expect(await page.getByTestId('closed-list').textContent()).toContain('TS-2026-0141');
    expect(await page.getByTestId('worklist').locator('li').count()).toBe(5);

    // The activity log is the runtime's history (AUDIT-TRAIL): who took each step.
    const history = page.getByTestId('log').locator('tbody tr');
    expect(await history.first().textContent()).toContain('赵敏');
    expect(await history.last().textContent()).toContain('立案');
    // The case file kefu exports masks the customer's data (PRIVACY).
    const caseFile = page.getByTestId('case-file');
    await caseFile.locator('summary').click();
    await expect.poll(() => caseFile.locator('pre').textContent()).toContain('投诉归档资料');
    const file = (await caseFile.locator('pre').textContent())!;
    expect(file).toContain('REVIEW.FILE');
    expect(file).not.toContain('1234 5678');
    expect(file).not.toContain('刘建国');

    // The screenshot the example's README shows: the agent at the supervisor's step, refused.
    await page.getByTestId('row-TS-2026-0133').click();
    await as(page, 'agent');
    const other = page.getByTestId('action-SUPERVISOR.APPROVE');
    await unfold(other);
    await other.locator('button[type=submit]').click();
    await expect.poll(() => other.getByTestId('refusal').textContent()).toContain('ROLE-PERMIT');
    await page.screenshot({ path: screenshotPath, fullPage: false });
    expect(statSync(screenshotPath).size).toBeGreaterThan(10_000);

    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });
});
