/**
 * Benchmark (not a test): events per second of one complaint case's 15 events, through
 *
 *   1. `createActor().send` — the baseline, a live actor per case;
 *   2. `step()` — the stateless step alone (restore envelope → pure transition → new envelope);
 *   3. the runtime facade on the in-memory store and scheduler (load, step, version-checked save, timers);
 *   4. the runtime on PostgreSQL with 1, 4 and 8 workers (PGlite in-process, or the server at
 *      KEFU_PG_URL), timers written as pg-boss jobs in the same transaction.
 *
 * Then the package's weight (bench/package.ts): bundle size of root + complaint and the cold
 * import time against xstate's.
 *
 * Every path runs the same machine and the same event sequence and checks the case ends closed.
 * Run it: npm run bench   (BENCH_SCALE=2 for more cases, KEFU_PG_URL=… for a server)
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { createActor } from 'xstate';
import { complaintMachine } from 'kefu';
import { createCaseRuntime, initialStep, InMemoryCaseStore, InMemoryScheduler, step, type CaseEnvelope } from 'kefu/runtime';
import { connectPostgres, createPostgresRuntime, openPGlite, quoteIdent, type PostgresRuntime, type SqlDatabase } from 'kefu/postgres';
import { complaintInput, complaintPath } from './complaint-path.js';
import { printPackageBench } from './package.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const pgUrl = process.env.KEFU_PG_URL;
const events = complaintPath.length;
// The machine never reads the wall clock: every event carries `at`; `now` only stamps envelopes.
const now = Date.parse('2026-12-05T00:00:00Z');

interface Row {
  path: string;
  cases: number;
  events: number;
  ms: number;
}

function expectClosed(value: unknown, path: string): void {
  if (value !== 'closed') throw new Error(`${path}: the case ended in ${JSON.stringify(value)}, not closed`);
}

async function time(path: string, cases: number, run: () => Promise<void> | void): Promise<Row> {
  const start = performance.now();
  await run();
  return { path, cases, events: cases * events, ms: performance.now() - start };
}

function baseline(cases: number, offset = 0): void {
  for (let i = 0; i < cases; i++) {
    const actor = createActor(complaintMachine, { input: complaintInput(offset + i) }).start();
    for (const event of complaintPath) actor.send(event);
    expectClosed(actor.getSnapshot().value, 'createActor().send');
    actor.stop();
  }
}

function pureStep(cases: number, offset = 0): void {
  for (let i = 0; i < cases; i++) {
    const caseId = `B-${offset + i}`;
    let envelope: CaseEnvelope = initialStep(complaintMachine, complaintInput(offset + i), { now, caseId }).envelope;
    for (const event of complaintPath) {
      const r = step(complaintMachine, envelope, event, { now, caseId });
      if (r.status !== 'applied') throw new Error(`step: ${event.type} ${r.status}`);
      envelope = r.envelope;
    }
    expectClosed(envelope.snapshot.value, 'step()');
  }
}

async function facade(cases: number, offset = 0): Promise<void> {
  const runtime = createCaseRuntime({
    machines: [complaintMachine],
    store: new InMemoryCaseStore(),
    scheduler: new InMemoryScheduler({ autoDeliver: false }),
    clock: () => now,
  });
  for (let i = 0; i < cases; i++) {
    const caseId = `B-${offset + i}`;
    await runtime.open(caseId, 'complaint', complaintInput(offset + i));
    for (const event of complaintPath) await runtime.send(caseId, event);
    expectClosed((await runtime.read(caseId))!.value, 'runtime (in memory)');
  }
}

/** Cases `0..cases-1` split among `workers` runtimes that run concurrently. */
async function postgres(runtimes: readonly PostgresRuntime[], cases: number, offset: number): Promise<void> {
  await Promise.all(
    runtimes.map(async (runtime, w) => {
      for (let i = w; i < cases; i += runtimes.length) {
        const caseId = `B-${offset + i}`;
        await runtime.open(caseId, 'complaint', complaintInput(offset + i));
        for (const event of complaintPath) await runtime.send(caseId, event);
        expectClosed((await runtime.read(caseId))!.value, `PostgreSQL ×${runtimes.length}`);
      }
    }),
  );
}

async function openPostgres(workers: number, schema: string) {
  const dbs: SqlDatabase[] = [];
  const runtimes: PostgresRuntime[] = [];
  if (pgUrl) {
    for (let w = 0; w < workers; w++) {
      const db = await connectPostgres(pgUrl, { max: 2 });
      dbs.push(db);
      runtimes.push(await createPostgresRuntime({ db, machines: [complaintMachine], clock: () => now, schema, bossSchema: `${schema}_boss`, supervise: w === 0 }));
    }
  } else {
    const db = await openPGlite();
    dbs.push(db);
    const first = await createPostgresRuntime({ db, machines: [complaintMachine], clock: () => now });
    runtimes.push(first);
    for (let w = 1; w < workers; w++) runtimes.push(await createPostgresRuntime({ db, boss: first.boss, machines: [complaintMachine], clock: () => now, migrate: false }));
  }
  return {
    runtimes,
    async close() {
      for (const r of runtimes) await r.close();
      if (pgUrl) {
        await dbs[0]!.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        await dbs[0]!.query(`DROP SCHEMA IF EXISTS ${quoteIdent(`${schema}_boss`)} CASCADE`);
      }
      for (const db of dbs) await db.close();
    },
  };
}

const rows: Row[] = [];
const inMemoryCases = Math.round(200 * scale);
const pgCases = Math.round((pgUrl ? 96 : 48) * scale);

// Warm up the JIT on every in-process path.
baseline(20, 100_000);
pureStep(20, 100_000);
await facade(20, 100_000);

rows.push(await time('createActor().send (baseline)', inMemoryCases, () => baseline(inMemoryCases)));
rows.push(await time('step() (stateless, no store)', inMemoryCases, () => pureStep(inMemoryCases)));
rows.push(await time('runtime, in-memory store', inMemoryCases, () => facade(inMemoryCases)));

const backend = pgUrl ? 'PostgreSQL server' : 'PGlite';
for (const workers of [1, 4, 8]) {
  const schema = `kefu_bench_${randomBytes(3).toString('hex')}`;
  const pg = await openPostgres(workers, schema);
  try {
    await postgres(pg.runtimes, Math.min(8, pgCases), 900_000); // warm-up (pg-boss queue, plans)
    rows.push(await time(`runtime, ${backend}, ${workers} worker${workers > 1 ? 's' : ''}`, pgCases, () => postgres(pg.runtimes, pgCases, 0)));
  } finally {
    await pg.close();
  }
}

const base = rows[0]!;
const rate = (r: Row) => (r.events / r.ms) * 1000;
const cpu = cpus();
console.log(`\nkefu benchmark — complaint machine, ${events} events per case (受理 → 总结评价)`);
console.log(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`PostgreSQL: ${pgUrl ? 'server at KEFU_PG_URL' : 'PGlite (in-process, one connection)'}\n`);
console.log('| path | cases | events | events/s | × baseline |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.path} | ${r.cases} | ${r.events} | ${Math.round(rate(r)).toLocaleString('en-US')} | ${(rate(r) / rate(base)).toFixed(3)} |`);
}

await printPackageBench();
