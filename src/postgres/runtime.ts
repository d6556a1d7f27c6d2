import { createCaseRuntime, type CaseRuntime, type CaseRuntimeOptions } from '../runtime/runtime.js';
import { PostgresOutbox } from './outbox.js';
import { migrateCasesTable, type CasesTableOptions } from './schema.js';
import { bossDb, PgBossScheduler, timerJobOptions, type PgBossLike, type PgBossSchedulerOptions } from './scheduler.js';
import type { SqlClient, SqlDatabase } from './sql.js';
import { PostgresCaseStore, type PostgresCaseStoreOptions } from './store.js';

/** Create a pg-boss instance on kefu's connection (pg-boss is loaded on demand: an optional peer dependency). */
async function newBoss(db: SqlDatabase, options: { schema: string; migrate: boolean; supervise: boolean }): Promise<PgBossLike> {
  let PgBoss: new (options: object) => PgBossLike;
  try {
    const mod = (await import('pg-boss')) as unknown as { default?: typeof PgBoss } & typeof PgBoss;
    PgBoss = mod.default ?? mod;
  } catch (cause) {
    throw new Error('kefu/postgres needs pg-boss 10 for its timers (npm install pg-boss@10)', { cause });
  }
  return new PgBoss({ db: bossDb(db), schema: options.schema, migrate: options.migrate, schedule: false, supervise: options.supervise });
}

/** Options of {@link createPostgresRuntime}. */
export interface PostgresRuntimeOptions
  extends Omit<CaseRuntimeOptions<SqlClient>, 'store' | 'scheduler'>,
    CasesTableOptions {
  /** The database (`connectPostgres(url)`, `fromPgPool(pool)`, `fromPGlite(pglite)`, `openPGlite(dir)`). */
  readonly db: SqlDatabase;
  /** A pg-boss 10 instance of your own, already started. Default: one on `db`, started here and stopped by `close()`. */
  readonly boss?: PgBossLike;
  /**
   * Schema of pg-boss's tables: of the instance kefu creates, or of your `boss` (needed then for
   * `inlineTimers`). @default 'pgboss' for the instance kefu creates
   */
  readonly bossSchema?: string;
  /** Queue of the timer jobs. @default 'kefu-timers' */
  readonly queue?: string;
  /** Run pg-boss maintenance (expire jobs of dead workers, archive finished ones) from this process. @default true */
  readonly supervise?: boolean;
  /** Create the cases table and pg-boss's schema if missing. @default true */
  readonly migrate?: boolean;
  /**
   * How many cases the store remembers as it last wrote them, so that an event to one of them is
   * one statement (see {@link PostgresCaseStoreOptions.cacheSize}). `0`: every event reads its case
   * first (two statements, no transaction). @default 1000
   */
  readonly cacheSize?: number;
  /**
   * Write a change's timer jobs with kefu's own SQL inside the case's statement (one statement per
   * event, no transaction), when pg-boss's tables are the layout kefu was tested with (pg-boss
   * schema version 24, pg-boss 10.1–10.4; checked at start, in `bossSchema`) — else, or with `false`,
   * through pg-boss's `send`/`deleteJob`/`complete` in the case's transaction. With a `boss` of your
   * own, only when `bossSchema` names its schema. @default true
   */
  readonly inlineTimers?: boolean;
  /** Tuning of the timer worker (retries, polling, batch size). */
  readonly worker?: Omit<PgBossSchedulerOptions, 'boss' | 'queue'>;
  /** Errors from pg-boss and the worker loop. @default ignore */
  readonly onError?: (error: unknown) => void;
}

/** The runtime on PostgreSQL: the facade plus its database, store, scheduler and pg-boss instance. */
export interface PostgresRuntime extends CaseRuntime<SqlClient> {
  /** The database. */
  readonly db: SqlDatabase;
  /** The cases table. */
  readonly store: PostgresCaseStore;
  /** Timers as pg-boss jobs. */
  readonly scheduler: PgBossScheduler;
  /** The pg-boss instance (typed structurally; cast to `PgBoss` from `pg-boss` for its full API). */
  readonly boss: PgBossLike;
  /**
   * Write the worklist projection of every case that has none — rows written before the table had
   * worklist columns (run by `createPostgresRuntime` when it migrates), or by a store call without
   * one: `reproject({ unprojectedOnly: true })`. A row whose machine is unknown or that fails to
   * restore is left as it is. Returns how many cases it projected.
   */
  projectWorklist(): Promise<number>;
  /** Stop the worker and (when kefu created it) pg-boss. The database stays open: close it yourself. */
  close(): Promise<void>;
}

/**
 * Create the runtime on PostgreSQL: cases in a table with a version column, timers as pg-boss
 * jobs written in the same statement as the case (see `inlineTimers`), and with `outbox` the effects
 * and emitted events in the outbox table (`kefu_outbox`), also in that statement. Every app server creates one to open cases
 * and send events; call `start()` on the ones that should also work as timer workers.
 *
 * @example
 * const db = await connectPostgres(process.env.KEFU_PG_URL!);
 * const runtime = await createPostgresRuntime({ db, machines: [complaintMachine] });
 * await runtime.start(); // this process also fires due deadlines
 */
export async function createPostgresRuntime(options: PostgresRuntimeOptions): Promise<PostgresRuntime> {
  const { db, migrate = true, queue = 'kefu-timers', onError } = options;
  // Bad worker options are refused before anything is created or started.
  timerJobOptions(options.worker ?? {});
  const table: CasesTableOptions = {
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.table !== undefined ? { table: options.table } : {}),
  };
  if (migrate) await migrateCasesTable(db, { ...table, outbox: options.outbox !== undefined });

  const ownBoss = options.boss === undefined;
  const boss = options.boss ?? (await newBoss(db, { schema: options.bossSchema ?? 'pgboss', migrate, supervise: options.supervise ?? true }));
  if (ownBoss) {
    boss.on('error', (error) => onError?.(error));
    await boss.start();
  }
  await boss.createQueue(queue);

  const store = new PostgresCaseStore(db, { ...table, ...(options.cacheSize !== undefined ? { cacheSize: options.cacheSize } : {}) });
  const scheduler = new PgBossScheduler({ ...(options.worker ?? {}), ...(onError ? { onError } : {}), boss, queue });
  // With a pg-boss of the host's own, only its schema as the host names it: a guessed one could be another instance's tables.
  if (options.inlineTimers !== false && (ownBoss || options.bossSchema !== undefined)) await scheduler.useStatementParts(db, options.bossSchema ?? 'pgboss');
  const runtime = createCaseRuntime<SqlClient>({
    ...options,
    store,
    scheduler,
    ...(options.outbox ? { outbox: { ...options.outbox, store: options.outbox.store ?? new PostgresOutbox(db, table) } } : {}),
  });

  async function projectWorklist(): Promise<number> {
    return (await runtime.reproject({ unprojectedOnly: true })).projected;
  }
  if (migrate) await projectWorklist();

  return {
    ...runtime,
    db,
    store,
    scheduler,
    boss,
    projectWorklist,
    async close() {
      await runtime.stop();
      if (ownBoss) await boss.stop({ graceful: false, wait: true, close: false });
    },
  };
}
