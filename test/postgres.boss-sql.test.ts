/**
 * Timer jobs and outbox rows written inside the case's own statement (statement parts): the job kefu
 * writes with its own SQL is exactly the one pg-boss's `send` writes (this test fails when pg-boss
 * changes its job rows), a job is replaced in place and cancelled by id, a delivered job is completed
 * in the case's statement, and nothing of a part is written when the case row is not (stale or
 * refused writes). On PGlite and, with KEFU_PG_URL, on a PostgreSQL server.
 */
import { createRequire } from 'node:module';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialStep, step, type CaseChange, type OutboxMessage, type StatementPart } from 'kefu/runtime';
import { createPostgresRuntime, jobIdFor, outboxTableDdl, PgBossScheduler, PostgresCaseStore, PostgresOutbox, quoteIdent, type PostgresRuntime, type SqlClient } from 'kefu/postgres';
import { counterMachine, plus, ticketMachine } from './support/runtime-machines.js';
import { openPostgresRuntime, pgBackends, type PgTarget } from './support/runtime-pg.js';

const sendId = 'xstate.after.deadline.test-ticket.open';

describe.each(pgBackends())('timer jobs and outbox rows in the case statement ($name)', (backend) => {
  let runtime: PostgresRuntime;
  let outbox: PostgresOutbox;
  let target: PgTarget;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const options = { machines: [ticketMachine, counterMachine], outbox: {}, worker: { pollingIntervalSeconds: 0.2 } };
    ({ runtime, target } = await openPostgresRuntime(backend, options, cleanups));
    outbox = new PostgresOutbox(runtime.db, { schema: target.schema });
  }, 300_000);

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  }, 300_000);

  const boss = () => runtime.boss as PgBoss;
  const jobs = () => `${quoteIdent(target.bossSchema)}.job`;
  /** Every column of a timer's job row (as JSON, the same on every driver), but the time it was written. */
  async function jobRow(timerId: string): Promise<Record<string, unknown> | undefined> {
    const r = await runtime.db.query<{ row: string }>(`SELECT (to_jsonb(j) - 'created_on')::text AS row FROM ${jobs()} j WHERE name = $1 AND id = $2`, [
      runtime.scheduler.queue,
      jobIdFor(timerId),
    ]);
    return r.rows[0] ? (JSON.parse(r.rows[0].row) as Record<string, unknown>) : undefined;
  }
  const deleteJob = (timerId: string) => runtime.db.query(`DELETE FROM ${jobs()} WHERE name = $1 AND id = $2`, [runtime.scheduler.queue, jobIdFor(timerId)]);
  const timer = (caseId: string, due: string, id = sendId) => ({ id: `${caseId}#${id}`, caseId, sendId: id, due, event: { type: id } });

  it('pg-boss schema version 24 is the tested layout: timers go inline; another version or schema falls back to pg-boss\'s API', async () => {
    expect(runtime.scheduler.writesStatementParts).toBe(true);
    const other = new PgBossScheduler({ boss: runtime.boss, queue: runtime.scheduler.queue });
    expect(other.statementParts({ schedule: [], cancel: [] })).toBeUndefined();
    expect(await other.useStatementParts(runtime.db, 'kefu_no_such_schema')).toBe(false);
    expect(other.statementParts({ schedule: [timer('V-1', plus(Date.now(), 60_000))], cancel: [] })).toBeUndefined();
    // a pg-boss whose schema moved on (tried inside a transaction that is rolled back)
    const rolledBack = new Error('roll back');
    await expect(
      runtime.db.transaction(async (tx) => {
        await tx.query(`UPDATE ${quoteIdent(target.bossSchema)}.version SET version = version + 1`);
        expect(await other.useStatementParts(tx, target.bossSchema)).toBe(false);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await other.useStatementParts(runtime.db, target.bossSchema)).toBe(true);
    expect(other.writesStatementParts).toBe(true);
    // a pg-boss of the host's own: inline only in the schema the host names (never a guessed 'pgboss')
    const shared = { db: runtime.db, boss: runtime.boss, schema: target.schema, machines: [ticketMachine], migrate: false } as const;
    expect((await createPostgresRuntime(shared)).scheduler.writesStatementParts).toBe(false);
    expect((await createPostgresRuntime({ ...shared, bossSchema: target.bossSchema })).scheduler.writesStatementParts).toBe(true);
  });

  it('a job written by kefu\'s SQL is column for column the job boss.send writes for the same timer', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const due = plus(at, 60_000);
    await runtime.open('E-1', 'test-ticket', { ticketId: 'E-1', at, dueAt: due }, { now: at });
    const inline = await jobRow(`E-1#${sendId}`);
    expect(inline).toMatchObject({ state: 'created', retry_count: 0, retry_limit: 100, retry_backoff: true, started_on: null, data: { caseId: 'E-1', sendId, due } });
    await deleteJob(`E-1#${sendId}`);
    // the scheduler's own schedule() goes through boss.send
    await runtime.scheduler.schedule(timer('E-1', due));
    expect(await jobRow(`E-1#${sendId}`)).toEqual(inline);
  });

  it('a job that is being delivered (active) and is re-scheduled is reset in place to what a fresh send writes', async () => {
    const at = new Date(Date.now() - 5000).toISOString();
    await runtime.open('E-2', 'test-ticket', { ticketId: 'E-2', at, dueAt: at }, { now: at });
    const fetched = (await boss().fetch(runtime.scheduler.queue, { batchSize: 50 })) ?? [];
    expect(fetched.map((j) => j.id)).toContain(jobIdFor(`E-2#${sendId}`));
    expect(await jobRow(`E-2#${sendId}`)).toMatchObject({ state: 'active', started_on: expect.any(String) });
    const later = new Date(Date.now() + 3600_000).toISOString();
    await runtime.send('E-2', { type: 'EXTEND', dueAt: later, at }, { now: at });
    const replaced = await jobRow(`E-2#${sendId}`);
    expect(replaced).toMatchObject({ state: 'created', started_on: null, completed_on: null, output: null });
    await deleteJob(`E-2#${sendId}`);
    await runtime.scheduler.schedule(timer('E-2', later));
    expect(await jobRow(`E-2#${sendId}`)).toEqual(replaced);
    // the old delivery's completion (pg-boss: only an active job) leaves the new one waiting
    await boss().complete(runtime.scheduler.queue, jobIdFor(`E-2#${sendId}`));
    expect(await jobRow(`E-2#${sendId}`)).toMatchObject({ state: 'created' });
    // the old delivery finds its due time gone: nothing fires
    expect((await runtime.fireTimer({ caseId: 'E-2', sendId, due: at }))?.status).toBe('stale-timer');
  });

  it('a job replaced in place fires once, at its new time', async () => {
    const at = new Date().toISOString();
    await runtime.open('E-3', 'test-ticket', { ticketId: 'E-3', at, dueAt: plus(at, 3600_000) }, { now: at });
    const dueAt = plus(Date.now(), 300);
    await runtime.send('E-3', { type: 'EXTEND', dueAt, at }, { now: at });
    expect(await jobRow(`E-3#${sendId}`)).toMatchObject({ state: 'created' });
    const escalations = async () => ((await runtime.read('E-3'))!.context as { escalations: { dueAt: string }[] }).escalations;
    await runtime.start();
    try {
      for (let i = 0; i < 100 && (await escalations()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 800)); // a second delivery would land here
    } finally {
      await runtime.stop();
    }
    expect(await escalations()).toEqual([expect.objectContaining({ dueAt })]);
    expect(await jobRow(`E-3#${sendId}`)).toMatchObject({ state: 'completed' });
  });

  it('a job delivered early (before its timer is due) is put back for its due time in the case statement, not completed', async () => {
    const at = new Date().toISOString();
    const dueAt = plus(at, 3600_000);
    await runtime.open('E-8', 'test-ticket', { ticketId: 'E-8', at, dueAt }, { now: at });
    const id = `E-8#${sendId}`;
    // the job fetched an hour early (as with a skewed clock)
    await runtime.db.query(`UPDATE ${jobs()} SET start_after = now() - interval '1 second' WHERE name = $1 AND id = $2`, [runtime.scheduler.queue, jobIdFor(id)]);
    const waiting = async () => (await jobRow(id))?.start_after;
    await runtime.start();
    try {
      for (let i = 0; i < 100 && (await jobRow(id))?.state === 'created' && Date.parse(String(await waiting())) < Date.parse(dueAt); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await runtime.stop();
    }
    // the delivery rescheduled its own job (reset in place to a fresh one at the due time); nothing fired
    expect(await jobRow(id)).toMatchObject({ state: 'created', retry_count: 0, started_on: null });
    expect(Date.parse(String(await waiting()))).toBe(Date.parse(dueAt));
    expect(((await runtime.read('E-8'))!.context as { escalations: unknown[] }).escalations).toEqual([]);
  });

  /** A ticket case step (the event adds a ping timer to the envelope; the parts are the test's own). */
  function ping(record: { envelope: unknown }, parts: readonly StatementPart[]): CaseChange<SqlClient> {
    const at = new Date().toISOString();
    const next = step(ticketMachine, record.envelope, { type: 'PING.LATER', ms: 3600_000, at }, { now: at });
    return { envelope: next.envelope, text: next.text, parts };
  }

  it('a delivery completes its job in the case statement — unless the change re-schedules or cancels that very job', async () => {
    const at = new Date(Date.now() - 5000).toISOString();
    for (const id of ['E-4', 'E-5', 'E-6']) await runtime.open(id, 'test-ticket', { ticketId: id, at, dueAt: at }, { now: at });
    await boss().fetch(runtime.scheduler.queue, { batchSize: 50 });
    const { scheduler, store } = runtime;
    for (const id of ['E-4', 'E-5', 'E-6']) expect(await jobRow(`${id}#${sendId}`)).toMatchObject({ state: 'active' });
    const delivery = (id: string) => ({ jobId: jobIdFor(`${id}#${sendId}`) });

    // completed with the change
    const complete = scheduler.statementParts({ schedule: [], cancel: [] }, delivery('E-4'))!;
    expect(complete).toHaveLength(1);
    await store.update('E-4', (record) => ping(record, complete));
    expect(await jobRow(`E-4#${sendId}`)).toMatchObject({ state: 'completed', output: null });

    // re-scheduled by the change: one part (no completion of the same row beside it), the job waits again
    const later = new Date(Date.now() + 3600_000).toISOString();
    const again = scheduler.statementParts({ schedule: [timer('E-5', later)], cancel: [] }, delivery('E-5'))!;
    expect(again).toHaveLength(1);
    await store.update('E-5', (record) => ping(record, again));
    expect(await jobRow(`E-5#${sendId}`)).toMatchObject({ state: 'created', start_after: expect.stringMatching(later.slice(0, 16)) });

    // cancelled by the change: gone
    const gone = scheduler.statementParts({ schedule: [], cancel: [timer('E-6', at)] }, delivery('E-6'))!;
    expect(gone).toHaveLength(1);
    await store.update('E-6', (record) => ping(record, gone));
    expect(await jobRow(`E-6#${sendId}`)).toBeUndefined();
  });

  const message = (caseId: string, n: number): OutboxMessage => ({
    id: `${caseId}@x#${n}`,
    caseId,
    machine: 'test-ticket',
    kind: 'effect',
    type: 'notifySupervisor',
    payload: { n },
    createdAt: new Date().toISOString(),
  });

  it('outbox rows and a timer job given as parts are written with the case row', async () => {
    const at = new Date().toISOString();
    await runtime.open('S-1', 'test-ticket', { ticketId: 'S-1', at, dueAt: plus(at, 3600_000) }, { now: at });
    const parts = [...runtime.scheduler.statementParts({ schedule: [timer('S-1', plus(at, 60_000), 'ghost')], cancel: [] })!, ...outbox.statementParts([message('S-1', 1), message('S-1', 2)])];
    const done = await runtime.store.update('S-1', (record) => ping(record, parts));
    expect(done!.after.version).toBe(2);
    expect(await jobRow('S-1#ghost')).toMatchObject({ state: 'created' });
    expect((await outbox.list({ caseId: 'S-1' })).map((e) => e.id)).toEqual(['S-1@x#1', 'S-1@x#2']);
  });

  it('a stale write (the row moved on) writes no job and no outbox row; the retry under the lock writes its own', async () => {
    const at = new Date().toISOString();
    await runtime.open('S-2', 'test-ticket', { ticketId: 'S-2', at, dueAt: plus(at, 3600_000) }, { now: at });
    // changed outside this store: the remembered row is stale
    await runtime.db.query(`UPDATE ${runtime.store.table} SET priority = priority WHERE case_id = $1`, ['S-2']);
    let calls = 0;
    const done = await runtime.store.update('S-2', (record) => {
      calls++;
      // the first computation (on the stale row) would write a ghost job and message; the second writes none
      return ping(
        record,
        calls === 1 ? [...runtime.scheduler.statementParts({ schedule: [timer('S-2', plus(at, 60_000), 'ghost')], cancel: [] })!, ...outbox.statementParts([message('S-2', 1)])] : [],
      );
    });
    expect(calls).toBe(2);
    expect(done!.after.version).toBe(2);
    expect(await jobRow('S-2#ghost')).toBeUndefined();
    expect(await outbox.list({ caseId: 'S-2' })).toEqual([]);
  });

  it('save: its parts are written with the row; a save at a stale version throws ConflictError and writes none of them', async () => {
    const at = new Date().toISOString();
    await runtime.open('S-5', 'test-ticket', { ticketId: 'S-5', at, dueAt: plus(at, 3600_000) }, { now: at });
    const record = (await runtime.store.load('S-5'))!;
    const next = ping(record, []);
    const parts = (n: number) => [...runtime.scheduler.statementParts({ schedule: [timer('S-5', plus(at, 60_000), `ghost-${n}`)], cancel: [] })!, ...outbox.statementParts([message('S-5', n)])];
    await runtime.store.save('S-5', next.envelope!, { expectedVersion: 1, text: next.text!, parts: parts(1) });
    expect(await jobRow('S-5#ghost-1')).toMatchObject({ state: 'created' });
    await expect(runtime.store.save('S-5', next.envelope!, { expectedVersion: 1, text: next.text!, parts: parts(2) })).rejects.toMatchObject({ name: 'ConflictError' });
    expect(await jobRow('S-5#ghost-2')).toBeUndefined();
    expect((await outbox.list({ caseId: 'S-5' })).map((e) => e.id)).toEqual(['S-5@x#1']);
  });

  it('a refused attempt (no new envelope) writes its history entry and none of the parts', async () => {
    const at = new Date().toISOString();
    await runtime.open('S-3', 'test-ticket', { ticketId: 'S-3', at, dueAt: plus(at, 3600_000) }, { now: at });
    const parts = [...runtime.scheduler.statementParts({ schedule: [timer('S-3', plus(at, 60_000), 'ghost')], cancel: [] })!, ...outbox.statementParts([message('S-3', 1)])];
    const done = await runtime.store.update('S-3', () => ({
      envelope: undefined,
      parts,
      history: { eventId: null, eventType: 'CLOSE', event: { type: 'CLOSE' }, by: null, at, outcome: 'refused', refusal: null, stateBefore: 'open', stateAfter: 'open' },
    }));
    expect(done!.history).toMatchObject({ outcome: 'refused', version: 1 });
    expect(await jobRow('S-3#ghost')).toBeUndefined();
    expect(await outbox.list({ caseId: 'S-3' })).toEqual([]);
    // and through the runtime: a refused event leaves the case's job as it was
    const before = await jobRow(`S-3#${sendId}`);
    await runtime.send('S-3', { type: 'CLOSE', at }, { now: at });
    const refused = await runtime.send('S-3', { type: 'CLOSE', at }, { now: at });
    expect(refused.status).toBe('refused');
    expect(before).toMatchObject({ state: 'created' });
    expect(await jobRow(`S-3#${sendId}`)).toBeUndefined(); // cancelled by the first CLOSE, not re-created
  });

  it('a unique violation inside a part is an error of its own, not a stale row: nothing is written, nothing retried', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    const table = `${quoteIdent(target.schema)}.kefu_t_unique`;
    await runtime.db.query(`CREATE TABLE IF NOT EXISTS ${table} (id integer PRIMARY KEY)`);
    await runtime.db.query(`INSERT INTO ${table} (id) VALUES (1) ON CONFLICT DO NOTHING`);
    await runtime.open('S-4', 'test-counter', { at }, { now: at });
    let calls = 0;
    const clash: StatementPart = { text: `INSERT INTO ${table} (id) SELECT $1::integer FROM c`, params: [1] };
    await expect(
      runtime.store.update('S-4', (record) => {
        calls++;
        const next = step(counterMachine, record.envelope, { type: 'INC', at }, { now: at });
        return { envelope: next.envelope, text: next.text, parts: [clash] };
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
    expect((await runtime.store.load('S-4'))!.version).toBe(1);
    // the same part with a free key goes through, in the case's statement
    await runtime.store.update('S-4', (record) => {
      const next = step(counterMachine, record.envelope, { type: 'INC', at }, { now: at });
      return { envelope: next.envelope, text: next.text, parts: [{ ...clash, params: [2] }] };
    });
    expect((await runtime.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n).toBe(2);
  });

  it('parts are renumbered only where they have parameters: a "$1" in a quoted name or a text value stays as it is', async () => {
    const at = new Date().toISOString();
    // an outbox in a schema whose quoted name holds "$1" (a legal PostgreSQL name)
    const dollar = { schema: `${target.schema}$1` };
    for (const ddl of outboxTableDdl(dollar)) await runtime.db.query(ddl);
    try {
      const odd = new PostgresOutbox(runtime.db, dollar);
      await runtime.open('S-6', 'test-ticket', { ticketId: 'S-6', at, dueAt: plus(at, 3600_000) }, { now: at });
      const note = 'refund $1 (not $12) — 退款 ✓ \'quoted\' "$3"';
      const tags: StatementPart = { text: `SELECT $1::text[] AS tags, $2::jsonb AS doc FROM c`, params: [['a', '$1', '退款'], JSON.stringify({ note })] };
      const parts = [
        ...runtime.scheduler.statementParts({ schedule: [timer('S-6', plus(at, 60_000), 'one'), timer('S-6', plus(at, 120_000), 'two')], cancel: [timer('S-6', at)] })!,
        tags,
        ...odd.statementParts([{ ...message('S-6', 1), payload: { note } }, message('S-6', 2)]),
        ...outbox.statementParts([message('S-6', 3)]),
      ];
      expect(parts).toHaveLength(5);
      await runtime.store.update('S-6', (record) => ping(record, parts));
      expect((await odd.list({ caseId: 'S-6' })).map((e) => [e.id, e.payload])).toEqual([
        ['S-6@x#1', { note }],
        ['S-6@x#2', { n: 2 }],
      ]);
      expect((await outbox.list({ caseId: 'S-6' })).map((e) => e.id)).toEqual(['S-6@x#3']);
      expect(await jobRow('S-6#one')).toMatchObject({ state: 'created', data: { caseId: 'S-6', sendId: 'one' } });
      expect(await jobRow('S-6#two')).toMatchObject({ state: 'created', data: { caseId: 'S-6', sendId: 'two' } });
      expect(await jobRow(`S-6#${sendId}`)).toBeUndefined();
    } finally {
      await runtime.db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(dollar.schema)} CASCADE`);
    }
  });

  it('parts are renumbered only where they have parameters: not inside an escape string (E\'…\'), a block comment (nested too) or U&\'…\'', async () => {
    const at = new Date().toISOString();
    const table = `${quoteIdent(target.schema)}.kefu_t_texts`;
    await runtime.db.query(`CREATE TABLE IF NOT EXISTS ${table} (k integer PRIMARY KEY, a text, b text, c text)`);
    await runtime.open('S-12', 'test-ticket', { ticketId: 'S-12', at, dueAt: plus(at, 3600_000) }, { now: at });
    // Each literal holds "$1"/"$2" that must stay text; $1–$3 outside them are the part's parameters.
    const part: StatementPart = {
      text: `INSERT INTO ${table} (k, a, b, c) /* not $1, /* nested $2 */ still not $1 */
             SELECT $1::integer, E'it\\'s $1 \\\\ and $2' || $2::text, e'tab\\t$1', U&'d\\0061ta $1' || $3::text FROM c`,
      params: [7, '+two', '+three'],
    };
    await runtime.store.update('S-12', (record) => ping(record, [part]));
    const row = (await runtime.db.query<{ a: string; b: string; c: string }>(`SELECT a, b, c FROM ${table} WHERE k = 7`)).rows[0];
    expect(row).toEqual({ a: "it's $1 \\ and $2+two", b: 'tab\t$1', c: 'data $1+three' });
  });

  it('a delivery that fails after the change re-scheduled its job fails nothing: the job waits, reset, for its new time', async () => {
    // a runtime of its own queue, so that the worker below fetches only this test's job
    const queue = 'kefu-t-fail-after-reset';
    const other = await createPostgresRuntime({ db: runtime.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], migrate: false, queue });
    const at = new Date(Date.now() - 5000).toISOString();
    await other.open('F-1', 'test-ticket', { ticketId: 'F-1', at, dueAt: at }, { now: at });
    const later = new Date(Date.now() + 3600_000).toISOString();
    const row = async () => {
      const r = await runtime.db.query<{ row: string }>(`SELECT to_jsonb(j)::text AS row FROM ${jobs()} j WHERE name = $1 AND id = $2`, [queue, jobIdFor(`F-1#${sendId}`)]);
      return JSON.parse(r.rows[0]!.row) as Record<string, unknown>;
    };
    // worker A fetched the job; while it delivers, another process re-schedules the timer; then A's delivery fails
    const worker = new PgBossScheduler({ boss: runtime.boss, queue, pollingIntervalSeconds: 0.1, retryLimit: 0, onError: () => {} });
    expect(await worker.useStatementParts(runtime.db, target.bossSchema)).toBe(true);
    let delivered = 0;
    await worker.start(async () => {
      delivered++;
      expect(await row()).toMatchObject({ state: 'active' });
      await other.send('F-1', { type: 'EXTEND', dueAt: later, at }, { now: at });
      throw new Error('delivery failed');
    });
    try {
      for (let i = 0; i < 100 && (delivered === 0 || (await row()).output === undefined); i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300)); // the failure lands here
    } finally {
      await worker.stop();
    }
    expect(delivered).toBe(1);
    expect(await row()).toMatchObject({ state: 'created', retry_count: 0, started_on: null, completed_on: null, output: null, data: { due: later } });
    expect(Date.parse(String((await row()).start_after))).toBe(Date.parse(later));
    // and a failed delivery of the job it fetched (still active) is failed as before: retried later
    const at2 = new Date(Date.now() - 5000).toISOString();
    await other.open('F-2', 'test-ticket', { ticketId: 'F-2', at: at2, dueAt: at2 }, { now: at2 });
    let failed = 0;
    await worker.start(async () => {
      failed++;
      throw new Error('delivery failed');
    });
    try {
      for (let i = 0; i < 100 && failed === 0; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await worker.stop();
    }
    const r2 = await runtime.db.query<{ state: string }>(`SELECT state::text FROM ${jobs()} WHERE name = $1 AND id = $2`, [queue, jobIdFor(`F-2#${sendId}`)]);
    expect(r2.rows[0]!.state).toBe('retry');
  });

  it('open of a case id that exists writes no job: the existing case\'s job (same id) is left as it was', async () => {
    const at = new Date().toISOString();
    await runtime.open('E-10', 'test-ticket', { ticketId: 'E-10', at, dueAt: plus(at, 3600_000) }, { now: at });
    const before = await runtime.db.query<{ row: string }>(`SELECT to_jsonb(j)::text AS row FROM ${jobs()} j WHERE name = $1 AND id = $2`, [runtime.scheduler.queue, jobIdFor(`E-10#${sendId}`)]);
    await expect(runtime.open('E-10', 'test-ticket', { ticketId: 'E-10', at, dueAt: plus(at, 60_000) }, { now: at })).rejects.toMatchObject({ name: 'CaseExistsError' });
    const after = await runtime.db.query<{ row: string }>(`SELECT to_jsonb(j)::text AS row FROM ${jobs()} j WHERE name = $1 AND id = $2`, [runtime.scheduler.queue, jobIdFor(`E-10#${sendId}`)]);
    expect(JSON.parse(after.rows[0]!.row)).toEqual(JSON.parse(before.rows[0]!.row));
  });

  it('an event replayed with its eventId writes nothing again: the job its first delivery reset stays as written', async () => {
    const at = new Date().toISOString();
    await runtime.open('E-11', 'test-ticket', { ticketId: 'E-11', at, dueAt: plus(at, 3600_000) }, { now: at });
    const later = plus(at, 7200_000);
    const first = await runtime.send('E-11', { type: 'EXTEND', dueAt: later, at }, { now: at, eventId: 'extend-1' });
    const row = async () =>
      (await runtime.db.query<{ row: string }>(`SELECT to_jsonb(j)::text AS row FROM ${jobs()} j WHERE name = $1 AND id = $2`, [runtime.scheduler.queue, jobIdFor(`E-11#${sendId}`)])).rows[0]!.row;
    const written = await row();
    await new Promise((r) => setTimeout(r, 20)); // a second reset would write a later created_on
    const again = await runtime.send('E-11', { type: 'EXTEND', dueAt: later, at }, { now: at, eventId: 'extend-1' });
    expect(again.status).toBe('duplicate');
    expect(again.record.version).toBe(first.record.version);
    expect(await row()).toBe(written);
    // the case is still remembered right: the next event is applied at the next version
    expect((await runtime.send('E-11', { type: 'EXTEND', dueAt: plus(at, 60_000), at }, { now: at })).record.version).toBe(first.record.version + 1);
  });

  it('statement shapes past the named ones (128) run unnamed, and still write their parts', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    const store = new PostgresCaseStore(runtime.db, { schema: target.schema });
    await runtime.open('S-7', 'test-counter', { at }, { now: at });
    const table = `${quoteIdent(target.schema)}.kefu_t_shapes`;
    await runtime.db.query(`CREATE TABLE IF NOT EXISTS ${table} (n integer PRIMARY KEY, note text)`);
    for (let i = 0; i < 140; i++) {
      // a text of its own per write (a constant in it), and a parameter
      const part: StatementPart = { text: `INSERT INTO ${table} (n, note) SELECT $1::integer, '${i}: $1' FROM c`, params: [i] };
      await store.update('S-7', (record) => {
        const next = step(counterMachine, record.envelope, { type: 'INC', at }, { now: at });
        return { envelope: next.envelope, text: next.text, parts: [part] };
      });
    }
    const r = await runtime.db.query<{ n: number; notes: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE note = n || ': $1')::int AS notes FROM ${table}`);
    expect(r.rows[0]).toEqual({ n: 140, notes: 140 });
    expect((await store.load('S-7'))!.version).toBe(141);
  });

  it('two processes: a job fetched by A while B moves its timer (still due) or closes the case fires once, at B\'s time, or never; no job stays active', async () => {
    const queue = 'kefu-t-race';
    const open = () => createPostgresRuntime({ db: runtime.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], migrate: false, queue, worker: { pollingIntervalSeconds: 0.1 } });
    const a = await open();
    const b = await open(); // its own store: A's remembered cases go stale when B writes them
    expect(a.scheduler.writesStatementParts).toBe(true); // the queue did not exist before: created first, then checked
    const at = new Date(Date.now() - 60_000).toISOString();
    const moved = new Date(Date.now() - 30_000).toISOString(); // B's new due time, also past
    for (const id of ['R-1', 'R-2']) await a.open(id, 'test-ticket', { ticketId: id, at, dueAt: at }, { now: at });
    // B writes while A's worker holds the job it fetched, before A's delivery reads the case
    const deliver = a.scheduler.start.bind(a.scheduler);
    const seen: string[] = [];
    a.scheduler.start = (inner) =>
      deliver(async (timer, delivery) => {
        if (!seen.includes(`${timer.caseId}@${timer.due}`)) {
          seen.push(`${timer.caseId}@${timer.due}`);
          if (timer.caseId === 'R-1' && timer.due === at) await b.send('R-1', { type: 'EXTEND', dueAt: moved, at }, { now: at });
          if (timer.caseId === 'R-2') await b.send('R-2', { type: 'CLOSE', at }, { now: at });
        }
        return inner(timer, delivery);
      });
    const escalations = async (id: string) => ((await b.read(id))!.context as { escalations: { dueAt: string }[] }).escalations;
    const row = async (id: string) =>
      (await runtime.db.query<{ state: string }>(`SELECT state::text FROM ${jobs()} WHERE name = $1 AND id = $2`, [queue, jobIdFor(`${id}#${sendId}`)])).rows[0]?.state;
    await a.start();
    try {
      for (let i = 0; i < 100 && (await escalations('R-1')).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 800)); // a second firing would land here
    } finally {
      await a.stop();
    }
    expect(seen).toEqual(expect.arrayContaining([`R-1@${at}`, `R-1@${moved}`, `R-2@${at}`]));
    expect(await escalations('R-1')).toEqual([expect.objectContaining({ dueAt: moved })]);
    expect(await row('R-1')).toBe('completed');
    expect(await escalations('R-2')).toEqual([]);
    expect(await row('R-2')).toBeUndefined();
    const active = await runtime.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${jobs()} WHERE name = $1 AND state = 'active'`, [queue]);
    expect(active.rows[0]!.n).toBe(0);
  });

  it('a cases table with a long name (its index names cut to 63 bytes by PostgreSQL): a replayed eventId is still a duplicate, on the one statement and under the lock', async () => {
    const table = 'kefu_customer_service_department_tickets_2026_cases'; // 51 characters: "…_history_event_id_idx" is cut
    const long = await createPostgresRuntime({ db: runtime.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], table });
    const at = new Date().toISOString();
    await long.open('L-1', 'test-ticket', { ticketId: 'L-1', at, dueAt: plus(at, 3600_000) }, { now: at });
    const first = await long.send('L-1', { type: 'EXTEND', dueAt: plus(at, 7200_000), at }, { now: at, eventId: 'long-1' });
    expect((await long.send('L-1', { type: 'EXTEND', dueAt: plus(at, 7200_000), at }, { now: at, eventId: 'long-1' })).status).toBe('duplicate');
    // not remembered (another store): the locked path
    const other = await createPostgresRuntime({ db: runtime.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], table, migrate: false });
    expect((await other.send('L-1', { type: 'EXTEND', dueAt: plus(at, 7200_000), at }, { now: at, eventId: 'long-1' })).status).toBe('duplicate');
    expect((await long.read('L-1'))!.version).toBe(first.record.version);
    // the history key "…_histor_pkey" (cut by PostgreSQL): a refused attempt on the remembered row waits for the row
    // lock of a writer that took the next seq meanwhile, and clashes with it; it falls back to the lock, not throws
    if (backend.name !== 'postgres') return; // needs two connections
    expect((await other.send('L-1', { type: 'CLOSE', at }, { now: at })).status).toBe('applied'); // under the lock; remembered by `other`
    const cols = await runtime.db.query<{ c: string }>(`SELECT column_name::text AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [
      target.schema,
      `${table}_history`,
    ]);
    const names = cols.rows.map((r) => r.c);
    const values = names.map((c) => (c === 'seq' ? 'seq + 1' : c === 'event_id' ? 'NULL' : quoteIdent(c)));
    let refused: Promise<{ status: string }> | undefined;
    await runtime.db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM ${long.store.table} WHERE case_id = $1 FOR NO KEY UPDATE`, ['L-1']);
      await tx.query(`INSERT INTO ${long.store.historyTable} (${names.map(quoteIdent).join(', ')}) SELECT ${values.join(', ')} FROM ${long.store.historyTable} WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`, ['L-1']);
      refused = other.send('L-1', { type: 'CLOSE', at }, { now: at });
      await new Promise((r) => setTimeout(r, 300)); // its statement waits for this row lock
    });
    expect((await refused!).status).toBe('refused');
  });

  it('a job reset in place while its expire_in window elapsed is not expired by pg-boss maintenance; one left active is', async () => {
    const at = new Date(Date.now() - 5000).toISOString();
    for (const id of ['X-1', 'X-2']) await runtime.open(id, 'test-ticket', { ticketId: id, at, dueAt: at }, { now: at });
    await boss().fetch(runtime.scheduler.queue, { batchSize: 50 });
    const ids = ['X-1', 'X-2'].map((id) => jobIdFor(`${id}#${sendId}`));
    // both fetched two hours ago by a worker that died (their 60 s expire_in long elapsed)
    await runtime.db.query(`UPDATE ${jobs()} SET started_on = now() - interval '2 hours' WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`, [runtime.scheduler.queue, ids]);
    expect(await jobRow(`X-1#${sendId}`)).toMatchObject({ state: 'active' });
    const later = new Date(Date.now() + 3600_000).toISOString();
    await runtime.send('X-1', { type: 'EXTEND', dueAt: later, at }, { now: at });
    // pg-boss maintenance's expiry (its own statement)
    const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as { failJobsByTimeout(schema: string): string };
    await runtime.db.query(plans.failJobsByTimeout(quoteIdent(target.bossSchema)));
    expect(await jobRow(`X-1#${sendId}`)).toMatchObject({ state: 'created', retry_count: 0, started_on: null, output: null, data: { due: later } });
    expect(await jobRow(`X-2#${sendId}`)).toMatchObject({ state: 'retry', output: { value: { message: expect.stringContaining('timeout') } } });
  });

  it('a foreign-key or check violation inside a part is thrown as it is, not retried; the case stays as it was and the next events apply', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    const fk = `${quoteIdent(target.schema)}.kefu_t_fk`;
    const chk = `${quoteIdent(target.schema)}.kefu_t_chk`;
    await runtime.db.query(`CREATE TABLE IF NOT EXISTS ${fk} (case_id text REFERENCES ${runtime.store.table} (case_id))`);
    await runtime.db.query(`CREATE TABLE IF NOT EXISTS ${chk} (n integer CHECK (n > 0))`);
    await runtime.open('S-8', 'test-counter', { at }, { now: at });
    const inc = (record: { envelope: unknown }, parts: StatementPart[]) => {
      const next = step(counterMachine, record.envelope, { type: 'INC', at }, { now: at });
      return { envelope: next.envelope, text: next.text, parts };
    };
    for (const [part, code] of [
      [{ text: `INSERT INTO ${fk} (case_id) SELECT $1::text FROM c`, params: ['S-NONE'] }, '23503'],
      [{ text: `INSERT INTO ${chk} (n) SELECT $1::integer FROM c`, params: [-1] }, '23514'],
    ] as const) {
      let calls = 0;
      await expect(runtime.store.update('S-8', (record) => (calls++, inc(record, [part])))).rejects.toMatchObject({ code });
      expect(calls).toBe(1);
      expect((await runtime.store.load('S-8'))!.version).toBe(1);
    }
    // the remembered row is still right: the next events apply, at the next versions
    const done = await runtime.store.update('S-8', (record) => inc(record, [{ text: `INSERT INTO ${fk} (case_id) SELECT $1::text FROM c`, params: ['S-8'] }]));
    expect(done!.after.version).toBe(2);
    expect((await runtime.send('S-8', { type: 'INC', at }, { now: at })).record.version).toBe(3);
    expect((await runtime.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${fk} WHERE case_id = 'S-8'`)).rows[0]!.n).toBe(1);
  });

  it('two processes: a timer B moved is delivered to A, whose remembered case still has the old due time — it fires (not taken for a stale timer and completed)', async () => {
    const open = () => createPostgresRuntime({ db: runtime.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], migrate: false });
    const a = await open();
    const b = await open();
    const at = new Date(Date.now() - 60_000).toISOString();
    await a.open('R-3', 'test-ticket', { ticketId: 'R-3', at, dueAt: plus(at, 3600_000) }, { now: at }); // remembered by A
    const moved = plus(at, 30_000); // B moves the deadline; A's store does not know
    await b.send('R-3', { type: 'EXTEND', dueAt: moved, at }, { now: at });
    // the job of the moved timer, delivered to A's worker
    const fired = await a.fireTimer({ caseId: 'R-3', sendId, due: moved });
    expect(fired?.status).toBe('applied');
    expect(((await b.read('R-3'))!.context as { escalations: { dueAt: string }[] }).escalations).toEqual([expect.objectContaining({ dueAt: moved })]);
    // and a timer that is really gone is still stale for A (the check costs one read, no write)
    expect((await a.fireTimer({ caseId: 'R-3', sendId, due: moved }))?.status).toBe('stale-timer');
  });

  it('a step that throws on the remembered row is tried again on the current one when another process wrote the case; on the current row its error stands', async () => {
    const at = '2026-12-01T01:00:00.000Z';
    const a = new PostgresCaseStore(runtime.db, { schema: target.schema });
    const b = new PostgresCaseStore(runtime.db, { schema: target.schema });
    const inc = (record: { envelope: unknown }) => {
      const next = step(counterMachine, record.envelope, { type: 'INC', at }, { now: at });
      return { envelope: next.envelope, text: next.text };
    };
    await runtime.open('S-9', 'test-counter', { at }, { now: at });
    await a.update('S-9', inc); // version 2, remembered by A
    await b.update('S-9', inc); // version 3: A's row is stale
    const refused = new Error('refused on version 2');
    const seen: number[] = [];
    const done = await a.update('S-9', (record) => {
      seen.push(record.version);
      if (record.version === 2) throw refused;
      return inc(record);
    });
    expect(seen).toEqual([2, 3]);
    expect(done!.after.version).toBe(4);
    // on the row as it is, the error is the caller's
    await expect(a.update('S-9', () => { throw refused; })).rejects.toBe(refused);
    expect((await a.load('S-9'))!.version).toBe(4);
    // a store that does not remember the case: the error on the row it has just read is the caller's (computed once)
    const fresh = new PostgresCaseStore(runtime.db, { schema: target.schema });
    let calls = 0;
    await expect(fresh.update('S-9', () => { calls++; throw refused; })).rejects.toBe(refused);
    expect(calls).toBe(1);
    expect((await a.load('S-9'))!.version).toBe(4);
  });

  it('create: the row, its history entry and many parts in one statement, each part at its own parameters', async () => {
    const at = new Date().toISOString();
    const first = initialStep(ticketMachine, { ticketId: 'S-10', at, dueAt: plus(at, 3600_000) }, { now: at });
    const note = '$1 $15 $26 退款 "x"';
    const mark = `${quoteIdent(target.schema)}.kefu_t_marks`;
    await runtime.db.query(`CREATE TABLE IF NOT EXISTS ${mark} (case_id text, tags text[], note text)`);
    const parts = [
      ...runtime.scheduler.statementParts({ schedule: [timer('S-10', plus(at, 60_000), 'a'), timer('S-10', plus(at, 120_000), 'b')], cancel: [timer('S-10', at, 'c')] })!,
      { text: `INSERT INTO ${mark} (case_id, tags, note) SELECT $1::text, $2::text[], $3::text FROM c`, params: ['S-10', ['$2', '工单'], note] },
      ...outbox.statementParts([{ ...message('S-10', 1), payload: { note } }]),
    ];
    const history = { eventId: 'open-S-10', eventType: 'xstate.init', event: { type: 'xstate.init', note }, by: null, at, outcome: 'applied' as const, refusal: null, stateBefore: null, stateAfter: 'open' };
    const created = await runtime.store.create('S-10', first.envelope, { text: first.text, parts, history });
    expect(created.history).toMatchObject({ eventId: 'open-S-10', event: { note }, version: 1 });
    expect(await jobRow('S-10#a')).toMatchObject({ state: 'created', data: { sendId: 'a' } });
    expect(await jobRow('S-10#b')).toMatchObject({ state: 'created', data: { sendId: 'b' } });
    expect((await runtime.db.query(`SELECT case_id, tags, note FROM ${mark}`)).rows).toEqual([{ case_id: 'S-10', tags: ['$2', '工单'], note }]);
    expect((await outbox.list({ caseId: 'S-10' })).map((e) => e.payload)).toEqual([{ note }]);
  });

  it('inlineTimers: false keeps pg-boss\'s API in the case\'s transaction, writing the same job', async () => {
    const viaApi = await createPostgresRuntime({ db: runtime.db, boss: runtime.boss, schema: target.schema, bossSchema: target.bossSchema, machines: [ticketMachine], migrate: false, inlineTimers: false });
    expect(viaApi.scheduler.writesStatementParts).toBe(false);
    const at = new Date(Date.now() + 3600_000).toISOString();
    await viaApi.open('E-7', 'test-ticket', { ticketId: 'E-7', at, dueAt: plus(at, 60_000) }, { now: at });
    const sent = await jobRow(`E-7#${sendId}`);
    await deleteJob(`E-7#${sendId}`);
    await runtime.store.update('E-7', (record) => ping(record, runtime.scheduler.statementParts({ schedule: [timer('E-7', plus(at, 60_000))], cancel: [] })!));
    expect(await jobRow(`E-7#${sendId}`)).toEqual(sent);
  });
});

