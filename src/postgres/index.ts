/**
 * `kefu/postgres` — the runtime on PostgreSQL for many app servers: cases in a table with a
 * version column (optimistic concurrency), timers as pg-boss jobs written in the same
 * statement as the case, and a worker that fires due timers through `step`. Runs on a
 * PostgreSQL server (node-postgres) or in-process on PGlite. `pg`, `pg-boss` and
 * `@electric-sql/pglite` are optional peer dependencies.
 */
export { createPostgresRuntime } from './runtime.js';
export type { PostgresRuntime, PostgresRuntimeOptions } from './runtime.js';
export { PostgresCaseStore } from './store.js';
export type { PostgresCaseStoreOptions } from './store.js';
export { PgBossScheduler, bossDb } from './scheduler.js';
export type { BossDb, BossJob, PgBossLike, PgBossSchedulerOptions, TimerJobData } from './scheduler.js';
export { migrateCasesTable, casesTableDdl, casesTableName, historyTableName, outboxTableDdl, outboxTableName, worklistDdl } from './schema.js';
export { PostgresOutbox } from './outbox.js';
export type { CasesTableOptions } from './schema.js';
export { fromPgPool, fromPGlite, connectPostgres, openPGlite, quoteIdent } from './sql.js';
export type {
  SqlClient,
  SqlDatabase,
  SqlResult,
  PgPoolLike,
  PgClientLike,
  FromPgPoolOptions,
  PGliteLike,
  PGliteTransactionLike,
} from './sql.js';
export { jobIdFor } from './job-id.js';
