/**
 * The transactional outbox: a change's effects and emitted events are written with the case in
 * one transaction and delivered at least once with a stable id; a failing delivery is retried
 * with backoff and dead-lettered after the policy's number of attempts, visible through the
 * runtime. The same on the in-memory default, PGlite and (with KEFU_PG_URL) a PostgreSQL server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createCaseRuntime, InMemoryOutbox, InMemoryScheduler, type CaseRuntime, type OutboxMessage, type OutboxOptions, type Scheduler } from 'kefu/runtime';
import { PostgresOutbox, type SqlClient } from 'kefu/postgres';
import { manualClock, plus, ticketMachine } from './support/runtime-machines.js';
import { openPostgresRuntime, pgBackends, type PgBackend } from './support/runtime-pg.js';

const at = '2026-12-01T01:00:00.000Z';
const sendId = 'xstate.after.deadline.test-ticket.open';

type Make = (clock: ReturnType<typeof manualClock>, outbox: OutboxOptions<never>, scheduler?: Scheduler<never>) => Promise<CaseRuntime<never>>;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
}, 300_000);

function onPostgres(backend: PgBackend): Make {
  return async (clock, outbox, scheduler) => {
    const { runtime, db, target } = await openPostgresRuntime(backend, { machines: [ticketMachine], clock: clock.now, outbox: outbox as OutboxOptions<SqlClient> }, cleanups);
    if (!scheduler) return runtime as unknown as CaseRuntime<never>;
    // the same database, with a scheduler that may fail inside the transaction
    const other = createCaseRuntime<SqlClient>({
      machines: [ticketMachine],
      store: runtime.store,
      scheduler: scheduler as Scheduler<SqlClient>,
      clock: clock.now,
      outbox: { ...(outbox as OutboxOptions<SqlClient>), store: new PostgresOutbox(db, { schema: target.schema }) },
    });
    return other as unknown as CaseRuntime<never>;
  };
}

const inMemory: Make = async (clock, outbox, scheduler) =>
  createCaseRuntime({
    machines: [ticketMachine],
    clock: clock.now,
    scheduler: (scheduler as Scheduler<undefined> | undefined) ?? new InMemoryScheduler({ now: clock.now, autoDeliver: false }),
    outbox: outbox as OutboxOptions<undefined>,
  }) as unknown as CaseRuntime<never>;

const backends: [string, Make][] = [['memory', inMemory], ...pgBackends().map((b): [string, Make] => [b.name, onPostgres(b)])];

describe.each(backends)('transactional outbox (%s)', (_name, make) => {
  it('a fired deadline writes its effect and emitted event with the change; each is delivered with a stable id, then leaves the outbox', async () => {
    const clock = manualClock(at);
    const delivered: OutboxMessage[] = [];
    const runtime = await make(clock, { deliver: (m) => void delivered.push(m) });
    await runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 60_000) });
    clock.set(plus(at, 60_000));
    const fired = await runtime.fireTimer({ caseId: 'T-1', sendId });
    expect(fired!.outbox.map((m) => [m.id, m.kind, m.type])).toEqual([
      ['T-1@2#0', 'effect', 'notifySupervisor'],
      ['T-1@2#1', 'emitted', 'ticket.escalated'],
    ]);
    // committed with the case, not delivered yet
    expect((await runtime.outbox!.list()).map((e) => [e.id, e.status, e.attempts])).toEqual([
      ['T-1@2#0', 'pending', 0],
      ['T-1@2#1', 'pending', 0],
    ]);
    expect(await runtime.outbox!.deliverDue()).toBe(2);
    expect(delivered).toEqual([
      { id: 'T-1@2#0', caseId: 'T-1', machine: 'test-ticket', kind: 'effect', type: 'notifySupervisor', payload: { ticketId: 'T-1', dueAt: plus(at, 60_000) }, createdAt: plus(at, 60_000) },
      { id: 'T-1@2#1', caseId: 'T-1', machine: 'test-ticket', kind: 'emitted', type: 'ticket.escalated', payload: { type: 'ticket.escalated', ticketId: 'T-1', dueAt: plus(at, 60_000) }, createdAt: plus(at, 60_000) },
    ]);
    expect(await runtime.outbox!.list()).toEqual([]);
    expect(await runtime.outbox!.deliverDue()).toBe(0);
  });

  it('a failing delivery is retried with backoff, dead-lettered after maxAttempts, listed as dead, and delivered after retry()', async () => {
    const clock = manualClock(at);
    let failing = true;
    const seen: string[] = [];
    const runtime = await make(clock, {
      maxAttempts: 3,
      backoffMs: (attempt) => attempt * 10_000,
      deliver: (m) => {
        seen.push(m.id);
        if (failing && m.kind === 'effect') throw new Error('SMS gateway down');
      },
    });
    await runtime.open('T-2', 'test-ticket', { ticketId: 'T-2', at, dueAt: plus(at, 1000) });
    clock.set(plus(at, 1000));
    await runtime.fireTimer({ caseId: 'T-2', sendId });
    expect(await runtime.outbox!.deliverDue()).toBe(1); // the emitted event; the effect failed
    let [entry] = await runtime.outbox!.list();
    expect(entry).toMatchObject({ id: 'T-2@2#0', status: 'pending', attempts: 1, lastError: 'SMS gateway down', nextAttemptAt: plus(at, 11_000) });
    expect(await runtime.outbox!.deliverDue()).toBe(0); // not before its backoff
    expect(seen).toEqual(['T-2@2#0', 'T-2@2#1']);
    clock.set(plus(at, 11_000));
    await runtime.outbox!.deliverDue();
    [entry] = await runtime.outbox!.list();
    expect(entry).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: plus(at, 31_000) });
    clock.set(plus(at, 31_000));
    await runtime.outbox!.deliverDue();
    expect(await runtime.outbox!.list({ status: 'dead' })).toMatchObject([{ id: 'T-2@2#0', status: 'dead', attempts: 3 }]);
    expect(await runtime.outbox!.list({ status: 'pending' })).toEqual([]);
    clock.set(plus(at, 3_600_000));
    expect(await runtime.outbox!.deliverDue()).toBe(0); // dead stays dead
    expect(seen).toEqual(['T-2@2#0', 'T-2@2#1', 'T-2@2#0', 'T-2@2#0']);

    failing = false;
    expect(await runtime.outbox!.retry('T-2@2#0')).toBe(true);
    expect(await runtime.outbox!.retry('T-2@2#1')).toBe(false); // delivered, not dead
    expect(await runtime.outbox!.deliverDue()).toBe(1);
    expect(seen.at(-1)).toBe('T-2@2#0');
    expect(await runtime.outbox!.list()).toEqual([]);
  });

  it('a change that rolls back writes no outbox message and leaves the case as it was; the retry that commits writes them once', async () => {
    const clock = manualClock(at);
    let fail = true;
    const inner = new InMemoryScheduler({ now: clock.now, autoDeliver: false, retryDelayMs: 1000 });
    // A scheduler whose own write in the delivering transaction fails (as completing a pg-boss job could).
    const scheduler: Scheduler<never> = {
      durable: false,
      schedule: (t) => inner.schedule(t),
      cancel: (t) => inner.cancel(t),
      start: (deliver) =>
        inner.start((timer) =>
          deliver(timer, {
            async inTransaction() {
              if (fail) throw new Error('scheduler down');
            },
          }),
        ),
      stop: () => inner.stop(),
    };
    const runtime = await make(clock, {}, scheduler); // this process only writes the outbox
    await runtime.open('T-3', 'test-ticket', { ticketId: 'T-3', at, dueAt: plus(at, 60_000) });
    await runtime.start();
    try {
      clock.set(plus(at, 60_000));
      expect(await inner.deliverDue()).toBe(0); // the delivery failed and rolled back
      expect(await runtime.outbox!.list()).toEqual([]);
      const view = await runtime.read('T-3');
      expect(view).toMatchObject({ version: 1, context: { escalations: [] } });
      fail = false;
      clock.set(plus(at, 61_000));
      expect(await inner.deliverDue()).toBe(1);
      expect((await runtime.outbox!.list()).map((e) => [e.id, e.type, e.attempts])).toEqual([
        ['T-3@2#0', 'notifySupervisor', 0],
        ['T-3@2#1', 'ticket.escalated', 0],
      ]);
      expect(await runtime.read('T-3')).toMatchObject({ version: 2, context: { escalations: [{ dueAt: plus(at, 60_000) }] } });
    } finally {
      await runtime.stop();
    }
  });
});

describe('transactional outbox: delivery in the background', () => {
  it('runtime.start() delivers messages as changes commit; without outbox.deliver a runtime only writes them', async () => {
    const delivered: string[] = [];
    const writer = createCaseRuntime({ machines: [ticketMachine], outbox: { store: new InMemoryOutbox() } });
    expect(writer.outbox).toBeDefined();
    await expect(writer.outbox!.deliverDue()).rejects.toThrow(/outbox.deliver/);
    const now = new Date().toISOString();
    const runtime = createCaseRuntime({ machines: [ticketMachine], outbox: { deliver: (m) => void delivered.push(m.id), pollMs: 50 } });
    await runtime.start();
    try {
      await runtime.open('T-4', 'test-ticket', { ticketId: 'T-4', at: now, dueAt: plus(now, 50) });
      for (let i = 0; i < 100 && delivered.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await runtime.stop();
    }
    expect(delivered).toEqual(['T-4@2#0', 'T-4@2#1']);
    expect(createCaseRuntime({ machines: [ticketMachine] }).outbox).toBeUndefined();
  });
});
