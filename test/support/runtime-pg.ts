/**
 * PostgreSQL backends for the tests: PGlite (in-process, always) and the server at
 * `KEFU_PG_URL` (when set). Each database gets its own schemas so runs never collide.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectPostgres, createPostgresRuntime, openPGlite, quoteIdent, type PostgresRuntime, type PostgresRuntimeOptions, type SqlDatabase } from 'kefu/postgres';

/** Where a test's tables live. */
export interface PgTarget {
  /** Schema of the cases table. */
  readonly schema: string;
  /** Schema of pg-boss's tables. */
  readonly bossSchema: string;
}

/** A database to test against. */
export interface PgBackend {
  readonly name: 'pglite' | 'postgres';
  /** Connection settings a child process needs to reach the same database. */
  readonly url: string | undefined;
  /**
   * Open a database (PGlite: a fresh one in a temp directory, or the one in `dataDir`; PostgreSQL: a pool)
   * with fresh schemas. `cleanup` drops the schemas (PostgreSQL) and closes it.
   */
  open(options?: { dataDir?: string; target?: PgTarget; poolSize?: number }): Promise<{ db: SqlDatabase; target: PgTarget; cleanup: () => Promise<void> }>;
}

/** Fresh, unique schema names (`kefu_t_<hex>`). */
export function freshTarget(): PgTarget {
  const tag = randomBytes(4).toString('hex');
  return { schema: `kefu_t_${tag}`, bossSchema: `kefu_t_${tag}_boss` };
}

// The package's exports map hides package.json: read it next to the resolved entry.
const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const pgliteVersion = (JSON.parse(readFileSync(join(pgliteEntry, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * A fresh PGlite data directory, copied from an initialized template. PGlite runs `initdb` for
 * every new database (several seconds on a busy 2-core machine); copying an empty, initialized
 * cluster takes well under one. The template is built once (per PGlite version) in the temp dir.
 */
export async function freshPGliteDir(): Promise<string> {
  const template = join(tmpdir(), `kefu-pglite-template-${pgliteVersion}`);
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const building = mkdtempSync(join(tmpdir(), 'kefu-pglite-build-'));
    const db = await openPGlite(building);
    await db.close();
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another test file built it first
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'kefu-pglite-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

const pglite: PgBackend = {
  name: 'pglite',
  url: undefined,
  async open(options = {}) {
    const dir = options.dataDir ?? (await freshPGliteDir());
    const db = await openPGlite(dir);
    const target = options.target ?? { schema: 'public', bossSchema: 'pgboss' };
    return {
      db,
      target,
      cleanup: async () => {
        await db.close();
        if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function server(url: string): PgBackend {
  return {
    name: 'postgres',
    url,
    async open(options = {}) {
      const db = await connectPostgres(url, { max: options.poolSize ?? 4 });
      const target = options.target ?? freshTarget();
      return {
        db,
        target,
        cleanup: async () => {
          await db.close();
        },
      };
    },
  };
}

/** Drop a target's schemas on the server (no-op for PGlite, which is thrown away). */
export async function dropTarget(backend: PgBackend, target: PgTarget): Promise<void> {
  if (backend.name !== 'postgres' || !backend.url) return;
  const db = await connectPostgres(backend.url, { max: 1 });
  try {
    await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(target.schema)} CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(target.bossSchema)} CASCADE`);
  } finally {
    await db.close();
  }
}

/** The backends to run: PGlite always; the server too when `KEFU_PG_URL` is set. */
export function pgBackends(): PgBackend[] {
  const url = process.env.KEFU_PG_URL;
  return url ? [pglite, server(url)] : [pglite];
}

/**
 * A PostgreSQL runtime on `backend` with fresh schemas and no supervisor; `cleanups` receives what
 * closes it and drops the schemas.
 */
export async function openPostgresRuntime(
  backend: PgBackend,
  options: Omit<PostgresRuntimeOptions, 'db' | 'schema' | 'bossSchema' | 'supervise'>,
  cleanups: (() => Promise<void>)[],
): Promise<{ runtime: PostgresRuntime; db: SqlDatabase; target: PgTarget }> {
  const opened = await backend.open();
  const runtime = await createPostgresRuntime({ ...options, db: opened.db, schema: opened.target.schema, bossSchema: opened.target.bossSchema, supervise: false });
  cleanups.push(async () => {
    await runtime.close();
    await opened.cleanup();
    await dropTarget(backend, opened.target);
  });
  return { runtime, db: opened.db, target: opened.target };
}

/**
 * {@link openPostgresRuntime} for a whole describe block: opened before its tests, closed and
 * dropped after them. The returned function gives the runtime inside a test.
 */
export function postgresRuntimeForSuite(
  backend: PgBackend,
  options: Omit<PostgresRuntimeOptions, 'db' | 'schema' | 'bossSchema' | 'supervise'>,
): () => PostgresRuntime {
  const cleanups: (() => Promise<void>)[] = [];
  let runtime: PostgresRuntime | undefined;
  beforeAll(async () => {
    ({ runtime } = await openPostgresRuntime(backend, options, cleanups));
  }, 300_000);
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  }, 300_000);
  return () => {
    if (!runtime) throw new Error('the PostgreSQL runtime did not open (see the beforeAll error)');
    return runtime;
  };
}
