import { CaseExistsError } from '../runtime/errors/case-exists-error.js';
import { CaseNotFoundError } from '../runtime/errors/case-not-found-error.js';
import { ConflictError } from '../runtime/errors/conflict-error.js';
import type { CaseEnvelope, PendingTimer } from '../runtime/envelope.types.js';
import type { CaseChange, CaseRecord, CaseStore, CaseTimers, CaseUpdate, CreateOptions, ListDueOptions, SaveOptions } from '../runtime/store.js';
import { nextDue } from '../runtime/timers.js';
import { toIso } from '../time/instant.js';
import { casesTableName, type CasesTableOptions } from './schema.js';
import type { SqlClient, SqlDatabase } from './sql.js';

interface Row {
  case_id: string;
  version: number;
  envelope: CaseEnvelope | string;
}

const parse = (value: CaseEnvelope | string): CaseEnvelope => (typeof value === 'string' ? (JSON.parse(value) as CaseEnvelope) : value);

function columns(envelope: CaseEnvelope) {
  return {
    machine: envelope.machine,
    machineVersion: envelope.version,
    status: envelope.snapshot.status,
    state: JSON.stringify(envelope.snapshot.value),
    envelope: JSON.stringify(envelope),
    nextDue: nextDue(envelope.timers) ?? null,
    updatedAt: envelope.updatedAt,
  };
}

/**
 * Cases in a PostgreSQL table (see {@link migrateCasesTable}): one row per case with a
 * `version` column. `save` is `UPDATE … WHERE version = $expected` in a transaction, and runs
 * `inTransaction` (the pg-boss timer jobs) in that same transaction before it commits — so a
 * rolled-back save leaves no job.
 *
 * @example
 * const store = new PostgresCaseStore(db, { schema: 'crm' });
 */
export class PostgresCaseStore implements CaseStore<SqlClient> {
  readonly #db: SqlDatabase;
  readonly #table: string;

  constructor(db: SqlDatabase, options: CasesTableOptions = {}) {
    this.#db = db;
    this.#table = casesTableName(options);
  }

  /** The qualified name of the table. */
  get table(): string {
    return this.#table;
  }

  /** {@inheritDoc CaseStore.create} */
  create(caseId: string, envelope: CaseEnvelope, options: CreateOptions<SqlClient> = {}): Promise<CaseRecord> {
    const c = columns(envelope);
    // A lone statement is atomic on its own: a transaction is only needed with `inTransaction`.
    const run = options.inTransaction ? <T>(fn: (tx: SqlClient) => Promise<T>) => this.#db.transaction(fn) : <T>(fn: (tx: SqlClient) => Promise<T>) => fn(this.#db);
    return run(async (tx) => {
      const inserted = await tx.query<{ version: number }>(
        `INSERT INTO ${this.#table} (case_id, machine, machine_version, version, status, state, envelope, next_due, updated_at)
         VALUES ($1, $2, $3, 1, $4, $5::jsonb, $6::jsonb, $7::timestamptz, $8::timestamptz)
         ON CONFLICT (case_id) DO NOTHING
         RETURNING version`,
        [caseId, c.machine, c.machineVersion, c.status, c.state, c.envelope, c.nextDue, c.updatedAt],
      );
      if (inserted.rows.length === 0) throw new CaseExistsError(caseId);
      await options.inTransaction?.(tx);
      return { caseId, version: 1, envelope: JSON.parse(c.envelope) as CaseEnvelope };
    });
  }

  /** {@inheritDoc CaseStore.load} */
  async load(caseId: string): Promise<CaseRecord | undefined> {
    const r = await this.#db.query<Row>(`SELECT case_id, version, envelope FROM ${this.#table} WHERE case_id = $1`, [caseId]);
    const row = r.rows[0];
    return row ? { caseId: row.case_id, version: Number(row.version), envelope: parse(row.envelope) } : undefined;
  }

  /** {@inheritDoc CaseStore.save} */
  save(caseId: string, envelope: CaseEnvelope, options: SaveOptions<SqlClient>): Promise<CaseRecord> {
    const run = options.inTransaction ? <T>(fn: (tx: SqlClient) => Promise<T>) => this.#db.transaction(fn) : <T>(fn: (tx: SqlClient) => Promise<T>) => fn(this.#db);
    return run(async (tx) => {
      const saved = await this.#write(tx, caseId, envelope, options.expectedVersion);
      await options.inTransaction?.(tx);
      return saved;
    });
  }

  /**
   * {@inheritDoc CaseStore.update}
   *
   * One transaction: `SELECT … FOR NO KEY UPDATE` (concurrent writers of the same case wait
   * instead of conflicting), `compute`, the `UPDATE` with the version check, `inTransaction`, commit.
   */
  update(caseId: string, compute: (record: CaseRecord) => CaseChange<SqlClient>): Promise<CaseUpdate | undefined> {
    return this.#db.transaction(async (tx) => {
      const r = await tx.query<Row>(`SELECT case_id, version, envelope FROM ${this.#table} WHERE case_id = $1 FOR NO KEY UPDATE`, [caseId]);
      const row = r.rows[0];
      if (!row) return undefined;
      const before: CaseRecord = { caseId, version: Number(row.version), envelope: parse(row.envelope) };
      const change = compute(before);
      if (change.envelope === undefined) return { before, after: before };
      const after = await this.#write(tx, caseId, change.envelope, before.version);
      await change.inTransaction?.(tx, after);
      return { before, after };
    });
  }

  /** The version-checked `UPDATE` of one case row. */
  async #write(tx: SqlClient, caseId: string, envelope: CaseEnvelope, expectedVersion: number): Promise<CaseRecord> {
    const c = columns(envelope);
    const updated = await tx.query<{ version: number }>(
      `UPDATE ${this.#table}
          SET version = version + 1, machine = $3, machine_version = $4, status = $5, state = $6::jsonb,
              envelope = $7::jsonb, next_due = $8::timestamptz, updated_at = $9::timestamptz
        WHERE case_id = $1 AND version = $2
        RETURNING version`,
      [caseId, expectedVersion, c.machine, c.machineVersion, c.status, c.state, c.envelope, c.nextDue, c.updatedAt],
    );
    const row = updated.rows[0];
    if (!row) {
      const found = await tx.query<{ version: number }>(`SELECT version FROM ${this.#table} WHERE case_id = $1`, [caseId]);
      const actual = found.rows[0];
      if (!actual) throw new CaseNotFoundError(caseId);
      throw new ConflictError(caseId, expectedVersion, { actualVersion: Number(actual.version) });
    }
    return { caseId, version: Number(row.version), envelope: JSON.parse(c.envelope) as CaseEnvelope };
  }

  /** {@inheritDoc CaseStore.listDue} */
  async listDue(options: ListDueOptions = {}): Promise<CaseTimers[]> {
    const by = options.dueBy === undefined ? null : toIso(options.dueBy, 'dueBy');
    const r = await this.#db.query<{ case_id: string; machine: string; timers: PendingTimer[] | string }>(
      `SELECT case_id, machine, envelope->'timers' AS timers FROM ${this.#table}
        WHERE next_due IS NOT NULL AND ($1::timestamptz IS NULL OR next_due <= $1::timestamptz)
        ORDER BY next_due, case_id
        LIMIT $2`,
      [by, options.limit ?? null],
    );
    return r.rows.map((row) => ({
      caseId: row.case_id,
      machine: row.machine,
      timers: typeof row.timers === 'string' ? (JSON.parse(row.timers) as PendingTimer[]) : row.timers,
    }));
  }
}
