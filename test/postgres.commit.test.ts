/**
 * What one event costs on PostgreSQL: one commit, in which the case row, its history entry, its
 * changed timers (pg-boss jobs) and nothing else are written — and how many statements (round
 * trips) that takes: one, with no BEGIN/COMMIT, the timer jobs (and outbox rows) written as CTEs of
 * the case's own statement. Counted at the SQL seam, so it holds on PGlite and on a server alike.
 */
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresRuntime, jobIdFor, PostgresCaseStore, type PostgresRuntime, type SqlClient, type SqlDatabase } from 'kefu/postgres';
import { counterMachine, plus, ticketMachine } from './support/runtime-machines.js';
import { dropTarget, pgBackends } from './support/runtime-pg.js';

interface Statement {
  /** The statement's first verb (`SELECT` for a read). */
  readonly verb: string;
  /** Every table it writes, as `VERB table` (a statement with data-modifying CTEs writes several). */
  readonly writes: readonly string[];
  /** Its text. */
  readonly text: string;
}


/** A database that counts commits (transactions and lone statements) and the statements run in them. */
function counting(db: SqlDatabase) {
  const log = { commits: 0, statements: [] as Statement[], transactions: [] as Statement[][] };
  const note = (text: string) => {
    // Writes may sit in CTEs (`WITH results AS (DELETE FROM …)`, kefu's case row and history entry): list them all.
    const sql = text.replace(/FOR (NO KEY )?UPDATE( OF \w+)?|DO UPDATE SET/gi, '');
    const writes = [...sql.matchAll(/\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+("?\w+"?\."?\w+"?|"?\w+"?)/gi)].map(
      (m) => `${m[1]!.split(/\s+/)[0]!.toUpperCase()} ${m[2]!.replace(/"/g, '').split('.').pop()}`,
    );
    log.statements.push({ verb: writes.length > 0 ? writes[0]!.split(' ')[0]! : text.trim().split(/\s+/)[0]!.toUpperCase(), writes, text });
  };
  const wrap = (client: SqlClient): SqlClient => ({
    async query(text, params) {
      const r = await client.query(text, params);
      note(text);
      return r as never;
    },
    async exec(text) {
      const r = await client.exec(text);
      note(text);
      return r;
    },
  });
  const counted: SqlDatabase = {
    driver: db.driver,
    async query(text, params) {
      const r = await db.query(text, params);
      log.commits++;
      note(text);
      return r as never;
    },
    async exec(text) {
      const r = await db.exec(text);
      log.commits++;
      note(text);
      return r;
    },
    async transaction(fn) {
      const from = log.statements.length;
      const r = await db.transaction((tx) => fn(wrap(tx)));
      log.commits++;
      log.transactions.push(log.statements.slice(from));
      return r;
    },
    close: () => db.close(),
  };
  return {
    db: counted,
    log,
    /** Run `fn` and return the commits and statements it caused. */
    async measure(fn: () => Promise<unknown>) {
      const commits = log.commits;
      const from = log.statements.length;
      const transactions = log.transactions.length;
      await fn();
      return { commits: log.commits - commits, statements: log.statements.slice(from), transactions: log.transactions.length - transactions };
    },
  };
}

