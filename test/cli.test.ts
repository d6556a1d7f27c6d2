import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ruleIds } from 'kefu';
import { rules } from 'kefu/rule-sources';
import { ruleSources } from 'kefu/rule-sources';
import { main, type CliIO } from '../src/cli/main.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Run the CLI in-process with captured streams and an in-memory file system. */
async function run(argv: string[], options: { files?: Record<string, string>; tty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty ?? false, columns: 100 },
    readFile: async (path) => {
      const text = options.files?.[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('kefu: usage and bad arguments', () => {
  it('help prints the usage and exits 0', async () => {
    const r = await run(['help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kefu demo [--cases N] [--seed S]');
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['help', 'policy'])).stdout).toContain('kefu policy --check <file.json>');
    expect((await run(['diagram', '--help'])).stdout).toContain('--format mermaid|ascii|svg');
  });

  it.each([
    [[]],
    [['launch']],
    [['help', 'launch']],
    [['rules', '--bogus']],
    [['rules', '--lang', 'fr']],
    [['rules', 'extra']],
    [['diagram']],
    [['diagram', 'nope']],
    [['diagram', 'complaint', '--format', 'png']],
    [['diagram', 'complaint', '--format']],
    [['diagram', 'complaint', '--depth', '0']],
    [['diagram', 'complaint', '--state', 'nowhere']],
    [['diagram', 'complaint', '--state', 'register']],
    [['diagram', 'complaint', '--format', 'ascii', '--depth', '1']],
    [['policy']],
    [['policy', '--check']],
    [['demo', '--cases', '0']],
    [['demo', '--cases', 'many']],
    [['demo', '--cases', '2.5']],
    [['demo', '--seed', '']],
    [['demo', 'now']],
    [['rules', '--json=yes']],
    [['help', '--json']],
  ])('bad arguments %j print usage to stderr and exit 2', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage:/);
    expect(r.stdout).toBe('');
  });

  it('an unknown machine is named along with the known ones', async () => {
    const r = await run(['diagram', 'nope']);
    expect(r.stderr).toContain('unknown machine "nope"; known: complaint');
  });
});

describe('kefu --version', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v', 'version']) expect(await run([flag])).toEqual({ code: 0, stdout: `kefu ${version}\n`, stderr: '' });
  });
});

