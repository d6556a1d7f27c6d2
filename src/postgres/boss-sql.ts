/**
 * kefu's own SQL against pg-boss's tables: timer jobs written inside the case's statement (see
 * `StatementPart`) instead of through `boss.send` / `boss.deleteJob` / `boss.complete`. It relies on
 * pg-boss's table layout, so all of it lives here, and it is used only on the schema version it was
 * written and tested against ({@link BOSS_SCHEMA_VERSION}); on any other the scheduler goes through
 * pg-boss's API. `test/postgres.boss-sql.test.ts` fails when pg-boss writes a job differently.
 *
 * Mirrors pg-boss 10.4 `src/plans.js`: `insertJob` (with the options `PgBossScheduler` sends),
 * `deleteJobs`, `completeJobs`; the `job` table is partitioned by queue name with primary key
 * `(name, id)` on the parent. Internal: it can change with any pg-boss release kefu supports.
 */
import type { StatementPart } from '../runtime/store.js';
import type { SqlClient } from './sql.js';
import { quoteIdent } from './sql.js';

/** The pg-boss schema version (`<schema>.version`) this SQL was written and tested against: pg-boss 10.1–10.4. */
export const BOSS_SCHEMA_VERSION = 24;

/** The options every timer job is sent with (see `PgBossScheduler`). */
export interface TimerJobOptions {
  readonly expireInSeconds: number;
  readonly retryLimit: number;
  readonly retryDelay: number;
  readonly retentionDays: number;
}

/** One timer job to write: its id (`jobIdFor`), its data and its due time. */
export interface TimerJobRow {
  readonly id: string;
  readonly data: object;
  /** ISO-8601 UTC. */
  readonly startAfter: string;
}

/** The statement texts for one pg-boss schema, built once. */
export interface BossSql {
  /**
   * Insert jobs as `boss.send(queue, data, { id, startAfter, expireInSeconds, retryLimit, retryDelay,
   * retryBackoff: true, retentionDays })` does, a job with the same id reset in place to exactly what
   * a fresh send writes (state `created`, no retries, not started): `$1` queue, `$2` the jobs as a
   * JSON array of `{ id, data, start_after }`, `$3` expire seconds, `$4` retention as an interval,
   * `$5` retry limit, `$6` retry delay.
   */
  readonly schedule: string;
  /** Delete jobs by id (`boss.deleteJob`): `$1` queue, `$2` ids. */
  readonly cancel: string;
  /** Complete an active job without output (`boss.complete(queue, id)`): `$1` queue, `$2` id. */
  readonly complete: string;
  /**
   * Lock the job `$2` of queue `$1` if it is still active (not a statement part): a worker's failed
   * delivery fails the job under this lock only when no case statement reset or deleted it meanwhile.
   */
  readonly lockActive: string;
}

/**
 * The texts of {@link BossSql} for pg-boss's schema `schema`, each writing only when the statement's
 * case write `c` has a row.
 */
export function bossSql(schema: string): BossSql {
  const s = quoteIdent(schema);
  // Every column of a fresh job: on a conflict the row takes the new one's values (EXCLUDED holds the
  // column defaults too — state created, retry_count 0, started_on/completed_on/output null, created_on now()).
  const reset = [
    'priority', 'data', 'state', 'retry_limit', 'retry_count', 'retry_delay', 'retry_backoff', 'start_after', 'started_on',
    'singleton_key', 'singleton_on', 'expire_in', 'created_on', 'completed_on', 'keep_until', 'output', 'dead_letter', 'policy',
  ]
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');
  return {
    // insertJob with id, name, data, startAfter (ISO, 'Z'), expireIn, keepUntil ('N days'), retryLimit,
    // retryDelay, retryBackoff true given, and priority 0, no singleton, no dead letter of the job's own.
    schedule: `INSERT INTO ${s}.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
      SELECT j.id, q.name, j.data, 0, j.start_after, NULL, NULL, q.dead_letter,
             $3::numeric * interval '1s', j.start_after + CAST($4::text AS interval),
             $5::int, GREATEST($6::int, 1), true, q.policy
        FROM jsonb_to_recordset($2::jsonb) AS j (id uuid, data jsonb, start_after timestamptz)
        JOIN ${s}.queue q ON q.name = $1::text
       WHERE EXISTS (SELECT 1 FROM c)
      ON CONFLICT (name, id) DO UPDATE SET ${reset}`,
    cancel: `DELETE FROM ${s}.job WHERE name = $1::text AND id = ANY($2::uuid[]) AND EXISTS (SELECT 1 FROM c)`,
    complete: `UPDATE ${s}.job SET completed_on = now(), state = 'completed', output = NULL
       WHERE name = $1::text AND id = $2::uuid AND state = 'active' AND EXISTS (SELECT 1 FROM c)`,
    lockActive: `SELECT id FROM ${s}.job WHERE name = $1::text AND id = $2::uuid AND state = 'active' FOR UPDATE`,
  };
}

/** The part that writes `jobs` (see {@link BossSql.schedule}). */
export function schedulePart(sql: BossSql, queue: string, jobs: readonly TimerJobRow[], o: TimerJobOptions): StatementPart {
  const rows = jobs.map((j) => ({ id: j.id, data: j.data, start_after: j.startAfter }));
  return { text: sql.schedule, params: [queue, JSON.stringify(rows), o.expireInSeconds, `${o.retentionDays} days`, o.retryLimit, o.retryDelay] };
}

/** The part that deletes the jobs `ids`. */
export function cancelPart(sql: BossSql, queue: string, ids: readonly string[]): StatementPart {
  return { text: sql.cancel, params: [queue, ids] };
}

/** The part that completes the active job `id`. */
export function completePart(sql: BossSql, queue: string, id: string): StatementPart {
  return { text: sql.complete, params: [queue, id] };
}

/**
 * Whether kefu may write timer jobs of `queue` with its own SQL on this database: pg-boss's schema is at
 * {@link BOSS_SCHEMA_VERSION} and the queue has the standard policy (no unique index beside the
 * primary key that a job could hit). Any error reading it (no such schema) is a no.
 */
export async function inlineJobsSupported(db: SqlClient, schema: string, queue: string): Promise<boolean> {
  const s = quoteIdent(schema);
  try {
    const version = await db.query<{ version: number | string }>(`SELECT version FROM ${s}.version`);
    if (version.rows.length !== 1 || Number(version.rows[0]!.version) !== BOSS_SCHEMA_VERSION) return false;
    const q = await db.query<{ policy: string | null }>(`SELECT policy FROM ${s}.queue WHERE name = $1`, [queue]);
    const policy = q.rows[0]?.policy;
    return q.rows.length === 1 && (policy === null || policy === undefined || policy === 'standard');
  } catch {
    return false;
  }
}
