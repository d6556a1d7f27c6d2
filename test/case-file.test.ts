/**
 * AUDIT-TRAIL + PRIVACY: the case file (投诉归档资料 for a complaint) — the case, its history and
 * the step names in zh/en, personal data masked unless the host reveals it. On the in-memory
 * store and on PostgreSQL (PGlite; the server at KEFU_PG_URL when set).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintMachine } from 'kefu';
import { createCaseRuntime, isCaseNotFoundError, type CaseFile, type CaseRuntime } from 'kefu/runtime';
import { createPostgresRuntime } from 'kefu/postgres';
import { form, T } from './support/complaint.js';
import { dropTarget, pgBackends, type PgBackend } from './support/runtime-pg.js';

const agent = { id: 'agent-07', role: 'agent' } as const;
const customer = { id: '13800138000', role: 'customer' } as const;
const named = { id: '小刘', role: 'agent' } as const;
const personal = ['王先生', '138 0013 8000', '13800138000', '小刘', '保养后发动机异响', '免费复检并修好'];

type Open = () => Promise<{ runtime: CaseRuntime<unknown>; close: () => Promise<void> }>;
const memory: [string, Open] = ['memory', async () => {
  const runtime = createCaseRuntime({ machines: [complaintMachine] }) as CaseRuntime<unknown>;
  return { runtime, close: () => runtime.stop() };
}];
const postgres = (backend: PgBackend): [string, Open] => [backend.name, async () => {
  const { db, target, cleanup } = await backend.open();
  const runtime = await createPostgresRuntime({ db, schema: target.schema, bossSchema: target.bossSchema, machines: [complaintMachine] });
  return {
    runtime: runtime as unknown as CaseRuntime<unknown>,
    close: async () => {
      await runtime.close();
      await cleanup();
      await dropTarget(backend, target);
    },
  };
}];

describe.each([memory, ...pgBackends().map(postgres)])('AUDIT-TRAIL: the case file (%s)', (_name, open) => {
  let runtime: CaseRuntime<unknown>;
  let close: () => Promise<void>;
  const caseId = form.caseId;

  beforeAll(async () => {
    ({ runtime, close } = await open());
    const { content: _, ...draft } = form;
    await runtime.open(caseId, 'complaint', { form: draft }, { now: T('09:31'), by: agent, eventId: 'open' });
    await runtime.send(caseId, { type: 'COMPLAINT.REGISTER' }, { now: T('09:33'), by: named, eventId: 'reg-1' }); // refused: CP-REGISTER
    await runtime.send(caseId, { type: 'FORM.UPDATE', fields: { content: form.content } }, { now: T('09:35'), by: customer, eventId: 'upd-1' });
    await runtime.send(caseId, { type: 'FORM.UPDATE', fields: { content: form.content } }, { now: T('09:36'), by: agent, eventId: 'upd-2' });
    await runtime.send(caseId, { type: 'COMPLAINT.REGISTER' }, { now: T('09:40'), by: agent, eventId: 'reg-2' });
  }, 300_000);
  afterAll(async () => {
    await close?.();
  });

  it('AUDIT-TRAIL: the complaint file (投诉归档资料) holds the case, its whole history and the step names in zh/en', async () => {
    const file: CaseFile = await runtime.exportCaseFile(caseId);
    expect(file).toMatchObject({
      kind: 'kefu.caseFile',
      title: { zh: '投诉归档资料', en: 'Complaint file' },
      caseId,
      machine: 'complaint',
      status: 'active',
      state: 'assess',
      step: [{ key: 'assess', zh: '投诉判断' }],
      openedAt: new Date(T('09:31')).toISOString(),
      masked: true,
    });
    expect(file.history.map((e) => [e.seq, e.eventType, e.outcome, e.rules])).toEqual([
      [1, 'kefu.open', 'applied', []],
      [2, 'COMPLAINT.REGISTER', 'refused', ['CP-REGISTER']],
      [3, 'FORM.UPDATE', expect.any(String), expect.any(Array)],
      [4, 'FORM.UPDATE', 'applied', []],
      [5, 'COMPLAINT.REGISTER', 'applied', []],
    ]);
    expect(file.history[4]).toMatchObject({ from: [{ key: 'register', zh: '投诉受理' }], to: [{ key: 'assess', zh: '投诉判断' }], by: agent });
    expect(file.steps).toContainEqual({ key: 'register', zh: '投诉受理', en: 'register the complaint on the form' });
    expect(file.steps.map((s) => s.zh)).toEqual(expect.arrayContaining(['投诉受理', '投诉判断', '展开调查', '提出处理方案', '实施处理方案', '处理后回访', '总结评价']));
    expect(file.deadlines.length).toBeGreaterThan(0);
    // JSON-safe
    expect(JSON.parse(JSON.stringify(file))).toEqual(file);
  });

  it('PRIVACY: by default the name, phone, content and a customer\'s id are masked; staff ids that are ids pass', async () => {
    const file = await runtime.exportCaseFile(caseId);
    const text = JSON.stringify(file);
    for (const p of personal) expect(text).not.toContain(p);
    expect((file.context as { form: { complainant: string } }).form.complainant).toBe('[redacted]');
    expect(file.history[1]!.by).toEqual({ id: '[redacted]', role: 'agent' }); // 小刘 is a name
    expect(file.history[2]!.by).toEqual({ id: '[redacted]', role: 'customer' });
    expect(file.history[3]!.details).toEqual({ fields: { content: '[redacted]' } }); // the event as sent (no `at`: the clock gave it)
    const markdown = await runtime.exportCaseFile(caseId, { format: 'markdown' });
    for (const p of personal) expect(markdown).not.toContain(p);
    expect(markdown).toContain('个人信息已遮蔽');
  });

  it('PRIVACY: reveal shows personal data only when asked; allow lets named fields through', async () => {
    const revealed = await runtime.exportCaseFile(caseId, { reveal: true });
    expect(revealed.masked).toBe(false);
    expect((revealed.context as { form: { complainant: string; contact: { phone: string } } }).form).toMatchObject({
      complainant: '王先生',
      contact: { phone: '+86 138 0013 8000' },
    });
    expect(revealed.history[2]!.by).toEqual(customer);
    expect(revealed.history[1]!.by).toEqual(named);
    const allowed = await runtime.exportCaseFile(caseId, { allow: ['context.form.channel'] });
    expect((allowed.context as { form: { channel: string; complainant: string } }).form).toMatchObject({ channel: 'phone', complainant: '[redacted]' });
  });

  it('AUDIT-TRAIL: the Markdown file reads as the archive: title, history table with rule IDs and zh/en messages, step names', async () => {
    const markdown = await runtime.exportCaseFile(caseId, { format: 'markdown' });
    expect(markdown.startsWith(`# 投诉归档资料 · Complaint file — ${caseId}\n`)).toBe(true);
    expect(markdown).toContain('## 处理记录 · History');
    expect(markdown).toMatch(/\| 2 \| [^|]+ \| \[redacted\] \(agent\) \| COMPLAINT\.REGISTER \| 已拒绝 refused CP-REGISTER: .+ \/ .+ \| 投诉受理 \|/);
    expect(markdown).toMatch(/\| 5 \| [^|]+ \| agent-07 \(agent\) \| COMPLAINT\.REGISTER \| 已执行 applied \| 投诉受理 → 投诉判断 \|/);
    expect(markdown).toContain('| register | 投诉受理 | register the complaint on the form |');
    const revealed = await runtime.exportCaseFile(caseId, { format: 'markdown', reveal: true });
    expect(revealed).toContain('王先生');
    expect(revealed).toContain('本档案含未遮蔽的个人信息');
  });

  it('AUDIT-TRAIL: an unknown case has no file (CaseNotFoundError)', async () => {
    await expect(runtime.exportCaseFile('nope')).rejects.toSatisfy(isCaseNotFoundError);
  });
});
