import type { StatementPart } from './store.js';
import type { DueTimer, TimerCancel, TimerInstructions, TimerSchedule } from './timers.js';

/** Options a scheduler passes with a due timer. */
export interface DeliverOptions<Tx = unknown> {
  /**
   * Writes of the scheduler's own that belong to the delivery (pg-boss: completing the timer's job),
   * run in the transaction that applies the timer to its case, so firing a timer is one commit.
   */
  inTransaction?(tx: Tx): Promise<void>;
  /** The scheduler's own id of the delivered job, for {@link Scheduler.statementParts} (pg-boss: the job id). */
  readonly jobId?: string;
}

/**
 * What a scheduler calls for each due timer. Resolves to `true` when `options.inTransaction` ran in
 * the committed transaction, or the delivery's statement parts were written with the change — or,
 * for a stale timer that changes nothing, with the store's check that the case was as stepped on
 * (else the scheduler finishes the job itself). If it rejects, the
 * scheduler delivers the timer again later.
 */
export type DeliverTimer<Tx = unknown> = (timer: DueTimer, options?: DeliverOptions<Tx>) => Promise<boolean>;

/**
 * Durable delayed delivery of a case's timers. kefu ships an in-memory scheduler (the embedded
 * default) and a pg-boss scheduler (`kefu/postgres`), whose jobs are written in the same
 * transaction as the case.
 */
export interface Scheduler<Tx = unknown> {
  /**
   * Whether scheduled timers survive a restart of the process. When `false` (in-memory), the
   * runtime re-arms every pending timer from the store when it starts.
   */
  readonly durable: boolean;
  /** Schedule a timer at its due time, replacing any timer with the same id; `tx` is the store's transaction, if any. */
  schedule(timer: TimerSchedule, tx?: Tx): Promise<void>;
  /** Cancel the timer with this id, if any; `tx` is the store's transaction, if any. */
  cancel(timer: TimerCancel, tx?: Tx): Promise<void>;
  /**
   * The change's timer writes as statement parts for a store that accepts them (see
   * `CaseStore.acceptsParts`): the cancels and schedules (no id in both), and with `delivery` the
   * finishing of the delivered job — so the case, its timers and the delivery are one statement.
   * `undefined` when it cannot render them (the runtime then calls `schedule`/`cancel` and
   * `delivery.inTransaction` in the store's transaction). Optional.
   */
  statementParts?(timers: TimerInstructions, delivery?: DeliverOptions<Tx>): readonly StatementPart[] | undefined;
  /** Start delivering due timers (including ones that fell due while nothing ran) to `deliver`. */
  start(deliver: DeliverTimer<Tx>): Promise<void>;
  /** Stop delivering; waits for deliveries in progress. */
  stop(): Promise<void>;
}
