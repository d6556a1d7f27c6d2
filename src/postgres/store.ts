import { CaseExistsError } from '../runtime/errors/case-exists-error.js';
import { CaseNotFoundError } from '../runtime/errors/case-not-found-error.js';
import { ConflictError } from '../runtime/errors/conflict-error.js';
import { producedTrust, SNAPSHOT_STATUSES, trustedRecord, trustOf, type EnvelopeTrust } from '../runtime/envelope.js';
import type { CaseEnvelope, PendingTimer } from '../runtime/envelope.types.js';
import { historyPaging, toPage, type HistoryEntry, type HistoryOptions, type HistoryPage, type NewHistoryEntry } from '../runtime/history.js';
import type {
  AppendHistoryOptions,
  CaseChange,
  CaseRecord,
  CaseStore,
  CaseTimers,
  CaseUpdate,
  CreateOptions,
  ListDueOptions,
  ProjectionBatchOptions,
  SaveOptions,
  StatementPart,
  UpdateOptions,
  WrittenRecord,
} from '../runtime/store.js';
import { nextDue } from '../runtime/timers.js';
import type { CaseProjection, WorklistFilter, WorklistRow } from '../runtime/worklist.js';
import { toIso } from '../time/instant.js';
import { casesTableName, historyTableName, ROLE_MEMBER_KEY, type CasesTableOptions } from './schema.js';
import { createHash } from 'node:crypto';
import type { SqlClient, SqlDatabase, SqlResult } from './sql.js';

interface Row {
  case_id: string;
  version: number;
  envelope: CaseEnvelope | string;
}

const parse = (value: CaseEnvelope | string): CaseEnvelope => (typeof value === 'string' ? (JSON.parse(value) as CaseEnvelope) : value);

interface HistoryRow {
  case_id: string;
  seq: number;
  event_id: string | null;
  event_type: string;
  event: unknown;
  by_id: string | null;
  by_role: string | null;
  at: Date | string;
  outcome: 'applied' | 'refused';
  refusal: unknown;
  state_before: unknown;
  state_after: unknown;
  version: number;
}

const HISTORY_COLUMNS = 'case_id, seq, event_id, event_type, event, by_id, by_role, at, outcome, refusal, state_before, state_after, version';
// jsonb read as text: a state value can be a JSON string ("register"), which a driver's parsed value cannot tell apart from text.
const HISTORY_SELECT =
  'case_id, seq, event_id, event_type, event::text AS event, by_id, by_role, at, outcome, refusal::text AS refusal, state_before::text AS state_before, state_after::text AS state_after, version';

const HISTORY_KEYS = HISTORY_COLUMNS.split(', ') as (keyof HistoryRow)[];
const JSONB_KEYS = new Set(['event', 'refusal', 'state_before', 'state_after']);
// The history row as a JSON array, jsonb columns as text (see HISTORY_SELECT).
const HISTORY_SELECT_ARRAY = HISTORY_KEYS.map((k) => (JSONB_KEYS.has(k) ? `h.${k}::text` : `h.${k}`)).join(', ');
const fromArray = (values: readonly unknown[]): HistoryRow => Object.fromEntries(HISTORY_KEYS.map((k, i) => [k, values[i]])) as unknown as HistoryRow;

const json = <T>(value: unknown): T => (value === null || value === undefined ? (null as T) : (JSON.parse(value as string) as T));

function historyEntry(row: HistoryRow): HistoryEntry {
  return {
    caseId: row.case_id,
    seq: Number(row.seq),
    eventId: row.event_id,
    eventType: row.event_type,
    event: json(row.event),
    by: row.by_id === null ? null : { id: row.by_id, role: row.by_role ?? '' },
    at: toIso(row.at instanceof Date ? row.at.getTime() : row.at),
    outcome: row.outcome,
    refusal: json(row.refusal) ?? null,
    stateBefore: json(row.state_before) ?? null,
    stateAfter: json(row.state_after),
    version: Number(row.version),
  };
}

/**
 * `name` as PostgreSQL keeps a name: at most `bytes` bytes of UTF-8 (63, NAMEDATALEN - 1), cut on a
 * character boundary — a long table's index and key names are cut so (`…_history_eve`).
 */
function storedName(name: string, bytes = 63): string {
  const utf8 = Buffer.from(name, 'utf8');
  if (utf8.length <= bytes) return name;
  let end = bytes;
  while (end > 0 && (utf8[end]! & 0xc0) === 0x80) end--;
  return utf8.subarray(0, end).toString('utf8');
}

/** Whether a database error is the unique index on (case_id, event_id) of the history, named `index` as stored. */
function isEventIdTaken(error: unknown, index: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (!e || e.code !== '23505') return false;
  const where = `${typeof e.constraint === 'string' ? e.constraint : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  return where.includes(index);
}

/** The eleven parameters of a history row, in the order of {@link HISTORY_COLUMNS} without `seq` and `version`. */
function historyParams(caseId: string, entry: NewHistoryEntry): unknown[] {
  return [
    caseId,
    entry.eventId,
    entry.eventType,
    JSON.stringify(entry.event),
    entry.by?.id ?? null,
    entry.by?.role ?? null,
    entry.at,
    entry.outcome,
    entry.refusal === null ? null : JSON.stringify(entry.refusal),
    entry.stateBefore === null ? null : JSON.stringify(entry.stateBefore),
    JSON.stringify(entry.stateAfter),
  ];
}

/**
 * A unique violation of the history (`constraints`: its primary key and event-id index): another
 * writer took the entry's `seq` or event id first, so the optimistic write falls back to the locked
 * one. A unique violation elsewhere (in a statement part) is an error of its own.
 */
function isHistoryTaken(error: unknown, constraints: readonly string[]): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (e?.code !== '23505') return false;
  const where = `${typeof e.constraint === 'string' ? e.constraint : ''} ${typeof e.message === 'string' ? e.message : ''}`.trim();
  // A driver that names no constraint: as before parts existed, take it for the history's.
  return where === '' || constraints.some((c) => where.includes(c));
}

/**
 * What of a statement text is not a parameter though it may hold `$1`: a quoted name (`"crm$1"`), an
 * escape string (`E'it\'s $1'`: a backslash escapes the next character), a string constant
 * (`'$1'`, `U&'$1'`), a line comment, the start of a block comment (`/*`: see {@link renumber}), a
 * dollar-quoted string, an unquoted name (`crm$1`); else `$n`, a parameter.
 */
const PARAMETER = /("(?:[^"]|"")*"|(?<![\p{L}\p{N}_$])[Ee]'(?:[^'\\]|\\[\s\S]|'')*'|'(?:[^']|'')*'|--[^\n]*|\/\*|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\2\$|[\p{L}_][\p{L}\p{N}_$]*)|\$(\d+)/gu;

