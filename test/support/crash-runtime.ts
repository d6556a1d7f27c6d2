/**
 * The database and runtime of a crash-test worker process: PGlite persisted in
 * `KEFU_CRASH_PGLITE_DIR`, or the server at `KEFU_PG_URL`; tables in `KEFU_CRASH_SCHEMA` and
 * `KEFU_CRASH_BOSS_SCHEMA`; timers and outbox polled fast, an outbox lease of 1.5 s.
 */
import { connectPostgres, createPostgresRuntime, openPGlite } from 'kefu/postgres';
import type { DeliverMessage, MachineLike } from 'kefu/runtime';

export async function crashWorkerRuntime(machines: readonly MachineLike[], deliver: DeliverMessage) {
  const env = process.env;
  const db = env.KEFU_CRASH_PGLITE_DIR ? await openPGlite(env.KEFU_CRASH_PGLITE_DIR) : await connectPostgres(env.KEFU_PG_URL!, { max: 4 });
  const runtime = await createPostgresRuntime({
    db,
    machines,
    schema: env.KEFU_CRASH_SCHEMA ?? 'public',
    bossSchema: env.KEFU_CRASH_BOSS_SCHEMA ?? 'pgboss',
    worker: { pollingIntervalSeconds: 0.2 },
    outbox: { leaseMs: 1500, pollMs: 200, deliver },
  });
  return { db, runtime };
}
