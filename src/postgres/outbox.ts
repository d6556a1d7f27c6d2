import type { Outbox, OutboxEntry, OutboxMessage, OutboxQuery, OutboxSettlement } from '../runtime/outbox.js';
import type { StatementPart } from '../runtime/store.js';
import { toIso, type Instant } from '../time/instant.js';
import { outboxTableName, type CasesTableOptions } from './schema.js';
import type { SqlClient, SqlDatabase } from './sql.js';

interface Row {
  id: string;
  case_id: string;
  machine: string;
  kind: 'effect' | 'emitted';
  type: string;
  payload: unknown;
  created_at: Date | string;
  status: 'pending' | 'dead';
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
}

const COLUMNS = 'id, case_id, machine, kind, type, payload, created_at, status, attempts, next_attempt_at, last_error';

function entry(row: Row): OutboxEntry {
  return {
    id: row.id,
    caseId: row.case_id,
    machine: row.machine,
    kind: row.kind,
    type: row.type,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload,
    createdAt: toIso(row.created_at instanceof Date ? row.created_at.getTime() : row.created_at),
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: toIso(row.next_attempt_at instanceof Date ? row.next_attempt_at.getTime() : row.next_attempt_at),
    lastError: row.last_error ?? undefined,
  };
}

/**
 * The outbox as a PostgreSQL table (see {@link outboxTableDdl}): messages are inserted with the
 * case's change in its transaction, claimed by workers with `FOR UPDATE SKIP LOCKED` and a lease,
 * and deleted once delivered. Created by `createPostgresRuntime({ outbox })`.
 *
 * @example
 * const outbox = new PostgresOutbox(db, { schema: 'crm' });
 * const dead = await outbox.list({ status: 'dead' });
 */
export class PostgresOutbox implements Outbox<SqlClient> {
  readonly #db: SqlDatabase;
  readonly #table: string;
  /** The insert of a change's messages (`$1`: them as a JSON array); `gate` restricts it to a written case. */
  readonly #insert: (gate: string) => string;
  readonly #part: string;

  constructor(db: SqlDatabase, options: CasesTableOptions = {}) {
    this.#db = db;
    this.#table = outboxTableName(options);
    this.#insert = (gate) => `INSERT INTO ${this.#table} (id, case_id, machine, kind, type, payload, created_at, next_attempt_at)
       SELECT m.id, m."caseId", m.machine, m.kind, m.type, m.payload, m."createdAt", m."createdAt"
         FROM jsonb_to_recordset($1::jsonb) AS m(id text, "caseId" text, machine text, kind text, type text, payload jsonb, "createdAt" timestamptz)
        ${gate}
       ON CONFLICT (id) DO NOTHING`;
    this.#part = this.#insert('WHERE EXISTS (SELECT 1 FROM c)');
  }

  /** The qualified name of the table. */
  get table(): string {
    return this.#table;
  }

  /** {@inheritDoc Outbox.add} */
  async add(messages: readonly OutboxMessage[], tx: SqlClient): Promise<void> {
    if (messages.length === 0) return;
    // One statement for the change's messages, whatever their number.
    await tx.query(this.#insert(''), [JSON.stringify(messages)]);
  }

  /**
   * {@inheritDoc Outbox.statementParts}
   *
   * One `INSERT` of all the change's messages, written only with the case row (an id already in the
   * outbox is left as it is, as `add` does).
   */
  statementParts(messages: readonly OutboxMessage[]): readonly StatementPart[] {
    return messages.length === 0 ? [] : [{ text: this.#part, params: [JSON.stringify(messages)] }];
  }

  /** {@inheritDoc Outbox.claim} */
  async claim(options: { readonly now: Instant; readonly limit: number; readonly leaseMs: number }): Promise<OutboxEntry[]> {
    const now = toIso(options.now, 'now');
    const r = await this.#db.query<Row>(
      `UPDATE ${this.#table} AS o
          SET attempts = o.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3::double precision / 1000)
         FROM (SELECT id FROM ${this.#table}
                WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
                ORDER BY next_attempt_at, seq
                LIMIT $2
                FOR UPDATE SKIP LOCKED) AS due
        WHERE o.id = due.id
        RETURNING o.seq, ${COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`,
      [now, options.limit, options.leaseMs],
    );
    return (r.rows as (Row & { seq: string | number })[]).sort((a, b) => Number(a.seq) - Number(b.seq)).map(entry);
  }

  /** {@inheritDoc Outbox.settle} */
  async settle(settlement: OutboxSettlement): Promise<void> {
    if (settlement.delivered.length > 0) {
      await this.#db.query(`DELETE FROM ${this.#table} WHERE id = ANY($1::text[])`, [settlement.delivered]);
    }
    for (const f of settlement.failed) {
      await this.#db.query(
        f.retryAt === undefined
          ? `UPDATE ${this.#table} SET status = 'dead', last_error = $2 WHERE id = $1`
          : `UPDATE ${this.#table} SET next_attempt_at = $3::timestamptz, last_error = $2 WHERE id = $1`,
        f.retryAt === undefined ? [f.id, f.error] : [f.id, f.error, toIso(f.retryAt, 'retryAt')],
      );
    }
  }

  /** {@inheritDoc Outbox.list} */
  async list(query: OutboxQuery = {}): Promise<OutboxEntry[]> {
    const r = await this.#db.query<Row>(
      `SELECT ${COLUMNS} FROM ${this.#table}
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR case_id = $2)
        ORDER BY seq
        LIMIT $3`,
      [query.status ?? null, query.caseId ?? null, query.limit ?? 100],
    );
    return r.rows.map(entry);
  }

  /** {@inheritDoc Outbox.retry} */
  async retry(id: string, now: Instant): Promise<boolean> {
    const r = await this.#db.query(
      `UPDATE ${this.#table} SET status = 'pending', attempts = 0, next_attempt_at = $2::timestamptz WHERE id = $1 AND status = 'dead'`,
      [id, toIso(now, 'now')],
    );
    return r.rowCount > 0;
  }
}