/** The end of a block comment that starts at `from` (after its `/*`): PostgreSQL's nest. */
function commentEnd(text: string, from: number): number {
  let depth = 1;
  const marks = /\/\*|\*\//g;
  marks.lastIndex = from;
  for (let m = marks.exec(text); m; m = marks.exec(text)) if ((depth += m[0] === '/*' ? 1 : -1) === 0) return marks.lastIndex;
  return text.length;
}

/** `text` with its parameters `$n` numbered from `at + 1` (the same `$n` anywhere else left as it is). */
function renumber(text: string, at: number): string {
  let out = '';
  let last = 0;
  PARAMETER.lastIndex = 0;
  for (let m = PARAMETER.exec(text); m; m = PARAMETER.exec(text)) {
    if (m[3] !== undefined) {
      out += text.slice(last, m.index) + `$${at + Number(m[3])}`;
      last = PARAMETER.lastIndex;
    } else if (m[1] === '/*') PARAMETER.lastIndex = commentEnd(text, PARAMETER.lastIndex);
  }
  return out + text.slice(last);
}

/** Statement parts renumbered to follow `offset` parameters, as CTEs `p0, p1…` to append to a `WITH`. */
function partCtes(parts: readonly StatementPart[], offset: number): string {
  let n = offset;
  return parts
    .map((part, i) => {
      const at = n;
      n += part.params.length;
      return `,\n              p${i} AS (${renumber(part.text, at)})`;
    })
    .join('');
}

/** The parameters of statement parts, in order. */
const partParams = (parts: readonly StatementPart[]): unknown[] => parts.flatMap((p) => p.params);

/** The key of a statement with parts (its texts), for {@link PostgresCaseStore}'s statement cache. */
const partsKey = (parts: readonly StatementPart[]): string => (parts.length === 0 ? '' : `|${parts.map((p) => p.text).join('\u0000')}`);

/** At most this many statement texts are prepared by name; further ones (parts of unusual shapes) run unnamed. */
const NAMED_STATEMENTS = 128;

/** The optimistic write found the row moved on (or written outside this store): take the locked path. */
const STALE = Symbol('stale');

/** The optimistic write's event id is in the history already (a replay): the locked path reads the earlier entry; the remembered row is still right. */
const REPLAYED = Symbol('replayed');

/**
 * After a remembered row turned out stale (another process writes the case too), this many of the
 * case's next writes take the locked path directly instead of a statement that would likely find
 * it stale again.
 */
const CONTENDED_WRITES = 16;

/**
 * At least this many contended cases are kept track of (more with a larger `cacheSize`): with
 * `cacheSize: 0` every event is a read and a checked write, and a contended case's next writes should
 * still wait for its row lock rather than read and miss again.
 */
const CONTENDED_CASES = 1000;

/** The worklist columns of a projection; none (`states` null: not listed) without one. */
function worklistColumns(p: CaseProjection | undefined) {
  return {
    assignee: p?.assignee ?? null,
    role: p?.role ?? null,
    dueAt: p?.nextDueAt ?? 'infinity',
    priority: p?.priority ?? 0,
    member: p?.member ?? null,
    states: p ? [...p.states] : null,
    openedAt: p?.openedAt ?? null,
  };
}

/**
 * The `SET` list of a case row's next version: the envelope's columns and the worklist projection,
 * thirteen parameters from `$(offset + 1)` (see {@link rowParams}).
 */
function rowSet(offset: number): string {
  const p = (n: number) => `$${offset + n}`;
  return `version = version + 1, machine = ${p(1)}, machine_version = ${p(2)}, status = ${p(3)}, state = ${p(4)}::jsonb,
              envelope = ${p(5)}::jsonb, next_due = ${p(6)}::timestamptz, updated_at = ${p(7)}::timestamptz,
              assignee = ${p(8)}, queue_role = ${p(9)}, due_at = ${p(10)}::timestamptz, priority = ${p(11)}, member = ${p(12)}, states = ${p(13)}::text[],
              opened_at = COALESCE(opened_at, created_at)`;
}

/** The thirteen parameters of {@link rowSet}. */
function rowParams(c: Columns, w: ReturnType<typeof worklistColumns>): unknown[] {
  return [c.machine, c.machineVersion, c.status, c.state, c.envelope, c.nextDue, c.updatedAt, w.assignee, w.role, w.dueAt, w.priority, w.member, w.states];
}

const WORKLIST_SELECT = `case_id, machine, version, status, state::text AS state, updated_at, assignee, queue_role,
  CASE WHEN isfinite(due_at) THEN due_at END AS next_due_at, priority, member, states, opened_at`;

interface WorklistDbRow {
  case_id: string;
  machine: string;
  version: number;
  status: string;
  state: string;
  updated_at: Date | string;
  assignee: string | null;
  queue_role: string | null;
  next_due_at: Date | string | null;
  priority: number;
  member: boolean | null;
  states: string[] | string;
  opened_at: Date | string;
}

const iso = (v: Date | string): string => toIso(v instanceof Date ? v.getTime() : v);

/** A text[] as the driver gives it: an array, or PostgreSQL's `{a,"b c"}` text. */
function textArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  const inner = v.slice(1, -1);
  if (inner === '') return [];
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^,]+)/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

function worklistRow(r: WorklistDbRow): WorklistRow {
  return {
    caseId: r.case_id,
    machine: r.machine,
    version: Number(r.version),
    status: r.status,
    value: JSON.parse(r.state) as WorklistRow['value'],
    updatedAt: iso(r.updated_at),
    assignee: r.assignee,
    role: r.queue_role,
    nextDueAt: r.next_due_at === null ? null : iso(r.next_due_at),
    priority: Number(r.priority),
    member: r.member,
    states: textArray(r.states),
    openedAt: iso(r.opened_at),
  };
}

