import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { complaintMachine } from 'kefu';
import { initialStep, isCaseExistsError, isCaseNotFoundError, isConflictError, step } from 'kefu/runtime';
import { createPostgresRuntime, jobIdFor, type PgBossLike, type PostgresRuntime } from 'kefu/postgres';
import { form, T } from './support/complaint.js';
import { counterMachine, plus, ticketMachine } from './support/runtime-machines.js';
import { dropTarget, pgBackends } from './support/runtime-pg.js';
import { people } from './support/principals.js';

const sendId = 'xstate.after.deadline.test-ticket.open';

// Type-level: a real pg-boss 10 instance fits kefu's structural `PgBossLike` (for `boss:` options).
const fits = (boss: PgBoss): PgBossLike => boss;
void fits;

describe.each(pgBackends())('PostgreSQL store and pg-boss timers ($name)', (backend) => {
  let runtime: PostgresRuntime;
  let cleanup: () => Promise<void>;
  let target: { schema: string; bossSchema: string };

  beforeAll(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    target = opened.target;
    runtime = await createPostgresRuntime({
      db: opened.db,
      schema: target.schema,
      bossSchema: target.bossSchema,
      machines: [complaintMachine, ticketMachine, counterMachine],
      worker: { pollingIntervalSeconds: 0.5 },
    });
  }, 240_000);

  afterAll(async () => {
    await runtime?.close();
    await cleanup?.();
    await dropTarget(backend, target);
  });

  const job = (caseId: string, id = sendId) => (runtime.boss as PgBoss).getJobById(runtime.scheduler.queue, jobIdFor(`${caseId}#${id}`));

  it('a write given the step\'s text stores that text; a text kefu did not produce is ignored and the envelope is written', async () => {
    const { store } = runtime;
    const at = '2026-12-01T01:00:00.000Z';
    const first = initialStep(counterMachine, { at }, { now: at });
    await store.create('S-T', first.envelope, { text: first.text });
    const stored = async () => (await runtime.db.query<{ envelope: string }>(`SELECT envelope::text AS envelope FROM ${store.table} WHERE case_id = $1`, ['S-T'])).rows[0]!.envelope;
    expect(JSON.parse(await stored())).toEqual(JSON.parse(first.text));
    const next = step(counterMachine, first.text, { type: 'INC' }, { now: at });
    // a text that is not this envelope's: never written in its place
    const forged = JSON.stringify({ ...next.envelope, snapshot: { ...next.envelope.snapshot, context: { count: 99, now: at } } });
    await store.update!('S-T', () => ({ envelope: next.envelope, text: forged }));
    expect(JSON.parse(await stored())).toEqual(next.envelope);
    expect((await store.load('S-T'))!.envelope.snapshot.context).toEqual({ count: 1, now: at });
    const third = step(counterMachine, next.text, { type: 'INC' }, { now: at });
    const done = await store.update!('S-T', () => ({ envelope: third.envelope, text: third.text }));
    expect(done!.after).toEqual({ caseId: 'S-T', version: 3, envelope: third.envelope });
    expect(JSON.parse(await stored())).toEqual(third.envelope);
  });

  it('an event to a case the store remembers parses its envelope text once (to restore it), and the record it gives back only when read', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    await runtime.open('S-P', 'test-counter', { at });
    await runtime.send('S-P', { type: 'INC' }, { now: at });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const r = await runtime.send('S-P', { type: 'INC' }, { now: at });
      // envelopes are the only texts this long here; the old path parsed one 4 times (recall, restore, the result's envelope, the record)
      const envelopes = () => parse.mock.calls.filter(([text]) => typeof text === 'string' && text.includes('"snapshot"')).length;
      expect(envelopes()).toBe(1);
      expect(r.record.envelope.snapshot.context).toEqual({ count: 2, now: at });
      expect(envelopes()).toBe(2);
      // a fresh copy each: changing what the host got back changes nothing stored or remembered
      (r.record.envelope.snapshot.context as { count: number }).count = 50;
      expect(await runtime.send('S-P', { type: 'INC' }, { now: at })).toMatchObject({ record: { version: 4 }, snapshot: { context: { count: 3 } } });
    } finally {
      parse.mockRestore();
    }
    expect(await runtime.read('S-P')).toMatchObject({ version: 4, context: { count: 3 } });
  });

  it('create, load, save with the expected version; a stale version → ConflictError', async () => {
    const { store } = runtime;
    const at = '2026-12-01T01:00:00.000Z';
    const first = initialStep(counterMachine, { at }, { now: at });
    const created = await store.create('S-1', first.envelope);
    expect(created.version).toBe(1);
    await expect(store.create('S-1', first.envelope)).rejects.toSatisfy(isCaseExistsError);
    const loaded = await store.load('S-1');
    expect(loaded).toEqual({ caseId: 'S-1', version: 1, envelope: first.envelope });
    const saved = await store.save('S-1', first.envelope, { expectedVersion: 1 });
    expect(saved.version).toBe(2);
    const error = await store.save('S-1', first.envelope, { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(isConflictError(error)).toBe(true);
    expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    await expect(store.save('nope', first.envelope, { expectedVersion: 1 })).rejects.toSatisfy(isCaseNotFoundError);
    expect(await store.load('nope')).toBeUndefined();
  });

  it('writes a timer as a pg-boss job in the same transaction as the case, due at the due time', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    await runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 60_000) }, { now: at });
    const j = await job('T-1');
    expect(j).toMatchObject({ state: 'created', data: { caseId: 'T-1', sendId, due: plus(at, 60_000) } });
    expect(new Date(j!.startAfter).toISOString()).toBe(plus(at, 60_000));
    // leaving the state cancels the timer: the job is deleted in the same transaction
    await runtime.send('T-1', { type: 'CLOSE' }, { now: plus(at, 1000) });
    expect(await job('T-1')).toBeNull();
  });

  it('a rolled-back save leaves no job (and no change)', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const first = initialStep(ticketMachine, { ticketId: 'T-2', at, dueAt: plus(at, 60_000) }, { now: at, caseId: 'T-2' });
    await runtime.store.create('T-2', first.envelope); // no timers written yet
    const failing = runtime.store.save('T-2', first.envelope, {
      expectedVersion: 1,
      inTransaction: async (tx) => {
        for (const t of first.timers.schedule) await runtime.scheduler.schedule(t, tx);
        throw new Error('the host failed after scheduling');
      },
    });
    await expect(failing).rejects.toThrow('the host failed after scheduling');
    expect(await job('T-2')).toBeNull();
    expect((await runtime.store.load('T-2'))!.version).toBe(1);
    // a failed create leaves neither row nor job
    const third = initialStep(ticketMachine, { ticketId: 'T-3', at, dueAt: plus(at, 60_000) }, { now: at, caseId: 'T-3' });
    await expect(
      runtime.store.create('T-3', third.envelope, {
        inTransaction: async (tx) => {
          await runtime.scheduler.schedule(third.timers.schedule[0]!, tx);
          throw new Error('no');
        },
      }),
    ).rejects.toThrow('no');
    expect(await runtime.store.load('T-3')).toBeUndefined();
    expect(await job('T-3')).toBeNull();
  });

  it('re-entering a state replaces the job under the same id with the new due time', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    await runtime.open('T-4', 'test-ticket', { ticketId: 'T-4', at, dueAt: plus(at, 60_000) }, { now: at });
    await runtime.send('T-4', { type: 'EXTEND', dueAt: plus(at, 120_000) }, { now: plus(at, 1000) });
    const j = await job('T-4');
    expect(new Date(j!.startAfter).toISOString()).toBe(plus(at, 120_000));
    expect(j!.data).toMatchObject({ due: plus(at, 120_000) });
  });

  it('the worker fires a due deadline through step, once', async () => {
    const at = new Date().toISOString();
    await runtime.open('T-5', 'test-ticket', { ticketId: 'T-5', at, dueAt: plus(at, 300) }, { now: at });
    await runtime.start();
    try {
      await vi.waitFor(async () => expect((await runtime.read('T-5'))!.context).toMatchObject({ escalations: [expect.anything()] }), {
        timeout: 60_000,
        interval: 200,
      });
      await vi.waitFor(async () => expect((await job('T-5'))?.state).toBe('completed'), { timeout: 60_000, interval: 100 });
      // a second delivery of the same timer (e.g. a retried job) changes nothing
      const again = await runtime.fireTimer({ caseId: 'T-5', sendId, due: plus(at, 300) });
      expect(again!.status).toBe('stale-timer');
      expect((await runtime.read('T-5'))!.context).toMatchObject({ escalations: [expect.anything()] });
    } finally {
      await runtime.stop();
    }
  });

  it('lists overdue cases from the table (next_due index)', async () => {
    const past = new Date(Date.now() - 3600_000).toISOString();
    await runtime.open('T-6', 'test-ticket', { ticketId: 'T-6', at: past, dueAt: plus(past, 1000) }, { now: past });
    const overdue = await runtime.listOverdue();
    expect(overdue.find((c) => c.caseId === 'T-6')).toEqual({
      caseId: 'T-6',
      machine: 'test-ticket',
      overdue: [{ sendId, eventType: sendId, due: plus(past, 1000) }],
    });
    expect(await runtime.fireOverdue()).toBeGreaterThanOrEqual(1);
    expect((await runtime.listOverdue()).find((c) => c.caseId === 'T-6')).toBeUndefined();
  });

  it('runs the complaint machine: refusals say which rule, idempotent events apply once', async () => {
    await runtime.open('C-PG-1', complaintMachine, { form: { ...form, caseId: 'C-PG-1' } }, { now: T('09:31') });
    const refused = await runtime.send('C-PG-1', { type: 'SUPERVISOR.APPROVE', by: people.supervisor, proposalId: 'P1', supervisor: '主管' }, { now: T('09:32') });
    // Out of order: the approval step is gated by CP-PROPOSE (a remedy submitted first).
    expect(refused.refusal).toMatchObject({ reason: 'rule', violations: [{ rule: 'CP-PROPOSE', details: { outOfOrder: true } }] });
    const a = await runtime.send('C-PG-1', { type: 'COMPLAINT.REGISTER', by: people.agent }, { now: T('09:40'), eventId: 'r-1' });
    const b = await runtime.send('C-PG-1', { type: 'COMPLAINT.REGISTER', by: people.agent }, { now: T('09:41'), eventId: 'r-1' });
    expect([a.status, b.status]).toEqual(['applied', 'duplicate']);
    expect((await runtime.read('C-PG-1'))!.version).toBe(2);
    expect(await job('C-PG-1', 'xstate.after.acknowledgeDeadline.complaint.register')).toBeNull();
    expect(await job('C-PG-1', 'xstate.after.assessDeadline.complaint.assess')).toMatchObject({ state: 'created' });
  });
});
