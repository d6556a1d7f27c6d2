/**
 * The runtime on a PostgreSQL server, in separate worker processes (bench/postgres-worker.ts):
 * events/s with 1, 4 and 8 workers against a floor — raw `pg` transactions of the runtime's
 * shape run by the same number of processes on the same server — with commits, row writes and
 * Node CPU per event, and a check that no update was lost or duplicated (each case ends closed at
 * exactly its number of events; under contention each counter equals what was sent to it).
 *
 * Needs KEFU_PG_URL (a server: PGlite has one connection, so processes cannot share it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { complaintMachine } from 'kefu';
import { initialStep, step } from 'kefu/runtime';
import { connectPostgres, createPostgresRuntime, quoteIdent, type SqlDatabase } from 'kefu/postgres';
import { counterMachine } from '../test/support/runtime-machines.js';
import { complaintInput, complaintPath } from './complaint-path.js';

const workerScript = fileURLToPath(new URL('./postgres-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const now = Date.parse('2026-12-05T00:00:00Z');

interface Stats {
  commits: number;
  inserted: number;
  updated: number;
  deleted: number;
}

/** One measured run. */
export interface PgRun {
  readonly path: string;
  readonly workers: number;
  readonly events: number;
  readonly ms: number;
  readonly cpuMsPerEvent: number;
  readonly commitsPerEvent: number;
  readonly rowWritesPerEvent: number;
  readonly writes: Stats;
}

async function stats(db: SqlDatabase): Promise<Stats> {
  await new Promise((r) => setTimeout(r, 1200)); // backends flush their statistics at most once a second, and on exit
  const r = await db.query<{ c: string; i: string; u: string; d: string }>(
    'SELECT xact_commit AS c, tup_inserted AS i, tup_updated AS u, tup_deleted AS d FROM pg_stat_database WHERE datname = current_database()',
  );
  const row = r.rows[0]!;
  return { commits: Number(row.c), inserted: Number(row.i), updated: Number(row.u), deleted: Number(row.d) };
}

interface Worker {
  readonly child: ChildProcess;
  readonly done: Promise<{ events: number; cpuMs: number }>;
}

function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  let ready: () => void;
  let failed: (e: Error) => void;
  const isReady = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));
  const done = new Promise<{ events: number; cpuMs: number }>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'READY') ready();
      if (line.startsWith('DONE ')) resolve(JSON.parse(line.slice(5)) as { events: number; cpuMs: number });
    });
    child.on('exit', (code) => {
      const error = new Error(`bench worker exited with ${code}`);
      failed(error);
      reject(error);
    });
  });
  done.catch(() => undefined);
  return isReady.then(() => ({ child, done }));
}

/** Spawn `workers` processes in `mode`, start them together, and measure until the last is done. */
async function run(db: SqlDatabase, path: string, workers: number, env: Record<string, string>): Promise<PgRun> {
  const started = await Promise.all(Array.from({ length: workers }, (_, w) => startWorker({ ...env, BENCH_WORKER: String(w), BENCH_WORKERS: String(workers) })));
  const before = await stats(db);
  const t0 = performance.now();
  for (const w of started) w.child.stdin!.write('GO\n');
  const results = await Promise.all(started.map((w) => w.done));
  const ms = performance.now() - t0;
  await Promise.all(started.map((w) => new Promise((r) => (w.child.exitCode !== null ? r(undefined) : w.child.once('exit', r)))));
  const after = await stats(db);
  const events = results.reduce((a, r) => a + r.events, 0);
  const writes: Stats = {
    commits: after.commits - before.commits,
    inserted: after.inserted - before.inserted,
    updated: after.updated - before.updated,
    deleted: after.deleted - before.deleted,
  };
  return {
    path,
    workers,
    events,
    ms,
    cpuMsPerEvent: results.reduce((a, r) => a + r.cpuMs, 0) / events,
    commitsPerEvent: writes.commits / events,
    rowWritesPerEvent: (writes.inserted + writes.updated + writes.deleted) / events,
    writes,
  };
}

/** A complaint envelope half-way through its path: what the floor writes per event. */
function sampleEnvelope(): string {
  let envelope = initialStep(complaintMachine, complaintInput(0), { now, caseId: 'B-0' }).envelope;
  for (const event of complaintPath.slice(0, 8)) envelope = step(complaintMachine, envelope, event, { now, caseId: 'B-0' }).envelope;
  return JSON.stringify(envelope);
}

