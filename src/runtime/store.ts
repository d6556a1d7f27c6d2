import type { Instant } from '../time/instant.js';
import type { CaseEnvelope, PendingTimer } from './envelope.types.js';
import type { HistoryEntry, HistoryOptions, HistoryPage, NewHistoryEntry } from './history.js';
import type { CaseProjection, WorklistFilter, WorklistRow } from './worklist.js';

/** A stored case: its id, the row's version (optimistic concurrency) and its envelope. */
export interface CaseRecord {
  /** The host's id of the case. */
  readonly caseId: string;
  /**
   * Version of the stored row for optimistic concurrency: 1 when created, +1 on every save.
   * (Not to be confused with `envelope.version`, the version of the machine's persisted shape.)
   */
  readonly version: number;
  /** The persisted case. */
  readonly envelope: CaseEnvelope;
}

/** A record as written by {@link CaseStore.create} or {@link CaseStore.save}, with the history entry written with it. */
export type WrittenRecord = CaseRecord & {
  /** The entry appended with the write (AUDIT-TRAIL), when one was given. */
  readonly history?: HistoryEntry;
};

/**
 * A piece of SQL a store that accepts parts ({@link CaseStore.acceptsParts}) writes inside the very
 * statement that writes the case, as one more data-modifying CTE — so a change with its timer jobs
 * and outbox rows is one statement, with no transaction around it. kefu's pg-boss scheduler and
 * PostgreSQL outbox render their writes as parts.
 *
 * The statement names the case's write `c`: one row (its `version`) when the case row was written,
 * none when it was not (a stale or refused write). A part must write only when `c` has a row —
 * `INSERT … SELECT … FROM c …`, `… WHERE EXISTS (SELECT 1 FROM c)` — and must not write a row another
 * part of the same change writes (sibling CTEs run on one snapshot, in no set order).
 */
export interface StatementPart {
  /**
   * One `INSERT`, `UPDATE` or `DELETE`, with its own `$1…$n` placeholders (none inside string
   * literals: the store renumbers them). The same kind of write should always have the same text
   * (arrays as parameters, not one placeholder per row): a store may prepare each text once.
   */
  readonly text: string;
  /** The values of `$1…$n`. */
  readonly params: readonly unknown[];
}

/** Options of {@link CaseStore.create}. */
export interface CreateOptions<Tx> {
  /**
   * Runs inside the transaction of the write, before it commits (the runtime writes the case's
   * timers here). If it throws, nothing is written.
   */
  readonly inTransaction?: (tx: Tx) => Promise<void>;
  /**
   * AUDIT-TRAIL: the history entry of this write, appended in the same transaction as the case
   * (the store assigns its `seq` and `version`). If it cannot be written, nothing is written.
   */
  readonly history?: NewHistoryEntry;
  /**
   * The case's worklist projection (assignee, role, next due time, …), written with the case in
   * the same transaction. Without it the store keeps none for the case (it is left out of worklists).
   * A save keeps the `openedAt` the case already has (the opening time never changes).
   */
  readonly worklist?: CaseProjection;
  /**
   * The envelope as JSON text, exactly `JSON.stringify(envelope)` (a step's `StepResult.text`), when
   * the caller has it: kefu's stores write it instead of stringifying the envelope again (a text
   * kefu did not produce is ignored). A store of your own may ignore it.
   */
  readonly text?: string;
  /**
   * Writes that belong to the case's write, in its statement (see {@link StatementPart}); only a
   * store with {@link CaseStore.acceptsParts} may be given them. If one fails, nothing is written.
   */
  readonly parts?: readonly StatementPart[];
}

/** Options of {@link CaseStore.save}. */
export interface SaveOptions<Tx> extends CreateOptions<Tx> {
  /** The version the envelope was loaded at; the save fails with `ConflictError` if the row has moved on. */
  readonly expectedVersion: number;
}

/** Options of {@link CaseStore.appendHistory}. */
export interface AppendHistoryOptions {
  /** The version the refusal was computed at; the append fails with `ConflictError` if the case has moved on. */
  readonly expectedVersion: number;
}

