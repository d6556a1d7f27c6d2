import { createHash } from 'node:crypto';
import type { DeliverTimer, Scheduler } from '../runtime/scheduler.js';
import type { DueTimer, TimerCancel, TimerSchedule } from '../runtime/timers.js';
import { PollingLoop } from '../runtime/polling-loop.js';
import { toEpoch } from '../time/instant.js';
import { jobIdFor } from './job-id.js';
import type { SqlClient } from './sql.js';

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
  /** A job fetched by a worker that died is retried after this long. @default 60 */
  readonly expireInSeconds?: number;
  /** How often a failing delivery is retried. @default 100 */
  readonly retryLimit?: number;
  /** Seconds between retries of a failing delivery (with backoff). @default 5 */
  readonly retryDelaySeconds?: number;
  /**
   * How long after its due time an unfired timer job is kept before pg-boss archives it (no worker
   * ran for that long). `runtime.fireOverdue()` still fires such a timer from the cases table.
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
 * Timers as pg-boss jobs. Each timer is one job whose id is derived from the timer's stable id
 * (case id + send id) and whose `startAfter` is the due time. With a transaction client, the job
 * is written in the same transaction as the case (pg-boss's `db` option), so a rolled-back save
 * leaves no job. Durable: jobs due while no worker ran are picked up when one starts.
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

  constructor(options: PgBossSchedulerOptions) {
    this.#boss = options.boss;
    this.queue = options.queue ?? 'kefu-timers';
    this.#options = options;
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
    const data: TimerJobData = { id: timer.id, caseId: timer.caseId, sendId: timer.sendId, due: timer.due };
    const options = {
      id,
      startAfter: new Date(toEpoch(timer.due)),
      expireInSeconds: this.#options.expireInSeconds ?? 60,
      retryLimit: this.#options.retryLimit ?? 100,
      retryDelay: this.#options.retryDelaySeconds ?? 5,
      retryBackoff: true,
      retentionDays: this.#options.retentionDays ?? 90,
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
   * delivers each job and completes it in the same transaction as the case's change (a stale
   * delivery that writes nothing completes it on its own); a failed delivery is failed in pg-boss
   * and retried.
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
          // Completed in the transaction that applies the timer (one commit), or here when nothing was written.
          const completed = await deliver(job.data, {
            inTransaction: async (tx) => void (await this.#boss.complete(this.queue, job.id, undefined, { db: bossDb(tx) })),
          });
          if (!completed) await this.#boss.complete(this.queue, job.id);
        } catch (error) {
          this.#options.onError?.(error);
          try {
            await this.#boss.fail(this.queue, job.id, { message: error instanceof Error ? error.message : String(error) });
          } catch (failError) {
            // The job stays active and is retried when it expires.
            this.#options.onError?.(failError);
          }
        }
      }
    }
  }

  /** {@inheritDoc Scheduler.stop} */
  stop(): Promise<void> {
    return this.#polling.stop();
  }
}