/** The envelope's columns of a case row, and the trust of its text when kefu produced it. */
interface Columns {
  readonly machine: string;
  readonly machineVersion: number;
  readonly status: string;
  readonly state: string;
  /** The envelope as JSON text. */
  readonly envelope: string;
  readonly nextDue: string | null;
  readonly updatedAt: string;
  readonly trust: EnvelopeTrust | undefined;
}

/**
 * The columns of a new envelope: from its text and the fields kefu noted when it produced that text
 * (a step's `StepResult.text`, given as `text`) — neither parsed nor stringified again — or else from
 * the envelope object (read only then: the runtime's may be a getter that parses the text).
 */
function columns(source: { readonly envelope: CaseEnvelope | undefined; readonly text?: string | undefined }): Columns {
  const trust = producedTrust(source.text);
  if (trust) {
    const h = trust.head;
    return { machine: h.machine, machineVersion: h.version, status: h.status, state: h.state, envelope: trust.text, nextDue: nextDue(h.timers) ?? null, updatedAt: h.updatedAt, trust };
  }
  const envelope = source.envelope!;
  const text = JSON.stringify(envelope);
  return {
    machine: envelope.machine,
    machineVersion: envelope.version,
    status: envelope.snapshot.status,
    state: JSON.stringify(envelope.snapshot.value),
    envelope: text,
    nextDue: nextDue(envelope.timers) ?? null,
    updatedAt: envelope.updatedAt,
    trust: trustOf(envelope, text),
  };
}

/** A statement run on every event, with the name it is prepared under (see {@link SqlClient.query}). */
interface Statement {
  readonly text: string;
  /** Unnamed past {@link NAMED_STATEMENTS} texts. */
  readonly options: { readonly name: string } | undefined;
}

/** A name for a statement's text: the same text always gets it, another text never (per connection, a name stands for one text). */
const statementName = (text: string): string => `kefu_${createHash('sha1').update(text).digest('hex').slice(0, 32)}`;

/** Whether a change writes a new envelope (read without touching a lazy `envelope` when it comes with its text). */
const changes = (change: CaseChange<SqlClient>): boolean => change.text !== undefined || change.envelope !== undefined;

/** A written record with the history entry written with it (the record's envelope still parsed only when read). */
const withHistoryEntry = (record: CaseRecord, history: HistoryEntry): WrittenRecord => Object.assign(record, { history });

/** The record of a row written with these columns: its envelope parsed from the text when first read (trusted when kefu produced it). */
function writtenRecord(caseId: string, version: number, c: Pick<Columns, 'envelope' | 'trust'>): CaseRecord {
  return c.trust ? trustedRecord(caseId, version, c.trust) : { caseId, version, envelope: JSON.parse(c.envelope) as CaseEnvelope };
}

/** Options of {@link PostgresCaseStore}. */
export interface PostgresCaseStoreOptions extends CasesTableOptions {
  /**
   * How many cases the store remembers as it last wrote them (version, row `xmin`, envelope),
   * most recently written first. An event to a remembered case is one statement: the step runs on
   * the remembered envelope and the write is `UPDATE … WHERE version = $n AND xmin = $x`, with the
   * history entry in the same statement; an event to a case not remembered reads its row first (no
   * lock, no transaction: two statements). When the row moved on (another process wrote it, or
   * anything else changed it, which changes its `xmin`) the store falls back to reading it under
   * its lock, and does so directly for that case's next 16 writes. `0` remembers none: every event
   * is a read and the write. @default 1000
   */
  readonly cacheSize?: number;
}

/** A case as this store last wrote it: enough to write the next version without reading it first. */
interface Remembered {
  readonly version: number;
  /** The row's `xmin` after the write: any later write of the row, by anyone, changes it. */
  readonly xmin: string;
  /** The envelope as written (JSON text). */
  readonly envelope: string;
  /** When kefu produced that text: its trust (a step restores it with one parse; nothing else parses it). */
  readonly trust: EnvelopeTrust | undefined;
}

/**
 * Cases in a PostgreSQL table (see {@link migrateCasesTable}): one row per case with a
 * `version` column. Every write is version-checked (`UPDATE … WHERE version = $expected`) and
 * writes its statement parts (the pg-boss timer jobs, outbox rows: see `StatementPart`) as CTEs of
 * the same statement, gated on the case row's write — so a write that does not happen leaves no job
 * — and runs `inTransaction`, when given, in the same transaction before it commits. An event to a
 * case this store wrote last (see {@link PostgresCaseStoreOptions.cacheSize}) is one statement — the
 * case row, its history entry and its parts — with no transaction unless `inTransaction` is given;
 * to any other case, a read of its row and that statement.
 *
 * @example
 * const store = new PostgresCaseStore(db, { schema: 'crm' });
 */
export class PostgresCaseStore implements CaseStore<SqlClient> {
  /** Writes {@link StatementPart}s in the statement of the case (timer jobs, outbox rows). */
  readonly acceptsParts = true;
  readonly #db: SqlDatabase;
  /** The unique constraints of the history table (a violation of one means another writer came first). */
  readonly #historyConstraints: readonly string[];
  /** The name of the history's unique index on (case_id, event_id), as stored. */
  readonly #eventIdIndex: string;
  readonly #table: string;
  readonly #history: string;
  readonly #cacheSize: number;
  readonly #cache = new Map<string, Remembered>();
  /** Cases whose remembered row was stale lately, with how many more writes take the locked path directly. */
  readonly #contention = new Map<string, number>();
  /** The statements of every event, built once (their texts depend only on the table names). */
  readonly #statements = new Map<string, Statement>();

