/**
 * Worklist plans (issue 11; not a test, not part of `npm run bench`): `EXPLAIN ANALYZE` of every
 * worklist query shape over the cases bench/worklist.ts seeds (100,000 by default) — by machine,
 * nested state, assignee, nobody, role queue, overdue, due before, member, time range and status,
 * in both orders, the first page and the next — on PGlite, or on the server at KEFU_PG_URL. A
 * `Sort over Seq Scan` read and sorted every matching case (`status: 'any'` shows `Sort over Index
 * Scan`: it sorts the first page of each status; a role queue in priority order shows `Merge Append
 * of 3 × Index Scan`: its index's three runs, merged); a large "dropped" count means the index was
 * walked in order and most of its rows were filtered out. What decides which index a query shape
 * gets (docs/runtime.md lists them).
 *
 * Run it: npx tsx bench/worklist-plans.ts   (KEFU_PG_URL=… for a server, BENCH_WORKLIST_CASES=… for another size)
 */
import { complaintMachine } from 'kefu';
import { inquiryMachine } from 'kefu/machines/inquiry';
import { createCaseRuntime, type CaseStore, type WorklistQuery } from 'kefu/runtime';
import { PostgresCaseStore } from 'kefu/postgres';
import { executionMs, planSummary, withSeededCases } from './worklist.js';

const now = Date.parse('2026-12-05T00:00:00Z');

/** The query shapes, each run in both orders. */
const shapes: readonly [string, WorklistQuery][] = [
  ['every open case', {}],
  ['machine', { machine: 'complaint' }],
  ['machine (1 case in 50)', { machine: 'inquiry' }],
  ['machine + nested state', { machine: 'complaint', state: 'propose.awaitingApproval' }],
  ['assignee', { assignee: 'agent-17' }],
  ['assignee + overdueAt', { assignee: 'agent-17', overdueAt: now }],
  ['nobody (assignee: null)', { assignee: null }],
  ['nobody + role', { assignee: null, role: 'supervisor' }],
  ['nobody + role (1 case in 100)', { assignee: null, role: 'quality' }],
  ['role', { role: 'supervisor' }],
  ['role (1 case in 100)', { role: 'quality' }],
  ['role + overdueAt', { role: 'supervisor', overdueAt: now }],
  ['role + member', { role: 'supervisor', member: true }],
  ['overdueAt', { overdueAt: now }],
  ['dueBefore', { dueBefore: now + 86_400_000 }],
  ['member', { member: true }],
  ['member + dueBefore', { member: true, dueBefore: now + 86_400_000 }],
  ['assignee + member', { assignee: 'agent-17', member: true }],
  ['role + member (1 case in 100)', { role: 'quality', member: true }],
  ['from/to (one day)', { from: now - 48 * 3_600_000, to: now - 24 * 3_600_000 }],
  ['from/to (one hour)', { from: now - 31 * 3_600_000, to: now - 30 * 3_600_000 }],
  ['from (the last day)', { from: now - 24 * 3_600_000 }],
  ['role + from/to (one day)', { role: 'supervisor', from: now - 48 * 3_600_000, to: now - 24 * 3_600_000 }],
  ['status done', { status: 'done' }],
  ['status any', { status: 'any' }],
];

/** Lines of the report: one per shape, order and page. */
export async function worklistPlans(pgUrl: string | undefined, cases = 100_000): Promise<string[]> {
  return withSeededCases(pgUrl, cases, 'plans', async ({ db, spy, schema, last }) => {
    const runtime = createCaseRuntime({ machines: [complaintMachine, inquiryMachine], store: new PostgresCaseStore(spy, { schema }) as CaseStore<unknown>, clock: () => now });
    const rows: string[] = [];
    for (const [name, base] of shapes) {
      for (const order of ['due', 'priority'] as const) {
        const query: WorklistQuery = { ...base, order, limit: 50 };
        const first = await runtime.worklist(query);
        const pages: [string, WorklistQuery][] = [['first', query]];
        if (first.next !== undefined) pages.push(['next', { ...query, after: first.next }]);
        for (const [page, q] of pages) {
          const items = (await runtime.worklist(q)).items.length;
          const { text, params } = last();
          const lines = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, TIMING OFF) ${text}`, params)).rows.map((r) => r['QUERY PLAN']);
          const dropped = lines.map((l) => /Rows Removed by Filter: (\d+)/.exec(l)?.[1]).filter((d) => d !== undefined).map(Number).reduce((a, b) => a + b, 0);
          rows.push(`| ${name} | ${order} | ${page} | ${items} | ${dropped} | ${executionMs(lines)} | ${planSummary(lines)} |`);
        }
      }
    }
    return [
      `Worklist plans over ${cases.toLocaleString('en-US')} cases on ${pgUrl ? 'the PostgreSQL server at KEFU_PG_URL' : 'PGlite (in-process)'} (EXPLAIN ANALYZE, pages of 50):\n`,
      '| query shape | order | page | items | rows dropped by filter | ms in the database | plan |',
      '| --- | --- | --- | ---: | ---: | ---: | --- |',
      ...rows,
    ];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await worklistPlans(process.env.KEFU_PG_URL, Number(process.env.BENCH_WORKLIST_CASES ?? 100_000))).join('\n'));
}
