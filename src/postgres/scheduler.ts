import { createHash } from 'node:crypto';
import type { DeliverOptions, DeliverTimer, Scheduler } from '../runtime/scheduler.js';
import type { StatementPart } from '../runtime/store.js';
import type { DueTimer, TimerCancel, TimerInstructions, TimerSchedule } from '../runtime/timers.js';
import { bossSql, cancelPart, completePart, inlineJobsSupported, schedulePart, type BossSql, type TimerJobOptions, type TimerJobRow } from './boss-sql.js';
import { PollingLoop } from '../runtime/polling-loop.js';
import { toEpoch } from '../time/instant.js';
import { jobIdFor } from './job-id.js';
import type { SqlClient, SqlDatabase } from './sql.js';

/** pg-boss's `db` option: something that runs SQL (here, on a kefu transaction's client). */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A job as pg-boss `fetch` returns it. */
export interface BossJob<T> {
  readonly id: string;
  readonly data: T;
}

/**
 * The part of a pg-boss 10 instance kefu uses, typed structurally so `kefu/postgres` does not need
 * pg-boss's types (a `PgBoss` instance fits; cast to `PgBoss` for the rest of its API).
 */
export interface PgBossLike {
  send(name: string, data: object, options: object): Promise<string | null>;
  deleteJob(name: string, id: string, options?: { db?: BossDb }): Promise<unknown>;
  fetch<T>(name: string, options?: { batchSize?: number }): Promise<BossJob<T>[] | null>;
  complete(name: string, id: string, data?: object, options?: { db?: BossDb }): Promise<unknown>;
  fail(name: string, id: string, data?: object, options?: { db?: BossDb }): Promise<unknown>;
  createQueue(name: string, options?: object): Promise<unknown>;
  start(): Promise<unknown>;
  stop(options?: { graceful?: boolean; wait?: boolean; close?: boolean; timeout?: number }): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Options of {@link PgBossScheduler}. */
export interface PgBossSchedulerOptions {
  /** A started pg-boss instance (its schema installed). */
  readonly boss: PgBossLike;
  /** The queue of timer jobs (created by `createPostgresRuntime`). @default 'kefu-timers' */
  readonly queue?: string;
  /** A job fetched by a worker that died is retried after this long: at least 1, under 24 hours (pg-boss). @default 60 */
  readonly expireInSeconds?: number;
  /** How often a failing delivery is retried (a whole number ≥ 0). @default 100 */
  readonly retryLimit?: number;
  /** Seconds between retries of a failing delivery (with backoff; a whole number ≥ 0). @default 5 */
  readonly retryDelaySeconds?: number;
  /**
   * How long after its due time an unfired timer job is kept before pg-boss archives it (no worker
   * ran for that long; at least 1). `runtime.fireOverdue()` still fires such a timer from the cases table.
   * @default 90
   */
  readonly retentionDays?: number;
  /** Timer jobs fetched per poll. @default 20 */
  readonly batchSize?: number;
  /** Seconds between polls when the queue is empty. @default 1 */
  readonly pollingIntervalSeconds?: number;
  /** Called with errors of the polling loop (fetching, delivering, completing jobs). @default ignore */
  readonly onError?: (error: unknown) => void;
}

/** What a timer job carries: enough to find the timer in its case again. */
export type TimerJobData = DueTimer;

/** The data of a timer's job. */
const jobData = (timer: TimerSchedule): TimerJobData => ({ id: timer.id, caseId: timer.caseId!, sendId: timer.sendId, due: timer.due });

/**
 * Names of pg-boss's parameterized statements (its commands are texts fixed per schema: inserting a
 * job, deleting, completing, fetching…), so a driver that prepares named statements prepares each
 * once per connection. At most {@link BOSS_STATEMENTS} texts are named; any further one runs unnamed.
 */
const bossStatements = new Map<string, { readonly name: string }>();
const BOSS_STATEMENTS = 64;

function bossStatement(text: string): { readonly name: string } | undefined {
  let named = bossStatements.get(text);
  if (named === undefined && bossStatements.size < BOSS_STATEMENTS) {
    named = { name: `kefu_boss_${createHash('sha1').update(text).digest('hex').slice(0, 32)}` };
    bossStatements.set(text, named);
  }
  return named;
}

/** pg-boss's `db` option on top of a kefu SQL client (a transaction's client). */
export function bossDb(client: SqlClient): BossDb {
  return {
    async executeSql(text: string, values?: unknown[]) {
      return values && values.length > 0 ? client.query(text, values, bossStatement(text)) : client.exec(text);
    },
  };
}

/**
 * The options of every timer job, checked as pg-boss's `send` checks them (kefu's own SQL writes them
 * unchecked): a RangeError naming the option. Internal: `createPostgresRuntime` checks `worker` with it first.
 */
export function timerJobOptions(options: Omit<PgBossSchedulerOptions, 'boss'>): TimerJobOptions {
  const job = {
    expireInSeconds: options.expireInSeconds ?? 60,
    retryLimit: options.retryLimit ?? 100,
    retryDelay: options.retryDelaySeconds ?? 5,
    retentionDays: options.retentionDays ?? 90,
  };
  const { expireInSeconds, retryLimit, retryDelay, retentionDays } = job;
  if (!(expireInSeconds >= 1 && expireInSeconds < 24 * 3600)) throw new RangeError(`expireInSeconds must be at least 1 and under 24 hours (pg-boss), got ${String(expireInSeconds)}`);
  if (!(retentionDays >= 1)) throw new RangeError(`retentionDays must be at least 1 (pg-boss), got ${String(retentionDays)}`);
  if (!Number.isInteger(retryLimit) || retryLimit < 0) throw new RangeError(`retryLimit must be a whole number ≥ 0 (pg-boss), got ${String(retryLimit)}`);
  if (!Number.isInteger(retryDelay) || retryDelay < 0) throw new RangeError(`retryDelaySeconds must be a whole number ≥ 0 (pg-boss), got ${String(retryDelay)}`);
  return job;
}

/**
 * Timers as pg-boss jobs. Each timer is one job whose id is derived from the timer's stable id
 * (case id + send id) and whose `startAfter` is the due time. As statement parts (see
 * {@link PgBossScheduler.useStatementParts}) the jobs are written in the case's own statement; else,
 * with a transaction client, in the same transaction as the case (pg-boss's `db` option). Either
 * way a write of the case that does not happen leaves no job. Durable: jobs due while no worker ran are picked up when one starts.
 *
 * @example
 * const scheduler = new PgBossScheduler({ boss });
 */
export class PgBossScheduler implements Scheduler<SqlClient> {
  /** Durable: jobs live in PostgreSQL. */
  readonly durable = true;
  /** The queue name. */
  readonly queue: string;
  readonly #boss: PgBossLike;
  readonly #options: PgBossSchedulerOptions;
  readonly #polling = new PollingLoop();
  readonly #job: TimerJobOptions;
  /** kefu's SQL for the jobs, once {@link PgBossScheduler.useStatementParts} found pg-boss's schema as tested. */
  #sql: BossSql | undefined;
  /** The database of pg-boss's tables, when {@link PgBossScheduler.useStatementParts} was given one (not a transaction's client). */
  #db: SqlDatabase | undefined;