describe.each(pgBackends())('PostgreSQL: one commit per event ($name)', (backend) => {
  let runtime: PostgresRuntime;
  let cleanup: () => Promise<void>;
  let target: { schema: string; bossSchema: string };
  let db: ReturnType<typeof counting>;

  beforeAll(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    target = opened.target;
    db = counting(opened.db);
    runtime = await createPostgresRuntime({
      db: db.db,
      schema: target.schema,
      bossSchema: target.bossSchema,
      machines: [ticketMachine, counterMachine],
      supervise: false,
      worker: { pollingIntervalSeconds: 0.2 },
    });
  }, 300_000);

  afterAll(async () => {
    await runtime?.close();
    await cleanup?.();
    await dropTarget(backend, target);
  });

  /** The writing statements, each as its writes `VERB table + VERB table` (row counts of CTEs are not reported by every driver). */
  const writes = (statements: readonly Statement[]) => statements.filter((s) => s.writes.length > 0).map((s) => s.writes.join(' + '));
  const job = (caseId: string, sendId: string) => (runtime.boss as PgBoss).getJobById(runtime.scheduler.queue, jobIdFor(`${caseId}#${sendId}`));

  it('an event without timers: one commit and one statement, the case row and its history entry (AUDIT-TRAIL)', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    await runtime.open('K-1', 'test-counter', { at });
    const m = await db.measure(() => runtime.send('K-1', { type: 'INC' }, { now: at }));
    expect(m.commits).toBe(1);
    expect(m.statements).toHaveLength(1);
    expect(writes(m.statements)).toEqual(['UPDATE kefu_cases + INSERT kefu_cases_history']);
  });

  it('a replayed eventId (a client retrying its request) is not contention: the case stays remembered, the next event is one statement again', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    await runtime.open('K-9', 'test-counter', { at });
    await runtime.send('K-9', { type: 'INC' }, { now: at, eventId: 'k9-1' });
    const replay = await db.measure(() => runtime.send('K-9', { type: 'INC' }, { now: at, eventId: 'k9-1' }));
    // the one statement fails on the event-id index (nothing written; not counted here), then the locked read finds the earlier entry
    expect(replay.transactions).toBe(1);
    expect(writes(replay.statements)).toEqual([]);
    const m = await db.measure(() => runtime.send('K-9', { type: 'INC' }, { now: at }));
    expect(m.commits).toBe(1);
    expect(m.transactions).toBe(0);
    expect(writes(m.statements)).toEqual(['UPDATE kefu_cases + INSERT kefu_cases_history']);
    expect(m.statements).toHaveLength(1);
  });

  it('a case written meanwhile by another runtime: the remembered row is stale, the store reads it under its lock (nothing lost)', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    await runtime.open('K-2', 'test-counter', { at });
    await runtime.send('K-2', { type: 'INC' }, { now: at });
    const other = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, machines: [counterMachine], migrate: false });
    await other.send('K-2', { type: 'INC' }, { now: at });
    const m = await db.measure(() => runtime.send('K-2', { type: 'INC' }, { now: at }));
    // the one-statement write finds the row moved on and writes nothing (a commit of its own, empty);
    // then one transaction: the locked read, then the row with its entry
    expect(m.commits).toBe(2);
    expect(m.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual([
      'UPDATE kefu_cases + INSERT kefu_cases_history',
      'SELECT',
      'UPDATE kefu_cases + INSERT kefu_cases_history',
    ]);
    // a case another process writes too: its next write here reads it under the lock directly (no statement wasted)
    await other.send('K-2', { type: 'INC' }, { now: at });
    const next = await db.measure(() => runtime.send('K-2', { type: 'INC' }, { now: at }));
    expect(next.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['SELECT', 'UPDATE kefu_cases + INSERT kefu_cases_history']);
    const view = await runtime.read('K-2');
    expect(view).toMatchObject({ version: 6, context: { count: 5 } });
    expect((await runtime.history('K-2')).entries.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('runtime.reproject keeps the remembered row current: the next event is still one statement, and lands on the projected row', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    await runtime.open('K-R', 'test-counter', { at });
    await runtime.send('K-R', { type: 'INC' }, { now: at });
    // the projection columns written alone (the row's xmin changes; its version and envelope do not)
    expect(await runtime.reproject({ machine: 'test-counter' })).toMatchObject({ projected: expect.any(Number), movedOn: 0, failed: [] });
    const m = await db.measure(() => runtime.send('K-R', { type: 'INC' }, { now: at }));
    expect(m.commits).toBe(1);
    expect(writes(m.statements)).toEqual(['UPDATE kefu_cases + INSERT kefu_cases_history']);
    // and the case after it is exactly as if nothing had come between (nor are its next writes sent the locked way)
    const next = await db.measure(() => runtime.send('K-R', { type: 'INC' }, { now: at }));
    expect(next.statements).toHaveLength(1);
    expect(await runtime.read('K-R')).toMatchObject({ version: 4, context: { count: 3 } });
    expect((await runtime.history('K-R')).entries.map((e) => e.version)).toEqual([1, 2, 3, 4]);
    // a projection written for a version the store no longer has remembered changes nothing it remembers
    expect(await runtime.store.writeWorklist('K-R', 3, { assignee: null, role: null, nextDueAt: null, priority: 0, member: null, states: ['counting'], openedAt: at })).toBe(false);
    expect((await db.measure(() => runtime.send('K-R', { type: 'INC' }, { now: at }))).statements).toHaveLength(1);
    // a row changed outside this store since it wrote it (its xmin moved): re-projecting forgets it, and the next event reads it under the lock
    await db.db.query(`UPDATE ${runtime.store.table} SET priority = priority WHERE case_id = $1`, ['K-R']);
    await runtime.reproject({ machine: 'test-counter' });
    const locked = await db.measure(() => runtime.send('K-R', { type: 'INC' }, { now: at }));
    expect(locked.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['SELECT', 'UPDATE kefu_cases + INSERT kefu_cases_history']);
    expect(await runtime.read('K-R')).toMatchObject({ version: 6, context: { count: 5 } });
  });

  it('with cacheSize 0 every event reads its case under the row lock first: one transaction of two statements', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    const locked = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, machines: [counterMachine], migrate: false, cacheSize: 0 });
    await locked.open('K-3', 'test-counter', { at });
    const m = await db.measure(() => locked.send('K-3', { type: 'INC' }, { now: at }));
    expect(m.commits).toBe(1);
    expect(m.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['SELECT', 'UPDATE kefu_cases + INSERT kefu_cases_history']);
    expect(await locked.read('K-3')).toMatchObject({ version: 2, context: { count: 1 } });
    expect(() => new PostgresCaseStore(db.db, { schema: target.schema, cacheSize: -1 })).toThrow(RangeError);
  });

  it('opening a case with a deadline: one statement, no transaction, with the case and its timer job', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const m = await db.measure(() => runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 60_000) }, { now: at }));
    expect(m).toMatchObject({ commits: 1, transactions: 0 });
    // the job is written by id (a job left with that id would be replaced)
    expect(writes(m.statements)).toEqual(['INSERT kefu_cases + INSERT kefu_cases_history + INSERT job']);
    expect(await job('T-1', 'xstate.after.deadline.test-ticket.open')).toMatchObject({ state: 'created', startAfter: new Date(plus(at, 60_000)) });
  });

  it('an event that adds a timer leaves the unchanged one alone: no delete, no re-insert of its job', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    await runtime.open('T-2', 'test-ticket', { ticketId: 'T-2', at, dueAt: plus(at, 60_000) }, { now: at });
    const deadline = await job('T-2', 'xstate.after.deadline.test-ticket.open');
    const m = await db.measure(() => runtime.send('T-2', { type: 'PING.LATER', ms: 5000 }, { now: at }));
    expect(m).toMatchObject({ commits: 1, transactions: 0 });
    // one statement: the case row and the new ping job (written by id); the deadline's job is not touched
    expect(writes(m.statements)).toEqual(['UPDATE kefu_cases + INSERT kefu_cases_history + INSERT job']);
    expect(await job('T-2', 'xstate.after.deadline.test-ticket.open')).toEqual(deadline);
    expect(await job('T-2', 'ping')).toMatchObject({ state: 'created' });
  });

  it('an event that cancels a timer deletes its job in the same statement; a refused event writes its history entry only', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    await runtime.open('T-3', 'test-ticket', { ticketId: 'T-3', at, dueAt: plus(at, 60_000) }, { now: at });
    expect(await job('T-3', 'xstate.after.deadline.test-ticket.open')).toMatchObject({ state: 'created' });
    const closed = await db.measure(() => runtime.send('T-3', { type: 'CLOSE' }, { now: at }));
    expect(closed).toMatchObject({ commits: 1, transactions: 0 });
    expect(writes(closed.statements)).toEqual(['UPDATE kefu_cases + INSERT kefu_cases_history + DELETE job']);
    expect(await job('T-3', 'xstate.after.deadline.test-ticket.open')).toBeNull();

    const refused = await db.measure(() => runtime.send('T-3', { type: 'CLOSE' }, { now: at }));
    expect(refused.commits).toBe(1);
    expect(refused.statements).toHaveLength(1);
    expect(writes(refused.statements)).toEqual(['INSERT kefu_cases_history']);
  });

  it('a change with outbox messages is one statement too: the case, its entry and its outbox rows, no transaction', async () => {
    const withOutbox = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], outbox: {} });
    // due in an hour (the worker of the next test leaves its job alone), fired now by hand as if then
    const at = new Date(Date.now() + 3600_000).toISOString();
    await withOutbox.open('T-5', 'test-ticket', { ticketId: 'T-5', at, dueAt: plus(at, 1000) }, { now: at });
    const m = await db.measure(() => withOutbox.fireTimer({ caseId: 'T-5', sendId: 'xstate.after.deadline.test-ticket.open' }, { now: plus(at, 2000) }));
    expect(m).toMatchObject({ commits: 1, transactions: 0 });
    expect(writes(m.statements)).toEqual(['UPDATE kefu_cases + INSERT kefu_cases_history + INSERT kefu_outbox']);
    expect((await withOutbox.outbox!.list({ caseId: 'T-5' })).map((e) => e.type)).toEqual(['notifySupervisor', 'ticket.escalated']);
  });

  it('a fired timer is one statement: the case, and the completion of its pg-boss job', async () => {
    const at = new Date().toISOString();
    await runtime.open('T-4', 'test-ticket', { ticketId: 'T-4', at, dueAt: plus(at, 200) }, { now: at });
    const from = db.log.statements.length;
    const fromTx = db.log.transactions.length;
    await runtime.start();
    try {
      for (let i = 0; i < 100 && ((await runtime.read('T-4'))!.context as { escalations: unknown[] }).escalations.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await runtime.stop();
    }
    expect(((await runtime.read('T-4'))!.context as { escalations: unknown[] }).escalations).toHaveLength(1);
    const fired = db.log.statements.slice(from).filter((s) => s.writes.includes('UPDATE kefu_cases'));
    expect(writes(fired)).toEqual(['UPDATE kefu_cases + INSERT kefu_cases_history + UPDATE job']);
    // the job completed in that statement, not in one of its own (pg-boss's fetches update jobs too), and no transaction around the delivery
    const completions = db.log.statements.slice(from).filter((s) => /state = 'completed'/.test(s.text));
    expect(writes(completions)).toEqual(['UPDATE kefu_cases + INSERT kefu_cases_history + UPDATE job']);
    expect(db.log.transactions.length).toBe(fromTx);
    expect(await job('T-4', 'xstate.after.deadline.test-ticket.open')).toMatchObject({ state: 'completed' });
  });
});
