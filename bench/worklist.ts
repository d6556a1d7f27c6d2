/**
 * Worklists (issue 11): the time of a worklist page over 100,000 cases on PostgreSQL (PGlite
 * in-process, or the server at KEFU_PG_URL), against loading one case by id in the same run.
 * The 100,000 rows are seeded with one bulk `INSERT … SELECT generate_series`, not through steps:
 * each row has a real complaint envelope and a spread of worklist columns (one case in 50 listed as
 * an inquiry, 200 assignees and one case in ten unassigned, four role queues and a small fifth one,
 * due times over ±10 days, a third members, a fifth closed). Then the in-memory store's worklists
 * over as many cases with the same spread, against the scan they replaced, and what its lists cost
 * a write (`memoryWorklistBench`; `BENCH_WORKLIST_SQL=0` runs it alone).
 */
import { complaintMachine } from 'kefu';
import { inquiryMachine } from 'kefu/machines/inquiry';
import { createCaseRuntime, initialStep, type CaseStore, type WorklistQuery } from 'kefu/runtime';
import { connectPostgres, migrateCasesTable, openPGlite, PostgresCaseStore, quoteIdent, type SqlDatabase } from 'kefu/postgres';
import { complaintInput } from './complaint-path.js';
// The old in-memory query (a scan of every case and a sort per query) is the baseline of the in-memory rows.
import { comparePositions, encodeCursor, matchesWorklist, positionOf, worklistFilter, type CaseProjection, type WorklistFilter, type WorklistRow } from '../src/runtime/worklist.js';
import { InMemoryCaseStore } from '../src/runtime/memory-store.js';
import { BASE, iso, taskMachine } from '../test/support/worklist.js';

const now = Date.parse('2026-12-05T00:00:00Z');

/** Seed `cases` rows into `<schema>.kefu_cases` (the table must exist). */
async function seed(db: SqlDatabase, schema: string, cases: number): Promise<void> {
  const envelope = initialStep(complaintMachine, complaintInput(0), { now, caseId: 'W-0' }).envelope;
  const table = `${quoteIdent(schema)}.kefu_cases`;
  await db.query(
    `INSERT INTO ${table} (case_id, machine, machine_version, version, status, state, envelope, next_due, updated_at,
                           assignee, queue_role, due_at, priority, member, states, opened_at)
     SELECT 'W-' || lpad(g::text, 6, '0'), CASE WHEN g % 50 = 7 THEN 'inquiry' ELSE 'complaint' END, 1, 1,
            CASE WHEN g % 5 = 0 THEN 'done' ELSE 'active' END,
            CASE WHEN g % 4 = 3 THEN '{"propose":"awaitingApproval"}'::jsonb ELSE '"investigate"'::jsonb END,
            $1::jsonb, NULL, $2::timestamptz,
            CASE WHEN g % 10 = 3 THEN NULL ELSE 'agent-' || (g % 200) END,
            CASE WHEN g % 100 = 1 THEN 'quality' ELSE (ARRAY['agent','supervisor','afterSales','agent'])[1 + g % 4] END,
            CASE WHEN g % 11 = 0 THEN 'infinity'::timestamptz ELSE $2::timestamptz + ((g * 7919) % 28800 - 14400) * interval '1 minute' END,
            g % 3, g % 3 = 0,
            CASE WHEN g % 4 = 3 THEN ARRAY['propose','propose.awaitingApproval'] ELSE ARRAY['investigate'] END,
            $2::timestamptz - (g % 720) * interval '1 hour'
       FROM generate_series(1, $3::integer) g`,
    [JSON.stringify(envelope), new Date(now).toISOString(), cases],
  );
}

/**
 * Create `<schema>.kefu_cases` with `cases` seeded rows, its indexes and statistics; returns the
 * milliseconds it took. Bulk load: the secondary indexes are dropped, the rows inserted, and the
 * migration builds the indexes again.
 */
