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
  const log = {
    commits: 0,
    statements: [] as Statement[],
    transactions: [] as Statement[][],
    /** Run after a lone statement (not one in a transaction) returned, before its caller sees the result: another writer slipping in. */
    after: undefined as ((text: string, params: readonly unknown[] | undefined) => Promise<void>) | undefined,
  };
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
      await log.after?.(text, params);
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
  /** The same database, not counted. */
  let raw: SqlDatabase;

  beforeAll(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    target = opened.target;
    raw = opened.db;
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

  it('with cacheSize 0 every event reads its case (no lock, no transaction) and writes it with the version and xmin check: two statements', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    const locked = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, machines: [counterMachine], migrate: false, cacheSize: 0 });
    await locked.open('K-3', 'test-counter', { at });
    const m = await db.measure(() => locked.send('K-3', { type: 'INC' }, { now: at }));
    expect(m).toMatchObject({ commits: 2, transactions: 0 });
    expect(m.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['SELECT', 'UPDATE kefu_cases + INSERT kefu_cases_history']);
    expect(m.statements[0]!.text).not.toMatch(/FOR (NO KEY )?UPDATE/);
    expect(m.statements[1]!.text).toMatch(/version = \$2 AND xmin = \$3/);
    expect(await locked.read('K-3')).toMatchObject({ version: 2, context: { count: 1 } });
    expect(() => new PostgresCaseStore(db.db, { schema: target.schema, cacheSize: -1 })).toThrow(RangeError);
  });

  it('a case this store does not remember (another process wrote it, a restarted worker): a read, then the one-statement write — no BEGIN/COMMIT', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    await runtime.open('K-M', 'test-counter', { at });
    const fresh = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, machines: [counterMachine], migrate: false });
    const m = await db.measure(() => fresh.send('K-M', { type: 'INC' }, { now: at, eventId: 'km-1' }));
    expect(m).toMatchObject({ commits: 2, transactions: 0 });
    expect(m.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['SELECT', 'UPDATE kefu_cases + INSERT kefu_cases_history']);
    expect(m.statements[0]!.text).not.toMatch(/FOR (NO KEY )?UPDATE/);
    // written by this store: remembered, its next event is one statement
    const next = await db.measure(() => fresh.send('K-M', { type: 'INC' }, { now: at }));
    expect(next.statements).toHaveLength(1);
    // a replayed eventId on a case not remembered: the read brings the earlier entry, nothing is written
    const again = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, machines: [counterMachine], migrate: false });
    let replayed: Awaited<ReturnType<PostgresRuntime['send']>> | undefined;
    const replay = await db.measure(async () => (replayed = await again.send('K-M', { type: 'INC' }, { now: at, eventId: 'km-1' })));
    expect(replayed).toMatchObject({ status: 'duplicate' });
    expect(replay).toMatchObject({ commits: 1, transactions: 0 });
    expect(writes(replay.statements)).toEqual([]);
    expect(await runtime.read('K-M')).toMatchObject({ version: 3, context: { count: 2 } });
    expect((await runtime.history('K-M')).entries.map((e) => [e.version, e.eventId])).toEqual([
      [1, null],
      [2, 'km-1'],
      [3, null],
    ]);
  });

  it('a refused attempt on a case not remembered: a read, then its history entry under the row lock — two statements, no transaction', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    await runtime.open('T-R', 'test-ticket', { ticketId: 'T-R', at, dueAt: plus(at, 60_000) }, { now: at });
    await runtime.send('T-R', { type: 'CLOSE' }, { now: at });
    const fresh = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], migrate: false });
    const m = await db.measure(() => fresh.send('T-R', { type: 'CLOSE' }, { now: at }));
    expect(m).toMatchObject({ commits: 2, transactions: 0 });
    expect(m.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['SELECT', 'INSERT kefu_cases_history']);
    expect((await runtime.history('T-R')).entries.map((e) => e.outcome)).toEqual(['applied', 'applied', 'refused']);
  });

  it('another writer between the read and the write: the write finds the row moved and writes nothing; the event is applied under the lock on the current row (no update lost)', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    await runtime.open('K-W', 'test-counter', { at });
    const fresh = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, machines: [counterMachine], migrate: false });
    // another process, on the same database (its statements not counted here)
    const other = await createPostgresRuntime({ db: raw, boss: runtime.boss, schema: target.schema, machines: [counterMachine], migrate: false });
    let slipped = 0;
    db.log.after = async (text, params) => {
      if (slipped === 0 && params?.[0] === 'K-W' && /^\s*SELECT/i.test(text) && !/FOR (NO KEY )?UPDATE/.test(text)) {
        slipped++;
        await other.send('K-W', { type: 'INC', amount: 10 }, { now: at });
      }
    };
    let m: Awaited<ReturnType<typeof db.measure>>;
    try {
      m = await db.measure(() => fresh.send('K-W', { type: 'INC' }, { now: at }));
    } finally {
      db.log.after = undefined;
    }
    expect(slipped).toBe(1);
    // read, the version- and xmin-checked write (no row: nothing written), then one transaction: the locked read and the write
    expect(m.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual([
      'SELECT',
      'UPDATE kefu_cases + INSERT kefu_cases_history',
      'SELECT',
      'UPDATE kefu_cases + INSERT kefu_cases_history',
    ]);
    expect(m.transactions).toBe(1);
    expect(m.statements[2]!.text).toMatch(/FOR NO KEY UPDATE/);
    expect(await runtime.read('K-W')).toMatchObject({ version: 3, context: { count: 11 } });
    expect((await runtime.history('K-W')).entries.map((e) => e.version)).toEqual([1, 2, 3]);
    // a case another process writes too: its next writes here read it under the lock directly
    await other.send('K-W', { type: 'INC' }, { now: at });
    const next = await db.measure(() => fresh.send('K-W', { type: 'INC' }, { now: at }));
    expect(next.transactions).toBe(1);
    expect(next.statements.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['SELECT', 'UPDATE kefu_cases + INSERT kefu_cases_history']);
    expect(await runtime.read('K-W')).toMatchObject({ version: 5, context: { count: 13 } });
  });

  it('a host whose writes need a transaction (inlineTimers: false) still gets one on a case not remembered: the read, then the case statement and pg-boss\'s in one transaction', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const viaApi = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], migrate: false, inlineTimers: false, cacheSize: 0 });
    await viaApi.open('T-8', 'test-ticket', { ticketId: 'T-8', at, dueAt: plus(at, 60_000) }, { now: at });
    const m = await db.measure(() => viaApi.send('T-8', { type: 'PING.LATER', ms: 5000 }, { now: at }));
    expect(m.transactions).toBe(1);
    expect(m.statements[0]!.verb).toBe('SELECT');
    expect(m.statements[0]!.text).not.toMatch(/FOR (NO KEY )?UPDATE/);
    const tx = db.log.transactions.at(-1)!;
    expect(tx[0]!.writes).toEqual(['UPDATE kefu_cases', 'INSERT kefu_cases_history']);
    expect(tx.some((s) => s.writes.includes('INSERT job'))).toBe(true);
    expect(await job('T-8', 'ping')).toMatchObject({ state: 'created' });
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

  it('a stale timer delivery (its timer already fired) is one statement: the read that finds the case as remembered completes the job; a case not remembered costs a read first', async () => {
    const sendId = 'xstate.after.deadline.test-ticket.open';
    /** Open a case whose deadline is due, fire it by hand (as `fireOverdue` would): its job is left waiting, so the worker's delivery finds the timer gone. */
    const firedByHand = async (caseId: string) => {
      const at = new Date(Date.now() - 60_000).toISOString();
      await runtime.open(caseId, 'test-ticket', { ticketId: caseId, at, dueAt: plus(at, 1000) }, { now: at });
      expect((await runtime.fireTimer({ caseId, sendId }))?.status).toBe('applied');
      expect(await job(caseId, sendId)).toMatchObject({ state: 'created' });
    };
    /** The statements a worker ran that read the case or complete a job, until the job is completed. */
    const deliver = async (worker: PostgresRuntime, caseId: string) => {
      const from = db.log.statements.length;
      await worker.start();
      try {
        for (let i = 0; i < 100 && (await job(caseId, sendId))?.state !== 'completed'; i++) await new Promise((r) => setTimeout(r, 100));
      } finally {
        await worker.stop();
      }
      expect(await job(caseId, sendId)).toMatchObject({ state: 'completed' });
      return db.log.statements.slice(from).filter((s) => /kefu_cases\b/.test(s.text) || /state = 'completed'/.test(s.text));
    };

    await firedByHand('T-6');
    const remembered = await deliver(runtime, 'T-6');
    // one statement: the case row checked at its remembered version and xmin, the job completed in it (no pg-boss complete of its own)
    expect(remembered.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['UPDATE job']);
    expect(remembered[0]!.text).toMatch(/kefu_cases/);
    expect(((await runtime.read('T-6'))!.context as { escalations: unknown[] }).escalations).toHaveLength(1);

    await firedByHand('T-7');
    const fresh = await createPostgresRuntime({ db: db.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], migrate: false, supervise: false, worker: { pollingIntervalSeconds: 0.2 } });
    const notRemembered = await deliver(fresh, 'T-7');
    expect(notRemembered.map((s) => s.writes.join(' + ') || s.verb)).toEqual(['SELECT', 'UPDATE job']);
    expect(notRemembered[1]!.text).toMatch(/kefu_cases/);
    expect(((await runtime.read('T-7'))!.context as { escalations: unknown[] }).escalations).toHaveLength(1);
  });
});
