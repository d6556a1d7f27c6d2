/**
 * One worker process of the PostgreSQL benchmark (bench/postgres.ts spawns 1, 4 or 8 of them).
 * It connects, prints READY, waits for GO on stdin, runs its share of the work, and prints
 * `DONE {"events":…,"cpuMs":…}` (Node CPU of this process during the run).
 *
 * BENCH_MODE:
 * - `kefu`: its cases (`i ≡ worker mod workers`) through the runtime: open + the complaint's 15 events;
 * - `floor`: the same number of transactions with raw `pg`, each of the runtime's shape: read the
 *   case row FOR NO KEY UPDATE, update it with an envelope of the complaint's size, delete the
 *   previous timer row and insert the next one;
 * - `contention`: BENCH_EVENTS INC events at random to BENCH_CASES shared counter cases.
 */
import { createInterface } from 'node:readline';
import { complaintMachine } from 'kefu';
import { connectPostgres, createPostgresRuntime, quoteIdent } from 'kefu/postgres';
import { counterMachine } from '../test/support/runtime-machines.js';
import { complaintInput, complaintPath } from './complaint-path.js';

const env = process.env;
const mode = env.BENCH_MODE!;
const worker = Number(env.BENCH_WORKER);
const workers = Number(env.BENCH_WORKERS);
const cases = Number(env.BENCH_CASES);
const schema = env.BENCH_SCHEMA!;
const now = Date.parse('2026-12-05T00:00:00Z');

const db = await connectPostgres(env.KEFU_PG_URL!, { max: 1 });
const runtime =
  mode === 'floor'
    ? undefined
    : await createPostgresRuntime({ db, machines: [complaintMachine, counterMachine], clock: () => now, schema, bossSchema: `${schema}_boss`, migrate: false, supervise: false });
const mine = Array.from({ length: cases }, (_, i) => i).filter((i) => i % workers === worker);

async function kefu(): Promise<number> {
  let events = 0;
  for (const i of mine) {
    await runtime!.open(`B-${i}`, 'complaint', complaintInput(i));
    events++;
    for (const event of complaintPath) {
      const r = await runtime!.send(`B-${i}`, event);
      if (r.status !== 'applied') throw new Error(`B-${i} ${event.type}: ${r.status}`);
      events++;
    }
  }
  return events;
}

async function floor(): Promise<number> {
  const table = `${quoteIdent(schema)}.floor_cases`;
  const jobs = `${quoteIdent(schema)}.floor_jobs`;
  const envelope = env.BENCH_ENVELOPE!;
  let events = 0;
  for (const i of mine) {
    const id = `F-${i}`;
    await db.query(`INSERT INTO ${table} (case_id, version, envelope) VALUES ($1, 1, $2::jsonb)`, [id, envelope]);
    events++;
    for (let e = 1; e <= complaintPath.length; e++) {
      await db.transaction(async (tx) => {
        const r = await tx.query<{ version: number; envelope: unknown }>(`SELECT version, envelope FROM ${table} WHERE case_id = $1 FOR NO KEY UPDATE`, [id]);
        const version = Number(r.rows[0]!.version);
        await tx.query(`UPDATE ${table} SET version = version + 1, envelope = $3::jsonb WHERE case_id = $1 AND version = $2`, [id, version, envelope]);
        await tx.query(`DELETE FROM ${jobs} WHERE id = $1`, [`${id}#${e - 1}`]);
        await tx.query(`INSERT INTO ${jobs} (id, data) VALUES ($1, $2::jsonb)`, [`${id}#${e}`, JSON.stringify({ caseId: id, e })]);
      });
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

process.stdout.write('READY\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== 'GO') continue;
  const cpu = process.cpuUsage();
  const events = mode === 'kefu' ? await kefu() : mode === 'floor' ? await floor() : await contention();
  const used = process.cpuUsage(cpu);
  process.stdout.write(`DONE ${JSON.stringify({ events, cpuMs: (used.user + used.system) / 1000 })}\n`);
  break;
}
await runtime?.close();
await db.close();
process.exit(0);