async function seedCasesTable(db: SqlDatabase, schema: string, cases: number): Promise<number> {
  await migrateCasesTable(db, { schema });
  const start = performance.now();
  const indexes = await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'kefu_cases' AND indexname NOT LIKE '%_pkey'`, [schema]);
  for (const { indexname } of indexes.rows) await db.query(`DROP INDEX ${quoteIdent(schema)}.${quoteIdent(indexname)}`);
  await seed(db, schema, cases);
  await migrateCasesTable(db, { schema });
  await db.query(`ANALYZE ${quoteIdent(schema)}.kefu_cases`);
  return performance.now() - start;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * `rounds` rounds of `a` and `b` side by side, the order alternating: the median time of each and
 * the median of the per-round ratios a ÷ b — on a shared machine a change of load moves both sides
 * of a round, not one query's whole series.
 */
async function interleaved(rounds: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<{ aMs: number; bMs: number[]; ratio: number }> {
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let ta: number;
    let tb: number;
    if (r % 2 === 0) {
      ta = await ms(a);
      tb = await ms(b);
    } else {
      tb = await ms(b);
      ta = await ms(a);
    }
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  return { aMs: median(as), bMs: bs, ratio: median(ratios) };
}

/**
 * The scans of a plan and whether it sorts (`Sort over Index Scan \`wl_due_idx\``), short. A plan
 * that merges ordered branches (a role queue in priority order) reads `Merge Append of 3 × Index
 * Scan \`…\``, with "(a branch sorted)" when the planner read a branch it found small whole and
 * sorted it.
 */
