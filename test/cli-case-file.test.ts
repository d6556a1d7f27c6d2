import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../src/cli/main.js';
import { runWalkthroughs } from '../src/cli/demo/walkthrough.js';
import type { CaseFile } from 'kefu/runtime';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, readFile: async () => '' };
  return { code: await main(argv, io), stdout, stderr };
}

describe('kefu case-file', () => {
  it('AUDIT-TRAIL: prints the complaint file (投诉归档资料) of the walkthrough complaint: every step with who and when, closed', async () => {
    const r = await run(['case-file']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# 投诉归档资料 · Complaint file — C-WALK-01\n')).toBe(true);
    expect(r.stdout).toContain('| 当前步骤 Step | 结案 (closed) |');
    const { complaints } = await runWalkthroughs();
    const rows = r.stdout.split('\n').filter((l) => /^\| \d+ \| /.test(l));
    // the opening, then one row per event the walkthrough sent (applied or refused)
    expect(rows).toHaveLength(complaints[0]!.steps.length + 1);
    expect(rows[1]).toMatch(/\| 2 \| 2026-12-01T01:40:00\.000Z \| \S+ \(agent\) \| COMPLAINT\.REGISTER \| 已执行 applied \| 投诉受理 → 投诉判断 \|/);
    expect(r.stdout).toContain('| register | 投诉受理 | register the complaint on the form |');
  });

  it('AUDIT-TRAIL: a refused attempt of the walkthrough is in the file with its rule (C-WALK-02, CP-LANGUAGE)', async () => {
    const r = await run(['case-file', '--case', 'C-WALK-02']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| EXPLANATION\.GIVE \| 已拒绝 refused CP-LANGUAGE: [^|]+\/ [^|]+\|/);
    expect(r.stdout).toContain('| 当前步骤 Step | 结案 (closedNotStands) |');
  });

  it('PRIVACY: the printed file masks the customers; JSON gives the same file as data', async () => {
    const { customers } = await runWalkthroughs();
    const md = await run(['case-file']);
    const json = await run(['case-file', '--format', 'json']);
    for (const text of [md.stdout, json.stdout]) {
      for (const c of customers) {
        expect(text).not.toContain(c.name);
        expect(text).not.toContain(c.phone);
      }
      expect(text).not.toContain('保养后发动机异响');
    }
    const file = JSON.parse(json.stdout) as CaseFile;
    expect(file).toMatchObject({ kind: 'kefu.caseFile', caseId: 'C-WALK-01', masked: true, status: 'done' });
  });

  it('bad arguments exit 2 with the usage', async () => {
    const r = await run(['case-file', '--case', 'C-NOPE']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--case must be one of C-WALK-01, C-WALK-02');
    expect((await run(['case-file', '--format', 'pdf'])).code).toBe(2);
    expect((await run(['help', 'case-file'])).stdout).toContain('Usage: kefu case-file');
  });

  it('AUDIT-TRAIL: kefu demo prints the first complaint\'s file after the walkthroughs', async () => {
    const r = await run(['demo', '--cases', '1']);
    expect(r.code).toBe(0);
    const file = r.stdout.indexOf('# 投诉归档资料 · Complaint file — C-WALK-01');
    expect(file).toBeGreaterThan(r.stdout.indexOf('典型流程'));
    expect(file).toBeLessThan(r.stdout.indexOf('kefu demo · 客服模拟日'));
  });
});