  constructor(options: PgBossSchedulerOptions) {
    this.#boss = options.boss;
    this.queue = options.queue ?? 'kefu-timers';
    this.#options = options;
    this.#job = timerJobOptions(options);
  }

  /**
   * Write timer jobs as statement parts of the case's own statement (see {@link PgBossScheduler.statementParts})
   * when pg-boss's tables in `schema` are the layout kefu was tested with (pg-boss schema version 24,
   * pg-boss 10.1–10.4) and the queue has the standard policy. Returns whether it will; when not, jobs
   * keep going through `send` / `deleteJob` / `complete` in the case's transaction. `createPostgresRuntime`
   * calls it (`inlineTimers: false` turns it off).
   */
  async useStatementParts(db: SqlClient, schema: string): Promise<boolean> {
    this.#sql = (await inlineJobsSupported(db, schema, this.queue)) ? bossSql(schema) : undefined;
    this.#db = this.#sql !== undefined && typeof (db as Partial<SqlDatabase>).transaction === 'function' ? (db as SqlDatabase) : undefined;
    return this.#sql !== undefined;
  }

  /** Whether timer jobs are written as statement parts (see {@link PgBossScheduler.useStatementParts}). */
  get writesStatementParts(): boolean {
    return this.#sql !== undefined;
  }

