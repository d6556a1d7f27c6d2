/**
 * The alternative to pg-boss the benchmark measures (issue #11): timers kept on the cases table
 * alone. The case row already holds every pending timer (in its envelope) and the earliest due
 * time (`next_due`, indexed), written in the same statement as the case — so a step that adds,
 * moves or cancels a timer writes nothing more. A worker would claim due cases with
 * `UPDATE … SET next_due = now() + lease FROM (SELECT … WHERE next_due <= now() … FOR NO KEY
 * UPDATE SKIP LOCKED)` and fire their due timers; that delivery side is not built here — this
 * scheduler measures what the write path costs without per-timer scheduler writes, and refuses
 * to start.
 */
import type { DeliverTimer, Scheduler } from 'kefu/runtime';
import type { SqlClient } from 'kefu/postgres';

/** Timers that live only in the case row (`next_due`); no writes of its own per step. */
export class NextDueScheduler implements Scheduler<SqlClient> {
  readonly durable = true;

  /** Nothing to write: the timer is in the envelope, and `next_due` in the same row. */
  async schedule(): Promise<void> {}

  /** Nothing to delete: the envelope no longer lists the timer. */
  async cancel(): Promise<void> {}

  async start(_deliver: DeliverTimer<SqlClient>): Promise<void> {
    throw new Error('NextDueScheduler is a benchmark of the write path: it delivers no timers');
  }

  async stop(): Promise<void> {}
}