describe('PgBossScheduler options', () => {
  // Never called: the constructor only keeps it.
  const boss = {} as ConstructorParameters<typeof PgBossScheduler>[0]['boss'];

  it('options pg-boss send would refuse are refused up front, naming the option: the inline SQL never writes a job pg-boss would not', async () => {
    for (const [option, value] of [
      ['expireInSeconds', 0],
      ['expireInSeconds', 24 * 3600],
      ['expireInSeconds', Number.NaN],
      ['retentionDays', 0.5],
      ['retryLimit', 1.5],
      ['retryLimit', -1],
      ['retryDelaySeconds', -1],
      ['retryDelaySeconds', 2.5],
    ] as const) {
      expect(() => new PgBossScheduler({ boss, [option]: value }), `${option}: ${value}`).toThrow(expect.objectContaining({ name: 'RangeError', message: expect.stringContaining(option) }));
    }
    // createPostgresRuntime refuses them before it creates or starts anything (no database touched)
    const db = {} as Parameters<typeof createPostgresRuntime>[0]['db'];
    await expect(createPostgresRuntime({ db, machines: [ticketMachine], worker: { expireInSeconds: 24 * 3600 } })).rejects.toThrow(/expireInSeconds/);
    // pg-boss's own bounds are allowed
    expect(new PgBossScheduler({ boss, expireInSeconds: 1, retentionDays: 1, retryLimit: 0, retryDelaySeconds: 0 }).queue).toBe('kefu-timers');
    expect(new PgBossScheduler({ boss, expireInSeconds: 24 * 3600 - 1, retentionDays: 1.5, retryLimit: 100, retryDelaySeconds: 5 }).queue).toBe('kefu-timers');
  });
});
