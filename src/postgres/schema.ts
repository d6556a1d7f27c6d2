import { quoteIdent, type SqlDatabase } from './sql.js';

/** Where the cases table lives. */
export interface CasesTableOptions {
  /** PostgreSQL schema of the table. @default 'public' */
  readonly schema?: string;
  /** Name of the table. @default 'kefu_cases' */
  readonly table?: string;
}

/** The qualified, quoted name of the cases table. */
export function casesTableName(options: CasesTableOptions = {}): string {
  return `${quoteIdent(options.schema ?? 'public')}.${quoteIdent(options.table ?? 'kefu_cases')}`;
}

/**
 * The qualified, quoted name of the history table (AUDIT-TRAIL): the cases table's name with
 * `_history` (`kefu_cases_history`), in the same schema.
 */
export function historyTableName(options: CasesTableOptions = {}): string {
  return `${quoteIdent(options.schema ?? 'public')}.${quoteIdent(`${options.table ?? 'kefu_cases'}_history`)}`;
}

/**
 * The DDL of the cases table: one row per case, `version` for optimistic concurrency, the
 * envelope as `jsonb`, and `next_due` (earliest pending timer) indexed for overdue listings;
 * and of its history table (AUDIT-TRAIL): one row per applied event or refused attempt, keyed by
 * case and `seq`, an event id unique per case, indexed by case and time.
 */
export function casesTableDdl(options: CasesTableOptions = {}): string[] {
  const schema = quoteIdent(options.schema ?? 'public');
  const table = options.table ?? 'kefu_cases';
  const name = casesTableName(options);
  const history = historyTableName(options);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    `CREATE TABLE IF NOT EXISTS ${name} (
      case_id text PRIMARY KEY,
      machine text NOT NULL,
      machine_version integer NOT NULL,
      version integer NOT NULL,
      status text NOT NULL,
      state jsonb NOT NULL,
      envelope jsonb NOT NULL,
      next_due timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_next_due_idx`)} ON ${name} (next_due) WHERE next_due IS NOT NULL`,
    // Superseded by wl_machine_idx (machine, status, due_at, case_id), which serves every query it
    // served: dropped so a save writes one index entry fewer.
    `DROP INDEX IF EXISTS ${schema}.${quoteIdent(`${table}_machine_idx`)}`,
    // Replaced by wl_role_member_priority_idx (queue_role, status, the member flag, then the priority order),
    // which serves every query it served and a role queue's members too: dropped so a save writes
    // the same number of index entries as before.
    `DROP INDEX IF EXISTS ${schema}.${quoteIdent(`${table}_wl_role_priority_idx`)}`,
    ...worklistDdl(options),
    `CREATE TABLE IF NOT EXISTS ${history} (
      case_id text NOT NULL REFERENCES ${name} (case_id),
      seq integer NOT NULL CHECK (seq > 0),
      event_id text,
      event_type text NOT NULL,
      event jsonb NOT NULL,
      by_id text,
      by_role text,
      at timestamptz NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('applied', 'refused')),
      refusal jsonb,
      state_before jsonb,
      state_after jsonb NOT NULL,
      version integer NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, seq)
    )`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${table}_history_event_id_idx`)} ON ${history} (case_id, event_id) WHERE event_id IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_history_at_idx`)} ON ${history} (case_id, at)`,
  ];
}

/**
 * The member flag as `…_wl_role_member_priority_idx` keys it: 1 a member, 0 not, -1 unknown (null).
 * A query must spell it the same to seek that index. @internal
 */
export const ROLE_MEMBER_KEY = 'COALESCE(member::integer, -1)';

/**
 * The worklist columns of the cases table and their indexes: each machine's projection (`assignee`,
 * `queue_role`, `due_at`, `priority`, `member`), the active state paths (`states`) and the opening
 * time (`opened_at`), written with every save. `due_at` is `'infinity'` for a case without a next
 * due time, so the worklist order (due time, then case id by code point) is one keyset on the
 * indexes; the priority order (`-priority`, then the same) has its own four (by status, and led by
 * assignee, by role queue — then member — and by machine); four partial ones hold the unassigned cases by role queue
 * and the member customers' cases, each in both orders; docs/runtime.md says which query each index
 * serves and which writes each costs.
 * `ADD COLUMN IF NOT EXISTS` upgrades a table created before worklists; its rows have no projection
 * (`states IS NULL`) until `createPostgresRuntime` projects them.
 */
