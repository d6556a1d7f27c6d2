/**
 * The runtime and PostgreSQL pieces a host assembles by hand instead of through
 * `createPostgresRuntime`: its own pg-boss instance on kefu's connection (`bossDb`), the store and
 * the scheduler constructed explicitly and given to `createCaseRuntime`, the cases table's DDL, a
 * node-postgres-style pool adapted with `fromPgPool`; and reading stored envelopes and missing
 * cases. Runs on PGlite.
 */
import { rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CaseNotFoundError,
  createCaseRuntime,
  initialStep,
  isCaseNotFoundError,
  isMalformedSnapshotError,
  nextDue,
  parseEnvelope,
  type CaseRuntime,
} from 'kefu/runtime';
import {
  bossDb,
  casesTableDdl,
  worklistDdl,
  casesTableName,
  fromPGlite,
  fromPgPool,
  migrateCasesTable,
  outboxTableDdl,
  outboxTableName,
  PostgresOutbox,
  PgBossScheduler,
  PostgresCaseStore,
  type PgPoolLike,
  type FromPgPoolOptions,
  type PGliteLike,
  type SqlClient,
  type SqlDatabase,
} from 'kefu/postgres';
import { freshPGliteDir } from './support/runtime-pg.js';
import { plus, ticketMachine } from './support/runtime-machines.js';

const deadline = 'xstate.after.deadline.test-ticket.open';
const ping = 'ping';

describe('kefu/runtime: stored envelopes and missing cases', () => {
  const at = '2026-12-01T01:00:00.000Z';
  const { envelope } = initialStep(ticketMachine, { ticketId: 'T-1', at, dueAt: plus(at, 60_000) }, { now: at, caseId: 'T-1' });

  it('parseEnvelope reads what a database gives back, and refuses a corrupt envelope with MalformedSnapshotError naming the fields', () => {
    expect(parseEnvelope(JSON.stringify(envelope))).toEqual(JSON.parse(JSON.stringify(envelope)));
    const notJson = (() => {
      try {
        parseEnvelope('{"machine":');
      } catch (e) {
        return e;
      }
    })();
    expect(isMalformedSnapshotError(notJson)).toBe(true);
    expect(notJson).toMatchObject({ code: 'KEFU_SNAPSHOT_MALFORMED', issues: [] });

    const corrupt = { ...JSON.parse(JSON.stringify(envelope)), version: 'one', timers: [{ id: deadline, due: 'later' }] };
    const error = (() => {
      try {
        parseEnvelope(corrupt);
      } catch (e) {
        return e;
      }
    })();
    expect(isMalformedSnapshotError(error)).toBe(true);
    if (!isMalformedSnapshotError(error)) throw new Error('unreachable');
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['version', 'timers.0.due']));
    expect(error.message).toMatch(/^invalid case envelope: /);
  });

  it('nextDue is the earliest pending timer of an envelope (what a store indexes overdue cases by)', () => {
    expect(envelope.timers.map((t) => t.id)).toEqual([deadline]);
    expect(nextDue(envelope.timers)).toBe(plus(at, 60_000));
    expect(nextDue([...envelope.timers, { ...envelope.timers[0]!, id: ping, due: plus(at, 1000) }])).toBe(plus(at, 1000));
    expect(nextDue([])).toBeUndefined();
  });

  it('CaseNotFoundError: sending to a case that was never opened', async () => {
    const runtime = createCaseRuntime({ machines: [ticketMachine] });
    expect(await runtime.read('nope')).toBeUndefined();
    const error = await runtime.send('nope', { type: 'CLOSE', at }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaseNotFoundError);
    expect(error).toMatchObject({ code: 'KEFU_CASE_NOT_FOUND', caseId: 'nope' });
    await runtime.stop();
  });
});

