/**
 * The runtime on a PostgreSQL server, in separate worker processes (bench/postgres-worker.ts):
 * events/s with 1, 4 and 8 workers (one process each), and 8 workers as 2 processes with 4 events
 * in flight in each (BENCH_PG_SHAPES), against two floors run in the same shape on the same server — raw `pg` writing the same rows (case row, history row, timer row) as a
 * transaction of the runtime's former shape, and in one statement — with commits, statements,
 * row writes and Node CPU per event; the runtime with timers as pg-boss jobs and with timers on
 * the cases table alone (bench/next-due-scheduler.ts), and with `cacheSize: 0` (every event reads
 * its row under the lock first: the runtime's former shape); pgbench's own scaling on the same server
 * when pgbench is installed; and a check that no update was lost or duplicated (each case ends
 * closed at exactly its number of events; under contention each counter equals what was sent to it).
 *
 * Needs KEFU_PG_URL (a server: PGlite has one connection, so processes cannot share it). Run by
 * `npm run bench`, or alone: `KEFU_PG_URL=… npx tsx bench/postgres.ts`; BENCH_PG_SHAPES (e.g. `8,8/2`)
 * and BENCH_MODES (e.g. `kefu`; the floors always run) narrow a run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { complaintMachine } from 'kefu';
import { initialStep, step } from 'kefu/runtime';
import { casesTableDdl, connectPostgres, createPostgresRuntime, quoteIdent, type SqlDatabase } from 'kefu/postgres';
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
  /** Worker processes (`workers / processes` events in flight in each). */
  readonly processes: number;
  readonly events: number;
  readonly ms: number;
  readonly cpuMsPerEvent: number;
  readonly commitsPerEvent: number;
  readonly rowWritesPerEvent: number;
  readonly statementsPerEvent: number;
  readonly writes: Stats;
}

interface WorkerResult {
  readonly events: number;
  readonly cpuMs: number;
  readonly statements: number;
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
  readonly done: Promise<WorkerResult>;
}

function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  let ready: () => void;
  let failed: (e: Error) => void;
  const isReady = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));
  const done = new Promise<WorkerResult>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'READY') ready();
      if (line.startsWith('DONE ')) resolve(JSON.parse(line.slice(5)) as WorkerResult);
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

/**
 * Run `workers` in `mode` as `processes` processes (each with `workers / processes` events in flight
 * on connections of its own), start them together, and measure until the last is done.
 */
async function run(db: SqlDatabase, path: string, { workers, processes }: Shape, env: Record<string, string>): Promise<PgRun> {
  const inflight = String(workers / processes);
  const started = await Promise.all(
    Array.from({ length: processes }, (_, w) => startWorker({ ...env, BENCH_WORKER: String(w), BENCH_WORKERS: String(processes), BENCH_INFLIGHT: inflight })),
  );
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
    processes,
    events,
    ms,
    cpuMsPerEvent: results.reduce((a, r) => a + r.cpuMs, 0) / events,
    commitsPerEvent: writes.commits / events,
    rowWritesPerEvent: (writes.inserted + writes.updated + writes.deleted) / events,
    statementsPerEvent: results.reduce((a, r) => a + r.statements, 0) / events,
    writes,
  };
}

/** The columns of a complaint half-way through its path: what the floors write per event. */
function sampleRow(): { envelope: string; state: string; status: string; nextDue: string | null; states: string[]; event: string } {
  let envelope = initialStep(complaintMachine, complaintInput(0), { now, caseId: 'B-0' }).envelope;
  for (const event of complaintPath.slice(0, 8)) envelope = step(complaintMachine, envelope, event, { now, caseId: 'B-0' }).envelope;
  const value = envelope.snapshot.value;
  const due = envelope.timers.map((t) => t.due).sort()[0] ?? null;
  return {
    envelope: JSON.stringify(envelope),
    state: JSON.stringify(value),
    status: envelope.snapshot.status,
    nextDue: due,
    states: typeof value === 'string' ? [value] : Object.keys(value),
    event: JSON.stringify(complaintPath[8]),
  };
}

/** Fresh schemas for a run, set up on a connection of their own (closed, so its statistics are flushed before the run). */
async function freshSchema(db: SqlDatabase, url: string): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `kefu_bench_${randomBytes(3).toString('hex')}`;
  const own = await connectPostgres(url, { max: 1 });
  try {
    const setup = await createPostgresRuntime({ db: own, machines: [complaintMachine, counterMachine], clock: () => now, schema, bossSchema: `${schema}_boss`, supervise: false });
    await setup.close();
    // The floors write tables of the runtime's own shape (columns, indexes, history), and a plain job table.
    for (const statement of casesTableDdl({ schema, table: 'floor_cases' })) await own.query(statement);
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

/** Where pgbench is, if installed (PATH or Debian's /usr/lib/postgresql/<v>/bin). */
function findPgbench(): string | undefined {
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' });
    return 'pgbench';
  } catch {
    const base = '/usr/lib/postgresql';
    if (!existsSync(base)) return undefined;
    const found = readdirSync(base)
      .map((v) => `${base}/${v}/bin/pgbench`)
      .filter((p) => existsSync(p))
      .sort()
      .pop();
    return found;
  }
}