/** What the `compute` of {@link CaseStore.update} returns: the case's new envelope and the writes that go with it. */
export interface CaseChange<Tx> {
  /** The new envelope, written at the next version; `undefined` to write nothing (the transaction then writes no row). */
  readonly envelope: CaseEnvelope | undefined;
  /**
   * Runs inside the same transaction after the case row is written, with the record as saved
   * (the runtime writes the case's timers and outbox messages here). If it throws, nothing is written.
   */
  readonly inTransaction?: (tx: Tx, saved: CaseRecord) => Promise<void>;
  /**
   * AUDIT-TRAIL: the history entry of this change, appended in the same transaction — also when
   * `envelope` is `undefined` (a refused attempt is recorded without writing the case row).
   */
  readonly history?: NewHistoryEntry;
  /** The worklist projection of the new envelope, written with it (see {@link CreateOptions.worklist}). */
  readonly worklist?: CaseProjection;
  /**
   * The new envelope as JSON text (see {@link CreateOptions.text}). When it is given, `envelope` is
   * that envelope and may be a getter that parses the text when first read: a store that writes the
   * text need not read `envelope` at all.
   */
  readonly text?: string;
  /**
   * Writes that belong to the new envelope, in the statement that writes it (see {@link StatementPart}):
   * written only with the case row (not for a refused attempt), and only by a store with
   * {@link CaseStore.acceptsParts}. A change that writes nothing at all (no envelope, no history
   * entry: a stale timer) may carry parts too (the completion of the timer's job): a store may write
   * them in the statement that finds the case still as `compute` saw it, and then says so
   * ({@link CaseUpdate.wroteParts}); one that does not leaves them to the caller.
   */
  readonly parts?: readonly StatementPart[];
}

/** Options of {@link CaseStore.update}. */
export interface UpdateOptions {
  /** The event id of the change: the store reads its history entry, if any, with the case and hands it to `compute`. */
  readonly eventId?: string;
}

/** What {@link CaseStore.update} did: the record it read and the record as stored afterwards (the same when nothing was written). */
export interface CaseUpdate {
  readonly before: CaseRecord;
  readonly after: CaseRecord;
  /** The history entry appended with the change, when it had one. */
  readonly history?: HistoryEntry;
  /**
   * `true` when the change wrote nothing but its parts were written, committed with a check that the
   * case was still as `compute` saw it (see {@link CaseChange.parts}); else they were not written.
   */
  readonly wroteParts?: boolean;
}

/** Options of {@link CaseStore.listDue}. */
export interface ListDueOptions {
  /** Only cases with a timer due at or before this instant. Omit to list every case with a pending timer. */
  readonly dueBy?: Instant;
  /** At most this many cases, earliest first. */
  readonly limit?: number;
}

/** Options of {@link CaseStore.projectionBatch}. */
export interface ProjectionBatchOptions {
  /** Only cases of this machine id. */
  readonly machine?: string;
  /** Only cases stored without a worklist projection. */
  readonly unprojectedOnly?: boolean;
  /** Only cases whose id comes strictly after this one in the store's order of case ids (the keyset of the batches). */
  readonly after?: string;
  /** At most this many cases. */
  readonly limit: number;
}

/** A case with pending timers, as listed by {@link CaseStore.listDue}. */
export interface CaseTimers {
  readonly caseId: string;
  /** The machine id of the case. */
  readonly machine: string;
  /** Its pending timers (all of them, earliest first). */
  readonly timers: readonly PendingTimer[];
}

/**
 * Where cases live: one record per case with a version for optimistic concurrency. kefu ships
 * an in-memory store (the embedded default) and a PostgreSQL store (`kefu/postgres`).
 *
 * `Tx` is the store's transaction handle, passed to `inTransaction` so a scheduler can write
 * timers atomically with the case (pg-boss jobs in the same PostgreSQL transaction).
 */
