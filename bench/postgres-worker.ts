/**
 * One worker process of the PostgreSQL benchmark (bench/postgres.ts spawns 1, 4 or 8 of them).
 * It connects, prints READY, waits for GO on stdin, runs its share of the work, and prints
 * `DONE {"events":…,"cpuMs":…,"statements":…}` (Node CPU of this process during the run, and the
 * statements it sent, BEGIN and COMMIT included).
 *
 * BENCH_MODE:
 * - `kefu`: its cases (`i ≡ worker mod workers`) through the runtime (`createPostgresRuntime`,
 *   timers as pg-boss jobs): open + the complaint's events;
 * - `kefu-locked`: the same with `cacheSize: 0`: nothing remembered, every event reads its case first
 *   (a `SELECT` without lock, then the one statement with the version and `xmin` check; under the row
 *   lock in a transaction only when another writer moved the row in between);
 * - `kefu-next-due`: the same through the runtime on the same store with timers kept on the
 *   cases table alone (bench/next-due-scheduler.ts: no scheduler writes per step);
 * - `floor`: the same number of writes with raw `pg`, each a transaction of the runtime's former
 *   shape: read the case row FOR NO KEY UPDATE, update it (the same columns, an envelope of the
 *   complaint's size), insert its history row, delete the previous timer row, insert the next one;
 * - `floor-1`: the same writes as `floor` in one statement (data-modifying CTEs, the version
 *   kept in memory): the fewest round trips raw `pg` needs for them;
 * - `contention`: BENCH_EVENTS INC events at random to BENCH_CASES shared counter cases.
 *
 * BENCH_INFLIGHT (default 1): events in flight at once in this process, each on a connection of
 * its own (a pool of that size); the process's cases are split among them, and in `kefu` modes they
 * share one runtime, as concurrent requests of a Node service do.
 *
 * Before READY, every worker warms up on BENCH_WARMUP cases of its own (ids prefixed `W`, so the
 * bench's lost/duplicated check does not count them) in the same mode, so the measured run is what
 * a long-running worker does, not V8 compiling the code path (a run of 12 cases per worker with 8
 * workers would otherwise be mostly cold). Contention warms up by opening and incrementing
 * counters of its own.
 */
import { createInterface } from 'node:readline';
import { complaintMachine } from 'kefu';
import { createCaseRuntime, type CaseRuntime } from 'kefu/runtime';
import { connectPostgres, createPostgresRuntime, PostgresCaseStore, quoteIdent, type SqlClient, type SqlDatabase } from 'kefu/postgres';
import { counterMachine } from '../test/support/runtime-machines.js';
import { complaintInput, complaintPath } from './complaint-path.js';
import { NextDueScheduler } from './next-due-scheduler.js';

const env = process.env;
const mode = env.BENCH_MODE!;
const worker = Number(env.BENCH_WORKER);
const workers = Number(env.BENCH_WORKERS);
const cases = Number(env.BENCH_CASES);
const schema = env.BENCH_SCHEMA!;
const now = Date.parse('2026-12-05T00:00:00Z');

/** The statements sent through `db`, BEGIN and COMMIT counted. */
let statements = 0;
function counted(db: SqlDatabase): SqlDatabase {
  const wrap = (c: SqlClient): SqlClient => ({
    query: (text, params, options) => (statements++, c.query(text, params, options)),
    exec: (text) => (statements++, c.exec(text)),
  });
  return { ...wrap(db), driver: db.driver, transaction: (fn) => ((statements += 2), db.transaction((tx) => fn(wrap(tx)))), close: () => db.close() };
}