export function worklistDdl(options: CasesTableOptions = {}): string[] {
  const table = options.table ?? 'kefu_cases';
  const name = casesTableName(options);
  const index = (suffix: string, columns: string, using = '') =>
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_wl_${suffix}_idx`)} ON ${name} ${using}(${columns})`;
  const partial = (suffix: string, columns: string, where: string) => `${index(suffix, columns)} WHERE ${where}`;
  return [
    `ALTER TABLE ${name}
       ADD COLUMN IF NOT EXISTS assignee text,
       ADD COLUMN IF NOT EXISTS queue_role text,
       ADD COLUMN IF NOT EXISTS due_at timestamptz NOT NULL DEFAULT 'infinity',
       ADD COLUMN IF NOT EXISTS priority integer NOT NULL DEFAULT 0,
       ADD COLUMN IF NOT EXISTS member boolean,
       ADD COLUMN IF NOT EXISTS states text[],
       ADD COLUMN IF NOT EXISTS opened_at timestamptz`,
    index('due', 'status, due_at, case_id COLLATE "C"'),
    index('assignee', 'assignee, status, due_at, case_id COLLATE "C"'),
    index('role', 'queue_role, status, due_at, case_id COLLATE "C"'),
    index('machine', 'machine, status, due_at, case_id COLLATE "C"'),
    index('states', 'states', 'USING gin '),
    index('opened', 'opened_at'),
    // order: 'priority' (most urgent first): -priority ascending, so the keyset is one row comparison.
    // Led by assignee, role queue and machine like the due order's, so a small queue or machine is
    // read in its own order instead of filtered out of every open case's.
    index('priority', 'status, (-priority), due_at, case_id COLLATE "C"'),
    index('assignee_priority', 'assignee, status, (-priority), due_at, case_id COLLATE "C"'),
    // A role queue's has the member flag before the order (never null, so an equality on it keeps
    // the order): the queue's members (or non-members) are one run of it, and the whole queue is
    // three runs merged (PostgresCaseStore.worklist).
    index('role_member_priority', `queue_role, status, ${ROLE_MEMBER_KEY}, (-priority), due_at, case_id COLLATE "C"`),
    index('machine_priority', 'machine, status, (-priority), due_at, case_id COLLATE "C"'),
    // Partial: written only by the cases they hold. The unassigned queue of a role ("nobody holds
    // it yet"), and member customers (会员), each in both orders, read in order however few they are.
    partial('unassigned', 'queue_role, status, due_at, case_id COLLATE "C"', 'assignee IS NULL'),
    partial('unassigned_priority', 'queue_role, status, (-priority), due_at, case_id COLLATE "C"', 'assignee IS NULL'),
    partial('member', 'status, due_at, case_id COLLATE "C"', 'member'),
    partial('member_priority', 'status, (-priority), due_at, case_id COLLATE "C"', 'member'),
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_wl_unprojected_idx`)} ON ${name} (case_id) WHERE states IS NULL`,
  ];
}

/**
 * Create the cases table (and with `outbox: true` the outbox table) if it does not exist (safe to
 * run from several servers at once: the DDL runs under a transaction-level advisory lock).
 *
 * @example
 * await migrateCasesTable(db, { schema: 'crm' });
 */
export async function migrateCasesTable(db: SqlDatabase, options: CasesTableOptions & { readonly outbox?: boolean } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kefu.migrate.${casesTableName(options)}`]);
    // The worklist columns' ALTER takes an exclusive lock on the table: only run it when they are missing.
    const found = await tx.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'opened_at'`,
      [options.schema ?? 'public', options.table ?? 'kefu_cases'],
    );
    const upgraded = found.rows.length > 0;
    for (const statement of casesTableDdl(options)) {
      if (upgraded && statement.startsWith('ALTER TABLE')) continue;
      await tx.query(statement);
    }
    if (options.outbox) for (const statement of outboxTableDdl(options)) await tx.query(statement);
  });
}

/** The qualified, quoted name of the outbox table (`kefu_outbox` beside the cases table, or `<table>_outbox` for a custom cases table name). */
export function outboxTableName(options: CasesTableOptions = {}): string {
  return `${quoteIdent(options.schema ?? 'public')}.${quoteIdent(`${options.table ?? 'kefu_cases'}`.replace(/_cases$/, '') + '_outbox')}`;
}

/**
 * The DDL of the outbox table: one row per effect or emitted event waiting for delivery, written
 * in the transaction of its case's change; delivered rows are deleted. `next_attempt_at` is
 * indexed for the workers' `FOR UPDATE SKIP LOCKED` claims.
 */
export function outboxTableDdl(options: CasesTableOptions = {}): string[] {
  const schema = quoteIdent(options.schema ?? 'public');
  const name = outboxTableName(options);
  const base = `${options.table ?? 'kefu_cases'}`.replace(/_cases$/, '') + '_outbox';
  return [
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    `CREATE TABLE IF NOT EXISTS ${name} (
      seq bigserial,
      id text PRIMARY KEY,
      case_id text NOT NULL,
      machine text NOT NULL,
      kind text NOT NULL,
      type text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text
    )`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${base}_due_idx`)} ON ${name} (next_attempt_at, seq) WHERE status = 'pending'`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${base}_case_idx`)} ON ${name} (case_id)`,
  ];
}