describe('kefu/postgres assembled by hand (PGlite)', () => {
  const table = { schema: 'crm' };
  let dir: string;
  let pglite: PGlite;
  let db: SqlDatabase;
  let boss: PgBoss;
  let store: PostgresCaseStore;
  let scheduler: PgBossScheduler;
  let runtime: CaseRuntime<SqlClient>;

  beforeAll(async () => {
    dir = await freshPGliteDir();
    pglite = await PGlite.create(dir);
    db = fromPGlite(pglite as unknown as PGliteLike, { closeInstance: true });
    await migrateCasesTable(db, table);
    // the host's own pg-boss, on kefu's connection
    boss = new PgBoss({ db: bossDb(db), schema: 'crm_boss', migrate: true, schedule: false, supervise: false });
    boss.on('error', () => {});
    await boss.start();
    await boss.createQueue('crm-timers');
    store = new PostgresCaseStore(db, table);
    scheduler = new PgBossScheduler({ boss, queue: 'crm-timers' });
    runtime = createCaseRuntime<SqlClient>({ store, scheduler, machines: [ticketMachine] });
  }, 300_000);

  afterAll(async () => {
    await runtime?.stop();
    await boss?.stop({ graceful: false, wait: true, close: false });
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('casesTableDdl and casesTableName describe the table migrateCasesTable creates (idempotently)', async () => {
    expect(casesTableName(table)).toBe('"crm"."kefu_cases"');
    expect(casesTableName({ schema: 'a"b', table: 'cases' })).toBe('"a""b"."cases"');
    const ddl = casesTableDdl(table).join('\n');
    expect(ddl).toContain('CREATE TABLE IF NOT EXISTS "crm"."kefu_cases"');
    expect(ddl).toMatch(/version integer NOT NULL/);
    expect(ddl).toMatch(/next_due timestamptz/);
    await migrateCasesTable(db, table); // again: nothing changes
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'crm' AND table_name = 'kefu_cases' ORDER BY ordinal_position`,
    );
    expect(columns.rows.map((c) => c.column_name)).toEqual([
      'case_id', 'machine', 'machine_version', 'version', 'status', 'state', 'envelope', 'next_due', 'created_at', 'updated_at',
      // the worklist columns (worklistDdl, part of casesTableDdl)
      'assignee', 'queue_role', 'due_at', 'priority', 'member', 'states', 'opened_at',
    ]);
    for (const statement of worklistDdl(table)) expect(casesTableDdl(table)).toContain(statement);
    const indexes = await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'crm' AND indexname LIKE 'kefu_cases_wl_%' ORDER BY indexname`);
    expect(indexes.rows.map((r) => r.indexname)).toEqual([
      'kefu_cases_wl_assignee_idx', 'kefu_cases_wl_assignee_priority_idx', 'kefu_cases_wl_due_idx', 'kefu_cases_wl_machine_idx', 'kefu_cases_wl_machine_priority_idx',
      'kefu_cases_wl_member_idx', 'kefu_cases_wl_member_priority_idx',
      'kefu_cases_wl_opened_idx', 'kefu_cases_wl_priority_idx', 'kefu_cases_wl_role_idx', 'kefu_cases_wl_role_member_priority_idx', 'kefu_cases_wl_states_idx',
      'kefu_cases_wl_unassigned_idx', 'kefu_cases_wl_unassigned_priority_idx', 'kefu_cases_wl_unprojected_idx',
    ]);
    // The unassigned queues' and the members' indexes are partial: written only by the cases they hold.
    const partial = await db.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'crm' AND indexname ~ '_wl_(unassigned|member)' ORDER BY indexname`,
    );
    expect(partial.rows.map((r) => r.indexdef.replace(/.*WHERE /, ''))).toEqual(['member', 'member', '(assignee IS NULL)', '(assignee IS NULL)']);
    // A table from before has (machine, status), which wl_machine_idx supersedes: the migration drops it.
    const superseded = `SELECT 1 FROM pg_indexes WHERE schemaname = 'crm' AND indexname = 'kefu_cases_machine_idx'`;
    await db.query('CREATE INDEX kefu_cases_machine_idx ON "crm"."kefu_cases" (machine, status)');
    expect((await db.query(superseded)).rows).toHaveLength(1);
    await migrateCasesTable(db, table);
    expect((await db.query(superseded)).rows).toHaveLength(0);
    // A table from before has wl_role_priority_idx (queue_role, status, then the priority order), which
    // wl_role_member_priority_idx replaces (the member flag before the order): the migration drops it.
    const replaced = `SELECT 1 FROM pg_indexes WHERE schemaname = 'crm' AND indexname = 'kefu_cases_wl_role_priority_idx'`;
    await db.query(`CREATE INDEX kefu_cases_wl_role_priority_idx ON "crm"."kefu_cases" (queue_role, status, (-priority), due_at, case_id COLLATE "C")`);
    expect((await db.query(replaced)).rows).toHaveLength(1);
    await migrateCasesTable(db, table);
    expect((await db.query(replaced)).rows).toHaveLength(0);
    const roleIndex = await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'crm' AND indexname = 'kefu_cases_wl_role_member_priority_idx'`);
    expect(roleIndex.rows[0]!.indexdef).toContain(`(queue_role, status, COALESCE((member)::integer, '-1'::integer), ((- priority)), due_at, case_id COLLATE "C")`);
    expect(store.table).toBe(casesTableName(table));
  });

  it('outboxTableDdl and outboxTableName describe the outbox table migrateCasesTable creates with outbox: true', async () => {
    expect(outboxTableName(table)).toBe('"crm"."kefu_outbox"');
    expect(outboxTableName({ schema: 'crm', table: 'tickets' })).toBe('"crm"."tickets_outbox"');
    expect(outboxTableDdl(table).join('\n')).toContain('CREATE TABLE IF NOT EXISTS "crm"."kefu_outbox"');
    const exists = async () =>
      (await db.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'crm' AND table_name = 'kefu_outbox'`)).rows.length;
    expect(await exists()).toBe(0); // not without outbox: true
    await migrateCasesTable(db, { ...table, outbox: true });
    expect(await exists()).toBe(1);
    const outbox = new PostgresOutbox(db, table);
    expect(outbox.table).toBe(outboxTableName(table));
    expect(await outbox.list()).toEqual([]);
  });

  it('a PostgresCaseStore and a PgBossScheduler built by hand run a case: the row’s version and next_due, the timer as a job', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    await runtime.open('T-1', 'test-ticket', { ticketId: 'T-1', at, dueAt: plus(at, 60_000) }, { now: at });
    const row = async () =>
      (await db.query<{ version: number; next_due: Date | string }>(`SELECT version, next_due FROM ${casesTableName(table)} WHERE case_id = $1`, ['T-1'])).rows[0]!;
    const iso = (v: Date | string) => new Date(v).toISOString();
    expect(await row()).toMatchObject({ version: 1 });
    expect(iso((await row()).next_due)).toBe(nextDue((await store.load('T-1'))!.envelope.timers));
    const job = await boss.getJobById('crm-timers', scheduler.jobId(`T-1#${deadline}`));
    expect(job).toMatchObject({ state: 'created', data: { caseId: 'T-1', sendId: deadline, due: plus(at, 60_000) } });

    // a second, earlier timer: next_due moves to it
    await runtime.send('T-1', { type: 'PING.LATER', ms: 1000, at }, { now: at });
    const loaded = (await store.load('T-1'))!;
    expect(loaded.version).toBe(2);
    expect(nextDue(loaded.envelope.timers)).toBe(plus(at, 1000));
    expect(iso((await row()).next_due)).toBe(plus(at, 1000));
  });

  it('CaseNotFoundError: the store refuses to save a case it does not hold', async () => {
    const { envelope } = initialStep(ticketMachine, { ticketId: 'X', at: '2026-12-01T01:00:00.000Z', dueAt: '2026-12-01T02:00:00.000Z' }, { now: '2026-12-01T01:00:00.000Z' });
    const error = await store.save('missing', envelope, { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaseNotFoundError);
    expect(isCaseNotFoundError(error)).toBe(true);
  });

  it('fromPgPool: transactions run on a client checked out of the pool — BEGIN … COMMIT, ROLLBACK when the host fails, the client released', async () => {
    // a node-postgres-shaped pool over the same PGlite, logging what the adapter does
    const log: string[] = [];
    const run = async (text: string, params?: unknown[]) => {
      if (/^(BEGIN|COMMIT|ROLLBACK)$/.test(text)) log.push(text);
      const r = await pglite.query(text, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? null };
    };
    const pool: PgPoolLike = {
      query: run,
      connect: async () => ({ query: run, release: (broken?: Error | boolean) => void log.push(broken ? 'release(broken)' : 'release') }),
      end: async () => void log.push('end'),
    };
    const poolDb = fromPgPool(pool);
    expect(poolDb.driver).toBe('pg');
    const poolTable = { schema: 'crm', table: 'pool_cases' };
    await migrateCasesTable(poolDb, poolTable);
    expect(log).toEqual(['BEGIN', 'COMMIT', 'release']);

    log.length = 0;
    const poolStore = new PostgresCaseStore(poolDb, poolTable);
    const { envelope } = initialStep(ticketMachine, { ticketId: 'P-1', at: '2026-12-01T01:00:00.000Z', dueAt: '2026-12-01T02:00:00.000Z' }, { now: '2026-12-01T01:00:00.000Z' });
    const failed = poolStore.create('P-1', envelope, {
      inTransaction: async () => {
        throw new Error('the host failed');
      },
    });
    await expect(failed).rejects.toThrow('the host failed');
    expect(log).toEqual(['BEGIN', 'ROLLBACK', 'release']);
    expect(await poolStore.load('P-1')).toBeUndefined();
    expect((await poolStore.create('P-1', envelope)).version).toBe(1);

    await poolDb.close();
    expect(log).not.toContain('end'); // the host's pool stays open...
    await fromPgPool(pool, { closePool: true }).close();
    expect(log.at(-1)).toBe('end'); // ...unless kefu is told to close it
  });

  it('fromPgPool with preparedStatements: the store\'s per-event statements reach the pool as named statements (one name per text), the rest as text', async () => {
    const seen: (string | { name: string; text: string })[] = [];
    type Config = { name: string; text: string; values?: unknown[] };
    const run = async (query: string | Config, params?: unknown[]) => {
      seen.push(typeof query === 'string' ? query : { name: query.name, text: query.text });
      const r = typeof query === 'string' ? await pglite.query(query, params) : await pglite.query(query.text, query.values);
      return { rows: r.rows, rowCount: r.affectedRows ?? null };
    };
    const pool = { query: run, connect: async () => ({ query: run, release: () => undefined }), end: async () => undefined } as unknown as PgPoolLike;
    const options: FromPgPoolOptions = { preparedStatements: true };
    const poolDb = fromPgPool(pool, options);
    const poolTable = { schema: 'crm', table: 'prepared_cases' };
    await migrateCasesTable(poolDb, poolTable);
    const poolStore = new PostgresCaseStore(poolDb, poolTable);
    const at = '2026-12-01T01:00:00.000Z';
    const first = initialStep(ticketMachine, { ticketId: 'N-1', at, dueAt: '2026-12-01T02:00:00.000Z' }, { now: at });
    seen.length = 0;
    await poolStore.create('N-1', first.envelope, { text: first.text });
    await poolStore.create('N-2', first.envelope, { text: first.text });
    expect(await poolStore.load('N-1')).toMatchObject({ version: 1 });
    const [a, b, load] = seen as { name: string; text: string }[];
    expect(a!.name).toMatch(/^kefu_[0-9a-f]{32}$/);
    expect(b).toEqual(a); // the same statement, the same name
    expect(load!.name).not.toBe(a!.name);
    // without the option (a pool that takes text only), every statement is sent as text
    seen.length = 0;
    await new PostgresCaseStore(fromPgPool(pool), poolTable).load('N-1');
    expect(seen.every((q) => typeof q === 'string')).toBe(true);
  });
});