  /**
   * {@inheritDoc Scheduler.statementParts}
   *
   * At most three parts: one `DELETE` of the cancelled jobs, one `INSERT … ON CONFLICT (name, id) DO
   * UPDATE` of the scheduled ones (a job with the same id — waiting, active or finished — is reset in
   * place to what a fresh `send` writes), and with `delivery` the completion of the delivered job
   * unless the change cancels or re-schedules that very job (then the delete or reset stands for it).
   * `undefined` until {@link PgBossScheduler.useStatementParts} enabled them.
   */
  statementParts(timers: TimerInstructions, delivery?: DeliverOptions<SqlClient>): readonly StatementPart[] | undefined {
    const sql = this.#sql;
    if (!sql || (delivery !== undefined && delivery.jobId === undefined)) return undefined;
    const jobs = new Map<string, TimerJobRow>();
    for (const s of timers.schedule) {
      if (s.caseId === undefined) throw new TypeError('a scheduled timer needs a case id');
      const id = jobIdFor(s.id);
      jobs.delete(id);
      jobs.set(id, { id, data: jobData(s), startAfter: new Date(toEpoch(s.due)).toISOString() });
    }
    const cancelled = [...new Set(timers.cancel.map((c) => jobIdFor(c.id)))].filter((id) => !jobs.has(id));
    const parts: StatementPart[] = [];
    if (cancelled.length > 0) parts.push(cancelPart(sql, this.queue, cancelled));
    if (jobs.size > 0) parts.push(schedulePart(sql, this.queue, [...jobs.values()], this.#job));
    const delivered = delivery?.jobId;
    if (delivered !== undefined && !jobs.has(delivered) && !cancelled.includes(delivered)) parts.push(completePart(sql, this.queue, delivered));
    return parts;
  }

  /** The pg-boss job id of a timer. */
  jobId(timerId: string): string {
    return jobIdFor(timerId);
  }

  /** {@inheritDoc Scheduler.schedule} */
  async schedule(timer: TimerSchedule, tx?: SqlClient): Promise<void> {
    if (timer.caseId === undefined) throw new TypeError('a scheduled timer needs a case id');
    const db = tx ? bossDb(tx) : undefined;
    const id = jobIdFor(timer.id);
    const data = jobData(timer);
    // boss-sql.ts writes the same job (test/postgres.boss-sql.test.ts compares them column by column).
    const options = {
      id,
      startAfter: new Date(toEpoch(timer.due)),
      expireInSeconds: this.#job.expireInSeconds,
      retryLimit: this.#job.retryLimit,
      retryDelay: this.#job.retryDelay,
      retryBackoff: true,
      retentionDays: this.#job.retentionDays,
      ...(db ? { db } : {}),
    };
    // One statement for a new timer: pg-boss inserts `ON CONFLICT DO NOTHING` and returns null when a
    // job with this id exists (created, active, or finished but not yet archived) — then replace it.
    if ((await this.#boss.send(this.queue, data, options)) !== null) return;
    await this.#boss.deleteJob(this.queue, id, db ? { db } : {});
    await this.#boss.send(this.queue, data, options);
  }

  /** {@inheritDoc Scheduler.cancel} */
  async cancel(timer: TimerCancel, tx?: SqlClient): Promise<void> {
    const db = tx ? bossDb(tx) : undefined;
    await this.#boss.deleteJob(this.queue, jobIdFor(timer.id), db ? { db } : {});
  }

  /**
   * {@inheritDoc Scheduler.start}
   *
   * Polls the queue with pg-boss `fetch` (`FOR UPDATE SKIP LOCKED`, so several workers share it),
   * delivers each job and completes it in the same statement (or transaction) as the case's change (a stale
   * delivery that writes nothing: in the statement that finds the case unchanged, when the store writes
   * parts there, else on its own); a failed delivery is failed in pg-boss
   * and retried (with statement parts, only while the job is still active: not once a case
   * statement reset it for a new time).
   * A worker killed mid-job leaves the job active until it expires; it is then retried, and the
   * case's pending-timer check makes the retry a no-op if the first delivery had committed.
   */
  async start(deliver: DeliverTimer<SqlClient>): Promise<void> {
    this.#polling.start(() => this.#run(deliver));
  }

  async #run(deliver: DeliverTimer<SqlClient>): Promise<void> {
    const pollMs = (this.#options.pollingIntervalSeconds ?? 1) * 1000;
    const batchSize = this.#options.batchSize ?? 20;
    while (!this.#polling.stopping) {
      let jobs: BossJob<TimerJobData>[] = [];
      try {
        jobs = (await this.#boss.fetch<TimerJobData>(this.queue, { batchSize })) ?? [];
      } catch (error) {
        this.#options.onError?.(error);
      }
      if (jobs.length === 0) {
        await this.#polling.pause(pollMs);
        continue;
      }
      for (const job of jobs) {
        try {
          // Completed with the change that applies the timer (one commit), or with the check that finds a stale
          // timer's case unchanged (the store writes the completion part there); here when neither wrote it.
          const completed = await deliver(job.data, {
            jobId: job.id,
            inTransaction: async (tx) => void (await this.#boss.complete(this.queue, job.id, undefined, { db: bossDb(tx) })),
          });
          if (!completed) await this.#boss.complete(this.queue, job.id);
        } catch (error) {
          this.#options.onError?.(error);
          try {
            await this.#fail(job.id, { message: error instanceof Error ? error.message : String(error) });
          } catch (failError) {
            // The job stays active and is retried when it expires.
            this.#options.onError?.(failError);
          }
        }
      }
    }
  }

  /**
   * Fail a job whose delivery threw. With statement parts, only while it is still the active job this
   * worker fetched: a case statement may have reset it meanwhile (the timer re-scheduled: a fresh job,
   * which pg-boss's `fail` would turn into a retry long before its time, or with `retryLimit: 0` into
   * a failed job that never fires) or deleted it.
   */
  async #fail(id: string, output: object): Promise<void> {
    const sql = this.#sql;
    const db = this.#db;
    if (!sql || !db) {
      await this.#boss.fail(this.queue, id, output);
      return;
    }
    await db.transaction(async (tx) => {
      if ((await tx.query(sql.lockActive, [this.queue, id])).rows.length > 0) await this.#boss.fail(this.queue, id, output, { db: bossDb(tx) });
    });
  }

  /** {@inheritDoc Scheduler.stop} */
  stop(): Promise<void> {
    return this.#polling.stop();
  }
}