/** Events in flight at once in this process (each on a connection of its own): its cases are split among them. */
const inflight = Number(env.BENCH_INFLIGHT ?? 1);
const db = counted(await connectPostgres(env.KEFU_PG_URL!, { max: inflight }));
const machines = [complaintMachine, counterMachine];
const runtime: CaseRuntime<SqlClient> | undefined =
  mode === 'kefu' || mode === 'kefu-locked' || mode === 'contention'
    ? await createPostgresRuntime({
        db,
        machines,
        clock: () => now,
        schema,
        bossSchema: `${schema}_boss`,
        migrate: false,
        supervise: false,
        ...(mode === 'kefu-locked' ? { cacheSize: 0 } : {}),
      })
    : mode === 'kefu-next-due'
      ? createCaseRuntime<SqlClient>({ machines, store: new PostgresCaseStore(db, { schema }), scheduler: new NextDueScheduler(), clock: () => now })
      : undefined;
const mine = Array.from({ length: cases }, (_, i) => i).filter((i) => i % workers === worker);
const warmup = Array.from({ length: Number(env.BENCH_WARMUP ?? 0) }, (_, i) => i * workers + worker);

async function kefu(ids: readonly number[], warm: string): Promise<number> {
  // The kefu paths share the schema: their cases are told apart by prefix.
  const prefix = warm + (mode === 'kefu' ? 'B-' : mode === 'kefu-locked' ? 'L-' : 'N-');
  let events = 0;
  for (const i of ids) {
    await runtime!.open(`${prefix}${i}`, 'complaint', complaintInput(i));
    events++;
    for (const event of complaintPath) {
      const r = await runtime!.send(`${prefix}${i}`, event);
      if (r.status !== 'applied') throw new Error(`${prefix}${i} ${event.type}: ${r.status}`);
      events++;
    }
  }
  return events;
}

/** The columns the floor writes: those of a complaint half-way through (bench/postgres.ts). */
interface FloorRow {
  readonly envelope: string;
  readonly state: string;
  readonly status: string;
  readonly nextDue: string | null;
  readonly states: string[];
  readonly event: string;
}

async function floor(oneStatement: boolean, ids: readonly number[], warm: string): Promise<number> {
  const table = `${quoteIdent(schema)}.floor_cases`;
  const history = `${quoteIdent(schema)}.floor_cases_history`;
  const jobs = `${quoteIdent(schema)}.floor_jobs`;
  const row = JSON.parse(env.BENCH_ROW!) as FloorRow;
  const at = new Date(now).toISOString();
  const set = `SET version = version + 1, machine = 'complaint', machine_version = 1, status = $3, state = $4::jsonb, envelope = $5::jsonb,
               next_due = $6::timestamptz, updated_at = $7::timestamptz, assignee = NULL, queue_role = 'agent', due_at = COALESCE($6::timestamptz, 'infinity'),
               priority = 0, member = NULL, states = $8::text[]`;
  const caseParams = [row.status, row.state, row.envelope, row.nextDue, at, row.states];
  const historyValues = `$1, $9, NULL, 'EVENT', $10::jsonb, NULL, NULL, $7::timestamptz, 'applied', NULL, $4::jsonb, $4::jsonb`;
  const historyColumns = 'case_id, seq, event_id, event_type, event, by_id, by_role, at, outcome, refusal, state_before, state_after, version';
  let events = 0;
  for (const i of ids) {
    const id = `${warm}${oneStatement ? 'G' : 'F'}-${i}`;
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${table} (case_id, machine, machine_version, version, status, state, envelope, next_due, updated_at, queue_role, due_at, states, opened_at)
         VALUES ($1, 'complaint', 1, 1, $2, $3::jsonb, $4::jsonb, $5::timestamptz, $6::timestamptz, 'agent', COALESCE($5::timestamptz, 'infinity'), $7::text[], $6::timestamptz)`,
        [id, row.status, row.state, row.envelope, row.nextDue, at, row.states],
      );
      await tx.query(`INSERT INTO ${history} (${historyColumns}) VALUES ($1, 1, NULL, 'OPEN', $2::jsonb, NULL, NULL, $3::timestamptz, 'applied', NULL, NULL, $4::jsonb, 1)`, [
        id,
        row.event,
        at,
        row.state,
      ]);
      await tx.query(`INSERT INTO ${jobs} (id, data) VALUES ($1, $2::jsonb)`, [`${id}#0`, JSON.stringify({ caseId: id, e: 0 })]);
    });
    events++;
    for (let e = 1; e <= complaintPath.length; e++) {
      const job = [`${id}#${e - 1}`, `${id}#${e}`, JSON.stringify({ caseId: id, e })];
      if (oneStatement) {
        // The version is known (kept in memory): one statement, checked by `WHERE version = $2`.
        const r = await db.query(
          `WITH c AS (UPDATE ${table} ${set} WHERE case_id = $1 AND version = $2 RETURNING version),
                h AS (INSERT INTO ${history} (${historyColumns}) SELECT ${historyValues}, c.version FROM c),
                d AS (DELETE FROM ${jobs} WHERE id = $11 AND EXISTS (SELECT 1 FROM c)),
                j AS (INSERT INTO ${jobs} (id, data) SELECT $12, $13::jsonb FROM c)
           SELECT version FROM c`,
          [id, e, ...caseParams, e + 1, row.event, ...job],
        );
        if (r.rows.length !== 1) throw new Error(`floor-1: ${id} was not at version ${e}`);
      } else {
        await db.transaction(async (tx) => {
          const r = await tx.query<{ version: number; envelope: unknown }>(`SELECT version, envelope FROM ${table} WHERE case_id = $1 FOR NO KEY UPDATE`, [id]);
          const version = Number(r.rows[0]!.version);
          await tx.query(`UPDATE ${table} ${set} WHERE case_id = $1 AND version = $2`, [id, version, ...caseParams]);
          await tx.query(`INSERT INTO ${history} (${historyColumns}) VALUES ($1, $2, NULL, 'EVENT', $3::jsonb, NULL, NULL, $4::timestamptz, 'applied', NULL, $5::jsonb, $5::jsonb, $2)`, [
            id,
            version + 1,
            row.event,
            at,
            row.state,
          ]);
          await tx.query(`DELETE FROM ${jobs} WHERE id = $1`, [job[0]]);
          await tx.query(`INSERT INTO ${jobs} (id, data) VALUES ($1, $2::jsonb)`, [job[1], job[2]]);
        });
      }
      events++;
    }
  }
  return events;
}

