/**
 * A small SQL seam so the same store and scheduler run on node-postgres (`pg`) and on PGlite
 * (in-process PostgreSQL), without importing either: hosts pass their own pool or instance.
 */

/** Rows and affected-row count of a statement. */
export interface SqlResult<R = Record<string, unknown>> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** Something that runs one parameterized statement: a pool, a client in a transaction. */
export interface SqlClient {
  /**
   * Run one statement with `$1, $2…` parameters. `options.name` names a statement run often (always
   * with the same text): a driver may prepare it once per connection, so the server parses and plans
   * it once (node-postgres named statements, when the adapter was made with `preparedStatements`);
   * others ignore it.
   */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: { readonly name?: string }): Promise<SqlResult<R>>;
  /** Run several statements without parameters (schema set-up). */
  exec(text: string): Promise<SqlResult>;
}

/** A database: runs statements and transactions. */
export interface SqlDatabase extends SqlClient {
  /** Which driver is underneath. */
  readonly driver: 'pg' | 'pglite' | 'custom';
  /** Run `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Close the pool or instance, if this adapter opened it. */
  close(): Promise<void>;
}

/** The part of a `pg` `PoolClient` the adapter uses. */
export interface PgClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  release(error?: Error | boolean): void;
}

/** The part of a `pg` `Pool` the adapter uses. */
export interface PgPoolLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  connect(): Promise<PgClientLike>;
  end(): Promise<void>;
}

/** The part of a PGlite transaction the adapter uses. */
export interface PGliteTransactionLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  exec(text: string): Promise<{ rows: unknown[]; affectedRows?: number }[]>;
}

/** The part of a PGlite instance the adapter uses. */
export interface PGliteLike extends PGliteTransactionLike {
  transaction<T>(fn: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** node-postgres's query config: a named statement is prepared once per connection. */
type PgQueryConfig = { readonly name: string; readonly text: string; readonly values: unknown[] | undefined };

function pgClient(client: Pick<PgPoolLike, 'query'>, prepared: boolean): SqlClient {
  return {
    async query<R>(text: string, params?: readonly unknown[], options?: { readonly name?: string }) {
      const values = params ? [...params] : undefined;
      const r =
        prepared && options?.name !== undefined
          ? await (client.query as unknown as (config: PgQueryConfig) => ReturnType<PgPoolLike['query']>)({ name: options.name, text, values })
          : await client.query(text, values);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
    async exec(text: string) {
      const r = (await client.query(text)) as unknown;
      // A multi-statement query gives one result per statement.
      const last = (Array.isArray(r) ? r[r.length - 1] : r) as { rows?: unknown[]; rowCount?: number | null } | undefined;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.rowCount ?? 0 };
    },
  };
}

/** Options of {@link fromPgPool}. */
export interface FromPgPoolOptions {
  /** Close the pool on `close()`. @default false */
  readonly closePool?: boolean;
  /**
   * Run kefu's frequent statements (the case write, its history entry, the locked read) as
   * node-postgres named statements: each connection prepares them once and the server skips parsing
   * and planning them on every event. The pool's `query` must then accept pg's query config
   * (`{ name, text, values }`), as `pg.Pool` and its clients do. @default false (`connectPostgres`: true)
   */
  readonly preparedStatements?: boolean;
}

/**
 * Adapt a node-postgres pool. Transactions check a client out of the pool.
 *
 * @example
 * import pg from 'pg';
 * const db = fromPgPool(new pg.Pool({ connectionString: process.env.DATABASE_URL }), { preparedStatements: true });
 */
export function fromPgPool(pool: PgPoolLike, options: FromPgPoolOptions = {}): SqlDatabase {
  const prepared = options.preparedStatements ?? false;
  const base = pgClient(pool, prepared);
  return {
    driver: 'pg',
    ...base,
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(pgClient(client, prepared));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (options.closePool) await pool.end();
    },
  };
}

function pgliteClient(db: PGliteTransactionLike): SqlClient {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const r = await db.query(text, params ? [...params] : undefined);
      return { rows: r.rows as R[], rowCount: r.affectedRows ?? 0 };
    },
    async exec(text: string) {
      const results = await db.exec(text);
      const last = results[results.length - 1];
      return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.affectedRows ?? 0 };
    },
  };
}

/**
 * Adapt a PGlite instance (in-process PostgreSQL; one connection, so transactions run one at a time).
 *
 * @example
 * import { PGlite } from '@electric-sql/pglite';
 * const db = fromPGlite(await PGlite.create('./data/kefu'));
 */
export function fromPGlite(pglite: PGliteLike, options: { readonly closeInstance?: boolean } = {}): SqlDatabase {
  return {
    driver: 'pglite',
    ...pgliteClient(pglite),
    transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => fn(pgliteClient(tx)));
    },
    async close() {
      if (options.closeInstance) await pglite.close();
    },
  };
}

/**
 * Connect to a PostgreSQL server by URL with node-postgres (loaded on demand: `pg` is an
 * optional peer dependency). The returned database closes its pool on `close()`, and runs kefu's
 * frequent statements prepared (see {@link FromPgPoolOptions.preparedStatements}).
 *
 * @example
 * const db = await connectPostgres(process.env.KEFU_PG_URL!, { max: 10 });
 */
export async function connectPostgres(url: string, poolOptions: Record<string, unknown> = {}): Promise<SqlDatabase> {
  const pg = (await import('pg')) as unknown as { default?: { Pool: new (o: object) => PgPoolLike }; Pool?: new (o: object) => PgPoolLike };
  const Pool = pg.default?.Pool ?? pg.Pool;
  if (!Pool) throw new Error('the "pg" package is needed for connectPostgres (npm install pg)');
  const pool = new Pool({ connectionString: url, ...poolOptions });
  (pool as unknown as { on?: (e: string, f: (err: unknown) => void) => void }).on?.('error', () => {
    // An idle client lost its connection; the pool replaces it. Without a listener Node would crash.
  });
  return fromPgPool(pool, { closePool: true, preparedStatements: true });
}

/** Quote an SQL identifier (schema or table name). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Open a PGlite database (in-process PostgreSQL, loaded on demand: `@electric-sql/pglite` is an
 * optional dependency), in memory or persisted to a directory. `close()` closes it.
 *
 * @example
 * const db = await openPGlite('./data/kefu'); // or openPGlite() for memory only
 */
export async function openPGlite(dataDir?: string): Promise<SqlDatabase> {
  const mod = (await import('@electric-sql/pglite')) as unknown as { PGlite: { create(dataDir?: string): Promise<PGliteLike> } };
  const pglite = await mod.PGlite.create(dataDir);
  return fromPGlite(pglite, { closeInstance: true });
}
