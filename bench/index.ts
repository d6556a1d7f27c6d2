/**
 * Benchmark (not a test): events per second of one complaint case's 15 events, through
 *
 *   1. `createActor().send` — the baseline, a live actor per case;
 *   2. `step()` — the stateless step alone (restore envelope → pure transition → new envelope), on the
 *      envelope's JSON text (`StepResult.text` given back, as the floor does) and on envelope objects;
 *   3. the runtime facade on the in-memory store and scheduler (load, step, version-checked save, timers);
 *   4. the bare floor of a stateless step (bench/floor.ts): parse, resolveState, transition, persist, stringify;
 *   4b. the complaint machine's shape written by hand in plain XState (bench/raw-shape.ts), by `createActor().send`;
 *   5. the runtime on PostgreSQL: with KEFU_PG_URL, 1, 4 and 8 worker processes against raw `pg`
 *      writing the same rows as a transaction and as one statement, with timers as pg-boss jobs and
 *      on the cases table, and pgbench's scaling on the same server (bench/postgres.ts); without it,
 *      1, 4 and 8 runtimes on PGlite in-process.
 *
 * Then issue 11's in-process targets as ratios of interleaved rounds (bench/ratios.ts): step() ÷ the
 * bare floor, and the complaint machine ÷ the same-shape raw XState machine, per event. Then long histories (bench/history.ts), a worklist page over 100,000 cases against loading one
 * case by id (bench/worklist.ts; PGlite, or the server at KEFU_PG_URL) and the in-memory store's worklists against the scan they replaced, and the package's weight (bench/package.ts): bundle size of root + complaint and the cold
 * import time against xstate's.
 *
 * Every path runs the same machine and the same event sequence and checks the case ends closed.
 * Run it: npm run bench   (BENCH_SCALE=2 for more cases, KEFU_PG_URL=… for a server)
 */
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { createActor } from 'xstate';
import { complaintMachine } from 'kefu';
import { createCaseRuntime, initialStep, InMemoryCaseStore, InMemoryScheduler, step, type CaseEnvelope } from 'kefu/runtime';
import { createPostgresRuntime, openPGlite, type PostgresRuntime } from 'kefu/postgres';
import { complaintInput, complaintPath } from './complaint-path.js';
import { bareFloor } from './floor.js';
import { actorSend, formatRatios, inProcessRatios, pureStep } from './ratios.js';
import { rawShapeMachine } from './raw-shape.js';
import { printPackageBench } from './package.js';
import { postgresBench } from './postgres.js';
import { historyBench } from './history.js';
import { memoryWorklistBench, worklistBench } from './worklist.js';

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

/** `workers` runtimes on one in-process PGlite database (the server case is bench/postgres.ts, in processes). */
async function openPGliteRuntimes(workers: number) {
  const db = await openPGlite();
  const first = await createPostgresRuntime({ db, machines: [complaintMachine], clock: () => now });
  const runtimes: PostgresRuntime[] = [first];
  // bossSchema: the first runtime's pg-boss schema (the default), so these write their timer jobs inline too.
  for (let w = 1; w < workers; w++) {
    runtimes.push(await createPostgresRuntime({ db, boss: first.boss, bossSchema: 'pgboss', machines: [complaintMachine], clock: () => now, migrate: false }));
  }
  return {
    runtimes,
    async close() {
      for (const r of runtimes) await r.close();
      await db.close();
    },
  };
}

const rows: Row[] = [];
const inMemoryCases = Math.round(200 * scale);
const pgCases = Math.round(48 * scale);

// Warm up the JIT on every in-process path.
baseline(20, 100_000);
pureStep(20, 100_000);
pureStep(20, 100_000, 'object');
bareFloor(20, 100_000);
actorSend(rawShapeMachine, 20, 100_000);
await facade(20, 100_000);

rows.push(await time('createActor().send (baseline)', inMemoryCases, () => baseline(inMemoryCases)));
rows.push(await time('same-shape raw XState machine (bench/raw-shape.ts), createActor().send', inMemoryCases, () => actorSend(rawShapeMachine, inMemoryCases)));
rows.push(await time('bare floor (parse → resolveState → transition → persist → stringify)', inMemoryCases, () => bareFloor(inMemoryCases)));
rows.push(await time('step() (stateless, no store; JSON text in and out)', inMemoryCases, () => pureStep(inMemoryCases)));
rows.push(await time('step() on envelope objects', inMemoryCases, () => pureStep(inMemoryCases, 0, 'object')));
rows.push(await time('runtime, in-memory store', inMemoryCases, () => facade(inMemoryCases)));

const backend = 'PGlite';
for (const workers of pgUrl ? [] : [1, 4, 8]) {
  const pg = await openPGliteRuntimes(workers);
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
console.log(`PostgreSQL: ${pgUrl ? 'server at KEFU_PG_URL (table below)' : 'PGlite (in-process, one connection)'}\n`);
console.log('| path | cases | events | events/s | × baseline |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.path} | ${r.cases} | ${r.events} | ${Math.round(rate(r)).toLocaleString('en-US')} | ${(rate(r) / rate(base)).toFixed(3)} |`);
}
const floorRow = rows.find((r) => r.path.startsWith('bare floor'))!;
const stepRow = rows.find((r) => r.path.startsWith('step()'))!;
const rawRow = rows.find((r) => r.path.startsWith('same-shape raw'))!;
console.log(
  `\nIn the table above (one pass each, so noisy on a busy machine): step() costs ${(rate(floorRow) / rate(stepRow)).toFixed(2)}× the bare floor per event; ` +
    `the complaint machine ${(rate(rawRow) / rate(base)).toFixed(2)}× the same-shape raw XState machine. The interleaved ratios below are the measure.`,
);
console.log('\nIssue 11 targets, interleaved in this process (bench/ratios.ts):\n');
console.log(formatRatios(inProcessRatios(Math.max(5, Math.round(15 * scale)), 20)).join('\n'));

if (pgUrl) {
  console.log('');
  console.log((await postgresBench(pgUrl, scale)).join('\n'));
}

console.log('\nLong histories (trust boundaries):\n');
console.log(historyBench().join('\n'));

console.log('\nWorklists (issue 11):\n');
console.log((await worklistBench(pgUrl)).join('\n'));
console.log('');
console.log((await memoryWorklistBench()).join('\n'));

await printPackageBench();