/** Fresh schemas for a run, set up on a connection of their own (closed, so its statistics are flushed before the run). */
async function freshSchema(db: SqlDatabase, url: string): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `kefu_bench_${randomBytes(3).toString('hex')}`;
  const own = await connectPostgres(url, { max: 1 });
  try {
    const setup = await createPostgresRuntime({ db: own, machines: [complaintMachine, counterMachine], clock: () => now, schema, bossSchema: `${schema}_boss`, supervise: false });
    await setup.close();
    await own.query(`CREATE TABLE ${quoteIdent(schema)}.floor_cases (case_id text PRIMARY KEY, version integer NOT NULL, envelope jsonb NOT NULL)`);
    await own.query(`CREATE TABLE ${quoteIdent(schema)}.floor_jobs (id text PRIMARY KEY, data jsonb NOT NULL)`);
  } finally {
    await own.close();
  }
  return {
    schema,
    drop: async () => {
      await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(`${schema}_boss`)} CASCADE`);
    },
  };
}

/** Run the PostgreSQL benchmark; returns the markdown lines to print. */
export async function postgresBench(url: string, scale: number): Promise<string[]> {
  const db = await connectPostgres(url, { max: 2 });
  const cases = Math.round(96 * scale);
  const envelope = sampleEnvelope();
  const runs: { floor: PgRun; kefu: PgRun }[] = [];
  let contention = '';
  try {
    for (const workers of [1, 4, 8]) {
      const target = await freshSchema(db, url);
      try {
        const env = { KEFU_PG_URL: url, BENCH_SCHEMA: target.schema, BENCH_CASES: String(cases), BENCH_ENVELOPE: envelope };
        const floor = await run(db, 'raw pg (floor)', workers, { ...env, BENCH_MODE: 'floor' });
        const kefu = await run(db, 'kefu runtime', workers, { ...env, BENCH_MODE: 'kefu' });
        const t = `${quoteIdent(target.schema)}.kefu_cases`;
        const check = await db.query<{ total: string; ok: string }>(
          `SELECT count(*) AS total, count(*) FILTER (WHERE version = $1 AND state = '"closed"'::jsonb) AS ok FROM ${t}`,
          [complaintPath.length + 1],
        );
        const { total, ok } = check.rows[0]!;
        if (Number(total) !== cases || Number(ok) !== cases) {
          throw new Error(`lost or duplicated updates: ${ok} of ${cases} cases closed at version ${complaintPath.length + 1} (${total} rows)`);
        }
        runs.push({ floor, kefu });
      } finally {
        await target.drop();
      }
    }
    // Contention: 8 processes send INC at random to 8 shared counters.
    const target = await freshSchema(db, url);
    try {
      const own = await connectPostgres(url, { max: 1 });
      const runtime = await createPostgresRuntime({ db: own, machines: [counterMachine], clock: () => now, schema: target.schema, bossSchema: `${target.schema}_boss`, migrate: false, supervise: false });
      const shared = 8;
      const perWorker = Math.round(150 * scale);
      for (let k = 0; k < shared; k++) await runtime.open(`K-${k}`, 'test-counter', { at: new Date(now).toISOString() });
      await runtime.close();
      await own.close();
      const r = await run(db, 'contention', 8, { KEFU_PG_URL: url, BENCH_SCHEMA: target.schema, BENCH_CASES: String(shared), BENCH_EVENTS: String(perWorker), BENCH_MODE: 'contention' });
      const rows = await db.query<{ version: number; count: number }>(
        `SELECT version, (envelope->'snapshot'->'context'->>'count')::int AS count FROM ${quoteIdent(target.schema)}.kefu_cases`,
      );
      const sum = rows.rows.reduce((a, row) => a + Number(row.count), 0);
      const consistent = rows.rows.every((row) => Number(row.version) === Number(row.count) + 1);
      if (sum !== 8 * perWorker || !consistent) throw new Error(`contention: counters sum to ${sum}, ${8 * perWorker} were sent; versions consistent: ${consistent}`);
      contention = `Contention: 8 processes sent ${8 * perWorker} INC events at random to ${shared} shared cases: ${Math.round((r.events / r.ms) * 1000)} events/s, every counter equals what was sent to it and its version (0 lost, 0 duplicated), ${r.commitsPerEvent.toFixed(2)} commits per event.`;
    } finally {
      await target.drop();
    }
  } finally {
    await db.close();
  }

  const rate = (r: PgRun) => (r.events / r.ms) * 1000;
  const one = runs[0]!;
  const lines = [
    `PostgreSQL server, separate worker processes, ${cases} complaint cases × ${complaintPath.length + 1} events (open + ${complaintPath.length}); floor: raw pg transactions of the same shape (SELECT … FOR NO KEY UPDATE, UPDATE of a ${Math.round(envelope.length / 1024)} KB envelope, DELETE + INSERT of a timer row)`,
    '',
    '| workers | path | events/s | × floor | × 1 worker | commits/event | row writes/event (ins+upd+del) | Node CPU ms/event |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { floor, kefu } of runs) {
    for (const r of [floor, kefu]) {
      const base = r === floor ? one.floor : one.kefu;
      lines.push(
        `| ${r.workers} | ${r.path} | ${Math.round(rate(r)).toLocaleString('en-US')} | ${(rate(r) / rate(floor)).toFixed(2)} | ${(rate(r) / rate(base)).toFixed(2)} | ${r.commitsPerEvent.toFixed(2)} | ${r.rowWritesPerEvent.toFixed(2)} (${(r.writes.inserted / r.events).toFixed(2)}+${(r.writes.updated / r.events).toFixed(2)}+${(r.writes.deleted / r.events).toFixed(2)}) | ${r.cpuMsPerEvent.toFixed(2)} |`,
      );
    }
  }
  lines.push('', `0 lost, 0 duplicated: every case ended closed at version ${complaintPath.length + 1} in every run. ${contention}`);
  return lines;
}