async function contention(): Promise<number> {
  const n = Number(env.BENCH_EVENTS);
  for (let e = 0; e < n; e++) await runtime!.send(`K-${Math.floor(Math.random() * cases)}`, { type: 'INC' });
  return n;
}

/** The mode's work on `ids` (the measured cases, or the warm-up's with ids prefixed `W`). */
async function work(ids: readonly number[], warm: string): Promise<number> {
  const one = (share: readonly number[]) => (mode.startsWith('kefu') ? kefu(share, warm) : floor(mode === 'floor-1', share, warm));
  if (inflight === 1) return one(ids);
  const shares = Array.from({ length: inflight }, (_, k) => ids.filter((_, j) => j % inflight === k));
  return (await Promise.all(shares.map(one))).reduce((a, n) => a + n, 0);
}

if (warmup.length > 0) {
  if (mode === 'contention') {
    // Counters of this worker's own: the shared ones are what the run measures.
    for (const i of warmup) {
      await runtime!.open(`WK-${i}`, 'test-counter', { at: new Date(now).toISOString() });
      for (let e = 0; e < 20; e++) await runtime!.send(`WK-${i}`, { type: 'INC' });
    }
  } else {
    await work(warmup, 'W');
  }
}

process.stdout.write('READY\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== 'GO') continue;
  statements = 0;
  const cpu = process.cpuUsage();
  const events = mode === 'contention' ? await contention() : await work(mine, '');
  const used = process.cpuUsage(cpu);
  process.stdout.write(`DONE ${JSON.stringify({ events, cpuMs: (used.user + used.system) / 1000, statements })}\n`);
  break;
}
await (runtime as { close?: () => Promise<void> } | undefined)?.close?.();
await db.close();
process.exit(0);
