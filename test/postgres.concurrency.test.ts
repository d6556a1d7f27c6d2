import { describe, expect, it } from 'vitest';
import { createPostgresRuntime, type PostgresRuntime, type PostgresRuntimeOptions, type SqlDatabase } from 'kefu/postgres';
import { counterMachine } from './support/runtime-machines.js';
import { runConcurrency } from './support/runtime-reliability.js';
import { dropTarget, freshTarget, pgBackends, type PgBackend, type PgTarget } from './support/runtime-pg.js';

describe.each(pgBackends())('reliability on PostgreSQL: concurrency ($name)', (backend: PgBackend) => {
  // PGlite runs every statement of the 8 runtimes on one in-process WASM connection: 2,000 events
  // (about 20 per case, with many of them interleaving on the same case) show a lost update as
  // surely as 10,000, at a fifth of the suite's longest file. The server gets the full 10,000.
  const events = backend.name === 'pglite' ? 2_000 : 10_000;
  /**
   * 8 runtimes on `target`: on PGlite one in-process database and the first runtime's pg-boss for all
   * (8 runtimes interleave between their load and their save; without `bossSchema` from `options`,
   * runtimes 1–7 write their timers through pg-boss's API); on a server 8 "servers", each its own
   * pool and pg-boss. `options(i)` adds to runtime i's options.
   */
  async function eightRuntimes(target: PgTarget, options: (i: number) => Partial<PostgresRuntimeOptions>) {
    const runtimes: PostgresRuntime[] = [];
    const dbs: SqlDatabase[] = [];
    const cleanups: (() => Promise<void>)[] = [];
    const close = async () => {
      for (const r of runtimes) await r.close();
      for (const cleanup of cleanups) await cleanup();
      await dropTarget(backend, target);
    };
    try {
      for (let i = 0; i < 8; i++) {
        if (backend.name === 'postgres' || i === 0) {
          const { db, cleanup } = await backend.open({ target, ...(backend.name === 'postgres' ? { poolSize: 2 } : {}) });
          dbs.push(db);
          cleanups.push(cleanup);
        }
        const boss = backend.name === 'pglite' && i > 0 ? { boss: runtimes[0]!.boss, migrate: false } : { bossSchema: target.bossSchema };
        runtimes.push(await createPostgresRuntime({ db: dbs.at(-1)!, machines: [counterMachine], schema: target.schema, maxAttempts: 50, ...boss, ...options(i) }));
      }
    } catch (error) {
      await close();
      throw error;
    }
    return { runtimes, dbs, close };
  }

  it(`concurrency: 8 workers send ${events.toLocaleString('en-US')} events to 100 cases at random; no lost update`, async () => {
    const target = freshTarget();
    const { runtimes, dbs, close } = await eightRuntimes(target, (i) => (backend.name === 'postgres' ? { supervise: i === 0 } : {}));
    try {
      const report = await runConcurrency(runtimes, { events, cases: 100 });
      expect(report.applied).toEqual(report.sent);
      expect(Object.values(report.applied).reduce((a, b) => a + b, 0)).toBe(events);
      // the rows' versions: 1 at creation + one per applied event
      const rows = await dbs[0]!.query<{ n: number; v: number }>(`SELECT count(*)::int AS n, sum(version)::int AS v FROM "${target.schema}".kefu_cases`);
      expect(rows.rows[0]).toEqual({ n: 100, v: 100 + events });
    } finally {
      await close();
    }
  }, 300_000);

  // Stores that remember nothing read each case, then write it with the version and xmin check, and
  // take the row lock only when another writer moved it in between; beside stores that remember.
  const few = backend.name === 'pglite' ? 800 : 3_000;
  it(`concurrency: 8 workers, half with cacheSize 0 (a read, then the checked write), send ${few.toLocaleString('en-US')} events to 10 cases; no lost update`, async () => {
    const target = freshTarget();
    const { runtimes, dbs, close } = await eightRuntimes(target, (i) => ({ supervise: false, bossSchema: target.bossSchema, ...(i % 2 === 1 ? { cacheSize: 0 } : {}) }));
    try {
      const report = await runConcurrency(runtimes, { events: few, cases: 10, prefix: 'Z' });
      expect(report.applied).toEqual(report.sent);
      const rows = await dbs[0]!.query<{ n: number; v: number }>(`SELECT count(*)::int AS n, sum(version)::int AS v FROM "${target.schema}".kefu_cases WHERE case_id LIKE 'Z-%'`);
      expect(rows.rows[0]).toEqual({ n: 10, v: 10 + few });
    } finally {
      await close();
    }
  }, 300_000);
});