export function planSummary(lines: readonly string[]): string {
  // `Index Scan using <index>`, `Bitmap Index Scan on <index>`, `Seq Scan` (its table is the cases table).
  const used = lines.map((l) => /(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?(?: (?:using|on) (\S+))?/.exec(l)).filter((m) => m !== null).map((m) => (m[1] === 'Seq Scan' ? [m[0], m[1]] : m));
  const scans = used.map((m) => (m![2] ? `${m![1]} \`${m![2]!.replace(/^kefu_cases_/, '')}\`` : m![1]));
  // A sort node (not an incremental one): the rows under it were all read, then sorted.
  const sorts = lines.filter((l) => /^\s*(->\s*)?Sort\b/.test(l)).length;
  const merge = lines.findIndex((l) => /Merge Append/.test(l));
  if (merge >= 0 && !lines.slice(0, merge).some((l) => /^\s*(->\s*)?Sort\b/.test(l))) {
    const distinct = [...new Set(scans)];
    return `Merge Append of ${distinct.length === 1 ? `${scans.length} × ${distinct[0]}` : scans.join(', ')}${sorts > 0 ? ' (a branch sorted)' : ''}`;
  }
  return (sorts > 0 ? 'Sort over ' : '') + (scans.join(', ') || lines[0]!);
}

/** The execution time an `EXPLAIN ANALYZE` reports, in ms. */
export function executionMs(lines: readonly string[]): number {
  return Number(/Execution Time: ([\d.]+)/.exec(lines.find((l) => l.startsWith('Execution Time')) ?? '')?.[1] ?? NaN);
}

/**
 * Run `fn` on a fresh schema of PGlite (or the server at `pgUrl`) seeded with `cases` cases, with a
 * database that remembers its last statement (`last()`, to explain it); the schema is dropped after.
 */
export async function withSeededCases<T>(
  pgUrl: string | undefined,
  cases: number,
  name: string,
  fn: (seeded: { db: SqlDatabase; spy: SqlDatabase; schema: string; seedMs: number; last: () => { text: string; params: readonly unknown[] | undefined } }) => Promise<T>,
): Promise<T> {
  const db = pgUrl ? await connectPostgres(pgUrl, { max: 2 }) : await openPGlite();
  const schema = `kefu_bench_${name}_${process.pid}`;
  try {
    const seedMs = await seedCasesTable(db, schema, cases);
    let last: { text: string; params: readonly unknown[] | undefined } = { text: '', params: undefined };
    const spy: SqlDatabase = {
      ...db,
      query: (text, params) => {
        last = { text, params };
        return db.query(text, params);
      },
    };
    return await fn({ db, spy, schema, seedMs, last: () => last });
  } finally {
    try {
      await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    } finally {
      await db.close();
    }
  }
}

/** Lines for the bench report. */
export async function worklistBench(pgUrl: string | undefined, cases = 100_000): Promise<string[]> {
  return withSeededCases(pgUrl, cases, 'wl', async ({ db, spy, schema, seedMs, last }) => {
    /** The plan of the last statement and its execution time in the database (median of 5 `EXPLAIN ANALYZE`). */
    const plan = async (): Promise<{ how: string; executionMs: number }> => {
      const { text, params } = last();
      const runs: string[][] = [];
      for (let i = 0; i < 5; i++) runs.push((await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, TIMING OFF) ${text}`, params)).rows.map((row) => row['QUERY PLAN']));
      return { how: planSummary(runs[0]!), executionMs: median(runs.map(executionMs)) };
    };
    const store = new PostgresCaseStore(spy, { schema });
    const runtime = createCaseRuntime({ machines: [complaintMachine, inquiryMachine], store: store as CaseStore<unknown>, clock: () => now });

    // A page deep into "every open case" (page 101 of 50), reached once through the cursors.
    let deep: string | undefined;
    for (let p = 0; p < 100; p++) deep = (await runtime.worklist({ limit: 50, ...(deep ? { after: deep } : {}) })).next;

    const queries: [string, WorklistQuery][] = [
      ['my open cases, overdue first (assignee)', { assignee: 'agent-17', limit: 50 }],
      ["the supervisor's overdue queue (role + overdueAt)", { role: 'supervisor', overdueAt: now, limit: 50 }],
      ['awaiting approval (machine + nested state)', { machine: 'complaint', state: 'propose.awaitingApproval', limit: 50 }],
      ['members due in the next day (member + dueBefore)', { member: true, dueBefore: now + 86_400_000, limit: 50 }],
      ['opened in one day (from/to)', { from: now - 48 * 3_600_000, to: now - 24 * 3_600_000, limit: 50 }],
      ['every open case, page 101 (keyset cursor)', { limit: 50, ...(deep ? { after: deep } : {}) }],
      ['every case, open or closed (status: any)', { status: 'any', limit: 50 }],
      ['my open cases, most urgent first (assignee + order: priority)', { assignee: 'agent-17', order: 'priority', limit: 50 }],
      ['every open case, most urgent first (order: priority)', { order: 'priority', limit: 50 }],
      ["the supervisor's queue, most urgent first (role + order: priority)", { role: 'supervisor', order: 'priority', limit: 50 }],
      ["the quality specialists' queue (1 case in 100), most urgent first (role + order: priority)", { role: 'quality', order: 'priority', limit: 50 }],
      ['unassigned cases, overdue first (assignee: null)', { assignee: null, limit: 50 }],
      ['unassigned cases, most urgent first (assignee: null + order: priority)', { assignee: null, order: 'priority', limit: 50 }],
      ['awaiting approval, most urgent first (machine + nested state + order: priority)', { machine: 'complaint', state: 'propose.awaitingApproval', order: 'priority', limit: 50 }],
      ['inquiries (1 case in 50), overdue first (machine)', { machine: 'inquiry', limit: 50 }],
      ['inquiries (1 case in 50), most urgent first (machine + order: priority)', { machine: 'inquiry', order: 'priority', limit: 50 }],
      ["the supervisors' unassigned queue (assignee: null + role)", { assignee: null, role: 'supervisor', limit: 50 }],
      ["the supervisors' unassigned queue, most urgent first (assignee: null + role + order: priority)", { assignee: null, role: 'supervisor', order: 'priority', limit: 50 }],
      ['members, most urgent first (member + order: priority; members all at the lowest priority)', { member: true, order: 'priority', limit: 50 }],
      ['opened in one hour (from/to)', { from: now - 31 * 3_600_000, to: now - 30 * 3_600_000, limit: 50 }],
      ["the supervisors' member cases, most urgent first (role + member + order: priority; members all at the queue's lowest priority)", { role: 'supervisor', member: true, order: 'priority', limit: 50 }],
      ["the quality specialists' member cases (1 case in 100), most urgent first (role + member + order: priority)", { role: 'quality', member: true, order: 'priority', limit: 50 }],
    ];
    const ids = Array.from({ length: 64 }, (_, i) => `W-${String(1 + ((i * 1543) % cases)).padStart(6, '0')}`);
    let k = 0;
    // Warm-up: plans and caches.
    for (const [, q] of queries) await runtime.worklist(q);
    for (const id of ids) await store.load(id);
    const loads: number[] = [];
    const rows: string[] = [];
    for (const [name, q] of queries) {
      const page = await runtime.worklist(q);
      const { how, executionMs } = await plan();
      const m = await interleaved(30, () => runtime.worklist(q), () => store.load(ids[k++ % ids.length]!));
      loads.push(...m.bMs);
      rows.push(`| ${name} | ${page.items.length} | ${m.aMs.toFixed(2)} | ${m.ratio.toFixed(1)} | ${executionMs.toFixed(2)} | ${how} |`);
    }
    return [
      `Worklists over ${cases.toLocaleString('en-US')} cases on ${pgUrl ? 'the PostgreSQL server at KEFU_PG_URL' : 'PGlite (in-process)'} (seeded by one INSERT … SELECT, indexes built after, in ${(seedMs / 1000).toFixed(1)} s); each query run 30 times side by side with loading one case by id (the ratio is the median of the 30 round ratios); "in the database" is the execution time \`EXPLAIN ANALYZE\` reports (median of 5):\n`,
      '| query (`runtime.worklist`) | items | ms | × load one case by id | ms in the database | plan |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      `| baseline: \`store.load(id)\` | 1 | ${median(loads).toFixed(2)} | 1.0 | | primary key |`,
      ...rows,
    ];
  });
}

/** The same spread of worklist fields as the SQL seed, for case `g` (1-based). */
function seededProjection(g: number): { machine: string; status: string; projection: CaseProjection } {
  return {
    machine: g % 50 === 7 ? 'inquiry' : 'complaint',
    status: g % 5 === 0 ? 'done' : 'active',
    projection: {
      assignee: g % 10 === 3 ? null : `agent-${g % 200}`,
      role: g % 100 === 1 ? 'quality' : ['agent', 'supervisor', 'afterSales', 'agent'][g % 4]!,
      nextDueAt: g % 11 === 0 ? null : iso(now + (((g * 7919) % 28800) - 14400) * 60_000),
      priority: g % 3,
      member: g % 3 === 0,
      states: g % 4 === 3 ? ['propose', 'propose.awaitingApproval'] : ['investigate'],
      openedAt: iso(now - (g % 720) * 3_600_000),
    },
  };
}

/**
 * The in-memory store's worklist over `cases` cases (the SQL seed's spread of fields, on a small
 * envelope): each query against the scan it replaced (filter every case, sort, cut, copy — the old
 * `InMemoryCaseStore.worklist`, run over the same rows), side by side; and what keeping the lists
 * costs a write, against a load of one case.
 */
export async function memoryWorklistBench(cases = 100_000): Promise<string[]> {
  const small = initialStep(taskMachine, { dueAt: null, member: false, urgent: 0, at: iso(BASE) }, { now: BASE, caseId: 'W-0' }).envelope;
  const envelopes = new Map<string, typeof small>();
  const envelopeOf = (machine: string, status: string) => {
    const k = `${machine}/${status}`;
    if (!envelopes.has(k)) envelopes.set(k, { ...small, machine, snapshot: { ...small.snapshot, status } } as typeof small);
    return envelopes.get(k)!;
  };
  const store = new InMemoryCaseStore();
  const rows = new Map<string, WorklistRow>();
  const seedStart = performance.now();
  for (let g = 1; g <= cases; g++) {
    const caseId = `W-${String(g).padStart(6, '0')}`;
    const { machine, status, projection } = seededProjection(g);
    await store.create(caseId, envelopeOf(machine, status), { worklist: projection });
    rows.set(caseId, { ...projection, caseId, machine, version: 1, status, value: small.snapshot.value as WorklistRow['value'], updatedAt: iso(BASE) });
  }
  const seedMs = performance.now() - seedStart;
  const scan = async (filter: WorklistFilter): Promise<WorklistRow[]> => {
    const found: { due: number | null; row: WorklistRow }[] = [];
    for (const row of rows.values()) {
      const due = row.nextDueAt === null ? null : Date.parse(row.nextDueAt);
      if (matchesWorklist(row, due, filter)) found.push({ due, row });
    }
    found.sort((a, b) => comparePositions(positionOf(a.row, a.due, filter.order), positionOf(b.row, b.due, filter.order)));
    return found.slice(0, filter.take).map((f) => JSON.parse(JSON.stringify(f.row)) as WorklistRow);
  };
  const machines = new Map([complaintMachine, inquiryMachine].map((m) => [m.id, { machine: m }] as const));
  // Page 101 of every open case: the cursor of page 100, found through the store.
  let deep: WorklistQuery = { limit: 50 };
  for (let p = 0; p < 100; p++) {
    const got = await store.worklist(worklistFilter(deep, machines));
    const last = got[49]!;
    deep = { limit: 50, after: encodeCursorOf(last) };
  }
  const queries: [string, WorklistQuery][] = [
    ['my open cases, overdue first (assignee)', { assignee: 'agent-17', limit: 50 }],
    ['my overdue cases (assignee + overdueAt)', { assignee: 'agent-17', overdueAt: now, limit: 50 }],
    ['the unassigned supervisor queue (assignee: null + role)', { assignee: null, role: 'supervisor', limit: 50 }],
    ['members, most urgent first (member + order: priority)', { member: true, order: 'priority', limit: 50 }],
    ['opened in one hour (from/to)', { from: now - 31 * 3_600_000, to: now - 30 * 3_600_000, limit: 50 }],
    ['opened in one day, most urgent first (from/to + order: priority)', { from: now - 48 * 3_600_000, to: now - 24 * 3_600_000, order: 'priority', limit: 50 }],
    ['awaiting approval (machine + nested state)', { machine: 'complaint', state: 'propose.awaitingApproval', limit: 50 }],
    ['every open case, page 101 (keyset cursor)', deep],
    ['every case, open or closed (status: any)', { status: 'any', limit: 50 }],
  ];
  const out: string[] = [];
  for (const [name, q] of queries) {
    const filter = worklistFilter(q, machines);
    const [a, b] = [await store.worklist(filter), await scan(filter)];
    const same = (x: WorklistRow[]) => JSON.stringify(x.map((r) => Object.entries(r).sort(([p], [q]) => (p < q ? -1 : 1))));
    if (same(a) !== same(b)) throw new Error(`in-memory worklist bench: "${name}" differs from the scan`);
    const m = await interleaved(15, () => scan(filter), () => store.worklist(filter));
    out.push(`| ${name} | ${a.length - (a.length === filter.take ? 1 : 0)} | ${median(m.bMs).toFixed(3)} | ${m.aMs.toFixed(1)} | ${m.ratio.toFixed(0)} |`);
  }
  // A write that moves a case's due time, on this store (it moves in every list the queries above
  // brought into use) against the same write on a store of the same cases that no query has used.
  const idle = new InMemoryCaseStore(store.records());
  const ids = Array.from({ length: 2000 }, (_, i) => `W-${String(1 + ((i * 1543) % cases)).padStart(6, '0')}`);
  const writes = (on: InMemoryCaseStore) => {
    let k = 0;
    return async () => {
      for (let i = 0; i < 200; i++, k++) {
        const caseId = ids[k % ids.length]!;
        const { projection } = seededProjection(Number(caseId.slice(2)));
        await on.writeWorklist(caseId, 1, { ...projection, nextDueAt: iso(now + (k % 1000) * 60_000) });
      }
    };
  };
  const w = await interleaved(15, writes(store), writes(idle));
  return [
    `In memory (\`InMemoryCaseStore\`), ${cases.toLocaleString('en-US')} cases with the same spread of fields (created in ${(seedMs / 1000).toFixed(1)} s, the worklist lists written with each); each query against the scan it replaced (filter every case, sort, cut: the old \`worklist()\`, over the same rows), 15 rounds side by side, the ratio the median of the round ratios:\n`,
    '| query (`store.worklist`) | items | ms | ms, the old scan | × faster |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...out,
    '',
    `A write of a case's projection that moves its due time (\`writeWorklist\`): ${((w.aMs / 200) * 1000).toFixed(1)} µs with the lists these queries use (it moves in each), ${((median(w.bMs) / 200) * 1000).toFixed(1)} µs on a store of the same cases no query has used (no list built), 15 rounds side by side: ${w.ratio.toFixed(2)}×.`,
  ];
}

/** The cursor the runtime would hand out after `row` in the due order. */
function encodeCursorOf(row: WorklistRow): string {
  return encodeCursor({ due: row.nextDueAt === null ? null : Date.parse(row.nextDueAt), caseId: row.caseId });
}

// Run alone: npx tsx bench/worklist.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = Number(process.env.BENCH_WORKLIST_CASES ?? 100_000);
  if (process.env.BENCH_WORKLIST_SQL !== '0') console.log((await worklistBench(process.env.KEFU_PG_URL, cases)).join('\n'));
  console.log('');
  console.log((await memoryWorklistBench(cases)).join('\n'));
}