describe('kefu rules', () => {
  it('lists every rule ID of the catalogue with its Chinese message by default', async () => {
    const r = await run(['rules']);
    expect(r.code).toBe(0);
    for (const id of ruleIds) expect(r.stdout).toContain(id);
    expect(r.stdout).toContain(rules['RV-3DAY'].zh);
    expect(r.stdout).toContain(`共 ${ruleIds.length} 条`);
  });

  it('--json prints every rule as data, both languages and the source words', async () => {
    const r = await run(['rules', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as Array<{ id: string; area: string; zh: string; en: string; source: string }>;
    expect(data.map((d) => d.id)).toEqual([...ruleIds]);
    expect(data.find((d) => d.id === 'RV-3DAY')).toEqual({ id: 'RV-3DAY', area: rules['RV-3DAY'].area, zh: rules['RV-3DAY'].zh, en: rules['RV-3DAY'].en, source: ruleSources['RV-3DAY'] });
  });

  it('--lang en gives the English messages', async () => {
    const r = await run(['rules', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(rules['MAIL-24H'].en);
    expect(r.stdout).not.toContain(rules['MAIL-24H'].zh);
  });
});

describe('kefu policy --check', () => {
  it('accepts a valid policy file', async () => {
    const r = await run(['policy', '--check', 'policy.json'], { files: { 'policy.json': JSON.stringify({ returnVisit: { maxMinutes: 3 }, email: { clock: 'business' } }) } });
    expect(r).toMatchObject({ code: 0, stdout: 'ok: policy.json is a valid kefu policy\n' });
  });

  it('names each invalid field and exits 1', async () => {
    const file = JSON.stringify({ email: { replyWithinHours: 48 }, returnVisit: { quietHours: [['21:00', '25:00']] }, bonus: true });
    const r = await run(['policy', '--check', 'policy.json'], { files: { 'policy.json': file } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('email.replyWithinHours: the documents allow at most 24 hours');
    expect(r.stderr).toContain('returnVisit.quietHours.0.1');
    expect(r.stderr).toContain('bonus: unknown field');
  });

  it('--json prints the verdict as data: valid, or each problem by path (exit 1)', async () => {
    const ok = await run(['policy', '--check', 'p.json', '--json'], { files: { 'p.json': '{"returnVisit":{"maxMinutes":3}}' } });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ file: 'p.json', valid: true, problems: [] });
    const bad = await run(['policy', '--check', 'p.json', '--json'], { files: { 'p.json': '{"email":{"replyWithinHours":48},"bonus":true}' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('');
    const verdict = JSON.parse(bad.stdout) as { valid: boolean; problems: Array<{ path: string; message: string }> };
    expect(verdict.valid).toBe(false);
    expect(verdict.problems.map((p) => p.path).sort()).toEqual(['bonus', 'email.replyWithinHours']);
    const missing = await run(['policy', '--check', 'gone.json', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ valid: false, problems: [{ path: '', message: expect.stringContaining('cannot read gone.json') }] });
  });

  it("ROLE-PERMIT: checks a permission override against its machine's own table (every machine is loaded), naming a misspelt event", async () => {
    const good = { roles: { permissions: { 'quality-audit': { 'TRAINING.RECORD': ['quality'] } } } };
    expect((await run(['policy', '--check', 'p.json'], { files: { 'p.json': JSON.stringify(good) } })).code).toBe(0);
    const typo = { roles: { permissions: { 'quality-audit': { 'TRAINING.RECROD': ['quality'] } } } };
    const bad = await run(['policy', '--check', 'p.json', '--json'], { files: { 'p.json': JSON.stringify(typo) } });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, problems: [{ path: 'roles.permissions.quality-audit.TRAINING.RECROD' }] });
  });

  it('a file that is not JSON, not an object, or missing exits 1', async () => {
    expect((await run(['policy', '--check', 'a.json'], { files: { 'a.json': '{ nope' } })).stderr).toContain('is not valid JSON');
    expect((await run(['policy', '--check', 'a.json'], { files: { 'a.json': '[1]' } })).code).toBe(1);
    const missing = await run(['policy', '--check', 'missing.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read missing.json: ENOENT');
  });
});

describe('kefu diagram', () => {
  it('prints Mermaid by default, ASCII and SVG on request', async () => {
    const mermaid = await run(['diagram', 'complaint']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.startsWith('stateDiagram-v2\n')).toBe(true);
    const ascii = await run(['diagram', 'complaintMachine', '--format', 'ascii']);
    expect(ascii.code).toBe(0);
    expect(ascii.stdout).toContain('COMPLAINT.REGISTER [isFormComplete]');
    const svg = await run(['diagram', 'complaint', '--format=svg']);
    expect(svg.code).toBe(0);
    expect(svg.stdout.startsWith('<svg')).toBe(true);
  });

  it('--json prints the chart as data with the diagram as text', async () => {
    const r = await run(['diagram', 'complaint', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { machine: string; initial: string; states: Array<{ path: string; zh?: string }>; transitions: Array<{ from: string | null; to: string[]; trigger: string; guard?: string }>; text: string };
    expect(data.machine).toBe('complaint');
    expect(data.initial).toBe('register');
    expect(data.states).toContainEqual(expect.objectContaining({ path: 'propose.awaitingApproval', type: 'atomic' }));
    expect(data.transitions).toContainEqual({ from: 'register', to: ['assess'], kind: 'event', trigger: 'COMPLAINT.REGISTER', guard: 'isFormComplete' });
    expect(data.transitions).toContainEqual(expect.objectContaining({ from: null, trigger: 'REPLY.SEND' }));
    expect(data.text.startsWith('stateDiagram-v2\n')).toBe(true);
  });

  it('--depth 1 prints the overview, --state one compound state', async () => {
    const overview = await run(['diagram', 'call', '--depth', '1']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain('state "connected · 通话中 (+)" as connected\n');
    expect(overview.stdout).not.toContain('connected_talking');
    const inside = await run(['diagram', 'call', '--state', 'connected.transferring', '--depth', '1']);
    expect(inside.code).toBe(0);
    expect(inside.stdout).toContain('state "connected.transferring · 转接业务" as connected_transferring {');
    expect(inside.stdout).toContain('state "warm · 咨询转接 (+)" as connected_transferring_warm\n');
    const wrong = await run(['diagram', 'call', '--state', 'ringing']);
    expect(wrong.stderr).toContain('"ringing" is not a compound state of call; these are: connected, connected.talking');
  });
});

describe('kefu demo', () => {
  it('--json prints the day as data, customers masked, without the walkthroughs', async () => {
    const r = await run(['demo', '--cases', '12', '--seed', '5', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { seed: string; cases: number; records: { cases: Array<{ caseId: string; customer: { name: string; phone: string; address?: string } }>; complaints: unknown[]; refusals: unknown[] } };
    expect(data).toMatchObject({ seed: '5', cases: 12 });
    expect(data.records.cases.length).toBeGreaterThanOrEqual(12);
    for (const c of data.records.cases) {
      expect(c.customer.name).toMatch(/^.\*+$/u);
      expect(c.customer.phone).toMatch(/^\d{3}\*+\d{4}$/);
      expect(c.customer).not.toHaveProperty('address');
    }
    expect(r.stdout).not.toContain('典型流程');
    // The same day as the tables: the same seed gives the same counts.
    const text = await run(['demo', '--cases', '12', '--seed', '5']);
    expect(text.stdout).toContain(`seed 5 · 12 cases`);
  });

  it('is deterministic for a seed', async () => {
    const a = await run(['demo', '--cases', '12', '--seed', '42']);
    const b = await run(['demo', '--cases', '12', '--seed', '42']);
    const c = await run(['demo', '--cases', '12', '--seed', '43']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  });

  it('starts with the walkthroughs and ends with the reports as tables, every process in them', async () => {
    const r = await run(['demo', '--cases', '30', '--seed', '7']);
    for (const title of ['典型流程 · Walkthroughs', '顾客投诉分类统计表 · Complaint classification statistics', '回访汇总 · Return-visit summary', 'SLA 达标率 · SLA compliance', '转接 · Transfers', '规则拦截']) {
      expect(r.stdout).toContain(title);
    }
    expect(r.stdout).toMatch(/seed 7 · 30 cases/);
    const cases = r.stdout.slice(r.stdout.indexOf('案件概况 · Cases'));
    const counts = ['call', 'complaint', 'return-visit', 'email', 'chat'].map((p) => Number(new RegExp(`│ ${p}\\s+│\\s+(\\d+) │`).exec(cases)?.[1] ?? 0));
    expect(counts.every((n) => n > 0)).toBe(true);
  });

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    expect((await run(['demo', '--cases', '3'])).stderr).toBe('');
    const tty = await run(['demo', '--cases', '3'], { tty: true });
    expect(tty.stderr).toContain('100%');
  });

  it('runs as a program: npx tsx src/cli/main.ts', async () => {
    const exec = promisify(execFile);
    const ok = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'rules', '--lang', 'en'], { cwd: root });
    expect(ok.stdout).toContain('MAIL-24H');
    const bad = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--cases', 'none'], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toContain('Usage: kefu demo');
  }, 300_000);
});