export interface CaseStore<Tx = unknown> {
  /**
   * Whether `create`, `save` and `update` write {@link StatementPart}s in the statement of the case
   * (kefu's PostgreSQL store). The runtime then hands them the timer jobs and outbox rows of a change
   * as parts when the scheduler and outbox can render them, instead of `inTransaction`. @default false
   */
  readonly acceptsParts?: boolean;
  /**
   * Store a new case at version 1.
   * @throws {CaseExistsError} When a case with this id exists.
   */
  create(caseId: string, envelope: CaseEnvelope, options?: CreateOptions<Tx>): Promise<WrittenRecord>;
  /** Load a case, or `undefined` when there is none. */
  load(caseId: string): Promise<CaseRecord | undefined>;
  /**
   * Replace a case's envelope if its version is still `expectedVersion`; the new version is one more.
   * @throws {ConflictError} When the stored version differs (someone else saved first), or another writer recorded the history entry's event id first.
   * @throws {CaseNotFoundError} When there is no such case.
   */
  save(caseId: string, envelope: CaseEnvelope, options: SaveOptions<Tx>): Promise<WrittenRecord>;
  /**
   * Read a case, compute its change and write it — with everything `inTransaction` writes — in
   * one transaction, so an event costs one commit. `compute` is synchronous and runs while the
   * store holds the case (PostgreSQL: the row is locked `FOR NO KEY UPDATE`; in memory: writes to
   * the case are serialized), or on the case as this store last wrote it or just read it, whose write
   * then only succeeds if nothing wrote the case since (PostgreSQL: one statement checking the row's
   * version and `xmin`; else the store computes again under the lock) — so no other writer can slip in
   * between the read and the write. `compute` may therefore run more than once per call.
   * Optional: a store without it gets `load` then `save` with the version check.
   * @returns `undefined` when there is no such case.
   * With `eventId`, `compute` also gets the history entry already recorded under that id (read
   * under the same lock), so a retried event is recognised in the same transaction.
   * @throws {ConflictError} When the row moved on anyway (a writer that does not lock), or another writer recorded the history entry's event id first; the caller retries.
   */
  update?(
    caseId: string,
    compute: (record: CaseRecord, earlier: HistoryEntry | undefined) => CaseChange<Tx>,
    options?: UpdateOptions,
  ): Promise<CaseUpdate | undefined>;
  /** Cases with pending timers (due by `dueBy` when given), earliest due first. */
  listDue(options?: ListDueOptions): Promise<CaseTimers[]>;
  /**
   * AUDIT-TRAIL: append an entry that does not change the case (a refused attempt), if the case
   * is still at `expectedVersion`.
   * @throws {ConflictError} When the case has moved on, or another writer recorded the same event id first.
   * @throws {CaseNotFoundError} When there is no such case.
   */
  appendHistory(caseId: string, entry: NewHistoryEntry, options: AppendHistoryOptions): Promise<HistoryEntry>;
  /** A page of the case's history, oldest first (empty for an unknown case). */
  readHistory(caseId: string, options?: HistoryOptions): Promise<HistoryPage>;
  /** The history entry recorded under an event id of the case, or `undefined`. */
  findHistoryEvent(caseId: string, eventId: string): Promise<HistoryEntry | undefined>;
  /**
   * Cases matching a checked worklist filter, in worklist order (next due time ascending, cases
   * without one last, then case id by code point), at most `filter.take`. Optional: the runtime's
   * `worklist` needs it. Cases written without a projection are not listed.
   */
  worklist?(filter: WorklistFilter): Promise<WorklistRow[]>;
  /**
   * A batch of cases in the order of their ids (the store's own: code points in memory, the
   * database's collation on PostgreSQL), for re-projection (`runtime.reproject`).
   * Optional, with {@link CaseStore.writeWorklist}.
   */
  projectionBatch?(options: ProjectionBatchOptions): Promise<CaseRecord[]>;
  /**
   * Write a case's worklist projection alone, if the case is still at `version` (else nothing: the
   * writer that moved it on wrote its own). The case keeps the opening time it has. Returns whether it wrote.
   */
  writeWorklist?(caseId: string, version: number, worklist: CaseProjection): Promise<boolean>;
}
