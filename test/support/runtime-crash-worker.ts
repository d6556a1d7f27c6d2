/**
 * A worker process for the crash test (run with `node --import tsx`).
 *
 * - `KEFU_CRASH_MODE=open`: open `KEFU_CRASH_CASES` ticket cases due `KEFU_CRASH_DUE_MS` from now,
 *   start the timer worker, print `READY <last due>` and keep running (the test SIGKILLs it).
 * - `KEFU_CRASH_MODE=work`: print `BEFORE <escalations per case>`, start the timer worker, wait
 *   until every case escalated (and a while longer, to catch a second firing), print
 *   `AFTER <escalations per case>` and exit.
 *
 * The database: PGlite persisted in `KEFU_CRASH_PGLITE_DIR`, or the server at `KEFU_PG_URL`;
 * tables in `KEFU_CRASH_SCHEMA` / `KEFU_CRASH_BOSS_SCHEMA`.
 */
import { connectPostgres, createPostgresRuntime, openPGlite } from 'kefu/postgres';
import { plus, ticketMachine } from './runtime-machines.js';

const env = process.env;
const mode = env.KEFU_CRASH_MODE;
const cases = Number(env.KEFU_CRASH_CASES ?? '10');
const ids = Array.from({ length: cases }, (_, i) => `CRASH-${i}`);

const db = env.KEFU_CRASH_PGLITE_DIR ? await openPGlite(env.KEFU_CRASH_PGLITE_DIR) : await connectPostgres(env.KEFU_PG_URL!, { max: 4 });
const runtime = await createPostgresRuntime({
  db,
  machines: [ticketMachine],
  schema: env.KEFU_CRASH_SCHEMA ?? 'public',
  bossSchema: env.KEFU_CRASH_BOSS_SCHEMA ?? 'pgboss',
  worker: { pollingIntervalSeconds: 0.5 },
});

async function escalations(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of ids) {
    const view = await runtime.read(id);
    out[id] = view ? (view.context as { escalations: unknown[] }).escalations.length : -1;
  }
  return out;
}

if (mode === 'open') {
  const at = new Date().toISOString();
  const due = plus(at, Number(env.KEFU_CRASH_DUE_MS ?? '2000'));
  for (const id of ids) await runtime.open(id, 'test-ticket', { ticketId: id, at, dueAt: due }, { now: at });
  await runtime.start();
  process.stdout.write(`READY ${due}\n`);
  setInterval(() => {}, 60_000); // keep working until killed
} else if (mode === 'work') {
  process.stdout.write(`BEFORE ${JSON.stringify(await escalations())} ${new Date().toISOString()}\n`);
  await runtime.start();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const counts = await escalations();
    if (Object.values(counts).every((n) => n >= 1)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1200)); // a second firing would show up here (workers poll every 0.5 s)
  process.stdout.write(`AFTER ${JSON.stringify(await escalations())}\n`);
  await runtime.close();
  await db.close();
  process.exit(0);
} else {
  throw new Error(`unknown KEFU_CRASH_MODE ${String(mode)}`);
}
