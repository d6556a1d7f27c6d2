import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPGlite, type SqlDatabase } from 'kefu/postgres';
import { startCrm, type Crm } from '../examples/crm-postgres/app.js';
import { freshPGliteDir } from './support/runtime-pg.js';
import { people } from './support/principals.js';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

const form = (caseId: string) => ({
  caseId,
  complainant: '王先生',
  contact: { phone: '+86 138 0013 8000' },
  receivedAt: daysAgo(30),
  channel: 'phone',
  content: '保养后发动机异响',
  desiredRemedy: '免费复检',
  member: true,
});

describe('example: CRM on PostgreSQL (HTTP endpoint + deadline worker, on PGlite)', () => {
  let dir: string;
  let db: SqlDatabase;
  let crm: Crm;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await freshPGliteDir();
    db = await openPGlite(dir);
    crm = await startCrm({ db, port: 0, worker: false, log: (l) => lines.push(l) });
  }, 240_000);

  afterAll(async () => {
    await crm?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
    fetch(`${crm.url}${path}`, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } });
  const get = async (path: string) => (await fetch(`${crm.url}${path}`)).json() as Promise<Record<string, unknown>>;

  it('opens a case over HTTP and lists it as overdue while no worker runs', async () => {
    const res = await post('/cases', { caseId: 'C-1', input: { form: form('C-1') } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ caseId: 'C-1', version: 1, state: 'register', status: 'applied' });
    expect(await get('/overdue')).toEqual([
      expect.objectContaining({ caseId: 'C-1', overdue: [expect.objectContaining({ sendId: 'xstate.after.acknowledgeDeadline.complaint.register' })] }),
    ]);
    expect((await post('/cases', { caseId: 'C-1', input: { form: form('C-1') } })).status).toBe(409);
  });

  it('the worker fires the overdue deadline once: escalated to the supervisor', async () => {
    await crm.startWorker();
    await vi.waitFor(async () => expect((await get('/cases/C-1')).escalations).toHaveLength(1), { timeout: 60_000, interval: 250 });
    expect(await get('/overdue')).toEqual([]);
    expect(lines).toContain('[effect] notifySupervisor case=C-1 reason=deadline-missed step=register');
    const view = await get('/cases/C-1');
    expect(JSON.stringify(view)).not.toContain('138 0013'); // no personal data in responses
  });

  it('receives events: refusals say which rule; the same Idempotency-Key applies once', async () => {
    await post('/cases', { caseId: 'C-2', input: { form: { caseId: 'C-2', complainant: '李女士' }, at: daysAgo(1) } });
    const refused = await post('/cases/C-2/events', { type: 'COMPLAINT.REGISTER', by: people.agent });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ status: 'refused', refusal: { reason: 'rule', rules: [{ rule: 'CP-REGISTER' }] } });

    const first = await post('/cases/C-1/events', { type: 'COMPLAINT.REGISTER', by: people.agent }, { 'idempotency-key': 'req-7' });
    const again = await post('/cases/C-1/events', { type: 'COMPLAINT.REGISTER', by: people.agent }, { 'idempotency-key': 'req-7' });
    expect(await first.json()).toMatchObject({ status: 'applied', state: 'assess' });
    expect(await again.json()).toMatchObject({ status: 'duplicate', state: 'assess' });
    expect(await get('/cases/C-1')).toMatchObject({ version: 3, state: 'assess' }); // open, escalation, register

    expect((await post('/cases/C-9/events', { type: 'COMPLAINT.REGISTER', by: people.agent })).status).toBe(404);
    expect((await post('/cases/C-1/events', { type: 'ASSESS.VALID', by: people.agent, department: 42 })).status).toBe(422);
  });

  it('answers 413 to a body over its limit (64 KiB) and 422 to a field over the policy limit', async () => {
    const huge = await post('/cases/C-1/events', { type: 'REPLY.SEND', text: '您'.repeat(4_000_000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'the request body is larger than 65536 bytes' });
    const long = await post('/cases/C-1/events', { type: 'REPLY.SEND', text: '您'.repeat(4001) });
    expect(long.status).toBe(422);
    expect(await long.json()).toMatchObject({ refusal: { reason: 'invalid-event', issues: [{ path: 'text' }] } });
    expect(await get('/cases/C-1')).toMatchObject({ version: 3 }); // nothing saved
  });
});