  constructor(db: SqlDatabase, options: PostgresCaseStoreOptions = {}) {
    this.#db = db;
    this.#table = casesTableName(options);
    this.#history = historyTableName(options);
    const history = `${options.table ?? 'kefu_cases'}_history`;
    // As PostgreSQL names them: the index as given, cut to 63 bytes; the key `<table>_pkey` with the table's name cut to leave room for `_pkey`.
    this.#eventIdIndex = storedName(`${history}_event_id_idx`);
    this.#historyConstraints = [`${storedName(storedName(history), 63 - '_pkey'.length)}_pkey`, this.#eventIdIndex];
    const size = options.cacheSize ?? 1000;
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`cacheSize must be a whole number ≥ 0, got ${String(size)}`);
    this.#cacheSize = size;
  }

  /** The qualified name of the table. */
  get table(): string {
    return this.#table;
  }

  /** The qualified name of the history table (AUDIT-TRAIL). */
  get historyTable(): string {
    return this.#history;
  }

  /** The statement `key`, its text built by `build` the first time. */
  #statement(key: string, build: () => string): Statement {
    let s = this.#statements.get(key);
    if (s === undefined) {
      const text = build();
      if (this.#statements.size >= NAMED_STATEMENTS) return { text, options: undefined };
      s = { text, options: { name: statementName(text) } };
      this.#statements.set(key, s);
    }
    return s;
  }

  /** Remember a case as written (committed) by this store, evicting the least recently written. */
  #remember(caseId: string, version: number, xmin: string, c: Columns): void {
    if (this.#cacheSize === 0) return;
    this.#cache.delete(caseId);
    this.#cache.set(caseId, { version, xmin, envelope: c.envelope, trust: c.trust });
    if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
  }

  /**
   * The remembered case as a fresh record, if any: produced by a kefu step and written as it was, its
   * envelope is parsed only if read (the runtime's step restores it from the text); else parsed here,
   * and validated in full by the step like any row read from the database.
   */
  #recall(caseId: string): { readonly record: CaseRecord; readonly xmin: string } | undefined {
    const r = this.#cache.get(caseId);
    if (!r) return undefined;
    return { record: writtenRecord(caseId, r.version, r), xmin: r.xmin };
  }

  /** Insert a history entry; the caller holds the case row's lock, so `seq` is the next one. */
  async #insertHistory(tx: SqlClient, caseId: string, entry: NewHistoryEntry, version: number, expectedVersion: number): Promise<HistoryEntry> {
    try {
      const sql = this.#statement('history', () => `INSERT INTO ${this.#history} (${HISTORY_COLUMNS}) ${this.#historyValues('VALUES (', '$12', 0)}) RETURNING ${HISTORY_SELECT}`);
      const r = await tx.query<HistoryRow>(sql.text, [...historyParams(caseId, entry), version], sql.options);
      return historyEntry(r.rows[0]!);
    } catch (error) {
      if (!isEventIdTaken(error, this.#eventIdIndex) || entry.eventId === null) throw error;
      throw new ConflictError(caseId, expectedVersion, { eventId: entry.eventId, cause: error });
    }
  }

  /**
   * The values of a history row for `INSERT … VALUES (…)` or `INSERT … SELECT … FROM <cte>`: the
   * entry's eleven parameters from `$(offset + 1)` (see {@link historyParams}), `seq` the next of
   * the case, `version` the SQL expression given.
   */
  #historyValues(head: string, version: string, offset: number): string {
    const p = (n: number) => `$${offset + n}`;
    return `${head}${p(1)}, COALESCE((SELECT max(seq) FROM ${this.#history} WHERE case_id = ${p(1)}), 0) + 1, ${p(2)}, ${p(3)}, ${p(4)}::jsonb, ${p(5)}, ${p(6)},
            ${p(7)}::timestamptz, ${p(8)}, ${p(9)}::jsonb, ${p(10)}::jsonb, ${p(11)}::jsonb, ${version}`;
  }

  /**
   * One statement for the case row and its history entry: `rowSql` (an `INSERT`, `UPDATE` or locking
   * `SELECT` of the case row returning `version` and `xmin`) and, with `withHistory`, the entry
   * inserted from its result (parameters from `$(offset + 1)`); both come back in one row as
   * `row_version`, `xmin` and the entry's columns.
   */
  #withHistory(rowSql: string, withHistory: boolean, offset: number, parts: readonly StatementPart[] = []): string {
    if (!withHistory && parts.length === 0) return rowSql.replace('RETURNING version', 'RETURNING version AS row_version');
    // The parts read `c` (one row when the case row was written, none otherwise): they write only with it.
    const ctes = partCtes(parts, offset + (withHistory ? 11 : 0));
    if (!withHistory) return `WITH c AS (${rowSql})${ctes}\n         SELECT c.version AS row_version, c.xmin FROM c`;
    return `WITH c AS (${rowSql}),
              h AS (INSERT INTO ${this.#history} (${HISTORY_COLUMNS}) ${this.#historyValues('SELECT ', 'c.version', offset)} FROM c RETURNING ${HISTORY_SELECT})${ctes}
         SELECT c.version AS row_version, c.xmin, h.* FROM c LEFT JOIN h ON true`;
  }

  /** Run in a transaction when the write has more than one statement. */
  #run<T>(needsTx: boolean, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    // A lone statement is atomic on its own.
    return needsTx ? this.#db.transaction(fn) : fn(this.#db);
  }

  /**
   * {@inheritDoc CaseStore.create}
   *
   * One statement for the case row, its history entry and its `parts`; in a transaction only with
   * `inTransaction`.
   */
  async create(caseId: string, envelope: CaseEnvelope, options: CreateOptions<SqlClient> = {}): Promise<WrittenRecord> {
    const c = columns({ envelope, text: options.text });
    const w = worklistColumns(options.worklist);
    const parts = options.parts ?? [];
    const params: unknown[] = [caseId, c.machine, c.machineVersion, c.status, c.state, c.envelope, c.nextDue, c.updatedAt, w.assignee, w.role, w.dueAt, w.priority, w.member, w.states, w.openedAt];
    const offset = params.length;
    const sql = this.#statement(`${options.history ? 'create+history' : 'create'}${partsKey(parts)}`, () => {
      const insert = `INSERT INTO ${this.#table} (case_id, machine, machine_version, version, status, state, envelope, next_due, updated_at,
                                       assignee, queue_role, due_at, priority, member, states, opened_at)
           VALUES ($1, $2, $3, 1, $4, $5::jsonb, $6::jsonb, $7::timestamptz, $8::timestamptz,
                   $9, $10, $11::timestamptz, $12, $13, $14::text[], COALESCE($15::timestamptz, $8::timestamptz))
           ON CONFLICT (case_id) DO NOTHING
           RETURNING version, xmin::text AS xmin`;
      return this.#withHistory(insert, Boolean(options.history), offset, parts);
    });
    if (options.history) params.push(...historyParams(caseId, options.history));
    params.push(...partParams(parts));
    const write = async (tx: SqlClient) => {
      let r: SqlResult<HistoryRow & { row_version: number; xmin: string }>;
      try {
        r = await tx.query(sql.text, params, sql.options);
      } catch (error) {
        if (!isEventIdTaken(error, this.#eventIdIndex) || options.history?.eventId == null) throw error;
        throw new ConflictError(caseId, 1, { eventId: options.history.eventId, cause: error });
      }
      const row = r.rows[0];
      if (!row) throw new CaseExistsError(caseId);
      await options.inTransaction?.(tx);
      return row;
    };
    const row = options.inTransaction ? await this.#db.transaction(write) : await write(this.#db);
    this.#remember(caseId, 1, row.xmin, c);
    const record = writtenRecord(caseId, 1, c);
    return options.history ? withHistoryEntry(record, historyEntry(row)) : record;
  }

  /** {@inheritDoc CaseStore.load} */
  async load(caseId: string): Promise<CaseRecord | undefined> {
    const sql = this.#statement('load', () => `SELECT case_id, version, envelope FROM ${this.#table} WHERE case_id = $1`);
    const r = await this.#db.query<Row>(sql.text, [caseId], sql.options);
    const row = r.rows[0];
    return row ? { caseId: row.case_id, version: Number(row.version), envelope: parse(row.envelope) } : undefined;
  }

  /** {@inheritDoc CaseStore.save} */
  save(caseId: string, envelope: CaseEnvelope, options: SaveOptions<SqlClient>): Promise<WrittenRecord> {
    this.#cache.delete(caseId);
    return this.#run(options.inTransaction !== undefined, async (tx) => {
      // The entry and the parts in the row's statement; `inTransaction` after it, in the transaction.
      const { record: saved, history } = await this.#write(tx, caseId, columns({ envelope, text: options.text }), options.expectedVersion, options);
      return history ? withHistoryEntry(saved, history) : saved;
    });
  }

  /**
   * {@inheritDoc CaseStore.update}
   *
   * A case this store wrote last and still remembers (see {@link PostgresCaseStoreOptions.cacheSize}):
   * `compute` runs on the remembered envelope, and one statement writes the row
   * (`UPDATE … WHERE version = $n AND xmin = $x`) with its history entry and its parts — a refused
   * attempt: the entry under the row's lock, if the row is still as remembered; with `inTransaction`,
   * in a transaction with what it writes. A case not remembered: one read of its row (no lock, with
   * the history entry of `eventId`), `compute` on it, then the same statement with the version and
   * `xmin` read. A change with nothing to write stands on a row just read; on the remembered row only
   * after a read finds it unchanged — that read writes the change's parts (a stale timer's job
   * completion) when it finds it so. When the row moved on, or another writer took the
   * history entry's `seq` or event id (a unique violation of the history; one in a part is thrown
   * as it is), nothing is written and the store takes the locked path (for a replayed event id,
   * without forgetting the remembered row: the next event is one statement again), and takes it
   * directly for the case's next 16 writes.
   *
   * The locked path, one transaction: `SELECT … FOR NO KEY UPDATE` (concurrent writers of the
   * same case wait instead of conflicting), `compute`, one statement with the `UPDATE` (version
   * check), the history entry and the parts, `inTransaction`, commit. A refused attempt inserts its
   * history entry only; a change with nothing to write writes nothing (its parts are left to the caller).
   */
  async update(
    caseId: string,
    compute: (record: CaseRecord, earlier: HistoryEntry | undefined) => CaseChange<SqlClient>,
    options: UpdateOptions = {},
  ): Promise<CaseUpdate | undefined> {
    if (!this.#contended(caseId)) {
      const remembered = this.#recall(caseId);
      let done: CaseUpdate | typeof STALE | typeof REPLAYED;
      if (remembered) done = await this.#optimistic(remembered.record, remembered.xmin, compute);
      else {
        // Not remembered: read the row (no lock), then the same one-statement write as a remembered row's.
        const read = await this.#read(caseId, options.eventId, false);
        if (!read) return undefined;
        done = await this.#optimistic(read.record, read.xmin, compute, read);
      }
      if (done === REPLAYED) return this.#locked(caseId, compute, options);
      if (done !== STALE) return done;
      this.#cache.delete(caseId);
      // Another process writes this case too: its next writes here read it under the lock first.
      this.#contention.delete(caseId);
      this.#contention.set(caseId, CONTENDED_WRITES);
      if (this.#contention.size > Math.max(this.#cacheSize, CONTENDED_CASES)) this.#contention.delete(this.#contention.keys().next().value!);
    }
    return this.#locked(caseId, compute, options);
  }

  /** Whether the case's remembered row turned out stale lately (counts down one write per call). */
  #contended(caseId: string): boolean {
    const left = this.#contention.get(caseId);
    if (left === undefined) return false;
    if (left <= 1) this.#contention.delete(caseId);
    else this.#contention.set(caseId, left - 1);
    return true;
  }

  /**
   * One statement (and `inTransaction`'s writes) on the remembered row, or on the row just read
   * (`read`, with the history entry of the event id read with it) — for a change with nothing to
   * write, a read that the row is still as it was computed on, with the change's parts if any (a
   * stale timer's job completion); {@link STALE} when the row was not (or no longer) as computed on.
   */
  async #optimistic(
    before: CaseRecord,
    xmin: string,
    compute: (record: CaseRecord, earlier: HistoryEntry | undefined) => CaseChange<SqlClient>,
    read?: { readonly earlier: HistoryEntry | undefined },
  ): Promise<CaseUpdate | typeof STALE | typeof REPLAYED> {
    const { caseId } = before;
    // Remembered: a reused event id is caught by the history's unique index: the statement fails, and the locked path reads the earlier entry.
    let change: CaseChange<SqlClient>;
    try {
      change = compute(before, read?.earlier);
    } catch (error) {
      // Thrown on the row just read: the caller's error. On the remembered row: only if that is still the row.
      if (read || (await this.#isCurrent(caseId, before.version, xmin))) throw error;
      return STALE;
    }
    const writes = changes(change);
    if (!writes && !change.history) {
      // Nothing to write (a duplicate, a stale timer), decided on the row just read: it stands, as under the
      // lock. On the remembered row only if it is still the row: another process may have written the case
      // (a timer it moved would be taken for gone, its job completed, the timer lost). The change's parts
      // (the stale timer's job completion) are written by that check, gated on it.
      const parts = change.parts ?? [];
      if (read && parts.length === 0) return { before, after: before };
      if (!(await this.#isCurrent(caseId, before.version, xmin, parts))) return STALE;
      return parts.length > 0 ? { before, after: before, wroteParts: true } : { before, after: before };
    }
    // Parts go with the case row only (a refused attempt writes its entry alone).
    const parts = writes ? (change.parts ?? []) : [];
    const params: unknown[] = [caseId, before.version, xmin];
    let sql: Statement;
    let c: Columns | undefined;
    if (!writes) {
      // A refused attempt: its entry, under the row's lock, if the row is still as remembered.
      sql = this.#statement('refused', () => {
        const lock = `SELECT version, xmin::text AS xmin FROM ${this.#table} WHERE case_id = $1 AND version = $2 AND xmin = $3::text::xid FOR NO KEY UPDATE`;
        return this.#withHistory(lock, true, 3);
      });
    } else {
      c = columns(change);
      const w = worklistColumns(change.worklist);
      params.push(...rowParams(c, w));
      const offset = params.length;
      sql = this.#statement(`${change.history ? 'update+history' : 'update'}${partsKey(parts)}`, () => {
        const update = `UPDATE ${this.#table}
            SET ${rowSet(3)}
          WHERE case_id = $1 AND version = $2 AND xmin = $3::text::xid
          RETURNING version, xmin::text AS xmin`;
        return this.#withHistory(update, Boolean(change.history), offset, parts);
      });
    }
    if (change.history) params.push(...historyParams(caseId, change.history));
    params.push(...partParams(parts));
    const write = async (tx: SqlClient) => {
      let r: SqlResult<HistoryRow & { row_version: number; xmin: string }>;
      try {
        r = await tx.query(sql.text, params, sql.options);
      } catch (error) {
        // A replayed event id is no sign of another writer: the row stays remembered.
        if (change.history?.eventId != null && isEventIdTaken(error, this.#eventIdIndex)) throw REPLAYED;
        if (isHistoryTaken(error, this.#historyConstraints)) throw STALE;
        throw error;
      }
      const row = r.rows[0];
      if (!row) throw STALE;
      const after: CaseRecord = c ? writtenRecord(caseId, Number(row.row_version), c) : before;
      if (c) await change.inTransaction?.(tx, after);
      return { row, after };
    };
    try {
      const { row, after } = c && change.inTransaction ? await this.#db.transaction(write) : await write(this.#db);
      if (c) this.#remember(caseId, after.version, row.xmin, c);
      return change.history ? { before, after, history: historyEntry(row) } : { before, after };
    } catch (error) {
      if (error === STALE || error === REPLAYED) return error;
      throw error;
    }
  }

  /**
   * Whether the case's row is still at `version` and `xmin` (one read) — with `parts`, written in the
   * same statement only when it is (each reads `c`, the row found).
   */
  async #isCurrent(caseId: string, version: number, xmin: string, parts: readonly StatementPart[] = []): Promise<boolean> {
    const sql = this.#statement(`current${partsKey(parts)}`, () => {
      const check = `SELECT version, xmin::text AS xmin FROM ${this.#table} WHERE case_id = $1 AND version = $2 AND xmin = $3::text::xid`;
      return parts.length === 0 ? check : this.#withHistory(check, false, 3, parts);
    });
    return (await this.#db.query(sql.text, [caseId, version, xmin, ...partParams(parts)], sql.options)).rows.length > 0;
  }

  /**
   * The case's row (its version, `xmin` and envelope) with the history entry of `eventId`, if any, in
   * one read — under the row's lock with `lock` (in a transaction), else as last committed.
   */
  async #read(
    caseId: string,
    eventId: string | undefined,
    lock: boolean,
    client: SqlClient = this.#db,
  ): Promise<{ readonly record: CaseRecord; readonly xmin: string; readonly earlier: HistoryEntry | undefined } | undefined> {
    const sql = this.#statement(
      lock ? 'locked' : 'read',
      () => `SELECT c.case_id, c.version, c.xmin::text AS xmin, c.envelope,
                (SELECT json_build_array(${HISTORY_SELECT_ARRAY}) FROM ${this.#history} h WHERE h.case_id = c.case_id AND h.event_id = $2)::text AS earlier
           FROM ${this.#table} c WHERE c.case_id = $1${lock ? ' FOR NO KEY UPDATE OF c' : ''}`,
    );
    const r = await client.query<Row & { xmin: string; earlier: string | null }>(sql.text, [caseId, eventId ?? null], sql.options);
    const row = r.rows[0];
    if (!row) return undefined;
    return {
      record: { caseId, version: Number(row.version), envelope: parse(row.envelope) },
      xmin: row.xmin,
      earlier: row.earlier === null ? undefined : historyEntry(fromArray(JSON.parse(row.earlier) as unknown[])),
    };
  }

  /** Read the row under its lock, compute, write: one transaction. */
  async #locked(
    caseId: string,
    compute: (record: CaseRecord, earlier: HistoryEntry | undefined) => CaseChange<SqlClient>,
    options: UpdateOptions,
  ): Promise<CaseUpdate | undefined> {
    let written: { xmin: string; c: Columns } | undefined;
    const done = await this.#db.transaction(async (tx) => {
      // The entry of a reused event id comes with the locked row: no second round trip.
      const read = await this.#read(caseId, options.eventId, true, tx);
      if (!read) return undefined;
      const before = read.record;
      const change = compute(before, read.earlier);
      if (!changes(change)) {
        if (!change.history) return { before, after: before };
        const history = await this.#insertHistory(tx, caseId, change.history, before.version, before.version);
        return { before, after: before, history };
      }
      const c = columns(change);
      const { record: after, xmin, history } = await this.#write(tx, caseId, c, before.version, change);
      written = { xmin, c };
      return history ? { before, after, history } : { before, after };
    });
    if (done && written) this.#remember(caseId, done.after.version, written.xmin, written.c);
    return done;
  }

  /**
   * The version-checked `UPDATE` of one case row, with its history entry and statement parts in the
   * same statement, then `inTransaction` (in `tx`, the caller's transaction when it has one).
   */
  async #write(
    tx: SqlClient,
    caseId: string,
    c: Columns,
    expectedVersion: number,
    change: Pick<CaseChange<SqlClient>, 'worklist' | 'history' | 'parts' | 'inTransaction'>,
  ): Promise<{ readonly record: CaseRecord; readonly xmin: string; readonly history: HistoryEntry | undefined }> {
    const w = worklistColumns(change.worklist);
    const parts = change.parts ?? [];
    const params: unknown[] = [caseId, expectedVersion, ...rowParams(c, w)];
    const offset = params.length;
    const sql = this.#statement(`${change.history ? 'write+history' : 'write'}${partsKey(parts)}`, () => {
      const update = `UPDATE ${this.#table}
          SET ${rowSet(2)}
        WHERE case_id = $1 AND version = $2
        RETURNING version, xmin::text AS xmin`;
      return this.#withHistory(update, Boolean(change.history), offset, parts);
    });
    if (change.history) params.push(...historyParams(caseId, change.history));
    params.push(...partParams(parts));
    let updated: SqlResult<HistoryRow & { row_version: number; xmin: string }>;
    try {
      updated = await tx.query(sql.text, params, sql.options);
    } catch (error) {
      if (!isEventIdTaken(error, this.#eventIdIndex) || !change.history?.eventId) throw error;
      throw new ConflictError(caseId, expectedVersion, { eventId: change.history.eventId, cause: error });
    }
    const row = updated.rows[0];
    if (!row) {
      const found = await tx.query<{ version: number }>(`SELECT version FROM ${this.#table} WHERE case_id = $1`, [caseId]);
      const actual = found.rows[0];
      if (!actual) throw new CaseNotFoundError(caseId);
      throw new ConflictError(caseId, expectedVersion, { actualVersion: Number(actual.version) });
    }
    const record = writtenRecord(caseId, Number(row.row_version), c);
    await change.inTransaction?.(tx, record);
    return { record, xmin: row.xmin, history: change.history ? historyEntry(row) : undefined };
  }

  /** {@inheritDoc CaseStore.appendHistory} */
  appendHistory(caseId: string, entry: NewHistoryEntry, options: AppendHistoryOptions): Promise<HistoryEntry> {
    return this.#db.transaction(async (tx) => {
      // The row lock orders this entry with the case's writes (and gives the next seq safely).
      const found = await tx.query<{ version: number }>(`SELECT version FROM ${this.#table} WHERE case_id = $1 FOR NO KEY UPDATE`, [caseId]);
      const row = found.rows[0];
      if (!row) throw new CaseNotFoundError(caseId);
      const version = Number(row.version);
      if (version !== options.expectedVersion) throw new ConflictError(caseId, options.expectedVersion, { actualVersion: version });
      return this.#insertHistory(tx, caseId, entry, version, version);
    });
  }

  /** {@inheritDoc CaseStore.readHistory} */
  async readHistory(caseId: string, options: HistoryOptions = {}): Promise<HistoryPage> {
    const { limit, after } = historyPaging(options);
    const r = await this.#db.query<HistoryRow>(
      `SELECT ${HISTORY_SELECT} FROM ${this.#history} WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [caseId, after, limit + 1],
    );
    return toPage(r.rows.map(historyEntry), limit);
  }

  /** {@inheritDoc CaseStore.findHistoryEvent} */
  async findHistoryEvent(caseId: string, eventId: string): Promise<HistoryEntry | undefined> {
    const r = await this.#db.query<HistoryRow>(`SELECT ${HISTORY_SELECT} FROM ${this.#history} WHERE case_id = $1 AND event_id = $2`, [caseId, eventId]);
    const row = r.rows[0];
    return row ? historyEntry(row) : undefined;
  }

  /**
   * {@inheritDoc CaseStore.worklist}
   *
   * One indexed query: the filters on the worklist columns, the keyset `(due_at, case_id COLLATE "C") >=
   * (cursor)` (and `<>` it), `ORDER BY due_at, case_id COLLATE "C"`, `LIMIT` — with `order: 'priority'`
   * the keyset and the order start with `-priority` (so one ascending row comparison walks the
   * `…_wl_priority_idx` indexes). A role queue in the priority order without `member` is three
   * `LIMIT`ed queries (members, non-members, unknown: runs of `…_wl_role_member_priority_idx`) merged.
   * `status: 'any'` runs it per status in one statement and sorts those first pages.
   */
  async worklist(filter: WorklistFilter): Promise<WorklistRow[]> {
    const where: string[] = ['states IS NOT NULL'];
    const params: unknown[] = [];
    const param = (value: unknown, cast = '') => {
      params.push(value);
      return `$${params.length}${cast}`;
    };
    if (filter.status !== 'any') where.push(`status = ${param(filter.status)}`);
    if (filter.machine !== undefined) where.push(`machine = ${param(filter.machine)}`);
    if (filter.state !== undefined) where.push(`states @> ARRAY[${param(filter.state, '::text')}]`);
    if (filter.assignee === null) where.push('assignee IS NULL');
    else if (filter.assignee !== undefined) where.push(`assignee = ${param(filter.assignee)}`);
    if (filter.role !== undefined) where.push(`queue_role = ${param(filter.role)}`);
    // Members alone are read from the partial `…_wl_member(_priority)_idx` (`WHERE member`): the bare
    // `member` lets the planner match them. Beside an assignee, a role queue or a machine, that
    // filter's index serves and `member` is checked on its rows: the planner cannot tell the two
    // apart on a next page (it estimates the rows after a cursor from its values, next to none on
    // either index) and took the members' index for "my member cases" (7,018 rows dropped instead of
    // 334 at 100,000 cases); `COALESCE` hides the partial indexes from it there. A role queue in the
    // priority order has the member flag in its index (`…_wl_role_member_priority_idx`: queue_role,
    // status, `COALESCE(member::integer, -1)` — 1 a member, 0 not, -1 unknown — then the order): an
    // equality on that key seeks the queue's members or non-members in the order, and does not match
    // the partial indexes either.
    const byPriority = filter.order === 'priority';
    const roleMemberIndex = byPriority && filter.role !== undefined && filter.assignee === undefined;
    if (roleMemberIndex && filter.member !== undefined) where.push(`${ROLE_MEMBER_KEY} = ${filter.member ? 1 : 0}`);
    else if (filter.member === true) where.push(filter.assignee === undefined && filter.role === undefined && filter.machine === undefined ? 'member' : 'COALESCE(member, false)');
    else if (filter.member === false) where.push('NOT member');
    if (filter.overdueAt !== undefined) where.push(`due_at <= ${param(toIso(filter.overdueAt), '::timestamptz')}`);
    if (filter.dueBefore !== undefined) where.push(`due_at < ${param(toIso(filter.dueBefore), '::timestamptz')}`);
    if (filter.from !== undefined) where.push(`opened_at >= ${param(toIso(filter.from), '::timestamptz')}`);
    if (filter.to !== undefined) where.push(`opened_at < ${param(toIso(filter.to), '::timestamptz')}`);
    if (filter.after !== undefined) {
      const due = filter.after.due === null ? 'infinity' : toIso(filter.after.due);
      const keys = `${byPriority ? '(-priority), ' : ''}due_at, case_id COLLATE "C"`;
      const values = `${byPriority ? `${param(-(filter.after.priority ?? 0), '::integer')}, ` : ''}${param(due, '::timestamptz')}, ${param(filter.after.caseId, '::text')}`;
      // `>=` and `<>` rather than `>` (the same rows: the keys are never null and end with the unique
      // case id): PostgreSQL estimates a row comparison from its first column alone, and `>` at a
      // cursor on the last priority (or due time) reads as "no row after it" on every index alike —
      // it took `…_wl_priority_idx` for a small queue's next page of members (4,237 rows dropped);
      // `>=` is estimated as the share of rows at or after the cursor's first key, and still seeks.
      where.push(`(${keys}) >= (${values}) AND (${keys}) <> (${values})`);
    }
    const order = `${byPriority ? '(-priority), ' : ''}due_at, case_id COLLATE "C"`;
    // "Nobody holds it" alone reads `…_wl_assignee(_priority)_idx` from its NULLs in order: `assignee`
    // leading the ORDER BY (null in every row) is what lets the planner see that index's order.
    // Beside a role queue or a machine, their own (partial or full) index serves instead.
    const lead = filter.assignee === null && filter.role === undefined && filter.machine === undefined ? 'assignee, ' : '';
    const limit = param(filter.take, '::integer');
    // A role queue alone in the priority order: its index has the member key before the order, so
    // the queue is three runs of it (members, non-members, unknown), each read in the order from the
    // cursor and merged (Merge Append over three index scans, reading the page and not the rest);
    // the sort keys are output columns so the planner sees each branch's order.
    const branches = roleMemberIndex && filter.member === undefined ? [1, 0, -1].map((key) => `${ROLE_MEMBER_KEY} = ${key}`) : undefined;
    const page = (status: string) =>
      branches === undefined
        ? `SELECT ${WORKLIST_SELECT}, due_at FROM ${this.#table}
            WHERE ${status}${where.join(' AND ')}
            ORDER BY ${lead}${order}
            LIMIT ${limit}`
        : `SELECT * FROM (${branches
            .map(
              (branch) => `(SELECT ${WORKLIST_SELECT}, (-priority) AS neg_priority, due_at, case_id COLLATE "C" AS case_key FROM ${this.#table}
                WHERE ${status}${where.join(' AND ')} AND ${branch}
                ORDER BY ${order}
                LIMIT ${limit})`,
            )
            .join(' UNION ALL ')}) AS m
            ORDER BY neg_priority, due_at, case_key
            LIMIT ${limit}`;
    // Status leads every worklist index, so `any` takes the first rows of each status from its own
    // index and sorts only those (at most four pages), not every matching case.
    const r = await this.#db.query<WorklistDbRow>(
      filter.status === 'any'
        ? `SELECT w.* FROM unnest(${param(SNAPSHOT_STATUSES, '::text[]')}) AS s (status)
             CROSS JOIN LATERAL (${page('status = s.status AND ')}) AS w
            ORDER BY ${order}
            LIMIT ${limit}`
        : page(''),
      params,
    );
    return r.rows.map(worklistRow);
  }

  /**
   * {@inheritDoc CaseStore.projectionBatch}
   *
   * Keyset on the primary key (`case_id > $after`, in the database's collation); `unprojectedOnly`
   * walks the partial index of the rows without a projection.
   */
  async projectionBatch(options: ProjectionBatchOptions): Promise<CaseRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (options.machine !== undefined) where.push(`machine = ${param(options.machine)}`);
    if (options.unprojectedOnly) where.push('states IS NULL');
    if (options.after !== undefined) where.push(`case_id > ${param(options.after)}`);
    const r = await this.#db.query<Row>(
      `SELECT case_id, version, envelope FROM ${this.#table}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY case_id
        LIMIT ${param(options.limit)}::integer`,
      params,
    );
    return r.rows.map((row) => ({ caseId: row.case_id, version: Number(row.version), envelope: parse(row.envelope) }));
  }

  /**
   * Write a case's worklist projection alone, if the row is still at `version` (else nothing: the
   * writer that moved it wrote its own). The opening time becomes `created_at` when the row has none.
   * A case this store remembers at that version stays remembered with the row's new `xmin` (its
   * envelope and version did not change), so its next event is still one statement.
   * Returns whether it wrote.
   */
  async writeWorklist(caseId: string, version: number, worklist: CaseProjection): Promise<boolean> {
    const w = worklistColumns(worklist);
    const params: unknown[] = [caseId, version, w.assignee, w.role, w.dueAt, w.priority, w.member, w.states];
    const update = `UPDATE ${this.#table}
          SET assignee = $3, queue_role = $4, due_at = $5::timestamptz, priority = $6, member = $7, states = $8::text[],
              opened_at = COALESCE(opened_at, created_at)
        WHERE case_id = $1 AND version = $2`;
    const remembered = this.#cache.get(caseId);
    if (remembered?.version === version) {
      // The row as remembered (its xmin): then it is still as remembered after this write, with the new xmin.
      const r = await this.#db.query<{ xmin: string }>(`${update} AND xmin = $9::text::xid RETURNING xmin::text AS xmin`, [...params, remembered.xmin]);
      const row = r.rows[0];
      if (row) {
        if (this.#cache.get(caseId) === remembered) this.#cache.set(caseId, { ...remembered, xmin: row.xmin });
        return true;
      }
      // Changed by someone else since this store wrote it: no longer remembered.
      if (this.#cache.get(caseId) === remembered) this.#cache.delete(caseId);
    }
    const r = await this.#db.query(update, params);
    return r.rowCount > 0;
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
