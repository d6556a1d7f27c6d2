import { describe, expect, it } from 'vitest';
import { createPostgresRuntime, type PostgresRuntime, type SqlDatabase } from 'kefu/postgres';
import { counterMachine } from './support/runtime-machines.js';
import { runConcurrency } from './support/runtime-reliability.js';
import { dropTarget, freshTarget, pgBackends, type PgBackend } from './support/runtime-pg.js';

describe.each(pgBackends())('reliability on PostgreSQL: concurrency ($name)', (backend: PgBackend) => {
  it('concurrency: 8 workers send 10,000 events to 100 cases at random; no lost update', async () => {
    const target = freshTarget();
    const runtimes: PostgresRuntime[] = [];
    const dbs: SqlDatabase[] = [];
    const cleanups: (() => Promise<void>)[] = [];
    try {
      if (backend.name === 'pglite') {
        // One in-process database; 8 runtimes interleave between their load and their save.
        const { db, cleanup } = await backend.open({ target });
        dbs.push(db);
        cleanups.push(cleanup);
        const first = await createPostgresRuntime({ db, machines: [counterMachine], schema: target.schema, bossSchema: target.bossSchema, maxAttempts: 50 });
        runtimes.push(first);
        for (let i = 1; i < 8; i++) {
          runtimes.push(await createPostgresRuntime({ db, boss: first.boss, machines: [counterMachine], schema: target.schema, migrate: false, maxAttempts: 50 }));
        }
      } else {
        // 8 "servers": each its own pool and pg-boss instance.
        for (let i = 0; i < 8; i++) {
          const { db, cleanup } = await backend.open({ target, poolSize: 2 });
          dbs.push(db);
          cleanups.push(cleanup);
          runtimes.push(await createPostgresRuntime({ db, machines: [counterMachine], schema: target.schema, bossSchema: target.bossSchema, supervise: i === 0, maxAttempts: 50 }));
        }
      }
      const report = await runConcurrency(runtimes, { events: 10_000, cases: 100 });
      expect(report.applied).toEqual(report.sent);
      expect(Object.values(report.applied).reduce((a, b) => a + b, 0)).toBe(10_000);
      // the rows' versions: 1 at creation + one per applied event
      const rows = await dbs[0]!.query<{ n: number; v: number }>(`SELECT count(*)::int AS n, sum(version)::int AS v FROM "${target.schema}".kefu_cases`);
      expect(rows.rows[0]).toEqual({ n: 100, v: 10_100 });
    } finally {
      for (const r of runtimes) await r.close();
      for (const cleanup of cleanups) await cleanup();
      await dropTarget(backend, target);
    }
  }, 300_000);
});