/** pgbench's own TPC-B-like transactions/s with 1, 4 and 8 clients on the same server, in a schema of its own. */
async function pgbench(db: SqlDatabase, url: string, seconds: number): Promise<{ clients: number; tps: number }[] | undefined> {
  const bin = findPgbench();
  if (!bin) return undefined;
  const schema = `kefu_bench_pgb_${randomBytes(3).toString('hex')}`;
  await db.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  const env = { ...process.env, PGOPTIONS: `-c search_path=${schema}` };
  try {
    execFileSync(bin, ['-i', '-q', '-s', '1', url], { env, stdio: 'ignore' });
    const out: { clients: number; tps: number }[] = [];
    for (const clients of [1, 4, 8]) {
      const text = execFileSync(bin, ['-n', '-c', String(clients), '-j', String(clients), '-T', String(seconds), url], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const tps = Number(/tps = ([\d.]+)/.exec(text)?.[1]);
      if (Number.isFinite(tps)) out.push({ clients, tps });
    }
    return out;
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  }
}

/** Workers and the processes they run in: one event in flight per worker. */
interface Shape {
  readonly workers: number;
  readonly processes: number;
}

/**
 * BENCH_PG_SHAPES (default `1,4,8,8/2`): `n` is n worker processes with one event in flight each;
 * `n/p` is n workers as p processes with n/p events in flight in each (`8/2`: one process per core
 * here, as Node services are usually run).
 */
function shapes(): Shape[] {
  return (process.env.BENCH_PG_SHAPES ?? '1,4,8,8/2').split(',').map((s) => {
    const [workers, processes = workers] = s.split('/').map(Number) as [number, number?];
    if (!(workers >= 1 && processes >= 1 && workers % processes === 0)) throw new Error(`BENCH_PG_SHAPES: bad shape ${s}`);
    return { workers, processes };
  });
}

const PATHS = [
  { mode: 'floor', path: 'raw pg, transaction (floor)', prefix: undefined },
  { mode: 'floor-1', path: 'raw pg, one statement (floor)', prefix: undefined },
  { mode: 'kefu-locked', path: 'kefu, pg-boss, cacheSize 0 (row read first)', prefix: 'L-' },
  { mode: 'kefu', path: 'kefu, timers as pg-boss jobs', prefix: 'B-' },
  { mode: 'kefu-next-due', path: 'kefu, timers on the cases table', prefix: 'N-' },
] as const;

/** The paths to run: BENCH_MODES (comma-separated modes) or all; the two floors always (every row's ratios need them). */
function modes(): readonly (typeof PATHS)[number][] {
  const only = process.env.BENCH_MODES?.split(',');
  return PATHS.filter((p) => !only || p.mode.startsWith('floor') || only.includes(p.mode));
}

/** Run the PostgreSQL benchmark; returns the markdown lines to print. */
export async function postgresBench(url: string, scale: number): Promise<string[]> {
  const db = await connectPostgres(url, { max: 2 });
  const cases = Math.round(96 * scale);
  // Cases each worker runs before it is measured (see bench/postgres-worker.ts).
  const warmup = Math.max(4, Math.round(16 * scale));
  const row = sampleRow();
  const runs: Record<(typeof PATHS)[number]['mode'], PgRun>[] = [];
  let contention = '';
  let bench: { clients: number; tps: number }[] | undefined;
  try {
    for (const shape of shapes()) {
      const target = await freshSchema(db, url);
      try {
        const env = { KEFU_PG_URL: url, BENCH_SCHEMA: target.schema, BENCH_CASES: String(cases), BENCH_WARMUP: String(warmup), BENCH_ROW: JSON.stringify(row) };
        const byMode = {} as Record<(typeof PATHS)[number]['mode'], PgRun>;
        for (const { mode, path } of modes()) byMode[mode] = await run(db, path, shape, { ...env, BENCH_MODE: mode });
        const t = `${quoteIdent(target.schema)}.kefu_cases`;
        for (const { prefix } of modes().filter((p) => p.prefix)) {
          const check = await db.query<{ total: string; ok: string }>(
            `SELECT count(*) AS total, count(*) FILTER (WHERE version = $1 AND state = '"closed"'::jsonb) AS ok FROM ${t} WHERE starts_with(case_id, $2)`,
            [complaintPath.length + 1, prefix],
          );
          const { total, ok } = check.rows[0]!;
          if (Number(total) !== cases || Number(ok) !== cases) {
            throw new Error(`lost or duplicated updates (${prefix}): ${ok} of ${cases} cases closed at version ${complaintPath.length + 1} (${total} rows)`);
          }
        }
        runs.push(byMode);
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
      const r = await run(db, 'contention', { workers: 8, processes: 8 }, { KEFU_PG_URL: url, BENCH_SCHEMA: target.schema, BENCH_CASES: String(shared), BENCH_EVENTS: String(perWorker), BENCH_WARMUP: String(warmup), BENCH_MODE: 'contention' });
      const rows = await db.query<{ version: number; count: number }>(
        `SELECT version, (envelope->'snapshot'->'context'->>'count')::int AS count FROM ${quoteIdent(target.schema)}.kefu_cases WHERE starts_with(case_id, 'K-')`,
      );
      const sum = rows.rows.reduce((a, row) => a + Number(row.count), 0);
      const consistent = rows.rows.every((row) => Number(row.version) === Number(row.count) + 1);
      if (sum !== 8 * perWorker || !consistent) throw new Error(`contention: counters sum to ${sum}, ${8 * perWorker} were sent; versions consistent: ${consistent}`);
      contention = `Contention: 8 processes sent ${8 * perWorker} INC events at random to ${shared} shared cases: ${Math.round((r.events / r.ms) * 1000)} events/s, every counter equals what was sent to it and its version (0 lost, 0 duplicated), ${r.commitsPerEvent.toFixed(2)} commits and ${r.statementsPerEvent.toFixed(2)} statements per event (a process's remembered row is often stale here: it then reads the row under its lock).`;
    } finally {
      await target.drop();
    }
    bench = await pgbench(db, url, Math.max(3, Math.round(8 * scale)));
  } finally {
    await db.close();
  }

  const rate = (r: PgRun) => (r.events / r.ms) * 1000;
  const one = runs[0]!;
  const lines = [
    `PostgreSQL server, separate worker processes, ${cases} complaint cases × ${complaintPath.length + 1} events (open + ${complaintPath.length}). Floors: raw pg writing the rows kefu writes per event — the case row (same table, columns and indexes, a ${Math.round(row.envelope.length / 1024)} KB envelope), its history row, and a timer row deleted and inserted — as a transaction of the runtime's former shape (SELECT … FOR NO KEY UPDATE, UPDATE, INSERT, DELETE, INSERT) and in one statement (data-modifying CTEs). Statements count BEGIN and COMMIT. Every worker first warms up on ${warmup} cases of its own in the same mode (not measured), so the numbers are a running worker's, not V8 compiling the path.`,
    '',
    '| workers (processes) | path | events/s | × floor (tx) | × floor (1 stmt) | × 1 worker | commits/event | statements/event | row writes/event (ins+upd+del) | Node CPU ms/event |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const byMode of runs) {
    for (const { mode } of modes()) {
      const r = byMode[mode];
      lines.push(
        `| ${r.workers}${r.processes === r.workers ? '' : ` (${r.processes} × ${r.workers / r.processes})`} | ${r.path} | ${Math.round(rate(r)).toLocaleString('en-US')} | ${(rate(r) / rate(byMode.floor)).toFixed(2)} | ${(rate(r) / rate(byMode['floor-1'])).toFixed(2)} | ${(rate(r) / rate(one[mode])).toFixed(2)} | ${r.commitsPerEvent.toFixed(2)} | ${r.statementsPerEvent.toFixed(2)} | ${r.rowWritesPerEvent.toFixed(2)} (${(r.writes.inserted / r.events).toFixed(2)}+${(r.writes.updated / r.events).toFixed(2)}+${(r.writes.deleted / r.events).toFixed(2)}) | ${r.cpuMsPerEvent.toFixed(2)} |`,
      );
    }
  }
  lines.push('', `0 lost, 0 duplicated: every case ended closed at version ${complaintPath.length + 1} in every run. ${contention}`);
  if (bench && bench.length > 0) {
    const base = bench[0]!.tps;
    lines.push('', `pgbench (TPC-B-like, scale 1, same server, same run): ${bench.map((b) => `${b.clients} client${b.clients > 1 ? 's' : ''} ${Math.round(b.tps).toLocaleString('en-US')} tps (× ${(b.tps / base).toFixed(2)})`).join(', ')}.`);
  } else {
    lines.push('', 'pgbench: not installed here, so no scaling reference in this run.');
  }
  return lines;
}

// Runnable alone: `KEFU_PG_URL=… npx tsx bench/postgres.ts` (BENCH_SCALE as in `npm run bench`).
if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.KEFU_PG_URL;
  if (!url) throw new Error('bench/postgres.ts needs KEFU_PG_URL (a PostgreSQL server)');
  console.log((await postgresBench(url, Number(process.env.BENCH_SCALE ?? '1'))).join('\n'));
}
